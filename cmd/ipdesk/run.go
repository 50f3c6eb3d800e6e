package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/console"
	"github.com/ipdesk/ipdesk/bot/slack"
	"github.com/ipdesk/ipdesk/evidence"
	"github.com/ipdesk/ipdesk/handlers"
	"github.com/ipdesk/ipdesk/i18n"
	"github.com/ipdesk/ipdesk/knowledge"
	"github.com/ipdesk/ipdesk/metrics"
	"github.com/ipdesk/ipdesk/sqlite"
)

func init() {
	register(&subcommand{name: "run", summary: "run the bot (the default command)", run: runBot})
}

// runBot is the run subcommand: load settings, build the App, run it until
// a signal or, on the console, the end of input.
func runBot(ctx context.Context, env *Env, args []string) error {
	cfg, _, err := loadConfig(env, "run", args)
	if err != nil {
		return err
	}
	app, err := NewApp(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer app.Close()
	return app.Run(ctx)
}

// loadConfig parses the settings for a subcommand from the environment and
// its flags, returning the arguments left over.
func loadConfig(env *Env, name string, args []string) (Config, []string, error) {
	cfg := DefaultConfig()
	fs := flag.NewFlagSet("ipdesk "+name, flag.ContinueOnError)
	// Errors are reported once, by Main, as one line; usage only on -h.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	rest, err := cfg.Load(env.Getenv, fs, args)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprintf(env.Stdout, "Usage: ipdesk %s [FLAGS]\n\n", name)
		printSettings(env.Stdout)
		return cfg, nil, err
	}
	if err != nil {
		return cfg, nil, err
	}
	return cfg, rest, nil
}

// outboxInterval is how often the background round retries receipts and
// decisions that could not be delivered (see bot.Bot.RetryOutbox); each
// kept message also waits longer after every failed attempt.
const outboxInterval = time.Minute

// App is one ipdesk process: its settings, database, platforms, and the
// handlers that serve them. Tests build one on a temporary database and call
// Run, exactly as main does.
type App struct {
	Config Config
	Log    *slog.Logger
	DB     Store
	// journal commits delivery claims and the question log in batches, on
	// SQLite; nil on PostgreSQL, where each replica writes its own.
	journal *sqlite.Journal
	Bot     *bot.Bot
	Mux     *bot.Mux
	Review  bot.Address
	// Catalog holds every text users see, bundled and IPDESK_MESSAGES.
	Catalog *i18n.Catalog
	// Metrics are served at /metrics on the health address.
	Metrics *metrics.Metrics

	env     *Env
	handler bot.Handler

	slack *slack.Adapter // nil when Slack is not configured

	mu         sync.Mutex
	healthAddr string
	kb         *knowledge.Index
	// loops run beside the bot (reminders, knowledge-base reload) until
	// Run ends; Run waits for them before returning.
	loops []func(ctx context.Context)
	// leaderLoops are the background work that must run on one replica
	// only (reminders, alerts, expiry, kept messages, the weekly report):
	// with PostgreSQL they run while this replica holds the leader lock.
	leaderLoops []func(ctx context.Context)
	leading     atomic.Bool
	leaderPoll  time.Duration // 0: postgres.LeaderPoll

	shutdown shutdown
	dbCheck  writeCheck
}

