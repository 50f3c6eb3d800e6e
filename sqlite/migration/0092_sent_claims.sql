-- Reminders, repeat-seller alerts and draft warnings are claimed before
-- they are sent and confirmed after: sent is 0 between the two. A claim
-- left unconfirmed longer than a lease belongs to a process that died
-- before sending, and is claimed again, so the message goes out late
-- rather than never. Rows from before this migration were sent.
ALTER TABLE reminders ADD COLUMN sent INTEGER NOT NULL DEFAULT 1;
ALTER TABLE repeat_alerts ADD COLUMN sent INTEGER NOT NULL DEFAULT 1;
ALTER TABLE draft_warnings ADD COLUMN sent INTEGER NOT NULL DEFAULT 1;
