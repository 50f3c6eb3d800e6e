package storetest

import (
	"testing"
	"time"

	"github.com/ipdesk/ipdesk"
)

// Approved amounts not paid yet are listed oldest approval first; a paid
// one leaves the list, a failed one stays; complaints are listed by when
// they were filed.
func testUnpaidAndBetween(t *testing.T, open Opener) {
	clk := NewClock()
	db := open(t, clk.Now)
	a, b, c := fileOne(t, db, "d1", "u1", "A"), fileOne(t, db, "d2", "u2", "B"), fileOne(t, db, "d3", "u3", "C")
	approve := func(ref string, amount int64) {
		t.Helper()
		if _, err := db.UpdateComplaint(ctx, ref, func(x *ipdesk.Complaint) (ipdesk.AuditEntry, error) {
			return x.Apply(ipdesk.Change{Action: ipdesk.ActionApprove, By: staff, Version: x.Version, Amount: amount, Currency: "USD",
				Limit: ipdesk.Money{Amount: 100000, Currency: "USD"}}, clk.Now())
		}); err != nil {
			t.Fatal(err)
		}
	}
	approve(b.Ref, 1000)
	clk.Add(time.Hour)
	approve(a.Ref, 2000)
	clk.Add(time.Hour)
	approve(c.Ref, 3000)
	refs := func() []string {
		t.Helper()
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
	if got := refs(); len(got) != 3 || got[0] != b.Ref || got[1] != a.Ref || got[2] != c.Ref {
		t.Fatalf("unpaid = %v, want %s %s %s", got, b.Ref, a.Ref, c.Ref)
	}
	pay := func(ref string, action ipdesk.Action) {
		t.Helper()
		if _, err := db.UpdateComplaint(ctx, ref, func(x *ipdesk.Complaint) (ipdesk.AuditEntry, error) {
			return x.Apply(ipdesk.Change{Action: action, By: staff, Version: x.Version, Reference: "TX-1", PaidOn: clk.Now().Format("2006-01-02"), Note: "Bank refused the account."}, clk.Now())
		}); err != nil {
			t.Fatal(err)
		}
	}
	pay(b.Ref, ipdesk.ActionPaid)
	pay(a.Ref, ipdesk.ActionPayoutFailed)
	if got := refs(); len(got) != 2 || got[0] != a.Ref || got[1] != c.Ref {
		t.Fatalf("unpaid after one paid and one failed = %v", got)
	}
	between, err := db.ComplaintsBetween(ctx, t0, t0.Add(time.Microsecond))
	if err != nil || len(between) != 3 {
		t.Fatalf("filed at t0: %d, %v", len(between), err)
	}
	if none, _ := db.ComplaintsBetween(ctx, t0.Add(time.Microsecond), t0.Add(time.Hour)); len(none) != 0 {
		t.Fatalf("filed after t0: %d", len(none))
	}
}

// The warning before a draft expires is claimed once per idle period; an
// expiry that requires a warning takes only warned drafts; a reminder's
// time is known; complaints waiting for their complainant are listed.
func testDraftWarningsAndFollowUps(t *testing.T, open Opener) {
	clk := NewClock()
	a, b := open(t, clk.Now), open(t, clk.Now)
	d := testDraft("d1", "consumer1", "ACME")
	if err := a.SaveDraft(ctx, d); err != nil {
		t.Fatal(err)
	}
	if err := a.SaveDraft(ctx, testDraft("d2", "consumer2", "Other")); err != nil {
		t.Fatal(err)
	}
	clk.Add(6 * 24 * time.Hour)
	idle, err := b.IdleDrafts(ctx, clk.Now().Add(-5*24*time.Hour))
	if err != nil || len(idle) != 2 || idle[0].UserID != "consumer1" {
		t.Fatalf("idle drafts = %+v, %v", idle, err)
	}
	if ok, err := a.ClaimDraftWarning(ctx, "d1", d.UpdatedAt); err != nil || !ok {
		t.Fatalf("first warning claim: %v, %v", ok, err)
	}
	if ok, _ := b.ClaimDraftWarning(ctx, "d1", d.UpdatedAt); ok {
		t.Fatal("warning claimed twice, by two replicas")
	}
	if ok, _ := b.ClaimDraftWarning(ctx, "d1", d.UpdatedAt.Add(time.Second)); ok {
		t.Fatal("warning claimed for a version of the draft that is not the stored one")
	}
	clk.Add(2 * 24 * time.Hour)
	gone, err := b.ExpireDrafts(ctx, clk.Now().Add(-7*24*time.Hour), clk.Now().Add(-24*time.Hour))
	if err != nil || len(gone) != 1 || gone[0].ID != "d1" {
		t.Fatalf("expired with a warning required = %+v, %v; want only the warned draft", gone, err)
	}
	if err := a.ReleaseDraftWarning(ctx, "d2", d.UpdatedAt); err != nil {
		t.Fatal(err)
	}

	c := fileOne(t, a, "d3", "consumer3", "ACME")
	if _, err := a.UpdateComplaint(ctx, c.Ref, func(x *ipdesk.Complaint) (ipdesk.AuditEntry, error) {
		return x.Apply(ipdesk.Change{Action: ipdesk.ActionRequestInfo, By: staff, Version: x.Version, Note: "Which size?"}, clk.Now())
	}); err != nil {
		t.Fatal(err)
	}
	if w, err := b.WaitingForComplainant(ctx); err != nil || len(w) != 1 || w[0].Ref != c.Ref {
		t.Fatalf("waiting for the complainant = %+v, %v", w, err)
	}
	if _, ok, err := b.ReminderSentAt(ctx, c.ID, "info:half"); err != nil || ok {
		t.Fatalf("reminder time before any: %v, %v", ok, err)
	}
	if ok, _ := a.ClaimReminder(ctx, c.ID, "info:half"); !ok {
		t.Fatal("claim reminder")
	}
	if at, ok, err := b.ReminderSentAt(ctx, c.ID, "info:half"); err != nil || !ok || !at.Equal(clk.Now()) {
		t.Fatalf("reminder sent at %v, %v, %v; want %v", at, ok, err, clk.Now())
	}
}
