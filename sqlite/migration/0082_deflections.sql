-- Articles offered at the start of a complaint, instead of filing at once,
-- and what came of each offer: the person continued to the complaint
-- ("continued"), said the article answered it ("answered"), or did neither
-- (empty). No person is recorded: the counts are what matter.
CREATE TABLE deflections (
	id         INTEGER PRIMARY KEY,
	platform   TEXT NOT NULL,
	lang       TEXT NOT NULL,
	article    TEXT NOT NULL,
	offered_at TEXT NOT NULL,
	outcome    TEXT NOT NULL DEFAULT '',
	decided_at TEXT
);
CREATE INDEX deflections_offered ON deflections (offered_at);
