-- Where each question was asked, as the installation's pseudonym of the
-- asker's channel and thread (never their ids), so that a follow-up is
-- read with the question before it in the same conversation by a replica
-- that did not answer that question: the SQLite store's migration
-- 0094_question_conversation. Questions logged before this migration have
-- none, and no follow-up is read with them.
ALTER TABLE questions ADD COLUMN conversation text NOT NULL DEFAULT '';

-- The lookup runs for a question whose conversation this replica does not
-- remember: the asker's latest question in that conversation since a
-- time. questions_user (user_hash, escalated_at) finds the asker's rows
-- but then reads and sorts all of them, every question the retention
-- period keeps; this index goes straight to the latest one, in order, id
-- breaking ties of asked_at.
CREATE INDEX questions_conversation ON questions (user_hash, conversation, asked_at, id);
