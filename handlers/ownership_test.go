package handlers_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/bottest"
)

// missingRef is a well-formed reference no test files.
const missingRef = "IPD-ZZZZZ"

// sameAnswer fails unless a reply about someone else's complaint ref reads
// exactly like the reply about a reference that does not exist.
func sameAnswer(t *testing.T, what string, foreign bot.Reply, ref string, missing bot.Reply) {
	t.Helper()
	got := strings.ReplaceAll(bottest.Text(foreign), ref, missingRef)
	if got != bottest.Text(missing) {
		t.Fatalf("%s: someone else's %s answers\n%s\nbut a missing reference answers\n%s", what, ref, bottest.Text(foreign), bottest.Text(missing))
	}
}

// refusals returns the refused rows of ref's trail.
func (h *harness) refusals(ref string) []ipdesk.AuditEntry {
	h.t.Helper()
	var out []ipdesk.AuditEntry
	for _, a := range h.trail(ref) {
		if a.Action == ipdesk.ActionRefused {
			out = append(out, a)
		}
	}
	return out
}

// A bystander who presses Submit with the complainant's draft id (a
// forged button) learns nothing: not the reference the draft was filed as,
// nor that it was filed. The attempt is audited.
func TestForgedConfirmOfAnotherUsersDraft(t *testing.T) {
	h := newHarness(t)
	summary := h.toSummary("consumer1")
	submit, _ := bottest.Button(summary, "Submit")
	forged := bot.Button{ID: submit.ID, Value: "0123456789abcdef01"}
	missing := h.pressButton("consumer2", forged)
	mustContain(t, "missing draft", missing, "no longer open")
	// Before filing, the draft is the complainant's alone.
	mustContain(t, "open draft", h.pressButton("consumer2", submit), bottest.Text(missing))
	if h.draft("consumer1") == nil {
		t.Fatal("a bystander's confirm touched the complainant's draft")
	}
	h.press("consumer1", summary, "Submit")
	list, _ := h.db.ComplaintsByUser(context.Background(), bot.Console, "consumer1")
	if len(list) != 1 {
		t.Fatalf("%d complaints filed", len(list))
	}
	ref := list[0].Ref
	for _, user := range []string{"consumer2", "staff2"} {
		r := h.pressButton(user, submit)
		if strings.Contains(bottest.Text(r), ref) || bottest.Text(r) != bottest.Text(missing) {
			t.Fatalf("%s's forged confirm answered\n%s\nwant\n%s", user, bottest.Text(r), bottest.Text(missing))
		}
	}
	for _, user := range []string{"consumer2", "staff2"} {
		for _, s := range h.dms(user) {
			if strings.Contains(bottest.Text(s), ref) {
				t.Fatalf("%s was sent %s", user, bottest.Text(s))
			}
		}
	}
	tr := h.refusals(ref)
	if len(tr) != 2 || tr[0].Actor != "console:consumer2" || tr[1].Actor != "console:staff2" {
		t.Fatalf("refusals = %+v", tr)
	}
	// The complainant's own repeat still gets the reference.
	mustContain(t, "own repeat", h.pressButton("consumer1", submit), "already filed as **"+ref+"**")
	if got, _ := h.db.ComplaintsByUser(context.Background(), bot.Console, "consumer2"); len(got) != 0 {
		t.Fatalf("bystander has complaints %+v", got)
	}
}

// The answer form, submitted by someone else with the complainant's
// reference, is refused before the answer rules run, reads like the form
// for a reference that does not exist, and is audited.
func TestAnswerFormOfAnotherUsersComplaint(t *testing.T) {
	h := newHarness(t)
	cpl := h.file("consumer1", "ACME Store")
	note := h.askInfo(cpl, "Please send a photo of the packaging.")
	form := h.press("consumer1", note, "Answer").Form
	if form == nil {
		t.Fatal("Answer opened no form")
	}
	answer := map[string]string{"answer": "It is fake, trust me."}
	missing, _ := h.submit("consumer2", &bot.Form{ID: form.ID, Value: missingRef}, answer)
	mustContain(t, "missing", missing, missingRef)
	foreign, _ := h.submit("consumer2", form, answer)
	sameAnswer(t, "form", foreign, cpl.Ref, missing)
	h.waiting(cpl.Ref)
	// Staff are told why; they are refused and audited too.
	r, _ := h.submit("staff2", form, answer)
	mustContain(t, "staff", r, "Only the complainant can answer")
	h.waiting(cpl.Ref)
	// A complaint that waits for nobody answers the same.
	other := h.file("consumer3", "Other Shop")
	foreign, _ = h.submit("consumer2", &bot.Form{ID: form.ID, Value: other.Ref}, answer)
	sameAnswer(t, "form, not waiting", foreign, other.Ref, missing)

	tr := h.refusals(cpl.Ref)
	if len(tr) != 2 || tr[0].Actor != "console:consumer2" || tr[0].Role != ipdesk.RoleUser || tr[0].Note != "answer: not the complainant" ||
		tr[1].Actor != "console:staff2" || tr[1].Role != ipdesk.RoleStaff {
		t.Fatalf("refusals = %+v", tr)
	}
	if tr := h.refusals(other.Ref); len(tr) != 1 {
		t.Fatalf("refusals on %s = %+v", other.Ref, tr)
	}
	// The complainant's own form still answers.
	r, err := h.submit("consumer1", form, map[string]string{"answer": "The box is in the photo."})
	if err != nil {
		t.Fatal(err)
	}
	mustContain(t, "own", r, "added to **"+cpl.Ref+"**")
}

