-- Where paying an approved amount stands: '' (nothing to pay), 'due',
-- 'failed' or 'paid' (ipdesk.Complaint.PayoutState), so the queue can list
-- approved complaints not paid yet.
ALTER TABLE complaints ADD COLUMN payout text NOT NULL DEFAULT '';
UPDATE complaints SET payout = 'due'
	WHERE status = 'approved' AND COALESCE((body::jsonb #>> '{decision,amount}')::bigint, 0) > 0;
CREATE INDEX complaints_payout ON complaints (payout, updated_at);

-- Warnings sent before an unfinished complaint expires: one per draft and
-- idle period (the draft's updated_at when warned).
CREATE TABLE draft_warnings (
	draft_id   text NOT NULL,
	updated_at timestamptz NOT NULL,
	sent_at    timestamptz NOT NULL,
	PRIMARY KEY (draft_id, updated_at)
);
