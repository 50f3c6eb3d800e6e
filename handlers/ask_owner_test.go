package handlers_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ipdesk/ipdesk/bot"
)

// The feedback and staff buttons speak for the asker: anyone else pressing
// them (in a shared channel, or with a forged id) is refused and nothing
// is recorded.
func TestAnswerButtonsBelongToTheAsker(t *testing.T) {
	h := newAskHarness(t)
	r := h.say("seller1", "how long does a US trademark last?")
	q := h.question(r)
	for _, label := range []string{"Helpful", "Not helpful", "Talk to staff"} {
		got := h.press("seller2", r, label)
		mustContain(t, label, got, "belong to the person who asked")
	}
	if gaps, err := h.db.UnhelpfulAnswers(context.Background(), 10); err != nil || len(gaps) != 0 {
		t.Fatalf("someone else's vote was recorded: %+v, %v", gaps, err)
	}
	if q2, _ := h.db.Question(context.Background(), q.ID); !q2.Escalated.IsZero() {
		t.Fatal("someone else escalated the question")
	}
	for _, sent := range h.rec.SentTo(review) {
		if strings.Contains(sent.Text, "Question for staff") {
			t.Fatal("someone else's press reached staff")
		}
	}
	// The asker can.
	mustContain(t, "asker", h.press("seller1", r, "Talk to staff"), "passed your question to staff")
}

// A bare number, punctuation or an emoji typed with no buttons shown is
// not taken as a question, and is not logged as one the base could not
// answer; each gets a reply that fits it.
func TestBareNumberIsNotAQuestion(t *testing.T) {
	h := newAskHarness(t)
	for _, text := range []string{"1", "42", " 3. ", "1/2"} {
		r := h.say("seller1", text)
		mustContain(t, text, r, "I can't answer a number on its own")
		if len(r.Buttons) != 0 {
			t.Fatalf("%q got buttons %v", text, r.Buttons)
		}
	}
	// Punctuation or an emoji alone asks for words; a thumbs-up thanks.
	for _, text := range []string{"?!", "😀😀", "…"} {
		r := h.say("seller1", text)
		mustContain(t, text, r, "I need your question in words")
		if len(r.Buttons) != 0 {
			t.Fatalf("%q got buttons %v", text, r.Buttons)
		}
	}
	for _, text := range []string{"👍", "🙏🏻", "❤️"} {
		mustContain(t, text, h.say("seller1", text), "You're welcome")
	}
	gaps, err := h.db.QuestionGaps(context.Background(), 10)
	if err != nil || len(gaps) != 0 {
		t.Fatalf("gaps = %+v, %v", gaps, err)
	}
	// A question with a number in it is still a question.
	e := h.event("seller1")
	e.Kind, e.Text = bot.KindMessage, "is 1:1 replica allowed"
	if r := h.do(e); strings.Contains(r.Text, "number on its own") {
		t.Fatalf("a question with numbers was refused: %s", r.Text)
	}
}
