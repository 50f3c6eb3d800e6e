package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/ipdesk/ipdesk"
)

// ReceiveEvent keeps an inbound event about to be handled by owner, leased
// to it until lease, and reports whether it was new: false for an event
// already received (a re-delivery).
func (d *DB) ReceiveEvent(ctx context.Context, id, owner string, body []byte, lease time.Time) (bool, error) {
	res, err := d.db.ExecContext(ctx, `INSERT INTO inbox (id, owner, body, received_at, lease_until) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
		id, owner, string(body), formatTime(d.Now()), formatTime(lease))
	if err != nil {
		return false, fmt.Errorf("receive event: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// HandledEvent marks an event handled: its handling ended, replies sent.
// What the event carried (who sent it, their words) is dropped then, as it
// is needed only to handle the event again: a handled event keeps its id
// and times until PruneEvents, and nothing a deletion request or the
// retention sweep would have to find.
func (d *DB) HandledEvent(ctx context.Context, id string) error {
	if _, err := d.db.ExecContext(ctx, `UPDATE inbox SET handled_at = ?, body = '' WHERE id = ? AND handled_at IS NULL`, formatTime(d.Now()), id); err != nil {
		return fmt.Errorf("event handled: %w", err)
	}
	return nil
}

// ForgetEvent removes an event from the inbox, handled or not, for one
// whose handling failed and that the platform will deliver again.
func (d *DB) ForgetEvent(ctx context.Context, id string) error {
	if _, err := d.db.ExecContext(ctx, `DELETE FROM inbox WHERE id = ?`, id); err != nil {
		return fmt.Errorf("forget event: %w", err)
	}
	return nil
}

// ClaimEvents takes up to limit events that were received and not handled
// and whose lease ran out by now, oldest first, leasing them to owner until
// lease and counting the attempt. Applied tells an event whose first
// change was kept (its replies may not have gone out) from one that
// changed nothing.
func (d *DB) ClaimEvents(ctx context.Context, owner string, now, lease time.Time, limit int) ([]ipdesk.InboxEvent, error) {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("claim events: %w", err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `UPDATE inbox SET owner = ?, lease_until = ?, attempts = attempts + 1
		WHERE id IN (SELECT id FROM inbox WHERE handled_at IS NULL AND lease_until < ? ORDER BY received_at, id LIMIT ?)
		RETURNING id, body, attempts, applied_at IS NOT NULL`, owner, formatTime(lease), formatTime(now), limit)
	if err != nil {
		return nil, fmt.Errorf("claim events: %w", err)
	}
	var out []ipdesk.InboxEvent
	for rows.Next() {
		var e ipdesk.InboxEvent
		var body string
		if err := rows.Scan(&e.ID, &body, &e.Attempts, &e.Applied); err != nil {
			rows.Close()
			return nil, fmt.Errorf("claim events: %w", err)
		}
		e.Body = []byte(body)
		out = append(out, e)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("claim events: %w", err)
	}
	return out, nil
}

// PruneEvents forgets handled events received before cutoff.
func (d *DB) PruneEvents(ctx context.Context, cutoff time.Time) (int64, error) {
	res, err := d.db.ExecContext(ctx, `DELETE FROM inbox WHERE handled_at IS NOT NULL AND received_at < ?`, formatTime(cutoff))
	if err != nil {
		return 0, fmt.Errorf("prune events: %w", err)
	}
	return res.RowsAffected()
}

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// markEvent marks the event id applied at now: its first change is kept.
func markEvent(ctx context.Context, ex execer, id string, now time.Time) error {
	_, err := ex.ExecContext(ctx, `UPDATE inbox SET applied_at = ? WHERE id = ? AND applied_at IS NULL`, formatTime(now), id)
	return err
}

// effect runs f, a change made for the event in ctx if any, in one
// transaction with marking that event applied: the event is then applied
// exactly when its change is kept.
func (d *DB) effect(ctx context.Context, f func(tx *sql.Tx) error) error {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := f(tx); err != nil {
		return err
	}
	if id := ipdesk.EventID(ctx); id != "" {
		if err := markEvent(ctx, tx, id, d.Now()); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// markIn marks the event in ctx, if any, applied within tx, the
// transaction of its change.
func (d *DB) markIn(ctx context.Context, tx *sql.Tx) error {
	if id := ipdesk.EventID(ctx); id != "" {
		return markEvent(ctx, tx, id, d.Now())
	}
	return nil
}
