-- The SLA clock measures how long a complaint has waited for staff, not
-- its age: waiting_since is when it last began waiting for staff (filed,
-- or moved on from waiting for the complainant's answer).
ALTER TABLE complaints ADD COLUMN waiting_since TEXT NOT NULL DEFAULT '';
UPDATE complaints SET waiting_since = COALESCE(
	(SELECT MAX(a.at) FROM audit a WHERE a.complaint_id = complaints.id AND a.before = 'needs_info' AND a.after != 'needs_info'),
	created_at);
CREATE INDEX complaints_waiting ON complaints (status, waiting_since);

-- A reminder is sent once per kind and waiting period (the period being
-- the complaint's waiting_since when it was sent): a restart never repeats
-- one, and a complaint that waits for staff again after the complainant
-- answered can earn a new one. Reminders sent before this migration are
-- placed in the period they were sent in.
CREATE TABLE reminders_by_period (
	complaint_id INTEGER NOT NULL REFERENCES complaints (id),
	kind         TEXT NOT NULL,
	period       TEXT NOT NULL,
	sent_at      TEXT NOT NULL,
	PRIMARY KEY (complaint_id, kind, period)
);
INSERT INTO reminders_by_period (complaint_id, kind, period, sent_at)
SELECT r.complaint_id, r.kind, COALESCE(
	(SELECT MAX(a.at) FROM audit a WHERE a.complaint_id = r.complaint_id AND a.before = 'needs_info' AND a.after != 'needs_info' AND a.at <= r.sent_at),
	(SELECT c.created_at FROM complaints c WHERE c.id = r.complaint_id)), r.sent_at
FROM reminders r;
DROP TABLE reminders;
ALTER TABLE reminders_by_period RENAME TO reminders;
