package sqlite

import (
	"context"
	"fmt"
	"time"
)

// Claim records a delivery id and reports whether it was new. Two claims of
// the same id, even at the same moment from two connections, have exactly one
// winner: the primary key decides.
func (d *DB) Claim(ctx context.Context, id string) (bool, error) {
	res, err := d.db.ExecContext(ctx, `INSERT OR IGNORE INTO deliveries (id, claimed_at) VALUES (?, ?)`, id, formatTime(d.Now()))
	if err != nil {
		return false, fmt.Errorf("claim delivery: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("claim delivery: %w", err)
	}
	return n == 1, nil
}

// Release forgets a delivery id.
func (d *DB) Release(ctx context.Context, id string) error {
	if _, err := d.db.ExecContext(ctx, `DELETE FROM deliveries WHERE id = ?`, id); err != nil {
		return fmt.Errorf("release delivery: %w", err)
	}
	return nil
}

// PruneDeliveries forgets delivery ids claimed before cutoff. Platforms stop
// re-delivering within minutes (Slack) or a session (Discord), so a few days
// of history is plenty.
func (d *DB) PruneDeliveries(ctx context.Context, cutoff time.Time) (int64, error) {
	res, err := d.db.ExecContext(ctx, `DELETE FROM deliveries WHERE claimed_at < ?`, formatTime(cutoff))
	if err != nil {
		return 0, fmt.Errorf("prune deliveries: %w", err)
	}
	return res.RowsAffected()
}
