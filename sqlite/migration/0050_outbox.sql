-- Messages a user must get (a complaint's receipt, a decision) that could
-- not be delivered when sent. The background round retries each, further
-- apart after every failure, and deletes it once delivered, so a restart
-- does not lose one.
CREATE TABLE outbox (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	address    TEXT NOT NULL,   -- platform:channel[:thread]
	about      TEXT NOT NULL,   -- what it concerns (a complaint reference)
	body       TEXT NOT NULL,   -- the message, JSON
	attempts   INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	next_at    TEXT NOT NULL
);
CREATE INDEX outbox_next_at ON outbox (next_at);
