package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"
)

// rawConn returns the driver connection behind a database/sql one, whether
// the plain driver or the pool's connector opened it.
func rawConn(dc any) (*sqlite3.SQLiteConn, error) {
	switch c := dc.(type) {
	case *sqlite3.SQLiteConn:
		return c, nil
	case *conn:
		return c.SQLiteConn, nil
	}
	return nil, fmt.Errorf("unexpected driver connection %T", dc)
}

// openFile opens a database file for the maintenance tools, without
// applying migrations: a tool must not change the schema under a running
// bot of another version. readOnly opens it so that nothing can be written.
func openFile(path string, readOnly bool) (*sql.DB, error) {
	q := url.Values{}
	q.Set("_busy_timeout", "5000")
	if readOnly {
		q.Set("mode", "ro")
	}
	db, err := sql.Open("sqlite3", "file:"+url.PathEscape(path)+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	return db, nil
}

// Backup copies the database at src into a new file at dest with SQLite's
// online backup API: the copy is one consistent snapshot even while the bot
// writes, and in WAL mode the bot's writers are not blocked while it is
// taken. The copy is written next to dest and renamed into place once it
// is complete and passes a quick check, so dest never holds half a backup.
// The copy is a single file (journal mode DELETE), ready to be restored by
// copying it to IPDESK_DB. Backup refuses to overwrite dest.
func Backup(ctx context.Context, src, dest string) (pages int, err error) {
	if _, err := os.Stat(src); err != nil {
		return 0, fmt.Errorf("backup: no database at %q", src)
	}
	if _, err := os.Stat(dest); err == nil {
		return 0, fmt.Errorf("backup: %q exists; choose a new file name", dest)
	}
	tmp, err := os.CreateTemp(filepath.Dir(dest), "."+filepath.Base(dest)+".*.partial")
	if err != nil {
		return 0, fmt.Errorf("backup: %w", err)
	}
	tmpPath := tmp.Name()
	tmp.Close()
	defer func() {
		if err != nil {
			os.Remove(tmpPath)
		}
	}()
	from, err := openFile(src, true)
	if err != nil {
		return 0, fmt.Errorf("backup: %w", err)
	}
	defer from.Close()
	to, err := openFile(tmpPath, false)
	if err != nil {
		return 0, fmt.Errorf("backup: %w", err)
	}
	defer to.Close()
	if pages, err = copyDB(ctx, from, to); err != nil {
		return 0, fmt.Errorf("backup: %w", err)
	}
	// The snapshot keeps the source's WAL flag; a backup is one file.
	var mode string
	if err := to.QueryRowContext(ctx, `PRAGMA journal_mode = DELETE`).Scan(&mode); err != nil {
		return 0, fmt.Errorf("backup: %w", err)
	}
	var ok string
	if err := to.QueryRowContext(ctx, `PRAGMA quick_check`).Scan(&ok); err != nil || ok != "ok" {
		return 0, fmt.Errorf("backup: the copy fails SQLite's quick check (%s %v)", ok, err)
	}
	if err := to.Close(); err != nil {
		return 0, fmt.Errorf("backup: %w", err)
	}
	if err := syncFile(tmpPath); err != nil {
		return 0, fmt.Errorf("backup: %w", err)
	}
	if err := os.Link(tmpPath, dest); err != nil { // fails, unlike rename, if dest appeared meanwhile
		return 0, fmt.Errorf("backup: %w", err)
	}
	os.Remove(tmpPath)
	return pages, nil
}

// copyDB runs the backup API from one handle's main database to the
// other's, in one step: in WAL mode that reads one snapshot without
// blocking writers, and a writer in another process cannot make the copy
// start over.
func copyDB(ctx context.Context, from, to *sql.DB) (int, error) {
	src, err := from.Conn(ctx)
	if err != nil {
		return 0, err
	}
	defer src.Close()
	dst, err := to.Conn(ctx)
	if err != nil {
		return 0, err
	}
	defer dst.Close()
	var pages int
	err = dst.Raw(func(d any) error {
		dc, err := rawConn(d)
		if err != nil {
			return err
		}
		return src.Raw(func(s any) error {
			sc, err := rawConn(s)
			if err != nil {
				return err
			}
			b, err := dc.Backup("main", sc, "main")
			if err != nil {
				return err
			}
			for {
				done, err := b.Step(-1)
				if err != nil {
					b.Close()
					return err
				}
				if done {
					pages = b.PageCount()
					return b.Close()
				}
				if err := ctx.Err(); err != nil {
					b.Close()
					return err
				}
			}
		})
	})
	return pages, err
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// Migration is one schema migration recorded in a database.
type Migration struct {
	Name      string
	AppliedAt time.Time
}

// CheckReport is what Check found.
type CheckReport struct {
	// Integrity is SQLite's integrity_check: ["ok"] when sound, else the
	// problems it lists (at most 100).
	Integrity []string
	// ForeignKeyProblems counts rows that point at rows that do not exist.
	ForeignKeyProblems int
	// Applied lists the migrations recorded in the database, in order.
	Applied []Migration
	// Pending lists this binary's migrations not yet applied; the bot
	// applies them when it next starts.
	Pending []string
	// Unknown lists migrations the database records that this binary does
	// not have: the file was used by a newer ipdesk.
	Unknown []string
}

// OK reports whether the database is sound: it passes the integrity and
// foreign-key checks. Pending and unknown migrations are not faults.
func (r *CheckReport) OK() bool {
	return len(r.Integrity) == 1 && r.Integrity[0] == "ok" && r.ForeignKeyProblems == 0
}

// Check runs SQLite's integrity and foreign-key checks on the database at
// path, read-only and without applying migrations, and reports which
// migrations it has. It can run while the bot runs.
func Check(ctx context.Context, path string) (*CheckReport, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("check: no database at %q", path)
	}
	db, err := openFile(path, true)
	if err != nil {
		return nil, fmt.Errorf("check: %w", err)
	}
	defer db.Close()
	r := &CheckReport{}
	rows, err := db.QueryContext(ctx, `PRAGMA integrity_check(100)`)
	if err != nil {
		return nil, fmt.Errorf("check: %w", err)
	}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return nil, fmt.Errorf("check: %w", err)
		}
		r.Integrity = append(r.Integrity, s)
	}
	if err := rows.Close(); err != nil {
		return nil, fmt.Errorf("check: %w", err)
	}
	if err := countRows(ctx, db, `PRAGMA foreign_key_check`, &r.ForeignKeyProblems); err != nil {
		return nil, fmt.Errorf("check: %w", err)
	}
	applied := map[string]bool{}
	rows, err = db.QueryContext(ctx, `SELECT name, applied_at FROM migrations ORDER BY name`)
	if err != nil && strings.Contains(err.Error(), "no such table") {
		rows, err = nil, nil // not an ipdesk database, or an empty one
	}
	if err != nil {
		return nil, fmt.Errorf("check: %w", err)
	}
	for rows != nil && rows.Next() {
		var m Migration
		var at string
		if err := rows.Scan(&m.Name, &at); err != nil {
			rows.Close()
			return nil, fmt.Errorf("check: %w", err)
		}
		m.AppliedAt, _ = parseTime(at)
		r.Applied = append(r.Applied, m)
		applied[m.Name] = true
	}
	if rows != nil {
		if err := rows.Close(); err != nil {
			return nil, fmt.Errorf("check: %w", err)
		}
	}
	names, _ := fs.Glob(migrationFS, "migration/*.sql")
	sort.Strings(names)
	have := map[string]bool{}
	for _, n := range names {
		have[n] = true
		if !applied[n] {
			r.Pending = append(r.Pending, n)
		}
	}
	for _, m := range r.Applied {
		if !have[m.Name] {
			r.Unknown = append(r.Unknown, m.Name)
		}
	}
	return r, nil
}

func countRows(ctx context.Context, db *sql.DB, query string, n *int) error {
	rows, err := db.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		*n++
	}
	return rows.Err()
}
