-- A complainant's answer to a staff question on its way to the complaint:
-- the Answer button pressed (the next message is the answer), or a message
-- held until the complainant confirms it is their answer. One per user and
-- platform.
CREATE TABLE pending_answers (
	platform   TEXT NOT NULL,
	user_id    TEXT NOT NULL,
	ref        TEXT NOT NULL,
	mode       TEXT NOT NULL,
	body       TEXT NOT NULL, -- JSON: text and evidence
	created_at TEXT NOT NULL,
	PRIMARY KEY (platform, user_id)
);
