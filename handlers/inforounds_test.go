package handlers_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/bottest"
)

// A second request for information keeps the first question and answer:
// the card shows both, latest first, `case` shows both, the store keeps
// both in order with the files each answer brought, and the audit trail
// holds each question and answer.
func TestSecondInfoRoundKeepsFirstAnswer(t *testing.T) {
	h := newHarness(t)
	cpl := h.file("consumer1", "ACME Store")
	const (
		q1 = "Please send the link to your order."
		a1 = "Here is my order: https://www.amazon.com/gp/your-account/order-details?orderID=123-1234567-1234567"
		q2 = "Please send a photo of the receipt too."
		a2 = "Photo attached, the receipt shows 89.90 USD."
	)
	h.askInfo(cpl, q1)
	mustContain(t, "first answer", h.say("consumer1", "answer"), q1)
	h.say("consumer1", a1)

	h.askInfo(cpl, q2)
	h.say("consumer1", "answer")
	e := h.event("consumer1")
	receipt := jpeg("receipt photo bytes")
	receipt.Name = "receipt.jpg"
	e.Kind, e.Text, e.Files = bot.KindMessage, a2, []bot.File{receipt}
	mustContain(t, "second answer", h.do(e), "added to **"+cpl.Ref+"**")

	got, err := h.db.Complaint(context.Background(), cpl.Ref)
	if err != nil {
		t.Fatal(err)
	}
	rounds := got.InfoRounds()
	if len(rounds) != 2 || rounds[0].Question != q1 || rounds[0].Answer != a1 || rounds[1].Question != q2 || rounds[1].Answer != a2 {
		t.Fatalf("stored rounds = %+v", rounds)
	}
	if rounds[0].AskedBy != "console:staff" || rounds[0].AnsweredAt.IsZero() || len(rounds[0].Evidence) != 0 {
		t.Errorf("first round = %+v", rounds[0])
	}
	if ev := rounds[1].Evidence; len(ev) != 1 || ev[0].Name != "receipt.jpg" || len(ev[0].SHA256) != 64 {
		t.Errorf("second round's files = %+v", ev)
	}

	// The card: both rounds, the latest first, with the file.
	card := bottest.Text(h.cardFor(cpl.Ref))
	i2, i1 := strings.Index(card, q2), strings.Index(card, q1)
	if i1 < 0 || i2 < 0 || i2 > i1 || !strings.Contains(card, a1) || !strings.Contains(card, a2) || !strings.Contains(card, "receipt.jpg") {
		t.Fatalf("card does not show both rounds, latest first:\n%s", card)
	}
	if !strings.Contains(card, "Question 2 of 2") || !strings.Contains(card, "Question 1 of 2") {
		t.Errorf("card does not number the rounds:\n%s", card)
	}
	// case shows both too.
	cs := bottest.Text(h.say("staff", "case "+cpl.Ref))
	for _, want := range []string{q1, a1, q2, a2, "question 1: " + q1, "answer 1: " + a1, "answer 2: " + a2} {
		if !strings.Contains(cs, want) {
			t.Errorf("case lacks %q:\n%s", want, cs)
		}
	}
	// The audit trail keeps each question and answer, in order (and the
	// case view just made).
	tr := h.trail(cpl.Ref)
	if actions(tr) != "file,request_info,info_reply,request_info,info_reply,case_viewed" {
		t.Fatalf("trail = %s", actions(tr))
	}
	for i, want := range []string{"question 1: " + q1, "answer 1: " + a1, "question 2: " + q2, "answer 2: " + a2} {
		if !strings.Contains(tr[i+1].Note, want) {
			t.Errorf("audit row %d = %q, want %q", i+1, tr[i+1].Note, want)
		}
	}
	if !strings.Contains(tr[4].Note, "receipt.jpg sha256") {
		t.Errorf("audit of the second answer lacks the file: %q", tr[4].Note)
	}
}

// A question asked again before the first was answered keeps the first as
// unanswered, and the answer goes to the latest.
func TestInfoAskedTwiceBeforeAnswer(t *testing.T) {
	h := newHarness(t)
	cpl := h.file("consumer1", "ACME Store")
	h.askInfo(cpl, "Which colour was it?")
	h.askInfo(cpl, "Which colour and size was it?")
	h.say("consumer1", "answer")
	h.say("consumer1", "Red, size M.")
	got, _ := h.db.Complaint(context.Background(), cpl.Ref)
	rounds := got.InfoRounds()
	if len(rounds) != 2 || rounds[0].Answered() || rounds[1].Answer != "Red, size M." {
		t.Fatalf("rounds = %+v", rounds)
	}
	mustContain(t, "card", h.cardFor(cpl.Ref), "Not answered; staff asked again", "Red, size M.")
}

// A complaint stored before rounds were kept still shows its question and
// answer, and a new question keeps the old one.
func TestInfoRoundsOfOlderComplaint(t *testing.T) {
	c := &ipdesk.Complaint{Ref: "IPD-AAAAA", InfoQuestion: "Old question?", InfoAnswer: "Old answer."}
	if r := c.InfoRounds(); len(r) != 1 || r[0].Question != "Old question?" || r[0].Answer != "Old answer." {
		t.Fatalf("rounds = %+v", r)
	}
	c.Version, c.Status, c.Platform, c.UserID = 3, ipdesk.StatusInReview, "console", "consumer1"
	staff := ipdesk.Actor{Key: "console:staff", Platform: "console", Role: ipdesk.RoleStaff}
	if _, err := c.Apply(ipdesk.Change{Action: ipdesk.ActionRequestInfo, By: staff, Version: 3, Note: "New question?"}, c.CreatedAt); err != nil {
		t.Fatal(err)
	}
	if r := c.InfoRounds(); len(r) != 2 || r[0].Answer != "Old answer." || r[1].Question != "New question?" {
		t.Fatalf("rounds after a new question = %+v", r)
	}
}
