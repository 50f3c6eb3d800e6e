package sqlite

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk"
)

// Under many concurrent writers and readers the pool stays within its
// bound and keeps its connections: none is closed for being idle and
// opened again, and every write lands.
func TestPoolIsBoundedAndReused(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 400)
	for i := range 200 {
		wg.Go(func() {
			if _, err := db.Claim(ctx, fmt.Sprintf("ev-%d", i)); err != nil {
				errs <- err
			}
		})
		wg.Go(func() {
			if _, err := db.Draft(ctx, "slack", fmt.Sprintf("U%d", i)); err != nil && !isNotFound(err) {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	st := db.SQL().Stats()
	if st.MaxOpenConnections != maxConns || st.OpenConnections > maxConns {
		t.Errorf("pool: %d open, limit %d; want at most %d", st.OpenConnections, st.MaxOpenConnections, maxConns)
	}
	if st.MaxIdleClosed != 0 || st.MaxLifetimeClosed != 0 || st.MaxIdleTimeClosed != 0 {
		t.Errorf("pool closed connections under load (idle %d, lifetime %d, idle time %d); each would be opened again",
			st.MaxIdleClosed, st.MaxLifetimeClosed, st.MaxIdleTimeClosed)
	}
	var n int
	if err := db.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM deliveries`).Scan(&n); err != nil || n != 200 {
		t.Fatalf("%d deliveries recorded (%v), want 200", n, err)
	}
}

func isNotFound(err error) bool { return ipdesk.ErrorCode(err) == ipdesk.ENOTFOUND }

// A transaction holds the write lock until it ends: a write outside it
// waits (SQLite's busy timeout) and lands after the commit, not before,
// while reads go on.
func TestWriteWaitsForTransaction(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	tx, err := db.SQL().BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO deliveries (id, claimed_at) VALUES ('in-tx', '2026-01-01T00:00:00.000000Z')`); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := db.Claim(ctx, "after")
		done <- err
	}()
	select {
	case err := <-done:
		t.Fatalf("a write ran while a transaction held the write lock (%v)", err)
	case <-time.After(50 * time.Millisecond):
	}
	// Reads go on meanwhile.
	if _, err := db.Draft(ctx, "slack", "U1"); err != nil && !isNotFound(err) {
		t.Fatalf("read while a transaction is open: %v", err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	var ids []string
	rows, err := db.SQL().QueryContext(ctx, `SELECT id FROM deliveries ORDER BY rowid`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		rows.Scan(&id)
		ids = append(ids, id)
	}
	if fmt.Sprint(ids) != "[in-tx after]" {
		t.Fatalf("deliveries in order %v, want [in-tx after]", ids)
	}
}
