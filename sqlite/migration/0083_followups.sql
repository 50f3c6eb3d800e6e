-- "Did this answer help?": a follow-up in the asker's direct messages
-- after an answer they did not vote on, at most once a day per person, and
-- never to someone who turned them off. The asker's user id is kept here
-- only until the follow-up is sent, dropped, or voted on (two days at
-- most).
-- No foreign key: the question log's row may be committed just after the
-- follow-up is planned (see Journal); a follow-up whose question is gone is
-- dropped when due.
CREATE TABLE followups (
	question_id INTEGER PRIMARY KEY,
	platform    TEXT NOT NULL,
	user_id     TEXT NOT NULL,
	due_at      TEXT NOT NULL
);
CREATE INDEX followups_due ON followups (due_at);
CREATE INDEX followups_user ON followups (platform, user_id);

-- When each person was last followed up, for the once-a-day limit; kept
-- for a day.
CREATE TABLE followup_sent (
	platform  TEXT NOT NULL,
	user_id   TEXT NOT NULL,
	last_sent TEXT NOT NULL,
	PRIMARY KEY (platform, user_id)
);

-- People who turned follow-ups off.
CREATE TABLE followup_optout (
	platform TEXT NOT NULL,
	user_id  TEXT NOT NULL,
	since    TEXT NOT NULL,
	PRIMARY KEY (platform, user_id)
);
