package discord_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/discord"
	"github.com/ipdesk/ipdesk/bot/discord/discordfake"
)

// randomText returns CommonMark of about n characters: paragraphs, lists,
// quotes, code blocks, links, emphasis, hostile mentions and characters
// outside ASCII, so that cuts land in every kind of block.
func randomText(rng *rand.Rand, n int) string {
	words := []string{"counterfeit", "listing", "trademark", "é", "商标", "🦀", "**bold**", "_it_", "`code`",
		"[guide](https://example.com/a)", "@everyone", "<@123>", "||spoiler||", "IPD-7K3Q9", "sha256:9f86d081884c7d65",
		strings.Repeat("x", 150)}
	var out []rune
	put := func(s string) { out = append(out, []rune(s)...) }
	for len(out) < n {
		if len(out) > 0 {
			put([]string{"\n\n", "\n", " "}[rng.IntN(3)])
		}
		switch rng.IntN(8) {
		case 0:
			put("- ")
		case 1:
			put("> ")
		case 2:
			put("```\n" + strings.Repeat("code line\n", 1+rng.IntN(30)) + "```")
			continue
		case 3:
			put("1. ")
		}
		for range 1 + rng.IntN(40) {
			put(words[rng.IntN(len(words))] + " ")
		}
	}
	return string(out[:n])
}

func randomReply(rng *rand.Rand) bot.Reply {
	var r bot.Reply
	if rng.IntN(4) > 0 {
		r.Text = randomText(rng, rng.IntN(20001))
	}
	// Most replies keep every value within an embed field's 1,024
	// characters, often close to it, so that the fields together, not one
	// of them, exceed what an embed holds.
	valueLen := [](func() int){
		func() int { return rng.IntN(3001) },
		func() int { return 800 + rng.IntN(225) },
		func() int { return rng.IntN(1025) },
		func() int { return rng.IntN(60) },
	}[rng.IntN(4)]
	for range rng.IntN(26) {
		var f bot.Field
		f.Label = randomText(rng, rng.IntN(40))
		if rng.IntN(10) == 0 {
			f.Label = randomText(rng, 300)
		}
		f.Value = randomText(rng, valueLen())
		r.Fields = append(r.Fields, f)
	}
	for i := range rng.IntN(26) {
		r.Buttons = append(r.Buttons, bot.Button{ID: "pick", Label: fmt.Sprintf("Option %d", i), Value: strings.Repeat("v", rng.IntN(120))})
	}
	return r
}

// TestRandomRepliesFitDiscord sends random replies through the real client
// to the fake, which refuses what Discord refuses (content over 2,000
// characters, a description over 4,096, more than 25 fields, a field value
// over 1,024, embeds over 6,000 together, more than 10 embeds, more than 5
// rows of 5 buttons), then edits each reply's message: an edit must be one
// message, whatever the reply holds.
func TestRandomRepliesFitDiscord(t *testing.T) {
	t.Parallel()
	srv := discordfake.New(t, discordfake.Config{})
	a, err := discord.New(discord.Config{Token: srv.Config().Token, APIURL: srv.URL, Logger: testLogger(t)})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	cases := 60
	if testing.Short() {
		cases = 20
	}
	for i := range cases {
		seed := uint64(i)
		rng := rand.New(rand.NewPCG(seed, 7))
		r := randomReply(rng)
		channel := fmt.Sprint(6000 + i)
		where := bot.Address{Platform: bot.Discord, Channel: channel}
		describe := fmt.Sprintf("seed %d (text %d, %d fields, %d buttons)", seed, utf8.RuneCountInString(r.Text), len(r.Fields), len(r.Buttons))

		before := len(srv.Calls(""))
		ref, err := a.Send(ctx, where, r)
		if err != nil {
			t.Fatalf("%s: send: %v", describe, err)
		}
		sent := srv.Calls("")[before:]
		for _, c := range sent {
			if c.Status != http.StatusOK {
				t.Fatalf("%s: %s answered %d", describe, c.Route, c.Status)
			}
		}
		msgs := srv.Messages(channel)
		if len(msgs) == 0 || len(msgs) != len(sent) {
			t.Fatalf("%s: %d calls made %d messages", describe, len(sent), len(msgs))
		}
		last := msgs[len(msgs)-1]
		if ref.ID != last.ID || len(last.Buttons()) != min(len(r.Buttons), 25) {
			t.Errorf("%s: the last message %s has %d buttons; Send returned %s", describe, last.ID, len(last.Buttons()), ref.ID)
		}
		if n := len(msgs); n > 2+(utf8.RuneCountInString(r.Text)+3000*len(r.Fields))/1000 {
			t.Errorf("%s: %d messages", describe, n)
		}

		edit := rand.New(rand.NewPCG(seed, 8))
		r2 := randomReply(edit)
		before = len(srv.Calls(""))
		if err := a.Edit(ctx, ref, r2); err != nil {
			t.Fatalf("%s: edit: %v", describe, err)
		}
		calls := srv.Calls("")[before:]
		if len(calls) != 1 || calls[0].Route != discordfake.RouteMessageEdit || calls[0].Status != http.StatusOK {
			t.Fatalf("%s: edit made calls %+v; want one message edit", describe, routes(calls))
		}
		if now := srv.Messages(channel); len(now) != len(msgs) {
			t.Errorf("%s: edit changed the number of messages from %d to %d", describe, len(msgs), len(now))
		}
		edited, _ := srv.Message(channel, ref.ID)
		if len(edited.Buttons()) != min(len(r2.Buttons), 25) {
			t.Errorf("%s: edited message has %d of %d buttons", describe, len(edited.Buttons()), len(r2.Buttons))
		}
	}
}

