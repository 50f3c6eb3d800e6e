package sqlite

import (
	"context"
	"fmt"
)

// Writable commits a one-row write, to prove that the database takes
// writes now: the file and its folder are writable, the disk has room for
// the journal, and no other process holds the write lock past the busy
// timeout.
func (d *DB) Writable(ctx context.Context) error {
	if _, err := d.db.ExecContext(ctx, `INSERT INTO liveness (id, checked_at) VALUES (1, ?)
		ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at`, formatTime(d.Now())); err != nil {
		return fmt.Errorf("write check: %w", err)
	}
	return nil
}
