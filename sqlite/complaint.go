package sqlite

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/mattn/go-sqlite3"
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

// badRef is the error for a lookup by text that cannot be a reference.
func badRef() error {
	return ipdesk.ErrBadRef()
}

// FileDraft files the user's draft as a complaint, in one transaction: the
// complaint gets a unique reference, its filing is audited, and the draft is
// removed. Filing the same draft again (a duplicate confirm) returns the
// complaint filed the first time with created false. It returns ENOTFOUND
// when the draft is gone and was never filed, and also, with the same
// message, when the draft is another user's, which it audits as refused.
func (d *DB) FileDraft(ctx context.Context, platform, userID, draftID string) (c *ipdesk.Complaint, created bool, err error) {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, false, fmt.Errorf("file draft: %w", err)
	}
	defer tx.Rollback()
	gone := ipdesk.ErrDraftGone()
	var id int64
	var ref, owner, ownerID string
	err = tx.QueryRowContext(ctx, `SELECT id, ref, platform, user_id FROM complaints WHERE draft_id = ?`, draftID).Scan(&id, &ref, &owner, &ownerID)
	if err == nil && owner == platform && ownerID == userID {
		tx.Rollback()
		c, err := d.Complaint(ctx, ref)
		return c, false, err
	} else if err == nil {
		// Someone else's draft id: a forged confirm. It is told what a
		// missing draft is told, so the reference does not leak, and the
		// attempt goes on the complaint's trail.
		entry := ipdesk.RefusedFilingEntry(&ipdesk.Complaint{ID: id, Ref: ref}, platform, userID, d.Now())
		if err := appendAudit(ctx, tx, &entry); err != nil {
			return nil, false, fmt.Errorf("file draft: %w", err)
		}
		if err := d.markIn(ctx, tx); err != nil {
			return nil, false, fmt.Errorf("file draft: %w", err)
		}
		if err := tx.Commit(); err != nil {
			return nil, false, fmt.Errorf("file draft: %w", err)
		}
		return nil, false, gone
	} else if !errors.Is(err, sql.ErrNoRows) {
		return nil, false, fmt.Errorf("file draft: %w", err)
	}
	dr, err := scanDraft(tx.QueryRowContext(ctx, `SELECT `+draftColumns+` FROM drafts WHERE platform = ? AND user_id = ? AND id = ?`, platform, userID, draftID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, gone
	} else if err != nil {
		return nil, false, fmt.Errorf("file draft: %w", err)
	}
	dr.Platform, dr.UserID = platform, userID
	dr.RememberEvent(ipdesk.EventID(ctx)) // the filing event, for FiledBy
	c = ipdesk.FiledComplaint(dr, d.Now())
	if c.SellerKey != "" {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(DISTINCT platform || ':' || user_id) FROM complaints
			WHERE seller_key = ? AND created_at >= ? AND NOT (platform = ? AND user_id = ?)`,
			c.SellerKey, formatTime(c.RepeatSince()), platform, userID).Scan(&n); err != nil {
			return nil, false, fmt.Errorf("file draft: count seller reports: %w", err)
		}
		c.CountRepeat(n)
	}
	for attempt := 0; ; attempt++ {
		c.Ref = complaintRef()
		err = insertComplaint(ctx, tx, c, draftID)
		if err == nil {
			break
		}
		var se sqlite3.Error
		if attempt < 20 && errors.As(err, &se) && se.ExtendedCode == sqlite3.ErrConstraintUnique && strings.Contains(err.Error(), "complaints.ref") {
			continue // reference taken: draw another
		}
		return nil, false, fmt.Errorf("file draft: %w", err)
	}
	entry := c.FilingEntry()
	if err := appendAudit(ctx, tx, &entry); err != nil {
		return nil, false, fmt.Errorf("file draft: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM drafts WHERE platform = ? AND user_id = ?`, platform, userID); err != nil {
		return nil, false, fmt.Errorf("file draft: %w", err)
	}
	if err := d.markIn(ctx, tx); err != nil {
		return nil, false, fmt.Errorf("file draft: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return nil, false, fmt.Errorf("file draft: %w", err)
	}
	return c, true, nil
}

func insertComplaint(ctx context.Context, tx *sql.Tx, c *ipdesk.Complaint, draftID string) error {
	body, err := json.Marshal(c)
	if err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `
		INSERT INTO complaints (ref, draft_id, version, status, platform, user_id, seller_key, assignee, card_ref, body, created_at, updated_at, waiting_since, payout)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.Ref, draftID, c.Version, c.Status, c.Platform, c.UserID, c.SellerKey, c.Assignee, c.CardRef, string(body), formatTime(c.CreatedAt), formatTime(c.UpdatedAt), waitingSince(c), c.PayoutState())
	if err != nil {
		return err
	}
	c.ID, err = res.LastInsertId()
	return err
}

const complaintColumns = `id, ref, version, status, assignee, card_ref, body, created_at, updated_at, waiting_since`

// waitingSince is the stored form of when c began waiting for staff; a
// complaint that never recorded it has waited since it was filed.
func waitingSince(c *ipdesk.Complaint) string {
	if c.WaitingSince.IsZero() {
		return formatTime(c.CreatedAt)
	}
	return formatTime(c.WaitingSince)
}

func scanComplaint(row scanner) (*ipdesk.Complaint, error) {
	var c ipdesk.Complaint
	var id int64
	var ref, status, assignee, card, body, created, updated, waiting string
	var version int
	if err := row.Scan(&id, &ref, &version, &status, &assignee, &card, &body, &created, &updated, &waiting); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(body), &c); err != nil {
		return nil, fmt.Errorf("complaint %s body: %w", ref, err)
	}
	c.ID, c.Ref, c.Version, c.Status, c.Assignee, c.CardRef = id, ref, version, ipdesk.Status(status), assignee, card
	var err error
	if c.CreatedAt, err = parseTime(created); err != nil {
		return nil, err
	}
	if c.UpdatedAt, err = parseTime(updated); err != nil {
		return nil, err
	}
	c.WaitingSince = c.CreatedAt
	if waiting != "" {
		if c.WaitingSince, err = parseTime(waiting); err != nil {
			return nil, err
		}
	}
	return &c, nil
}

// Complaint returns the complaint with a reference. It returns ENOTFOUND when
// there is none.
func (d *DB) Complaint(ctx context.Context, ref string) (*ipdesk.Complaint, error) {
	ref, ok := ipdesk.ParseRef(ref)
	if !ok {
		return nil, badRef()
	}
	c, err := scanComplaint(d.db.QueryRowContext(ctx, `SELECT `+complaintColumns+` FROM complaints WHERE ref = ?`, ref))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ipdesk.ErrNoComplaint(ref)
	} else if err != nil {
		return nil, fmt.Errorf("load complaint: %w", err)
	}
	return c, nil
}

func (d *DB) queryComplaints(ctx context.Context, where string, args ...any) ([]ipdesk.Complaint, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT `+complaintColumns+` FROM complaints `+where, args...)
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
	return out, rows.Err()
}

