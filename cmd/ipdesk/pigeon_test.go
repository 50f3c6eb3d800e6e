package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/bottest"
	"github.com/ipdesk/ipdesk/bot/markup"
)

// The pigeon post is a fourth platform, made up for these tests and run in
// process: people send notes to the bot's loft and read what it posts, in
// places named "@user" (a person's own box) or by a channel name. It
// answers the capability interfaces its own way, so that the tests show
// that handlers take each answer from it: commands are typed "!NAME", the
// platform is called "Pigeon Post", and a form's title has room for 20
// characters. It has no mentions, so nothing it shows pings anyone.
//
// Adding it takes what adding a real platform takes: the adapter (here
// below) and its settings as a platform (pigeonPlatform), registered in a
// Config's platforms beside Slack's and Discord's. No handler changes.
type pigeon struct {
	started   chan struct{}
	startOnce sync.Once

	mu    sync.Mutex
	h     bot.Handler
	ctx   context.Context
	seq   int
	msgs  map[string]*pigeonNote // by message id
	order []*pigeonNote          // posts, oldest first
	forms map[string]*bot.Form   // the form open for each person
	shown chan *pigeonNote       // every post and edit, for the contract suite
}

// pigeonNote is a message the bot posted, as a person reads it.
type pigeonNote struct {
	ref     bot.MessageRef
	text    string // rendered: plain text, fields, then buttons as [Label]
	buttons []bot.Button
}

func newPigeon() *pigeon {
	return &pigeon{started: make(chan struct{}), msgs: map[string]*pigeonNote{}, forms: map[string]*bot.Form{}, shown: make(chan *pigeonNote, 64)}
}

var (
	_ bot.Adapter = (*pigeon)(nil)
	_ bot.Namer   = (*pigeon)(nil)
	_ bot.Invoker = (*pigeon)(nil)
	_ bot.Limiter = (*pigeon)(nil)
)

func (p *pigeon) Platform() string                    { return "pigeon" }
func (p *pigeon) PlatformName() string                { return "Pigeon Post" }
func (p *pigeon) Invocation(c bot.CommandName) string { return "!" + c.Local }
func (p *pigeon) Limits() bot.Limits                  { return bot.Limits{FormTitle: 20, InputLabel: 40} }
func (p *pigeon) Edit(ctx context.Context, ref bot.MessageRef, r bot.Reply) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := p.msgs[ref.ID]
	if n == nil || n.ref.Where != ref.Where {
		return fmt.Errorf("pigeon: no message %s", ref)
	}
	n.text, n.buttons = pigeonRender(r), r.Buttons
	p.show(n)
	return nil
}

// Run takes events until ctx ends; a person's note is delivered by say,
// click, send or submit.
func (p *pigeon) Run(ctx context.Context, h bot.Handler) error {
	p.mu.Lock()
	p.h, p.ctx = h, ctx
	p.mu.Unlock()
	p.startOnce.Do(func() { close(p.started) })
	<-ctx.Done()
	return nil
}

