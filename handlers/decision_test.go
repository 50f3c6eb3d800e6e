package handlers_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
)

// A button or form whose value lost its version (an old card, a garbled
// value) shows the current card instead of deciding on what nobody saw,
// and a decision already made stays as it was.
func TestVersionlessButtonShowsTheCurrentCard(t *testing.T) {
	h := newHarness(t)
	cpl := h.file("consumer1", "ACME Store")
	for _, value := range []string{cpl.Ref, cpl.Ref + ":", cpl.Ref + ":x", cpl.Ref + ":0"} {
		r := h.pressButton("staff", bot.Button{ID: "review.escalate", Value: value})
		mustContain(t, "versionless escalate "+value, r, "out of date; here is the current one", "Complaint "+cpl.Ref, "[Approve compensation]", "[Escalate]")
		e := h.event("staff")
		e.Kind, e.Form = bot.KindSubmit, bot.FormData{ID: "review.approve", Value: value, Fields: map[string]string{"amount": "9999", "currency": "USD"}}
		r = h.do(e)
		mustContain(t, "versionless approve "+value, r, "out of date", "[Approve compensation]")
	}
	if got, _ := h.db.Complaint(context.Background(), cpl.Ref); got.Version != 1 || got.Status != ipdesk.StatusSubmitted {
		t.Fatalf("versionless actions changed the complaint: %s v%d", got.Status, got.Version)
	}

	// Approved at the card's version; an approve form without a version
	// cannot replace the amount or the approver.
	r := h.press("staff", h.cardFor(cpl.Ref), "Approve compensation")
	if _, err := h.submit("staff", r.Form, map[string]string{"amount": "40", "currency": "USD"}); err != nil {
		t.Fatal(err)
	}
	for _, f := range []bot.FormData{
		{ID: "review.approve", Value: cpl.Ref + ":0", Fields: map[string]string{"amount": "400", "currency": "USD"}},
		{ID: "review.reject", Value: cpl.Ref, Fields: map[string]string{"reason": "duplicate"}},
	} {
		e := h.event("staff2")
		e.Kind, e.Form = bot.KindSubmit, f
		if err := h.serveRaw(e); ipdesk.ErrorCode(err) != ipdesk.ECONFLICT || !strings.Contains(ipdesk.ErrorMessage(err), "already decided by console:staff") {
			t.Fatalf("%s without a version after approval = %v", f.ID, err)
		}
	}
	got, _ := h.db.Complaint(context.Background(), cpl.Ref)
	if got.Decision.Amount != 4000 || got.Decision.By != "console:staff" {
		t.Fatalf("decision overwritten: %+v", got.Decision)
	}
}

// While an approval waits for its second staff member, the card offers
// only confirming or sending it back, and a second approval is refused.
func TestAwaitingConfirmationCannotBeReapproved(t *testing.T) {
	h := newHarness(t)
	cpl := h.file("consumer1", "ACME Store")
	r := h.press("staff", h.cardFor(cpl.Ref), "Approve compensation")
	if _, err := h.submit("staff", r.Form, map[string]string{"amount": "750", "currency": "USD", "note": "Includes the cost of the replacement."}); err != nil {
		t.Fatal(err)
	}
	card := h.cardFor(cpl.Ref)
	mustContain(t, "pending card", card, "[Confirm approval]", "[Send back]")
	if strings.Contains(card.Text+labels(card), "Reject") || strings.Contains(labels(card), "Approve compensation") {
		t.Fatalf("pending card offers a competing decision: %s", labels(card))
	}
	v := card.Buttons[0].Value
	e := h.event("staff2")
	e.Kind, e.Form = bot.KindSubmit, bot.FormData{ID: "review.approve", Value: v, Fields: map[string]string{"amount": "10", "currency": "USD"}}
	if err := h.serveRaw(e); ipdesk.ErrorCode(err) != ipdesk.ECONFLICT || !strings.Contains(ipdesk.ErrorMessage(err), "approved by console:staff") {
		t.Fatalf("second approval while awaiting confirmation = %v", err)
	}
	if got, _ := h.db.Complaint(context.Background(), cpl.Ref); got.Decision.By != "console:staff" || got.Decision.Amount != 75000 {
		t.Fatalf("first approval replaced: %+v", got.Decision)
	}
}

