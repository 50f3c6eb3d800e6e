package sqlite

import (
	"context"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk"
)

// TestOutbox keeps messages, returns those due in order of their due time,
// puts a failed one off with its attempt counted, and forgets a delivered
// one.
func TestOutbox(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	t0 := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
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
