package console_test

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/bottest"
	"github.com/ipdesk/ipdesk/bot/console"
	"github.com/ipdesk/ipdesk/sqlite"
)

// chunks is an io.Writer that hands each write to a channel: the console
// writes one message per call.
type chunks struct{ ch chan string }

func (c *chunks) Write(p []byte) (int, error) {
	c.ch <- string(p)
	return len(p), nil
}

// harness drives the console through a pipe, as a person typing would.
type harness struct {
	in   *io.PipeWriter
	out  *chunks
	mu   sync.Mutex
	user string
}

var echoRe = regexp.MustCompile(`^[A-Za-z0-9._-]+> `)

func newHarness(t *testing.T) bottest.Harness {
	return &harness{out: &chunks{ch: make(chan string, 100)}}
}

func (h *harness) Start(t *testing.T, hd bot.Handler) bot.Adapter {
	pr, pw := io.Pipe()
	h.in = pw
	a := console.New(console.Config{In: pr, Out: h.out})
	b, err := bot.New(bot.Config{Adapters: []bot.Adapter{a}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx, hd) }()
	t.Cleanup(func() {
		pw.Close()
		cancel()
		if err := <-done; err != nil {
			t.Errorf("bot ended with %v", err)
		}
	})
	return a
}

func (h *harness) type_(t *testing.T, user, line string) {
	t.Helper()
	if h.user != user {
		fmt.Fprintf(h.in, "/as %s\n", user)
		h.user = user
	}
	if _, err := fmt.Fprintf(h.in, "%s\n", line); err != nil {
		t.Fatal(err)
	}
}

func (h *harness) SayDM(t *testing.T, userID, text string) { h.type_(t, userID, text) }

func (h *harness) Next(t *testing.T) bottest.Seen {
	t.Helper()
	for {
		select {
		case s := <-h.out.ch:
			if echoRe.MatchString(s) || strings.HasPrefix(s, "(you are now") {
				continue
			}
			return parseSeen(s, h.user)
		case <-time.After(10 * time.Second):
			t.Fatal("the console printed nothing within 10s")
		}
	}
}

var dmRe = regexp.MustCompile(`^\[DM to ([^\]]+)\] `)
var chanRe = regexp.MustCompile(`^\[#([^\] ]+)[^\]]*\] `)
var buttonRe = regexp.MustCompile(`\[(\d+)\] ([^\[]+?)(?:  |$)`)

func parseSeen(s, user string) bottest.Seen {
	seen := bottest.Seen{Where: bot.DirectTo(bot.Console, user), Text: s}
	if m := dmRe.FindStringSubmatch(s); m != nil {
		seen.Where = bot.DirectTo(bot.Console, m[1])
	} else if m := chanRe.FindStringSubmatch(s); m != nil {
		seen.Where = bot.Address{Platform: bot.Console, Channel: m[1]}
	}
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	last := strings.TrimSpace(lines[len(lines)-1])
	if strings.HasPrefix(last, "[1] ") {
		for _, m := range buttonRe.FindAllStringSubmatch(last, -1) {
			seen.Buttons = append(seen.Buttons, strings.TrimSpace(m[2]))
		}
	}
	return seen
}

func (h *harness) Click(t *testing.T, userID string, m bottest.Seen, i int) {
	h.type_(t, userID, fmt.Sprint(i+1))
}

func TestContract(t *testing.T) {
	bottest.RunContract(t, newHarness)
}

// run feeds script to a console bot with mux and returns everything printed.
func run(t *testing.T, mux *bot.Mux, script string, staff ...string) string {
	t.Helper()
	var out strings.Builder
	a := console.New(console.Config{In: strings.NewReader(script), Out: &out})
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "ipdesk.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	b, err := bot.New(bot.Config{Adapters: []bot.Adapter{a}, Deliveries: db, Staff: staff})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := b.Run(ctx, mux); err != nil {
		t.Fatalf("Run = %v", err)
	}
	if ctx.Err() != nil {
		t.Fatal("the console did not exit at end of input")
	}
	return out.String()
}

func TestScriptedSession(t *testing.T) {
	mux := bot.NewMux()
	mux.HandleCommand(bot.Command{Name: "help", Summary: "what I can do"}, bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		var names []string
		for _, c := range mux.Commands(e.User.Staff) {
			names = append(names, c.Name)
		}
		_, err := w.Reply(ctx, bot.Reply{Text: "Commands: " + strings.Join(names, ", ")})
		return err
	}))
	mux.HandleCommand(bot.Command{Name: "queue", Summary: "open complaints", Staff: true}, bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		_, err := w.Reply(ctx, bot.Reply{Text: "Queue is empty"})
		return err
	}))
	mux.HandleMessage(bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		if e.Text == "boom" {
			panic("handler bug")
		}
		if e.Text == "bad" {
			return ipdesk.Errorf(ipdesk.EINVALID, "That is not a valid listing URL.")
		}
		_, err := w.Reply(ctx, bot.Reply{Text: "heard: " + e.Text})
		return err
	}))
	out := run(t, mux, "help\nqueue\n/as staff\nhelp\nqueue\nhello\nbad\nboom\nstill alive\n/frobnicate\n", "console:staff")
	for _, want := range []string{
		"you> help\nCommands: help\n",
		"you> queue\nOnly staff can use queue.\n",
		"(you are now staff)\n",
		"staff> help\nCommands: help, queue\n",
		"staff> queue\nQueue is empty\n",
		"heard: hello\n",
		"That is not a valid listing URL.\n",
		"heard: still alive\n",
		"I don't know the command “frobnicate”",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q; full output:\n%s", want, out)
		}
	}
	if !regexp.MustCompile(`Something went wrong \(ref [a-z0-9]{6}\)`).MatchString(out) {
		t.Errorf("a panicking handler did not produce a reference; output:\n%s", out)
	}
}

