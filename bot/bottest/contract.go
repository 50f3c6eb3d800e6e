package bottest

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk/bot"
)

// Seen is one message as a user of the platform sees it.
type Seen struct {
	Where   bot.Address
	Text    string   // the rendered text as the platform shows it
	Buttons []string // button labels, in order
	// Pings lists the mentions the platform would fire for this message
	// (Slack: <!channel>, <!here>, <@U…>; Discord: what allowed_mentions
	// lets through). The bot must never ping from user text.
	Pings []string
	// Handle is the harness's own reference to the message, for Click.
	Handle any
}

// Harness drives one platform for the contract suite: the console through
// pipes, Slack and Discord through their fake servers.
type Harness interface {
	// Start runs the adapter, delivering events to h, until the test ends.
	Start(t *testing.T, h bot.Handler) bot.Adapter
	// SayDM delivers a direct message from userID to the bot.
	SayDM(t *testing.T, userID, text string)
	// Next waits for the next message the platform showed anywhere.
	Next(t *testing.T) Seen
	// Click presses button i (0-based) of a message as userID.
	Click(t *testing.T, userID string, m Seen, i int)
}

// RunContract runs the adapter contract suite: the behaviour every adapter
// must have, whatever its platform. newHarness is called once per subtest.
func RunContract(t *testing.T, newHarness func(t *testing.T) Harness) {
	t.Run("DMRoundTrip", func(t *testing.T) { contractDMRoundTrip(t, newHarness(t)) })
	t.Run("ButtonsAndClick", func(t *testing.T) { contractButtons(t, newHarness(t)) })
	t.Run("SendToAnotherUser", func(t *testing.T) { contractSend(t, newHarness(t)) })
	t.Run("Edit", func(t *testing.T) { contractEdit(t, newHarness(t)) })
	t.Run("NoPingsFromUserText", func(t *testing.T) { contractNoPings(t, newHarness(t)) })
}

// events collects the events a handler received.
type events struct {
	mu sync.Mutex
	ch chan *bot.Event
}

func newEvents() *events { return &events{ch: make(chan *bot.Event, 16)} }

func (ev *events) next(t *testing.T) *bot.Event {
	t.Helper()
	select {
	case e := <-ev.ch:
		return e
	case <-time.After(10 * time.Second):
		t.Fatal("no event reached the handler within 10s")
		return nil
	}
}

func contractDMRoundTrip(t *testing.T, h Harness) {
	ev := newEvents()
	h.Start(t, bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		ev.ch <- e
		_, err := w.Reply(ctx, bot.Reply{Text: "You said **" + e.Text + "**"})
		return err
	}))
	h.SayDM(t, "u1", "hello there")
	e := ev.next(t)
	if e.Kind != bot.KindMessage || e.Text != "hello there" {
		t.Errorf("event = %v %q, want message %q", e.Kind, e.Text, "hello there")
	}
	if e.User.ID != "u1" || !e.Where.DM {
		t.Errorf("event from %q in %v, want u1 in a DM", e.User.ID, e.Where)
	}
	m := h.Next(t)
	if !strings.Contains(m.Text, "You said") || !strings.Contains(m.Text, "hello there") {
		t.Errorf("user saw %q, want the reply", m.Text)
	}
	if strings.Contains(m.Text, "**") {
		t.Errorf("user saw raw markdown: %q", m.Text)
	}
}

func contractButtons(t *testing.T, h Harness) {
	ev := newEvents()
	h.Start(t, bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		ev.ch <- e
		switch e.Kind {
		case bot.KindAction:
			_, err := w.Reply(ctx, bot.Reply{Text: "You picked " + e.Action.Value})
			return err
		default:
			_, err := w.Reply(ctx, bot.Reply{Text: "Pick one", Buttons: []bot.Button{
				{ID: "test.pick", Label: "Red", Value: "red"},
				{ID: "test.pick", Label: "Blue", Value: "blue", Style: bot.StylePrimary},
			}})
			return err
		}
	}))
	h.SayDM(t, "u1", "colours")
	ev.next(t)
	m := h.Next(t)
	if len(m.Buttons) != 2 || m.Buttons[0] != "Red" || m.Buttons[1] != "Blue" {
		t.Fatalf("buttons seen = %q, want [Red Blue]", m.Buttons)
	}
	h.Click(t, "u1", m, 1)
	e := ev.next(t)
	if e.Kind != bot.KindAction || e.Action.ID != "test.pick" || e.Action.Value != "blue" {
		t.Errorf("click delivered %v %+v, want action test.pick=blue", e.Kind, e.Action)
	}
	if e.User.ID != "u1" {
		t.Errorf("click by %q, want u1", e.User.ID)
	}
	if got := h.Next(t); !strings.Contains(got.Text, "You picked blue") {
		t.Errorf("after click user saw %q", got.Text)
	}
}

func contractSend(t *testing.T, h Harness) {
	a := h.Start(t, bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error { return nil }))
	ref, err := a.Send(context.Background(), bot.DirectTo(a.Platform(), "u2"), bot.Reply{Text: "Your case was updated"})
	if err != nil {
		t.Fatal(err)
	}
	if ref.ID == "" {
		t.Error("Send returned an empty message id; the message could not be edited later")
	}
	m := h.Next(t)
	if !strings.Contains(m.Text, "Your case was updated") {
		t.Errorf("user saw %q", m.Text)
	}
	if !m.Where.DM {
		t.Errorf("message shown in %v, want a DM", m.Where)
	}
}

func contractEdit(t *testing.T, h Harness) {
	a := h.Start(t, bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error { return nil }))
	ctx := context.Background()
	ref, err := a.Send(ctx, bot.DirectTo(a.Platform(), "u2"), bot.Reply{Text: "Status: open"})
	if err != nil {
		t.Fatal(err)
	}
	h.Next(t)
	if err := a.Edit(ctx, ref, bot.Reply{Text: "Status: approved"}); err != nil {
		t.Fatal(err)
	}
	if m := h.Next(t); !strings.Contains(m.Text, "Status: approved") {
		t.Errorf("after edit user saw %q", m.Text)
	}
}

// contractNoPings sends text that would ping everyone if it reached the
// platform unescaped. Handlers escape user text with markup.Escape; the
// adapter's renderer must keep what is left inert too.
func contractNoPings(t *testing.T, h Harness) {
	a := h.Start(t, bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error { return nil }))
	hostile := "<!channel> <!here> @everyone @here <@U123> <@&456>"
	if _, err := a.Send(context.Background(), bot.DirectTo(a.Platform(), "u2"), bot.Reply{Text: hostile}); err != nil {
		t.Fatal(err)
	}
	m := h.Next(t)
	if len(m.Pings) > 0 {
		t.Errorf("message would ping %q; text shown: %q", m.Pings, m.Text)
	}
	if !strings.Contains(m.Text, "everyone") {
		t.Errorf("text lost: %q", m.Text)
	}
}
