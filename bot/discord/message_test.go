package discord_test

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/discord/discordfake"
	"github.com/ipdesk/ipdesk/bot/markup"
)

var (
	seller   = discordfake.User{ID: "111", Name: "seller"}
	consumer = discordfake.User{ID: "222", Name: "consumer"}
	staffer  = discordfake.User{ID: "333", Name: "staff", Roles: []string{"77"}}
)

func TestDMAnswered(t *testing.T) {
	t.Parallel()
	s := newSeen()
	e := start(t, reply(s, func(e *bot.Event) bot.Reply {
		return bot.Reply{Text: "Answer to **" + markup.Escape(e.Text) + "**"}
	}), options{})
	e.srv.SendDM(seller, "How do I register a trademark?")
	ev := s.next(t)
	if ev.Kind != bot.KindMessage || ev.Text != "How do I register a trademark?" || !ev.Where.DM || ev.Mentioned {
		t.Errorf("event = %+v", ev)
	}
	if ev.User.ID != seller.ID || ev.User.Name != "seller" || ev.User.Platform != bot.Discord || ev.User.Staff {
		t.Errorf("user = %+v", ev.User)
	}
	if !strings.HasPrefix(ev.ID, "discord:msg:") {
		t.Errorf("delivery id %q", ev.ID)
	}
	m := e.srv.WaitShown(wait)
	if m.ChannelID != e.srv.DMChannel(seller.ID) {
		t.Errorf("answered in %s, want the DM", m.ChannelID)
	}
	if got := m.Display(); got != "Answer to How do I register a trademark?" {
		t.Errorf("user saw %q", got)
	}
}

func TestMentionAnsweredInChannel(t *testing.T) {
	t.Parallel()
	s := newSeen()
	e := start(t, reply(s, func(e *bot.Event) bot.Reply { return bot.Reply{Text: "On it."} }), options{})
	// Chatter that does not mention the bot is not the bot's business.
	e.srv.SendMessage(seller, "5001", "just talking among sellers")
	e.srv.SendMessage(seller, "5001", e.srv.Mention()+" what is a Schedule A case?")
	ev := s.next(t)
	if ev.Text != "what is a Schedule A case?" || !ev.Mentioned || ev.Where.DM || ev.Where.Channel != "5001" {
		t.Fatalf("event = %+v", ev)
	}
	m := e.srv.WaitShown(wait)
	if m.ChannelID != "5001" || m.Display() != "On it." {
		t.Errorf("reply %q in %s", m.Display(), m.ChannelID)
	}
	call := e.srv.Calls(discordfake.RouteMessageCreate)[0]
	if !strings.Contains(string(call.Body), `"message_reference"`) {
		t.Errorf("reply does not reference the question: %s", call.Body)
	}
	if s.count() != 1 {
		t.Errorf("handler saw %d events, want only the mention", s.count())
	}
}

func TestHostileTextEscapedAndPingsNobody(t *testing.T) {
	t.Parallel()
	s := newSeen()
	e := start(t, reply(s, func(e *bot.Event) bot.Reply {
		return bot.Reply{
			Text:   "You wrote: " + markup.Escape(e.Text),
			Fields: []bot.Field{{Label: "Listing", Value: markup.Escape(e.Text)}},
		}
	}), options{})
	hostile := "@everyone @here <@999> <@&888> **bold** [click](https://evil.example) ||spoiler||"
	e.srv.SendMessage(seller, "5001", e.srv.Mention()+" "+hostile)
	s.next(t)
	m := e.srv.WaitShown(wait)
	if p := m.Pings(); len(p) > 0 {
		t.Errorf("message would ping %q", p)
	}
	shown := m.Display()
	for _, want := range []string{"@everyone", "**bold**", "||spoiler||", "[click](https://evil.example)"} {
		if !strings.Contains(shown, want) {
			t.Errorf("user should read %q literally; saw %q", want, shown)
		}
	}
}

// TestMarkupArrivesAsPlainText sends Discord's markup for people, roles,
// channels, emoji and commands, and expects the handler to read plain text
// that would ping nobody if echoed.
func TestMarkupArrivesAsPlainText(t *testing.T) {
	t.Parallel()
	s := newSeen()
	e := start(t, reply(s, func(e *bot.Event) bot.Reply { return bot.Reply{Text: "You wrote: " + e.Text} }), options{})
	e.srv.SendMessage(seller, "5001", e.srv.Mention()+" ask <@999> and <@!998> in <#5001> about <@&888> <:blob:123> <a:wave:124> </status:42> @everyone")
	ev := s.next(t)
	if want := "ask @999 and @998 in #5001 about @888 :blob: :wave: /status @everyone"; ev.Text != want {
		t.Errorf("handler read %q, want %q", ev.Text, want)
	}
	if p := e.srv.WaitShown(wait).Pings(); len(p) > 0 {
		t.Errorf("the echo would ping %q", p)
	}
}

