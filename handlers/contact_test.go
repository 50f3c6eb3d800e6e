package handlers_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/bottest"
)

// fileWithEmail files a complaint whose complainant consented to email
// contact, and returns its reference.
func (h *harness) fileWithEmail(user string) string {
	h.t.Helper()
	r := h.press(user, h.toSummary(user), "Submit")
	list, err := h.db.ComplaintsByUser(context.Background(), bot.Console, user)
	if err != nil || len(list) == 0 || list[0].Contact != "buyer@example.com" {
		h.t.Fatalf("filed %+v (%v) after %s", list, err, bottest.Text(r))
	}
	return list[0].Ref
}

// The consented email never shows on the card, which anyone in the review
// channel can read; staff see it in the private case view while the case
// is open, and each such view is on the audit trail. Once the case is
// approved, rejected or withdrawn, case hides it too.
func TestCardNeverShowsContact(t *testing.T) {
	for _, tc := range []struct {
		name string
		do   func(h *harness, user, ref string)
	}{
		{"approved", func(h *harness, user, ref string) {
			f := h.press("staff", h.cardFor(ref), "Approve: remove listing")
			if _, err := h.submit("staff", f.Form, map[string]string{"note": ""}); err != nil {
				t.Fatal(err)
			}
		}},
		{"rejected", func(h *harness, user, ref string) {
			f := h.press("staff", h.cardFor(ref), "Reject")
			if _, err := h.submit("staff", f.Form, map[string]string{"reason": "duplicate"}); err != nil {
				t.Fatal(err)
			}
		}},
		{"withdrawn", func(h *harness, user, ref string) {
			h.press(user, h.say(user, "withdraw "+ref), "Yes, withdraw "+ref)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			ref := h.fileWithEmail("consumer1")
			open := h.cardFor(ref)
			mustContain(t, "open card", open, "email, with consent", "case "+ref)
			if text := bottest.Text(open); strings.Contains(text, "buyer@example.com") {
				t.Fatalf("open card shows the email:\n%s", text)
			}
			view := h.say("staff", "case "+ref)
			mustContain(t, "open case", view, "buyer@example.com", "Email (private)")
			if !view.Ephemeral {
				t.Error("the case view with the email was shown to everyone")
			}
			if got := actions(h.trail(ref)); !strings.HasSuffix(got, "case_viewed") {
				t.Errorf("trail after the case view = %s", got)
			}
			tc.do(h, "consumer1", ref)
			card := h.cardFor(ref)
			mustContain(t, "closed card", card, tc.name, "hidden now that the case is closed")
			if text := bottest.Text(card); strings.Contains(text, "buyer@example.com") {
				t.Fatalf("closed card shows the email:\n%s", text)
			}
			if text := bottest.Text(h.say("staff", "case "+ref)); strings.Contains(text, "buyer@example.com") {
				t.Fatalf("case of a closed complaint shows the email:\n%s", text)
			}
		})
	}
}
