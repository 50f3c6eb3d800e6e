package handlers_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/bottest"
)

func TestFilingToApprovalNotifiesComplainant(t *testing.T) {
	h := newHarness(t)
	cpl := h.file("consumer1", "ACME Store")
	card := h.cardFor(cpl.Ref)
	mustContain(t, "card", card, "Complaint "+cpl.Ref, "ACME Store", "https://www.amazon.com/dp/B0EXAMPLE1", "label.jpg", "SHA-256", "49.99 USD",
		"console user consumer1", "[Approve compensation]", "[Reject]", "[Request info]", "[Escalate]", "[Assign to me]")
	if strings.Contains(bottest.Text(card), "@") {
		t.Errorf("card shows contact details without consent:\n%s", bottest.Text(card))
	}

	r := h.press("staff", card, "Approve compensation")
	if r.Form == nil || r.Form.ID != "review.approve" {
		t.Fatalf("approve opened no form: %+v", r)
	}
	if got := r.Form.Inputs[0].Initial + " " + r.Form.Inputs[1].Initial; got != "49.99 USD" {
		t.Errorf("form proposes %q, want the amount asked for", got)
	}
	if _, err := h.submit("staff", r.Form, map[string]string{"amount": "45", "currency": "usd", "note": "Refund of the item price."}); err != nil {
		t.Fatal(err)
	}
	got, _ := h.db.Complaint(context.Background(), cpl.Ref)
	if got.Status != ipdesk.StatusApproved || got.Decision.Amount != 4500 || got.Decision.By != "console:staff" {
		t.Fatalf("after approval: %s %+v", got.Status, got.Decision)
	}
	mustContain(t, "edited card", h.cardFor(cpl.Ref), "approved", "45.00 USD", "console:staff")
	// Decided: what remains is paying it.
	if l := labels(h.cardFor(cpl.Ref)); l != "Mark paid,Payment failed" {
		t.Errorf("decided card offers %s", l)
	}
	edits := h.rec.Edits()
	if len(edits) == 0 || edits[len(edits)-1].Ref.String() != got.CardRef {
		t.Fatalf("card not edited in place: edits %v, card %s", edits, got.CardRef)
	}
	dms := h.dms("consumer1")
	mustContain(t, "notification", dms[len(dms)-1], cpl.Ref, "approved", "45.00 USD", "Refund of the item price.", "/status")
	if tr := actions(h.trail(cpl.Ref)); tr != "file,approve" {
		t.Fatalf("trail = %s", tr)
	}
}

func TestReject(t *testing.T) {
	h := newHarness(t)
	cpl := h.file("consumer1", "ACME Store")
	r := h.press("staff", h.cardFor(cpl.Ref), "Reject")
	if r.Form == nil || r.Form.Inputs[0].Kind != bot.InputSelect {
		t.Fatalf("reject form = %+v", r.Form)
	}
	// No reason, or "other" without text: the form comes back, nothing changes.
	if _, err := h.submit("staff", r.Form, map[string]string{"reason": "", "note": ""}); !isFormError(err, "reason") {
		t.Fatalf("no reason: %v", err)
	}
	if _, err := h.submit("staff", r.Form, map[string]string{"reason": "other", "note": ""}); !isFormError(err, "note") {
		t.Fatalf("other without text: %v", err)
	}
	if got, _ := h.db.Complaint(context.Background(), cpl.Ref); got.Status != ipdesk.StatusSubmitted || got.Version != 1 {
		t.Fatalf("bad rejects changed the complaint: %s v%d", got.Status, got.Version)
	}
	if _, err := h.submit("staff", r.Form, map[string]string{"reason": "insufficient_evidence", "note": "The photo does not show the label."}); err != nil {
		t.Fatal(err)
	}
	dms := h.dms("consumer1")
	mustContain(t, "rejection", dms[len(dms)-1], "rejected", "Not enough evidence", "The photo does not show the label.", "appeal")
	mustContain(t, "card", h.cardFor(cpl.Ref), "rejected", "console:staff")
}

func isFormError(err error, field string) bool {
	fe, ok := err.(*bot.FormError)
	return ok && fe.Fields[field] != ""
}

