package handlers_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk"
)

// A complainant who does not answer staff's question is reminded once at
// half the timeout, and the complaint closes at its end with a message on
// how to reopen it; an answer within 30 days reopens it on a new card.
func TestQuietComplainantIsRemindedThenClosed(t *testing.T) {
	h := newHarness(t)
	cpl := h.file("consumer1", "ACME Store")
	h.askInfo(cpl, "Please send a photo of the receipt.")
	count := func(text string) int {
		n := 0
		for _, dm := range h.dms("consumer1") {
			if strings.Contains(dm.Text, text) {
				n++
			}
		}
		return n
	}
	h.clock.Add(3 * 24 * time.Hour)
	h.c.Tick(context.Background())
	if count("Reminder about your complaint") != 0 {
		t.Fatal("reminded before half the timeout")
	}
	h.clock.Add(12 * time.Hour)
	h.c.Tick(context.Background())
	h.restart()
	h.c.Tick(context.Background())
	if n := count("Reminder about your complaint"); n != 1 {
		t.Fatalf("%d reminders, want 1", n)
	}
	dms := h.dms("consumer1")
	mustContain(t, "reminder", dms[len(dms)-1], "Please send a photo of the receipt.", "answer by **2026-03-08 09:00 UTC**", "[Answer]")

	h.clock.Add(4 * 24 * time.Hour)
	h.c.Tick(context.Background())
	got, _ := h.db.Complaint(context.Background(), cpl.Ref)
	if got.Status != ipdesk.StatusNoResponse || got.ClosedNoResponseAt.IsZero() {
		t.Fatalf("after the timeout: %s", got.Status)
	}
	dms = h.dms("consumer1")
	closed := dms[len(dms)-1]
	mustContain(t, "closed", closed, "we closed it", "To reopen it, answer within 30 days", "[Answer]")
	mustContain(t, "closed card", h.cardFor(cpl.Ref), "closed: no answer to staff's question")
	if tr := actions(h.trail(cpl.Ref)); tr != "file,request_info,info_reminder,no_response" {
		t.Fatalf("trail = %s", tr)
	}
	if strings.Contains(h.say("staff", "queue").Text, cpl.Ref) {
		t.Error("the closed complaint is still in the queue")
	}
	mustContain(t, "status", h.say("consumer1", "status"), "closed: no answer", "To reopen it")

	// Ten days later the answer still reopens it, on a new card.
	h.clock.Add(10 * 24 * time.Hour)
	cards := len(h.rec.SentTo(review))
	h.press("consumer1", closed, "Answer")
	mustContain(t, "reopened", h.say("consumer1", "Here is the receipt: https://example.com/receipt.pdf"), "your answer reopened it")
	got, _ = h.db.Complaint(context.Background(), cpl.Ref)
	if got.Status != ipdesk.StatusSubmitted || got.InfoRounds()[0].Answer == "" {
		t.Fatalf("after reopening: %s %+v", got.Status, got.InfoRounds())
	}
	if len(h.rec.SentTo(review)) <= cards {
		t.Error("no new card for the reopened complaint")
	}
}

// After the reopen window, an answer no longer reopens the complaint.
func TestClosedComplaintReopensOnlyWithin30Days(t *testing.T) {
	h := newHarness(t)
	cpl := h.file("consumer1", "ACME Store")
	h.askInfo(cpl, "Which size was it?")
	for range 3 {
		h.clock.Add(4 * 24 * time.Hour)
		h.c.Tick(context.Background())
	}
	if got, _ := h.db.Complaint(context.Background(), cpl.Ref); got.Status != ipdesk.StatusNoResponse {
		t.Fatalf("status = %s", got.Status)
	}
	h.clock.Add(31 * 24 * time.Hour)
	mustContain(t, "late", h.say("consumer1", "answer"), "can no longer be reopened")
	if got, _ := h.db.Complaint(context.Background(), cpl.Ref); got.Status != ipdesk.StatusNoResponse {
		t.Fatalf("a late answer changed it to %s", got.Status)
	}
}