func routes(calls []discordfake.Call) []string {
	out := make([]string, len(calls))
	for i, c := range calls {
		out[i] = fmt.Sprintf("%s → %d", c.Route, c.Status)
	}
	return out
}

// TestCardLargerThanAnEmbed posts and edits a card whose fields alone pass
// an embed's 6,000 characters: seven values of 1,000 characters each. Sent,
// every value arrives whole in a few messages; edited, the card stays one
// message with its buttons and short facts, the long values shortened and
// marked.
func TestCardLargerThanAnEmbed(t *testing.T) {
	t.Parallel()
	srv := discordfake.New(t, discordfake.Config{})
	a, err := discord.New(discord.Config{Token: srv.Config().Token, APIURL: srv.URL, Logger: testLogger(t)})
	if err != nil {
		t.Fatal(err)
	}
	card := bot.Reply{
		Text:    "**Complaint IPD-7K3Q9**: counterfeit, Amazon\n\nStatus: **open**\n\n" + strings.Repeat("note ", 108),
		Fields:  []bot.Field{{Label: "Asks for", Value: "compensation: 49.99 USD"}},
		Buttons: []bot.Button{{ID: "review.approve", Label: "Approve compensation", Value: "IPD-7K3Q9"}, {ID: "review.reject", Label: "Reject", Value: "IPD-7K3Q9"}},
	}
	for i := range 7 {
		card.Fields = append(card.Fields, bot.Field{Label: fmt.Sprintf("Detail %d", i), Value: strings.Repeat("word ", 198) + fmt.Sprintf("END%d", i)})
	}
	ctx := context.Background()
	ref, err := a.Send(ctx, bot.Address{Platform: bot.Discord, Channel: "6500"}, card)
	if err != nil {
		t.Fatal(err)
	}
	msgs := srv.Messages("6500")
	if len(msgs) > 3 {
		t.Errorf("the card took %d messages", len(msgs))
	}
	var all strings.Builder
	for _, m := range msgs {
		all.WriteString(m.Display() + "\n")
	}
	for i := range 7 {
		if !strings.Contains(all.String(), fmt.Sprintf("END%d", i)) {
			t.Errorf("detail %d did not arrive whole", i)
		}
	}
	if last := msgs[len(msgs)-1]; last.ID != ref.ID || len(last.Buttons()) != 2 {
		t.Errorf("the buttons are not on the message Send returned")
	}

	before := len(srv.Calls(""))
	if err := a.Edit(ctx, ref, card); err != nil {
		t.Fatal(err)
	}
	if calls := srv.Calls("")[before:]; len(calls) != 1 || calls[0].Route != discordfake.RouteMessageEdit {
		t.Fatalf("edit made calls %v; want one message edit", routes(calls))
	}
	edited, _ := srv.Message("6500", ref.ID)
	shown := edited.Display()
	for _, want := range []string{"Complaint IPD-7K3Q9", "Status: open", "Asks for: compensation: 49.99 USD", "(shortened; full text in the case record)"} {
		if !strings.Contains(shown, want) {
			t.Errorf("the edited card lacks %q:\n%s", want, shown)
		}
	}
	if _, ok := edited.Button("Approve compensation"); !ok || len(edited.Buttons()) != 2 {
		t.Errorf("the edited card has buttons %d", len(edited.Buttons()))
	}
	for i := range 7 {
		if !strings.Contains(shown, fmt.Sprintf("Detail %d", i)) {
			t.Errorf("the edited card lost field %d", i)
		}
	}
}
