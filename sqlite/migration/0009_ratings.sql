-- Complainants' ratings of how their complaint was handled: asked once per
-- complaint when it closes (asked_at), answered with a score from 1 to 5
-- and an optional comment. staff is who made the decision rated.
CREATE TABLE ratings (
	complaint_id INTEGER PRIMARY KEY REFERENCES complaints (id),
	ref          TEXT NOT NULL,
	staff        TEXT NOT NULL,
	asked_at     TEXT NOT NULL,
	score        INTEGER,
	comment      TEXT NOT NULL DEFAULT '',
	rated_at     TEXT
);
CREATE INDEX ratings_rated_at ON ratings (rated_at);
