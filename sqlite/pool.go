package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
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
	// (_busy_timeout in the DSN, and the write gate below).
	busyTimeout = 5 * time.Second
)

// errLocked is returned when a write waited busyTimeout for the write gate:
// the same wait, and the same outcome, as SQLite's own busy timeout.
var errLocked = errors.New("database is locked: another write held it too long")

// writeGate lets one write at a time ask SQLite for the write lock. SQLite
// admits one writer; the others, left to its busy handler, sleep and poll
// with a growing back-off (1, 2, 5 … 100 ms), so under load an INSERT
// waited tens of milliseconds for a lock freed long before. Waiting here
// instead, each write starts the moment the one before it ends. A write is
// a transaction (every transaction here begins IMMEDIATE, taking the write
// lock at once) or a statement other than a SELECT outside one.
type writeGate struct {
	ch      chan struct{}
	timeout time.Duration // how long enter waits before it gives up
}

func newWriteGate(timeout time.Duration) *writeGate {
	return &writeGate{ch: make(chan struct{}, 1), timeout: timeout}
}

func (g *writeGate) enter(ctx context.Context) error {
	select {
	case g.ch <- struct{}{}:
		return nil
	default:
	}
	t := time.NewTimer(g.timeout)
	defer t.Stop()
	select {
	case g.ch <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return errLocked
	}
}

func (g *writeGate) leave() { <-g.ch }

// sqlOpen opens the pool on a connector that gates writes and, when an
// observer is given, reports each operation to it.
func sqlOpen(dsn string, opts []Options) *sql.DB {
	c := &connector{dsn: dsn, drv: &sqlite3.SQLiteDriver{}, gate: newWriteGate(busyTimeout)}
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
	dsn  string
	drv  *sqlite3.SQLiteDriver
	obs  Observer // nil: nothing observes
	gate *writeGate
}

func (c *connector) Connect(context.Context) (driver.Conn, error) {
	dc, err := c.drv.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	return &conn{SQLiteConn: dc.(*sqlite3.SQLiteConn), obs: c.obs, gate: c.gate}, nil
}

func (c *connector) Driver() driver.Driver { return c.drv }

// conn is one connection of the pool. It embeds the driver's connection,
// so code that reaches the raw connection (the backup) can use it as one.
// database/sql uses a connection from one goroutine at a time, so inTx
// needs no lock.
type conn struct {
	*sqlite3.SQLiteConn
	obs  Observer
	gate *writeGate
	inTx bool
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

// enterFor passes the write gate for a statement run outside a
// transaction, unless it only reads. It returns what leaves the gate.
func (c *conn) enterFor(ctx context.Context, op string) (leave func(), err error) {
	if op == "select" || c.inTx {
		return func() {}, nil
	}
	if err := c.gate.enter(ctx); err != nil {
		return nil, err
	}
	return c.gate.leave, nil
}

func (c *conn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	op := opOf(query)
	start := time.Now()
	leave, err := c.enterFor(ctx, op)
	if err != nil {
		c.observe(op, start, err)
		return nil, err
	}
	r, err := c.SQLiteConn.ExecContext(ctx, query, args)
	leave()
	c.observe(op, start, err)
	return r, err
}

func (c *conn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	op := opOf(query)
	start := time.Now()
	leave, err := c.enterFor(ctx, op)
	if err != nil {
		c.observe(op, start, err)
		return nil, err
	}
	r, err := c.SQLiteConn.QueryContext(ctx, query, args)
	if err != nil {
		leave()
		c.observe(op, start, err)
		return nil, err
	}
	return &rows{Rows: r, op: op, start: start, c: c, leave: leave}, nil
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
	if err := c.gate.enter(ctx); err != nil {
		c.observe("begin", start, err)
		return nil, err
	}
	t, err := c.SQLiteConn.BeginTx(ctx, opts)
	c.observe("begin", start, err)
	if err != nil {
		c.gate.leave()
		return nil, err
	}
	c.inTx = true
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
	t.c.inTx = false
	t.c.gate.leave()
	t.c.observe(op, start, err)
	return err
}

// rows leaves the write gate, if it holds it, and reports the query when
// closed: SQLite does its work while the rows are read.
type rows struct {
	driver.Rows
	op     string
	start  time.Time
	c      *conn
	leave  func()
	failed error
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
	if r.leave != nil {
		r.leave()
		r.leave = nil
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
	leave, err := s.c.enterFor(ctx, s.op)
	if err != nil {
		s.c.observe(s.op, start, err)
		return nil, err
	}
	r, err := s.Stmt.(driver.StmtExecContext).ExecContext(ctx, args)
	leave()
	s.c.observe(s.op, start, err)
	return r, err
}

func (s *stmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	start := time.Now()
	leave, err := s.c.enterFor(ctx, s.op)
	if err != nil {
		s.c.observe(s.op, start, err)
		return nil, err
	}
	r, err := s.Stmt.(driver.StmtQueryContext).QueryContext(ctx, args)
	if err != nil {
		leave()
		s.c.observe(s.op, start, err)
		return nil, err
	}
	return &rows{Rows: r, op: s.op, start: start, c: s.c, leave: leave}, nil
}
