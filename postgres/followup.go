package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/jackc/pgx/v5"
)

// WaitingForComplainant returns the complaints waiting for their
// complainant's answer to a staff question, longest waiting first.
func (d *DB) WaitingForComplainant(ctx context.Context) ([]ipdesk.Complaint, error) {
	return d.queryComplaints(ctx, `WHERE status = 'needs_info' ORDER BY updated_at, id`)
}

// IdleDrafts returns drafts last saved before idleSince, oldest first,
// without removing them.
func (d *DB) IdleDrafts(ctx context.Context, idleSince time.Time) ([]ipdesk.Draft, error) {
	rows, err := d.q.Query(ctx, `SELECT platform, user_id, `+draftColumns+` FROM drafts WHERE updated_at < $1 ORDER BY updated_at`, ts(idleSince))
	if err != nil {
		return nil, fmt.Errorf("idle drafts: %w", err)
	}
	defer rows.Close()
	var out []ipdesk.Draft
	for rows.Next() {
		var platform, user string
		dr, err := scanDraft(rows, &platform, &user)
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
// it was the first claim, on any replica; a draft saved since is not
// claimed. Warnings of drafts that are gone are forgotten on the way.
func (d *DB) ClaimDraftWarning(ctx context.Context, draftID string, updatedAt time.Time) (bool, error) {
	var n int64
	err := d.inTx(ctx, func(tx cleanTx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM draft_warnings w WHERE NOT EXISTS (SELECT 1 FROM drafts d WHERE d.id = w.draft_id)`); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `INSERT INTO draft_warnings (draft_id, updated_at, sent_at)
			SELECT id, updated_at, $1 FROM drafts WHERE id = $2 AND updated_at = $3 ON CONFLICT DO NOTHING`, d.now(), draftID, ts(updatedAt))
		n = tag.RowsAffected()
		return err
	})
	if err != nil {
		return false, fmt.Errorf("claim draft warning: %w", err)
	}
	return n == 1, nil
}

// ReleaseDraftWarning forgets a claimed warning whose sending failed, so
// the next round tries again.
func (d *DB) ReleaseDraftWarning(ctx context.Context, draftID string, updatedAt time.Time) error {
	if _, err := d.q.Exec(ctx, `DELETE FROM draft_warnings WHERE draft_id = $1 AND updated_at = $2`, draftID, ts(updatedAt)); err != nil {
		return fmt.Errorf("release draft warning: %w", err)
	}
	return nil
}

// ReminderSentAt returns when a reminder of kind was sent for a complaint in
// its current waiting period, if it was.
func (d *DB) ReminderSentAt(ctx context.Context, complaintID int64, kind string) (time.Time, bool, error) {
	var at time.Time
	err := d.q.QueryRow(ctx, `SELECT sent_at FROM reminders WHERE complaint_id = $1 AND kind = $2
		AND period = (SELECT waiting_since FROM complaints WHERE id = $1)`, complaintID, kind).Scan(&at)
	if errors.Is(err, pgx.ErrNoRows) {
		return time.Time{}, false, nil
	} else if err != nil {
		return time.Time{}, false, fmt.Errorf("reminder sent at: %w", err)
	}
	return at.UTC(), true, nil
}
