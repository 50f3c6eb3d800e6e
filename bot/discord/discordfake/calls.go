package discordfake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Routes the fake serves, named by method and path pattern below /api/v9.
// WaitCall, Calls and Fault take these names.
const (
	RouteGateway         = "GET /gateway"
	RouteGatewayBot      = "GET /gateway/bot"
	RouteMe              = "GET /users/@me"
	RouteDMCreate        = "POST /users/@me/channels"
	RouteMessageCreate   = "POST /channels/{channel}/messages"
	RouteMessageEdit     = "PATCH /channels/{channel}/messages/{message}"
	RouteMessageGet      = "GET /channels/{channel}/messages/{message}"
	RouteMessageList     = "GET /channels/{channel}/messages"
	RouteCallback        = "POST /interactions/{id}/{token}/callback"
	RouteFollowup        = "POST /webhooks/{app}/{token}"
	RouteWebhookEdit     = "PATCH /webhooks/{app}/{token}/messages/{message}"
	RouteWebhookGet      = "GET /webhooks/{app}/{token}/messages/{message}"
	RouteWebhookDelete   = "DELETE /webhooks/{app}/{token}/messages/{message}"
	RouteCommandsGlobal  = "PUT /applications/{app}/commands"
	RouteCommandsGuild   = "PUT /applications/{app}/guilds/{guild}/commands"
	RouteMember          = "GET /guilds/{guild}/members/{user}"
	RouteAttachment      = "GET /attachments/{channel}/{file}/{name}"
	routeAttachmentsBase = "/attachments/"
)

// A Call is one recorded REST request.
type Call struct {
	Route  string            // one of the Route constants
	Method string            // HTTP method
	Path   string            // path below /api/v9 (or the attachment path)
	Params map[string]string // path parameters by name, e.g. "channel"
	Query  string            // raw query
	Body   []byte            // request body as sent
	Status int               // status the fake answered with
	At     time.Time         // when the request arrived
	Authed bool              // the request carried the right bot token

	taken bool
}

// Param returns a path parameter, e.g. Param("channel").
func (c *Call) Param(name string) string { return c.Params[name] }

// Message decodes the body as a message payload (create, edit, follow-up, or
// the data of an interaction response).
func (c *Call) Message() MessageView {
	var v MessageView
	body := c.Body
	if c.Route == RouteCallback {
		var cb struct {
			Data json.RawMessage `json:"data"`
		}
		_ = json.Unmarshal(body, &cb)
		body = cb.Data
	}
	if len(body) > 0 {
		_ = json.Unmarshal(body, &v)
	}
	return v
}

// CallbackType returns the "type" of an interaction callback body.
func (c *Call) CallbackType() int {
	var cb struct {
		Type int `json:"type"`
	}
	_ = json.Unmarshal(c.Body, &cb)
	return cb.Type
}

// A Fault changes the fake's answer to the next matching calls.
type Fault struct {
	Route string // a Route constant; "" matches every REST route
	// Channel, when set, matches only calls about that channel (their
	// {channel} path parameter).
	Channel string
	Times   int // how many calls to affect (default 1)
	// Status to answer with instead of serving the call; 429 makes a rate
	// limit answer with RetryAfter and, when Global, the global flags.
	Status     int
	RetryAfter time.Duration
	Global     bool
	// Exhaust serves the call normally but reports the bucket as empty
	// (X-RateLimit-Remaining: 0) for ResetAfter, so a well-behaved client
	// waits before its next call in that bucket.
	Exhaust    bool
	ResetAfter time.Duration
	// Delay holds the answer back this long.
	Delay time.Duration
	// Hold holds the call back until the channel is closed, so a test can
	// act while the bot waits for it (see WaitPending), then let it go on.
	Hold <-chan struct{}
}

// Inject arms a fault.
func (s *Server) Inject(f Fault) {
	if f.Times <= 0 {
		f.Times = 1
	}
	s.mu.Lock()
	s.faults = append(s.faults, &f)
	s.mu.Unlock()
}

// takeFault returns the first armed fault for a call, consuming one use.
func (s *Server) takeFault(c *Call) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range s.faults {
		if (f.Route == "" || f.Route == c.Route) && (f.Channel == "" || f.Channel == c.Param("channel")) {
			f.Times--
			if f.Times == 0 {
				s.faults = append(s.faults[:i], s.faults[i+1:]...)
			}
			c := *f
			return &c
		}
	}
	return nil
}

// recording wraps a REST handler: it records the call, applies faults and
// checks the bot token. The call is recorded before the handler changes any
// state, so a test that sees the change also finds the call; the answer is
// buffered and sent only once the call's status is recorded.
func (s *Server) recording(route string, auth bool, h func(w http.ResponseWriter, r *http.Request, c *Call)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body, _ := readBody(r)
		c := &Call{
			Route:  route,
			Method: r.Method,
			Path:   trimAPI(r.URL.Path),
			Params: map[string]string{},
			Query:  r.URL.RawQuery,
			Body:   body,
			At:     time.Now(),
			Authed: r.Header.Get("Authorization") == "Bot "+s.cfg.Token,
		}
		for _, name := range paramNames(route) {
			c.Params[name] = r.PathValue(name)
		}
		s.mu.Lock()
		s.calls = append(s.calls, c)
		s.notifyLocked()
		s.mu.Unlock()
		rec := &bufferedWriter{header: http.Header{}}
		s.serveCall(rec, r, c, route, auth, h)
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		s.mu.Lock()
		c.Status = rec.status
		s.notifyLocked()
		s.mu.Unlock()
		for k, v := range rec.header {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.status)
		_, _ = w.Write(rec.buf.Bytes())
	}
}