// NewApp opens the database, connects nothing yet, and builds the handlers.
func NewApp(ctx context.Context, env *Env, cfg Config) (*App, error) {
	app := &App{Config: cfg, env: env, Log: cfg.Logger(env.Stderr)}
	// The message catalog is parsed while the database opens, on another
	// processor: each is a sizeable part of the time to connect. A bad
	// catalog is still the error reported, and leaves no database open.
	type loaded struct {
		cat *i18n.Catalog
		err error
	}
	catalog := make(chan loaded, 1)
	go func() {
		cat, err := i18n.New(cfg.Messages)
		catalog <- loaded{cat, err}
	}()
	app.Review, _ = bot.ParseAddress(cfg.ReviewChannel) // checked by Config.Load
	app.Metrics = metrics.New(metrics.Build{Version: buildVersion(), Revision: buildRevision()})
	app.shutdown.init()
	db, dbErr := openStore(ctx, cfg.DB, app.Metrics.ObserveDB)
	c := <-catalog
	cat, err := c.cat, c.err
	if err == nil && !cat.Has(i18n.Lang(cfg.ReviewLang)) {
		err = fmt.Errorf("IPDESK_REVIEW_LANG: no messages in %q; languages: %v", cfg.ReviewLang, cat.Langs())
	} else if err != nil {
		err = fmt.Errorf("IPDESK_MESSAGES: %w", err)
	}
	if err != nil {
		if dbErr == nil {
			db.Close()
		}
		return nil, err
	}
	if dbErr != nil {
		return nil, dbErr
	}
	app.Catalog, app.Mux = cat, bot.NewMuxCatalog(cat)
	app.DB = db
	// On SQLite, delivery claims and the question log are committed in
	// batches.
	if sdb, ok := db.(*sqlite.DB); ok {
		app.journal, err = sdb.OpenJournal(ctx, app.Log)
		if err != nil {
			db.Close()
			return nil, err
		}
	}
	adapters, err := app.adapters()
	if err != nil {
		app.closeDB()
		return nil, err
	}
	app.Bot, err = bot.New(bot.Config{Adapters: adapters, Deliveries: app.Metrics.Deliveries(app.deliveries()), Outbox: db, Inbox: db, Staff: cfg.Staff, Logger: app.Log,
		Catalog: cat, Langs: db,
		Middleware: []bot.Middleware{app.shutdown.track, app.Metrics.Middleware}})
	if err != nil {
		app.closeDB()
		return nil, err
	}
	app.watch(adapters)
	if err := app.routes(ctx); err != nil {
		app.closeDB()
		return nil, err
	}
	return app, nil
}

