package slack_test

import (
	"context"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/slack"
	"github.com/ipdesk/ipdesk/bot/slack/slackfake"
)

// quiet answers nothing: these tests post through the Bot themselves.
var quiet = bot.HandlerFunc(func(context.Context, bot.ResponseWriter, *bot.Event) error { return nil })

var reviewChannel = bot.Address{Platform: bot.Slack, Channel: "CREVIEW"}

// send posts r through the Bot, as a handler does, and returns its ref.
func (e *env) send(to bot.Address, r bot.Reply) bot.MessageRef {
	e.t.Helper()
	ref, err := e.bot.Send(e.ctx, to, r)
	if err != nil {
		e.t.Fatal(err)
	}
	return ref
}

// posted reads back what the bot posted, as a handler does.
func (e *env) posted(where bot.Address, since time.Time, limit int) []bot.Posted {
	e.t.Helper()
	got, err := e.bot.Posted(e.ctx, where, since, limit)
	if err != nil {
		e.t.Fatal(err)
	}
	return got
}

// refs returns the references of messages read back, in order.
func refs(ps []bot.Posted) []bot.MessageRef {
	var out []bot.MessageRef
	for _, p := range ps {
		out = append(out, p.Ref)
	}
	return out
}

// tsTime reads a Slack ts as the time it names.
func tsTime(t *testing.T, ts string) time.Time {
	t.Helper()
	sec, frac, _ := strings.Cut(ts, ".")
	s, err1 := strconv.ParseInt(sec, 10, 64)
	us, err2 := strconv.ParseInt(frac, 10, 64)
	if err1 != nil || err2 != nil || len(frac) != 6 {
		t.Fatalf("ts %q is not seconds.microseconds", ts)
	}
	return time.UnixMicro(s*1e6 + us)
}

// TestPostedReadsBackACard: a card posted to the review channel is read
// back with the reference Send gave it, which Edit takes; with its text as
// Slack keeps it; and with its buttons' ids and values as the handler gave
// them, whatever characters they hold.
func TestPostedReadsBackACard(t *testing.T) {
	t.Parallel()
	e := start(t, quiet)
	since := time.Now()
	e.fake.Say(reviewChannel.Channel, "U1", "is anyone reviewing today?")
	buttons := []bot.Button{
		{ID: "review.approve", Label: "Approve", Value: "IPD-7@3", Style: bot.StylePrimary},
		{ID: "review.approve", Label: "Approve as counterfeit", Value: "IPD-7@3~kind~2"},
		{ID: "review.reply", Label: "Reply", Value: "IPD-7@3~商标~Marke geschützt #1"},
		{ID: "review#note", Label: "Note", Value: ""},
	}
	ref := e.send(reviewChannel, bot.Reply{
		Text:    "Complaint *IPD-7* from a seller",
		Fields:  []bot.Field{{Label: "Brand", Value: "Acme"}},
		Buttons: buttons,
	})
	e.fake.Say(reviewChannel.Channel, "U1", "thanks, staff")

	got := e.posted(reviewChannel, since, 10)
	if len(got) != 1 {
		t.Fatalf("read back %d messages, want the card alone: %+v", len(got), got)
	}
	p := got[0]
	if p.Ref != ref {
		t.Errorf("ref = %+v, want %+v as Send returned it", p.Ref, ref)
	}
	kept := e.fake.Message(ref.Where.Channel, ref.ID)
	if p.Text != kept.Text || !strings.Contains(p.Text, "IPD-7") {
		t.Errorf("text = %q, want %q as Slack keeps it", p.Text, kept.Text)
	}
	var want []bot.Button
	for _, b := range buttons {
		want = append(want, bot.Button{ID: b.ID, Value: b.Value})
	}
	if !reflect.DeepEqual(p.Buttons, want) {
		t.Errorf("buttons = %+v, want %+v", p.Buttons, want)
	}

	if err := e.bot.Edit(e.ctx, p.Ref, bot.Reply{Text: "Complaint *IPD-7*: approved"}); err != nil {
		t.Fatalf("edit the card read back: %v", err)
	}
	if m := e.fake.Message(ref.Where.Channel, ref.ID); m.Edits != 1 || !strings.Contains(m.Visible(), "approved") {
		t.Errorf("card after the edit: %q (%d edits)", m.Visible(), m.Edits)
	}
	if got := e.posted(reviewChannel, since, 10); len(got) != 1 || got[0].Buttons != nil || !strings.Contains(got[0].Text, "approved") {
		t.Errorf("after the edit read back %+v, want the card as edited, without buttons", got)
	}
}

