package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/i18n"
)

// Config configures a Bot.
type Config struct {
	// Adapters are the platforms to connect, at most one per platform.
	Adapters []Adapter
	// Deliveries remembers handled delivery ids; nil disables de-duplication.
	Deliveries DeliveryStore
	// Outbox keeps important replies (Reply.Important) that could not be
	// delivered, for RetryOutbox; nil only logs them.
	Outbox OutboxStore
	// Inbox keeps each event until it is handled, for ReplayInbox; nil
	// keeps none. It needs Deliveries.
	Inbox InboxStore
	// InboxLease is how long a taken event is this process's own to
	// handle (DefaultInboxLease).
	InboxLease time.Duration
	// Now returns the current time (time.Now); tests move it.
	Now func() time.Time
	// Staff lists "platform:userid" entries of users who may take staff
	// actions, in addition to any an adapter marks from platform roles.
	Staff []string
	// Logger receives the bot's logs; nil discards them.
	Logger *slog.Logger
	// Backoff bounds the delay between restarts of a failed adapter.
	MinBackoff, MaxBackoff time.Duration
	// Catalog holds the texts users see, in every language; nil means
	// the bundled one.
	Catalog *i18n.Catalog
	// Langs remembers each user's language; nil remembers nothing, and
	// each event is answered in the language it is written in.
	Langs LangStore
	// DefaultLang is the language for a user whose language is not known
	// yet; empty means English.
	DefaultLang i18n.Lang
	// Middleware runs on every event after ShowErrors and before
	// de-duplication, so it sees each delivery, duplicates included, and
	// the error its handling returned (instrumentation, draining on
	// shutdown). The first listed runs first.
	Middleware []Middleware
}

// Bot runs several adapters at once, passes each event through the standard
// middleware to a handler, and sends replies to any address whichever adapter
// owns it. It is safe for concurrent use.
type Bot struct {
	adapters   map[string]Adapter
	order      []string
	deliveries DeliveryStore
	outbox     OutboxStore
	inbox      InboxStore
	lease      time.Duration
	replica    string
	now        func() time.Time
	staff      map[string]bool
	log        *slog.Logger
	minBackoff time.Duration
	maxBackoff time.Duration
	extra      []Middleware
	cat        *i18n.Catalog
	langs      LangStore
	defLang    i18n.Lang

	locks  keyedMutex
	limits rateLimiter

	outboxMu                sync.Mutex   // held by a RetryOutbox round
	kept, delivered, failed atomic.Int64 // important messages, for OutboxStats

	mu     sync.Mutex
	health map[string]Health
}

// Health is the connection state of one adapter.
type Health struct {
	Platform  string
	Up        bool
	LastError string
	Restarts  int
	Since     time.Time
}

// New returns a Bot for the given adapters.
func New(cfg Config) (*Bot, error) {
	b := &Bot{
		adapters:   map[string]Adapter{},
		deliveries: cfg.Deliveries,
		outbox:     cfg.Outbox,
		inbox:      cfg.Inbox,
		lease:      cfg.InboxLease,
		replica:    newReplicaID(),
		now:        cfg.Now,
		staff:      map[string]bool{},
		log:        cfg.Logger,
		minBackoff: cfg.MinBackoff,
		maxBackoff: cfg.MaxBackoff,
		extra:      cfg.Middleware,
		cat:        cfg.Catalog,
		langs:      cfg.Langs,
		defLang:    cfg.DefaultLang,
		health:     map[string]Health{},
	}
	if b.cat == nil {
		b.cat = i18n.Default()
	}
	if b.defLang == "" {
		b.defLang = i18n.EN
	}
	if b.log == nil {
		b.log = slog.New(slog.DiscardHandler)
	}
	if b.now == nil {
		b.now = time.Now
	}
	if b.lease <= 0 {
		b.lease = DefaultInboxLease
	}
	if b.minBackoff <= 0 {
		b.minBackoff = time.Second
	}
	if b.maxBackoff < b.minBackoff {
		b.maxBackoff = time.Minute
	}
	for _, a := range cfg.Adapters {
		p := a.Platform()
		if _, dup := b.adapters[p]; dup {
			return nil, fmt.Errorf("two adapters for platform %q", p)
		}
		b.adapters[p] = a
		b.order = append(b.order, p)
		b.health[p] = Health{Platform: p}
	}
	for _, s := range cfg.Staff {
		s = strings.TrimSpace(s)
		if s != "" {
			b.staff[s] = true
		}
	}
	return b, nil
}

// Catalog returns the catalog the Bot's events print from.
func (b *Bot) Catalog() *i18n.Catalog { return b.cat }

