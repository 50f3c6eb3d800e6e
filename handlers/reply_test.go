package handlers_test

import (
	"strings"
	"testing"

	"github.com/ipdesk/ipdesk/bot"
)

// Staff answer a request for a person from its Reply button or with the
// reply command; the user gets a direct message and can write back, which
// reaches the review channel with a Reply button again. Only staff reply.
func TestStaffReplyToRequestForAPerson(t *testing.T) {
	h := newHarness(t)
	r := h.say("consumer1", "/complain")
	h.press("consumer1", r, "I bought a counterfeit")
	h.say("consumer1", "can I talk to a person?")
	notes := h.rec.SentTo(review)
	note := notes[len(notes)-1]
	mustContain(t, "note", note, "asks for a person", "[Reply]", "reply console:consumer1 TEXT")

	// A user who is not staff cannot use the button.
	if err := h.serveRaw(&bot.Event{Kind: bot.KindAction, User: bot.User{Platform: bot.Console, ID: "consumer2"}, Where: review,
		Action: bot.Action{ID: note.Buttons[0].ID, Value: note.Buttons[0].Value}}); err == nil || !strings.Contains(err.Error(), "Only staff") {
		t.Fatalf("a non-staff press = %v", err)
	}

	form := h.press("staff", note, "Reply")
	if form.Form == nil {
		t.Fatalf("Reply opened no form: %+v", form)
	}
	if _, err := h.submit("staff", form.Form, map[string]string{"message": "Hi @everyone"}); !isFormError(err, "message") {
		t.Fatalf("a mention was accepted: %v", err)
	}
	done, err := h.submit("staff", form.Form, map[string]string{"message": "Hello, I can help. What happened?"})
	if err != nil {
		t.Fatal(err)
	}
	mustContain(t, "sent", done, "Sent to console user consumer1")
	dms := h.dms("consumer1")
	msg := dms[len(dms)-1]
	mustContain(t, "dm", msg, "Message from staff", "Hello, I can help. What happened?", "[Write back]")

	// The user writes back; it reaches staff with a Reply button.
	wb := h.press("consumer1", msg, "Write back")
	if wb.Form == nil {
		t.Fatalf("Write back opened no form: %+v", wb)
	}
	if _, err := h.submit("consumer1", wb.Form, map[string]string{"message": "It is a fake watch <!channel>"}); !isFormError(err, "message") {
		t.Fatalf("a mention was accepted: %v", err)
	}
	ack, err := h.submit("consumer1", wb.Form, map[string]string{"message": "It is a fake watch from ACME Store."})
	if err != nil {
		t.Fatal(err)
	}
	mustContain(t, "ack", ack, "Sent to staff")
	posts := h.rec.SentTo(review)
	mustContain(t, "write back", posts[len(posts)-1], "Message for staff", "console:consumer1", "It is a fake watch from ACME Store.", "[Reply]")

	// The command does the same.
	mustContain(t, "command", h.say("staff", "reply console:consumer1 We will look at it today."), "Sent to console user consumer1")
	dms = h.dms("consumer1")
	mustContain(t, "dm by command", dms[len(dms)-1], "We will look at it today.")
	for _, bad := range []string{"reply", "reply consumer1 hello", "reply console:consumer1", "reply mastodon:x hi", "reply console:consumer1 @here look"} {
		before := len(h.dms("consumer1"))
		r := h.say("staff", bad)
		if !strings.Contains(r.Text, "platform:userid") && !strings.Contains(r.Text, "empty") && !strings.Contains(r.Text, "mention") {
			t.Errorf("%q: %s", bad, r.Text)
		}
		if len(h.dms("consumer1")) != before {
			t.Errorf("%q sent a message", bad)
		}
	}

	// Write back is bounded: a flood from one user is refused.
	for i := 0; i < 4; i++ {
		if _, err := h.submit("consumer1", wb.Form, map[string]string{"message": "Another note."}); err != nil {
			t.Fatal(err)
		}
	}
	before := len(h.rec.SentTo(review))
	if r, _ := h.submit("consumer1", wb.Form, map[string]string{"message": "One too many."}); !strings.Contains(r.Text, "wait for their answer") {
		t.Errorf("the sixth message: %q", r.Text)
	}
	if len(h.rec.SentTo(review)) != before {
		t.Error("the sixth message reached the review channel")
	}
}
