package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"io"
	"strings"
	"time"
	"unicode"

	"github.com/mattn/go-sqlite3"
)

// Observer is told how long each database operation took and whether it
// failed. op is one of Ops: the kind of statement, or a transaction's
// begin, commit or rollback, never the statement text, so that it can be a
// metric label. A query is timed until its rows are closed, since SQLite
// does its work while the rows are read.
type Observer func(op string, took time.Duration, err error)

// Ops are the values an Observer's op takes.
var Ops = []string{"select", "insert", "update", "delete", "begin", "commit", "rollback", "other"}

// Options changes how Open opens a database.
type Options struct {
	// Observe, when set, is called after every operation on the database.
	Observe Observer
}

// OpenWith is Open with options.
func OpenWith(ctx context.Context, path string, o Options) (*DB, error) {
	return open(ctx, path, migrationFS, o)
}

// sqlOpen opens the handle: the plain driver, or one that reports each
// operation to the observer.
func sqlOpen(dsn string, opts []Options) (*sql.DB, error) {
	var obs Observer
	for _, o := range opts {
		if o.Observe != nil {
			obs = o.Observe
		}
	}
	if obs == nil {
		return sql.Open("sqlite3", dsn)
	}
	return sql.OpenDB(&observedConnector{dsn: dsn, drv: &sqlite3.SQLiteDriver{}, obs: obs}), nil
}

// opOf classifies a statement by its first keyword.
func opOf(query string) string {
	q := strings.TrimLeftFunc(query, unicode.IsSpace)
	for strings.HasPrefix(q, "--") {
		_, rest, _ := strings.Cut(q, "\n")
		q = strings.TrimLeftFunc(rest, unicode.IsSpace)
	}
	end := strings.IndexFunc(q, func(r rune) bool { return !unicode.IsLetter(r) })
	if end < 0 {
		end = len(q)
	}
	switch w := strings.ToLower(q[:end]); w {
	case "select", "insert", "update", "delete":
		return w
	case "with":
		return "select"
	case "replace":
		return "insert"
	}
	return "other"
}

type observedConnector struct {
	dsn string
	drv *sqlite3.SQLiteDriver
	obs Observer
}

func (c *observedConnector) Connect(context.Context) (driver.Conn, error) {
	conn, err := c.drv.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	return &observedConn{SQLiteConn: conn.(*sqlite3.SQLiteConn), obs: c.obs}, nil
}

func (c *observedConnector) Driver() driver.Driver { return c.drv }

// observedConn times the operations database/sql calls on a connection.
// It embeds the driver's connection, so code that reaches the raw
// connection (the backup) can use it as one.
type observedConn struct {
	*sqlite3.SQLiteConn
	obs Observer
}

var (
	_ driver.ExecerContext      = (*observedConn)(nil)
	_ driver.QueryerContext     = (*observedConn)(nil)
	_ driver.ConnBeginTx        = (*observedConn)(nil)
	_ driver.ConnPrepareContext = (*observedConn)(nil)
	_ driver.Pinger             = (*observedConn)(nil)
)

func (c *observedConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	start := time.Now()
	r, err := c.SQLiteConn.ExecContext(ctx, query, args)
	c.obs(opOf(query), time.Since(start), err)
	return r, err
}

func (c *observedConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	start := time.Now()
	r, err := c.SQLiteConn.QueryContext(ctx, query, args)
	if err != nil {
		c.obs(opOf(query), time.Since(start), err)
		return nil, err
	}
	return &observedRows{Rows: r, op: opOf(query), start: start, obs: c.obs}, nil
}

func (c *observedConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	s, err := c.SQLiteConn.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	return &observedStmt{Stmt: s, op: opOf(query), obs: c.obs}, nil
}

func (c *observedConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	start := time.Now()
	tx, err := c.SQLiteConn.BeginTx(ctx, opts)
	c.obs("begin", time.Since(start), err)
	if err != nil {
		return nil, err
	}
	return &observedTx{tx: tx, obs: c.obs}, nil
}

type observedTx struct {
	tx  driver.Tx
	obs Observer
}

func (t *observedTx) Commit() error {
	start := time.Now()
	err := t.tx.Commit()
	t.obs("commit", time.Since(start), err)
	return err
}

func (t *observedTx) Rollback() error {
	start := time.Now()
	err := t.tx.Rollback()
	t.obs("rollback", time.Since(start), err)
	return err
}

type observedRows struct {
	driver.Rows
	op     string
	start  time.Time
	obs    Observer
	failed error
}

func (r *observedRows) Next(dest []driver.Value) error {
	err := r.Rows.Next(dest)
	if err != nil && err != io.EOF && r.failed == nil {
		r.failed = err
	}
	return err
}

func (r *observedRows) Close() error {
	err := r.Rows.Close()
	r.obs(r.op, time.Since(r.start), r.failed)
	return err
}

type observedStmt struct {
	driver.Stmt
	op  string
	obs Observer
}

func (s *observedStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	start := time.Now()
	r, err := s.Stmt.(driver.StmtExecContext).ExecContext(ctx, args)
	s.obs(s.op, time.Since(start), err)
	return r, err
}

func (s *observedStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	start := time.Now()
	r, err := s.Stmt.(driver.StmtQueryContext).QueryContext(ctx, args)
	if err != nil {
		s.obs(s.op, time.Since(start), err)
		return nil, err
	}
	return &observedRows{Rows: r, op: s.op, start: start, obs: s.obs}, nil
}
