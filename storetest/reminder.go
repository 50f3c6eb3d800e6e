package storetest

import (
	"sync"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk"
)

// The SLA clock counts the wait for staff only, and each wait for staff
// earns at most one reminder of a kind, across restarts.
func testOverdueCountsOnlyTheWaitForStaff(t *testing.T, open Opener) {
	clk := NewClock()
	db := open(t, clk.Now)
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
	db = open(t, clk.Now)
	if ok, _ := db.ClaimReminder(ctx, c.ID, "sla:48h"); ok {
		t.Fatal("reminder claimed twice in one waiting period, across a restart")
	}
	if due := overdue(); len(due) != 0 {
		t.Fatalf("reminded complaint still overdue: %v", due)
	}
	// Another threshold is another reminder.
	if due, _ := db.Overdue(ctx, clk.Now().Add(-24*time.Hour), "sla:24h"); len(due) != 1 {
		t.Fatalf("overdue for another kind = %v", due)
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
	if due := overdue(); len(due) != 1 {
		t.Fatalf("released reminder not due again: %v", due)
	}
	if ok, _ := db.ClaimReminder(ctx, c.ID, "sla:48h"); !ok {
		t.Fatal("released reminder not claimable")
	}
	// Closed complaints and those waiting for the complainant are never
	// overdue.
	clk.Add(100 * time.Hour)
	if _, err := db.UpdateComplaint(ctx, c.Ref, func(c *ipdesk.Complaint) (ipdesk.AuditEntry, error) {
		return c.Apply(ipdesk.Change{Action: ipdesk.ActionRequestInfo, By: staff, Version: c.Version, Note: "Photo?"}, clk.Now())
	}); err != nil {
		t.Fatal(err)
	}
	if due, _ := db.Overdue(ctx, clk.Now(), "sla:1h"); len(due) != 0 {
		t.Fatalf("a complaint waiting for its complainant is overdue: %v", due)
	}
}

func testRepeatAlertsOncePerWindow(t *testing.T, open Opener) {
	clk := NewClock()
	db := open(t, clk.Now)
	fileOne(t, db, "d1", "c1", "ACME Store")
	fileOne(t, db, "d2", "c2", "acme-store")
	fileOne(t, db, "d3", "c3", "Other Shop")
	since := func() time.Time { return clk.Now().Add(-ipdesk.RepeatWindow) }
	if got, _ := db.ClaimRepeatAlerts(ctx, since(), 3); len(got) != 0 {
		t.Fatalf("alert below threshold: %v", got)
	}
	third := fileOne(t, db, "d4", "c4", "ACME  STORE!")
	if third.RepeatCount != 3 {
		t.Fatalf("repeat count = %d, want 3", third.RepeatCount)
	}
	got, err := db.ClaimRepeatAlerts(ctx, since(), 3)
	if err != nil || len(got) != 1 || got[0].Key != "amazon:acmestore" || len(got[0].Refs) != 3 || got[0].Refs[2] != third.Ref || got[0].AlertID == 0 {
		t.Fatalf("alerts = %+v, %v", got, err)
	}
	fileOne(t, db, "d5", "c5", "acme store")
	if got, _ := db.ClaimRepeatAlerts(ctx, since(), 3); len(got) != 0 {
		t.Fatalf("second alert in the same window: %v", got)
	}
	// A failed send releases the alert, and the next round makes it again.
	if err := db.ReleaseRepeatAlert(ctx, got[0].AlertID); err != nil {
		t.Fatal(err)
	}
	if again, _ := db.ClaimRepeatAlerts(ctx, since(), 3); len(again) != 1 || len(again[0].Refs) != 4 {
		t.Fatalf("alert after release = %+v", again)
	}
	clk.Add(31 * 24 * time.Hour)
	if got, _ := db.ClaimRepeatAlerts(ctx, since(), 3); len(got) != 0 {
		t.Fatalf("alert for reports outside the window: %v", got)
	}
}

// One user filing three times against a seller is one complainant, not
// three reports; names of punctuation alone are nobody's key.
func testRepeatAlertsCountComplainants(t *testing.T, open Opener) {
	clk := NewClock()
	db := open(t, clk.Now)
	since := clk.Now().Add(-ipdesk.RepeatWindow)
	for i, id := range []string{"d1", "d2", "d3"} {
		c := fileOne(t, db, id, "c1", "ACME Store")
		if c.RepeatCount != 1 {
			t.Fatalf("filing %d by the same user: repeat count %d, want 1", i+1, c.RepeatCount)
		}
	}
	for i, name := range []string{"!!!", "---", "..."} {
		c := fileOne(t, db, "p"+name, "u"+string(rune('a'+i)), name)
		if c.SellerKey != "" || c.RepeatCount != 1 {
			t.Fatalf("seller %q: key %q, repeat count %d", name, c.SellerKey, c.RepeatCount)
		}
	}
	if got, err := db.ClaimRepeatAlerts(ctx, since, 3); err != nil || len(got) != 0 {
		t.Fatalf("alerts = %+v, %v; want none", got, err)
	}
	fileOne(t, db, "d4", "c2", "acme-store")
	c := fileOne(t, db, "d5", "c3", "Acme store")
	if c.RepeatCount != 3 {
		t.Fatalf("third complainant: repeat count %d", c.RepeatCount)
	}
	got, err := db.ClaimRepeatAlerts(ctx, since, 3)
	if err != nil || len(got) != 1 || got[0].Complainants != 3 || len(got[0].Refs) != 5 {
		t.Fatalf("alerts = %+v, %v", got, err)
	}
}

// Background rounds on several replicas at once: each seller is alerted
// once, and each reminder is claimed once.
func testRepeatAlertsOnceAcrossReplicas(t *testing.T, open Opener) {
	clk := NewClock()
	replicas := []Store{open(t, clk.Now), open(t, clk.Now), open(t, clk.Now)}
	var cs []*ipdesk.Complaint
	for i, user := range []string{"c1", "c2", "c3"} {
		cs = append(cs, fileOne(t, replicas[i], "d"+user, user, "ACME Store"))
	}
	clk.Add(72 * time.Hour)
	var mu sync.Mutex
	alerts, reminders := 0, 0
	var wg sync.WaitGroup
	for i := range 9 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			db := replicas[i%len(replicas)]
			got, err := db.ClaimRepeatAlerts(ctx, clk.Now().Add(-ipdesk.RepeatWindow), 3)
			if err != nil {
				t.Error(err)
			}
			due, err := db.Overdue(ctx, clk.Now().Add(-48*time.Hour), "sla:48h")
			if err != nil {
				t.Error(err)
			}
			n := 0
			for _, c := range due {
				if ok, err := db.ClaimReminder(ctx, c.ID, "sla:48h"); err != nil {
					t.Error(err)
				} else if ok {
					n++
				}
			}
			mu.Lock()
			alerts += len(got)
			reminders += n
			mu.Unlock()
		}()
	}
	wg.Wait()
	if alerts != 1 || reminders != len(cs) {
		t.Fatalf("%d alerts and %d reminders claimed, want 1 and %d", alerts, reminders, len(cs))
	}
}
