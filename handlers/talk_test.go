package handlers_test

import (
	"strings"
	"testing"
)

// staffNotes returns the requests for a person posted to the review
// channel.
func (h *harness) staffNotes() []string {
	var out []string
	for _, r := range h.rec.SentTo(review) {
		if strings.Contains(r.Text, "asks for a person") {
			out = append(out, r.Text)
		}
	}
	return out
}

// Asking for a person at any step of the wizard is not taken as a bad
// answer: staff get one short note without contact details, the user is
// told a person will reply in their direct messages, and the draft stays
// where it was, across a restart.
func TestWizardTalkToStaff(t *testing.T) {
	h := newHarness(t)
	r := h.say("consumer1", "/complain")
	r = h.press("consumer1", r, "I bought a counterfeit")
	h.press("consumer1", r, "Amazon")
	r = h.say("consumer1", "I need to talk to a human")
	mustContain(t, "reply", r, "a person will reply to you here in your direct messages", "draft is kept", "listing")
	notes := h.staffNotes()
	if len(notes) != 1 {
		t.Fatalf("%d notes to staff, want 1", len(notes))
	}
	for _, want := range []string{"bought a counterfeit", "on Amazon", "at the question about", "console", "consumer1", "no reference"} {
		if !strings.Contains(notes[0], want) {
			t.Errorf("note to staff lacks %q: %s", want, notes[0])
		}
	}
	if strings.Contains(notes[0], "IPD-") {
		t.Errorf("note to staff names a reference: %s", notes[0])
	}
	d := h.draft("consumer1")
	if d.Step != "urls" || d.Answers.Marketplace != "amazon" {
		t.Fatalf("draft after the request = step %s, %+v", d.Step, d.Answers)
	}

	// Asking again, in Chinese, after a restart: no second note.
	h.restart()
	mustContain(t, "again", h.say("consumer1", "转人工"), "Staff already have your request")
	if n := len(h.staffNotes()); n != 1 {
		t.Fatalf("%d notes to staff after asking twice, want 1", n)
	}
	// The draft goes on.
	h.say("consumer1", "https://www.amazon.com/dp/B0EXAMPLE1")
	mustContain(t, "next step", h.say("consumer1", "Gadget Outlet"), "order number")

	// Later, with the consented email in the draft, the note still holds
	// no contact details.
	h2 := newHarness(t)
	h2.toSummary("consumer2")
	mustContain(t, "at summary", h2.say("consumer2", "can I speak with someone?"), "a person will reply")
	notes = h2.staffNotes()
	if len(notes) != 1 || strings.Contains(notes[0], "buyer@example.com") || strings.Contains(notes[0], "Scarf Shop") {
		t.Fatalf("notes at the summary = %q", notes)
	}
	if d := h2.draft("consumer2"); d.Step != "confirm" || d.Answers.Contact != "buyer@example.com" {
		t.Fatalf("draft after the request at the summary = %s %+v", d.Step, d.Answers)
	}
}
