// Package sqlite stores ipdesk's data in an SQLite file: complaints and their
// audit trail, conversation drafts, handled delivery ids, and questions asked.
// The schema is a set of embedded, numbered migrations applied in order, each
// in its own transaction and recorded, so opening an existing file is safe and
// a newer binary upgrades an older file.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	_ "github.com/mattn/go-sqlite3" // the database/sql driver "sqlite3"
)

//go:embed migration/*.sql
var migrationFS embed.FS

// DB is an open ipdesk database.
type DB struct {
	db   *sql.DB
	path string
	// secret keys the question log's pseudonyms (see loadSecret).
	secret []byte
	// Now returns the current time; tests replace it to move the clock.
	Now func() time.Time
}

// Open opens (creating if needed) the database file at path and applies any
// pending migrations.
func Open(ctx context.Context, path string) (*DB, error) {
	return open(ctx, path, migrationFS)
}

func open(ctx context.Context, path string, migrations fs.FS, opts ...Options) (*DB, error) {
	if path == "" {
		return nil, errors.New("open database: empty path")
	}
	if path == ":memory:" {
		return nil, errors.New("open database: an in-memory database is not supported; give a file path")
	}
	// Pragmas go in the DSN so every pooled connection gets them.
	q := url.Values{}
	q.Set("_foreign_keys", "on")
	q.Set("_busy_timeout", strconv.Itoa(int(busyTimeout/time.Millisecond)))
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", "NORMAL")
	q.Set("_txlock", "immediate")
	q.Set("_stmt_cache_size", strconv.Itoa(stmtCacheSize))
	db := sqlOpen("file:"+url.PathEscape(path)+"?"+q.Encode(), opts)
	d := &DB{db: db, path: path, Now: func() time.Time { return time.Now().UTC() }}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	if err := d.migrate(ctx, migrations); err != nil {
		db.Close()
		return nil, fmt.Errorf("migrate database %s: %w", path, err)
	}
	if err := d.loadSecret(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	return d, nil
}

// Close closes the database.
func (d *DB) Close() error { return d.db.Close() }

// Path returns the file the database lives in.
func (d *DB) Path() string { return d.path }

// SQL returns the underlying handle, for packages that keep their own tables
// in the same file.
func (d *DB) SQL() *sql.DB { return d.db }

// migrate applies, in name order, every migration not yet recorded in the
// migrations table, each in one transaction with its record.
func (d *DB) migrate(ctx context.Context, migrations fs.FS) error {
	if _, err := d.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("create migrations table: %w", err)
	}
	names, err := fs.Glob(migrations, "migration/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		if err := d.migrateFile(ctx, migrations, name); err != nil {
			return err
		}
	}
	return nil
}

func (d *DB) migrateFile(ctx context.Context, migrations fs.FS, name string) error {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM migrations WHERE name = ?`, name).Scan(&n); err != nil {
		return err
	} else if n != 0 {
		return nil // applied before
	}
	body, err := fs.ReadFile(migrations, name)
	if err != nil {
		return err
	}
	if strings.TrimSpace(string(body)) != "" {
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	if step, ok := goMigrations[name]; ok {
		// What SQL cannot do (random secrets, HMACs) runs in the same
		// transaction, after the file's statements.
		if err := step(ctx, d, tx); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO migrations (name, applied_at) VALUES (?, ?)`, name, formatTime(d.Now())); err != nil {
		return err
	}
	return tx.Commit()
}

// timeFormat stores times in UTC with a fixed number of fractional digits, so
// that text order is time order and range queries can use indexes.
const timeFormat = "2006-01-02T15:04:05.000000Z"

func formatTime(t time.Time) string { return t.UTC().Format(timeFormat) }

func parseTime(s string) (time.Time, error) { return time.Parse(timeFormat, s) }
