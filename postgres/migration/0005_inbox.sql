-- The inbox of inbound events: each event is kept from the moment a replica
-- takes it until it is handled, marked handled in the same transaction as
-- its first effect. An event a dead replica left unhandled is handled again
-- by the leader once its lease runs out.
CREATE TABLE inbox (
	id          text PRIMARY KEY,
	owner       text NOT NULL,
	body        bytea NOT NULL,
	attempts    integer NOT NULL DEFAULT 1,
	received_at timestamptz NOT NULL,
	lease_until timestamptz NOT NULL,
	handled_at  timestamptz
);
CREATE INDEX inbox_pending ON inbox (lease_until) WHERE handled_at IS NULL;
CREATE INDEX inbox_received ON inbox (received_at);
