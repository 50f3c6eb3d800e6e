package postgres

import (
	"context"
	"fmt"
)

// Writable commits a one-row write, to prove that the database takes
// writes now (a read-only replica after a failover, a full disk or a
// revoked grant all fail it).
func (d *DB) Writable(ctx context.Context) error {
	if _, err := d.q.Exec(ctx, `INSERT INTO liveness (id, checked_at) VALUES (1, $1)
		ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at`, d.now()); err != nil {
		return fmt.Errorf("write check: %w", err)
	}
	return nil
}
