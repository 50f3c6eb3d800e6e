package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk"
)

// An event is kept from its receipt until it is handled; one a replica
// left unhandled is claimed again, by one replica, once its lease ran out.
func testInboxKeepsEventsUntilHandled(t *testing.T, open Opener) {
	clk := NewClock()
	a, b := open(t, clk.Now), open(t, clk.Now)
	body := []byte(`{"ID":"slack:Ev1","Text":"` + "投诉 <!channel>" + `"}`)
	lease := clk.Now().Add(time.Minute)
	if fresh, err := a.ReceiveEvent(ctx, "slack:Ev1", "replica-a", body, lease); err != nil || !fresh {
		t.Fatalf("first receipt: %v, %v", fresh, err)
	}
	if fresh, err := b.ReceiveEvent(ctx, "slack:Ev1", "replica-b", body, lease); err != nil || fresh {
		t.Fatalf("re-delivery to another replica: %v, %v; want not fresh", fresh, err)
	}
	if got, err := b.ClaimEvents(ctx, "replica-b", clk.Now(), clk.Now().Add(time.Minute), 10); err != nil || len(got) != 0 {
		t.Fatalf("claimed under a live lease: %+v, %v", got, err)
	}
	clk.Add(2 * time.Minute) // replica a died with it
	got, err := b.ClaimEvents(ctx, "replica-b", clk.Now(), clk.Now().Add(time.Minute), 10)
	if err != nil || len(got) != 1 || got[0].ID != "slack:Ev1" || string(got[0].Body) != string(body) || got[0].Attempts != 2 {
		t.Fatalf("claim after the lease = %+v, %v", got, err)
	}
	if again, _ := a.ClaimEvents(ctx, "replica-a", clk.Now(), clk.Now().Add(time.Minute), 10); len(again) != 0 {
		t.Fatalf("claimed twice: %+v", again)
	}
	if err := b.HandledEvent(ctx, "slack:Ev1"); err != nil {
		t.Fatal(err)
	}
	clk.Add(time.Hour)
	if again, _ := a.ClaimEvents(ctx, "replica-a", clk.Now(), clk.Now().Add(time.Minute), 10); len(again) != 0 {
		t.Fatalf("a handled event was claimed: %+v", again)
	}
	// Handled, it keeps nothing of what it carried.
	if all := dump(t, a); !strings.Contains(all, "slack:Ev1") || strings.Contains(all, "<!channel>") {
		t.Errorf("the handled event's row:\n%s", grep(all, "slack:Ev1"))
	}
	// A forgotten event (its handling failed; the platform sends it
	// again) is received afresh.
	if _, err := a.ReceiveEvent(ctx, "slack:Ev2", "replica-a", body, clk.Now()); err != nil {
		t.Fatal(err)
	}
	if err := a.ForgetEvent(ctx, "slack:Ev2"); err != nil {
		t.Fatal(err)
	}
	if fresh, _ := a.ReceiveEvent(ctx, "slack:Ev2", "replica-a", body, clk.Now()); !fresh {
		t.Fatal("a forgotten event is not received afresh")
	}
	// Oldest first, and at most limit.
	for i := range 3 {
		clk.Add(time.Second)
		if _, err := a.ReceiveEvent(ctx, fmt.Sprintf("slack:Ev%d", 10+i), "replica-a", body, clk.Now()); err != nil {
			t.Fatal(err)
		}
	}
	clk.Add(time.Minute)
	got, _ = b.ClaimEvents(ctx, "replica-b", clk.Now(), clk.Now().Add(time.Minute), 3)
	if len(got) != 3 || got[0].ID != "slack:Ev2" || got[1].ID != "slack:Ev10" || got[2].ID != "slack:Ev11" {
		t.Fatalf("claimed %+v, want Ev2, Ev10, Ev11", got)
	}
	// Handled events are pruned once old; pending ones never.
	n, err := a.PruneEvents(ctx, clk.Now())
	if err != nil || n != 1 {
		t.Fatalf("pruned %d, %v; want the one handled event", n, err)
	}
	if got, _ := b.ClaimEvents(ctx, "replica-b", clk.Now().Add(time.Hour), clk.Now().Add(2*time.Hour), 10); len(got) != 4 {
		t.Fatalf("after pruning %d pending events claimable, want 4", len(got))
	}
}