func labels(r bot.Reply) string {
	var s []string
	for _, b := range r.Buttons {
		s = append(s, b.Label)
	}
	return strings.Join(s, ",")
}

// Staff who filed a complaint as a consumer cannot decide it; every
// attempt is refused and audited, and a colleague can.
func TestStaffCannotDecideTheirOwnComplaint(t *testing.T) {
	h := newHarness(t)
	cpl := h.file("staff9", "ACME Store")
	card := h.cardFor(cpl.Ref)
	for _, label := range []string{"Approve compensation", "Reject", "Escalate", "Assign to me"} {
		r := h.press("staff9", card, label)
		mustContain(t, label, r, "You filed "+cpl.Ref+" yourself")
		if r.Form != nil {
			t.Fatalf("%s opened a form for the complainant", label)
		}
	}
	b := card.Buttons[0]
	e := h.event("staff9")
	e.Kind, e.Form = bot.KindSubmit, bot.FormData{ID: "review.approve", Value: b.Value, Fields: map[string]string{"amount": "49.99", "currency": "USD"}}
	mustContain(t, "approve form", h.do(e), "yourself")
	got, _ := h.db.Complaint(context.Background(), cpl.Ref)
	if got.Version != 1 || got.Decision != nil {
		t.Fatalf("own complaint changed: %+v", got)
	}
	tr := h.trail(cpl.Ref)
	if actions(tr) != "file,refused,refused,refused,refused,refused" || tr[1].Actor != "console:staff9" || !strings.Contains(tr[1].Note, "yourself") {
		t.Fatalf("trail = %+v", tr)
	}
	r := h.press("staff", card, "Approve compensation")
	if _, err := h.submit("staff", r.Form, map[string]string{"amount": "49.99", "currency": "USD"}); err != nil {
		t.Fatal(err)
	}
	if got, _ := h.db.Complaint(context.Background(), cpl.Ref); got.Status != ipdesk.StatusApproved {
		t.Fatalf("colleague's approval: %s", got.Status)
	}
}

// A complaint that asks only for the listing to go can be approved without
// an amount, audited and notified like any approval.
func TestApproveListingRemoval(t *testing.T) {
	h := newHarness(t)
	cpl := h.fileFor("consumer1", "ACME Store", "Remove the listing")
	card := h.cardFor(cpl.Ref)
	mustContain(t, "card", card, "listing removal", "[Approve: remove listing]", "[Reject]")
	r := h.press("staff", card, "Approve: remove listing")
	if r.Form == nil || r.Form.ID != "review.removal" {
		t.Fatalf("removal opened no form: %+v", r)
	}
	for _, in := range r.Form.Inputs {
		if in.ID == "amount" {
			t.Fatal("removal form asks for an amount")
		}
	}
	if _, err := h.submit("staff", r.Form, map[string]string{"note": "Reported to the marketplace."}); err != nil {
		t.Fatal(err)
	}
	got, _ := h.db.Complaint(context.Background(), cpl.Ref)
	if got.Status != ipdesk.StatusApproved || got.Decision.Amount != 0 || got.Decision.By != "console:staff" {
		t.Fatalf("after removal approval: %s %+v", got.Status, got.Decision)
	}
	mustContain(t, "card", h.cardFor(cpl.Ref), "approved without compensation (listing removal) by console:staff")
	dms := h.dms("consumer1")
	last := dms[len(dms)-1]
	mustContain(t, "notification", last, cpl.Ref, "approved", "remove the listing", "Reported to the marketplace.")
	if strings.Contains(last.Text, "0.00") || strings.Contains(last.Text, "payment") {
		t.Fatalf("removal notification speaks of money: %s", last.Text)
	}
	tr := h.trail(cpl.Ref)
	if actions(tr) != "file,approve" || !strings.Contains(tr[1].Note, "without compensation") {
		t.Fatalf("trail = %+v", tr)
	}
	mustContain(t, "status", h.say("consumer1", "/status"), "approved, without compensation")
}
