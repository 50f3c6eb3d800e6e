package handlers_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk/handlers"
	"github.com/ipdesk/ipdesk/i18n"
)

func TestParsePeriod(t *testing.T) {
	now := time.Date(2026, 3, 15, 12, 0, 0, 0, time.UTC)
	en := i18n.Default().Printer(i18n.EN)
	for in, want := range map[string][2]string{
		"":                      {"2026-02-13", "the last 30 days"},
		"7d":                    {"2026-03-08", "the last 7 days"},
		"2026-02":               {"2026-02-01", "February 2026"},
		"2026-03-01 2026-03-10": {"2026-03-01", "2026-03-01 to 2026-03-10"},
		"ALL":                   {"0001-01-01", "all time"},
	} {
		p, err := handlers.ParsePeriod(in, now, en)
		if err != nil || p.From.Format("2006-01-02") != want[0] || p.Label != want[1] {
			t.Errorf("%q = %+v, %v; want from %s, %q", in, p, err, want[0], want[1])
		}
	}
	if p, _ := handlers.ParsePeriod("2026-03-01 2026-03-10", now, en); !p.To.Equal(time.Date(2026, 3, 11, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("the last date is not included: %v", p.To)
	}
	for _, bad := range []string{"yesterday", "0d", "2026-13", "2026-03-10 2026-03-01", "1 2 3", "<!channel>"} {
		if _, err := handlers.ParsePeriod(bad, now, en); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// stats counts what became of the complaints filed in the period, with the
// median times to first response and decision and the SLA breaches.
func TestStatsForStaff(t *testing.T) {
	h := newHarness(t)
	a := h.file("consumer1", "Shop A") // approved after 4h and paid
	b := h.file("consumer2", "Shop B") // rejected after 10h, appealed
	c := h.file("consumer3", "Shop C") // waits for the complainant after 1h
	d := h.file("consumer4", "Shop D") // left alone past the SLA
	h.clock.Add(time.Hour)
	h.askInfo(c, "Which size was it?")
	h.clock.Add(3 * time.Hour)
	r := h.press("staff", h.cardFor(a.Ref), "Approve compensation")
	if _, err := h.submit("staff", r.Form, map[string]string{"amount": "49.99", "currency": "USD"}); err != nil {
		t.Fatal(err)
	}
	f := h.press("staff", h.cardFor(a.Ref), "Mark paid")
	if _, err := h.submit("staff", f.Form, map[string]string{"reference": "TX-1", "date": "2026-03-01"}); err != nil {
		t.Fatal(err)
	}
	h.clock.Add(6 * time.Hour)
	h.reject(b, "staff")
	h.say("consumer2", "appeal "+b.Ref)
	h.say("consumer2", "The label is misspelled; the real brand never does that.")
	h.clock.Add(2*24*time.Hour + time.Hour)
	h.c.Tick(context.Background())
	_ = d

	text := h.say("staff", "stats").Text
	for _, want := range []string{
		"Complaints filed in the last 30 days**: 4",
		"Open: 3 (waiting for staff 2, waiting for the complainant 1)",
		"Approved: 1 (paid 1, not paid yet 0)",
		"Rejected: 0", "Appealed: 1",
		"Median time to first response: 4h 0m (3 complaints)", // 1h, 4h, 10h
		"Median time to decision: 4h 0m (1 decided)",
		"SLA breaches: 2", // the appeal and d
	} {
		if !strings.Contains(text, want) {
			t.Errorf("stats lack %q:\n%s", want, text)
		}
	}
	if got := h.say("staff", "stats 2025-01").Text; !strings.Contains(got, "January 2025**: 0") {
		t.Errorf("an empty month:\n%s", got)
	}
	mustContain(t, "bad period", h.say("staff", "stats yesterday"), "Give the period")
	mustContain(t, "consumer", h.say("consumer1", "stats"), "Only staff")
}