func TestRequestInfoRoundTrip(t *testing.T) {
	h := newHarness(t)
	cpl := h.file("consumer1", "ACME Store")
	h.press("staff", h.cardFor(cpl.Ref), "Assign to me")
	r := h.press("staff", h.cardFor(cpl.Ref), "Request info")
	if _, err := h.submit("staff", r.Form, map[string]string{"question": "Please send a photo of the packaging."}); err != nil {
		t.Fatal(err)
	}
	dms := h.dms("consumer1")
	ask := dms[len(dms)-1]
	mustContain(t, "question", ask, "Please send a photo of the packaging.", "[Answer]")
	mustContain(t, "card", h.cardFor(cpl.Ref), "waiting for information", "Please send a photo of the packaging.", "No answer yet")

	// The restart between question and answer loses nothing. A message
	// written without pressing Answer is sent once the complainant says it
	// is their answer.
	h.restart()
	r = h.say("consumer1", "Here it is: https://example.com/box.jpg")
	mustContain(t, "held", r, "Send this as your answer to **"+cpl.Ref+"**?", "Here it is", "[Yes, send it]")
	h.restart()
	r = h.press("consumer1", r, "Yes, send it")
	mustContain(t, "thanks", r, "added to", cpl.Ref)
	got, _ := h.db.Complaint(context.Background(), cpl.Ref)
	if got.Status != ipdesk.StatusInReview || got.InfoAnswer != "Here it is: https://example.com/box.jpg" {
		t.Fatalf("after answer: %s %q", got.Status, got.InfoAnswer)
	}
	mustContain(t, "card after answer", h.cardFor(cpl.Ref), "Here it is", "in review")
	if tr := actions(h.trail(cpl.Ref)); tr != "file,assign,request_info,info_reply" {
		t.Fatalf("trail = %s", tr)
	}
	// Another message is not taken as a second answer.
	if h.say("consumer1", "one more thing").Text != "" && got.Status != ipdesk.StatusInReview {
		t.Fatal("second message changed the complaint")
	}
	if got2, _ := h.db.Complaint(context.Background(), cpl.Ref); got2.Version != got.Version {
		t.Fatal("a later message changed the answered complaint")
	}
}

func TestFourEyesApproval(t *testing.T) {
	h := newHarness(t)
	cpl := h.file("consumer1", "ACME Store")
	r := h.press("staff", h.cardFor(cpl.Ref), "Approve compensation")
	if _, err := h.submit("staff", r.Form, map[string]string{"amount": "750", "currency": "USD", "note": "Includes the cost of the replacement."}); err != nil {
		t.Fatal(err)
	}
	card := h.cardFor(cpl.Ref)
	mustContain(t, "pending card", card, "second staff member", "console:staff", "[Confirm approval]")
	// The complainant learns only that a decision is being confirmed: it
	// may still be sent back.
	dms := h.dms("consumer1")
	pending := dms[len(dms)-1]
	mustContain(t, "pending notice", pending, "a decision on it is being confirmed by a second staff member")
	if text := pending.Text; strings.Contains(text, "750") || strings.Contains(text, "approved") {
		t.Fatalf("the pending notice reveals the decision: %s", text)
	}
	mustContain(t, "pending status", h.say("consumer1", "status"), "a decision is being confirmed by a second staff member")
	if strings.Contains(h.say("consumer1", "status").Text, "approved") {
		t.Fatal("status reveals the pending approval")
	}

	// The approver cannot confirm their own approval; the refusal is audited.
	r = h.press("staff", card, "Confirm approval")
	mustContain(t, "self-confirm", r, "second, different staff member")
	if got, _ := h.db.Complaint(context.Background(), cpl.Ref); got.Status != ipdesk.StatusAwaitingConfirmation {
		t.Fatalf("self-confirm changed status to %s", got.Status)
	}
	r = h.press("staff2", card, "Confirm approval")
	got, _ := h.db.Complaint(context.Background(), cpl.Ref)
	if got.Status != ipdesk.StatusApproved || got.Decision.By != "console:staff" || got.Decision.ConfirmedBy != "console:staff2" {
		t.Fatalf("after confirm: %s %+v", got.Status, got.Decision)
	}
	mustContain(t, "final card", h.cardFor(cpl.Ref), "750.00 USD", "console:staff", "confirmed by console:staff2")
	dms = h.dms("consumer1")
	mustContain(t, "notification", dms[len(dms)-1], "approved", "750.00 USD")
	if tr := actions(h.trail(cpl.Ref)); tr != "file,approve,refused,confirm_approval" {
		t.Fatalf("trail = %s", tr)
	}
}

