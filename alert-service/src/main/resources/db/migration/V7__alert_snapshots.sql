-- Issue 7: evidence. Each alert keeps a snapshot: its frame read back from Kafka, the violator
-- boxed and labelled, every other face blurred. Retention per site empties the image after N
-- days (deleted_at says when); the alert and the compliance counts stay.

CREATE TABLE alert_snapshots (
    alert_id     uuid        PRIMARY KEY,
    site         text        NOT NULL,
    content_type text        NOT NULL,
    image        bytea,
    error        text,
    created_at   timestamptz NOT NULL,
    deleted_at   timestamptz
);

CREATE INDEX alert_snapshots_site_created_idx ON alert_snapshots (site, created_at)
    WHERE image IS NOT NULL;
