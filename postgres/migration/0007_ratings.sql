-- Complainants' ratings of how their complaint was handled: asked once per
-- complaint when it closes (asked_at), answered with a score from 1 to 5
-- and an optional comment. staff is who made the decision rated.
CREATE TABLE ratings (
	complaint_id bigint PRIMARY KEY REFERENCES complaints (id),
	ref          text NOT NULL,
	staff        text NOT NULL,
	asked_at     timestamptz NOT NULL,
	score        integer,
	comment      text NOT NULL DEFAULT '',
	rated_at     timestamptz
);
CREATE INDEX ratings_rated_at ON ratings (rated_at);