// The first change made for an event marks it applied in the same
// transaction, and a draft saved for it remembers it: an event handled
// again after a crash can tell that its change was kept. A change that
// failed marks nothing.
func testInboxMarksAppliedWithTheEffect(t *testing.T, open Opener) {
	clk := NewClock()
	db := open(t, clk.Now)
	receive := func(id string) context.Context {
		t.Helper()
		if _, err := db.ReceiveEvent(ctx, id, "replica", []byte("{}"), clk.Now()); err != nil {
			t.Fatal(err)
		}
		return ipdesk.WithEvent(ctx, id)
	}
	d := testDraft("d1", "consumer1", "ACME")
	if err := db.SaveDraft(receive("ev:save"), d); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.Draft(ctx, "console", "consumer1"); got.LastEvent != "ev:save" {
		t.Errorf("the draft remembers event %q, want ev:save", got.LastEvent)
	}
	// A later answer moves the draft on; both events are remembered.
	d.Answers.Seller = "ACME Store"
	if err := db.SaveDraft(receive("ev:save2"), d); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.Draft(ctx, "console", "consumer1"); got.LastEvent != "ev:save2" || !got.Saw("ev:save") || !got.Saw("ev:save2") || got.Saw("ev:other") {
		t.Errorf("the draft remembers events %q (last %q), want ev:save and ev:save2", got.Events, got.LastEvent)
	}
	stale := *d
	stale.Version = 0 // a new draft while the user has one
	if err := db.SaveDraft(receive("ev:stale"), &stale); !errors.Is(err, ipdesk.ErrDraftChanged) {
		t.Fatalf("stale save: %v", err)
	}
	c, _, err := db.FileDraft(receive("ev:file"), "console", "consumer1", "d1")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"ev:save", "ev:save2", "ev:file"}; !slices.Equal(c.FiledBy, want) {
		t.Errorf("the complaint was filed by events %q, want %q", c.FiledBy, want)
	}
	if kept, err := db.Complaint(ctx, c.Ref); err != nil || !slices.Equal(kept.FiledBy, c.FiledBy) {
		t.Errorf("the stored complaint was filed by %q (%v), want %q", kept.FiledBy, err, c.FiledBy)
	}
	if _, err := db.UpdateComplaint(receive("ev:decide"), c.Ref, func(c *ipdesk.Complaint) (ipdesk.AuditEntry, error) {
		return c.Apply(ipdesk.Change{Action: ipdesk.ActionReject, By: staff, Version: c.Version, ReasonCode: "duplicate"}, clk.Now())
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.UpdateComplaint(receive("ev:refused"), c.Ref, func(c *ipdesk.Complaint) (ipdesk.AuditEntry, error) {
		return ipdesk.AuditEntry{}, ipdesk.Errorf(ipdesk.EINVALID, "no")
	}); ipdesk.ErrorCode(err) != ipdesk.EINVALID {
		t.Fatal(err)
	}
	q := ask(t, db, "U1", "how long does a trademark last", true)
	if _, err := db.RecordFeedback(receive("ev:vote"), q, "slack", "U1", false); err != nil {
		t.Fatal(err)
	}
	if err := db.SavePendingAnswer(receive("ev:pending"), &ipdesk.PendingAnswer{Platform: "console", UserID: "consumer1", Ref: c.Ref, Mode: ipdesk.AnswerMode}); err != nil {
		t.Fatal(err)
	}
	got, err := db.ClaimEvents(ctx, "check", clk.Now().Add(time.Hour), clk.Now().Add(2*time.Hour), 100)
	if err != nil {
		t.Fatal(err)
	}
	applied := map[string]bool{}
	for _, e := range got {
		applied[e.ID] = e.Applied
	}
	for _, tc := range []struct {
		id      string
		applied bool
	}{{"ev:save", true}, {"ev:stale", false}, {"ev:file", true}, {"ev:decide", true}, {"ev:refused", false}, {"ev:vote", true}, {"ev:pending", true}} {
		if a, ok := applied[tc.id]; !ok || a != tc.applied {
			t.Errorf("%s: pending %v, applied %v; want pending, applied %v", tc.id, ok, a, tc.applied)
		}
	}
}

// Replicas claiming the left-over events at once each take different
// ones: every event is claimed once.
func testInboxClaimsOnceAcrossReplicas(t *testing.T, open Opener) {
	clk := NewClock()
	replicas := []Store{open(t, clk.Now), open(t, clk.Now), open(t, clk.Now)}
	const n = 60
	for i := range n {
		if _, err := replicas[0].ReceiveEvent(ctx, fmt.Sprintf("slack:Ev%03d", i), "dead", []byte("{}"), clk.Now()); err != nil {
			t.Fatal(err)
		}
	}
	clk.Add(time.Minute)
	var mu sync.Mutex
	claimed := map[string]int{}
	var wg sync.WaitGroup
	for i := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			db := replicas[i%len(replicas)]
			for {
				got, err := db.ClaimEvents(ctx, fmt.Sprintf("replica-%d", i), clk.Now(), clk.Now().Add(time.Hour), 7)
				if err != nil {
					t.Error(err)
					return
				}
				if len(got) == 0 {
					return
				}
				mu.Lock()
				for _, e := range got {
					claimed[e.ID]++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(claimed) != n {
		t.Fatalf("%d events claimed, want %d", len(claimed), n)
	}
	for id, c := range claimed {
		if c != 1 {
			t.Errorf("%s claimed %d times", id, c)
		}
	}
}
