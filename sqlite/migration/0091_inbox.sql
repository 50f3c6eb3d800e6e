-- The inbox of inbound events: each event is kept from the moment a replica
-- takes it until it is handled; applied_at is set in the same transaction as
-- its first effect, handled_at when its handling ended. An event a crashed process left unhandled is handled
-- again once its lease runs out (at the next start, on SQLite).
CREATE TABLE inbox (
	id          TEXT PRIMARY KEY,
	owner       TEXT NOT NULL,
	body        TEXT NOT NULL,
	attempts    INTEGER NOT NULL DEFAULT 1,
	received_at TEXT NOT NULL,
	lease_until TEXT NOT NULL,
	applied_at  TEXT,
	handled_at  TEXT
);
CREATE INDEX inbox_pending ON inbox (lease_until) WHERE handled_at IS NULL;
CREATE INDEX inbox_received ON inbox (received_at);
