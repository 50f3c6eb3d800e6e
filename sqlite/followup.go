package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/ipdesk/ipdesk"
)

// WaitingForComplainant returns the complaints waiting for their
// complainant's answer to a staff question, longest waiting first.
func (d *DB) WaitingForComplainant(ctx context.Context) ([]ipdesk.Complaint, error) {
	return d.queryComplaints(ctx, `WHERE status = 'needs_info' ORDER BY updated_at, id`)
}

// IdleDrafts returns drafts last saved before idleSince, oldest first,
// without removing them.
func (d *DB) IdleDrafts(ctx context.Context, idleSince time.Time) ([]ipdesk.Draft, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT platform, user_id, `+draftColumns+` FROM drafts WHERE updated_at < ? ORDER BY updated_at`, formatTime(idleSince))
	if err != nil {
		return nil, fmt.Errorf("idle drafts: %w", err)
	}
	defer rows.Close()
	var out []ipdesk.Draft
	for rows.Next() {
		var platform, user string
		dr, err := scanDraft(rowFunc(func(dest ...any) error {
			return rows.Scan(append([]any{&platform, &user}, dest...)...)
		}))
		if err != nil {
			return nil, fmt.Errorf("idle drafts: %w", err)
		}
		dr.Platform, dr.UserID = platform, user
		out = append(out, *dr)
	}
	return out, rows.Err()
}

// ClaimDraftWarning records that the warning before a draft expires is
// being sent for the draft as last saved at updatedAt, and reports whether
// it was the first claim; a draft saved since is not claimed. Warnings of
// drafts that are gone are forgotten on the way.
func (d *DB) ClaimDraftWarning(ctx context.Context, draftID string, updatedAt time.Time) (bool, error) {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("claim draft warning: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM draft_warnings WHERE draft_id NOT IN (SELECT id FROM drafts)`); err != nil {
		return false, fmt.Errorf("claim draft warning: %w", err)
	}
	res, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO draft_warnings (draft_id, updated_at, sent_at)
		SELECT id, updated_at, ? FROM drafts WHERE id = ? AND updated_at = ?`, formatTime(d.Now()), draftID, formatTime(updatedAt))
	if err != nil {
		return false, fmt.Errorf("claim draft warning: %w", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, tx.Commit()
}

// ReleaseDraftWarning forgets a claimed warning whose sending failed, so
// the next round tries again.
func (d *DB) ReleaseDraftWarning(ctx context.Context, draftID string, updatedAt time.Time) error {
	if _, err := d.db.ExecContext(ctx, `DELETE FROM draft_warnings WHERE draft_id = ? AND updated_at = ?`, draftID, formatTime(updatedAt)); err != nil {
		return fmt.Errorf("release draft warning: %w", err)
	}
	return nil
}

// ReminderSentAt returns when a reminder of kind was sent for a complaint in
// its current waiting period, if it was.
func (d *DB) ReminderSentAt(ctx context.Context, complaintID int64, kind string) (time.Time, bool, error) {
	var at string
	err := d.db.QueryRowContext(ctx, `SELECT sent_at FROM reminders WHERE complaint_id = ? AND kind = ?
		AND period = (SELECT waiting_since FROM complaints WHERE id = ?)`, complaintID, kind, complaintID).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, false, nil
	} else if err != nil {
		return time.Time{}, false, fmt.Errorf("reminder sent at: %w", err)
	}
	t, err := parseTime(at)
	return t, err == nil, err
}
