package postgres

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ipdesk/ipdesk"
)

// ReceiveEvent keeps an inbound event about to be handled by owner, leased
// to it until lease, and reports whether it was new: false for an event
// already received, by this replica or another (a re-delivery).
func (d *DB) ReceiveEvent(ctx context.Context, id, owner string, body []byte, lease time.Time) (bool, error) {
	tag, err := d.q.Exec(ctx, `INSERT INTO inbox (id, owner, body, received_at, lease_until) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
		id, owner, body, d.now(), ts(lease))
	if err != nil {
		return false, fmt.Errorf("receive event: %w", err)
	}
	return tag.RowsAffected() == 1, nil
}

// HandledEvent marks an event handled: its handling ended, replies sent.
// What the event carried (who sent it, their words) is dropped then, as it
// is needed only to handle the event again: a handled event keeps its id
// and times until PruneEvents, and nothing a deletion request or the
// retention sweep would have to find.
func (d *DB) HandledEvent(ctx context.Context, id string) error {
	if _, err := d.q.Exec(ctx, `UPDATE inbox SET handled_at = $1, body = '' WHERE id = $2 AND handled_at IS NULL`, d.now(), id); err != nil {
		return fmt.Errorf("event handled: %w", err)
	}
	return nil
}

// ForgetEvent removes an event from the inbox, handled or not, for one
// whose handling failed and that the platform will deliver again.
func (d *DB) ForgetEvent(ctx context.Context, id string) error {
	if _, err := d.q.Exec(ctx, `DELETE FROM inbox WHERE id = $1`, id); err != nil {
		return fmt.Errorf("forget event: %w", err)
	}
	return nil
}

// ClaimEvents takes up to limit events that were received and not handled
// and whose lease ran out by now (their replica died, or took too long),
// oldest first, leasing them to owner until lease and counting the
// attempt. Replicas claiming at once take different events. Applied tells
// an event whose first change was kept from one that changed nothing.
func (d *DB) ClaimEvents(ctx context.Context, owner string, now, lease time.Time, limit int) ([]ipdesk.InboxEvent, error) {
	rows, err := d.q.Query(ctx, `UPDATE inbox SET owner = $1, lease_until = $2, attempts = attempts + 1
		WHERE id IN (SELECT id FROM inbox WHERE handled_at IS NULL AND lease_until < $3 ORDER BY received_at, id LIMIT $4 FOR UPDATE SKIP LOCKED)
		RETURNING id, body, attempts, applied_at IS NOT NULL, received_at`, owner, ts(lease), ts(now), limit)
	if err != nil {
		return nil, fmt.Errorf("claim events: %w", err)
	}
	defer rows.Close()
	type row struct {
		e  ipdesk.InboxEvent
		at time.Time
	}
	var got []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.e.ID, &r.e.Body, &r.e.Attempts, &r.e.Applied, &r.at); err != nil {
			return nil, fmt.Errorf("claim events: %w", err)
		}
		got = append(got, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("claim events: %w", err)
	}
	// RETURNING keeps no order: oldest first, as received.
	slices.SortFunc(got, func(a, b row) int {
		if c := a.at.Compare(b.at); c != 0 {
			return c
		}
		return strings.Compare(a.e.ID, b.e.ID)
	})
	out := make([]ipdesk.InboxEvent, len(got))
	for i, r := range got {
		out[i] = r.e
	}
	return out, nil
}

// PruneEvents forgets handled events received before cutoff.
func (d *DB) PruneEvents(ctx context.Context, cutoff time.Time) (int64, error) {
	tag, err := d.q.Exec(ctx, `DELETE FROM inbox WHERE handled_at IS NOT NULL AND received_at < $1`, ts(cutoff))
	if err != nil {
		return 0, fmt.Errorf("prune events: %w", err)
	}
	return tag.RowsAffected(), nil
}

// markEvent marks the event id applied at now: its first change is kept.
func markEvent(ctx context.Context, q querier, id string, now time.Time) error {
	_, err := q.Exec(ctx, `UPDATE inbox SET applied_at = $1 WHERE id = $2 AND applied_at IS NULL`, now, id)
	return err
}

// markIn marks the event in ctx, if any, applied within tx, the
// transaction of its change.
func (d *DB) markIn(ctx context.Context, tx cleanTx) error {
	if id := ipdesk.EventID(ctx); id != "" {
		return markEvent(ctx, tx, id, d.now())
	}
	return nil
}

// effect runs f, a change made for the event in ctx if any, in one
// transaction with marking that event applied.
func (d *DB) effect(ctx context.Context, f func(tx cleanTx) error) error {
	return d.inTx(ctx, func(tx cleanTx) error {
		if err := f(tx); err != nil {
			return err
		}
		return d.markIn(ctx, tx)
	})
}