func (p *pigeon) Send(ctx context.Context, to bot.Address, r bot.Reply) (bot.MessageRef, error) {
	if r.Form != nil {
		return bot.MessageRef{}, fmt.Errorf("pigeon: a form is opened by an answer to a person, not sent")
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.seq++
	n := &pigeonNote{ref: bot.MessageRef{Where: to, ID: fmt.Sprint(p.seq)}, text: pigeonRender(r), buttons: r.Buttons}
	p.msgs[n.ref.ID] = n
	p.order = append(p.order, n)
	p.show(n)
	return n.ref, nil
}

func (p *pigeon) show(n *pigeonNote) {
	cp := *n
	select {
	case p.shown <- &cp:
	default: // nobody reads the stream: the flow test reads places
	}
}

// pigeonRender shows a reply as the pigeon post prints it.
func pigeonRender(r bot.Reply) string {
	var b strings.Builder
	b.WriteString(markup.Render(markup.Plain, r.Text))
	for _, f := range r.Fields {
		b.WriteString("\n" + f.Label + ": " + markup.Render(markup.Plain, f.Value))
	}
	for _, btn := range r.Buttons {
		b.WriteString(" [" + btn.Label + "]")
	}
	return b.String()
}

// pigeonWriter answers one person's note where it was sent; a form opens
// for that person.
type pigeonWriter struct {
	p     *pigeon
	where bot.Address
	user  string
}

func (w *pigeonWriter) Reply(ctx context.Context, r bot.Reply) (bot.MessageRef, error) {
	if r.Form != nil {
		w.p.mu.Lock()
		w.p.forms[w.user] = r.Form
		w.p.mu.Unlock()
		return bot.MessageRef{}, nil
	}
	to := w.where
	if r.Ephemeral {
		to = bot.DirectTo(w.p.Platform(), w.user)
	}
	return w.p.Send(ctx, to, r)
}

// deliver hands e to the bot and waits until it was handled.
func (p *pigeon) deliver(e *bot.Event) error {
	p.mu.Lock()
	h, ctx := p.h, p.ctx
	p.seq++
	e.ID = fmt.Sprintf("pigeon:%d", p.seq)
	p.mu.Unlock()
	e.User = bot.User{Platform: p.Platform(), ID: e.User.ID, Name: e.User.ID}
	e.Time = time.Now()
	return h.ServeEvent(ctx, &pigeonWriter{p: p, where: e.Where, user: e.User.ID}, e)
}

// say sends a note from user to the bot's box.
func (p *pigeon) say(user, text string) error {
	return p.deliver(&bot.Event{Kind: bot.KindMessage, Text: text, User: bot.User{ID: user}, Where: bot.DirectTo(p.Platform(), user)})
}

// sendFile sends a photo from user to the bot's box.
func (p *pigeon) sendFile(user, name, typ string, data []byte) error {
	f := bot.File{ID: name, Name: name, Type: typ, Size: int64(len(data)),
		Open: func(context.Context) (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }}
	return p.deliver(&bot.Event{Kind: bot.KindMessage, User: bot.User{ID: user}, Where: bot.DirectTo(p.Platform(), user), Files: []bot.File{f}})
}

// click presses the button labelled label on note n, as user.
func (p *pigeon) click(user string, n *pigeonNote, label string) error {
	for _, b := range n.buttons {
		if b.Label == label {
			return p.deliver(&bot.Event{Kind: bot.KindAction, Action: bot.Action{ID: b.ID, Value: b.Value}, User: bot.User{ID: user}, Where: n.ref.Where, Source: n.ref})
		}
	}
	return fmt.Errorf("no button %q on %q", label, n.text)
}

// submit fills in the form open for user.
func (p *pigeon) submit(user string, fields map[string]string) error {
	p.mu.Lock()
	f := p.forms[user]
	delete(p.forms, user)
	p.mu.Unlock()
	if f == nil {
		return fmt.Errorf("no form is open for %s", user)
	}
	return p.deliver(&bot.Event{Kind: bot.KindSubmit, Form: bot.FormData{ID: f.ID, Value: f.Value, Fields: fields}, User: bot.User{ID: user}, Where: bot.DirectTo(p.Platform(), user)})
}

// form returns the form open for user.
func (p *pigeon) form(user string) *bot.Form {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.forms[user]
}

// last returns the latest note in a place ("@user" or a channel), as it
// reads now.
func (p *pigeon) last(place string) *pigeonNote {
	p.mu.Lock()
	defer p.mu.Unlock()
	for i := len(p.order) - 1; i >= 0; i-- {
		if n := p.order[i]; n.ref.Where.Channel == place {
			cp := *n
			return &cp
		}
	}
	return &pigeonNote{}
}

// note returns the note ref as it reads now.
func (p *pigeon) note(ref bot.MessageRef) *pigeonNote {
	p.mu.Lock()
	defer p.mu.Unlock()
	if n := p.msgs[ref.ID]; n != nil {
		cp := *n
		return &cp
	}
	return &pigeonNote{}
}

// pigeonPlatform is the pigeon post's settings: PIGEON_LOFT, the loft's
// name, turns it on.
type pigeonPlatform struct {
	loft string
	a    *pigeon
}

func (p *pigeonPlatform) id() string             { return "pigeon" }
func (p *pigeonPlatform) name() string           { return "Pigeon Post" }
func (p *pigeonPlatform) exampleChannel() string { return "review" }
func (p *pigeonPlatform) settings() []setting {
	return []setting{stringSetting("PIGEON_LOFT", "the pigeon post's loft; enables the pigeon post", &p.loft)}
}
func (p *pigeonPlatform) configured() bool                      { return p.loft != "" }
func (p *pigeonPlatform) check() []error                        { return nil }
func (p *pigeonPlatform) adapter(app *App) (bot.Adapter, error) { return p.a, nil }

// pigeonHarness runs the adapter contract suite on the pigeon post.
type pigeonHarness struct{ p *pigeon }

func (h *pigeonHarness) Start(t *testing.T, handler bot.Handler) bot.Adapter {
	h.p = newPigeon()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { h.p.Run(ctx, handler); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	<-h.p.started
	return h.p
}

func (h *pigeonHarness) SayDM(t *testing.T, userID, text string) {
	go h.p.say(userID, text) // the suite reads the event while it is handled
}

func (h *pigeonHarness) Next(t *testing.T) bottest.Seen {
	t.Helper()
	select {
	case n := <-h.p.shown:
		var labels []string
		for _, b := range n.buttons {
			labels = append(labels, b.Label)
		}
		return bottest.Seen{Where: n.ref.Where, Text: n.text, Buttons: labels, Handle: n}
	case <-time.After(10 * time.Second):
		t.Fatal("the pigeon post showed nothing within 10 s")
		return bottest.Seen{}
	}
}

func (h *pigeonHarness) Click(t *testing.T, userID string, m bottest.Seen, i int) {
	go h.p.click(userID, m.Handle.(*pigeonNote), m.Buttons[i])
}

func TestPigeonContract(t *testing.T) {
	t.Parallel()
	bottest.RunContract(t, func(t *testing.T) bottest.Harness { return &pigeonHarness{} })
}

// TestFourthPlatform runs ipdesk with the pigeon post registered beside
// Slack and Discord (neither configured): help, a question, a complaint
// filed step by step and staff's decision, all on the pigeon post, each
// text naming its commands, its name and its forms the pigeon post's way.
func TestFourthPlatform(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	pg := newPigeon()
	logs := &syncBuffer{}
	vars := map[string]string{
		"IPDESK_DB": filepath.Join(t.TempDir(), "ipdesk.db"), "IPDESK_LOG_LEVEL": "debug", "IPDESK_WEEKLY_REPORT": "false",
		"PIGEON_LOFT": "home", "IPDESK_REVIEW_CHANNEL": "pigeon:review", "IPDESK_STAFF": "pigeon:staff1",
	}
	env := &Env{Stdin: strings.NewReader(""), Stdout: logs, Stderr: logs, Getenv: func(k string) string { return vars[k] }}
	cfg := DefaultConfig()
	cfg.platforms = append(cfg.platforms, &pigeonPlatform{a: pg})
	fs := flag.NewFlagSet("ipdesk run", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	if _, err := cfg.Load(env.Getenv, fs, nil); err != nil {
		t.Fatal(err)
	}
	app, err := NewApp(ctx, env, cfg)
	if err != nil {
		t.Fatal(err)
	}
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- app.Run(runCtx) }()
	t.Cleanup(func() {
		stop()
		if err := <-done; err != nil {
			t.Errorf("App.Run: %v", err)
		}
		app.Close()
		if t.Failed() {
			t.Logf("ipdesk log:\n%s", logs)
		}
	})
	select {
	case <-pg.started:
	case <-ctx.Done():
		t.Fatal("the pigeon post never started")
	}
	<-app.kb.Ready()
	if h := app.Bot.Health(); len(h) != 1 || h[0].Platform != "pigeon" {
		t.Fatalf("health = %+v, want the pigeon post alone", h)
	}

	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	shows := func(what string, n *pigeonNote, want ...string) {
		t.Helper()
		for _, w := range want {
			if !strings.Contains(n.text, w) {
				t.Errorf("%s lacks %q:\n%s", what, w, n.text)
			}
		}
		for _, other := range []string{"/ipdesk", "/ask", "/complain", "/status", "/help"} {
			if strings.Contains(n.text, other) {
				t.Errorf("%s names another platform's command %s:\n%s", what, other, n.text)
			}
		}
	}

	// Help lists the commands as the pigeon post takes them.
	must(pg.say("seller1", "!help"))
	shows("help", pg.last("@seller1"), "!ask", "!complain", "!status")
	// The ask command's usage and an answer.
	must(pg.say("seller1", "!ask"))
	shows("usage", pg.last("@seller1"), "!ask how long does a US trademark last?")
	must(pg.say("seller1", question))
	shows("answer", pg.last("@seller1"), "Trademarks in the US", "Source:", "[Helpful]")

	// A consumer files a complaint, step by step.
	must(pg.say("consumer1", "!complain"))
	m := pg.last("@consumer1")
	shows("start", m, "What happened?", "[I bought a counterfeit]")
	// The walk reads which question shows from the App's store, answers it
	// as wizardAnswers says, and checks what each message shows.
	walker := &testApp{t: t, ctx: ctx, app: app}
	walker.walk("pigeon", "consumer1", acme, "", func(want ...string) { shows("question", m, want...) }, func(in wizardInput) {
		switch {
		case in.button != "":
			must(pg.click("consumer1", m, in.button))
		case in.photo:
			must(pg.sendFile("consumer1", "label.jpg", "image/jpeg", labelPhoto))
		default:
			must(pg.say("consumer1", in.typed))
		}
		m = pg.last("@consumer1")
		shows("answer", m, in.want...)
	})
	must(pg.click("consumer1", m, "Submit"))
	receipt := pg.last("@consumer1")
	shows("receipt", receipt, "Your complaint is filed as", "!status")
	ref := refPat.FindString(receipt.text)
	card := pg.last("review")
	shows("card", card, "Complaint "+ref, "ACME Store", "Pigeon Post user consumer1", "[Approve compensation]", "[Reject]")

	// Only staff decide; staff approve through the form, titled within
	// the pigeon post's 20 characters.
	must(pg.click("consumer2", card, "Approve compensation"))
	shows("refusal", pg.last("@consumer2"), "Only staff")
	if pg.form("consumer2") != nil {
		t.Error("a form opened for someone who is not staff")
	}
	must(pg.click("staff1", card, "Approve compensation"))
	f := pg.form("staff1")
	if f == nil || !strings.Contains(f.Title, ref) || !bot.Fits(f.Title, 20) {
		t.Fatalf("approval form = %+v", f)
	}
	must(pg.submit("staff1", map[string]string{"amount": "45", "currency": "USD", "note": "Refund of the price."}))
	shows("decided card", pg.note(card.ref), "approved", "45.00 USD")
	shows("notice", pg.last("@consumer1"), ref, "approved", "45.00 USD", "Refund of the price.", "!status")
}
