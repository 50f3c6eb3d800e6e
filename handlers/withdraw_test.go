package handlers_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/bottest"
)

func TestWithdrawFromStatusWithConfirmation(t *testing.T) {
	h := newHarness(t)
	cpl := h.file("consumer1", "ACME Store")
	oldCard := h.cardFor(cpl.Ref)
	st := h.say("consumer1", "/status")
	mustContain(t, "status", st, cpl.Ref, "[Withdraw "+cpl.Ref+"]", "withdraw IPD-")
	// The first press only asks; "Keep it" changes nothing.
	ask := h.press("consumer1", st, "Withdraw "+cpl.Ref)
	mustContain(t, "confirmation", ask, "Withdraw **"+cpl.Ref+"**", "cannot be reopened", "[Yes, withdraw "+cpl.Ref+"]", "[Keep it]")
	mustContain(t, "keep", h.press("consumer1", ask, "Keep it"), "stays open")
	if got, _ := h.db.Complaint(context.Background(), cpl.Ref); got.Status != ipdesk.StatusSubmitted || got.Version != 1 {
		t.Fatalf("asking changed the complaint: %+v", got)
	}
	edits := len(h.rec.Edits())
	r := h.press("consumer1", ask, "Yes, withdraw "+cpl.Ref)
	mustContain(t, "withdrawn", r, cpl.Ref+"** is withdrawn")
	got, _ := h.db.Complaint(context.Background(), cpl.Ref)
	if got.Status != ipdesk.StatusWithdrawn || got.WithdrawnAt.IsZero() {
		t.Fatalf("after withdraw: %+v", got)
	}
	// The card is edited in place: withdrawn, by whom, no buttons left.
	if len(h.rec.Edits()) != edits+1 {
		t.Fatalf("%d card edits, want 1", len(h.rec.Edits())-edits)
	}
	card := h.cardFor(cpl.Ref)
	mustContain(t, "card", card, "Status: **withdrawn**", "Withdrawn: by the complainant, 2026-03-01")
	if len(card.Buttons) != 0 {
		t.Fatalf("withdrawn card still has buttons: %v", card.Buttons)
	}
	if tr := h.trail(cpl.Ref); actions(tr) != "file,withdraw" || tr[1].Actor != "console:consumer1" || tr[1].Role != ipdesk.RoleUser || tr[1].After != "withdrawn" {
		t.Fatalf("trail = %+v", tr)
	}
	// Staff pressing the card they had open are told, and nothing is decided.
	r = h.press("staff", oldCard, "Approve compensation")
	mustContain(t, "stale approve", r, "withdrawn by the complainant")
	e := h.event("staff")
	e.Kind, e.Form = bot.KindSubmit, bot.FormData{ID: "review.reject", Value: cpl.Ref + ":0", Fields: map[string]string{"reason": "duplicate"}}
	if err := h.serveRaw(e); ipdesk.ErrorCode(err) != ipdesk.ECONFLICT || !strings.Contains(ipdesk.ErrorMessage(err), "withdrawn by the complainant") {
		t.Fatalf("reject of a withdrawn complaint = %v", err)
	}
	// A second withdrawal, and the old confirmation button, say so.
	mustContain(t, "again", h.press("consumer1", ask, "Yes, withdraw "+cpl.Ref), "withdrawn by the complainant")
	mustContain(t, "again", h.say("consumer1", "withdraw "+cpl.Ref), "already withdrawn")
	st = h.say("consumer1", "/status")
	mustContain(t, "status after", st, cpl.Ref, "withdrawn")
	if len(st.Buttons) != 0 {
		t.Fatalf("status offers %v for a withdrawn complaint", st.Buttons)
	}
	if got, _ := h.db.Complaint(context.Background(), cpl.Ref); got.Decision != nil || got.Version != 2 {
		t.Fatalf("withdrawn complaint changed later: %+v", got)
	}
}

