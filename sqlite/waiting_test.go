package sqlite

import (
	"context"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// Migration 0005 places complaints and reminders of an older file in their
// waiting periods: a complaint reminded before it was answered can be
// reminded of its new wait; one still in its first wait is not reminded
// again.
func TestWaitingSinceMigrationOnOlderFile(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ipdesk.db")
	older := fstest.MapFS{}
	names, err := fs.Glob(migrationFS, "migration/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		if n < "migration/0005" {
			data, _ := fs.ReadFile(migrationFS, n)
			older[n] = &fstest.MapFile{Data: data}
		}
	}
	db, err := open(ctx, path, older)
	if err != nil {
		t.Fatal(err)
	}
	at := func(h int) string { return formatTime(t0.Add(time.Duration(h) * time.Hour)) }
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO complaints (id, ref, draft_id, version, status, platform, user_id, seller_key, body, created_at, updated_at)
			VALUES (1, 'IPD-AAAAA', 'd1', 4, 'submitted', 'console', 'c1', '', '{}', ?, ?), (2, 'IPD-BBBBB', 'd2', 1, 'submitted', 'console', 'c2', '', '{}', ?, ?)`,
			[]any{at(0), at(60), at(0), at(0)}},
		{`INSERT INTO audit (complaint_id, ref, at, actor, role, platform, action, before, after) VALUES
			(1, 'IPD-AAAAA', ?, 'console:c1', 'user', 'console', 'file', '', 'submitted'),
			(1, 'IPD-AAAAA', ?, 'console:staff', 'staff', 'console', 'request_info', 'submitted', 'needs_info'),
			(1, 'IPD-AAAAA', ?, 'console:c1', 'user', 'console', 'info_reply', 'needs_info', 'submitted'),
			(2, 'IPD-BBBBB', ?, 'console:c2', 'user', 'console', 'file', '', 'submitted')`,
			[]any{at(0), at(50), at(60), at(0)}},
		{`INSERT INTO reminders (complaint_id, kind, sent_at) VALUES (1, 'sla:48h', ?), (2, 'sla:48h', ?)`, []any{at(49), at(49)}},
	} {
		if _, err := db.db.Exec(q.sql, q.args...); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()

	db = openAt(t, path)
	defer db.Close()
	a, err := db.Complaint(ctx, "IPD-AAAAA")
	if err != nil || !a.WaitingSince.Equal(t0.Add(60*time.Hour)) {
		t.Fatalf("answered complaint waits since %v (%v), want its answer", a.WaitingSince, err)
	}
	if b, _ := db.Complaint(ctx, "IPD-BBBBB"); !b.WaitingSince.Equal(t0) {
		t.Fatalf("unanswered complaint waits since %v, want its filing", b.WaitingSince)
	}
	due, err := db.Overdue(ctx, t0.Add(60*time.Hour+49*time.Hour-48*time.Hour), "sla:48h")
	var refs []string
	for _, c := range due {
		refs = append(refs, c.Ref)
	}
	if err != nil || strings.Join(refs, " ") != "IPD-AAAAA" {
		t.Fatalf("overdue after the upgrade = %v, %v; want only the answered one", refs, err)
	}
}
