-- Questions asked of the knowledge base and feedback on the answers, so
-- staff can see what the base lacks. The asker is kept as a hash only.

-- One row per question. normalized groups repeated wordings for the gaps
-- report; article and section are the best match, shown or not.
CREATE TABLE questions (
	id           INTEGER PRIMARY KEY,
	platform     TEXT NOT NULL,
	user_hash    TEXT NOT NULL,
	text         TEXT NOT NULL,
	normalized   TEXT NOT NULL,
	lang         TEXT NOT NULL,
	answered     INTEGER NOT NULL,
	article      TEXT NOT NULL DEFAULT '',
	section      TEXT NOT NULL DEFAULT '',
	score        REAL NOT NULL DEFAULT 0,
	asked_at     TEXT NOT NULL,
	escalated_at TEXT
);
CREATE INDEX questions_gaps ON questions (answered, normalized, asked_at);

-- One vote per person per question; a changed vote replaces the old one.
CREATE TABLE question_feedback (
	question_id INTEGER NOT NULL REFERENCES questions (id),
	user_hash   TEXT NOT NULL,
	helpful     INTEGER NOT NULL,
	voted_at    TEXT NOT NULL,
	PRIMARY KEY (question_id, user_hash)
);
CREATE INDEX question_feedback_unhelpful ON question_feedback (helpful, question_id);
