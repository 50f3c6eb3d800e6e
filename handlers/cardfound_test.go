package handlers_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk/bot"
)

// cards returns the review cards posted for ref.
func (h *harness) cards(ref string) []bot.Reply {
	var out []bot.Reply
	for _, r := range h.rec.SentTo(review) {
		if strings.Contains(r.Text, "Complaint "+ref) && len(r.Buttons) > 0 {
			out = append(out, r)
		}
	}
	return out
}

// A card posted by a process that died before storing where it was (the
// complaint has no card reference) is found in the review channel by the
// background round and by a staff action, not posted a second time, and
// is brought up to date in place. A complaint whose card never reached
// the channel still gets one.
func TestCardPostedButNotRecordedIsFoundNotPostedAgain(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	a := h.file("consumer1", "ACME Store")
	b := h.file("consumer2", "Other Shop")
	first := h.cards(a.Ref)
	if len(first) != 1 {
		t.Fatalf("%d cards for %s after filing, want 1", len(first), a.Ref)
	}
	posted, err := h.db.Complaint(ctx, a.Ref)
	if err != nil {
		t.Fatal(err)
	}
	// The process died between posting each card and storing where; b's
	// card never reached the channel at all.
	for _, ref := range []string{a.Ref, b.Ref} {
		if err := h.db.SetCardRef(ctx, ref, ""); err != nil {
			t.Fatal(err)
		}
	}
	h.rec.Forget(func(s bot.Address, rep bot.Reply) bool {
		return s == review && strings.Contains(rep.Text, "Complaint "+b.Ref)
	})
	h.restart()
	h.clock.Add(2 * time.Minute)
	h.c.Tick(ctx)
	if got := h.cards(a.Ref); len(got) != 1 {
		t.Fatalf("%d cards for %s after the background round, want the one posted before", len(got), a.Ref)
	}
	if got := h.cards(b.Ref); len(got) != 1 {
		t.Fatalf("%d cards for %s, whose card never reached the channel, want 1", len(got), b.Ref)
	}
	found, err := h.db.Complaint(ctx, a.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if found.CardRef != posted.CardRef {
		t.Fatalf("card reference %q after the round, want the card posted before, %q", found.CardRef, posted.CardRef)
	}

	// A staff action on a complaint whose card is not recorded edits the
	// card in the channel too.
	if err := h.db.SetCardRef(ctx, a.Ref, ""); err != nil {
		t.Fatal(err)
	}
	h.press("staff", h.cardFor(a.Ref), "Assign to me")
	if got := h.cards(a.Ref); len(got) != 1 {
		t.Fatalf("%d cards for %s after a staff action, want 1", len(got), a.Ref)
	}
	mustContain(t, "card after the action", h.cardFor(a.Ref), "Assigned")
}
