package postgres

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/jackc/pgx/v5"
)

// refAlphabet leaves out 0/O, 1/I/L so a reference read aloud or retyped
// from a phone screen stays unambiguous.
const refAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

// newComplaintRef returns a random reference such as "IPD-7K3Q9".
func newComplaintRef() string {
	b := make([]byte, 5)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = refAlphabet[int(b[i])%len(refAlphabet)]
	}
	return "IPD-" + string(b)
}

// complaintRef draws complaint references; tests replace it to force
// collisions.
var complaintRef = newComplaintRef

// storedRef returns the stored form of a reference (see ipdesk.ParseRef),
// or, for text that is no reference, the text itself, which matches no row.
func storedRef(s string) string {
	if ref, ok := ipdesk.ParseRef(s); ok {
		return ref
	}
	return s
}

func badRef() error {
	return ipdesk.ErrBadRef()
}

func noComplaint(ref string) error {
	return ipdesk.ErrNoComplaint(ref)
}

// FileDraft files the user's draft as a complaint, in one transaction: the
// complaint gets a unique reference, its filing is audited, and the draft is
// removed. Filing the same draft again (a duplicate confirm, on this replica
// or another) returns the complaint filed the first time with created
// false. It returns ENOTFOUND when the draft is gone and was never filed,
// and also, with the same message, when the draft is another user's, which
// it audits as refused.
func (d *DB) FileDraft(ctx context.Context, platform, userID, draftID string) (c *ipdesk.Complaint, created bool, err error) {
	gone := ipdesk.ErrDraftGone()
	err = d.inTx(ctx, func(tx cleanTx) error {
		// The draft row is locked first: a second confirm of the same
		// draft waits here, then finds the complaint the first filed.
		dr, err := scanDraft(tx.QueryRow(ctx, `SELECT `+draftColumns+` FROM drafts
			WHERE platform = $1 AND user_id = $2 AND id = $3 FOR UPDATE`, platform, userID, draftID))
		if errors.Is(err, pgx.ErrNoRows) {
			dr = nil
		} else if err != nil {
			return err
		}
		var id int64
		var ref, owner, ownerID string
		err = tx.QueryRow(ctx, `SELECT id, ref, platform, user_id FROM complaints WHERE draft_id = $1`, draftID).Scan(&id, &ref, &owner, &ownerID)
		switch {
		case err == nil && owner == platform && ownerID == userID:
			c, err = scanComplaint(tx.QueryRow(ctx, `SELECT `+complaintColumns+` FROM complaints WHERE id = $1`, id))
			return err
		case err == nil:
			// Someone else's draft id: a forged confirm. It is told what
			// a missing draft is told, so the reference does not leak, and
			// the attempt goes on the complaint's trail.
			entry := ipdesk.RefusedFilingEntry(&ipdesk.Complaint{ID: id, Ref: ref}, platform, userID, d.now())
			if err := appendAudit(ctx, tx, &entry); err != nil {
				return err
			}
			c = nil
			return d.markIn(ctx, tx)
		case !errors.Is(err, pgx.ErrNoRows):
			return err
		case dr == nil:
			return gone
		}
		dr.Platform, dr.UserID = platform, userID
		dr.RememberEvent(ipdesk.EventID(ctx)) // the filing event, for FiledBy
		c = ipdesk.FiledComplaint(dr, d.now())
		if c.SellerKey != "" {
			// Filings against one seller take turns, so each counts the
			// others exactly, as they would one at a time.
			if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(`+lockKey+`)`, "seller:"+c.SellerKey); err != nil {
				return err
			}
			var n int
			if err := tx.QueryRow(ctx, `SELECT COUNT(DISTINCT platform || ':' || user_id) FROM complaints
				WHERE seller_key = $1 AND created_at >= $2 AND NOT (platform = $3 AND user_id = $4)`,
				c.SellerKey, ts(c.RepeatSince()), platform, userID).Scan(&n); err != nil {
				return fmt.Errorf("count seller reports: %w", err)
			}
			c.CountRepeat(n)
		}
		for attempt := 0; ; attempt++ {
			c.Ref = complaintRef()
			err := insertComplaint(ctx, tx, c, draftID)
			if err == nil {
				break
			}
			if attempt < 20 && uniqueViolation(err, "complaints_ref_key") {
				continue // reference taken: draw another
			}
			return err
		}
		entry := c.FilingEntry()
		if err := appendAudit(ctx, tx, &entry); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM drafts WHERE platform = $1 AND user_id = $2`, platform, userID); err != nil {
			return err
		}
		created = true
		return d.markIn(ctx, tx)
	})
	if ipdesk.ErrorCode(err) == ipdesk.ENOTFOUND {
		return nil, false, err
	} else if err != nil {
		return nil, false, fmt.Errorf("file draft: %w", err)
	}
	if c == nil {
		return nil, false, gone
	}
	return c, created, nil
}