// IsStaff reports whether u is on the configured staff list.
func (b *Bot) IsStaff(u User) bool { return b.staff[u.Key()] }

// Handler wraps h in the standard middleware: logging, error display, de-
// duplication, keeping important replies that fail (see Reply.Important),
// panic recovery, staff marking, one event at a time per user and place,
// so a fast typist's answers reach a conversation in order, and the user's
// language (see Languages).
func (b *Bot) Handler(h Handler) Handler {
	mw := []Middleware{Logging(b.log), ShowErrors(b.log)}
	mw = append(mw, b.extra...)
	switch {
	case b.deliveries != nil && b.inbox != nil:
		mw = append(mw, stashEvent, Dedupe(inboxClaims{b.deliveries, b}, b.log), b.keepInInbox)
	case b.deliveries != nil:
		mw = append(mw, Dedupe(b.deliveries, b.log))
	}
	mw = append(mw, b.replies, Recover, b.markStaff, b.serialize, Languages(b.cat, b.langs, b.defLang, b.log))
	return Chain(h, mw...)
}

func (b *Bot) markStaff(next Handler) Handler {
	return HandlerFunc(func(ctx context.Context, w ResponseWriter, e *Event) error {
		if b.staff[e.User.Key()] {
			e.User.Staff = true
		}
		return next.ServeEvent(ctx, w, e)
	})
}

// floodQueue is how many of a user's events must be waiting before one
// sent faster than a person types is refused.
const floodQueue = 4

// serialize handles one event at a time per user, in the order they came,
// and refuses an event from a user who sends faster than a person can (see
// typingBurst) while several of their events already wait: a flood from
// one account is refused instead of piling up goroutines and memory, a
// fast typist waits their turn however far behind the bot is, and a client
// that waits for each answer before it sends again (a script, a test) is
// never refused, since nothing of it piles up.
func (b *Bot) serialize(next Handler) Handler {
	return HandlerFunc(func(ctx context.Context, w ResponseWriter, e *Event) error {
		key := e.User.Key()
		now := b.now()
		unlock, err := b.locks.lock(ctx, key, func(waiting int) bool {
			return waiting >= floodQueue && !b.limits.allow(key, now)
		})
		if errors.Is(err, errFlood) {
			b.log.Warn("one user sent events faster than a person types; refused", "user", key)
			guessLang(e)
			return Refused(RefusedRateLimit, &ipdesk.Error{Code: ipdesk.EINVALID, Message: e.Printer().T("bot.rate_limit")})
		} else if err != nil {
			return err
		}
		defer unlock()
		return next.ServeEvent(ctx, w, e)
	})
}

// Run connects every adapter and delivers their events to h (wrapped with
// Handler). It returns when ctx is done, when an adapter ends normally (the
// console at end of input), or when an adapter fails permanently. A failing
// adapter is restarted with backoff and never stops the others.
func (b *Bot) Run(ctx context.Context, h Handler) error {
	if len(b.adapters) == 0 {
		return errors.New("no platform configured")
	}
	h = b.Handler(h)
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var wg sync.WaitGroup
	for _, p := range b.order {
		a := b.adapters[p]
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := b.supervise(ctx, a, h); err != nil {
				cancel(err)
			} else if ctx.Err() == nil {
				cancel(errFinished)
			}
		}()
	}
	wg.Wait()
	if err := context.Cause(ctx); err != nil && !errors.Is(err, errFinished) && !errors.Is(err, context.Canceled) {
		return err
	}
	return nil
}

var errFinished = errors.New("adapter finished")

// supervise runs one adapter until ctx ends, restarting it after transient
// failures. It returns nil when the adapter ended normally or ctx is done,
// and the error when it failed permanently.
func (b *Bot) supervise(ctx context.Context, a Adapter, h Handler) error {
	p := a.Platform()
	delay := b.minBackoff
	for {
		b.setHealth(p, true, nil)
		start := time.Now()
		err := a.Run(ctx, h)
		if ctx.Err() != nil {
			b.setHealth(p, false, nil)
			return nil
		}
		if err == nil {
			b.setHealth(p, false, nil)
			return nil
		}
		if IsPermanent(err) {
			b.setHealth(p, false, err)
			if strings.HasPrefix(err.Error(), p+":") || strings.HasPrefix(err.Error(), p+" ") {
				return err
			}
			return fmt.Errorf("%s: %w", p, err)
		}
		if time.Since(start) > b.maxBackoff {
			delay = b.minBackoff
		}
		b.setHealth(p, false, err)
		b.log.Warn("platform disconnected; retrying", "platform", p, "err", err, "retry_in", delay)
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(delay):
		}
		delay = min(delay*2, b.maxBackoff)
	}
}

