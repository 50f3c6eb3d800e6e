package discord_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/discord"
	"github.com/ipdesk/ipdesk/bot/discord/discordfake"
	"github.com/ipdesk/ipdesk/internal/testclock"
)

// ignore is a handler for tests that only post.
var ignore = bot.HandlerFunc(func(context.Context, bot.ResponseWriter, *bot.Event) error { return nil })

// cardButtons are a review card's buttons: values with the characters the
// custom id encoding must carry ("@", "~", "|", Chinese), and one too long
// for a custom id, which the adapter keeps in memory.
var cardButtons = []bot.Button{
	{ID: "review.accept", Label: "Accept", Style: bot.StylePrimary, Value: "IPD-7Q2KX@3"},
	{ID: "review.saved", Label: "Saved reply", Value: "IPD-7Q2KX@3~reject~0~商标|仿冒"},
	{ID: "review.note", Label: "Add a note", Value: "IPD-7Q2KX@3~" + strings.Repeat("证据链接 ", 20)},
}

// buttonIDs keeps of buttons what Posted reads back: ID and Value.
func buttonIDs(bs []bot.Button) []bot.Button {
	out := make([]bot.Button, len(bs))
	for i, b := range bs {
		out[i] = bot.Button{ID: b.ID, Value: b.Value}
	}
	return out
}

