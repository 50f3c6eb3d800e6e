package bot

import (
	"fmt"
	"testing"
	"time"
)

// A bucket refills at one event per typingEvery up to typingBurst, and the
// buckets of users who went quiet are dropped.
func TestRateLimiter(t *testing.T) {
	var l rateLimiter
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for i := range typingBurst {
		if !l.allow("slack:U1", t0) {
			t.Fatalf("event %d of a burst refused", i+1)
		}
	}
	if l.allow("slack:U1", t0) {
		t.Fatal("event past the burst taken")
	}
	if !l.allow("slack:U2", t0) {
		t.Fatal("another user refused")
	}
	if !l.allow("slack:U1", t0.Add(typingEvery)) || l.allow("slack:U1", t0.Add(typingEvery)) {
		t.Fatal("not one event per typingEvery after the burst")
	}
	for i := range 1000 {
		l.allow(fmt.Sprintf("slack:U%d", 100+i), t0.Add(typingEvery))
	}
	later := t0.Add(typingEvery + typingBurst*typingEvery)
	l.allow("slack:ULATE", later)
	if len(l.buckets) != 1 {
		t.Fatalf("%d buckets kept after everyone else went quiet, want 1", len(l.buckets))
	}
	for i := range typingBurst {
		if !l.allow("slack:U1", later) {
			t.Fatalf("a returning user's event %d refused", i+1)
		}
	}
}
