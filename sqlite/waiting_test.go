package sqlite

import (
	"context"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/ipdesk/ipdesk"
)

// answerAfter has staff ask c's complainant a question and the complainant
// answer it wait later, through the store, as the handlers do.
func answerAfter(t *testing.T, db *DB, clk *clock, ref string, wait time.Duration) *ipdesk.Complaint {
	t.Helper()
	ctx := context.Background()
	staff := ipdesk.Actor{Key: "console:staff", Platform: "console", Role: ipdesk.RoleStaff}
	if _, err := db.UpdateComplaint(ctx, ref, func(c *ipdesk.Complaint) (ipdesk.AuditEntry, error) {
		return c.Apply(ipdesk.Change{Action: ipdesk.ActionRequestInfo, By: staff, Version: c.Version, Note: "Which size was it?"}, clk.Now())
	}); err != nil {
		t.Fatal(err)
	}
	clk.Add(wait)
	c, err := db.UpdateComplaint(ctx, ref, func(c *ipdesk.Complaint) (ipdesk.AuditEntry, error) {
		by := ipdesk.Actor{Key: c.Complainant(), Platform: c.Platform, Role: ipdesk.RoleUser}
		return c.Apply(ipdesk.Change{Action: ipdesk.ActionInfoReply, By: by, Note: "Size M."}, clk.Now())
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// The SLA clock counts the wait for staff only: a complaint answered after
// 47 hours with the complainant is not overdue, and each wait for staff
// earns at most one reminder of a kind, across restarts.
func TestOverdueCountsOnlyTheWaitForStaff(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ipdesk.db")
	db := openAt(t, path)
	clk := withClock(db)
	c := fileOne(t, db, "d1", "consumer1", "ACME")
	clk.Add(time.Hour)
	c = answerAfter(t, db, clk, c.Ref, 47*time.Hour)
	if !c.WaitingSince.Equal(t0.Add(48 * time.Hour)) {
		t.Fatalf("waiting since %v, want the answer's time", c.WaitingSince)
	}
	overdue := func() []ipdesk.Complaint {
		t.Helper()
		due, err := db.Overdue(ctx, clk.Now().Add(-48*time.Hour), "sla:48h")
		if err != nil {
			t.Fatal(err)
		}
		return due
	}
	if due := overdue(); len(due) != 0 {
		t.Fatalf("overdue right after the answer: %v", due[0].Ref)
	}
	clk.Add(49 * time.Hour)
	if due := overdue(); len(due) != 1 || due[0].Ref != c.Ref {
		t.Fatalf("overdue 49h after the answer = %v", due)
	}
	if ok, err := db.ClaimReminder(ctx, c.ID, "sla:48h"); !ok || err != nil {
		t.Fatalf("first claim = %v, %v", ok, err)
	}
	db.Close()
	db = openAt(t, path)
	defer db.Close()
	db.Now = clk.Now
	if ok, _ := db.ClaimReminder(ctx, c.ID, "sla:48h"); ok {
		t.Fatal("reminder claimed twice in one waiting period, across a restart")
	}
	if due := overdue(); len(due) != 0 {
		t.Fatalf("reminded complaint still overdue: %v", due)
	}
	// A new question and answer start a new wait, which may earn a new
	// reminder once it passes the SLA.
	answerAfter(t, db, clk, c.Ref, time.Hour)
	clk.Add(47 * time.Hour)
	if due := overdue(); len(due) != 0 {
		t.Fatalf("overdue 47h into the new wait: %v", due)
	}
	clk.Add(2 * time.Hour)
	if due := overdue(); len(due) != 1 {
		t.Fatalf("new wait past the SLA not overdue: %v", due)
	}
	if ok, _ := db.ClaimReminder(ctx, c.ID, "sla:48h"); !ok {
		t.Fatal("the new wait's reminder was not claimable")
	}
	// A failed send releases only the current period's claim.
	if err := db.ReleaseReminder(ctx, c.ID, "sla:48h"); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.db.QueryRow(`SELECT COUNT(*) FROM reminders WHERE complaint_id = ?`, c.ID).Scan(&n); err != nil || n != 1 {
		t.Fatalf("%d reminders kept after the release (%v), want the first wait's", n, err)
	}
}

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
