package sqlite

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
	attempts := max(o.Attempts, 1)
	res, err := d.db.ExecContext(ctx, `INSERT INTO outbox (address, about, body, attempts, created_at, next_at) VALUES (?, ?, ?, ?, ?, ?)`,
		o.To, o.About, string(o.Body), attempts, formatTime(created), formatTime(o.NextAt))
	if err != nil {
		return 0, fmt.Errorf("keep outgoing message: %w", err)
	}
	return res.LastInsertId()
}

// DueOutgoing returns up to limit kept messages due at now, longest due
// first.
func (d *DB) DueOutgoing(ctx context.Context, now time.Time, limit int) ([]ipdesk.Outgoing, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT id, address, about, body, attempts, created_at, next_at FROM outbox WHERE next_at <= ? ORDER BY next_at, id LIMIT ?`,
		formatTime(now), limit)
	if err != nil {
		return nil, fmt.Errorf("due outgoing messages: %w", err)
	}
	defer rows.Close()
	var out []ipdesk.Outgoing
	for rows.Next() {
		var o ipdesk.Outgoing
		var body, created, next string
		if err := rows.Scan(&o.ID, &o.To, &o.About, &body, &o.Attempts, &created, &next); err != nil {
			return nil, fmt.Errorf("due outgoing messages: %w", err)
		}
		o.Body = []byte(body)
		if o.CreatedAt, err = parseTime(created); err != nil {
			return nil, fmt.Errorf("due outgoing messages: %w", err)
		}
		if o.NextAt, err = parseTime(next); err != nil {
			return nil, fmt.Errorf("due outgoing messages: %w", err)
		}
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("due outgoing messages: %w", err)
	}
	return out, nil
}

// OutgoingDelivered forgets a kept message once it was delivered.
func (d *DB) OutgoingDelivered(ctx context.Context, id int64) error {
	if _, err := d.db.ExecContext(ctx, `DELETE FROM outbox WHERE id = ?`, id); err != nil {
		return fmt.Errorf("forget delivered message: %w", err)
	}
	return nil
}

// OutgoingFailed counts one more failed attempt at a kept message and puts
// off the next until next.
func (d *DB) OutgoingFailed(ctx context.Context, id int64, next time.Time) error {
	if _, err := d.db.ExecContext(ctx, `UPDATE outbox SET attempts = attempts + 1, next_at = ? WHERE id = ?`, formatTime(next), id); err != nil {
		return fmt.Errorf("put off outgoing message: %w", err)
	}
	return nil
}

// CountOutgoing returns how many kept messages wait for delivery.
func (d *DB) CountOutgoing(ctx context.Context) (int, error) {
	var n int
	if err := d.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count outgoing messages: %w", err)
	}
	return n, nil
}
