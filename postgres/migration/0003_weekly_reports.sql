-- Weekly reports posted to the review channel, one per week (its Monday,
-- as YYYY-MM-DD), so a restart or another replica never posts the same
-- week twice.
CREATE TABLE weekly_reports (
	week      text PRIMARY KEY,
	posted_at timestamptz NOT NULL
);
