-- Drafts are saved over the version they were read at, so that two
-- messages of one user handled by two replicas at once never overwrite
-- each other's answer.
ALTER TABLE drafts ADD COLUMN version integer NOT NULL DEFAULT 1;
