-- Where paying an approved amount stands: '' (nothing to pay), 'due',
-- 'failed' or 'paid' (ipdesk.Complaint.PayoutState), so the queue can list
-- approved complaints not paid yet without reading every approved one.
ALTER TABLE complaints ADD COLUMN payout TEXT NOT NULL DEFAULT '';
UPDATE complaints SET payout = 'due'
	WHERE status = 'approved' AND COALESCE(json_extract(body, '$.decision.amount'), 0) > 0;
CREATE INDEX complaints_payout ON complaints (payout, updated_at);
