-- Reminders, repeat-seller alerts and draft warnings are claimed before
-- they are sent and confirmed after: sent is false between the two. A
-- claim left unconfirmed longer than a lease belongs to a replica that died
-- before sending, and is claimed again, so the message goes out late rather
-- than never. Rows from before this migration were sent.
ALTER TABLE reminders ADD COLUMN sent boolean NOT NULL DEFAULT true;
ALTER TABLE repeat_alerts ADD COLUMN sent boolean NOT NULL DEFAULT true;
ALTER TABLE draft_warnings ADD COLUMN sent boolean NOT NULL DEFAULT true;
