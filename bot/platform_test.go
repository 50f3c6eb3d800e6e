package bot_test

import (
	"context"
	"testing"

	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/bottest"
	"github.com/ipdesk/ipdesk/i18n"
)

// shouting is the scripted adapter with every capability: commands typed
// as "!NAME", its name in capitals, forms titled in at most 12 characters.
type shouting struct{ scripted }

func (s *shouting) PlatformName() string                { return "SHOUTING" }
func (s *shouting) Invocation(c bot.CommandName) string { return "!" + c.Local }
func (s *shouting) Limits() bot.Limits                  { return bot.Limits{FormTitle: 12} }

// TestEventsDescribeTheirPlatform runs a Bot with an adapter that answers
// every capability and one that answers none, and checks what a handler
// reads of each: the adapter's answer, else the neutral default.
func TestEventsDescribeTheirPlatform(t *testing.T) {
	loud := &shouting{scripted{platform: "loud", rec: bottest.NewRecorder(), events: []*bot.Event{
		{Kind: bot.KindMessage, Text: "hi", User: bot.User{Platform: "loud", ID: "u1"}, Where: bot.DirectTo("loud", "u1")},
	}}}
	plain := &scripted{platform: "plain", rec: bottest.NewRecorder(), events: []*bot.Event{
		{Kind: bot.KindMessage, Text: "hi", User: bot.User{Platform: "plain", ID: "u2"}, Where: bot.DirectTo("plain", "u2")},
	}}
	b, err := bot.New(bot.Config{Adapters: []bot.Adapter{loud, plain}})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	h := bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		p := e.Platform()
		other := e.PlatformOf("loud")
		got[p.ID()] = []string{p.Name(), p.Command("complain"), p.CommandIn(e.Printer().In(i18n.ZH), "", "complain"),
			other.Name(), e.PlatformOf("gone").Command("status")}
		if p.ID() == "loud" && p.Limits().FormTitle != 12 || p.ID() == "plain" && p.Limits() != (bot.Limits{}) {
			t.Errorf("%s limits %+v", p.ID(), p.Limits())
		}
		if !p.Connected() || e.PlatformOf("gone").Connected() {
			t.Errorf("%s: connected %v, an unknown platform %v", p.ID(), p.Connected(), e.PlatformOf("gone").Connected())
		}
		return nil
	})
	// The adapters run one after the other: the handler map is not locked.
	for _, a := range []bot.Adapter{loud, plain} {
		if err := a.Run(context.Background(), b.Handler(h)); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string][]string{
		"loud":  {"SHOUTING", "!complain", "!投诉", "SHOUTING", "/status"},
		"plain": {"plain", "/complain", "/投诉", "SHOUTING", "/status"},
	}
	for id, w := range want {
		if len(got[id]) != len(w) {
			t.Errorf("%s: handler saw %q", id, got[id])
			continue
		}
		for i := range w {
			if got[id][i] != w[i] {
				t.Errorf("%s: answer %d is %q, want %q", id, i, got[id][i], w[i])
			}
		}
	}
	// Code that posts through the Bot, with no event, asks the Bot.
	if n := bot.Describe(b, "loud").Name(); n != "SHOUTING" {
		t.Errorf("Describe(bot) = %q", n)
	}
	if n := bot.Describe(bottest.NewRecorder(), "loud").Name(); n != "loud" {
		t.Errorf("Describe(recorder without platforms) = %q", n)
	}
}

func TestFits(t *testing.T) {
	for _, tt := range []struct {
		s     string
		limit int
		want  bool
	}{
		{"", 0, true}, {"anything at all", 0, true}, {"批准下架 IPD-7K3Q9", 14, true}, {"批准下架 IPD-7K3Q9", 13, false}, {"abc", 3, true}, {"abcd", 3, false},
	} {
		if got := bot.Fits(tt.s, tt.limit); got != tt.want {
			t.Errorf("Fits(%q, %d) = %v", tt.s, tt.limit, got)
		}
	}
}
