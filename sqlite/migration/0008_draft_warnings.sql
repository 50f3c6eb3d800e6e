-- Warnings sent before an unfinished complaint expires: one per draft and
-- idle period (the draft's updated_at when warned), so a restart never
-- repeats one, and a user who comes back and goes quiet again is warned
-- again.
CREATE TABLE draft_warnings (
	draft_id   TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	sent_at    TEXT NOT NULL,
	PRIMARY KEY (draft_id, updated_at)
);
