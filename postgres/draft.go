package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// Draft returns the user's open draft on a platform. It returns ENOTFOUND
// when there is none.
func (d *DB) Draft(ctx context.Context, platform, userID string) (*ipdesk.Draft, error) {
	dr, err := scanDraft(d.q.QueryRow(ctx, `SELECT `+draftColumns+` FROM drafts WHERE platform = $1 AND user_id = $2`, platform, userID))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, ipdesk.ErrNoDraft()
	} else if err != nil {
		return nil, fmt.Errorf("load draft: %w", err)
	}
	dr.Platform, dr.UserID = platform, userID
	return dr, nil
}

const draftColumns = `id, place, step, state, version, created_at, updated_at`

func scanDraft(row pgx.Row, prefix ...any) (*ipdesk.Draft, error) {
	var dr ipdesk.Draft
	var state string
	var created, updated time.Time
	if err := row.Scan(append(prefix, &dr.ID, &dr.Place, &dr.Step, &state, &dr.Version, &created, &updated)...); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(state), &dr); err != nil {
		return nil, fmt.Errorf("draft %s state: %w", dr.ID, err)
	}
	dr.CreatedAt, dr.UpdatedAt = created.UTC(), updated.UTC()
	return &dr, nil
}

// SaveDraft stores the user's draft over the version it was read at (a
// draft of version zero only when the user has none), sets its timestamps
// and moves its version on. It returns ipdesk.ErrDraftChanged when the
// stored draft is not that version: saved by another replica, filed or
// removed meanwhile.
func (d *DB) SaveDraft(ctx context.Context, dr *ipdesk.Draft) error {
	if dr.ID == "" || dr.Platform == "" || dr.UserID == "" {
		return errors.New("save draft: id, platform and user are required")
	}
	dr.RememberEvent(ipdesk.EventID(ctx))
	state, err := json.Marshal(dr)
	if err != nil {
		return fmt.Errorf("save draft: %w", err)
	}
	now := d.now()
	created := ts(dr.CreatedAt)
	if dr.CreatedAt.IsZero() {
		created = now
	}
	err = d.effect(ctx, func(tx cleanTx) error {
		var tag pgconn.CommandTag
		var err error
		if dr.Version == 0 {
			tag, err = tx.Exec(ctx, `
			INSERT INTO drafts (platform, user_id, id, place, step, state, version, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8) ON CONFLICT DO NOTHING`,
				dr.Platform, dr.UserID, dr.ID, dr.Place, dr.Step, string(state), created, now)
		} else {
			tag, err = tx.Exec(ctx, `
			UPDATE drafts SET id = $1, place = $2, step = $3, state = $4, version = version + 1, created_at = $5, updated_at = $6
			WHERE platform = $7 AND user_id = $8 AND version = $9`,
				dr.ID, dr.Place, dr.Step, string(state), created, now, dr.Platform, dr.UserID, dr.Version)
		}
		if err != nil {
			return err
		}
		if tag.RowsAffected() != 1 {
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
	if err := d.effect(ctx, func(tx cleanTx) error {
		_, err := tx.Exec(ctx, `DELETE FROM drafts WHERE platform = $1 AND user_id = $2`, platform, userID)
		return err
	}); err != nil {
		return fmt.Errorf("delete draft: %w", err)
	}
	return nil
}

// ExpireDrafts removes drafts last saved before idleSince (and, unless
// warnedBefore is zero, whose user was warned before warnedBefore) and
// returns them, oldest first, so the caller can tell each user. One statement selects and
// removes them: a draft saved meanwhile is neither returned nor removed, and
// two replicas expiring at once return each draft once.
func (d *DB) ExpireDrafts(ctx context.Context, idleSince, warnedBefore time.Time) ([]ipdesk.Draft, error) {
	where, args := `updated_at < $1`, []any{ts(idleSince)}
	if !warnedBefore.IsZero() {
		// Only drafts whose user was warned, for the draft as it is now,
		// before warnedBefore.
		where += ` AND EXISTS (SELECT 1 FROM draft_warnings w WHERE w.draft_id = drafts.id AND w.updated_at = drafts.updated_at AND w.sent AND w.sent_at < $2)`
		args = append(args, ts(warnedBefore))
	}
	rows, err := d.q.Query(ctx, `DELETE FROM drafts WHERE `+where+`
		RETURNING platform, user_id, `+draftColumns, args...)
	if err != nil {
		return nil, fmt.Errorf("expire drafts: %w", err)
	}
	defer rows.Close()
	var out []ipdesk.Draft
	for rows.Next() {
		var platform, user string
		dr, err := scanDraft(rows, &platform, &user)
		if err != nil {
			return nil, fmt.Errorf("expire drafts: %w", err)
		}
		dr.Platform, dr.UserID = platform, user
		out = append(out, *dr)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("expire drafts: %w", err)
	}
	sortDrafts(out)
	return out, nil
}

func sortDrafts(ds []ipdesk.Draft) {
	slices.SortStableFunc(ds, func(a, b ipdesk.Draft) int { return a.UpdatedAt.Compare(b.UpdatedAt) })
}
