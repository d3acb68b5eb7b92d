-- Issue 7: an operator acknowledges an alert, or snoozes it for a while (its pending
-- notifications wait until the snooze ends).

ALTER TABLE alerts ADD COLUMN acknowledged_at timestamptz;
ALTER TABLE alerts ADD COLUMN acknowledged_by text;
ALTER TABLE alerts ADD COLUMN snoozed_until timestamptz;
