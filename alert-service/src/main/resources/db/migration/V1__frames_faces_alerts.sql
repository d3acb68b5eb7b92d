-- Every analysed frame as its verdicts described it, the faces in it, and the alerts raised.
-- A frame is written once: a redelivered verdicts message finds its frame_id and adds nothing.

CREATE TABLE frames (
    frame_id        text        PRIMARY KEY,
    camera_id       text        NOT NULL,
    source          text        NOT NULL,
    captured_at     timestamptz NOT NULL,
    -- Where the picture lies in Kafka (read back for snapshots while retention keeps it).
    frame_topic     text        NOT NULL,
    frame_partition integer     NOT NULL CHECK (frame_partition >= 0),
    frame_offset    bigint      NOT NULL CHECK (frame_offset >= 0),
    width           integer     NOT NULL CHECK (width > 0),
    height          integer     NOT NULL CHECK (height > 0),
    detector        text        NOT NULL,
    model_name      text        NOT NULL,
    model_version   text        NOT NULL,
    model_sha256    text        NOT NULL,
    upload_id       text,
    classified_at   timestamptz NOT NULL,
    received_at     timestamptz NOT NULL
);

-- A camera's frames over time (compliance, liveness) and an upload's frames.
CREATE INDEX frames_camera_captured_idx ON frames (camera_id, captured_at DESC);
CREATE INDEX frames_upload_idx ON frames (upload_id) WHERE upload_id IS NOT NULL;

CREATE TABLE faces (
    frame_id       text    NOT NULL REFERENCES frames (frame_id) ON DELETE CASCADE,
    face_index     integer NOT NULL CHECK (face_index >= 0),
    box_x          integer NOT NULL,
    box_y          integer NOT NULL,
    box_width      integer NOT NULL CHECK (box_width > 0),
    box_height     integer NOT NULL CHECK (box_height > 0),
    label          text    NOT NULL
        CHECK (label IN ('with_mask', 'without_mask', 'mask_weared_incorrect', 'unknown')),
    confidence     real    NOT NULL CHECK (confidence BETWEEN 0 AND 1),
    detector_score real    NOT NULL,
    PRIMARY KEY (frame_id, face_index)
);

-- Alerts copy what an operator needs (camera, label, box) so that they outlive the frames and
-- faces a later retention job may delete; hence no foreign key to frames.
CREATE TABLE alerts (
    alert_id   uuid        PRIMARY KEY,
    frame_id   text        NOT NULL,
    face_index integer     NOT NULL CHECK (face_index >= 0),
    camera_id  text        NOT NULL,
    label      text        NOT NULL
        CHECK (label IN ('with_mask', 'without_mask', 'mask_weared_incorrect', 'unknown')),
    confidence real        NOT NULL CHECK (confidence BETWEEN 0 AND 1),
    box_x      integer     NOT NULL,
    box_y      integer     NOT NULL,
    box_width  integer     NOT NULL CHECK (box_width > 0),
    box_height integer     NOT NULL CHECK (box_height > 0),
    raised_at  timestamptz NOT NULL,
    -- One alert per face, however often its verdicts arrive; also serves lookups by frame.
    CONSTRAINT alerts_frame_face_key UNIQUE (frame_id, face_index)
);

-- GET /api/alerts: newest first, optionally by camera and/or label.
CREATE INDEX alerts_raised_idx ON alerts (raised_at DESC);
CREATE INDEX alerts_camera_raised_idx ON alerts (camera_id, raised_at DESC);
CREATE INDEX alerts_label_raised_idx ON alerts (label, raised_at DESC);