// adapters builds one adapter per configured platform; with none, the console.
func (app *App) adapters() ([]bot.Adapter, error) {
	var out []bot.Adapter
	if app.Config.ConsoleMode() {
		out = append(out, console.New(console.Config{
			In:          app.env.Stdin,
			Out:         app.env.Stdout,
			Interactive: app.env.StdinIsTerminal,
		}))
	}
	for _, p := range app.Config.platforms {
		if !p.configured() {
			continue
		}
		a, err := p.adapter(app)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

// routes registers every handler on the Mux and wraps it in the middleware
// that needs to see events before routing.
func (app *App) routes(ctx context.Context) error {
	handlers.NewHelp(app.Mux).Register(app.Mux)
	handlers.NewLang(app.DB).Register(app.Mux)
	handlers.NewHuman(app.Bot, app.Review, i18n.Lang(app.Config.ReviewLang)).Register(app.Mux)
	check, err := handlers.NewCheck(handlers.WithWatchlistFile(app.Config.Watchlist))
	if err != nil {
		return fmt.Errorf("IPDESK_WATCHLIST: %w", err)
	}
	check.Register(app.Mux)
	limit, err := handlers.ApprovalLimit(app.Config.ApprovalLimit, app.Config.DefaultCurrency)
	if err != nil {
		return fmt.Errorf("IPDESK_APPROVAL_LIMIT: %w", err)
	}
	store, err := evidence.Open(app.Config.EvidenceFolder())
	if err != nil {
		return fmt.Errorf("IPDESK_EVIDENCE_DIR: %w", err)
	}
	var replies *handlers.Replies
	if app.Config.Replies != "" {
		if replies, err = handlers.NewReplies(app.Config.Replies, app.Log); err != nil {
			return fmt.Errorf("IPDESK_REPLIES: %w", err)
		}
	}
	complaints, err := handlers.NewComplaints(handlers.ComplaintsConfig{
		Replies: replies,
		Store:   app.Metrics.ComplaintStore(app.DB), Sender: app.Bot, Review: app.Review, Evidence: store,
		ApprovalLimit: limit, DefaultCurrency: app.Config.DefaultCurrency,
		SLA: time.Duration(app.Config.SLAHours) * time.Hour, RepeatThreshold: app.Config.RepeatThreshold,
		DraftExpiry: app.Config.DraftExpiry, Logger: app.Log,
		Catalog: app.Catalog, ReviewLang: i18n.Lang(app.Config.ReviewLang),
		AppealWindow: time.Duration(app.Config.AppealDays) * 24 * time.Hour,
		InfoTimeout:  app.Config.InfoTimeout,
		Shared:       app.shared(),
	})
	if err != nil {
		return err
	}
	complaints.Register(app.Mux)
	app.leaderLoops = append(app.leaderLoops, complaints.Run, func(ctx context.Context) { app.Bot.RunOutbox(ctx, outboxInterval) }, app.replayLoop)
	privacy, err := app.privacy(complaints, store)
	if err != nil {
		return err
	}
	privacy.Register(app.Mux)
	app.leaderLoops = append(app.leaderLoops, privacy.Run)
	learn, err := app.learn(complaints)
	if err != nil {
		return err
	}
	learn.Register(app.Mux)
	desk, err := app.reportDesk()
	if err != nil {
		return err
	}
	desk.Register(app.Mux)
	app.leaderLoops = append(app.leaderLoops, desk.Run)
	// Questions: the ask and kb commands, their buttons, and every message
	// that is not a command. Opened last, so nothing after it can fail and
	// leave the index open.
	ask, err := app.openKnowledge(ctx)
	if err != nil {
		return err
	}
	ask.Register(app.Mux)
	deflect, err := app.deflect(app.kb, complaints)
	if err != nil {
		app.kb.Close()
		return err
	}
	deflect.Register(app.Mux)
	followups, err := app.followups(ask)
	if err != nil {
		app.kb.Close()
		return err
	}
	followups.Register(app.Mux)
	app.leaderLoops = append(app.leaderLoops, followups.Run)
	// The wizard sees messages before routing, to take a user's answers
	// while their draft is open; privacy requests typed in words go to
	// their commands before that.
	app.handler = privacy.Intercept(complaints.Intercept(app.Mux))
	// Building the index leaves several times its size in garbage, which
	// the runtime would hand back to the system only over minutes: hand it
	// back once the index is built, so an idle bot is small from the
	// start.
	app.loops = append(app.loops, func(ctx context.Context) {
		select {
		case <-app.kb.Ready():
			debug.FreeOSMemory()
		case <-ctx.Done():
		}
	})
	return nil
}

// Run runs the bot and the background loops until ctx is done or the bot
// stops (the console at end of input), then waits for all of them, so that
// Close never closes the database under a running loop.
func (app *App) Run(ctx context.Context) error {
	var health net.Listener
	if app.Config.HealthAddr != "" {
		ln, err := net.Listen("tcp", app.Config.HealthAddr)
		if err != nil {
			return fmt.Errorf("IPDESK_HEALTH_ADDR: %w", err)
		}
		health = ln
		app.mu.Lock()
		app.healthAddr = ln.Addr().String()
		app.mu.Unlock()
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if n, err := app.DB.PruneDeliveries(ctx, time.Now().Add(-7*24*time.Hour)); err != nil {
		app.Log.Warn("prune deliveries", "err", err)
	} else if n > 0 {
		app.Log.Debug("pruned old delivery ids", "count", n)
	}
	var wg sync.WaitGroup
	var srv *http.Server
	if health != nil {
		srv = app.healthServer()
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := srv.Serve(health); err != nil && !errors.Is(err, http.ErrServerClosed) {
				app.Log.Error("health endpoint", "err", err)
			}
		}()
	}
	for _, loop := range app.loops {
		wg.Add(1)
		go func() {
			defer wg.Done()
			loop(ctx)
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		app.lead(ctx)
	}()
	app.replayAtStart(ctx)
	app.Log.Info("ipdesk running", "version", buildVersion(), "review_channel", app.Review.String(), "db", describeDB(app.Config.DB))
	stopWatch := context.AfterFunc(ctx, func() { app.shutdown.begin(app.Log, app.Config.ShutdownTimeout) })
	err := app.Bot.Run(ctx, app.handler)
	stopWatch()
	app.shutdown.begin(app.Log, app.Config.ShutdownTimeout) // the bot ended by itself (end of console input)
	cancel()
	if srv != nil {
		srv.Close()
	}
	wg.Wait()
	return err
}

// leader is a store shared by several replicas, of which one leads.
type leader interface {
	Lead(ctx context.Context, name string, poll time.Duration, log *slog.Logger, work func(ctx context.Context))
}

// shared reports whether the store is shared by several replicas.
func (app *App) shared() bool {
	_, ok := app.DB.(leader)
	return ok
}

// lead runs the leader loops: at once on a store of one process (SQLite),
// and while this replica holds the leader lock on a shared one.
func (app *App) lead(ctx context.Context) {
	work := func(ctx context.Context) {
		app.leading.Store(true)
		defer app.leading.Store(false)
		var wg sync.WaitGroup
		for _, loop := range app.leaderLoops {
			wg.Add(1)
			go func() {
				defer wg.Done()
				loop(ctx)
			}()
		}
		wg.Wait()
	}
	if l, ok := app.DB.(leader); ok {
		l.Lead(ctx, "background", app.leaderPoll, app.Log, work)
		return
	}
	work(ctx)
}

// inboxInterval is how often the leader looks for events a replica took
// and did not handle.
const inboxInterval = 10 * time.Second

// replayAtStart handles, before the platforms connect, the events an
// earlier run took and did not handle. On a store of one process (SQLite)
// every event left unhandled belongs to a process that is gone, so all are
// taken now; on a shared store only those whose lease ran out, since the
// others may be in the hands of a live replica (the leader takes the rest
// as their leases run out).
func (app *App) replayAtStart(ctx context.Context) {
	asOf := time.Now()
	if !app.shared() {
		asOf = asOf.Add(bot.DefaultInboxLease)
	}
	if n, err := app.Bot.ReplayInbox(ctx, app.handler, asOf, 1000); err != nil {
		app.Log.Error("handle left-over events", "err", err)
	} else if n > 0 {
		app.Log.Warn("handled events an earlier run took and did not handle", "count", n)
	}
}

// replayLoop is the leader's round of events a dead replica left, and of
// forgetting old handled ones.
func (app *App) replayLoop(ctx context.Context) {
	t := time.NewTicker(inboxInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if n, err := app.Bot.ReplayInbox(ctx, app.handler, time.Now(), 100); err != nil && ctx.Err() == nil {
			app.Log.Error("handle left-over events", "err", err)
		} else if n > 0 {
			app.Log.Warn("handled events a replica took and did not handle", "count", n)
		}
		if _, err := app.DB.PruneEvents(ctx, time.Now().Add(-7*24*time.Hour)); err != nil && ctx.Err() == nil {
			app.Log.Error("prune handled events", "err", err)
		}
	}
}

// Leading reports whether this replica runs the background work now.
func (app *App) Leading() bool { return app.leading.Load() }

// HealthAddr returns the address the health endpoint listens on once Run
// has started it ("" before, or when it is off); with IPDESK_HEALTH_ADDR
// ending in :0 this is the port the system chose.
func (app *App) HealthAddr() string {
	app.mu.Lock()
	defer app.mu.Unlock()
	return app.healthAddr
}

// SlackAddr returns the address Slack's HTTP Events API listens on once
// Run has started it ("" before, in Socket Mode, or without Slack); with
// IPDESK_SLACK_HTTP_ADDR ending in :0 this is the port the system chose.
func (app *App) SlackAddr() string {
	if app.slack == nil {
		return ""
	}
	if addr := app.slack.Addr(); addr != nil {
		return addr.String()
	}
	return ""
}

// Close closes the knowledge base and the database. Call it after Run has
// returned.
func (app *App) Close() error {
	if app.kb != nil {
		app.kb.Close()
	}
	return app.closeDB()
}

// closeDB commits what the journal holds and closes the database.
func (app *App) closeDB() error {
	if app.journal != nil {
		app.journal.Close()
	}
	return app.DB.Close()
}

// deliveries is where delivery ids are claimed: the journal on SQLite.
func (app *App) deliveries() bot.DeliveryStore {
	if app.journal != nil {
		return app.journal
	}
	return app.DB
}

// questions is where the question log is written: the journal on SQLite.
func (app *App) questions() handlers.QuestionStore {
	if app.journal != nil {
		return app.journal
	}
	return app.DB
}