func TestFormsAndOtherChannels(t *testing.T) {
	review := bot.Address{Platform: bot.Console, Channel: "review"}
	var mu sync.Mutex
	var got bot.FormData
	mux := bot.NewMux()
	var sender bot.Sender
	mux.HandleMessage(bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		_, err := sender.Send(ctx, review, bot.Reply{Text: "Card for " + e.Text, Buttons: []bot.Button{{ID: "card.approve", Label: "Approve", Value: "42"}}})
		return err
	}))
	mux.HandleAction("card.", bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		_, err := w.Reply(ctx, bot.Reply{Text: "Approve case " + e.Action.Value, Form: &bot.Form{ID: "approve", Title: "Approve", Value: e.Action.Value, Inputs: []bot.Input{
			{ID: "amount", Label: "Amount", Required: true},
			{ID: "currency", Label: "Currency", Kind: bot.InputSelect, Options: []bot.Option{{Label: "US dollar", Value: "USD"}, {Label: "Euro", Value: "EUR"}}, Required: true},
			{ID: "note", Label: "Note"},
		}}})
		return err
	}))
	mux.HandleForm("approve", bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		if e.Form.Fields["amount"] == "-5" {
			return &bot.FormError{Fields: map[string]string{"amount": "must be more than zero"}}
		}
		mu.Lock()
		got = e.Form
		mu.Unlock()
		_, err := sender.Send(ctx, bot.DirectTo(bot.Console, "consumer"), bot.Reply{Text: "Approved: " + e.Form.Fields["amount"] + " " + e.Form.Fields["currency"]})
		return err
	}))

	var out strings.Builder
	script := "/as consumer\nfake shoes\n/as staff\n1\n-5\n2\n\n25\n\n"
	a := console.New(console.Config{In: strings.NewReader(script), Out: &out})
	sender = a
	b, _ := bot.New(bot.Config{Adapters: []bot.Adapter{a}})
	if err := b.Run(context.Background(), mux); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{
		"[#review] Card for fake shoes\n    [1] Approve\n",
		"[#review] Approve case 42",
		"Please fix: Amount: must be more than zero",
		"[DM to consumer] Approved: 25 EUR\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q; full output:\n%s", want, text)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if got.ID != "approve" || got.Value != "42" || got.Fields["amount"] != "25" || got.Fields["currency"] != "EUR" || got.Fields["note"] != "" {
		t.Errorf("form submitted %+v", got)
	}
}

func TestEphemeralNoticeKeepsChoices(t *testing.T) {
	mux := bot.NewMux()
	mux.HandleMessage(bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		_, err := w.Reply(ctx, bot.Reply{Text: "card", Buttons: []bot.Button{{ID: "c.approve", Label: "Approve"}, {ID: "c.reject", Label: "Reject"}}})
		return err
	}))
	mux.HandleAction("c.", bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		_, err := w.Reply(ctx, bot.Reply{Text: "Done: " + e.Action.ID, Ephemeral: true})
		return err
	}))
	out := run(t, mux, "show\n1\n2\n")
	if !strings.Contains(out, "you> 1\nDone: c.approve\nyou> 2\nDone: c.reject\n") {
		t.Errorf("the second number did not press the card's second button; output:\n%s", out)
	}
}

func TestNumbersAreTextWhenLastMessageHadNoButtons(t *testing.T) {
	mux := bot.NewMux()
	mux.HandleMessage(bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		r := bot.Reply{Text: "text: " + e.Text}
		if e.Text == "menu" {
			r.Buttons = []bot.Button{{ID: "m.a", Label: "A"}}
		}
		_, err := w.Reply(ctx, r)
		return err
	}))
	mux.HandleAction("m.", bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		_, err := w.Reply(ctx, bot.Reply{Text: "clicked " + e.Action.ID})
		return err
	}))
	out := run(t, mux, "menu\n1\n1\n\x1b[2Jclear\n")
	if !strings.Contains(out, "you> 1\nclicked m.a\nyou> 1\ntext: 1\n") {
		t.Errorf("want first 1 to click and second to be text; output:\n%s", out)
	}
	if strings.Contains(out, "\x1b") {
		t.Errorf("control characters reached the terminal: %q", out)
	}
}

func TestCancelStopsReaderOnPipe(t *testing.T) {
	pr, pw := io.Pipe()
	defer pw.Close()
	a := console.New(console.Config{In: pr, Out: io.Discard})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- a.Run(ctx, bot.HandlerFunc(func(context.Context, bot.ResponseWriter, *bot.Event) error { return nil }))
	}()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
	if _, err := pw.Write([]byte("x\n")); err == nil {
		t.Error("the pipe is still being read after Run returned")
	}
}
