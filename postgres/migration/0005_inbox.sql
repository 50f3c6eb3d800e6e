-- The inbox of inbound events: each event is kept from the moment a replica
-- takes it until it is handled; applied_at is set in the same transaction as
-- its first effect, handled_at when its handling ended. An event a dead replica left unhandled is handled again
-- by the leader once its lease runs out.
CREATE TABLE inbox (
	id          text PRIMARY KEY,
	owner       text NOT NULL,
	body        bytea NOT NULL,
	attempts    integer NOT NULL DEFAULT 1,
	received_at timestamptz NOT NULL,
	lease_until timestamptz NOT NULL,
	applied_at  timestamptz,
	handled_at  timestamptz
);
CREATE INDEX inbox_pending ON inbox (lease_until) WHERE handled_at IS NULL;
CREATE INDEX inbox_received ON inbox (received_at);
