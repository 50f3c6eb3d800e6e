package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/ipdesk/ipdesk/dbcopy"
	"github.com/jackc/pgx/v5"
)

var _ dbcopy.Store = (*DB)(nil)

// ReadRows calls fn with each row of t in key order, as dbcopy's neutral
// values.
func (d *DB) ReadRows(ctx context.Context, t dbcopy.Table, fn func(row []any) error) error {
	rows, err := d.pool.Query(ctx, `SELECT `+t.SelectList()+` FROM `+t.Name+` ORDER BY `+t.OrderBy())
	if err != nil {
		return fmt.Errorf("read %s: %w", t.Name, err)
	}
	defer rows.Close()
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			return fmt.Errorf("read %s: %w", t.Name, err)
		}
		row := make([]any, len(vals))
		for i, v := range vals {
			switch x := v.(type) {
			case int32:
				row[i] = int64(x)
			case time.Time:
				row[i] = x.UTC()
			default:
				row[i] = v
			}
		}
		if err := fn(row); err != nil {
			return err
		}
	}
	return rows.Err()
}

// CountRows returns how many rows t holds.
func (d *DB) CountRows(ctx context.Context, t dbcopy.Table) (int64, error) {
	var n int64
	err := d.pool.QueryRow(ctx, `SELECT COUNT(*) FROM `+t.Name).Scan(&n)
	return n, err
}

// copyBatch is how many rows go in one COPY.
const copyBatch = 1000

// WriteRows replaces t's rows with those rows yields, in one transaction,
// with COPY. The append-only triggers of the audit table are disabled for
// the transaction only, and a serial table numbers on from its largest id.
func (d *DB) WriteRows(ctx context.Context, t dbcopy.Table, rows func(yield func(row []any) error) error) error {
	tx, err := d.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if _, err := tx.Exec(ctx, `ALTER TABLE `+t.Name+` DISABLE TRIGGER USER`); err != nil {
		return fmt.Errorf("empty %s: %w", t.Name, err)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM `+t.Name); err != nil {
		return fmt.Errorf("empty %s: %w", t.Name, err)
	}
	var batch [][]any
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		_, err := tx.CopyFrom(ctx, pgx.Identifier{t.Name}, t.ColumnNames(), pgx.CopyFromRows(batch))
		batch = batch[:0]
		return err
	}
	err = rows(func(row []any) error {
		r := make([]any, len(row))
		for i, v := range row {
			if s, ok := v.(string); ok {
				v = storable(s)
			}
			r[i] = v
		}
		batch = append(batch, r)
		if len(batch) >= copyBatch {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", t.Name, err)
	}
	if _, err := tx.Exec(ctx, `ALTER TABLE `+t.Name+` ENABLE TRIGGER USER`); err != nil {
		return err
	}
	if t.Serial {
		if _, err := tx.Exec(ctx, `SELECT setval(pg_get_serial_sequence($1, 'id'), COALESCE((SELECT MAX(id) FROM `+t.Name+`), 0) + 1, false)`, t.Name); err != nil {
			return fmt.Errorf("number on %s: %w", t.Name, err)
		}
	}
	return tx.Commit(ctx)
}
