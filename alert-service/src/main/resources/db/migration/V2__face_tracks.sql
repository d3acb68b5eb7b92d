-- Issue 7: faces are tracked across a camera's frames. Each face row names its track; a track row
-- holds what the track stands at (frames, label decided over them, or 'uncertain').

ALTER TABLE faces ADD COLUMN track_id uuid;

CREATE INDEX faces_track_idx ON faces (track_id) WHERE track_id IS NOT NULL;

CREATE TABLE tracks (
    track_id   uuid        PRIMARY KEY,
    camera_id  text        NOT NULL,
    source     text        NOT NULL,
    first_seen timestamptz NOT NULL,
    last_seen  timestamptz NOT NULL,
    frames     integer     NOT NULL CHECK (frames > 0),
    label      text        NOT NULL
        CHECK (label IN ('uncertain', 'with_mask', 'without_mask', 'mask_weared_incorrect')),
    decided_at timestamptz
);

CREATE INDEX tracks_camera_first_seen_idx ON tracks (camera_id, first_seen);