func (b *Bot) setHealth(p string, up bool, err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	h := b.health[p]
	if err != nil {
		h.LastError = err.Error()
	}
	if up && !h.Up && !h.Since.IsZero() {
		h.Restarts++
	}
	if up != h.Up || h.Since.IsZero() {
		h.Since = time.Now()
	}
	h.Up = up
	b.health[p] = h
}

// Connector is implemented by adapters that know whether their connection
// to the platform is established right now. Health reports a running
// adapter that is a Connector as up only while it is connected, so a
// reconnect loop does not look healthy.
type Connector interface {
	Connected() bool
}

// Health reports each adapter's connection state, sorted by platform.
func (b *Bot) Health() []Health {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := make([]Health, 0, len(b.health))
	for p, h := range b.health {
		if c, ok := b.adapters[p].(Connector); ok && h.Up {
			h.Up = c.Connected()
		}
		out = append(out, h)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Platform < out[j].Platform })
	return out
}

// Send posts r to an address on any connected platform. An important reply
// (Reply.Important) that the platform does not take is kept for
// RetryOutbox: Send then returns an empty MessageRef and no error, since
// the message will be delivered.
func (b *Bot) Send(ctx context.Context, to Address, r Reply) (MessageRef, error) {
	ref, err := b.send(ctx, to, r)
	if err != nil && r.Important != "" && r.Form == nil && b.adapters[to.Platform] != nil && b.keep(ctx, to, r, err) {
		return MessageRef{}, nil
	}
	return ref, err
}

func (b *Bot) send(ctx context.Context, to Address, r Reply) (MessageRef, error) {
	a, ok := b.adapters[to.Platform]
	if !ok {
		return MessageRef{}, fmt.Errorf("send to %s: platform %q is not connected", to, to.Platform)
	}
	return a.Send(ctx, to, r)
}

// Upload posts files to an address on any connected platform whose adapter
// can post files (see Uploader).
func (b *Bot) Upload(ctx context.Context, to Address, text string, files []Attachment) (MessageRef, error) {
	a, ok := b.adapters[to.Platform]
	if !ok {
		return MessageRef{}, fmt.Errorf("upload to %s: platform %q is not connected", to, to.Platform)
	}
	u, ok := a.(Uploader)
	if !ok {
		return MessageRef{}, fmt.Errorf("upload to %s: %w", to, ErrNoUpload)
	}
	return u.Upload(ctx, to, text, files)
}

var _ Uploader = (*Bot)(nil)

// Edit replaces a message the bot posted earlier.
func (b *Bot) Edit(ctx context.Context, ref MessageRef, r Reply) error {
	a, ok := b.adapters[ref.Where.Platform]
	if !ok {
		return fmt.Errorf("edit %s: platform %q is not connected", ref, ref.Where.Platform)
	}
	return a.Edit(ctx, ref, r)
}

// keyedMutex is a set of mutexes by key, created on demand and dropped when
// unused, so memory stays bounded by the number of users active at once.
type keyedMutex struct {
	mu sync.Mutex
	m  map[string]*keyedEntry
}

type keyedEntry struct {
	sem  chan struct{} // holds one token while the key is locked
	refs int           // holders and waiters
}

var errFlood = errors.New("refused: a flood")

// lock locks key, waiting at most until ctx is done. refuse is asked, with
// how many events hold or wait for the key, whether to refuse this one
// instead (errFlood); it runs under the set's lock, so the events of one
// key are judged one at a time in the order they arrive.
func (k *keyedMutex) lock(ctx context.Context, key string, refuse func(waiting int) bool) (unlock func(), err error) {
	k.mu.Lock()
	if k.m == nil {
		k.m = map[string]*keyedEntry{}
	}
	e := k.m[key]
	if e == nil {
		e = &keyedEntry{sem: make(chan struct{}, 1)}
		k.m[key] = e
	}
	if refuse(e.refs) {
		if e.refs == 0 {
			delete(k.m, key)
		}
		k.mu.Unlock()
		return nil, errFlood
	}
	e.refs++
	k.mu.Unlock()
	release := func() {
		k.mu.Lock()
		e.refs--
		if e.refs == 0 {
			delete(k.m, key)
		}
		k.mu.Unlock()
	}
	select {
	case e.sem <- struct{}{}:
		return func() { <-e.sem; release() }, nil
	case <-ctx.Done():
		release()
		return nil, ctx.Err()
	}
}
