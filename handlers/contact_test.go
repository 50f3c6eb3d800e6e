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

// The consented email shows on the card while the case is open, and is
// hidden from the card (and from case) once it is approved, rejected or
// withdrawn.
func TestClosedCardHidesContact(t *testing.T) {
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
			mustContain(t, "open card", h.cardFor(ref), "email buyer@example.com")
			mustContain(t, "open case", h.say("staff", "case "+ref), "email buyer@example.com")
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
