-- Delivery ids already handled, so that a platform's re-delivery of the same
-- event (Slack retries, socket re-delivery, Discord resume replays) has one
-- effect, even after a restart.
CREATE TABLE deliveries (
	id         TEXT PRIMARY KEY,
	claimed_at TEXT NOT NULL
);
CREATE INDEX deliveries_claimed_at ON deliveries (claimed_at);
