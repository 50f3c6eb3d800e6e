-- Complaints, their drafts, audit trail and reminder bookkeeping.

-- One open draft per user per platform; state holds the answers so far as
-- JSON, so a restart resumes the wizard where the user was.
CREATE TABLE drafts (
	platform   TEXT NOT NULL,
	user_id    TEXT NOT NULL,
	id         TEXT NOT NULL UNIQUE,
	place      TEXT NOT NULL,
	step       TEXT NOT NULL,
	state      TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	PRIMARY KEY (platform, user_id)
);
CREATE INDEX drafts_updated_at ON drafts (updated_at);

-- Complaints. The columns are what queries filter and sort on; body holds
-- the whole complaint as JSON. draft_id makes filing idempotent: a second
-- confirm of the same draft finds this row. version increases with every
-- change, for optimistic concurrency.
CREATE TABLE complaints (
	id         INTEGER PRIMARY KEY,
	ref        TEXT NOT NULL UNIQUE,
	draft_id   TEXT NOT NULL UNIQUE,
	version    INTEGER NOT NULL,
	status     TEXT NOT NULL,
	platform   TEXT NOT NULL,
	user_id    TEXT NOT NULL,
	seller_key TEXT NOT NULL,
	assignee   TEXT NOT NULL DEFAULT '',
	card_ref   TEXT NOT NULL DEFAULT '',
	body       TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX complaints_user ON complaints (platform, user_id, created_at);
CREATE INDEX complaints_status ON complaints (status, created_at);
CREATE INDEX complaints_seller ON complaints (seller_key, created_at);
CREATE INDEX complaints_created ON complaints (created_at);

-- The audit trail: one row per event, never changed or removed.
-- complaint_id is NULL for a refused action on a reference that does not
-- exist.
CREATE TABLE audit (
	id           INTEGER PRIMARY KEY,
	complaint_id INTEGER REFERENCES complaints (id),
	ref          TEXT NOT NULL,
	at           TEXT NOT NULL,
	actor        TEXT NOT NULL,
	role         TEXT NOT NULL,
	platform     TEXT NOT NULL,
	action       TEXT NOT NULL,
	before       TEXT NOT NULL,
	after        TEXT NOT NULL,
	note         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_complaint ON audit (complaint_id, id);
CREATE INDEX audit_ref ON audit (ref, id);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
	SELECT RAISE(ABORT, 'audit rows are append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
	SELECT RAISE(ABORT, 'audit rows are append-only');
END;

-- Reminders sent, one per complaint and kind (such as "sla:48h"), so a
-- reminder is posted once even across restarts.
CREATE TABLE reminders (
	complaint_id INTEGER NOT NULL REFERENCES complaints (id),
	kind         TEXT NOT NULL,
	sent_at      TEXT NOT NULL,
	PRIMARY KEY (complaint_id, kind)
);

-- Repeat-offender alerts sent, by normalised seller key.
CREATE TABLE repeat_alerts (
	id         INTEGER PRIMARY KEY,
	seller_key TEXT NOT NULL,
	alerted_at TEXT NOT NULL,
	refs       TEXT NOT NULL
);
CREATE INDEX repeat_alerts_seller ON repeat_alerts (seller_key, alerted_at);
