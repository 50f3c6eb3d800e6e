package postgres

import (
	"context"
	"fmt"
	"time"
)

// Claim records a delivery id and reports whether it was new. Of two claims
// of the same id, from two replicas at the same moment, exactly one wins:
// the primary key decides.
func (d *DB) Claim(ctx context.Context, id string) (bool, error) {
	tag, err := d.q.Exec(ctx, `INSERT INTO deliveries (id, claimed_at) VALUES ($1, $2) ON CONFLICT DO NOTHING`, id, d.now())
	if err != nil {
		return false, fmt.Errorf("claim delivery: %w", err)
	}
	return tag.RowsAffected() == 1, nil
}

// Release forgets a delivery id.
func (d *DB) Release(ctx context.Context, id string) error {
	if _, err := d.q.Exec(ctx, `DELETE FROM deliveries WHERE id = $1`, id); err != nil {
		return fmt.Errorf("release delivery: %w", err)
	}
	return nil
}

// PruneDeliveries forgets delivery ids claimed before cutoff.
func (d *DB) PruneDeliveries(ctx context.Context, cutoff time.Time) (int64, error) {
	tag, err := d.q.Exec(ctx, `DELETE FROM deliveries WHERE claimed_at < $1`, ts(cutoff))
	if err != nil {
		return 0, fmt.Errorf("prune deliveries: %w", err)
	}
	return tag.RowsAffected(), nil
}
