package sqlite

import (
	"context"
	"io/fs"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"

	"github.com/ipdesk/ipdesk"
)

var payer = ipdesk.Actor{Key: "console:finance", Platform: "console", Role: ipdesk.RoleStaff}

func approve(t *testing.T, db *DB, ref string, amount int64) {
	t.Helper()
	if _, err := db.UpdateComplaint(context.Background(), ref, func(c *ipdesk.Complaint) (ipdesk.AuditEntry, error) {
		return c.Apply(ipdesk.Change{Action: ipdesk.ActionApprove, By: payer, Version: c.Version, Amount: amount, Currency: "USD",
			Limit: ipdesk.Money{Amount: 100000, Currency: "USD"}}, db.Now())
	}); err != nil {
		t.Fatal(err)
	}
}

// Approved amounts not paid yet are listed oldest approval first; a paid
// one leaves the list, a failed one stays.
func TestUnpaid(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	clk := withClock(db)
	a, b, c := fileOne(t, db, "d1", "u1", "A"), fileOne(t, db, "d2", "u2", "B"), fileOne(t, db, "d3", "u3", "C")
	approve(t, db, b.Ref, 1000)
	clk.Add(time.Hour)
	approve(t, db, a.Ref, 2000)
	clk.Add(time.Hour)
	approve(t, db, c.Ref, 3000)
	refs := func() []string {
		list, err := db.Unpaid(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, x := range list {
			out = append(out, x.Ref)
		}
		return out
	}
	if got := refs(); len(got) != 3 || got[0] != b.Ref || got[1] != a.Ref {
		t.Fatalf("unpaid = %v, want %s %s %s", got, b.Ref, a.Ref, c.Ref)
	}
	pay := func(ref string, action ipdesk.Action) {
		if _, err := db.UpdateComplaint(ctx, ref, func(x *ipdesk.Complaint) (ipdesk.AuditEntry, error) {
			return x.Apply(ipdesk.Change{Action: action, By: payer, Version: x.Version, Reference: "TX-1", PaidOn: db.Now().Format("2006-01-02"), Note: "Bank refused the account."}, db.Now())
		}); err != nil {
			t.Fatal(err)
		}
	}
	pay(b.Ref, ipdesk.ActionPaid)
	pay(a.Ref, ipdesk.ActionPayoutFailed)
	if got := refs(); len(got) != 2 || got[0] != a.Ref || got[1] != c.Ref {
		t.Fatalf("unpaid after paying %s = %v", b.Ref, got)
	}
}

// Complaints approved before payouts were recorded are due after the
// upgrade.
func TestPayoutMigrationMarksApprovedAsDue(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ipdesk.db")
	older := fstest.MapFS{}
	names, _ := fs.Glob(migrationFS, "migration/*.sql")
	for _, n := range names {
		if n < "migration/0007" {
			data, _ := fs.ReadFile(migrationFS, n)
			older[n] = &fstest.MapFile{Data: data}
		}
	}
	db, err := open(ctx, path, older)
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range []struct{ ref, status, body string }{
		{"IPD-AAAAA", "approved", `{"ref":"IPD-AAAAA","status":"approved","decision":{"outcome":"approved","amount":4999,"currency":"USD","by":"console:staff","at":"2026-01-01T00:00:00Z"}}`},
		{"IPD-BBBBB", "approved", `{"ref":"IPD-BBBBB","status":"approved","decision":{"outcome":"approved","by":"console:staff","at":"2026-01-01T00:00:00Z"}}`},
		{"IPD-CCCCC", "rejected", `{"ref":"IPD-CCCCC","status":"rejected","decision":{"outcome":"rejected","reason_code":"duplicate","by":"console:staff","at":"2026-01-01T00:00:00Z"}}`},
	} {
		if _, err := db.db.Exec(`INSERT INTO complaints (ref, draft_id, version, status, platform, user_id, seller_key, body, created_at, updated_at)
			VALUES (?, ?, 2, ?, 'console', 'u1', '', ?, '2026-01-01T00:00:00.000000Z', '2026-01-01T00:00:00.000000Z')`, row.ref, row.ref, row.status, row.body); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	db = openAt(t, path)
	defer db.Close()
	list, err := db.Unpaid(ctx)
	if err != nil || len(list) != 1 || list[0].Ref != "IPD-AAAAA" {
		t.Fatalf("unpaid after the upgrade = %+v, %v", list, err)
	}
}
