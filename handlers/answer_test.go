package handlers_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
)

// askInfo has staff ask the complainant of cpl a question and returns the
// notification the complainant got.
func (h *harness) askInfo(cpl *ipdesk.Complaint, question string) bot.Reply {
	h.t.Helper()
	r := h.press("staff", h.cardFor(cpl.Ref), "Request info")
	if _, err := h.submit("staff", r.Form, map[string]string{"question": question}); err != nil {
		h.t.Fatal(err)
	}
	dms := h.dms(cpl.UserID)
	return dms[len(dms)-1]
}

func (h *harness) waiting(ref string) {
	h.t.Helper()
	got, err := h.db.Complaint(context.Background(), ref)
	if err != nil {
		h.t.Fatal(err)
	}
	if got.Status != ipdesk.StatusNeedsInfo || got.InfoAnswer != "" {
		h.t.Fatalf("%s is %s with answer %q, want still waiting", ref, got.Status, got.InfoAnswer)
	}
}

// While a complaint waits for the complainant, commands, "thanks" and a
// typed 1 do what they mean; none becomes the answer.
func TestWaitingForAnswerCommandsAreNotAnswers(t *testing.T) {
	h := newHarness(t)
	other := h.file("consumer1", "Other Shop")
	cpl := h.file("consumer1", "ACME Store")
	note := h.askInfo(cpl, "Please send a photo of the packaging.")
	mustContain(t, "notification", note, "[Answer]", "type `answer`")

	mustContain(t, "status", h.say("consumer1", "status"), "Your complaints", cpl.Ref, "waiting for information")
	mustContain(t, "withdraw", h.say("consumer1", "withdraw "+other.Ref), "Withdraw **"+other.Ref+"**")
	mustContain(t, "slash", h.say("consumer1", "/status"), "Your complaints")
	h.waiting(cpl.Ref)

	// Free text is held and the complainant asked; "no" drops it.
	r := h.say("consumer1", "thanks")
	mustContain(t, "thanks held", r, "Send this as your answer to **"+cpl.Ref+"**?", "“thanks”", "Please send a photo of the packaging.")
	mustContain(t, "no", h.say("consumer1", "no"), "Not sent")
	h.waiting(cpl.Ref)
	// The old Yes button has nothing left to send.
	mustContain(t, "stale yes", h.press("consumer1", r, "Yes, send it"), "no message waiting")
	h.waiting(cpl.Ref)

	// 1 presses Answer: a typed message cannot open a form on Slack (a
	// form needs a button press), so the next message is the answer.
	r = h.say("consumer1", "1")
	if r.Form != nil {
		t.Fatalf("typed 1 opened a form: %+v", r.Form)
	}
	mustContain(t, "answer prompt", r, "Please send a photo of the packaging.", "Send your answer as your next message (text and files)", "[Answer in a form]")
	mustContain(t, "answered", h.say("consumer1", "The box is in the photo I sent."), "added to **"+cpl.Ref+"**")
	got, _ := h.db.Complaint(context.Background(), cpl.Ref)
	if got.InfoAnswer != "The box is in the photo I sent." || got.Status != ipdesk.StatusSubmitted {
		t.Fatalf("after the form: %s %q", got.Status, got.InfoAnswer)
	}
	if tr := actions(h.trail(cpl.Ref)); tr != "file,request_info,info_reply" {
		t.Fatalf("trail = %s", tr)
	}
	// Answered: the next remark is not held.
	if r := h.say("consumer1", "thanks"); strings.Contains(r.Text, "Send this as your answer") {
		t.Fatalf("a remark after the answer was held: %s", r.Text)
	}
}

