package handlers_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/bottest"
)

// An approved amount is not paid until staff say so: a failed payment and
// then the payment are recorded on the card and in the trail, the
// complainant is told each, and the queue lists the case by age until it
// is paid.
func TestPayoutPaidAfterAFailure(t *testing.T) {
	h := newHarness(t)
	cpl := h.file("consumer1", "ACME Store")
	r := h.press("staff", h.cardFor(cpl.Ref), "Approve compensation")
	if _, err := h.submit("staff", r.Form, map[string]string{"amount": "49.99", "currency": "USD"}); err != nil {
		t.Fatal(err)
	}
	h.clock.Add(50 * time.Hour)
	q := bottest.Text(h.say("staff", "queue"))
	if !strings.Contains(q, "Approved, not paid yet") || !strings.Contains(q, cpl.Ref+"** · approved 2d 2h ago · 49.99 USD") {
		t.Fatalf("queue:\n%s", q)
	}
	mustContain(t, "card", h.cardFor(cpl.Ref), "Not paid yet", "[Mark paid]", "[Payment failed]")

	f := h.press("staff2", h.cardFor(cpl.Ref), "Payment failed")
	if _, err := h.submit("staff2", f.Form, map[string]string{"reason": "no"}); !isFormError(err, "reason") {
		t.Fatalf("a failure without a reason = %v", err)
	}
	if _, err := h.submit("staff2", f.Form, map[string]string{"reason": "The bank returned the transfer: the account is closed."}); err != nil {
		t.Fatal(err)
	}
	dms := h.dms("consumer1")
	mustContain(t, "failed notice", dms[len(dms)-1], "we could not pay your compensation of **49.99 USD**", "the account is closed", "Staff will contact you")
	mustContain(t, "queue after failure", h.say("staff", "queue"), "last payment failed")

	f = h.press("staff2", h.cardFor(cpl.Ref), "Mark paid")
	if f.Form.Inputs[1].Initial != "2026-03-03" {
		t.Errorf("date proposed = %q", f.Form.Inputs[1].Initial)
	}
	for _, bad := range []map[string]string{
		{"reference": "", "date": "2026-03-03"},
		{"reference": "TX-778812", "date": "3 March"},
		{"reference": "TX-778812", "date": "2026-03-09"},
		{"reference": "TX-778812", "date": "2026-01-01"},
	} {
		if _, err := h.submit("staff2", f.Form, bad); err == nil {
			if got, _ := h.db.Complaint(context.Background(), cpl.Ref); got.PayoutState() == ipdesk.PayoutPaid {
				t.Fatalf("%v was recorded as paid", bad)
			}
		}
	}
	f = h.press("staff2", h.cardFor(cpl.Ref), "Mark paid")
	if _, err := h.submit("staff2", f.Form, map[string]string{"reference": "TX-778812", "date": "2026-03-03"}); err != nil {
		t.Fatal(err)
	}
	dms = h.dms("consumer1")
	mustContain(t, "paid notice", dms[len(dms)-1], "your compensation of **49.99 USD** was paid on 2026-03-03", "Payment reference: TX-778812")
	card := h.cardFor(cpl.Ref)
	mustContain(t, "paid card", card, "failed (recorded by console:staff2", "paid on 2026-03-03, reference TX-778812")
	if len(card.Buttons) != 0 {
		t.Errorf("a paid card offers %s", labels(card))
	}
	if strings.Contains(bottest.Text(h.say("staff", "queue")), cpl.Ref) {
		t.Error("the paid case is still in the queue")
	}
	got, _ := h.db.Complaint(context.Background(), cpl.Ref)
	if len(got.Payouts) != 2 || got.Payouts[0].Paid || !got.Payouts[1].Paid || got.Payouts[1].By != "console:staff2" {
		t.Fatalf("payouts = %+v", got.Payouts)
	}
	if tr := actions(h.trail(cpl.Ref)); tr != "file,approve,payout_failed,paid" {
		t.Fatalf("trail = %s", tr)
	}
	// A second record of payment is refused with who recorded the first.
	e := h.event("staff")
	e.Kind, e.Form = bot.KindSubmit, bot.FormData{ID: "review.paid", Value: got.Ref + ":" + strconv.Itoa(got.Version), Fields: map[string]string{"reference": "TX-2", "date": "2026-03-03"}}
	if err := h.serveRaw(e); ipdesk.ErrorCode(err) != ipdesk.ECONFLICT || !strings.Contains(ipdesk.ErrorMessage(err), "already recorded as paid by console:staff2") {
		t.Fatalf("second payment = %v", err)
	}
}
