// Package discordfake is a fake Discord for tests: the REST routes a bot
// calls and the gateway WebSocket, served on 127.0.0.1 and spoken in
// Discord's wire format so that the real discordgo client can be aimed at it.
//
// A test starts one Server, points the client at Server.URL (it stands in for
// https://discord.com), then acts as Discord users do (SendDM, SendMessage,
// Slash, Click, SubmitModal) and reads what those users would see (Reply,
// Messages, WaitCall). Every REST call is recorded, and faults can be
// injected: 429s, dropped connections, invalidated sessions, replays.
package discordfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Gateway intents the fake understands, with the values Discord uses.
const (
	IntentGuilds         = 1 << 0
	IntentGuildMembers   = 1 << 1
	IntentGuildPresences = 1 << 8
	IntentGuildMessages  = 1 << 9
	IntentDirectMessages = 1 << 12
	IntentMessageContent = 1 << 15

	// privilegedIntents must be switched on for the application in the
	// developer portal before a bot may ask for them.
	privilegedIntents = IntentGuildMembers | IntentGuildPresences | IntentMessageContent
	// validIntents are the bits Discord defines; any other bit is refused
	// with close code 4013.
	validIntents = 1<<0 | 1<<1 | 1<<2 | 1<<3 | 1<<4 | 1<<5 | 1<<6 | 1<<7 | 1<<8 |
		1<<9 | 1<<10 | 1<<11 | 1<<12 | 1<<13 | 1<<14 | 1<<15 | 1<<16 | 1<<20 |
		1<<21 | 1<<24 | 1<<25
)

// Config describes the application the fake pretends to be. Zero fields take
// the defaults shown.
type Config struct {
	Token      string // the bot token Discord accepts ("fake-bot-token"), without "Bot "
	AppID      string // application id ("900000000000000001")
	BotID      string // the bot user's id ("900000000000000002")
	BotName    string // the bot user's name ("ipdesk")
	GuildID    string // the one guild every non-DM channel belongs to ("800000000000000001")
	Privileged int    // privileged intents switched on in the developer portal (none)
	// InteractionDeadline is how long after an interaction is dispatched its
	// initial response is accepted (3 s, as on Discord); later callbacks get
	// 404 Unknown interaction (10062).
	InteractionDeadline time.Duration
	// TokenLifetime is how long an interaction's token is good for
	// follow-up messages and edits of its responses (15 minutes, as on
	// Discord); later webhook calls get 401 Invalid Webhook Token (50027).
	TokenLifetime time.Duration
	// Now is the fake's clock for those deadlines and for the timestamps
	// of messages (time.Now). A test that moves it can expire an
	// interaction without waiting, or post a message that is already old.
	Now func() time.Time
	// HeartbeatInterval is sent in Hello (41.25 s, as on Discord).
	HeartbeatInterval time.Duration
}