// TestPostedReadsBackWhatSendPosted posts a review card through Send and
// reads it back: the same reference, which Edit takes; its text, embed
// included; and its buttons' ids and values as given. A message posted
// before since and a staff member's message in the channel are not the
// bot's posts since then.
func TestPostedReadsBackWhatSendPosted(t *testing.T) {
	t.Parallel()
	clk := testclock.New(time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC))
	e := start(t, ignore, options{fake: discordfake.Config{Now: clk.Now}})
	ctx := context.Background()
	review := bot.Address{Platform: bot.Discord, Channel: "6001"}

	if _, err := e.a.Send(ctx, review, bot.Reply{Text: "An earlier notice"}); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Minute)
	since := clk.Now()
	card, err := e.a.Send(ctx, review, bot.Reply{
		Text:    "Complaint IPD-7Q2KX awaits review",
		Fields:  []bot.Field{{Label: "Listing", Value: "Wireless earbuds, 商标 «Pro»"}},
		Buttons: cardButtons,
		// The button that opens the form is the adapter's, not one of the
		// handler's buttons.
		Form: &bot.Form{ID: "review.reason", Title: "Give a reason", Inputs: []bot.Input{{ID: "reason", Label: "Reason"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Second)
	e.srv.SendMessage(staffer, "6001", "I'll take IPD-7Q2KX")
	clk.Advance(time.Second)
	later, err := e.a.Send(ctx, review, bot.Reply{Text: "A later notice"})
	if err != nil {
		t.Fatal(err)
	}

	got, err := e.a.Posted(ctx, review, since, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Ref != later || got[1].Ref != card {
		t.Fatalf("posted %+v; want the later notice %v, then the card %v", got, later, card)
	}
	if got[0].Text != "A later notice" || len(got[0].Buttons) != 0 {
		t.Errorf("later notice read back as %+v", got[0])
	}
	for _, part := range []string{"Complaint IPD-7Q2KX awaits review", "Listing", "Wireless earbuds, 商标 «Pro»"} {
		if !strings.Contains(got[1].Text, part) {
			t.Errorf("card text %q lacks %q", got[1].Text, part)
		}
	}
	if want := buttonIDs(cardButtons); !reflect.DeepEqual(got[1].Buttons, want) {
		t.Errorf("card buttons %+v, want %+v", got[1].Buttons, want)
	}

	// The reference read back edits the card in place.
	if err := e.a.Edit(ctx, got[1].Ref, bot.Reply{Text: "Complaint IPD-7Q2KX accepted"}); err != nil {
		t.Fatal(err)
	}
	if m, ok := e.srv.Message("6001", card.ID); !ok || m.Display() != "Complaint IPD-7Q2KX accepted" {
		t.Errorf("after the edit the card reads %q", m.Display())
	}
	if n := len(e.srv.Messages("6001")); n != 3 {
		t.Errorf("%d bot messages in the channel, want 3: the edit posted nothing", n)
	}
}

// TestPostedAfterRestart reads back with a new adapter, as the process
// that replaces one killed after posting does: it has not connected, so it
// learns who it is from Discord, and it has lost the values kept in memory,
// so the button that needed one is left out while the others are found.
func TestPostedAfterRestart(t *testing.T) {
	t.Parallel()
	e := start(t, ignore, options{})
	ctx := context.Background()
	review := bot.Address{Platform: bot.Discord, Channel: "6002"}
	since := time.Now().Add(-time.Minute)
	card, err := e.a.Send(ctx, review, bot.Reply{Text: "Complaint IPD-7Q2KX awaits review", Buttons: cardButtons})
	if err != nil {
		t.Fatal(err)
	}

	next, err := discord.New(discord.Config{Token: e.srv.Config().Token, APIURL: e.srv.URL, Logger: testLogger(t)})
	if err != nil {
		t.Fatal(err)
	}
	got, err := next.Posted(ctx, review, since, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Ref != card || got[0].Text != "Complaint IPD-7Q2KX awaits review" {
		t.Fatalf("posted %+v; want the card %v", got, card)
	}
	if want := buttonIDs(cardButtons[:2]); !reflect.DeepEqual(got[0].Buttons, want) {
		t.Errorf("buttons %+v, want %+v (the one kept in memory left out)", got[0].Buttons, want)
	}
	if err := next.Edit(ctx, got[0].Ref, bot.Reply{Text: "Complaint IPD-7Q2KX accepted"}); err != nil {
		t.Fatal(err)
	}
	if m, _ := e.srv.Message("6002", card.ID); m.Display() != "Complaint IPD-7Q2KX accepted" {
		t.Errorf("after the edit the card reads %q", m.Display())
	}
}

// TestPostedInDM reads back a direct message addressed by user, as Send
// was given it: the reference is the one Send returned.
func TestPostedInDM(t *testing.T) {
	t.Parallel()
	e := start(t, ignore, options{})
	ctx := context.Background()
	to := bot.DirectTo(bot.Discord, seller.ID)
	since := time.Now().Add(-time.Minute)
	sent, err := e.a.Send(ctx, to, bot.Reply{Text: "Your complaint IPD-7Q2KX was received", Buttons: cardButtons[:1]})
	if err != nil {
		t.Fatal(err)
	}
	e.srv.SendDM(seller, "thanks")
	got, err := e.a.Posted(ctx, to, since, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Ref != sent || !reflect.DeepEqual(got[0].Buttons, buttonIDs(cardButtons[:1])) {
		t.Errorf("posted %+v; want %v with its button", got, sent)
	}
}

// TestPostedPagesLimitAndOrder posts more messages than Discord lists at
// once, among a seller's: all are found, newest first; limit keeps the
// newest; and reading stops at the first message older than since.
func TestPostedPagesLimitAndOrder(t *testing.T) {
	t.Parallel()
	start0 := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	clk := testclock.New(start0)
	e := start(t, ignore, options{fake: discordfake.Config{Now: clk.Now}})
	ctx := context.Background()
	ch := bot.Address{Platform: bot.Discord, Channel: "6003"}
	const n = 130
	var refs []bot.MessageRef // oldest first
	for i := range n {
		ref, err := e.a.Send(ctx, ch, bot.Reply{Text: fmt.Sprintf("Notice %d", i)})
		if err != nil {
			t.Fatal(err)
		}
		refs = append(refs, ref)
		if i%10 == 0 {
			e.srv.SendMessage(seller, "6003", "a seller's question")
		}
		clk.Advance(time.Second)
	}
	// newest returns the wanted read-back: notices n-1 down to from.
	newest := func(from int) []bot.Posted {
		var out []bot.Posted
		for i := n - 1; i >= from; i-- {
			out = append(out, bot.Posted{Ref: refs[i], Text: fmt.Sprintf("Notice %d", i)})
		}
		return out
	}
	lists := func() int { return len(e.srv.Calls(discordfake.RouteMessageList)) }

	got, err := e.a.Posted(ctx, ch, start0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if want := newest(0); !reflect.DeepEqual(got, want) {
		t.Errorf("all %d notices: got %d, first %+v", n, len(got), first(got))
	}
	if c := lists(); c != 2 {
		t.Errorf("%d history requests for %d messages, want 2 pages", c, n+n/10)
	}

	before := lists()
	got, err = e.a.Posted(ctx, ch, start0, 5)
	if err != nil {
		t.Fatal(err)
	}
	if want := newest(n - 5); !reflect.DeepEqual(got, want) {
		t.Errorf("limit 5: got %+v", got)
	}

	// Since notice 120 was posted: the first page ends the search.
	got, err = e.a.Posted(ctx, ch, start0.Add(120*time.Second), 1000)
	if err != nil {
		t.Fatal(err)
	}
	if want := newest(120); !reflect.DeepEqual(got, want) {
		t.Errorf("since notice 120: got %d, first %+v", len(got), first(got))
	}
	if c := lists() - before; c != 2 {
		t.Errorf("%d history requests for two read-backs within one page, want 2", c)
	}

	// A rate limit is waited out, as for any call; a refusal is an error.
	e.srv.Inject(discordfake.Fault{Route: discordfake.RouteMessageList, Status: http.StatusTooManyRequests, RetryAfter: 100 * time.Millisecond})
	if got, err := e.a.Posted(ctx, ch, start0, 1); err != nil || len(got) != 1 || got[0].Ref != refs[n-1] {
		t.Errorf("after a rate limit: %+v, %v", got, err)
	}
	e.srv.Inject(discordfake.Fault{Route: discordfake.RouteMessageList, Status: http.StatusForbidden})
	_, err = e.a.Posted(ctx, ch, start0, 1)
	var rest *discordgo.RESTError
	if !errors.As(err, &rest) || rest.Response.StatusCode != http.StatusForbidden {
		t.Errorf("refused: err = %v, want Discord's 403", err)
	}
}

func first(p []bot.Posted) any {
	if len(p) == 0 {
		return nil
	}
	return p[0]
}
