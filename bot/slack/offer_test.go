package slack_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/slack"
	"github.com/ipdesk/ipdesk/bot/slack/slackfake"
	"github.com/ipdesk/ipdesk/sqlite"
)

// detailsForm is what formFlow asks for.
var detailsForm = bot.Form{
	ID: "complain.details", Title: "Listing details", Submit: "Send", Value: "draft-7",
	Inputs: []bot.Input{{ID: "url", Label: "Listing URL", Required: true}},
}

// formFlow answers any message or command with a form, and a submission
// with what was submitted, as the complaint wizard does.
func formFlow() bot.Handler {
	return bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		if e.Kind == bot.KindSubmit {
			_, err := w.Reply(ctx, bot.Reply{Text: "Saved " + e.Form.Fields["url"] + " for " + e.Form.Value})
			return err
		}
		f := detailsForm
		_, err := w.Reply(ctx, bot.Reply{Text: "Tell us about the listing.", Form: &f})
		return err
	})
}

// noErrorShown fails if any message in channel tells the user something
// went wrong, or the adapter logged a failed reply.
func noErrorShown(t *testing.T, e *env, channel string) {
	t.Helper()
	for _, m := range e.fake.Messages(channel) {
		if strings.Contains(m.Visible(), "went wrong") {
			t.Errorf("the user was shown an error: %q", m.Visible())
		}
	}
	if logs := e.logs.all(); strings.Contains(logs, "handler failed") || strings.Contains(logs, "event not handled") {
		t.Errorf("the reply failed:\n%s", e.logs.all())
	}
}

// openAndSubmit presses "Open form: Listing details" on offer as user,
// checks the modal is the handler's form, and submits it.
func openAndSubmit(t *testing.T, e *env, user string, offer *slackfake.Message) *bot.Event {
	t.Helper()
	if _, err := e.fake.Click(e.ctx, user, offer, "Open form: Listing details"); err != nil {
		t.Fatal(err)
	}
	v, err := e.fake.WaitView(e.ctx, user, 0)
	if err != nil {
		t.Fatal(err)
	}
	in := v.Inputs()
	if v.Title != "Listing details" || v.Submit != "Send" || v.CallbackID != "complain.details" || len(in) != 1 || in[0].BlockID != "url" || in[0].Optional {
		t.Fatalf("modal %q (submit %q, callback %q) with inputs %+v", v.Title, v.Submit, v.CallbackID, in)
	}
	if _, err := e.fake.Submit(e.ctx, user, v, map[string]string{"url": "https://shop.example/item/9"}); err != nil {
		t.Fatal(err)
	}
	return e.nextEvent()
}

func TestFormInAnswerToATypedMessageIsOfferedAsAButton(t *testing.T) {
	t.Parallel()
	e := start(t, formFlow())
	dm := slackfake.IMChannel("U1")

	e.dm("U1", "I found a fake")
	if ev := e.nextEvent(); ev.Kind != bot.KindMessage {
		t.Fatalf("event %v", ev.Kind)
	}
	offer := e.shown()
	// In a DM the offer stays, so it can be pressed later.
	if offer.Channel != dm || offer.Ephemeral || offer.Visible() != "Tell us about the listing.\n[Open form: Listing details]" {
		t.Fatalf("shown in %s (ephemeral %v): %q", offer.Channel, offer.Ephemeral, offer.Visible())
	}
	if n := len(e.fake.Calls("views.open")); n != 0 {
		t.Errorf("views.open called %d times without a trigger", n)
	}
	noErrorShown(t, e, dm)

	sub := openAndSubmit(t, e, "U1", offer)
	if sub.Kind != bot.KindSubmit || sub.Form.ID != "complain.details" || sub.Form.Value != "draft-7" || sub.Where.Channel != dm {
		t.Errorf("submission = %v %+v in %+v", sub.Kind, sub.Form, sub.Where)
	}
	if m := e.shown(); m.Channel != dm || m.Visible() != "Saved https://shop.example/item/9 for draft-7" {
		t.Errorf("after the submission shown in %s: %q", m.Channel, m.Visible())
	}

	// A mention in a channel: the offer is for the one who asked, in the
	// thread under the mention.
	if _, err := e.fake.Mention(e.ctx, "CGENERAL", "U2", "<@"+e.fake.BotUserID()+"> a fake again", ""); err != nil {
		t.Fatal(err)
	}
	mention := e.nextEvent()
	offer = e.shown()
	if offer.Channel != "CGENERAL" || !offer.Ephemeral || offer.User != "U2" || offer.ThreadTS != mention.Where.Thread || !strings.Contains(offer.Visible(), "[Open form: Listing details]") {
		t.Errorf("shown in %s thread %q (ephemeral %v to %q): %q", offer.Channel, offer.ThreadTS, offer.Ephemeral, offer.User, offer.Visible())
	}
	noErrorShown(t, e, "CGENERAL")
}