func TestAttachmentsInDM(t *testing.T) {
	t.Parallel()
	s := newSeen()
	e := start(t, reply(s, func(e *bot.Event) bot.Reply { return bot.Reply{Text: "Got it."} }), options{})
	data := []byte("%PDF-1.7 evidence of the listing")
	e.srv.SendDM(consumer, "here is my proof", discordfake.File{Name: "proof.pdf", ContentType: "application/pdf", Data: data})
	ev := s.next(t)
	if len(ev.Files) != 1 {
		t.Fatalf("files = %+v", ev.Files)
	}
	f := ev.Files[0]
	if f.Name != "proof.pdf" || f.Type != "application/pdf" || f.Size != int64(len(data)) || !strings.HasPrefix(f.URL, "http") || f.ID == "" {
		t.Errorf("file = %+v", f)
	}
	rc, err := f.Open(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	got, _ := io.ReadAll(rc)
	if !bytes.Equal(got, data) {
		t.Errorf("fetched %q", got)
	}
}

func TestLongReplySplitAtBlocks(t *testing.T) {
	t.Parallel()
	para := func(c string) string { return strings.Repeat(c+" ", 450) } // 900 characters
	text := para("a") + "\n\n" + para("b") + "\n\n" + para("c")
	var buttons []bot.Button
	for i := range 30 {
		buttons = append(buttons, bot.Button{ID: "pick", Label: "Option " + string(rune('A'+i%26)), Value: strings.Repeat("v", 120)})
	}
	s := newSeen()
	e := start(t, reply(s, func(e *bot.Event) bot.Reply {
		if e.Kind == bot.KindAction {
			return bot.Reply{Text: "picked " + e.Action.ID + " " + e.Action.Value}
		}
		return bot.Reply{Text: text, Buttons: buttons}
	}), options{})
	e.srv.SendDM(seller, "long please")
	s.next(t)
	first, second := e.srv.WaitShown(wait), e.srv.WaitShown(wait)
	for _, m := range []discordfake.MessageView{first, second} {
		if n := utf8.RuneCountInString(m.Content); n > 2000 {
			t.Errorf("message of %d characters", n)
		}
	}
	if !strings.HasPrefix(second.Content, "c ") || strings.Contains(first.Content, "c ") {
		t.Errorf("not split between paragraphs: %q… / %q…", first.Content[:10], second.Content[:10])
	}
	if len(first.Buttons()) != 0 || len(second.Components) != 5 || len(second.Buttons()) != 25 {
		t.Errorf("buttons: first %d, last %d rows / %d buttons; want all on the last, 5 rows of 5", len(first.Buttons()), len(second.Components), len(second.Buttons()))
	}
	// A value too long for a custom id still comes back whole.
	e.srv.Click(seller, second.ChannelID, second.ID, "Option C")
	ev := s.next(t)
	if ev.Kind != bot.KindAction || ev.Action.ID != "pick" || ev.Action.Value != strings.Repeat("v", 120) {
		t.Errorf("click = %+v", ev.Action)
	}
	if ev.Source.ID != second.ID {
		t.Errorf("source = %+v, want the message clicked", ev.Source)
	}
}

func TestFieldsRenderAsEmbed(t *testing.T) {
	t.Parallel()
	e := start(t, bot.HandlerFunc(func(context.Context, bot.ResponseWriter, *bot.Event) error { return nil }), options{})
	long := strings.Repeat("Evidence line. ", 400) // ~6,000 characters
	ref, err := e.a.Send(context.Background(), bot.Address{Platform: bot.Discord, Channel: "6001"}, bot.Reply{
		Text:    "**Complaint C-7**\n\n" + long,
		Fields:  []bot.Field{{Label: "Status", Value: "open"}, {Label: "Listing", Value: "https://shop.example/item/1"}},
		Buttons: []bot.Button{{ID: "review.approve", Label: "Approve", Value: "C-7", Style: bot.StylePrimary}},
	})
	if err != nil {
		t.Fatal(err)
	}
	msgs := e.srv.WaitMessages("6001", 2, wait)
	last := msgs[len(msgs)-1]
	if ref.ID != last.ID {
		t.Errorf("Send returned %s, want the message with the buttons %s", ref.ID, last.ID)
	}
	for _, m := range msgs {
		if len(m.Embeds) != 1 || utf8.RuneCountInString(m.Embeds[0].Description) > 4096 {
			t.Fatalf("message %+v: want one embed with a description of at most 4096", m)
		}
	}
	if f := last.Embeds[0].Fields; len(f) != 2 || f[0].Name != "Status" || f[0].Value != "open" {
		t.Errorf("fields = %+v", f)
	}
	if b, ok := last.Button("Approve"); !ok || b.Style != 1 {
		t.Errorf("approve button = %+v", b)
	}
}
