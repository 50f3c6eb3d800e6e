package discord_test

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/discord"
	"github.com/ipdesk/ipdesk/bot/discord/discordfake"
	"github.com/ipdesk/ipdesk/sqlite"
)

// wait is how long tests wait for something that normally takes
// milliseconds.
const wait = 5 * time.Second

// env is one test's world: a fake Discord, the real adapter pointed at it,
// and a real Bot on a SQLite file running a handler.
type env struct {
	t   *testing.T
	srv *discordfake.Server
	a   *discord.Adapter
	bot *bot.Bot
	db  *sqlite.DB
}

type options struct {
	fake    discordfake.Config
	adapter discord.Config
	staff   []string
	// runAdapter runs the adapter directly with this handler instead of
	// through Bot.Run (which wraps it in the standard middleware).
	runAdapter func(b *bot.Bot, h bot.Handler) bot.Handler
	// deliveries, when set, is the Bot's delivery store over the test's
	// database.
	deliveries func(db *sqlite.DB) bot.DeliveryStore
}

// testCommands are the commands the tests' bot handles, as a Mux lists
// them: ipdesk's own, and one the adapter has no typed options for.
var testCommands = []bot.Command{
	{Name: "ask", Usage: "QUESTION", Summary: "ask an intellectual-property question (or just type it)"},
	{Name: "case", Usage: "IPD-XXXXX", Summary: "a complaint and its audit trail", Staff: true},
	{Name: "check", Usage: "TEXT", Summary: "check a draft listing title or description for risky wording"},
	{Name: "complain", Summary: "report a counterfeit or infringing listing, step by step"},
	{Name: "export", Usage: "FROM TO", Summary: "complaints filed between two dates, as a file", Staff: true},
	{Name: "help", Summary: "show what I can do"},
	{Name: "kb", Usage: "gaps", Summary: "questions the knowledge base could not answer, and answers marked not helpful", Staff: true},
	{Name: "queue", Summary: "open complaints, oldest first", Staff: true},
	{Name: "status", Summary: "see your complaints and where they stand"},
	{Name: "withdraw", Usage: "IPD-XXXXX", Summary: "withdraw one of your open complaints"},
}

// start runs h behind a real Bot against a fake Discord until the test ends.
// The cleanup checks that every message the bot sent pinged nobody.
func start(t *testing.T, h bot.Handler, o options) *env {
	t.Helper()
	srv := discordfake.New(t, o.fake)
	cfg := o.adapter
	if cfg.Token == "" {
		cfg.Token = srv.Config().Token
	}
	cfg.APIURL = srv.URL
	if cfg.Logger == nil {
		cfg.Logger = testLogger(t)
	}
	if cfg.OpenTimeout == 0 {
		cfg.OpenTimeout = wait
	}
	if cfg.Commands == nil {
		cfg.Commands = func() []bot.Command { return testCommands }
	}
	a, err := discord.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "ipdesk.db"))
	if err != nil {
		t.Fatal(err)
	}
	var deliveries bot.DeliveryStore = db
	if o.deliveries != nil {
		deliveries = o.deliveries(db)
	}
	b, err := bot.New(bot.Config{
		Adapters: []bot.Adapter{a}, Deliveries: deliveries, Staff: o.staff, Logger: cfg.Logger,
		MinBackoff: 20 * time.Millisecond, MaxBackoff: 200 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, srv: srv, a: a, bot: b, db: db}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		if o.runAdapter != nil {
			// Restart after a lost connection, as Bot.Run does.
			h := o.runAdapter(b, h)
			for {
				err := a.Run(ctx, h)
				if ctx.Err() != nil || bot.IsPermanent(err) {
					done <- err
					return
				}
				time.Sleep(20 * time.Millisecond)
			}
		}
		done <- b.Run(ctx, h)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			t.Error("Run did not return after cancel")
		}
		db.Close()
		srv.CheckPingsNobody(t)
	})
	srv.WaitConnected(wait)
	srv.WaitCommands(cfg.GuildID, wait)
	return e
}

func testLogger(t *testing.T) *slog.Logger {
	if testing.Verbose() {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.DiscardHandler)
}

// seen collects events that reached a handler.
type seen struct {
	mu sync.Mutex
	ch chan *bot.Event
	n  int
}

func newSeen() *seen { return &seen{ch: make(chan *bot.Event, 64)} }

func (s *seen) add(e *bot.Event) {
	s.mu.Lock()
	s.n++
	s.mu.Unlock()
	c := *e
	s.ch <- &c
}

func (s *seen) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n
}

func (s *seen) next(t *testing.T) *bot.Event {
	t.Helper()
	select {
	case e := <-s.ch:
		return e
	case <-time.After(wait):
		t.Fatal("no event reached the handler")
		return nil
	}
}

// reply returns a handler that records events and answers each with text.
func reply(s *seen, text func(e *bot.Event) bot.Reply) bot.Handler {
	return bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		s.add(e)
		_, err := w.Reply(ctx, text(e))
		return err
	})
}
