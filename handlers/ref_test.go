package handlers_test

import (
	"strings"
	"testing"
	"time"
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
