// Package discord connects ipdesk to Discord: gateway events and
// interactions in, messages, embeds, components and modals out.
//
// The adapter translates and nothing else. A DM, a message that mentions the
// bot, a slash command, a button press and a modal submission each become a
// bot.Event; a bot.Reply becomes message content and embeds (cut at block
// boundaries to Discord's limits), buttons as components and forms as
// modals. Every message is sent with allowed_mentions that ping nobody.
package discord

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
	"github.com/ipdesk/ipdesk/bot"
)

// Config configures the Discord adapter.
type Config struct {
	// Token is the bot token from the developer portal (DISCORD_BOT_TOKEN),
	// with or without the "Bot " prefix.
	Token string
	// APIURL stands in for https://discord.com (DISCORD_API_URL), for a REST
	// proxy or a test server; "" means Discord itself. The gateway address
	// is whatever GET /api/v9/gateway at that base returns.
	APIURL string
	// GuildID registers the slash commands in that guild only, where they
	// appear at once (DISCORD_GUILD_ID); "" registers them globally. It is
	// also the guild whose roles make a DM sender staff.
	GuildID string
	// MessageContent asks for the privileged message content intent
	// (IPDESK_DISCORD_MESSAGE_CONTENT=true). The bot works without it
	// through slash commands, mentions and DMs.
	MessageContent bool
	// StaffRoles are role ids whose members are staff
	// (IPDESK_DISCORD_STAFF_ROLES, comma-separated).
	StaffRoles []string
	// ShardID and ShardCount make this adapter run shard ShardID of
	// ShardCount (IPDESK_DISCORD_SHARD=i/n), for several replicas: Discord
	// sends a shard the events of the guilds whose (guild_id >> 22) % n is
	// i, and direct messages to shard 0. Only shard 0 registers the slash
	// commands. A count of 0 or 1 runs one shard, with every guild.
	ShardID, ShardCount int
	// Commands returns the commands the bot handles, staff commands
	// included: in ipdesk, the Mux's (bot.Mux.Commands(true)). Each becomes
	// one slash command described by its Summary, with typed options where
	// this package knows the command's arguments, so Discord offers exactly
	// what the handlers serve. It is called when Run first registers the
	// slash commands, after the handlers have been added to the Mux (they
	// need the Bot, and the Bot needs this adapter first). Nil leaves the
	// registered slash commands as they are.
	Commands func() []bot.Command
	// Logger receives the adapter's logs; nil discards them.
	Logger *slog.Logger
	// OpenTimeout bounds connecting to the gateway (30 s).
	OpenTimeout time.Duration
	// DeferAfter is how long an interaction waits for its handler's first
	// reply before it is deferred (2 s; Discord allows 3 s).
	DeferAfter time.Duration
	// ShutdownGrace is how long Run waits for handlers in flight once its
	// context is done, before cancelling them (10 s).
	ShutdownGrace time.Duration
	// Transport carries the REST API's HTTP requests (instrumentation,
	// proxies); nil means bot.NewTransport().
	Transport http.RoundTripper
}

// Adapter is the Discord platform adapter. It is safe for concurrent use;
// Send and Edit work whether or not Run is connected.
type Adapter struct {
	cfg     Config
	log     *slog.Logger
	s       *discordgo.Session
	http    *http.Client
	staff   map[string]bool
	stash   *stash // values too long for a custom id, forms behind buttons
	forms   *stash // recent form definitions by id and value
	members *memberCache
	// local remembers interactions the adapter answered itself, without
	// the handler (see serveInteraction), so a re-delivery is dropped.
	local *bot.RecentIDs

	dms *bot.DMChannels

	conns connSet // gateway connections, closed to unblock a stuck Open

	connected atomic.Bool // the gateway session is open now

	mu         sync.Mutex
	h          bot.Handler
	running    bool
	accepting  bool
	workCtx    context.Context
	wg         sync.WaitGroup
	verified   bool
	registered bool
	commands   []*discordgo.ApplicationCommand // as registered, for option order
	appID      string
	botID      string
	lost       chan struct{}
}

var (
	_ bot.Adapter   = (*Adapter)(nil)
	_ bot.Connector = (*Adapter)(nil)
)