// insertComplaint inserts c inside a savepoint, so that a reference that is
// taken leaves the transaction usable for the next draw.
func insertComplaint(ctx context.Context, tx cleanTx, c *ipdesk.Complaint, draftID string) error {
	body, err := json.Marshal(c)
	if err != nil {
		return err
	}
	sp, err := tx.tx.Begin(ctx)
	if err != nil {
		return err
	}
	err = cleanQuerier{sp}.QueryRow(ctx, `
		INSERT INTO complaints (ref, draft_id, version, status, platform, user_id, seller_key, assignee, card_ref, body, created_at, updated_at, waiting_since, payout)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
		c.Ref, draftID, c.Version, string(c.Status), c.Platform, c.UserID, c.SellerKey, c.Assignee, c.CardRef, string(body),
		ts(c.CreatedAt), ts(c.UpdatedAt), ts(waitingSince(c)), c.PayoutState()).Scan(&c.ID)
	if err != nil {
		sp.Rollback(ctx)
		return err
	}
	return sp.Commit(ctx)
}

// waitingSince is when c began waiting for staff; a complaint that never
// recorded it has waited since it was filed.
func waitingSince(c *ipdesk.Complaint) time.Time {
	if c.WaitingSince.IsZero() {
		return c.CreatedAt
	}
	return c.WaitingSince
}

const complaintColumns = `id, ref, version, status, assignee, card_ref, body, created_at, updated_at, waiting_since`

func scanComplaint(row pgx.Row) (*ipdesk.Complaint, error) {
	var c ipdesk.Complaint
	var id int64
	var ref, status, assignee, card, body string
	var created, updated, waiting time.Time
	var version int
	if err := row.Scan(&id, &ref, &version, &status, &assignee, &card, &body, &created, &updated, &waiting); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(body), &c); err != nil {
		return nil, fmt.Errorf("complaint %s body: %w", ref, err)
	}
	c.ID, c.Ref, c.Version, c.Status, c.Assignee, c.CardRef = id, ref, version, ipdesk.Status(status), assignee, card
	c.CreatedAt, c.UpdatedAt, c.WaitingSince = created.UTC(), updated.UTC(), waiting.UTC()
	return &c, nil
}

// Complaint returns the complaint with a reference. It returns ENOTFOUND when
// there is none, and EINVALID for text that is no reference.
func (d *DB) Complaint(ctx context.Context, ref string) (*ipdesk.Complaint, error) {
	ref, ok := ipdesk.ParseRef(ref)
	if !ok {
		return nil, badRef()
	}
	c, err := scanComplaint(d.q.QueryRow(ctx, `SELECT `+complaintColumns+` FROM complaints WHERE ref = $1`, ref))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, noComplaint(ref)
	} else if err != nil {
		return nil, fmt.Errorf("load complaint: %w", err)
	}
	return c, nil
}

func (d *DB) queryComplaints(ctx context.Context, where string, args ...any) ([]ipdesk.Complaint, error) {
	rows, err := d.q.Query(ctx, `SELECT `+complaintColumns+` FROM complaints `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("list complaints: %w", err)
	}
	defer rows.Close()
	var out []ipdesk.Complaint
	for rows.Next() {
		c, err := scanComplaint(rows)
		if err != nil {
			return nil, fmt.Errorf("list complaints: %w", err)
		}
		out = append(out, *c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list complaints: %w", err)
	}
	return out, nil
}

// ComplaintsByUser returns a user's own complaints on a platform, newest
// first.
func (d *DB) ComplaintsByUser(ctx context.Context, platform, userID string) ([]ipdesk.Complaint, error) {
	return d.queryComplaints(ctx, `WHERE platform = $1 AND user_id = $2 ORDER BY created_at DESC, id DESC LIMIT 50`, platform, userID)
}

// CountFiled returns how many complaints a user filed on a platform at or
// after since, whatever became of them since.
func (d *DB) CountFiled(ctx context.Context, platform, userID string, since time.Time) (int, error) {
	var n int
	if err := d.q.QueryRow(ctx, `SELECT COUNT(*) FROM complaints WHERE platform = $1 AND user_id = $2 AND created_at >= $3`,
		platform, userID, ts(since)).Scan(&n); err != nil {
		return 0, fmt.Errorf("count filed complaints: %w", err)
	}
	return n, nil
}

// Queue returns open complaints, oldest first.
func (d *DB) Queue(ctx context.Context) ([]ipdesk.Complaint, error) {
	return d.queryComplaints(ctx, `WHERE status NOT IN ('approved', 'rejected', 'withdrawn', 'no_response') ORDER BY created_at, id`)
}

// Unpaid returns approved complaints whose amount is not paid yet (due, or
// the last attempt failed), longest approved first.
func (d *DB) Unpaid(ctx context.Context) ([]ipdesk.Complaint, error) {
	list, err := d.queryComplaints(ctx, `WHERE payout IN ('due', 'failed') ORDER BY updated_at, id`)
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(list, func(a, b ipdesk.Complaint) int { return approvedAt(&a).Compare(approvedAt(&b)) })
	return list, nil
}

// approvedAt is when a complaint's approval became final.
func approvedAt(c *ipdesk.Complaint) time.Time {
	if c.Decision != nil {
		return c.Decision.At
	}
	return c.UpdatedAt
}

// ComplaintsBetween returns the complaints filed in [from, to), oldest
// first.
func (d *DB) ComplaintsBetween(ctx context.Context, from, to time.Time) ([]ipdesk.Complaint, error) {
	return d.queryComplaints(ctx, `WHERE created_at >= $1 AND created_at < $2 ORDER BY created_at, id`, ts(from), ts(to))
}

// ComplaintsSince returns every complaint filed at or after since, oldest
// first, for export.
func (d *DB) ComplaintsSince(ctx context.Context, since time.Time) ([]ipdesk.Complaint, error) {
	return d.queryComplaints(ctx, `WHERE created_at >= $1 ORDER BY created_at, id`, ts(since))
}

// UpdateComplaint changes a complaint in one transaction: it locks and
// loads the current state, lets change modify it and describe the change
// as an audit row, and writes both. Of several staff deciding at once, on
// one replica or several, exactly one wins: the others wait for the row
// lock, and their change sees the winner's state and explains the loss.
// An error from change is returned as it is and nothing is written.
func (d *DB) UpdateComplaint(ctx context.Context, ref string, change func(c *ipdesk.Complaint) (ipdesk.AuditEntry, error)) (*ipdesk.Complaint, error) {
	ref, ok := ipdesk.ParseRef(ref)
	if !ok {
		return nil, badRef()
	}
	var c *ipdesk.Complaint
	var changeErr error
	err := d.inTx(ctx, func(tx cleanTx) error {
		var err error
		c, err = scanComplaint(tx.QueryRow(ctx, `SELECT `+complaintColumns+` FROM complaints WHERE ref = $1 FOR UPDATE`, ref))
		if errors.Is(err, pgx.ErrNoRows) {
			changeErr = noComplaint(ref)
			return changeErr
		} else if err != nil {
			return err
		}
		read := c.Version
		entry, err := change(c)
		if err != nil {
			changeErr = err
			return err
		}
		c.Changed(read, d.now())
		body, err := json.Marshal(c)
		if err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `UPDATE complaints SET version = $1, status = $2, assignee = $3, body = $4, updated_at = $5, waiting_since = $6, payout = $7
			WHERE id = $8 AND version = $9`,
			c.Version, string(c.Status), c.Assignee, string(body), ts(c.UpdatedAt), ts(waitingSince(c)), c.PayoutState(), c.ID, read)
		if err != nil {
			return err
		}
		if tag.RowsAffected() != 1 {
			changeErr = ipdesk.ErrRaced(c.Ref)
			return changeErr
		}
		entry.ComplaintID, entry.Ref = c.ID, c.Ref
		if entry.At.IsZero() {
			entry.At = c.UpdatedAt
		}
		if err := appendAudit(ctx, tx, &entry); err != nil {
			return err
		}
		return d.markIn(ctx, tx)
	})
	if changeErr != nil && err == changeErr {
		return nil, changeErr
	} else if err != nil {
		return nil, fmt.Errorf("update complaint: %w", err)
	}
	return c, nil
}

// SetCardRef records where the complaint's review card was posted, so later
// actions edit it in place. It is not a change of the complaint and is not
// audited.
func (d *DB) SetCardRef(ctx context.Context, ref, cardRef string) error {
	tag, err := d.q.Exec(ctx, `UPDATE complaints SET card_ref = $1 WHERE ref = $2`, cardRef, storedRef(ref))
	if err != nil {
		return fmt.Errorf("set card ref: %w", err)
	}
	if tag.RowsAffected() != 1 {
		return noComplaint(ref)
	}
	return nil
}
