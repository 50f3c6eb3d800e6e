package sqlite

import (
	"context"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"
)

// openTest opens a fresh database file in a temporary directory.
func openTest(t *testing.T) *DB {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "ipdesk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func tableNames(t *testing.T, d *DB) map[string]bool {
	t.Helper()
	rows, err := d.db.Query(`SELECT name FROM sqlite_master WHERE type = 'table'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	names := map[string]bool{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		names[n] = true
	}
	return names
}

func TestMigrationsAreIdempotent(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ipdesk.db")
	for i := 0; i < 3; i++ {
		db, err := Open(ctx, path)
		if err != nil {
			t.Fatalf("open #%d: %v", i+1, err)
		}
		var applied, files int
		if err := db.db.QueryRow(`SELECT COUNT(*) FROM migrations`).Scan(&applied); err != nil {
			t.Fatal(err)
		}
		names, _ := migrationFS.ReadDir("migration")
		files = len(names)
		if applied != files {
			t.Errorf("open #%d: %d migrations recorded, want %d", i+1, applied, files)
		}
		if !tableNames(t, db)["deliveries"] {
			t.Errorf("open #%d: deliveries table missing", i+1)
		}
		db.Close()
	}
}

func TestTwoOpensOfOneFile(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ipdesk.db")
	a, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if ok, err := a.Claim(ctx, "slack:Ev1"); err != nil || !ok {
		t.Fatalf("first claim through a = %v, %v; want true", ok, err)
	}
	if ok, err := b.Claim(ctx, "slack:Ev1"); err != nil || ok {
		t.Fatalf("second claim through b = %v, %v; want false", ok, err)
	}
}

func TestFailedMigrationLeavesDatabaseAsItWas(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ipdesk.db")
	good := fstest.MapFS{
		"migration/0001_a.sql": {Data: []byte(`CREATE TABLE a (x INTEGER);`)},
	}
	db, err := open(ctx, path, good)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.db.Exec(`INSERT INTO a VALUES (1)`); err != nil {
		t.Fatal(err)
	}
	db.Close()

	bad := fstest.MapFS{
		"migration/0001_a.sql": good["migration/0001_a.sql"],
		// The first statement is fine, the second fails: neither may stick.
		"migration/0002_b.sql": {Data: []byte(`CREATE TABLE b (y INTEGER); INSERT INTO nowhere VALUES (1);`)},
	}
	if _, err := open(ctx, path, bad); err == nil {
		t.Fatal("open with a failing migration succeeded")
	}

	db, err = open(ctx, path, good)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	names := tableNames(t, db)
	if names["b"] {
		t.Error("table b from the failed migration exists")
	}
	var n int
	if err := db.db.QueryRow(`SELECT COUNT(*) FROM migrations WHERE name = 'migration/0002_b.sql'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("failed migration recorded (%d, %v)", n, err)
	}
	if err := db.db.QueryRow(`SELECT COUNT(*) FROM a`).Scan(&n); err != nil || n != 1 {
		t.Errorf("rows in a = %d, %v; want 1", n, err)
	}
}

func TestOpenRejectsBadPaths(t *testing.T) {
	for _, p := range []string{"", ":memory:", filepath.Join(t.TempDir(), "no", "such", "dir", "x.db")} {
		if db, err := Open(context.Background(), p); err == nil {
			db.Close()
			t.Errorf("Open(%q) succeeded", p)
		}
	}
}

func TestDeliveriesSurviveReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ipdesk.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := db.Claim(ctx, "discord:123"); !ok {
		t.Fatal("first claim not new")
	}
	db.Close()
	db, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if ok, _ := db.Claim(ctx, "discord:123"); ok {
		t.Fatal("claim after reopen was new; a duplicate would be handled twice")
	}
	if err := db.Release(ctx, "discord:123"); err != nil {
		t.Fatal(err)
	}
	if ok, _ := db.Claim(ctx, "discord:123"); !ok {
		t.Fatal("claim after release not new")
	}
}

func TestConcurrentClaimsHaveOneWinner(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	var wins atomic.Int32
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok, err := db.Claim(ctx, "slack:EvSame")
			if err != nil {
				t.Error(err)
			}
			if ok {
				wins.Add(1)
			}
		}()
	}
	wg.Wait()
	if wins.Load() != 1 {
		t.Fatalf("%d claims won, want 1", wins.Load())
	}
}

func TestPruneDeliveries(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	now := time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return now.Add(-10 * 24 * time.Hour) }
	db.Claim(ctx, "old")
	db.Now = func() time.Time { return now }
	db.Claim(ctx, "new")
	n, err := db.PruneDeliveries(ctx, now.Add(-7*24*time.Hour))
	if err != nil || n != 1 {
		t.Fatalf("pruned %d, %v; want 1", n, err)
	}
	if ok, _ := db.Claim(ctx, "new"); ok {
		t.Error("recent delivery was pruned")
	}
	if ok, _ := db.Claim(ctx, "old"); !ok {
		t.Error("old delivery was kept")
	}
}
