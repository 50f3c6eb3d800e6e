package handlers_test

import (
	"strings"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
)

func TestCaseWithoutIDSaysHowToWriteAReference(t *testing.T) {
	h := newHarness(t)
	for _, typed := range []string{"/case IPD", "/case ipd-", "/case IPD-7K 3Q9"} {
		r := h.say("staff", typed)
		mustContain(t, typed, r, "IPD-7K3Q9")
		if strings.Contains(r.Text, "IPD-IPD") || strings.Contains(r.Text, "no complaint") {
			t.Fatalf("%s: %s", typed, r.Text)
		}
	}
	// The same rules hold wherever a reference is typed.
	r := h.say("consumer1", "/withdraw IPD")
	mustContain(t, "withdraw IPD", r, "IPD-7K3Q9")
	if strings.Contains(r.Text, "IPD-IPD") {
		t.Fatalf("withdraw IPD: %s", r.Text)
	}
	cpl := h.file("consumer1", "ACME Store")
	mustContain(t, "case without prefix", h.say("staff", "/case "+strings.TrimPrefix(strings.ToLower(cpl.Ref), "ipd-")), "Complaint "+cpl.Ref, "Audit trail")
}

func TestOneHourSLAIsSingular(t *testing.T) {
	h := newHarness(t)
	h.sla = time.Hour
	h.restart()
	cpl := h.file("consumer1", "ACME Store")
	h.clock.Add(2 * time.Hour)
	h.c.Tick(t.Context())
	var reminder string
	for _, s := range h.rec.SentTo(review) {
		if strings.Contains(s.Text, "⏰") && strings.Contains(s.Text, cpl.Ref) {
			reminder = s.Text
		}
	}
	if !strings.Contains(reminder, "the 1 hour target") {
		t.Fatalf("reminder = %q", reminder)
	}
	mustContain(t, "receipt", h.rec.Replies()[len(h.rec.Replies())-1], "usually within 1 hour.")
}

// Staff can act from `case`: it shows the current card with its buttons,
// and they work.
func TestCaseShowsTheCardWithItsButtons(t *testing.T) {
	h := newHarness(t)
	cpl := h.file("consumer1", "ACME Store")
	h.restart()
	r := h.say("staff", "case "+cpl.Ref)
	mustContain(t, "case", r, "Complaint "+cpl.Ref, "Audit trail", "[Approve compensation]", "[Reject]", "[Escalate]")
	h.press("staff", r, "Escalate")
	if got, _ := h.db.Complaint(t.Context(), cpl.Ref); got.Status != "escalated" {
		t.Fatalf("status after Escalate from case = %s", got.Status)
	}
	// Once decided, the case offers no decision, only the kept files.
	r = h.press("staff", h.say("staff", "case "+cpl.Ref), "Reject")
	if _, err := h.submit("staff", r.Form, map[string]string{"reason": "duplicate"}); err != nil {
		t.Fatal(err)
	}
	if r := h.say("staff", "case "+cpl.Ref); len(r.Buttons) != 1 || r.Buttons[0].Label != "Show files (1)" {
		t.Fatalf("decided case offers %v", r.Buttons)
	}
}

// case with a reference, typed by someone who is not staff, is refused as
// a staff command; it is not taken as a question (which would land in the
// knowledge-base gaps report). "case law" is still a question.
func TestCaseFromNonStaffIsRefused(t *testing.T) {
	h := newHarness(t)
	cpl := h.file("consumer1", "ACME Store")
	for _, typed := range []string{"case " + cpl.Ref, "case ipd-7k3q9", "CASE IPD-AAAAA please"} {
		r := h.say("consumer2", typed)
		mustContain(t, typed, r, "Only staff can use `case`")
		if strings.Contains(r.Text, "ACME") {
			t.Errorf("%q showed the complaint: %s", typed, r.Text)
		}
	}
	if err := h.serveRaw(&bot.Event{Kind: bot.KindMessage, Text: "case law on parallel imports", User: bot.User{Platform: bot.Console, ID: "consumer2"}, Where: bot.DirectTo(bot.Console, "consumer2")}); ipdesk.ErrorCode(err) == ipdesk.EUNAUTHORIZED {
		t.Errorf("case law was refused as a command: %v", err)
	}
}