// TestPostedInDirectMessage: a message sent to "@USER" is read back from
// the same address with the reference Send gave it; the "Open form" button
// the adapter adds for a form is not one of the handler's and is left out.
func TestPostedInDirectMessage(t *testing.T) {
	t.Parallel()
	e := start(t, quiet)
	e.fake.AddUser(slackfake.User{ID: "U1", Name: "seller1"})
	dm := bot.DirectTo(bot.Slack, "U1")
	since := time.Now()
	ref := e.send(dm, bot.Reply{
		Text:    "Tell us about the listing.",
		Buttons: []bot.Button{{ID: "complain.cancel", Label: "Cancel", Value: "draft-1"}},
		Form:    &bot.Form{ID: "complain.listing", Title: "Listing", Inputs: []bot.Input{{ID: "url", Label: "Link"}}},
	})
	if m := e.fake.Message(ref.Where.Channel, ref.ID); len(m.Buttons()) != 2 {
		t.Fatalf("the message shows %q, want Cancel and the form's button", m.Visible())
	}
	got := e.posted(dm, since, 10)
	if len(got) != 1 || got[0].Ref != ref {
		t.Fatalf("read back %+v, want %+v", refs(got), ref)
	}
	if want := []bot.Button{{ID: "complain.cancel", Value: "draft-1"}}; !reflect.DeepEqual(got[0].Buttons, want) {
		t.Errorf("buttons = %+v, want %+v", got[0].Buttons, want)
	}
}

// TestPostedKeepsToTheBotsOwnSince: only the bot's own messages at or after
// since come back, newest first and at most limit of them; replies in a
// thread belong to the thread's address, not the channel's.
func TestPostedKeepsToTheBotsOwnSince(t *testing.T) {
	t.Parallel()
	e := start(t, quiet)
	card := func(n int) bot.MessageRef {
		return e.send(reviewChannel, bot.Reply{Text: "Complaint IPD-" + strconv.Itoa(n)})
	}
	first := card(1)
	e.fake.Say(reviewChannel.Channel, "U1", "a member's message")
	second := card(2)
	question := e.fake.Say(reviewChannel.Channel, "U1", "a question staff answer in its thread")
	thread := reviewChannel
	thread.Thread = question
	reply := e.send(thread, bot.Reply{Text: "An answer in the thread"})
	third := card(3)
	e.fake.Say(reviewChannel.Channel, "U2", "the newest message, a member's")

	if got, want := refs(e.posted(reviewChannel, time.Time{}, 10)), []bot.MessageRef{third, second, first}; !reflect.DeepEqual(got, want) {
		t.Errorf("since the beginning: %+v, want %+v", got, want)
	}
	if got, want := refs(e.posted(reviewChannel, tsTime(t, second.ID), 10)), []bot.MessageRef{third, second}; !reflect.DeepEqual(got, want) {
		t.Errorf("since the second card: %+v, want %+v", got, want)
	}
	if got, want := refs(e.posted(reviewChannel, tsTime(t, second.ID).Add(time.Microsecond), 10)), []bot.MessageRef{third}; !reflect.DeepEqual(got, want) {
		t.Errorf("since just after the second card: %+v, want %+v", got, want)
	}
	if got, want := refs(e.posted(reviewChannel, time.Time{}, 2)), []bot.MessageRef{third, second}; !reflect.DeepEqual(got, want) {
		t.Errorf("limit 2: %+v, want %+v", got, want)
	}
	if got := e.posted(reviewChannel, time.Now().Add(time.Minute), 10); len(got) != 0 {
		t.Errorf("since a minute from now: %+v, want none", refs(got))
	}
	if got, want := refs(e.posted(thread, time.Time{}, 10)), []bot.MessageRef{reply}; !reflect.DeepEqual(got, want) {
		t.Errorf("in the thread: %+v, want the bot's reply %+v", got, want)
	}
	if got := e.posted(reviewChannel, time.Time{}, 0); len(got) != 0 {
		t.Errorf("limit 0: %+v, want none", refs(got))
	}
}

// TestPostedReadsEveryPage: messages spread over several pages of
// conversations.history are all found, and a rate-limited page is retried
// after Slack's Retry-After.
func TestPostedReadsEveryPage(t *testing.T) {
	t.Parallel()
	e := start(t, quiet)
	slack.SetHistoryPage(e.adapter, 3)
	since := time.Now()
	var want []bot.MessageRef
	for i := range 8 {
		want = append([]bot.MessageRef{e.send(reviewChannel, bot.Reply{Text: "Complaint IPD-" + strconv.Itoa(i)})}, want...)
		e.fake.Say(reviewChannel.Channel, "U1", "a member's message")
	}
	e.fake.Inject("conversations.history", slackfake.Fault{}, slackfake.Fault{RetryAfter: 1})

	if got := refs(e.posted(reviewChannel, since, 100)); !reflect.DeepEqual(got, want) {
		t.Errorf("read back %+v, want %+v", got, want)
	}
	calls := e.fake.Calls("conversations.history")
	if len(calls) < 6 || calls[1].Status != 429 {
		t.Errorf("%d calls of conversations.history (second answered %d), want a page of 3 a call and the rate-limited one retried", len(calls), calls[1].Status)
	}
	if got := refs(e.posted(reviewChannel, since, 5)); !reflect.DeepEqual(got, want[:5]) {
		t.Errorf("limit 5: %+v, want %+v", got, want[:5])
	}
}