func TestConcurrentDecisionsOneWins(t *testing.T) {
	h := newHarness(t)
	cpl := h.file("consumer1", "ACME Store")
	card := h.cardFor(cpl.Ref)
	approve, _ := bottest.Button(card, "Approve compensation")
	reject, _ := bottest.Button(card, "Reject")
	const n = 12
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			user := fmt.Sprintf("staff%d", i)
			e := h.event(user)
			e.Kind = bot.KindSubmit
			if i%2 == 0 {
				e.Form = bot.FormData{ID: "review.approve", Value: approve.Value, Fields: map[string]string{"amount": fmt.Sprint(10 + i), "currency": "USD"}}
			} else {
				e.Form = bot.FormData{ID: "review.reject", Value: reject.Value, Fields: map[string]string{"reason": "duplicate"}}
			}
			// Without ShowErrors, to see each decider's outcome.
			errs[i] = h.serveRaw(e)
		}()
	}
	wg.Wait()
	got, _ := h.db.Complaint(context.Background(), cpl.Ref)
	winners := 0
	for i, err := range errs {
		if err == nil {
			winners++
			if got.Decision.By != fmt.Sprintf("console:staff%d", i) {
				t.Errorf("decider %d succeeded but the decision is by %s", i, got.Decision.By)
			}
			continue
		}
		if ipdesk.ErrorCode(err) != ipdesk.ECONFLICT || !strings.Contains(ipdesk.ErrorMessage(err), got.Decision.By) {
			t.Errorf("loser %d: %v (want a conflict naming %s)", i, err, got.Decision.By)
		}
	}
	if winners != 1 {
		t.Fatalf("%d decisions won, want 1", winners)
	}
	tr := h.trail(cpl.Ref)
	if len(tr) != 2 || tr[1].Actor != got.Decision.By || tr[1].Before != "submitted" || tr[1].After != string(got.Status) {
		t.Fatalf("trail = %+v", tr)
	}
	if n := len(h.dms("consumer1")); n != 1 {
		t.Fatalf("complainant got %d notifications, want 1", n)
	}
}

func TestNonStaffForgedActionIsRefusedAndAudited(t *testing.T) {
	h := newHarness(t)
	cpl := h.file("consumer1", "ACME Store")
	approve, _ := bottest.Button(h.cardFor(cpl.Ref), "Approve compensation")
	for _, user := range []string{"consumer1", "mallory"} {
		r := h.pressButton(user, approve)
		mustContain(t, "refusal", r, "Only staff")
		e := h.event(user)
		e.Kind, e.Form = bot.KindSubmit, bot.FormData{ID: "review.approve", Value: approve.Value, Fields: map[string]string{"amount": "1000", "currency": "USD"}}
		if err := h.serve(e); err != nil {
			t.Fatal(err)
		}
	}
	got, _ := h.db.Complaint(context.Background(), cpl.Ref)
	if got.Status != ipdesk.StatusSubmitted || got.Version != 1 || got.Decision != nil {
		t.Fatalf("forged actions changed the complaint: %+v", got)
	}
	tr := h.trail(cpl.Ref)
	if actions(tr) != "file,refused,refused,refused,refused" || tr[1].Actor != "console:consumer1" || tr[1].Role != ipdesk.RoleUser || !strings.Contains(tr[1].Note, "review.approve") {
		t.Fatalf("trail = %+v", tr)
	}
	// Staff commands too.
	mustContain(t, "queue", h.say("consumer1", "/queue"), "Only staff")
	mustContain(t, "case", h.say("consumer1", "/case "+cpl.Ref), "Only staff")
}

func TestStaleButtonAfterDecision(t *testing.T) {
	h := newHarness(t)
	cpl := h.file("consumer1", "ACME Store")
	old := h.cardFor(cpl.Ref)
	h.press("staff", old, "Escalate")
	r := h.press("staff2", old, "Approve compensation")
	mustContain(t, "stale", r, "changed", "escalated")
	r = h.press("staff2", h.cardFor(cpl.Ref), "Approve compensation")
	if r.Form == nil {
		t.Fatal("fresh card's approve opened no form")
	}
}

func TestStatusQueueAndCase(t *testing.T) {
	h := newHarness(t)
	a := h.file("consumer1", "ACME Store")
	h.clock.Add(50 * time.Hour)
	b := h.file("consumer2", "Other Shop")
	r := h.say("consumer1", "/status")
	mustContain(t, "status", r, a.Ref, "submitted")
	if strings.Contains(r.Text, b.Ref) {
		t.Fatal("status shows another user's complaint")
	}
	r = h.say("staff", "/queue")
	mustContain(t, "queue", r, a.Ref, b.Ref, "2d 2h", "over SLA")
	if strings.Index(r.Text, a.Ref) > strings.Index(r.Text, b.Ref) {
		t.Fatal("queue not oldest first")
	}
	h.press("staff", h.cardFor(a.Ref), "Escalate")
	r = h.say("staff", "/case "+strings.ToLower(a.Ref))
	mustContain(t, "case", r, "Audit trail", "console:consumer1 (user, console) · file", "console:staff (staff, console) · escalate · submitted → escalated")
	mustContain(t, "unknown case", h.say("staff", "/case IPD-ZZZZZ"), "no complaint IPD-ZZZZZ")
	mustContain(t, "bad case", h.say("staff", "/case <!channel>"), "Give a complaint reference")
}
