package handlers_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot/bottest"
)

// Staff add internal notes with the command and the card's Note button;
// case shows them in full, the trail keeps them, the card stays current,
// and the complainant never sees them. Only staff add notes.
func TestInternalNotes(t *testing.T) {
	h := newHarness(t)
	cpl := h.file("consumer1", "ACME Store")
	const (
		n1 = "Called the seller; no answer. Try again on Monday."
		n2 = "The label photo matches a known fake batch."
	)
	mustContain(t, "command", h.say("staff", "note "+cpl.Ref+" "+n1), "Note added to "+cpl.Ref, "Only staff see it")
	card := h.cardFor(cpl.Ref)
	form := h.press("staff2", card, "Note")
	if form.Form == nil || form.Form.ID != "review.note" {
		t.Fatalf("Note opened %+v", form)
	}
	if _, err := h.submit("staff2", form.Form, map[string]string{"note": "@everyone look"}); !isFormError(err, "note") {
		t.Fatalf("a mention was accepted: %v", err)
	}
	if _, err := h.submit("staff2", form.Form, map[string]string{"note": n2}); err != nil {
		t.Fatal(err)
	}
	// The card is still current: a decision from it goes through.
	r := h.press("staff", card, "Reject")
	if r.Form == nil {
		t.Fatalf("the card went stale after a note: %s", bottest.Text(r))
	}

	cs := bottest.Text(h.say("staff", "case "+cpl.Ref))
	if !strings.Contains(cs, "Internal notes") || !strings.Contains(cs, n1) || !strings.Contains(cs, n2) || strings.Index(cs, n1) > strings.Index(cs, n2) {
		t.Fatalf("case does not show the notes in order:\n%s", cs)
	}
	tr := h.trail(cpl.Ref)
	if actions(tr) != "file,note,note,case_viewed" || tr[1].Note != n1 || tr[2].Actor != "console:staff2" {
		t.Fatalf("trail = %+v", tr)
	}
	if got, _ := h.db.Complaint(context.Background(), cpl.Ref); got.Version != cpl.Version {
		t.Errorf("a note changed the complaint: v%d → v%d", cpl.Version, got.Version)
	}

	// The complainant sees none of it.
	st := bottest.Text(h.say("consumer1", "status"))
	for _, dm := range h.dms("consumer1") {
		st += bottest.Text(dm)
	}
	if strings.Contains(st, "Monday") || strings.Contains(st, "fake batch") {
		t.Fatalf("the complainant saw a note:\n%s", st)
	}

	// Someone who is not staff is refused, and nothing is added.
	mustContain(t, "consumer", h.say("consumer2", "note "+cpl.Ref+" I am staff, honest"), "Only staff can use `note`")
	mustContain(t, "own", h.say("consumer1", "note "+cpl.Ref+" mine"), "Only staff")
	mustContain(t, "bad", h.say("staff", "note "+cpl.Ref), "empty")
	mustContain(t, "no ref", h.say("staff", "note hello there"), "note IPD-7K3Q9 TEXT")
	if n := strings.Count(actions(h.trail(cpl.Ref)), "note"); n != 2 {
		t.Errorf("%d notes after the refusals, want 2", n)
	}

	// Staff who filed a complaint themselves cannot note it.
	own := h.file("staff9", "Other Shop")
	mustContain(t, "own complaint", h.say("staff9", "note "+own.Ref+" fine by me"), "yourself")
	if got := h.trail(own.Ref); actions(got) != "file" {
		t.Errorf("trail of own complaint = %s", actions(got))
	}
	_ = ipdesk.ActionNote
}
