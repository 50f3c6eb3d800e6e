-- One row the readiness check writes, so that /readyz proves the database
-- takes a committed write, not only that it answers.
CREATE TABLE liveness (
	id         integer PRIMARY KEY CHECK (id = 1),
	checked_at timestamptz NOT NULL
);
