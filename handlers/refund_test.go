package handlers_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
)

// fileRefund files a counterfeit complaint asking for a refund of 89.90 USD.
func (h *harness) fileRefund(user string) *ipdesk.Complaint {
	h.t.Helper()
	refund := walk{"remedy": {"[Refund what I paid]"}, "amount": {"89.90 USD"}}
	r := h.walk(user, "amount", refund)
	mustContain(h.t, "amount", r, "How much did you pay?")
	r = h.press(user, h.walk(user, "", refund), "Submit")
	mustContain(h.t, "receipt", r, "filed as")
	list, _ := h.db.ComplaintsByUser(context.Background(), bot.Console, user)
	return &list[0]
}

// A refund is called a refund, an amount above what was asked is caught
// before it is approved, the complainant is told nothing of an approval
// still being confirmed, and sending it back needs a reason, which the
// approver is told.
func TestRefundApprovalWarnsAboveWhatWasAsked(t *testing.T) {
	h := newHarness(t)
	cpl := h.fileRefund("consumer1")
	card := h.cardFor(cpl.Ref)
	mustContain(t, "card", card, "[Approve refund]", "refund: 89.90 USD")
	form := h.press("staff", card, "Approve refund")
	if f := form.Form; f == nil || f.Title != "Approve refund "+cpl.Ref || f.Inputs[0].Label != "Refund amount" || f.Inputs[0].Placeholder != "asked: 89.90 USD" || f.Inputs[0].Initial != "89.90" {
		t.Fatalf("approve form = %+v", form.Form)
	}
	// 5,000 for a refund of 89.90: caught, with the amount asked.
	_, err := h.submit("staff", form.Form, map[string]string{"amount": "5000", "currency": "USD"})
	fe, ok := err.(*bot.FormError)
	if !ok || !strings.Contains(fe.Fields["amount"], "5,000.00 USD is more than the refund of 89.90 USD the complainant asked for") {
		t.Fatalf("5,000 approved without a warning: %v", err)
	}
	_, err = h.submit("staff", form.Form, map[string]string{"amount": "89.90", "currency": "EUR"})
	if fe, ok := err.(*bot.FormError); !ok || !strings.Contains(fe.Fields["amount"], "in USD, not EUR") {
		t.Fatalf("another currency approved without a warning: %v", err)
	}
	if got, _ := h.db.Complaint(context.Background(), cpl.Ref); got.Status != ipdesk.StatusSubmitted || got.Version != cpl.Version {
		t.Fatalf("the refused approvals changed the complaint: %s v%d", got.Status, got.Version)
	}
	// A forged submission without the form's check meets the same rule.
	if err := (&ipdesk.Complaint{Amount: 8990, Currency: "USD", Remedy: ipdesk.RemedyRefund}).OverAsked(500000, "USD"); err == "" {
		t.Fatal("OverAsked found nothing")
	}

	// With a reason it goes to a second staff member (above the limit).
	if _, err := h.submit("staff", form.Form, map[string]string{"amount": "5000", "currency": "USD", "note": "Includes damages agreed by phone."}); err != nil {
		t.Fatal(err)
	}
	dms := h.dms("consumer1")
	pending := dms[len(dms)-1].Text
	if !strings.Contains(pending, "being confirmed by a second staff member") || strings.Contains(pending, "5,000") || strings.Contains(pending, "approved") {
		t.Fatalf("pending notice = %s", pending)
	}
	tr := h.trail(cpl.Ref)
	if last := tr[len(tr)-1]; !strings.Contains(last.Note, "a refund of 5,000.00 USD (5,000.00 USD is more than the refund of 89.90 USD the complainant asked for)") {
		t.Errorf("audit = %q", last.Note)
	}

	// Send back asks for a reason; the approver is told it.
	back := h.press("staff2", h.cardFor(cpl.Ref), "Send back")
	if back.Form == nil || back.Form.Inputs[0].ID != "reason" || !back.Form.Inputs[0].Required {
		t.Fatalf("Send back = %+v", back)
	}
	if _, err := h.submit("staff2", back.Form, map[string]string{"reason": ""}); !isFormError(err, "reason") {
		t.Fatalf("send back without a reason = %v", err)
	}
	if _, err := h.submit("staff2", back.Form, map[string]string{"reason": "The receipt shows 89.90 USD; damages are not ours to pay."}); err != nil {
		t.Fatal(err)
	}
	told := h.rec.SentTo(bot.DirectTo(bot.Console, "staff"))
	if len(told) == 0 {
		t.Fatal("the approver was not told")
	}
	mustContain(t, "approver", told[len(told)-1], "Your approval of a refund of 5,000.00 USD on **"+cpl.Ref+"** was sent back by console:staff2", "damages are not ours to pay")
	got, _ := h.db.Complaint(context.Background(), cpl.Ref)
	if got.Status != ipdesk.StatusInReview || got.Decision != nil {
		t.Fatalf("after send back: %s %+v", got.Status, got.Decision)
	}
	if tr := h.trail(cpl.Ref); !strings.Contains(tr[len(tr)-1].Note, "damages are not ours to pay") {
		t.Errorf("the reason is not in the trail: %q", tr[len(tr)-1].Note)
	}

	// The amount asked: approved at once, and called a refund.
	form = h.press("staff2", h.cardFor(cpl.Ref), "Approve refund")
	if _, err := h.submit("staff2", form.Form, map[string]string{"amount": "89.90", "currency": "USD"}); err != nil {
		t.Fatal(err)
	}
	dms = h.dms("consumer1")
	mustContain(t, "approved", dms[len(dms)-1], "it was **approved**. Refund: **89.90 USD**.")
	mustContain(t, "card approved", h.cardFor(cpl.Ref), "approved a refund of 89.90 USD by console:staff2")
	mustContain(t, "status", h.say("consumer1", "status"), "approved, a refund of 89.90 USD")
}
