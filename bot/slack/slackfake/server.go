// Package slackfake is a fake Slack for tests: a Web API and a Socket Mode
// endpoint on 127.0.0.1 that speak Slack's real wire protocol, so the real
// slack-go client (and the adapter built on it) can be tested end to end
// without the internet.
//
// The fake records every Web API call, keeps the messages the bot posted so a
// test can assert what a user would see, plays the user's side (direct
// messages, mentions, slash commands, button clicks, modal submissions) and
// injects the failures Slack produces in practice: delays, 429s with
// Retry-After, ok:false errors, dropped sockets and re-delivered envelopes.
//
// A test points the Slack adapter at the fake and plays a member:
//
//	fake := slackfake.New(slackfake.Config{})
//	defer fake.Close()
//	a, err := slack.New(slack.Config{BotToken: fake.BotToken(), AppToken: fake.AppToken(), APIURL: fake.URL})
//	// … run a bot with a …
//	fake.DM(ctx, "U1", "how do I report a fake?")
//	m, err := fake.NextShown(ctx) // the answer, as posted
//	m.Visible()                   // what the member reads
package slackfake

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// Config sets the identity and tokens of the fake workspace. Zero fields get
// the defaults listed on each field.
type Config struct {
	BotToken  string // "xoxb-fake"
	AppToken  string // "xapp-fake"
	BotUserID string // "UBOT"
	BotName   string // "ipdesk"
	TeamID    string // "T1"
	AppID     string // "A1"
	// PingInterval is how often the server pings each Socket Mode connection;
	// slack-go reconnects when it hears no ping for 30 s. Default 5 s.
	PingInterval time.Duration
	// Spread delivers envelopes round-robin over every open Socket Mode
	// connection, as Slack spreads events over an app's connections (one
	// per replica). Without it every envelope goes to the newest
	// connection, so a half-open old socket never gets one.
	Spread bool
	// Now is the fake's clock for a trigger_id's lifetime (time.Now). A
	// test that moves it can expire a trigger without waiting.
	Now func() time.Time
}

// Server is a running fake Slack. It is safe for concurrent use.
type Server struct {
	cfg  Config
	http *httptest.Server

	// URL is the Web API base, ending in a slash as slack-go requires.
	URL string

	mu        sync.Mutex
	cond      *sync.Cond // signalled on every call, message, connection and ack
	calls     []Call
	consumed  map[string]int // per method: calls already returned by NextCall
	faults    map[string][]Fault
	delays    map[string]time.Duration
	users     map[string]User
	groups    map[string][]string
	files     map[string]*File
	uploads   *uploadState // the bot's uploads; see upload.go
	messages  []*Message
	shown     []*Message // snapshots in the order they appeared
	shownRead int
	watchers  map[int]func(Message) // see Watch
	views     []*View
	triggers  map[string]*trigger
	responses map[string]*responseURL
	userMsgs  []memberMessage // what members posted, for threads and history
	lastTS    int64           // the newest message timestamp, in microseconds
	envelopes map[string]*Envelope
	conns     []*socketConn
	spread    int // the next connection, with Spread
	connects  int
	target    *HTTPTarget
	seq       int
	closed    bool

	wg sync.WaitGroup // socket goroutines
}

// New starts a fake Slack on 127.0.0.1. Close it when done.
func New(cfg Config) *Server {
	def := func(s *string, v string) {
		if *s == "" {
			*s = v
		}
	}
	def(&cfg.BotToken, "xoxb-fake")
	def(&cfg.AppToken, "xapp-fake")
	def(&cfg.BotUserID, "UBOT")
	def(&cfg.BotName, "ipdesk")
	def(&cfg.TeamID, "T1")
	def(&cfg.AppID, "A1")
	if cfg.PingInterval <= 0 {
		cfg.PingInterval = 5 * time.Second
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	s := &Server{
		cfg:       cfg,
		consumed:  map[string]int{},
		faults:    map[string][]Fault{},
		delays:    map[string]time.Duration{},
		users:     map[string]User{},
		groups:    map[string][]string{},
		files:     map[string]*File{},
		triggers:  map[string]*trigger{},
		responses: map[string]*responseURL{},
		envelopes: map[string]*Envelope{},
	}
	s.cond = sync.NewCond(&s.mu)
	s.users[cfg.BotUserID] = User{ID: cfg.BotUserID, Name: cfg.BotName, Bot: true}
	mux := http.NewServeMux()
	mux.HandleFunc("/api/", s.serveAPI)
	mux.HandleFunc("/link/", s.serveSocket)
	mux.HandleFunc("/files-pri/", s.serveFile)
	mux.HandleFunc("/signin", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, "<html><body>Sign in to the workspace</body></html>")
	})
	mux.HandleFunc("/response/", s.serveResponseURL)
	mux.HandleFunc("/upload/", s.serveUpload)
	s.http = httptest.NewServer(mux)
	s.URL = s.http.URL + "/api/"
	return s
}

// Config returns the fake's configuration with defaults filled in.
func (s *Server) Config() Config { return s.cfg }

