package storetest

import (
	"fmt"
	"slices"
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

// A process that claims a reminder, an alert or a draft warning and dies
// before sending it must not take the message with it: the claim holds
// for ipdesk.SendLease, then another process (here: the database opened
// again) claims and sends it. A confirmed message is never claimed again.
func testUnsentClaimsAreTakenAgain(t *testing.T, open Opener) {
	clk := NewClock()
	dead := open(t, clk.Now)
	var cs []*ipdesk.Complaint
	for i, user := range []string{"c1", "c2", "c3"} {
		cs = append(cs, fileOne(t, dead, fmt.Sprintf("d%d", i), user, "ACME Store"))
	}
	if err := dead.SaveDraft(ctx, testDraft("w1", "consumer9", "Other")); err != nil {
		t.Fatal(err)
	}
	clk.Add(72 * time.Hour)
	draft, err := dead.Draft(ctx, "console", "consumer9")
	if err != nil || draft == nil {
		t.Fatalf("draft = %v, %v", draft, err)
	}
	// The dying process claims everything and sends nothing.
	if ok, err := dead.ClaimReminder(ctx, cs[0].ID, "sla:48h"); err != nil || !ok {
		t.Fatalf("claim reminder = %v, %v", ok, err)
	}
	alerts, err := dead.ClaimRepeatAlerts(ctx, clk.Now().Add(-ipdesk.RepeatWindow), 3)
	if err != nil || len(alerts) != 1 {
		t.Fatalf("claim alerts = %+v, %v", alerts, err)
	}
	if ok, err := dead.ClaimDraftWarning(ctx, draft.ID, draft.UpdatedAt); err != nil || !ok {
		t.Fatalf("claim draft warning = %v, %v", ok, err)
	}
	dead.Close()

	next := open(t, clk.Now)
	overdue := func() []string {
		t.Helper()
		due, err := next.Overdue(ctx, clk.Now().Add(-48*time.Hour), "sla:48h")
		if err != nil {
			t.Fatal(err)
		}
		var refs []string
		for _, c := range due {
			refs = append(refs, c.Ref)
		}
		return refs
	}
	// Within the lease the claims hold: the dead process may still be
	// sending.
	clk.Add(ipdesk.SendLease - time.Second)
	if due := overdue(); len(due) != 2 || slices.Contains(due, cs[0].Ref) {
		t.Fatalf("overdue within the lease = %v; want the two unclaimed", due)
	}
	if ok, _ := next.ClaimReminder(ctx, cs[0].ID, "sla:48h"); ok {
		t.Fatal("a reminder claimed again within its lease")
	}
	if got, _ := next.ClaimRepeatAlerts(ctx, clk.Now().Add(-ipdesk.RepeatWindow), 3); len(got) != 0 {
		t.Fatalf("an alert claimed again within its lease: %+v", got)
	}
	if ok, _ := next.ClaimDraftWarning(ctx, draft.ID, draft.UpdatedAt); ok {
		t.Fatal("a draft warning claimed again within its lease")
	}
	// Past it, each is claimed again, and sent.
	clk.Add(2 * time.Second)
	if due := overdue(); len(due) != 3 {
		t.Fatalf("overdue past the lease = %v; want all three", due)
	}
	if ok, err := next.ClaimReminder(ctx, cs[0].ID, "sla:48h"); err != nil || !ok {
		t.Fatalf("reminder not claimable past the lease: %v, %v", ok, err)
	}
	again, err := next.ClaimRepeatAlerts(ctx, clk.Now().Add(-ipdesk.RepeatWindow), 3)
	if err != nil || len(again) != 1 || len(again[0].Refs) != 3 {
		t.Fatalf("alert past the lease = %+v, %v", again, err)
	}
	if ok, err := next.ClaimDraftWarning(ctx, draft.ID, draft.UpdatedAt); err != nil || !ok {
		t.Fatalf("draft warning not claimable past the lease: %v, %v", ok, err)
	}
	if err := next.ConfirmReminder(ctx, cs[0].ID, "sla:48h"); err != nil {
		t.Fatal(err)
	}
	if err := next.ConfirmRepeatAlert(ctx, again[0].AlertID); err != nil {
		t.Fatal(err)
	}
	if err := next.ConfirmDraftWarning(ctx, draft.ID, draft.UpdatedAt); err != nil {
		t.Fatal(err)
	}
	// Sent is sent: long past any lease, none is claimed again.
	clk.Add(10 * ipdesk.SendLease)
	if due := overdue(); len(due) != 2 || slices.Contains(due, cs[0].Ref) {
		t.Fatalf("overdue after the reminder was sent = %v", due)
	}
	if ok, _ := next.ClaimReminder(ctx, cs[0].ID, "sla:48h"); ok {
		t.Fatal("a sent reminder claimed again")
	}
	if got, _ := next.ClaimRepeatAlerts(ctx, clk.Now().Add(-ipdesk.RepeatWindow), 3); len(got) != 0 {
		t.Fatalf("a sent alert made again: %+v", got)
	}
	if ok, _ := next.ClaimDraftWarning(ctx, draft.ID, draft.UpdatedAt); ok {
		t.Fatal("a sent draft warning claimed again")
	}
	if _, ok, err := next.ReminderSentAt(ctx, cs[0].ID, "sla:48h"); err != nil || !ok {
		t.Fatalf("the sent reminder has no time: %v, %v", ok, err)
	}
}
