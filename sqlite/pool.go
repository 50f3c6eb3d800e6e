package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"io"
	"time"

	"github.com/mattn/go-sqlite3"
)

// The pool is sized, not left to database/sql's defaults. By default the
// pool opens a connection for every goroutine that asks and keeps two when
// they are done, so under load ipdesk opened and closed connections all the
// time, each opening the file, setting the pragmas and reading the schema
// again, and its prepared statements were thrown away with it.
const (
	// maxConns bounds the connections to the file. WAL lets readers run
	// beside the one writer, so a few readers help; more only hold memory
	// (each connection has its own page cache and statements).
	maxConns = 8
	// stmtCacheSize is how many prepared statements each connection keeps
	// by their text, so a statement run again is bound and stepped, not
	// parsed and planned again.
	stmtCacheSize = 64
	// busyTimeout is how long a write waits for the one before it
	// (_busy_timeout in the DSN).
	busyTimeout = 5 * time.Second
)

// sqlOpen opens the pool on a connector that, when an observer is given,
// reports each operation to it.
func sqlOpen(dsn string, opts []Options) *sql.DB {
	c := &connector{dsn: dsn, drv: &sqlite3.SQLiteDriver{}}
	for _, o := range opts {
		if o.Observe != nil {
			c.obs = o.Observe
		}
	}
	db := sql.OpenDB(c)
	db.SetMaxOpenConns(maxConns)
	db.SetMaxIdleConns(maxConns)
	return db
}

type connector struct {
	dsn string
	drv *sqlite3.SQLiteDriver
	obs Observer // nil: nothing observes
}

func (c *connector) Connect(context.Context) (driver.Conn, error) {
	dc, err := c.drv.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	return &conn{SQLiteConn: dc.(*sqlite3.SQLiteConn), obs: c.obs}, nil
}

func (c *connector) Driver() driver.Driver { return c.drv }

// conn is one connection of the pool. It embeds the driver's connection,
// so code that reaches the raw connection (the backup) can use it as one.
type conn struct {
	*sqlite3.SQLiteConn
	obs Observer
}

var (
	_ driver.ExecerContext      = (*conn)(nil)
	_ driver.QueryerContext     = (*conn)(nil)
	_ driver.ConnBeginTx        = (*conn)(nil)
	_ driver.ConnPrepareContext = (*conn)(nil)
	_ driver.Pinger             = (*conn)(nil)
)

func (c *conn) observe(op string, start time.Time, err error) {
	if c.obs != nil {
		c.obs(op, time.Since(start), err)
	}
}

func (c *conn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	start := time.Now()
	r, err := c.SQLiteConn.ExecContext(ctx, query, args)
	c.observe(opOf(query), start, err)
	return r, err
}

func (c *conn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	start := time.Now()
	r, err := c.SQLiteConn.QueryContext(ctx, query, args)
	if err != nil {
		c.observe(opOf(query), start, err)
		return nil, err
	}
	return &rows{Rows: r, op: opOf(query), start: start, c: c}, nil
}

func (c *conn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	s, err := c.SQLiteConn.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	return &stmt{Stmt: s, op: opOf(query), c: c}, nil
}

func (c *conn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	start := time.Now()
	t, err := c.SQLiteConn.BeginTx(ctx, opts)
	c.observe("begin", start, err)
	if err != nil {
		return nil, err
	}
	return &tx{tx: t, c: c}, nil
}

type tx struct {
	tx driver.Tx
	c  *conn
}

func (t *tx) Commit() error   { return t.end("commit", t.tx.Commit) }
func (t *tx) Rollback() error { return t.end("rollback", t.tx.Rollback) }

func (t *tx) end(op string, f func() error) error {
	start := time.Now()
	err := f()
	t.c.observe(op, start, err)
	return err
}

// rows reports the query when closed: SQLite does its work while the rows
// are read.
type rows struct {
	driver.Rows
	op     string
	start  time.Time
	c      *conn
	failed error
	closed bool
}

func (r *rows) Next(dest []driver.Value) error {
	err := r.Rows.Next(dest)
	if err != nil && err != io.EOF && r.failed == nil {
		r.failed = err
	}
	return err
}

func (r *rows) Close() error {
	err := r.Rows.Close()
	if !r.closed {
		r.closed = true
		r.c.observe(r.op, r.start, r.failed)
	}
	return err
}

type stmt struct {
	driver.Stmt
	op string
	c  *conn
}

func (s *stmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	start := time.Now()
	r, err := s.Stmt.(driver.StmtExecContext).ExecContext(ctx, args)
	s.c.observe(s.op, start, err)
	return r, err
}

func (s *stmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	start := time.Now()
	r, err := s.Stmt.(driver.StmtQueryContext).QueryContext(ctx, args)
	if err != nil {
		s.c.observe(s.op, start, err)
		return nil, err
	}
	return &rows{Rows: r, op: s.op, start: start, c: s.c}, nil
}
