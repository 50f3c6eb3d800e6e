-- One row the readiness check writes, so that /readyz proves the database
-- file takes a committed write (disk space, permissions, locks), not only
-- that it can be read.
CREATE TABLE liveness (
	id         INTEGER PRIMARY KEY CHECK (id = 1),
	checked_at TEXT NOT NULL
);
