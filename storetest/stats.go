package storetest

import (
	"testing"
	"time"

	"github.com/ipdesk/ipdesk"
)

// DeskStats counts each complaint in the week it was filed, by where it
// stands now, and each decision in the week it was made, with the median
// time from filing; each week's report is claimed once.
func testDeskStatsWeeks(t *testing.T, open Opener) {
	clk := NewClock() // Sunday 1 March 2026, 09:00 UTC: the week of 23 February
	db := open(t, clk.Now)
	a := fileOne(t, db, "d1", "u1", "Shop One")
	b := fileOne(t, db, "d2", "u2", "Shop Two")
	fileOne(t, db, "d3", "u3", "Shop Three")
	decide := func(ref string, ch ipdesk.Change) {
		t.Helper()
		if _, err := db.UpdateComplaint(ctx, ref, func(c *ipdesk.Complaint) (ipdesk.AuditEntry, error) {
			ch.Version = c.Version
			return c.Apply(ch, clk.Now())
		}); err != nil {
			t.Fatal(err)
		}
	}
	clk.Add(30 * time.Hour) // Monday 2 March, 15:00
	decide(a.Ref, ipdesk.Change{Action: ipdesk.ActionApprove, By: staff, Amount: 100, Currency: "USD", Limit: ipdesk.Money{Amount: 50000, Currency: "USD"}})
	clk.Add(10 * time.Hour)
	decide(b.Ref, ipdesk.Change{Action: ipdesk.ActionReject, By: staff, ReasonCode: "duplicate"})
	for _, q := range []*ipdesk.Question{
		{Platform: "console", UserID: "u1", Text: "how long does a trademark last", Lang: "en", Answered: true},
		{Platform: "console", UserID: "u2", Text: "zebra quantum violin", Lang: "en"},
		{Platform: "console", UserID: "u3", Text: "Zebra  quantum violin", Lang: "en"},
	} {
		id, err := db.RecordQuestion(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if q.Answered {
			if _, err := db.RecordFeedback(ctx, id, "console", "u1", true); err != nil {
				t.Fatal(err)
			}
		}
	}
	s, err := db.DeskStats(ctx, t0.AddDate(0, 0, -7), clk.Now().AddDate(0, 0, 7), 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Weeks) != 3 || !s.Weeks[0].Start.Equal(time.Date(2026, 2, 16, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("weeks %+v", s.Weeks)
	}
	filed, decided := s.Weeks[1], s.Weeks[2]
	if filed.Filed != 3 || filed.Approved != 1 || filed.Rejected != 1 || filed.Open != 1 || filed.Decided != 0 {
		t.Errorf("week of filing = %+v", filed)
	}
	if decided.Filed != 0 || decided.Decided != 2 || decided.MedianDecision != 35*time.Hour {
		t.Errorf("week of decisions = %+v, want 2 decided, median 35h", decided)
	}
	if decided.Answered != 1 || decided.Declined != 2 || decided.Helpful != 1 || decided.Unhelpful != 0 {
		t.Errorf("questions and votes = %+v", decided)
	}
	if len(s.Unanswered) != 1 || s.Unanswered[0].Count != 2 {
		t.Errorf("unanswered = %+v, want one wording asked twice", s.Unanswered)
	}
	if s.Waiting != 1 {
		t.Errorf("waiting = %d, want 1", s.Waiting)
	}

	other := open(t, clk.Now) // another replica
	week := time.Date(2026, 2, 23, 0, 0, 0, 0, time.UTC)
	for i, want := range []bool{true, false} {
		if first, err := []Store{db, other}[i].ClaimWeeklyReport(ctx, week.Add(time.Duration(i)*50*time.Hour)); err != nil || first != want {
			t.Errorf("claim %d of the week: %v, %v; want %v", i+1, first, err, want)
		}
	}
	if err := other.ReleaseWeeklyReport(ctx, week); err != nil {
		t.Fatal(err)
	}
	if first, _ := db.ClaimWeeklyReport(ctx, week); !first {
		t.Error("a released week cannot be claimed again")
	}
	// A claim never confirmed (its process died while posting) holds for
	// the lease, then the week is claimed again; a posted week never is.
	clk.Add(ipdesk.SendLease - time.Second)
	if first, _ := other.ClaimWeeklyReport(ctx, week); first {
		t.Error("an unconfirmed week claimed again within the lease")
	}
	clk.Add(2 * time.Second)
	if first, err := other.ClaimWeeklyReport(ctx, week); err != nil || !first {
		t.Errorf("an unconfirmed week past the lease: %v, %v; want claimed again", first, err)
	}
	if err := other.ConfirmWeeklyReport(ctx, week); err != nil {
		t.Fatal(err)
	}
	clk.Add(10 * ipdesk.SendLease)
	if first, _ := db.ClaimWeeklyReport(ctx, week); first {
		t.Error("a posted week claimed again")
	}
}