func TestWithdrawOnlyOwnComplaint(t *testing.T) {
	h := newHarness(t)
	cpl := h.file("consumer1", "ACME Store")
	mustContain(t, "other user", h.say("consumer2", "withdraw "+cpl.Ref), "You have no complaint "+cpl.Ref)
	mustContain(t, "missing", h.say("consumer2", "withdraw IPD-ZZZZZ"), "You have no complaint IPD-ZZZZZ")
	mustContain(t, "staff", h.say("staff", "withdraw "+cpl.Ref), "Only the complainant can withdraw")
	// A forged confirm press is refused the same way.
	r := h.pressButton("staff", bot.Button{ID: "complain.withdraw.confirm", Value: cpl.Ref})
	mustContain(t, "forged", r, "Only the complainant")
	mustContain(t, "bad ref", h.say("consumer1", "withdraw <!channel>"), "Give the reference")
	if got, _ := h.db.Complaint(context.Background(), cpl.Ref); got.Status != ipdesk.StatusSubmitted || got.Version != 1 {
		t.Fatalf("refused withdrawals changed the complaint: %+v", got)
	}
	tr := h.trail(cpl.Ref)
	if actions(tr) != "file,refused,refused,refused" || tr[1].Actor != "console:consumer2" || tr[2].Role != ipdesk.RoleStaff {
		t.Fatalf("trail = %+v", tr)
	}
	// Without a reference: the user's open complaints, each with a button;
	// the command works typed while a draft is open.
	r = h.say("consumer1", "withdraw")
	mustContain(t, "list", r, "Which complaint", "[Withdraw "+cpl.Ref+"]")
	h.say("consumer1", "/complain")
	r = h.say("consumer1", "withdraw "+strings.ToLower(cpl.Ref))
	mustContain(t, "during draft", r, "Withdraw **"+cpl.Ref+"**")
	mustContain(t, "none", h.say("consumer2", "withdraw"), "no open complaints")
}

// TestWithdrawRacesDecision withdraws while staff decide, many times over:
// each time exactly one wins, the loser is told, and the trail holds one of
// the two.
func TestWithdrawRacesDecision(t *testing.T) {
	h := newHarness(t)
	for i := range 8 {
		cpl := h.file(fmt.Sprintf("c%d", i), fmt.Sprintf("Shop %d", i))
		approve, _ := bottest.Button(h.cardFor(cpl.Ref), "Approve compensation")
		var wg sync.WaitGroup
		var decideErr, withdrawErr error
		wg.Add(2)
		go func() {
			defer wg.Done()
			e := h.event("staff")
			e.Kind, e.Form = bot.KindSubmit, bot.FormData{ID: "review.approve", Value: approve.Value, Fields: map[string]string{"amount": "10", "currency": "USD"}}
			decideErr = h.serveRaw(e)
		}()
		go func() {
			defer wg.Done()
			e := h.event(fmt.Sprintf("c%d", i))
			e.Kind, e.Action = bot.KindAction, bot.Action{ID: "complain.withdraw.confirm", Value: cpl.Ref}
			withdrawErr = h.serveRaw(e)
		}()
		wg.Wait()
		got, _ := h.db.Complaint(context.Background(), cpl.Ref)
		tr := actions(h.trail(cpl.Ref))
		switch {
		case decideErr == nil && withdrawErr != nil:
			if got.Status != ipdesk.StatusApproved || tr != "file,approve" || ipdesk.ErrorCode(withdrawErr) != ipdesk.ECONFLICT || !strings.Contains(ipdesk.ErrorMessage(withdrawErr), "already decided") {
				t.Fatalf("approval won: status %s, trail %s, withdraw error %v", got.Status, tr, withdrawErr)
			}
		case withdrawErr == nil && decideErr != nil:
			if got.Status != ipdesk.StatusWithdrawn || got.Decision != nil || tr != "file,withdraw" || !strings.Contains(ipdesk.ErrorMessage(decideErr), "withdrawn by the complainant") {
				t.Fatalf("withdrawal won: status %s, trail %s, decide error %v", got.Status, tr, decideErr)
			}
		default:
			t.Fatalf("decide error %v, withdraw error %v: want exactly one to win", decideErr, withdrawErr)
		}
	}
}