// New returns a Discord adapter. It does not connect; Run does.
func New(cfg Config) (*Adapter, error) {
	token := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(cfg.Token), "Bot "))
	if token == "" {
		return nil, errors.New("discord: DISCORD_BOT_TOKEN is empty")
	}
	if cfg.OpenTimeout <= 0 {
		cfg.OpenTimeout = 30 * time.Second
	}
	if cfg.DeferAfter <= 0 {
		cfg.DeferAfter = 2 * time.Second
	}
	if cfg.ShutdownGrace <= 0 {
		cfg.ShutdownGrace = 10 * time.Second
	}
	a := &Adapter{
		cfg:     cfg,
		log:     cfg.Logger,
		staff:   map[string]bool{},
		stash:   newStash(10000),
		forms:   newStash(1000),
		dms:     bot.NewDMChannels(10000),
		lost:    make(chan struct{}, 1),
		members: newMemberCache(time.Minute),
		local:   bot.NewRecentIDs(10000),
	}
	if a.log == nil {
		a.log = slog.New(slog.DiscardHandler)
	}
	a.log = a.log.With("platform", bot.Discord)
	for _, r := range cfg.StaffRoles {
		if r = strings.TrimSpace(r); r != "" {
			a.staff[r] = true
		}
	}
	var transport http.RoundTripper = bot.NewTransport()
	if cfg.Transport != nil {
		transport = cfg.Transport
	}
	if cfg.APIURL != "" {
		base, err := parseAPIURL(cfg.APIURL)
		if err != nil {
			return nil, err
		}
		transport = &rewriteTransport{base: base, next: transport}
	}
	a.http = &http.Client{Transport: transport, Timeout: 20 * time.Second}

	s, err := discordgo.New("Bot " + token)
	if err != nil {
		return nil, fmt.Errorf("discord: %w", err)
	}
	// Every field is set before Open: the session's goroutines read them.
	s.Client = a.http
	s.Dialer = &websocket.Dialer{
		Proxy:            http.ProxyFromEnvironment,
		HandshakeTimeout: 15 * time.Second,
		NetDialContext:   a.conns.dial,
	}
	s.LogLevel = discordgo.LogError
	s.ShouldReconnectOnError = false // Run reconnects (and resumes), so the Bot sees the outage
	s.ShouldRetryOnRateLimit = true
	s.SyncEvents = true // handlers only hand events to goroutines Run owns
	s.StateEnabled = true
	s.Identify.Intents = a.intents()
	if cfg.ShardCount > 1 {
		if cfg.ShardID < 0 || cfg.ShardID >= cfg.ShardCount {
			return nil, fmt.Errorf("discord: shard %d of %d does not exist (shards are numbered from 0)", cfg.ShardID, cfg.ShardCount)
		}
		s.ShardID, s.ShardCount = cfg.ShardID, cfg.ShardCount
	}
	s.AddHandler(a.onReady)
	s.AddHandler(a.onMessage)
	s.AddHandler(a.onInteraction)
	s.AddHandler(func(*discordgo.Session, *discordgo.Disconnect) {
		a.connected.Store(false)
		select {
		case a.lost <- struct{}{}:
		default:
		}
	})
	a.s = s
	return a, nil
}

// Connected reports whether the gateway session is open, for the bot's
// health status.
func (a *Adapter) Connected() bool { return a.connected.Load() }

// intents are the gateway intents the bot needs: guilds, guild messages and
// DMs; message content only when configured, as it is privileged.
func (a *Adapter) intents() discordgo.Intent {
	i := discordgo.IntentsGuilds | discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages
	if a.cfg.MessageContent {
		i |= discordgo.IntentsMessageContent
	}
	return i
}

// Platform returns "discord".
func (a *Adapter) Platform() string { return bot.Discord }

// Run connects to the gateway and delivers events to h until ctx is done or
// the connection is lost. After a loss it returns an error and keeps the
// session, so the next Run resumes it and Discord replays what was missed.
func (a *Adapter) Run(ctx context.Context, h bot.Handler) error {
	a.mu.Lock()
	if a.running {
		a.mu.Unlock()
		return errors.New("discord: Run called twice")
	}
	work, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
	a.running, a.accepting, a.h, a.workCtx = true, true, h, work
	a.mu.Unlock()
	defer func() {
		a.mu.Lock()
		a.accepting = false
		a.mu.Unlock()
		a.drain(cancelWork)
		a.mu.Lock()
		a.running = false
		a.mu.Unlock()
	}()

	a.mu.Lock()
	verified := a.verified
	a.mu.Unlock()
	if !verified {
		if err := a.checkToken(ctx); err != nil {
			return err
		}
	}
	select { // forget a loss reported before this connection
	case <-a.lost:
	default:
	}
	if err := a.open(ctx); err != nil {
		return err
	}
	a.mu.Lock()
	registered := a.registered
	a.mu.Unlock()
	if !registered {
		if err := a.registerCommands(ctx); err != nil {
			a.close()
			return err
		}
	}
	a.connected.Store(true)
	defer a.connected.Store(false)
	a.log.Info("connected to the Discord gateway")
	select {
	case <-ctx.Done():
		a.close()
		return nil
	case <-a.lost:
		a.log.Warn("Discord gateway connection lost; will resume")
		return errors.New("discord: gateway connection lost")
	}
}

// drain waits for handlers in flight, cancelling them after the grace period.
func (a *Adapter) drain(cancel context.CancelFunc) {
	done := make(chan struct{})
	go func() {
		a.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(a.cfg.ShutdownGrace):
		a.log.Warn("handlers still running at shutdown; cancelling them")
	}
	cancel()
	<-done
}

// close ends the gateway connection. discordgo waits a second for the close
// handshake.
func (a *Adapter) close() {
	if err := a.s.Close(); err != nil {
		a.log.Debug("close gateway", "err", err)
	}
}

