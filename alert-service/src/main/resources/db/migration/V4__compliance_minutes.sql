-- Issue 7: compliance per camera and minute. People are tracks, counted in the minute their track
-- started (as uncertain until decided, then under their label); frames in the minute they were
-- captured. Site and zone are the camera's when the row was first written. Queries roll minutes
-- up to hours and days.

CREATE TABLE compliance_minutes (
    camera_id text        NOT NULL,
    minute    timestamptz NOT NULL,
    site      text        NOT NULL,
    zone      text        NOT NULL,
    people    integer     NOT NULL,
    masked    integer     NOT NULL,
    unmasked  integer     NOT NULL,
    incorrect integer     NOT NULL,
    uncertain integer     NOT NULL,
    frames    integer     NOT NULL,
    PRIMARY KEY (camera_id, minute)
);

CREATE INDEX compliance_minutes_site_idx ON compliance_minutes (site, minute);
CREATE INDEX compliance_minutes_minute_idx ON compliance_minutes (minute);
