-- Issue 7: the notification outbox. One row per alert and channel, written in the transaction that
-- stores the alert, so an alert is never committed without its notifications nor notified without
-- being committed. The key (alert_id, channel) is the deduplication: one delivery per alert and
-- channel. A worker claims due rows (SKIP LOCKED, with a lease), sends, and marks them delivered,
-- or reschedules them with exponential backoff, or gives up ('failed') after the last attempt.

CREATE TABLE notifications (
    alert_id        uuid        NOT NULL,
    channel         text        NOT NULL,
    site            text        NOT NULL,
    channel_type    text        NOT NULL CHECK (channel_type IN ('webhook', 'email', 'mqtt')),
    spec            jsonb       NOT NULL,
    payload         jsonb       NOT NULL,
    status          text        NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    claimed_until   timestamptz,
    last_error      text,
    created_at      timestamptz NOT NULL,
    delivered_at    timestamptz,
    PRIMARY KEY (alert_id, channel)
);

CREATE INDEX notifications_due_idx ON notifications (next_attempt_at) WHERE status = 'pending';
CREATE INDEX notifications_status_created_idx ON notifications (status, created_at DESC);