// checkToken makes one authenticated call so that a bad token fails at once
// with a clear message instead of a gateway close later.
func (a *Adapter) checkToken(ctx context.Context) error {
	u, err := a.s.User("@me", discordgo.WithContext(ctx))
	if err != nil {
		var re *discordgo.RESTError
		if errors.As(err, &re) && re.Response != nil && re.Response.StatusCode == http.StatusUnauthorized {
			return bot.Permanent(errors.New("discord: the bot token was rejected (401 Unauthorized); check DISCORD_BOT_TOKEN"))
		}
		return fmt.Errorf("discord: check bot token: %w", err)
	}
	a.mu.Lock()
	a.verified, a.botID = true, u.ID
	a.mu.Unlock()
	return nil
}

// open connects to the gateway within the open timeout. discordgo's Open has
// no deadline of its own, so on timeout the adapter closes the socket under
// it.
func (a *Adapter) open(ctx context.Context) error {
	done := make(chan error, 1)
	go func() { done <- a.s.Open() }()
	timer := time.NewTimer(a.cfg.OpenTimeout)
	defer timer.Stop()
	var err error
	select {
	case err = <-done:
	case <-timer.C:
		a.conns.closeAll()
		<-done
		return fmt.Errorf("discord: no answer from the gateway within %v; check network access to Discord", a.cfg.OpenTimeout)
	case <-ctx.Done():
		a.conns.closeAll()
		<-done
		return ctx.Err()
	}
	if err == nil {
		return nil
	}
	var ce *websocket.CloseError
	if errors.As(err, &ce) {
		switch ce.Code {
		case 4004:
			return bot.Permanent(errors.New("discord: the gateway rejected the bot token (close 4004); check DISCORD_BOT_TOKEN"))
		case 4014:
			return bot.Permanent(errors.New("discord: the gateway refused a privileged intent (close 4014): switch on Message Content Intent for the bot in the developer portal, or unset IPDESK_DISCORD_MESSAGE_CONTENT"))
		case 4013:
			return bot.Permanent(errors.New("discord: the gateway refused the intents (close 4013)"))
		}
	}
	if errors.Is(err, discordgo.ErrWSAlreadyOpen) {
		return nil
	}
	return fmt.Errorf("discord: connect to gateway: %w", err)
}

func (a *Adapter) onReady(_ *discordgo.Session, r *discordgo.Ready) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if r.Application != nil && r.Application.ID != "" {
		a.appID = r.Application.ID
	}
	if r.User != nil {
		a.botID = r.User.ID
	}
}

// spawn runs fn on a goroutine Run owns, unless Run is ending.
func (a *Adapter) spawn(fn func(ctx context.Context, h bot.Handler)) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if !a.accepting {
		return
	}
	ctx, h := a.workCtx, a.h
	a.wg.Add(1)
	go func() {
		defer a.wg.Done()
		fn(ctx, h)
	}()
}

func (a *Adapter) botUserID() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.botID
}

// rewriteTransport sends requests meant for discord.com to another base URL.
// It lives in the session's own http.Client, so no discordgo global changes
// and other sessions in the process are unaffected.
type rewriteTransport struct {
	base *url.URL
	next http.RoundTripper
}

func (t *rewriteTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Host != "discord.com" {
		return t.next.RoundTrip(r)
	}
	r = r.Clone(r.Context())
	r.URL.Scheme = t.base.Scheme
	r.URL.Host = t.base.Host
	r.URL.Path = t.base.Path + r.URL.Path
	r.URL.RawPath = ""
	r.Host = "" // use the new host, not discord.com
	return t.next.RoundTrip(r)
}

// parseAPIURL accepts "https://proxy.example/discord" and the same with
// "/api" or "/api/v9" at the end.
func parseAPIURL(s string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("discord: DISCORD_API_URL %q: want an http or https URL such as https://discord.com", s)
	}
	p := strings.TrimRight(u.Path, "/")
	p = strings.TrimSuffix(p, "/api/v"+discordgo.APIVersion)
	p = strings.TrimSuffix(p, "/api")
	u.Path, u.RawQuery, u.Fragment = p, "", ""
	return u, nil
}

// connSet tracks gateway connections so that a stuck Open can be unblocked.
type connSet struct {
	mu sync.Mutex
	m  map[*trackedConn]bool
}

type trackedConn struct {
	net.Conn
	set  *connSet
	once sync.Once
}

func (c *trackedConn) Close() error {
	c.once.Do(func() {
		c.set.mu.Lock()
		delete(c.set.m, c)
		c.set.mu.Unlock()
	})
	return c.Conn.Close()
}

func (cs *connSet) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	var d net.Dialer
	c, err := d.DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	tc := &trackedConn{Conn: c, set: cs}
	cs.mu.Lock()
	if cs.m == nil {
		cs.m = map[*trackedConn]bool{}
	}
	cs.m[tc] = true
	cs.mu.Unlock()
	return tc, nil
}

func (cs *connSet) closeAll() {
	cs.mu.Lock()
	conns := make([]*trackedConn, 0, len(cs.m))
	for c := range cs.m {
		conns = append(conns, c)
	}
	cs.mu.Unlock()
	for _, c := range conns {
		c.Close()
	}
}
