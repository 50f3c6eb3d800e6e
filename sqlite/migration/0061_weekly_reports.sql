-- Weekly reports posted to the review channel, one per week (its Monday),
-- so a restart or a second process never posts the same week twice.
CREATE TABLE weekly_reports (
	week      TEXT PRIMARY KEY,
	posted_at TEXT NOT NULL
);
