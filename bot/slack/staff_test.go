package slack_test

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/slack"
	"github.com/ipdesk/ipdesk/bot/slack/slackfake"
)

// reviewFlow is a small stand-in for the staff review: a card with buttons
// in the review channel, a decision modal, the card updated in place and
// the complainant told by DM.
func reviewFlow(t *testing.T) *bot.Mux {
	mux := bot.NewMux()
	mux.HandleCommand(bot.Command{Name: "file"}, bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		_, err := w.Reply(ctx, bot.Reply{Text: "Complaint **C-1** filed", Fields: []bot.Field{{Label: "Listing", Value: "B0FAKE"}, {Label: "Status", Value: "open"}},
			Buttons: []bot.Button{{ID: "review.approve", Label: "Approve", Value: "C-1", Style: bot.StylePrimary}, {ID: "review.reject", Label: "Reject", Value: "C-1", Style: bot.StyleDanger}}})
		return err
	}))
	mux.HandleAction("review.approve", bot.RequireStaff(bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		_, err := w.Reply(ctx, bot.Reply{Text: "Approve compensation for **" + e.Action.Value + "**", Form: &bot.Form{
			ID: "review.approve", Title: "Approve C-1", Submit: "Approve", Value: e.Action.Value + " " + e.Source.String(),
			Inputs: []bot.Input{
				{ID: "amount", Label: "Amount", Required: true},
				{ID: "currency", Label: "Currency", Kind: bot.InputSelect, Required: true, Options: []bot.Option{{Label: "Euro", Value: "EUR"}, {Label: "US dollar", Value: "USD"}}},
				{ID: "note", Label: "Note", Kind: bot.InputParagraph},
			}}})
		return err
	})))
	mux.HandleForm("review.approve", bot.RequireStaff(bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		if _, err := strconv.ParseFloat(e.Form.Fields["amount"], 64); err != nil {
			return &bot.FormError{Fields: map[string]string{"amount": "Enter an amount such as 120.50"}}
		}
		caseID, refText, _ := strings.Cut(e.Form.Value, " ")
		ref, err := bot.ParseMessageRef(refText)
		if err != nil {
			return err
		}
		sender := senderFrom(ctx)
		if err := sender.Edit(ctx, ref, bot.Reply{Text: "Complaint **" + caseID + "** approved: " + e.Form.Fields["amount"] + " " + e.Form.Fields["currency"]}); err != nil {
			return err
		}
		_, err = sender.Send(ctx, bot.DirectTo(bot.Slack, "UCONSUMER"), bot.Reply{Text: "Your complaint " + caseID + " was approved."})
		return err
	})))
	return mux
}

// senderKey carries the Bot to handlers in these tests; the product wires
// its handlers with a bot.Sender instead.
type senderKey struct{}

func senderFrom(ctx context.Context) bot.Sender { return ctx.Value(senderKey{}).(bot.Sender) }

func withSender(b bot.Sender, h bot.Handler) bot.Handler {
	return bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		return h.ServeEvent(context.WithValue(ctx, senderKey{}, b), w, e)
	})
}

