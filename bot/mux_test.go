package bot_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/bottest"
)

// named returns a handler that replies with its name, so a test can see
// which route took an event.
func named(name string) bot.Handler {
	return bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		_, err := w.Reply(ctx, bot.Reply{Text: name + "|" + e.Command + "|" + e.Args})
		return err
	})
}

func TestMuxRouting(t *testing.T) {
	mux := bot.NewMux()
	mux.HandleCommand(bot.Command{Name: "ask"}, named("ask"))
	mux.HandleCommand(bot.Command{Name: "queue", Staff: true}, named("queue"))
	mux.HandleCommand(bot.Command{Name: "case", Staff: true, Claims: func(args string) bool { return strings.HasPrefix(args, "IPD-") }}, named("case"))
	mux.HandleAction("review.", named("review"))
	mux.HandleAction("review.approve", named("approve"))
	mux.HandleForm("complaint", named("form"))
	mux.HandleMessage(named("message"))

	staff := bot.User{Platform: "console", ID: "staff", Staff: true}
	user := bot.User{Platform: "console", ID: "u1"}
	tests := []struct {
		name     string
		e        bot.Event
		want     string // reply text prefix, or error code
		wantCode string
	}{
		{"slash command", bot.Event{Kind: bot.KindMessage, Text: "/ask can I sell this?", User: user}, "ask|ask|can I sell this?", ""},
		{"bang command", bot.Event{Kind: bot.KindMessage, Text: "!ASK hi", User: user}, "ask|ask|hi", ""},
		{"bare command word", bot.Event{Kind: bot.KindMessage, Text: "  ask ", User: user}, "ask|ask|", ""},
		{"command word with more text", bot.Event{Kind: bot.KindMessage, Text: "ask me anything", User: user}, "ask|ask|me anything", ""},
		{"staff command word from a user is a message", bot.Event{Kind: bot.KindMessage, Text: "queue jumping rules", User: user}, "message||", ""},
		{"staff command word from staff", bot.Event{Kind: bot.KindMessage, Text: "queue now", User: staff}, "queue|queue|now", ""},
		{"staff command claiming its arguments, from a user", bot.Event{Kind: bot.KindMessage, Text: "case IPD-7K3Q9", User: user}, "", ipdesk.EUNAUTHORIZED},
		{"staff command not claiming its arguments, from a user", bot.Event{Kind: bot.KindMessage, Text: "case law on parallel imports", User: user}, "message||", ""},
		{"staff command claiming its arguments, from staff", bot.Event{Kind: bot.KindMessage, Text: "case IPD-7K3Q9", User: staff}, "case|case|IPD-7K3Q9", ""},
		{"word starting like a command", bot.Event{Kind: bot.KindMessage, Text: "asking for a friend", User: user}, "message||", ""},
		{"command with newline args", bot.Event{Kind: bot.KindMessage, Text: "/ask\nline two", User: user}, "ask|ask|line two", ""},
		{"platform command", bot.Event{Kind: bot.KindCommand, Command: "ask", Args: "x", User: user}, "ask|ask|x", ""},
		{"unknown command", bot.Event{Kind: bot.KindMessage, Text: "/nope", User: user}, "", ipdesk.ENOTFOUND},
		{"empty slash", bot.Event{Kind: bot.KindMessage, Text: "/", User: user}, "message||", ""},
		{"staff command by staff", bot.Event{Kind: bot.KindCommand, Command: "queue", User: staff}, "queue|queue|", ""},
		{"staff command by user", bot.Event{Kind: bot.KindCommand, Command: "queue", User: user}, "", ipdesk.EUNAUTHORIZED},
		{"longest action prefix", bot.Event{Kind: bot.KindAction, Action: bot.Action{ID: "review.approve"}, User: user}, "approve||", ""},
		{"shorter action prefix", bot.Event{Kind: bot.KindAction, Action: bot.Action{ID: "review.reject"}, User: user}, "review||", ""},
		{"unknown action", bot.Event{Kind: bot.KindAction, Action: bot.Action{ID: "gone.button"}, User: user}, "", ipdesk.ENOTFOUND},
		{"form", bot.Event{Kind: bot.KindSubmit, Form: bot.FormData{ID: "complaint.edit"}, User: user}, "form||", ""},
		{"plain message", bot.Event{Kind: bot.KindMessage, Text: "hello", User: user}, "message||", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := bottest.NewRecorder()
			e := tt.e
			err := mux.ServeEvent(context.Background(), rec, &e)
			if tt.wantCode != "" {
				if got := ipdesk.ErrorCode(err); got != tt.wantCode {
					t.Fatalf("error code = %q (%v), want %q", got, err, tt.wantCode)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := rec.LastReply().Text; got != tt.want {
				t.Errorf("reply = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestMuxPanicsOnDuplicates(t *testing.T) {
	for name, register := range map[string]func(m *bot.Mux){
		"command": func(m *bot.Mux) { m.HandleCommand(bot.Command{Name: "ask"}, named("a")) },
		"action":  func(m *bot.Mux) { m.HandleAction("x.", named("a")) },
		"form":    func(m *bot.Mux) { m.HandleForm("f", named("a")) },
		"message": func(m *bot.Mux) { m.HandleMessage(named("a")) },
	} {
		t.Run(name, func(t *testing.T) {
			m := bot.NewMux()
			register(m)
			defer func() {
				if recover() == nil {
					t.Error("registering twice did not panic")
				}
			}()
			register(m)
		})
	}
}

func TestMuxCommandsByRole(t *testing.T) {
	mux := bot.NewMux()
	mux.HandleCommand(bot.Command{Name: "status"}, named("s"))
	mux.HandleCommand(bot.Command{Name: "queue", Staff: true}, named("q"))
	mux.HandleCommand(bot.Command{Name: "ask"}, named("a"))
	names := func(cs []bot.Command) string {
		var n []string
		for _, c := range cs {
			n = append(n, c.Name)
		}
		return strings.Join(n, ",")
	}
	if got := names(mux.Commands(false)); got != "ask,status" {
		t.Errorf("user commands = %s", got)
	}
	if got := names(mux.Commands(true)); got != "ask,queue,status" {
		t.Errorf("staff commands = %s", got)
	}
}

func TestRequireStaff(t *testing.T) {
	h := bot.RequireStaff(named("ok"))
	rec := bottest.NewRecorder()
	err := h.ServeEvent(context.Background(), rec, &bot.Event{User: bot.User{ID: "u1"}})
	if ipdesk.ErrorCode(err) != ipdesk.EUNAUTHORIZED || len(rec.Replies()) != 0 {
		t.Errorf("non-staff: err %v, replies %d", err, len(rec.Replies()))
	}
	if err := h.ServeEvent(context.Background(), rec, &bot.Event{User: bot.User{ID: "s", Staff: true}}); err != nil || len(rec.Replies()) != 1 {
		t.Errorf("staff: err %v, replies %d", err, len(rec.Replies()))
	}
}

func TestAddressRoundTrip(t *testing.T) {
	for _, s := range []string{"slack:C123", "slack:C123:1700000000.000100", "discord:@456", "console:review"} {
		a, err := bot.ParseAddress(s)
		if err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		if a.String() != s {
			t.Errorf("%s round-trips to %s", s, a)
		}
		ref := bot.MessageRef{Where: a, ID: "99"}
		back, err := bot.ParseMessageRef(ref.String())
		if err != nil || back != ref {
			t.Errorf("message ref %s round-trips to %v, %v", ref, back, err)
		}
	}
	if a, _ := bot.ParseAddress("discord:@456"); !a.DM {
		t.Error("discord:@456 is not a DM")
	}
	for _, bad := range []string{"", "slack", "slack:", "sl ack:C1", "#c:C1", "slack:C1:", "a:b:c:d"} {
		if _, err := bot.ParseAddress(bad); err == nil {
			t.Errorf("ParseAddress(%q) succeeded", bad)
		}
	}
}
