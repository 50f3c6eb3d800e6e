package storetest

import (
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk"
)

// Twenty copies of one delivery reach three replicas at once: one wins.
// Claims survive a restart, a released one can be claimed again, and old
// ones are pruned.
func testDeliveryClaimsHaveOneWinner(t *testing.T, open Opener) {
	clk := NewClock()
	replicas := []Store{open(t, clk.Now), open(t, clk.Now), open(t, clk.Now)}
	var wins atomic.Int32
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok, err := replicas[i%3].Claim(ctx, "slack:EvSame")
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
	replicas[0].Close()
	db := open(t, clk.Now)
	if ok, _ := db.Claim(ctx, "slack:EvSame"); ok {
		t.Fatal("claim forgotten across a restart")
	}
	if err := db.Release(ctx, "slack:EvSame"); err != nil {
		t.Fatal(err)
	}
	if ok, _ := replicas[1].Claim(ctx, "slack:EvSame"); !ok {
		t.Fatal("claim after release not new")
	}
	if ok, err := db.Claim(ctx, hostile); err != nil || !ok {
		t.Fatalf("claim of a hostile id = %v, %v", ok, err)
	}
	if ok, err := db.Claim(ctx, "discord:"+strings.Repeat("9", 4000)); err != nil || !ok {
		t.Fatalf("claim of a huge id = %v, %v", ok, err)
	}
	clk.Add(10 * 24 * time.Hour)
	if ok, _ := db.Claim(ctx, "new"); !ok {
		t.Fatal("fresh claim not new")
	}
	n, err := db.PruneDeliveries(ctx, clk.Now().Add(-7*24*time.Hour))
	if err != nil || n != 3 {
		t.Fatalf("pruned %d, %v; want 3", n, err)
	}
	if ok, _ := db.Claim(ctx, "new"); ok {
		t.Error("recent delivery was pruned")
	}
	if ok, _ := db.Claim(ctx, "slack:EvSame"); !ok {
		t.Error("old delivery was kept")
	}
}

// The outbox keeps messages, returns those due in order of their due time,
// puts a failed one off with its attempt counted, and forgets a delivered
// one.
func testOutbox(t *testing.T, open Opener) {
	clk := NewClock()
	db := open(t, clk.Now)
	add := func(about string, next time.Time) int64 {
		t.Helper()
		id, err := db.AddOutgoing(ctx, ipdesk.Outgoing{To: "discord:@222", About: about, Body: []byte(`{"Text":"` + about + `"}`), CreatedAt: t0, NextAt: next})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	later := add("IPD-2", t0.Add(time.Minute))
	first := add("IPD-1", t0)
	add("IPD-3", t0.Add(time.Hour))

	due, err := db.DueOutgoing(ctx, t0.Add(time.Minute), 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(due) != 2 || due[0].ID != first || due[1].ID != later {
		t.Fatalf("due = %+v, want IPD-1 then IPD-2", due)
	}
	if o := due[0]; o.To != "discord:@222" || o.About != "IPD-1" || string(o.Body) != `{"Text":"IPD-1"}` || o.Attempts != 1 || !o.CreatedAt.Equal(t0) || !o.NextAt.Equal(t0) {
		t.Errorf("kept message read back as %+v", o)
	}
	if due, _ := db.DueOutgoing(ctx, t0.Add(time.Minute), 1); len(due) != 1 || due[0].ID != first {
		t.Errorf("limit 1 returned %+v", due)
	}
	if err := db.OutgoingFailed(ctx, first, t0.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := db.OutgoingDelivered(ctx, later); err != nil {
		t.Fatal(err)
	}
	if due, _ := db.DueOutgoing(ctx, t0.Add(90*time.Minute), 10); len(due) != 1 || due[0].About != "IPD-3" {
		t.Errorf("due after 90 minutes = %+v, want only IPD-3", due)
	}
	due, _ = db.DueOutgoing(ctx, t0.Add(2*time.Hour), 10)
	if len(due) != 2 || due[1].ID != first || due[1].Attempts != 2 {
		t.Errorf("due after 2 hours = %+v, want IPD-1 with 2 attempts last", due)
	}
	if n, err := db.CountOutgoing(ctx); err != nil || n != 2 {
		t.Errorf("count = %d (%v), want 2", n, err)
	}
}

func testPendingAnswers(t *testing.T, open Opener) {
	clk := NewClock()
	db := open(t, clk.Now)
	c := fileOne(t, db, "d1", "consumer1", "ACME")
	if _, err := db.PendingAnswer(ctx, "console", "consumer1"); ipdesk.ErrorCode(err) != ipdesk.ENOTFOUND {
		t.Fatalf("no pending answer yet: %v", err)
	}
	p := &ipdesk.PendingAnswer{Platform: "console", UserID: "consumer1", Ref: strings.ToLower(c.Ref), Mode: ipdesk.AnswerConfirm, Text: "Size M. " + hostile,
		Evidence: []ipdesk.Evidence{{Name: "receipt.pdf", Type: "application/pdf", Size: 99, SHA256: strings.Repeat("cd", 32), Upload: true}}}
	if err := db.SavePendingAnswer(ctx, p); err != nil {
		t.Fatal(err)
	}
	clk.Add(time.Minute)
	got, err := db.PendingAnswer(ctx, "console", "consumer1")
	if err != nil {
		t.Fatal(err)
	}
	if got.Ref != c.Ref || got.Mode != ipdesk.AnswerConfirm || !strings.HasPrefix(got.Text, "Size M. @everyone") || len(got.Evidence) != 1 ||
		!got.Evidence[0].Upload || !got.CreatedAt.Equal(t0) {
		t.Fatalf("pending answer = %+v", got)
	}
	// One per user: a new one replaces it.
	if err := db.SavePendingAnswer(ctx, &ipdesk.PendingAnswer{Platform: "console", UserID: "consumer1", Ref: c.Ref, Mode: ipdesk.AnswerMode}); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.PendingAnswer(ctx, "console", "consumer1"); got.Mode != ipdesk.AnswerMode || got.Text != "" || !got.CreatedAt.Equal(t0.Add(time.Minute)) {
		t.Fatalf("replaced pending answer = %+v", got)
	}
	if _, err := db.PendingAnswer(ctx, "slack", "consumer1"); ipdesk.ErrorCode(err) != ipdesk.ENOTFOUND {
		t.Fatalf("pending answer on another platform: %v", err)
	}
	if err := db.DeletePendingAnswer(ctx, "console", "consumer1"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.PendingAnswer(ctx, "console", "consumer1"); ipdesk.ErrorCode(err) != ipdesk.ENOTFOUND {
		t.Fatalf("deleted pending answer: %v", err)
	}
}

func testWritable(t *testing.T, open Opener) {
	clk := NewClock()
	a, b := open(t, clk.Now), open(t, clk.Now)
	for i, db := range []Store{a, b, a} {
		if err := db.Writable(ctx); err != nil {
			t.Fatalf("write check %d: %v", i+1, err)
		}
	}
}
