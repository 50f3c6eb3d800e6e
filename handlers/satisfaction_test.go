package handlers_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/bottest"
)

// When a complaint closes with a decision, its complainant is asked once
// how it was handled; the score and an optional comment are kept, credited
// to the staff member who decided, and shown in stats per staff member and
// month.
func TestSatisfactionAskedOnceWhenClosed(t *testing.T) {
	h := newHarness(t)
	cpl := h.file("consumer1", "ACME Store")
	r := h.press("staff", h.cardFor(cpl.Ref), "Approve compensation")
	if _, err := h.submit("staff", r.Form, map[string]string{"amount": "49.99", "currency": "USD"}); err != nil {
		t.Fatal(err)
	}
	dms := h.dms("consumer1")
	notice := dms[len(dms)-1]
	mustContain(t, "asked", notice, "approved", "How did we handle this?", "[★]", "[★★★★★]")

	// Only the complainant rates.
	b, _ := bottest.Button(notice, "★")
	e := h.event("consumer2")
	e.Kind, e.Action = bot.KindAction, bot.Action{ID: b.ID, Value: b.Value}
	mustContain(t, "stranger", h.do(e), "You have no complaint "+cpl.Ref)

	thanks := h.press("consumer1", notice, "★★★★")
	mustContain(t, "rated", thanks, "you rated how we handled "+cpl.Ref+" 4 of 5", "[Add a comment]")
	mustContain(t, "again", h.press("consumer1", notice, "★"), "You rated "+cpl.Ref+" 4 of 5 already")
	f := h.press("consumer1", thanks, "Add a comment")
	if _, err := h.submit("consumer1", f.Form, map[string]string{"comment": "@everyone great"}); !isFormError(err, "comment") {
		t.Fatalf("a mention was accepted: %v", err)
	}
	mustContain(t, "commented", mustSubmit(t, h, "consumer1", f.Form, map[string]string{"comment": "Quick and clear, thank you."}), "Thank you for your comment")
	got, err := h.db.Rating(context.Background(), cpl.Ref)
	if err != nil || got.Score != 4 || got.Comment != "Quick and clear, thank you." || got.Staff != "console:staff" {
		t.Fatalf("rating = %+v, %v", got, err)
	}

	// A rejection asks too; the decision on its appeal does not ask again.
	other := h.file("consumer2", "Other Shop")
	note := h.reject(other, "staff")
	mustContain(t, "asked on rejection", note, "How did we handle this?", "[Appeal]")
	h.press("consumer2", note, "★★")
	h.say("consumer2", "appeal "+other.Ref)
	h.say("consumer2", "The label is misspelled; the real brand never does that.")
	h.reject(&ipdesk.Complaint{Ref: other.Ref, UserID: "consumer2"}, "staff2")
	dms = h.dms("consumer2")
	if final := dms[len(dms)-1]; strings.Contains(final.Text, "How did we handle") {
		t.Fatalf("asked twice:\n%s", final.Text)
	}

	st := h.say("staff", "stats").Text
	for _, want := range []string{"Satisfaction: 3.0 of 5 from 2 ratings (1 with a comment)", "console:staff: 3.0 of 5 (2)", "2026-03: 3.0 of 5 (2)"} {
		if !strings.Contains(st, want) {
			t.Errorf("stats lack %q:\n%s", want, st)
		}
	}
}

func mustSubmit(t *testing.T, h *harness, user string, f *bot.Form, fields map[string]string) bot.Reply {
	t.Helper()
	r, err := h.submit(user, f, fields)
	if err != nil {
		t.Fatal(err)
	}
	return r
}