// ComplaintsByUser returns a user's own complaints on a platform, newest
// first.
func (d *DB) ComplaintsByUser(ctx context.Context, platform, userID string) ([]ipdesk.Complaint, error) {
	return d.queryComplaints(ctx, `WHERE platform = ? AND user_id = ? ORDER BY created_at DESC, id DESC LIMIT 50`, platform, userID)
}

// CountFiled returns how many complaints a user filed on a platform at or
// after since, whatever became of them since: a withdrawn complaint still
// cost staff a card.
func (d *DB) CountFiled(ctx context.Context, platform, userID string, since time.Time) (int, error) {
	var n int
	if err := d.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM complaints WHERE platform = ? AND user_id = ? AND created_at >= ?`,
		platform, userID, formatTime(since)).Scan(&n); err != nil {
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
	sort.SliceStable(list, func(i, j int) bool { return approvedAt(&list[i]).Before(approvedAt(&list[j])) })
	return list, nil
}

// approvedAt is when a complaint's approval became final.
func approvedAt(c *ipdesk.Complaint) time.Time {
	if c.Decision != nil {
		return c.Decision.At
	}
	return c.UpdatedAt
}

// ComplaintsSince returns every complaint filed at or after since, oldest
// first, for export.
func (d *DB) ComplaintsSince(ctx context.Context, since time.Time) ([]ipdesk.Complaint, error) {
	return d.queryComplaints(ctx, `WHERE created_at >= ? ORDER BY created_at, id`, formatTime(since))
}

// ComplaintsBetween returns the complaints filed at or after from and
// before to, oldest first.
func (d *DB) ComplaintsBetween(ctx context.Context, from, to time.Time) ([]ipdesk.Complaint, error) {
	return d.queryComplaints(ctx, `WHERE created_at >= ? AND created_at < ? ORDER BY created_at, id`, formatTime(from), formatTime(to))
}

// UpdateComplaint changes a complaint in one transaction: it loads the
// current state, lets change modify it and describe the change as an audit
// row, and writes both. Writers are serialised by the database and each
// write checks the version it read, so of several staff deciding at once
// exactly one wins; change sees the winner's state and explains the loss.
// An error from change is returned as it is and nothing is written.
func (d *DB) UpdateComplaint(ctx context.Context, ref string, change func(c *ipdesk.Complaint) (ipdesk.AuditEntry, error)) (*ipdesk.Complaint, error) {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("update complaint: %w", err)
	}
	defer tx.Rollback()
	ref, ok := ipdesk.ParseRef(ref)
	if !ok {
		return nil, badRef()
	}
	c, err := scanComplaint(tx.QueryRowContext(ctx, `SELECT `+complaintColumns+` FROM complaints WHERE ref = ?`, ref))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ipdesk.ErrNoComplaint(ref)
	} else if err != nil {
		return nil, fmt.Errorf("update complaint: %w", err)
	}
	read := c.Version
	entry, err := change(c)
	if err != nil {
		return nil, err
	}
	c.Changed(read, d.Now())
	body, err := json.Marshal(c)
	if err != nil {
		return nil, fmt.Errorf("update complaint: %w", err)
	}
	res, err := tx.ExecContext(ctx, `UPDATE complaints SET version = ?, status = ?, assignee = ?, body = ?, updated_at = ?, waiting_since = ?, payout = ? WHERE id = ? AND version = ?`,
		c.Version, c.Status, c.Assignee, string(body), formatTime(c.UpdatedAt), waitingSince(c), c.PayoutState(), c.ID, read)
	if err != nil {
		return nil, fmt.Errorf("update complaint: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return nil, ipdesk.ErrRaced(c.Ref)
	}
	entry.ComplaintID, entry.Ref = c.ID, c.Ref
	if entry.At.IsZero() {
		entry.At = c.UpdatedAt
	}
	if err := appendAudit(ctx, tx, &entry); err != nil {
		return nil, fmt.Errorf("update complaint: %w", err)
	}
	if err := d.markIn(ctx, tx); err != nil {
		return nil, fmt.Errorf("update complaint: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("update complaint: %w", err)
	}
	return c, nil
}

// SetCardRef records where the complaint's review card was posted, so later
// actions edit it in place. It is not a change of the complaint and is not
// audited.
func (d *DB) SetCardRef(ctx context.Context, ref, cardRef string) error {
	res, err := d.db.ExecContext(ctx, `UPDATE complaints SET card_ref = ? WHERE ref = ?`, cardRef, storedRef(ref))
	if err != nil {
		return fmt.Errorf("set card ref: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return ipdesk.ErrNoComplaint(ref)
	}
	return nil
}