func (c *Config) setDefaults() {
	def := func(p *string, v string) {
		if *p == "" {
			*p = v
		}
	}
	def(&c.Token, "fake-bot-token")
	def(&c.AppID, "900000000000000001")
	def(&c.BotID, "900000000000000002")
	def(&c.BotName, "ipdesk")
	def(&c.GuildID, "800000000000000001")
	if c.InteractionDeadline == 0 {
		c.InteractionDeadline = 3 * time.Second
	}
	if c.TokenLifetime == 0 {
		c.TokenLifetime = 15 * time.Minute
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.HeartbeatInterval == 0 {
		c.HeartbeatInterval = 41250 * time.Millisecond
	}
}

// A User is a Discord user acting in a test. Roles are the ids of the guild
// roles the user holds; they appear in the member object of guild events.
type User struct {
	ID    string
	Name  string
	Roles []string
	// Locale is the language of the user's Discord client, sent with each
	// interaction ("zh-CN"); empty means "en-US". A user whose client is
	// in a language a command has a localized name for types it by that
	// name.
	Locale string
}

// Server is a running fake Discord. Methods are safe for concurrent use;
// those that take no error return fail the test they were created with and
// must be called from the test's goroutine.
type Server struct {
	// URL is the base that stands in for https://discord.com, e.g.
	// http://127.0.0.1:41234. REST lives under URL+"/api/v9".
	URL string
	cfg Config
	t   testing.TB
	hs  *httptest.Server

	ids atomic.Int64

	mu       sync.Mutex
	changed  chan struct{} // closed and replaced on every change; waiters select on it
	calls    []*Call
	faults   []*Fault
	gw       gatewayState
	channels map[string]*channel // by channel id
	dmByUser map[string]string   // user id → DM channel id
	members  map[string]User     // guild members by user id
	ixs      map[string]*interaction
	commands map[string][]Command // "" for global, else guild id → registered commands
	files    map[string]attachment
	uploaded map[string][]File           // files the bot posted, by message id; see upload.go
	shown    []MessageView               // snapshots of messages as created or edited, in order
	shownAt  int                         // how many of shown NextShown has returned
	watchers map[int64]func(MessageView) // see Watch
	closed   bool
	wg       sync.WaitGroup // gateway connection goroutines
}

// New starts a fake Discord and stops it when the test ends.
func New(t testing.TB, cfg Config) *Server {
	t.Helper()
	cfg.setDefaults()
	s := &Server{
		cfg:      cfg,
		t:        t,
		changed:  make(chan struct{}),
		channels: map[string]*channel{},
		dmByUser: map[string]string{},
		members:  map[string]User{},
		ixs:      map[string]*interaction{},
		commands: map[string][]Command{},
		files:    map[string]attachment{},
	}
	s.ids.Store(1_100_000_000_000_000_000)
	s.gw.init()
	s.hs = httptest.NewServer(s.routes())
	s.URL = s.hs.URL
	t.Cleanup(s.Close)
	return s
}

// Config returns the configuration in effect, defaults filled in.
func (s *Server) Config() Config { return s.cfg }

// Close drops every gateway connection and stops the server. It is safe to
// call more than once.
func (s *Server) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	s.mu.Unlock()
	s.gw.closeAll()
	s.hs.CloseClientConnections()
	s.hs.Close()
	s.wg.Wait()
}

// newID returns a fresh snowflake-like id.
func (s *Server) newID() string {
	return strconv.FormatInt(s.ids.Add(1), 10)
}

// notifyLocked wakes every waiter; s.mu must be held.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// waitUntil calls cond under s.mu until it reports true or the timeout
// passes; it reports whether cond became true.
func (s *Server) waitUntil(timeout time.Duration, cond func() bool) bool {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		ok := cond()
		ch := s.changed
		s.mu.Unlock()
		if ok {
			return true
		}
		select {
		case <-ch:
		case <-deadline.C:
			s.mu.Lock()
			ok = cond()
			s.mu.Unlock()
			return ok
		}
	}
}

// now is the fake's clock as a message timestamp: in UTC, to the
// microsecond, which is all Discord's timestamps hold, so that a message
// read back carries exactly the time it was stored with.
func (s *Server) now() time.Time {
	return s.cfg.Now().UTC().Truncate(time.Microsecond)
}

// wireTime formats a timestamp the way Discord writes them.
func wireTime(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000000+00:00")
}

// apiError writes an error body shaped like Discord's.
func apiError(w http.ResponseWriter, status, code int, msg string) {
	writeJSON(w, status, map[string]any{"message": msg, "code": code})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// authorized reports whether the request carries the bot token, writing
// Discord's 401 when it does not.
func (s *Server) authorized(w http.ResponseWriter, r *http.Request) bool {
	if r.Header.Get("Authorization") == "Bot "+s.cfg.Token {
		return true
	}
	apiError(w, http.StatusUnauthorized, 0, "401: Unauthorized")
	return false
}

func (s *Server) fatalf(format string, args ...any) {
	s.t.Helper()
	s.t.Fatalf("discordfake: "+format, args...)
}

// channelKind reports whether id names a DM channel the fake opened.
func (s *Server) isDMLocked(channelID string) bool {
	c := s.channels[channelID]
	return c != nil && c.dmUser != ""
}

// String describes the server for failure messages.
func (s *Server) String() string { return fmt.Sprintf("fake Discord at %s", s.URL) }

// trimAPI removes the /api/v9 prefix from a path.
func trimAPI(p string) string {
	return strings.TrimPrefix(p, "/api/v9")
}