func (s *Server) serveCall(w http.ResponseWriter, r *http.Request, c *Call, route string, auth bool, h func(w http.ResponseWriter, r *http.Request, c *Call)) {
	f := s.takeFault(c)
	if f != nil && f.Delay > 0 {
		select {
		case <-time.After(f.Delay):
		case <-r.Context().Done():
			return
		}
	}
	if f != nil && f.Hold != nil {
		select {
		case <-f.Hold:
		case <-r.Context().Done():
			return
		}
	}
	if f != nil && f.Status != 0 {
		if f.Status == http.StatusTooManyRequests {
			writeRateLimited(w, f)
			return
		}
		apiError(w, f.Status, 0, http.StatusText(f.Status))
		return
	}
	if auth && !s.authorized(w, r) {
		return
	}
	if f != nil && f.Exhaust {
		w.Header().Set("X-RateLimit-Limit", "1")
		w.Header().Set("X-RateLimit-Remaining", "0")
		w.Header().Set("X-RateLimit-Reset-After", seconds(f.ResetAfter))
		w.Header().Set("X-RateLimit-Bucket", "fake-"+strings.ReplaceAll(route, " ", "-"))
	}
	h(w, r, c)
}

// bufferedWriter holds an answer until the call is recorded.
type bufferedWriter struct {
	header http.Header
	status int
	buf    bytes.Buffer
}

func (w *bufferedWriter) Header() http.Header { return w.header }

func (w *bufferedWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
}

func (w *bufferedWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.buf.Write(b)
}

// writeRateLimited answers 429 the way Discord does.
func writeRateLimited(w http.ResponseWriter, f *Fault) {
	h := w.Header()
	h.Set("Retry-After", strconv.Itoa(int((f.RetryAfter+time.Second-1)/time.Second)))
	h.Set("X-RateLimit-Limit", "5")
	h.Set("X-RateLimit-Remaining", "0")
	h.Set("X-RateLimit-Reset-After", seconds(f.RetryAfter))
	scope := "user"
	if f.Global {
		h.Set("X-RateLimit-Global", "true")
		scope = "global"
	}
	h.Set("X-RateLimit-Scope", scope)
	writeJSON(w, http.StatusTooManyRequests, map[string]any{
		"message":     "You are being rate limited.",
		"retry_after": f.RetryAfter.Seconds(),
		"global":      f.Global,
	})
}

func seconds(d time.Duration) string {
	return strconv.FormatFloat(d.Seconds(), 'f', 3, 64)
}

func paramNames(route string) []string {
	var names []string
	for _, part := range strings.Split(route, "/") {
		if strings.HasPrefix(part, "{") && strings.HasSuffix(part, "}") {
			names = append(names, strings.Trim(part, "{}"))
		}
	}
	return names
}

// Calls returns every recorded call of a route ("" for all), oldest first.
// A call still being answered has Status 0.
func (s *Server) Calls(route string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if route == "" || c.Route == route {
			out = append(out, *c)
		}
	}
	return out
}

// CheckPingsNobody fails t unless every message the bot sent (created,
// edited, followed up, or answered an interaction with) carried
// allowed_mentions that ping nobody. Tests run it when they end, so that no
// path of the bot can ping whatever its text says.
func (s *Server) CheckPingsNobody(t testing.TB) {
	t.Helper()
	for _, c := range s.Calls("") {
		switch c.Route {
		case RouteMessageCreate, RouteMessageEdit, RouteFollowup, RouteWebhookEdit:
		case RouteCallback:
			if typ := c.CallbackType(); typ != ResponseMessage && typ != ResponseUpdateMessage {
				continue
			}
		default:
			continue
		}
		if m := c.Message(); !m.PingsNobody() {
			t.Errorf("%s %s sent allowed_mentions %+v; want parse: [] and no users or roles", c.Method, c.Path, m.AllowedMentions)
		}
	}
}

// NextCall waits up to timeout for an answered call of the route that no
// earlier NextCall or WaitCall returned, and returns the oldest such call.
func (s *Server) NextCall(route string, timeout time.Duration) (Call, error) {
	var got *Call
	ok := s.waitUntil(timeout, func() bool {
		for _, c := range s.calls {
			if c.Route == route && !c.taken && c.Status != 0 {
				c.taken = true
				got = c
				return true
			}
		}
		return false
	})
	if !ok {
		return Call{}, fmt.Errorf("no %s call within %v", route, timeout)
	}
	return *got, nil
}

// WaitPending waits up to timeout for a call of the route that arrived and
// is not answered yet (one a Hold or Delay fault keeps back), and returns
// it; it fails the test on timeout.
func (s *Server) WaitPending(route string, timeout time.Duration) Call {
	s.t.Helper()
	var got Call
	ok := s.waitUntil(timeout, func() bool {
		for _, c := range s.calls {
			if c.Route == route && c.Status == 0 {
				got = *c
				return true
			}
		}
		return false
	})
	if !ok {
		s.fatalf("no %s call waiting within %v", route, timeout)
	}
	return got
}

// WaitCall is NextCall that fails the test on timeout.
func (s *Server) WaitCall(route string, timeout time.Duration) Call {
	s.t.Helper()
	c, err := s.NextCall(route, timeout)
	if err != nil {
		s.fatalf("%v", err)
	}
	return c
}
