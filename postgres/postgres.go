// Package postgres stores ipdesk's data in a PostgreSQL database, for
// installations that run several ipdesk replicas on one shared database. It
// keeps the same data as package sqlite (complaints and their audit trail,
// drafts, delivery ids, questions, kept messages) and passes the same store
// contract suite; the schema is a set of embedded, numbered migrations of its
// own, applied in order under an advisory lock, so replicas starting at once
// upgrade the database once.
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/ipdesk/ipdesk/dbcopy"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

//go:embed migration/*.sql
var migrationFS embed.FS

// DefaultMaxConns is the pool size when the connection string sets none
// (pool_max_conns): enough for the handlers of one replica at once, small
// enough that ten replicas stay under PostgreSQL's default of 100
// connections.
const DefaultMaxConns = 8

// DB is an open ipdesk database on PostgreSQL.
type DB struct {
	pool *pgxpool.Pool
	q    cleanQuerier // pool, with text arguments made storable
	// secret keys the question log's pseudonyms (see loadSecret).
	secret []byte
	// Now returns the current time; tests replace it to move the clock.
	Now func() time.Time
}

// IsURL reports whether s names a PostgreSQL database (a postgres:// or
// postgresql:// URL) rather than a file.
func IsURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// Redact returns a connection URL without its password, for logs and errors.
func Redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		s := userPassword.ReplaceAllString(dsn, "${1}xxxxx@")
		return passwordParam.ReplaceAllString(s, "${1}xxxxx")
	}
	if u.User != nil {
		if _, has := u.User.Password(); has {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
		}
	}
	q := u.Query()
	if q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.String()
}

var (
	userPassword  = regexp.MustCompile(`(://[^:/@]*:)[^@]*@`)
	passwordParam = regexp.MustCompile(`([?&]password=)[^&]*`)
)

// Open connects to the database at dsn (a postgres:// URL; pool_max_conns
// and the usual libpq settings are honoured) and applies any pending
// migrations. Errors never contain the password.
func Open(ctx context.Context, dsn string) (*DB, error) {
	return openWith(ctx, dsn, migrationFS, true)
}

// openWith opens dsn with migrations; withSecret loads the pseudonym
// secret, which a database migrated only part of the way lacks.
func openWith(ctx context.Context, dsn string, migrations fs.FS, withSecret bool) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		// pgx's message may quote the URL; say only what is wrong.
		return nil, fmt.Errorf("open database %s: not a valid PostgreSQL connection URL", Redact(dsn))
	}
	if !strings.Contains(dsn, "pool_max_conns") {
		cfg.MaxConns = DefaultMaxConns
	}
	cfg.MaxConnIdleTime = 5 * time.Minute
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", Redact(dsn), err)
	}
	d := &DB{pool: pool, q: cleanQuerier{pool}, Now: func() time.Time { return time.Now().UTC() }}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open database %s: %w", Redact(dsn), err)
	}
	if err := d.migrate(ctx, migrations); err != nil {
		pool.Close()
		return nil, fmt.Errorf("migrate database %s: %w", Redact(dsn), err)
	}
	if !withSecret {
		return d, nil
	}
	if err := d.loadSecret(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open database %s: %w", Redact(dsn), err)
	}
	return d, nil
}

// Close closes every connection of the pool.
func (d *DB) Close() error {
	d.pool.Close()
	return nil
}

// Pool returns the connection pool, for packages that keep their own tables
// in the same database.
func (d *DB) Pool() *pgxpool.Pool { return d.pool }

// lockKey names an advisory lock of this database's ipdesk schema: two
// installations in two schemas of one database never share a lock.
const lockKey = `hashtextextended(current_schema() || ':' || $1, 0)`

// migrate applies, in name order, every migration not yet recorded, each in
// one transaction with its record, holding an advisory lock so that
// replicas starting at once apply each migration once.
func (d *DB) migrate(ctx context.Context, migrations fs.FS) error {
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
	tx, err := d.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(`+lockKey+`)`, "migrate"); err != nil {
		return fmt.Errorf("lock migrations: %w", err)
	}
	if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL)`); err != nil {
		return fmt.Errorf("create migrations table: %w", err)
	}
	var n int
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM migrations WHERE name = $1`, name).Scan(&n); err != nil {
		return err
	} else if n != 0 {
		return nil // applied before
	}
	body, err := fs.ReadFile(migrations, name)
	if err != nil {
		return err
	}
	if strings.TrimSpace(string(body)) != "" {
		// The simple protocol runs a file of several statements at once.
		if _, err := tx.Exec(ctx, string(body), pgx.QueryExecModeSimpleProtocol); err != nil {
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
	if _, err := tx.Exec(ctx, `INSERT INTO migrations (name, applied_at) VALUES ($1, $2)`, name, d.now()); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// now returns the clock's time in UTC, to the microsecond PostgreSQL keeps.
func (d *DB) now() time.Time { return ts(d.Now()) }

// ts is t as stored: UTC, to the microsecond, as the SQLite store keeps it.
func ts(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// inTx runs f in a transaction and commits it when f returns nil.
func (d *DB) inTx(ctx context.Context, f func(tx cleanTx) error) error {
	tx, err := d.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if err := f(cleanTx{cleanQuerier{tx}, tx}); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// cleanQuerier passes every string argument through storable: PostgreSQL
// text holds neither NUL nor invalid UTF-8, both of which a chat user can
// send (SQLite keeps them), and a question or a forged button value must
// not turn into a database error.
type cleanQuerier struct{ q querier }

func (c cleanQuerier) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	return c.q.Exec(ctx, sql, cleanArgs(args)...)
}

func (c cleanQuerier) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	return c.q.Query(ctx, sql, cleanArgs(args)...)
}

func (c cleanQuerier) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	return c.q.QueryRow(ctx, sql, cleanArgs(args)...)
}

// cleanTx is a transaction whose queries clean their arguments.
type cleanTx struct {
	cleanQuerier
	tx pgx.Tx
}

func cleanArgs(args []any) []any {
	for i, a := range args {
		if s, ok := a.(string); ok {
			args[i] = storable(s)
		}
	}
	return args
}

// storable returns s as PostgreSQL can keep it (see dbcopy.CleanText).
func storable(s string) string { return dbcopy.CleanText(s) }

// uniqueViolation reports whether err is a unique violation of constraint.
func uniqueViolation(err error, constraint string) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505" && pe.ConstraintName == constraint
}

// querier is what a pool and a transaction have in common.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}