func TestStaffApprovesThroughModalAndCardIsUpdated(t *testing.T) {
	t.Parallel()
	e := startWith(t, func(b *bot.Bot) bot.Handler { return withSender(b, reviewFlow(t)) }, withStaffGroup("SREVIEW", "USTAFF"))

	if _, err := e.fake.Slash(e.ctx, "CREVIEW", "USTAFF", "/ipdesk", "file"); err != nil {
		t.Fatal(err)
	}
	e.nextEvent()
	card := e.shown()
	if got := card.Visible(); !strings.Contains(got, "Complaint *C-1* filed") || !strings.Contains(got, "[Approve] [Reject]") || !strings.Contains(got, "B0FAKE") {
		t.Fatalf("card shows %q", got)
	}

	// A consumer who presses Approve is refused, privately.
	if _, err := e.fake.Click(e.ctx, "UCONSUMER", card, "Approve"); err != nil {
		t.Fatal(err)
	}
	if ev := e.nextEvent(); ev.Kind != bot.KindAction || ev.User.Staff {
		t.Errorf("consumer click = %v staff=%v", ev.Kind, ev.User.Staff)
	}
	refusal := e.shown()
	if !refusal.Ephemeral || refusal.User != "UCONSUMER" || !strings.Contains(refusal.Visible(), "Only staff") {
		t.Errorf("refusal: ephemeral=%v to %q: %q", refusal.Ephemeral, refusal.User, refusal.Visible())
	}
	if len(e.fake.Views()) != 0 {
		t.Error("a modal opened for a non-staff click")
	}

	// Staff press Approve: the modal opens with the form.
	if _, err := e.fake.Click(e.ctx, "USTAFF", card, "Approve"); err != nil {
		t.Fatal(err)
	}
	ev := e.nextEvent()
	if !ev.User.Staff || ev.Action.ID != "review.approve" || ev.Action.Value != "C-1" || ev.Source.ID != card.TS || ev.Source.Where.Channel != "CREVIEW" {
		t.Errorf("staff click = %+v", ev)
	}
	view, err := e.fake.WaitView(e.ctx, "USTAFF", 0)
	if err != nil {
		t.Fatal(err)
	}
	if view.Title != "Approve C-1" || len(view.Inputs()) != 3 {
		t.Errorf("modal %q with inputs %+v", view.Title, view.Inputs())
	}

	// A wrong amount is shown inside the modal; nothing changes.
	env, err := e.fake.Submit(e.ctx, "USTAFF", view, map[string]string{"amount": "a lot", "currency": "EUR"})
	if err != nil {
		t.Fatal(err)
	}
	e.nextEvent()
	var resp struct {
		ResponseAction string            `json:"response_action"`
		Errors         map[string]string `json:"errors"`
	}
	if err := json.Unmarshal(e.ack(env).Payload, &resp); err != nil || resp.ResponseAction != "errors" || resp.Errors["amount"] == "" {
		t.Fatalf("ack of a wrong amount = %+v (%v), want field errors", resp, err)
	}
	if n := len(e.fake.Calls("chat.update")); n != 0 {
		t.Fatalf("card updated %d times after an invalid form", n)
	}

	// A valid submission closes the modal, updates the card, tells the
	// complainant.
	env, err = e.fake.Submit(e.ctx, "USTAFF", view, map[string]string{"amount": "120.50", "currency": "EUR", "note": "receipt checked"})
	if err != nil {
		t.Fatal(err)
	}
	sub := e.nextEvent()
	if sub.Kind != bot.KindSubmit || sub.Form.Fields["currency"] != "EUR" || sub.Form.Fields["note"] != "receipt checked" {
		t.Errorf("submission = %+v", sub.Form)
	}
	if a := e.ack(env); len(a.Payload) > 0 && string(a.Payload) != "null" {
		t.Errorf("valid submission acked with %s, want an empty ack", a.Payload)
	}
	update := e.call("chat.update")
	if update.Get("ts") != card.TS || update.Get("channel") != "CREVIEW" {
		t.Errorf("chat.update of %s/%s, want the card", update.Get("channel"), update.Get("ts"))
	}
	if got := e.fake.Message("CREVIEW", card.TS).Visible(); got != "Complaint *C-1* approved: 120.50 EUR" {
		t.Errorf("card now shows %q", got)
	}
	dm := e.call("chat.postMessage")
	for dm.Get("channel") != slackfake.IMChannel("UCONSUMER") {
		dm = e.call("chat.postMessage")
	}
	if !strings.Contains(dm.Get("text"), "approved") {
		t.Errorf("complainant told %q", dm.Get("text"))
	}
}

func TestStaffGroupChangesAreNoticed(t *testing.T) {
	t.Parallel()
	mux := bot.NewMux()
	mux.HandleCommand(bot.Command{Name: "queue", Staff: true}, echo("Queue: empty."))
	e := start(t, mux, withStaffGroup("SREVIEW", "USTAFF"), func(_ *slackfake.Server, c *slack.Config, _ *bot.Config) {
		c.StaffRefresh = 20 * time.Millisecond
	})
	if _, err := e.fake.Slash(e.ctx, "CREVIEW", "UNEW", "/ipdesk", "queue"); err != nil {
		t.Fatal(err)
	}
	if m := e.shown(); !m.Ephemeral || !strings.Contains(m.Visible(), "Only staff") {
		t.Errorf("non-member sees %q", m.Visible())
	}
	e.fake.SetGroup("SREVIEW", "USTAFF", "UNEW")
	n := len(e.fake.Calls("usergroups.users.list"))
	// Refreshes run one after another: once call n+3 is made, the refresh
	// that made call n+2 (which read the group after the change) has
	// stored its result.
	for len(e.fake.Calls("usergroups.users.list")) < n+3 {
		e.call("usergroups.users.list")
	}
	if _, err := e.fake.Slash(e.ctx, "CREVIEW", "UNEW", "/ipdesk", "queue"); err != nil {
		t.Fatal(err)
	}
	for {
		ev := e.nextEvent()
		if ev.Kind == bot.KindCommand && ev.User.ID == "UNEW" && ev.User.Staff {
			break
		}
	}
	if m := e.shown(); m.Visible() != "Queue: empty." {
		t.Errorf("new member sees %q", m.Visible())
	}
}