func TestExpiredTriggerOffersTheFormAsAButton(t *testing.T) {
	t.Parallel()
	e := start(t, formFlow())

	// The handler took longer than Slack's three seconds for the trigger.
	e.fake.Inject("views.open", slackfake.Fault{Error: "expired_trigger_id"})
	if _, err := e.fake.Slash(e.ctx, "CGENERAL", "U1", "/ipdesk", "complain"); err != nil {
		t.Fatal(err)
	}
	e.nextEvent()
	offer := e.shown()
	if offer.Channel != "CGENERAL" || !offer.Ephemeral || offer.User != "U1" || offer.Visible() != "Tell us about the listing.\n[Open form: Listing details]" {
		t.Fatalf("shown in %s (ephemeral %v to %q): %q", offer.Channel, offer.Ephemeral, offer.User, offer.Visible())
	}
	if calls := e.fake.Calls("views.open"); len(calls) != 1 || calls[0].Error != "expired_trigger_id" {
		t.Errorf("views.open calls = %+v, want one refused", calls)
	}
	noErrorShown(t, e, "CGENERAL")

	// The press brings a fresh trigger, used at once.
	sub := openAndSubmit(t, e, "U1", offer)
	if sub.Kind != bot.KindSubmit || sub.Form.Value != "draft-7" || sub.Form.Fields["url"] != "https://shop.example/item/9" || sub.Where.Channel != "CGENERAL" {
		t.Errorf("submission = %v %+v in %+v", sub.Kind, sub.Form, sub.Where)
	}
	if m := e.shown(); m.Channel != "CGENERAL" || !strings.HasPrefix(m.Visible(), "Saved https://shop.example/item/9") {
		t.Errorf("after the submission shown in %s: %q", m.Channel, m.Visible())
	}

	// Another refusal of the trigger (not the view) is offered the same
	// way; a refused view is still an error.
	e.fake.Inject("views.open", slackfake.Fault{Error: "invalid_trigger_id"})
	if _, err := e.fake.Slash(e.ctx, "CGENERAL", "U1", "/ipdesk", "complain"); err != nil {
		t.Fatal(err)
	}
	e.nextEvent()
	if m := e.shown(); !m.Ephemeral || !strings.Contains(m.Visible(), "[Open form: Listing details]") {
		t.Errorf("after invalid_trigger_id shown %q", m.Visible())
	}
	e.fake.Inject("views.open", slackfake.Fault{Error: "invalid_blocks"})
	if _, err := e.fake.Slash(e.ctx, "CGENERAL", "U1", "/ipdesk", "complain"); err != nil {
		t.Fatal(err)
	}
	e.nextEvent()
	m := e.shown()
	if !strings.Contains(m.Visible(), "went wrong") {
		t.Errorf("after invalid_blocks shown %q", m.Visible())
	}
	if !e.logs.wait(e.ctx, "handler failed", "views.open: invalid_blocks") {
		t.Error("a refused view was not logged")
	}
}

