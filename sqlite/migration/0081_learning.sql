-- Learning from the desk: staff answers that can become article drafts,
-- reasons given with not-helpful votes, offers of an article at the start
-- of a complaint, and follow-ups asking whether an answer helped.

-- A staff member's answer to someone whose question was forwarded to
-- staff, kept so that it can be saved as an article draft; it goes with
-- the question (retention, deletion requests).
CREATE TABLE staff_answers (
	id          INTEGER PRIMARY KEY,
	question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
	staff       TEXT NOT NULL,
	text        TEXT NOT NULL,
	answered_at TEXT NOT NULL,
	drafted_at  TEXT,
	draft_path  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX staff_answers_question ON staff_answers (question_id);

-- The one line a person may add to a not-helpful vote.
ALTER TABLE question_feedback ADD COLUMN reason TEXT NOT NULL DEFAULT '';

-- A person's questions, for "my data", deletion requests and the latest
-- question they forwarded to staff.
CREATE INDEX questions_user ON questions (user_hash, escalated_at);