// BotToken returns the bot token the fake accepts.
func (s *Server) BotToken() string { return s.cfg.BotToken }

// AppToken returns the app-level token the fake accepts for Socket Mode.
func (s *Server) AppToken() string { return s.cfg.AppToken }

// BotUserID returns the bot's own user id.
func (s *Server) BotUserID() string { return s.cfg.BotUserID }

// Close closes every Socket Mode connection (httptest.Server.Close does not
// close hijacked connections) and stops the server.
func (s *Server) Close() {
	s.mu.Lock()
	s.closed = true
	conns := s.conns
	s.conns = nil
	s.cond.Broadcast()
	s.mu.Unlock()
	for _, c := range conns {
		c.close()
	}
	s.http.Close()
	s.wg.Wait()
}

// User is a workspace member known to the fake.
type User struct {
	ID, Name, RealName string
	Bot                bool
	// Locale is the user's Slack language ("zh-CN"), which users.info
	// returns when asked with include_locale; empty means "en-US".
	Locale string
}

// AddUser registers a member, so users.info can describe them.
func (s *Server) AddUser(u User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users[u.ID] = u
}

// SetGroup sets the members of a user group (usergroups.users.list).
func (s *Server) SetGroup(groupID string, members ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.groups[groupID] = append([]string(nil), members...)
}

// IMChannel returns the id of the direct-message channel between the bot and
// a user, as conversations.open returns it.
func IMChannel(userID string) string {
	return "D" + strings.TrimPrefix(userID, "U")
}

// Fault is one injected failure for the next call of a method.
type Fault struct {
	RetryAfter int           // > 0: answer 429 with this Retry-After (seconds)
	Error      string        // != "": answer {"ok":false,"error":Error}
	Delay      time.Duration // wait this long before answering
}

// Inject queues faults for the next calls of method, one per call.
func (s *Server) Inject(method string, faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[method] = append(s.faults[method], faults...)
}

// SetDelay delays every later call of method by d (0 removes the delay).
func (s *Server) SetDelay(method string, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.delays[method] = d
}

// Call is one recorded Web API call.
type Call struct {
	Method string
	Form   url.Values     // form-encoded calls
	JSON   map[string]any // JSON calls
	Status int            // HTTP status the fake answered
	Error  string         // the ok:false error the fake answered, if any
	At     time.Time
}

// Get returns a parameter of the call, whether it came as a form field or as
// a JSON string; JSON objects and arrays are returned as JSON text.
func (c Call) Get(key string) string {
	if c.Form != nil {
		if v, ok := c.Form[key]; ok && len(v) > 0 {
			return v[0]
		}
	}
	if c.JSON != nil {
		switch v := c.JSON[key].(type) {
		case nil:
			return ""
		case string:
			return v
		default:
			b, _ := json.Marshal(v)
			return string(b)
		}
	}
	return ""
}

// Calls returns every call of method so far ("" for all methods).
func (s *Server) Calls(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if method == "" || c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// NextCall waits for the next successful call of method that no earlier
// NextCall returned, and returns it (failed calls, such as those answered
// with an injected fault, are in Calls). Calls made before NextCall count: nothing is
// missed between an action and the wait for its effect.
func (s *Server) NextCall(ctx context.Context, method string) (Call, error) {
	var out Call
	err := s.waitFor(ctx, func() bool {
		seen := 0
		for _, c := range s.calls {
			if c.Method != method || c.Status != http.StatusOK || c.Error != "" {
				continue
			}
			if seen == s.consumed[method] {
				s.consumed[method]++
				out = c
				return true
			}
			seen++
		}
		return false
	})
	if err != nil {
		return Call{}, fmt.Errorf("waiting for %s: %w", method, err)
	}
	return out, nil
}

// waitFor blocks until cond (called with s.mu held) is true or ctx is done.
func (s *Server) waitFor(ctx context.Context, cond func() bool) error {
	stop := context.AfterFunc(ctx, func() {
		s.mu.Lock()
		s.cond.Broadcast()
		s.mu.Unlock()
	})
	defer stop()
	s.mu.Lock()
	defer s.mu.Unlock()
	for !cond() {
		if err := ctx.Err(); err != nil {
			return err
		}
		if s.closed {
			return net.ErrClosed
		}
		s.cond.Wait()
	}
	return nil
}

func (s *Server) nextID(prefix string) string {
	s.seq++
	return fmt.Sprintf("%s%04d", prefix, s.seq)
}

// nextTS returns a fresh message timestamp. Slack's ts is the time the
// message was posted, "seconds.microseconds", unique in its channel: the
// fake reads its clock, so a bot that asks for the messages since a time
// (conversations.history's oldest) finds them, and moves on by a
// microsecond when two messages would share one.
func (s *Server) nextTS() string {
	now := s.cfg.Now().UnixMicro()
	if now <= s.lastTS {
		now = s.lastTS + 1
	}
	s.lastTS = now
	return formatTS(now)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// upgrader accepts slack-go's Origin: https://api.slack.com, which gorilla's
// default origin check rejects.
var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}