// After Answer is pressed, the next message is the answer, even after a
// restart, and files sent with it join the evidence, fingerprinted,
// audited and shown on the card.
func TestAnswerModeTakesTextAndFilesAcrossRestart(t *testing.T) {
	h := newHarness(t)
	cpl := h.file("consumer1", "ACME Store")
	note := h.askInfo(cpl, "Please send a photo of the packaging.")
	h.press("consumer1", note, "Answer")
	h.restart()
	// A command still runs as a command.
	mustContain(t, "status", h.say("consumer1", "status"), "Your complaints")
	h.waiting(cpl.Ref)

	e := h.event("consumer1")
	box := jpeg("the packaging, front and back")
	box.Name = "box.jpg"
	e.Kind, e.Text, e.Files = bot.KindMessage, "Here is the box.", []bot.File{box}
	r := h.do(e)
	mustContain(t, "thanks", r, "added to **"+cpl.Ref+"**", "1 file was added to its evidence")
	got, _ := h.db.Complaint(context.Background(), cpl.Ref)
	if got.InfoAnswer != "Here is the box." || len(got.Evidence) != 2 {
		t.Fatalf("after the answer: %q, evidence %+v", got.InfoAnswer, got.Evidence)
	}
	ev := got.Evidence[1]
	if ev.Name != "box.jpg" || ev.Type != "image/jpeg" || len(ev.SHA256) != 64 || !ev.Upload {
		t.Fatalf("answer evidence = %+v", ev)
	}
	mustContain(t, "card", h.cardFor(cpl.Ref), "box.jpg", ev.SHA256, "Here is the box.")
	tr := h.trail(cpl.Ref)
	if actions(tr) != "file,request_info,info_reply" || !strings.Contains(tr[2].Note, "box.jpg sha256 "+ev.SHA256) {
		t.Fatalf("trail = %+v", tr)
	}

	// Files alone answer too, through the held message and Yes.
	h.askInfo(cpl, "And the receipt, please.")
	e = h.event("consumer1")
	e.Kind, e.Files = bot.KindMessage, []bot.File{{Name: "receipt.pdf", Type: "application/pdf", Size: 2048}}
	r = h.do(e)
	mustContain(t, "held files", r, "Send this as your answer", "receipt.pdf")
	h.waiting(cpl.Ref)
	mustContain(t, "yes", h.say("consumer1", "yes"), "added to")
	got, _ = h.db.Complaint(context.Background(), cpl.Ref)
	if len(got.Evidence) != 3 || got.Evidence[2].Name != "receipt.pdf" || !strings.Contains(got.InfoAnswer, "1 file(s)") {
		t.Fatalf("after files alone: %q %+v", got.InfoAnswer, got.Evidence)
	}
}

// After Answer is pressed, an answer that starts with a command word is the
// answer, files and all; a command word alone, or with a slash, still runs.
func TestAnswerModeTakesAnswerStartingWithCommandWord(t *testing.T) {
	h := newHarness(t)
	cpl := h.file("consumer1", "ACME Store")
	note := h.askInfo(cpl, "What does the receipt say you paid?")
	h.press("consumer1", note, "Answer")
	mustContain(t, "bare command", h.say("consumer1", "status"), "Your complaints")
	h.waiting(cpl.Ref)

	e := h.event("consumer1")
	receipt := jpeg("the receipt, 45 USD")
	receipt.Name = "receipt.jpg"
	const text = "Check the receipt photo: it shows 45 USD paid"
	e.Kind, e.Text, e.Files = bot.KindMessage, text, []bot.File{receipt}
	r := h.do(e)
	mustContain(t, "answer", r, "added to **"+cpl.Ref+"**", "1 file was added")
	if strings.Contains(r.Text, "risky") || strings.Contains(r.Text, "listing") {
		t.Fatalf("the answer ran the listing check: %s", r.Text)
	}
	got, _ := h.db.Complaint(context.Background(), cpl.Ref)
	if got.InfoAnswer != text || len(got.Evidence) != 2 || got.Evidence[1].Name != "receipt.jpg" || len(got.Evidence[1].SHA256) != 64 {
		t.Fatalf("after the answer: %q, evidence %+v", got.InfoAnswer, got.Evidence)
	}

	// Text alone, starting with another command word, answers too.
	h.askInfo(cpl, "Which colour was it?")
	h.press("consumer1", h.dms("consumer1")[len(h.dms("consumer1"))-1], "Answer")
	mustContain(t, "status answer", h.say("consumer1", "Status says shipped, but it was the red one"), "added to **"+cpl.Ref+"**")
	got, _ = h.db.Complaint(context.Background(), cpl.Ref)
	if got.InfoAnswer != "Status says shipped, but it was the red one" {
		t.Fatalf("answer = %q", got.InfoAnswer)
	}
}

