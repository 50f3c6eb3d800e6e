package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/ipdesk/ipdesk"
)

// Draft returns the user's open draft on a platform. It returns ENOTFOUND
// when there is none.
func (d *DB) Draft(ctx context.Context, platform, userID string) (*ipdesk.Draft, error) {
	row := d.db.QueryRowContext(ctx, `SELECT `+draftColumns+` FROM drafts WHERE platform = ? AND user_id = ?`, platform, userID)
	dr, err := scanDraft(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ipdesk.ErrNoDraft()
	} else if err != nil {
		return nil, fmt.Errorf("load draft: %w", err)
	}
	dr.Platform, dr.UserID = platform, userID
	return dr, nil
}

type scanner interface{ Scan(...any) error }

const draftColumns = `id, place, step, state, version, created_at, updated_at`

func scanDraft(row scanner) (*ipdesk.Draft, error) {
	var dr ipdesk.Draft
	var state, created, updated string
	if err := row.Scan(&dr.ID, &dr.Place, &dr.Step, &state, &dr.Version, &created, &updated); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(state), &dr); err != nil {
		return nil, fmt.Errorf("draft %s state: %w", dr.ID, err)
	}
	var err error
	if dr.CreatedAt, err = parseTime(created); err != nil {
		return nil, err
	}
	if dr.UpdatedAt, err = parseTime(updated); err != nil {
		return nil, err
	}
	return &dr, nil
}

// SaveDraft stores the user's draft over the version it was read at (a
// draft of version zero only when the user has none), sets its timestamps
// and moves its version on. It returns ipdesk.ErrDraftChanged when the
// stored draft is not that version: saved, filed or removed meanwhile.
func (d *DB) SaveDraft(ctx context.Context, dr *ipdesk.Draft) error {
	if dr.ID == "" || dr.Platform == "" || dr.UserID == "" {
		return errors.New("save draft: id, platform and user are required")
	}
	dr.RememberEvent(ipdesk.EventID(ctx))
	state, err := json.Marshal(dr)
	if err != nil {
		return fmt.Errorf("save draft: %w", err)
	}
	now := d.Now().UTC()
	created := dr.CreatedAt
	if created.IsZero() {
		created = now
	}
	var res sql.Result
	err = d.effect(ctx, func(tx *sql.Tx) error {
		if dr.Version == 0 {
			res, err = tx.ExecContext(ctx, `
			INSERT INTO drafts (platform, user_id, id, place, step, state, version, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?) ON CONFLICT DO NOTHING`,
				dr.Platform, dr.UserID, dr.ID, dr.Place, dr.Step, string(state), formatTime(created), formatTime(now))
		} else {
			res, err = tx.ExecContext(ctx, `
			UPDATE drafts SET id = ?, place = ?, step = ?, state = ?, version = version + 1, created_at = ?, updated_at = ?
			WHERE platform = ? AND user_id = ? AND version = ?`,
				dr.ID, dr.Place, dr.Step, string(state), formatTime(created), formatTime(now), dr.Platform, dr.UserID, dr.Version)
		}
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n != 1 {
			return ipdesk.ErrDraftChanged
		}
		return nil
	})
	if err == ipdesk.ErrDraftChanged {
		return err
	} else if err != nil {
		return fmt.Errorf("save draft: %w", err)
	}
	dr.Version++
	dr.CreatedAt, dr.UpdatedAt = created, now
	return nil
}

// DeleteDraft removes the user's draft; removing none is not an error.
func (d *DB) DeleteDraft(ctx context.Context, platform, userID string) error {
	if err := d.effect(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM drafts WHERE platform = ? AND user_id = ?`, platform, userID)
		return err
	}); err != nil {
		return fmt.Errorf("delete draft: %w", err)
	}
	return nil
}

// ExpireDrafts removes drafts last saved before idleSince and returns them,
// so the caller can tell each user. With a non-zero warnedBefore, only
// drafts whose user was warned (ClaimDraftWarning) before then, in their
// current idle period, expire: nobody loses a draft without a warning.
// Selection and removal are one transaction: a draft saved meanwhile is
// neither returned nor removed.
func (d *DB) ExpireDrafts(ctx context.Context, idleSince, warnedBefore time.Time) ([]ipdesk.Draft, error) {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("expire drafts: %w", err)
	}
	defer tx.Rollback()
	where := `updated_at < ?`
	args := []any{formatTime(idleSince)}
	if !warnedBefore.IsZero() {
		where += ` AND EXISTS (SELECT 1 FROM draft_warnings w WHERE w.draft_id = drafts.id AND w.updated_at = drafts.updated_at AND w.sent = 1 AND w.sent_at < ?)`
		args = append(args, formatTime(warnedBefore))
	}
	rows, err := tx.QueryContext(ctx, `SELECT platform, user_id, `+draftColumns+` FROM drafts WHERE `+where+` ORDER BY updated_at`, args...)
	if err != nil {
		return nil, fmt.Errorf("expire drafts: %w", err)
	}
	var out []ipdesk.Draft
	for rows.Next() {
		var platform, user string
		var dr *ipdesk.Draft
		dr, err = scanDraft(rowFunc(func(dest ...any) error {
			return rows.Scan(append([]any{&platform, &user}, dest...)...)
		}))
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("expire drafts: %w", err)
		}
		dr.Platform, dr.UserID = platform, user
		out = append(out, *dr)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	for _, dr := range out {
		if _, err := tx.ExecContext(ctx, `DELETE FROM drafts WHERE id = ?`, dr.ID); err != nil {
			return nil, fmt.Errorf("expire drafts: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("expire drafts: %w", err)
	}
	return out, nil
}

type rowFunc func(dest ...any) error

func (f rowFunc) Scan(dest ...any) error { return f(dest...) }
