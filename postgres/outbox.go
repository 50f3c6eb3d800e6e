package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/ipdesk/ipdesk"
)

// AddOutgoing keeps a message that could not be delivered, due for its next
// attempt at o.NextAt, and returns its id.
func (d *DB) AddOutgoing(ctx context.Context, o ipdesk.Outgoing) (int64, error) {
	created := o.CreatedAt
	if created.IsZero() {
		created = d.Now()
	}
	var id int64
	err := d.q.QueryRow(ctx, `INSERT INTO outbox (address, about, body, attempts, created_at, next_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		o.To, o.About, o.Body, max(o.Attempts, 1), ts(created), ts(o.NextAt)).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("keep outgoing message: %w", err)
	}
	return id, nil
}

// DueOutgoing returns up to limit kept messages due at now, longest due
// first.
func (d *DB) DueOutgoing(ctx context.Context, now time.Time, limit int) ([]ipdesk.Outgoing, error) {
	rows, err := d.q.Query(ctx, `SELECT id, address, about, body, attempts, created_at, next_at FROM outbox WHERE next_at <= $1 ORDER BY next_at, id LIMIT $2`,
		ts(now), limit)
	if err != nil {
		return nil, fmt.Errorf("due outgoing messages: %w", err)
	}
	defer rows.Close()
	var out []ipdesk.Outgoing
	for rows.Next() {
		var o ipdesk.Outgoing
		if err := rows.Scan(&o.ID, &o.To, &o.About, &o.Body, &o.Attempts, &o.CreatedAt, &o.NextAt); err != nil {
			return nil, fmt.Errorf("due outgoing messages: %w", err)
		}
		o.CreatedAt, o.NextAt = o.CreatedAt.UTC(), o.NextAt.UTC()
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("due outgoing messages: %w", err)
	}
	return out, nil
}

// OutgoingDelivered forgets a kept message once it was delivered.
func (d *DB) OutgoingDelivered(ctx context.Context, id int64) error {
	if _, err := d.q.Exec(ctx, `DELETE FROM outbox WHERE id = $1`, id); err != nil {
		return fmt.Errorf("forget delivered message: %w", err)
	}
	return nil
}

// OutgoingFailed counts one more failed attempt at a kept message and puts
// off the next until next.
func (d *DB) OutgoingFailed(ctx context.Context, id int64, next time.Time) error {
	if _, err := d.q.Exec(ctx, `UPDATE outbox SET attempts = attempts + 1, next_at = $1 WHERE id = $2`, ts(next), id); err != nil {
		return fmt.Errorf("put off outgoing message: %w", err)
	}
	return nil
}

// CountOutgoing returns how many kept messages wait for delivery.
func (d *DB) CountOutgoing(ctx context.Context) (int, error) {
	var n int
	if err := d.q.QueryRow(ctx, `SELECT COUNT(*) FROM outbox`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count outgoing messages: %w", err)
	}
	return n, nil
}