// The Answer and "Yes, send it" buttons say the same for someone else's
// complaint as for one that does not exist, so references cannot be
// probed with them; pressing them on someone else's complaint is audited.
func TestAnswerButtonsOfAnotherUsersComplaint(t *testing.T) {
	h := newHarness(t)
	cpl := h.file("consumer1", "ACME Store")
	h.askInfo(cpl, "Please send a photo of the packaging.")
	for _, id := range []string{"complain.answer", "complain.answer.send"} {
		missing := h.pressButton("consumer2", bot.Button{ID: id, Value: missingRef})
		mustContain(t, id+" missing", missing, missingRef)
		foreign := h.pressButton("consumer2", bot.Button{ID: id, Value: cpl.Ref})
		sameAnswer(t, id, foreign, cpl.Ref, missing)
		if foreign.Form != nil {
			t.Fatalf("%s opened a form for a bystander", id)
		}
	}
	mustContain(t, "staff", h.pressButton("staff2", bot.Button{ID: "complain.answer", Value: cpl.Ref}), "Only the complainant can answer")
	if p, err := h.db.PendingAnswer(context.Background(), bot.Console, "consumer2"); ipdesk.ErrorCode(err) != ipdesk.ENOTFOUND {
		t.Fatalf("bystander's pending answer = %+v, %v", p, err)
	}
	h.waiting(cpl.Ref)
	tr := h.refusals(cpl.Ref)
	if len(tr) != 3 || tr[0].Actor != "console:consumer2" || tr[1].Actor != "console:consumer2" || tr[2].Role != ipdesk.RoleStaff {
		t.Fatalf("refusals = %+v", tr)
	}
	// The complainant is still told when their complaint waits for nothing.
	other := h.file("consumer1", "Other Shop")
	mustContain(t, "own, not waiting", h.pressButton("consumer1", bot.Button{ID: "complain.answer", Value: other.Ref}), other.Ref+" is not waiting for an answer from you")
	if tr := h.refusals(other.Ref); len(tr) != 0 {
		t.Fatalf("the complainant's own press was audited as refused: %+v", tr)
	}
}

// Status and withdraw used in a shared channel answer only the user who
// asked: every reply is ephemeral and nothing is posted to the channel.
func TestStatusAndWithdrawInChannelArePrivate(t *testing.T) {
	h := newHarness(t)
	cpl := h.file("consumer1", "ACME Store")
	h.say("consumer1", "/complain") // a draft in progress shows in status
	h.say("consumer1", "cancel")
	general := bot.Address{Platform: bot.Console, Channel: "general"}
	inChannel := func(user string, text string, action *bot.Action) bot.Reply {
		t.Helper()
		e := h.event(user)
		e.Where, e.Mentioned = general, true
		if action != nil {
			e.Kind, e.Action = bot.KindAction, *action
		} else {
			e.Kind, e.Text = bot.KindMessage, text
		}
		n := len(h.rec.Replies())
		if err := h.serve(e); err != nil {
			t.Fatal(err)
		}
		rs := h.rec.Replies()
		if len(rs) != n+1 {
			t.Fatalf("%q: %d replies, want 1", text+e.Action.ID, len(rs)-n)
		}
		if !rs[n].Ephemeral {
			t.Fatalf("%q answered the whole channel:\n%s", text+e.Action.ID, bottest.Text(rs[n]))
		}
		return rs[n]
	}
	mustContain(t, "status", inChannel("consumer1", "status", nil), cpl.Ref)
	mustContain(t, "other's status", inChannel("consumer2", "status", nil), "not filed any")
	mustContain(t, "list", inChannel("consumer1", "withdraw", nil), "[Withdraw "+cpl.Ref+"]")
	mustContain(t, "none", inChannel("consumer2", "withdraw", nil), "no open complaints")
	mustContain(t, "other's", inChannel("consumer2", "withdraw "+cpl.Ref, nil), "You have no complaint "+cpl.Ref)
	ask := inChannel("consumer1", "withdraw "+cpl.Ref, nil)
	mustContain(t, "ask", ask, "Withdraw **"+cpl.Ref+"**")
	keep, _ := bottest.Button(ask, "Keep it")
	mustContain(t, "keep", inChannel("consumer1", "", &bot.Action{ID: keep.ID, Value: keep.Value}), "stays open")
	yes, _ := bottest.Button(ask, "Yes, withdraw "+cpl.Ref)
	mustContain(t, "withdrawn", inChannel("consumer1", "", &bot.Action{ID: yes.ID, Value: yes.Value}), cpl.Ref+"** is withdrawn")
	mustContain(t, "again", inChannel("consumer1", "", &bot.Action{ID: yes.ID, Value: yes.Value}), "withdrawn")
	mustContain(t, "status after", inChannel("consumer1", "status", nil), "withdrawn")
	for _, s := range h.rec.Sent() {
		if s.To == general {
			t.Fatalf("posted to the channel:\n%s", bottest.Text(s.Reply))
		}
	}
	if got, _ := h.db.Complaint(context.Background(), cpl.Ref); got.Status != ipdesk.StatusWithdrawn {
		t.Fatalf("status %s, want withdrawn", got.Status)
	}
}
