package handlers_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/bottest"
)

// reviewPosts counts what was posted to the review channel.
func (h *harness) reviewPosts(prefix string) int {
	n := 0
	for _, r := range h.rec.SentTo(review) {
		if strings.HasPrefix(r.Text, prefix) {
			n++
		}
	}
	return n
}

// A sixth complaint within 24 hours is not filed and posts no card: the
// complainant is told to contact staff, can do so from the reply, and keeps
// the draft, which files once the first complaint is 24 hours old.
func TestSixthComplaintIn24HoursIsRefusedAndTheDraftKept(t *testing.T) {
	h := newHarness(t)
	for range 5 {
		h.file("consumer1", "ACME Store")
		h.clock.Add(time.Hour)
	}
	cards := len(h.rec.SentTo(review))
	r := h.toSummary("consumer1")
	submit, ok := bottest.Button(r, "Submit")
	if !ok {
		t.Fatal("no Submit button on the summary")
	}
	r = h.pressButton("consumer1", submit)
	mustContain(t, "sixth confirm", r, "You have filed 5 complaints in the last 24 hours; to report more, contact staff", "Talk to staff", "Nothing was filed")
	ctx := context.Background()
	if list, _ := h.db.ComplaintsByUser(ctx, bot.Console, "consumer1"); len(list) != 5 {
		t.Fatalf("%d complaints filed, want 5", len(list))
	}
	if got := len(h.rec.SentTo(review)); got != cards {
		t.Fatalf("%d posts to the review channel after the refused confirm, want %d", got, cards)
	}
	d := h.draft("consumer1")
	if d == nil || d.ID != submit.Value || d.Answers.Seller != "Scarf Shop" {
		t.Fatalf("draft after the refused confirm = %+v, want the same draft kept", d)
	}
	// Typing submit is refused the same way.
	mustContain(t, "typed submit", h.say("consumer1", "submit"), "You have filed 5 complaints in the last 24 hours")

	// The Talk-to-staff button reaches a person, once.
	r = h.press("consumer1", r, "Talk to staff")
	mustContain(t, "talk to staff", r, "I've asked our staff", "draft is kept")
	if n := h.reviewPosts("🙋 **Someone filing a complaint asks for a person**"); n != 1 {
		t.Fatalf("%d requests for a person posted, want 1", n)
	}

	// Another user is not limited by consumer1's complaints.
	h.file("consumer2", "ACME Store")

	// 24 hours after the first complaint, four remain in the window: the
	// kept draft files.
	h.clock.Add(19*time.Hour + time.Minute)
	r = h.pressButton("consumer1", submit)
	mustContain(t, "confirm after the window", r, "filed as", "IPD-")
	if list, _ := h.db.ComplaintsByUser(ctx, bot.Console, "consumer1"); len(list) != 6 || list[0].Seller != "Scarf Shop" {
		t.Fatalf("%d complaints after the window, want 6 with the kept draft newest", len(list))
	}
	if h.draft("consumer1") != nil {
		t.Fatal("draft still open after filing")
	}
}