// Files sent with a command while a complaint waits for its complainant
// are never dropped: the message is held, and the complainant decides.
func TestWaitingForAnswerCommandWithFilesIsHeld(t *testing.T) {
	for _, tc := range []struct{ name, text string }{
		{"slash", "/status"},
		{"bare", "status"},
		{"words", "check this photo of the label"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			cpl := h.file("consumer1", "ACME Store")
			h.askInfo(cpl, "Please send a photo of the label.")
			e := h.event("consumer1")
			label := jpeg("label")
			e.Kind, e.Text, e.Files = bot.KindMessage, tc.text, []bot.File{label}
			r := h.do(e)
			mustContain(t, "held", r, "Send this as your answer to **"+cpl.Ref+"**?", "label.jpg", "without files")
			h.waiting(cpl.Ref)
			mustContain(t, "yes", h.say("consumer1", "yes"), "added to **"+cpl.Ref+"**", "1 file was added")
			got, _ := h.db.Complaint(context.Background(), cpl.Ref)
			if len(got.Evidence) != 2 || got.Evidence[1].Name != "label.jpg" {
				t.Fatalf("evidence = %+v", got.Evidence)
			}
		})
	}
}

// Typed "answer" enters answer mode without a form; its button opens the
// form, and the form's answer is taken.
func TestTypedAnswerNeedsNoForm(t *testing.T) {
	h := newHarness(t)
	cpl := h.file("consumer1", "ACME Store")
	h.askInfo(cpl, "Which size did you order?")
	r := h.say("consumer1", "answer")
	if r.Form != nil {
		t.Fatalf("typed answer opened a form: %+v", r.Form)
	}
	mustContain(t, "typed", r, "Which size did you order?", "Send your answer as your next message")
	f := h.press("consumer1", r, "Answer in a form")
	if f.Form == nil || f.Form.ID != "complain.info" {
		t.Fatalf("the button opened no form: %+v", f)
	}
	if _, err := h.submit("consumer1", f.Form, map[string]string{"answer": "Size M."}); err != nil {
		t.Fatal(err)
	}
	got, _ := h.db.Complaint(context.Background(), cpl.Ref)
	if got.InfoAnswer != "Size M." {
		t.Fatalf("answer = %q", got.InfoAnswer)
	}
}

// An answer returns the complaint to the status it had when staff asked:
// an escalated complaint stays escalated, also across a restart and a
// second question.
func TestAnswerKeepsEscalation(t *testing.T) {
	h := newHarness(t)
	cpl := h.file("consumer1", "ACME Store")
	h.press("staff", h.cardFor(cpl.Ref), "Escalate")
	h.askInfo(cpl, "Please send a photo of the label.")
	h.restart()
	h.askInfo(cpl, "And the receipt, please.")
	h.press("consumer1", h.dms("consumer1")[len(h.dms("consumer1"))-1], "Answer")
	mustContain(t, "answer", h.say("consumer1", "Both are attached to my earlier message."), "added to **"+cpl.Ref+"**")
	got, _ := h.db.Complaint(context.Background(), cpl.Ref)
	if got.Status != ipdesk.StatusEscalated {
		t.Fatalf("status after the answer = %s, want escalated", got.Status)
	}
	mustContain(t, "card", h.cardFor(cpl.Ref), "Status: **escalated**", "Both are attached")
	tr := h.trail(cpl.Ref)
	if last := tr[len(tr)-1]; last.Action != ipdesk.ActionInfoReply || last.Before != "needs_info" || last.After != "escalated" {
		t.Fatalf("last audit row = %+v", last)
	}

	// A complaint in review returns to review.
	other := h.file("consumer2", "Other Shop")
	h.press("staff", h.cardFor(other.Ref), "Assign to me")
	h.askInfo(other, "Which size did you order?")
	h.press("consumer2", h.dms("consumer2")[len(h.dms("consumer2"))-1], "Answer")
	h.say("consumer2", "Size M.")
	if got, _ := h.db.Complaint(context.Background(), other.Ref); got.Status != ipdesk.StatusInReview {
		t.Fatalf("status after the answer = %s, want in_review", got.Status)
	}
}
