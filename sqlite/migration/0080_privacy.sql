-- Privacy: the installation's pseudonym secret, legal holds and the
-- retention sweep's marks, and an audit trail that can forget who acted.

-- Secrets made once per installation (at the first start) and never
-- shown. "pseudonym" keys the question log's HMAC of the asker.
CREATE TABLE install_secrets (
	name       TEXT PRIMARY KEY,
	value      BLOB NOT NULL,
	created_at TEXT NOT NULL
);

-- One row per complaint that is under legal hold or was swept: a hold
-- keeps the case from the retention sweep and keeps its free text through
-- a deletion request; anonymised_at and evidence_expired_at record what
-- the sweep (or a deletion request) already did, so it is done once.
CREATE TABLE complaint_privacy (
	complaint_id        INTEGER PRIMARY KEY REFERENCES complaints (id),
	hold_since          TEXT,
	hold_by             TEXT NOT NULL DEFAULT '',
	hold_reason         TEXT NOT NULL DEFAULT '',
	anonymised_at       TEXT,
	evidence_expired_at TEXT
);
CREATE INDEX complaint_privacy_hold ON complaint_privacy (hold_since);

-- The retention sweep finds closed complaints by their last change.
CREATE INDEX complaints_closed ON complaints (status, updated_at);

-- Audit rows stay append-only, with one exception: a deletion request or
-- the retention sweep may replace who acted with an anonymous id and a note
-- with "(removed)". What happened, when, and to which complaint never
-- changes.
DROP TRIGGER audit_no_update;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
WHEN NOT (NEW.id = OLD.id AND NEW.complaint_id IS OLD.complaint_id AND NEW.ref = OLD.ref AND NEW.at = OLD.at
	AND NEW.role = OLD.role AND NEW.platform = OLD.platform AND NEW.action = OLD.action
	AND NEW.before = OLD.before AND NEW.after = OLD.after
	AND (NEW.actor = OLD.actor OR NEW.actor LIKE 'anon-%')
	AND (NEW.note = OLD.note OR NEW.note = '(removed)'))
BEGIN
	SELECT RAISE(ABORT, 'audit rows are append-only');
END;
