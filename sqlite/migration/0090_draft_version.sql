-- Drafts are saved over the version they were read at, so that two
-- messages of one user handled at once (by two replicas) never overwrite
-- each other's answer.
ALTER TABLE drafts ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
