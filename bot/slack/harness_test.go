package slack_test

import (
	"context"
	"log/slog"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/slack"
	"github.com/ipdesk/ipdesk/bot/slack/slackfake"
	"github.com/ipdesk/ipdesk/sqlite"
)

// env is one running bot on Slack for a test: the fake workspace, the
// adapter connected to it, a real Bot with a real SQLite file, and the logs.
type env struct {
	t       *testing.T
	ctx     context.Context // ends with the test; bounds every wait
	fake    *slackfake.Server
	adapter *slack.Adapter
	bot     *bot.Bot
	logs    *logRecorder
	events  chan *bot.Event // every event that reached the handler
	runErr  chan error
}

type option func(*slackfake.Server, *slack.Config, *bot.Config)

// withStaffGroup makes members a Slack user group whose members are staff.
func withStaffGroup(id string, members ...string) option {
	return func(f *slackfake.Server, c *slack.Config, _ *bot.Config) {
		f.SetGroup(id, members...)
		c.StaffGroups = append(c.StaffGroups, id)
	}
}

// withHTTP serves the Events API on ln instead of Socket Mode.
func withHTTP(ln net.Listener, secret string) option {
	return func(_ *slackfake.Server, c *slack.Config, _ *bot.Config) {
		c.AppToken, c.Listener, c.SigningSecret = "", ln, secret
	}
}

func slogNew(h slog.Handler) *slog.Logger { return slog.New(h) }

// start runs h behind a real Bot against a fresh fake Slack. Every event
// that reaches h is also sent to env.events.
func start(t *testing.T, h bot.Handler, opts ...option) *env {
	t.Helper()
	return startWith(t, func(*bot.Bot) bot.Handler { return h }, opts...)
}

// startWith is start for handlers that need the Bot itself, to send and
// edit messages elsewhere as the product's handlers do.
func startWith(t *testing.T, mk func(*bot.Bot) bot.Handler, opts ...option) *env {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	fake := slackfake.New(slackfake.Config{PingInterval: time.Second})
	logs := &logRecorder{}
	logger := slog.New(logs)

	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "ipdesk.db"))
	if err != nil {
		t.Fatal(err)
	}
	scfg := slack.Config{BotToken: fake.BotToken(), AppToken: fake.AppToken(), APIURL: strings.TrimSuffix(fake.URL, "/"), Logger: logger}
	bcfg := bot.Config{Deliveries: db, Logger: logger}
	for _, o := range opts {
		o(fake, &scfg, &bcfg)
	}
	a, err := slack.New(scfg)
	if err != nil {
		t.Fatal(err)
	}
	bcfg.Adapters = []bot.Adapter{a}
	b, err := bot.New(bcfg)
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, ctx: ctx, fake: fake, adapter: a, bot: b, logs: logs, events: make(chan *bot.Event, 64), runErr: make(chan error, 1)}
	runCtx, stop := context.WithCancel(ctx)
	h := mk(b)
	go func() {
		e.runErr <- b.Run(runCtx, bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, ev *bot.Event) error {
			e.events <- ev
			return h.ServeEvent(ctx, w, ev)
		}))
	}()
	t.Cleanup(func() {
		stop()
		select {
		case <-e.runErr:
		case <-time.After(10 * time.Second):
			t.Error("bot did not stop within 10s")
		}
		fake.Close()
		db.Close()
		cancel()
	})
	return e
}

// nextEvent returns the next event that reached the handler.
func (e *env) nextEvent() *bot.Event {
	e.t.Helper()
	select {
	case ev := <-e.events:
		return ev
	case <-e.ctx.Done():
		e.t.Fatal("no event reached the handler")
		return nil
	}
}

// shown returns the next message that appeared or changed in the workspace.
func (e *env) shown() *slackfake.Message {
	e.t.Helper()
	m, err := e.fake.NextShown(e.ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	return m
}

// call returns the next successful call of a Web API method.
func (e *env) call(method string) slackfake.Call {
	e.t.Helper()
	c, err := e.fake.NextCall(e.ctx, method)
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

func (e *env) dm(user, text string, files ...slackfake.File) *slackfake.Envelope {
	e.t.Helper()
	env, err := e.fake.DM(e.ctx, user, text, files...)
	if err != nil {
		e.t.Fatal(err)
	}
	return env
}

func (e *env) ack(env *slackfake.Envelope) slackfake.Ack {
	e.t.Helper()
	a, err := env.WaitAck(e.ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	return a
}

// logRecorder is a slog.Handler that keeps every record, so a test can wait
// for something the bot only logs (a duplicate dropped).
type logRecorder struct {
	mu      sync.Mutex
	records []string
	changed chan struct{}
}

func (l *logRecorder) Enabled(context.Context, slog.Level) bool { return true }
func (l *logRecorder) WithAttrs([]slog.Attr) slog.Handler       { return l }
func (l *logRecorder) WithGroup(string) slog.Handler            { return l }
func (l *logRecorder) Handle(_ context.Context, r slog.Record) error {
	var b strings.Builder
	b.WriteString(r.Message)
	r.Attrs(func(a slog.Attr) bool {
		b.WriteString(" " + a.Key + "=" + a.Value.String())
		return true
	})
	l.mu.Lock()
	l.records = append(l.records, b.String())
	if l.changed != nil {
		close(l.changed)
		l.changed = nil
	}
	l.mu.Unlock()
	return nil
}

// all returns every log line so far.
func (l *logRecorder) all() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.records, "\n")
}

// wait blocks until a log line contains every part.
func (l *logRecorder) wait(ctx context.Context, parts ...string) bool {
	for {
		l.mu.Lock()
		for _, r := range l.records {
			ok := true
			for _, p := range parts {
				ok = ok && strings.Contains(r, p)
			}
			if ok {
				l.mu.Unlock()
				return true
			}
		}
		if l.changed == nil {
			l.changed = make(chan struct{})
		}
		ch := l.changed
		l.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return false
		}
	}
}