func TestOfferedFormExpiresWithARestart(t *testing.T) {
	t.Parallel()
	e := start(t, formFlow())
	e.dm("U1", "I found a fake")
	e.nextEvent()
	offer := e.shown()

	// A second process takes over the workspace's socket; it never saw
	// the form.
	db, err := sqlite.Open(e.ctx, filepath.Join(t.TempDir(), "ipdesk.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	a, err := slack.New(slack.Config{BotToken: e.fake.BotToken(), AppToken: e.fake.AppToken(), APIURL: e.fake.URL})
	if err != nil {
		t.Fatal(err)
	}
	b, err := bot.New(bot.Config{Adapters: []bot.Adapter{a}, Deliveries: db})
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(e.ctx)
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx, formFlow()) }()
	defer func() { stop(); <-done }()
	if err := e.fake.WaitConnected(e.ctx, 2); err != nil {
		t.Fatal(err)
	}

	if _, err := e.fake.Click(e.ctx, "U1", offer, "Open form: Listing details"); err != nil {
		t.Fatal(err)
	}
	m := e.shown()
	if !m.Ephemeral || m.User != "U1" || m.Channel != offer.Channel || m.Visible() != "This form has expired; start again." {
		t.Errorf("shown in %s (ephemeral %v to %q): %q", m.Channel, m.Ephemeral, m.User, m.Visible())
	}
	if n := len(e.fake.Views()); n != 0 {
		t.Errorf("%d modals opened for a forgotten form", n)
	}
}

func TestSentFormIsOfferedToItsUser(t *testing.T) {
	t.Parallel()
	e := start(t, formFlow())
	e.fake.AddUser(slackfake.User{ID: "U1", Name: "u1"})
	f := detailsForm
	ref, err := e.adapter.Send(e.ctx, bot.DirectTo(bot.Slack, "U1"), bot.Reply{Text: "Staff need more details.", Form: &f})
	if err != nil {
		t.Fatal(err)
	}
	offer := e.shown()
	if offer.Channel != slackfake.IMChannel("U1") || offer.TS != ref.ID || offer.Visible() != "Staff need more details.\n[Open form: Listing details]" {
		t.Fatalf("shown in %s: %q", offer.Channel, offer.Visible())
	}
	sub := openAndSubmit(t, e, "U1", offer)
	if sub.Kind != bot.KindSubmit || sub.Form.Value != "draft-7" || sub.Where.Channel != offer.Channel {
		t.Errorf("submission = %v %+v in %+v", sub.Kind, sub.Form, sub.Where)
	}
}

func TestFormSubmittedByAnotherUserIsAnsweredInTheirOwnDM(t *testing.T) {
	t.Parallel()
	e := start(t, formFlow())
	e.dm("U1", "I found a fake")
	e.nextEvent()
	offer := e.shown()
	if _, err := e.fake.Click(e.ctx, "U1", offer, "Open form: Listing details"); err != nil {
		t.Fatal(err)
	}
	v, err := e.fake.WaitView(e.ctx, "U1", 0)
	if err != nil {
		t.Fatal(err)
	}

	// The modal U1 opened comes back submitted by U2.
	if _, err := e.fake.Submit(e.ctx, "U2", v, map[string]string{"url": "https://shop.example/item/9"}); err != nil {
		t.Fatal(err)
	}
	sub := e.nextEvent()
	if sub.User.ID != "U2" || sub.Where.Channel != "@U2" || !sub.Where.DM {
		t.Errorf("submission by %s answered in %+v, want U2's DM", sub.User.ID, sub.Where)
	}
	if m := e.shown(); m.Channel != slackfake.IMChannel("U2") || m.Visible() != "Saved https://shop.example/item/9 for draft-7" {
		t.Errorf("after the submission shown in %s: %q", m.Channel, m.Visible())
	}
	if got := e.fake.Messages(slackfake.IMChannel("U1")); len(got) != 1 {
		t.Errorf("U1's DM has %d messages, want only the offer", len(got))
	}
}
