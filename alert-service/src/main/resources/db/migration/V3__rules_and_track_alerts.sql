-- Issue 7: rules per scope (defaults, site, camera) as JSON, and at most one alert per track.

CREATE TABLE rules (
    scope      text        NOT NULL CHECK (scope IN ('defaults', 'site', 'camera')),
    scope_id   text        NOT NULL,
    body       jsonb       NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (scope, scope_id)
);

-- The track an alert is about, and the capture time of the frame that decided it (the cooldown
-- and quiet hours count in capture time). Older alerts have neither.
ALTER TABLE alerts ADD COLUMN track_id uuid;
ALTER TABLE alerts ADD COLUMN captured_at timestamptz;
ALTER TABLE alerts ADD COLUMN site text;

CREATE UNIQUE INDEX alerts_track_key ON alerts (track_id) WHERE track_id IS NOT NULL;
CREATE INDEX alerts_camera_captured_idx ON alerts (camera_id, captured_at DESC);

-- What the decision of a violating track came to: raise, disabled, quiet_hours, cooldown.
ALTER TABLE tracks ADD COLUMN outcome text;
