package postgres

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/postgres/pgtest"
)

func openTest(t *testing.T, dsn string) *DB {
	t.Helper()
	db, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Replicas starting at once on an empty database apply each migration once.
func TestMigrationsOnceWhenReplicasStartTogether(t *testing.T) {
	dsn := pgtest.Schema(t)
	var wg sync.WaitGroup
	dbs := make([]*DB, 4)
	for i := range dbs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			db, err := Open(context.Background(), dsn)
			if err != nil {
				t.Error(err)
				return
			}
			dbs[i] = db
		}()
	}
	wg.Wait()
	for _, db := range dbs {
		if db != nil {
			db.Close()
		}
	}
	db := openTest(t, dsn)
	var applied int
	if err := db.pool.QueryRow(context.Background(), `SELECT COUNT(*) FROM migrations`).Scan(&applied); err != nil {
		t.Fatal(err)
	}
	files, _ := migrationFS.ReadDir("migration")
	if applied != len(files) {
		t.Errorf("%d migrations recorded, want %d", applied, len(files))
	}
}

func TestAuditIsAppendOnly(t *testing.T) {
	ctx := context.Background()
	db := openTest(t, pgtest.Schema(t))
	if err := db.AppendAudit(ctx, ipdesk.AuditEntry{Ref: "IPD-NONE0", Actor: "console:x", Action: ipdesk.ActionRefused}); err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{`UPDATE audit SET note = 'x'`, `DELETE FROM audit`, `TRUNCATE audit`} {
		if _, err := db.pool.Exec(ctx, stmt); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v, want refused as append-only", stmt, err)
		}
	}
	if trail, _ := db.AuditTrail(ctx, "IPD-NONE0"); len(trail) != 1 {
		t.Errorf("trail = %+v", trail)
	}
}

func TestFileDraftRetriesReferenceCollision(t *testing.T) {
	ctx := context.Background()
	db := openTest(t, pgtest.Schema(t))
	refs := []string{"IPD-AAAAA", "IPD-AAAAA", "IPD-AAAAA", "IPD-BBBBB"}
	var mu sync.Mutex
	complaintRef = func() string {
		mu.Lock()
		defer mu.Unlock()
		r := refs[0]
		refs = refs[1:]
		return r
	}
	defer func() { complaintRef = newComplaintRef }()
	var got []string
	for i, user := range []string{"c1", "c2"} {
		d := &ipdesk.Draft{ID: "d" + user, Platform: "console", UserID: user, Place: "console:@" + user, Step: "confirm",
			Answers: ipdesk.Complaint{Kind: ipdesk.KindOther, Marketplace: "amazon", Seller: "s" + user}}
		if err := db.SaveDraft(ctx, d); err != nil {
			t.Fatal(err)
		}
		c, created, err := db.FileDraft(ctx, "console", user, d.ID)
		if err != nil || !created {
			t.Fatalf("filing %d: %v, %v", i, err, created)
		}
		got = append(got, c.Ref)
	}
	if got[0] != "IPD-AAAAA" || got[1] != "IPD-BBBBB" {
		t.Fatalf("refs %v, want IPD-AAAAA then IPD-BBBBB", got)
	}
	if trail, _ := db.AuditTrail(ctx, "IPD-BBBBB"); len(trail) != 1 {
		t.Fatalf("trail after retries = %+v", trail)
	}
}

func TestOpenNeverShowsThePassword(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	// Nothing listens on port 1; the error must name the server, not the
	// password.
	for _, dsn := range []string{
		"postgres://ipdesk:s3cret-pw@127.0.0.1:1/ipdesk?connect_timeout=2",
		"postgres://ipdesk@127.0.0.1:1/ipdesk?password=s3cret-pw&connect_timeout=2",
		"postgres://ipdesk:s3cret-pw@127.0.0.1:notaport/ipdesk",
	} {
		_, err := Open(ctx, dsn)
		if err == nil {
			t.Fatalf("open %s succeeded", Redact(dsn))
		}
		if strings.Contains(err.Error(), "s3cret-pw") {
			t.Errorf("error shows the password: %v", err)
		}
		if !strings.Contains(err.Error(), "127.0.0.1") {
			t.Errorf("error does not name the server: %v", err)
		}
	}
	if got := Redact("postgres://u:p@h/db?sslmode=disable"); got != "postgres://u:xxxxx@h/db?sslmode=disable" {
		t.Errorf("Redact = %s", got)
	}
	if !IsURL("postgresql://h/db") || !IsURL("postgres://h/db") || IsURL("ipdesk.db") || IsURL("/var/lib/postgres.db") {
		t.Error("IsURL misjudges a URL or a file")
	}
}
