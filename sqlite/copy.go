package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/ipdesk/ipdesk/dbcopy"
)

var _ dbcopy.Store = (*DB)(nil)

// ReadRows calls fn with each row of t in key order, as dbcopy's neutral
// values: times parsed from their stored text, booleans from 0 and 1.
func (d *DB) ReadRows(ctx context.Context, t dbcopy.Table, fn func(row []any) error) error {
	rows, err := d.db.QueryContext(ctx, `SELECT `+t.SelectList()+` FROM `+t.Name+` ORDER BY `+t.OrderBy())
	if err != nil {
		return fmt.Errorf("read %s: %w", t.Name, err)
	}
	defer rows.Close()
	dest := make([]any, len(t.Columns))
	for i, c := range t.Columns {
		switch c.Kind {
		case dbcopy.Int, dbcopy.Bool:
			dest[i] = new(sql.NullInt64)
		case dbcopy.Float:
			dest[i] = new(sql.NullFloat64)
		case dbcopy.Bytes:
			dest[i] = new([]byte)
		default:
			dest[i] = new(sql.NullString)
		}
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return fmt.Errorf("read %s: %w", t.Name, err)
		}
		row := make([]any, len(t.Columns))
		for i, c := range t.Columns {
			switch v := dest[i].(type) {
			case *sql.NullInt64:
				if v.Valid {
					row[i] = v.Int64
					if c.Kind == dbcopy.Bool {
						row[i] = v.Int64 != 0
					}
				}
			case *sql.NullFloat64:
				if v.Valid {
					row[i] = v.Float64
				}
			case *[]byte:
				if *v != nil {
					row[i] = append([]byte{}, *v...)
				}
			case *sql.NullString:
				if !v.Valid {
					break
				}
				if c.Kind == dbcopy.Time {
					tm, err := parseTime(v.String)
					if err != nil {
						return fmt.Errorf("read %s.%s: %w", t.Name, c.Name, err)
					}
					row[i] = tm
				} else {
					row[i] = v.String
				}
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
	err := d.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+t.Name).Scan(&n)
	return n, err
}

// WriteRows replaces t's rows with those rows yields, in one transaction.
// The append-only triggers of the audit table are set aside for the copy
// and restored in the same transaction.
func (d *DB) WriteRows(ctx context.Context, t dbcopy.Table, rows func(yield func(row []any) error) error) error {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var names, triggers []string
	trows, err := tx.QueryContext(ctx, `SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?`, t.Name)
	if err != nil {
		return err
	}
	for trows.Next() {
		var name, body string
		if err := trows.Scan(&name, &body); err != nil {
			trows.Close()
			return err
		}
		names, triggers = append(names, name), append(triggers, body)
	}
	if err := trows.Close(); err != nil {
		return err
	}
	for _, name := range names {
		if _, err := tx.ExecContext(ctx, `DROP TRIGGER `+name); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM `+t.Name); err != nil {
		return fmt.Errorf("empty %s: %w", t.Name, err)
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(t.Columns)), ", ")
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO `+t.Name+` (`+t.SelectList()+`) VALUES (`+marks+`)`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	args := make([]any, len(t.Columns))
	err = rows(func(row []any) error {
		for i := range t.Columns {
			args[i] = stored(row[i])
		}
		_, err := stmt.ExecContext(ctx, args...)
		return err
	})
	if err != nil {
		return fmt.Errorf("write %s: %w", t.Name, err)
	}
	for _, body := range triggers {
		if _, err := tx.ExecContext(ctx, body); err != nil {
			return fmt.Errorf("restore trigger on %s: %w", t.Name, err)
		}
	}
	return tx.Commit()
}

// stored converts a neutral value to what this store keeps.
func stored(v any) any {
	switch x := v.(type) {
	case bool:
		if x {
			return 1
		}
		return 0
	case string:
		return dbcopy.CleanText(x)
	case []byte:
		return string(x) // the outbox keeps its JSON as text
	case time.Time:
		return formatTime(x)
	}
	return v
}
