package handlers_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/bottest"
)

// reject has staff member by reject cpl with a reason and returns the
// notification the complainant got.
func (h *harness) reject(cpl *ipdesk.Complaint, by string) bot.Reply {
	h.t.Helper()
	r := h.press(by, h.cardFor(cpl.Ref), "Reject")
	if _, err := h.submit(by, r.Form, map[string]string{"reason": "insufficient_evidence", "note": "The photo does not show the label."}); err != nil {
		h.t.Fatal(err)
	}
	dms := h.dms(cpl.UserID)
	return dms[len(dms)-1]
}

// A rejected complainant appeals once with a reason and a new photo; the
// complaint reopens with a new card, for someone other than the staff
// member who rejected it; both decisions stay on record.
func TestAppealReopensForAnotherStaffMember(t *testing.T) {
	h := newHarness(t)
	cpl := h.file("consumer1", "ACME Store")
	note := h.reject(cpl, "staff")
	mustContain(t, "rejection", note, "rejected", "appeal once, within 30 days", "[Appeal]", "`/appeal "+cpl.Ref+"`")

	// Someone else cannot appeal it.
	mustContain(t, "stranger", h.say("consumer2", "appeal "+cpl.Ref), "You have no complaint "+cpl.Ref)
	// The button opens the form, and the next message is the appeal too.
	r := h.press("consumer1", note, "Appeal")
	if r.Form == nil || r.Form.ID != "complain.appeal" {
		t.Fatalf("Appeal opened %+v", r)
	}
	mustContain(t, "too short", h.say("consumer1", "It is fake."), "too short")
	e := h.event("consumer1")
	label := jpeg("a sharper photo of the label")
	label.Name = "label-closeup.jpg"
	e.Kind, e.Text, e.Files = bot.KindMessage, "Here is a sharper photo: the label is misspelled, which the real brand never does.", []bot.File{label}
	mustContain(t, "filed", h.do(e), "Your appeal of **"+cpl.Ref+"** is filed", "did not make the first decision", "1 file(s)")

	got, _ := h.db.Complaint(context.Background(), cpl.Ref)
	if got.Status != ipdesk.StatusAppealed || got.Decision != nil || got.Appeal == nil || got.Appeal.Rejection.By != "console:staff" ||
		got.Appeal.Rejection.ReasonCode != "insufficient_evidence" || len(got.Appeal.Evidence) != 1 || len(got.Evidence) != 2 {
		t.Fatalf("after the appeal: %s %+v %+v", got.Status, got.Decision, got.Appeal)
	}
	// A new card, with the appeal and the first decision.
	posts := h.rec.SentTo(review)
	card := posts[len(posts)-1]
	mustContain(t, "new card", card, "Complaint "+cpl.Ref, "Appeal", "the label is misspelled", "rejected by console:staff", "Not enough evidence", "label-closeup.jpg", "[Approve compensation]")

	// The staff member who rejected it may not act on the appeal.
	for _, label := range []string{"Approve compensation", "Reject", "Assign to me"} {
		r := h.press("staff", card, label)
		if r.Form != nil {
			r, _ = h.submit("staff", r.Form, map[string]string{"amount": "49.99", "currency": "USD", "reason": "duplicate"})
		}
		mustContain(t, label, r, "You rejected "+cpl.Ref+" before")
	}
	// Another decides it.
	r = h.press("staff2", card, "Approve compensation")
	if _, err := h.submit("staff2", r.Form, map[string]string{"amount": "49.99", "currency": "USD"}); err != nil {
		t.Fatal(err)
	}
	got, _ = h.db.Complaint(context.Background(), cpl.Ref)
	if got.Status != ipdesk.StatusApproved || got.Decision.By != "console:staff2" || got.Appeal.Rejection.By != "console:staff" {
		t.Fatalf("after the appeal's decision: %s %+v", got.Status, got.Decision)
	}
	tr := actions(h.trail(cpl.Ref))
	if !strings.HasPrefix(tr, "file,reject,") || !strings.Contains(tr, ",appeal,") || !strings.HasSuffix(tr, ",approve") || strings.Count(tr, "refused") < 3 {
		t.Fatalf("trail = %s", tr)
	}
	// Once only.
	mustContain(t, "again", h.say("consumer1", "appeal "+cpl.Ref), "appealed already")
}

// The appeal's decision is final; appeals close after the window.
func TestAppealOnceAndWithinTheWindow(t *testing.T) {
	h := newHarness(t)
	cpl := h.file("consumer1", "ACME Store")
	h.reject(cpl, "staff")
	r := h.say("consumer1", "appeal "+cpl.Ref)
	mustContain(t, "typed", r, "Tell us why", "[Appeal in a form]")
	f := h.press("consumer1", r, "Appeal in a form")
	if _, err := h.submit("consumer1", f.Form, map[string]string{"reason": "short"}); !isFormError(err, "reason") {
		t.Fatalf("a short reason = %v", err)
	}
	if _, err := h.submit("consumer1", f.Form, map[string]string{"reason": "The seller admitted it is a copy: https://example.com/chat.png"}); err != nil {
		t.Fatal(err)
	}
	note := h.reject(&ipdesk.Complaint{Ref: cpl.Ref, UserID: "consumer1"}, "staff2")
	mustContain(t, "final", note, "decision on your appeal", "final")
	if _, ok := bottest.Button(note, "Appeal"); ok {
		t.Fatal("the final decision offers another appeal")
	}
	mustContain(t, "twice", h.say("consumer1", "appeal "+cpl.Ref), "appealed already")

	late := h.file("consumer1", "Other Shop")
	h.reject(late, "staff")
	h.clock.Add(31 * 24 * time.Hour)
	mustContain(t, "late", h.say("consumer1", "appeal "+late.Ref), "The time to appeal "+late.Ref+" ended on")
	if got, _ := h.db.Complaint(context.Background(), late.Ref); got.Status != ipdesk.StatusRejected {
		t.Fatalf("a late appeal changed the complaint: %s", got.Status)
	}
}
