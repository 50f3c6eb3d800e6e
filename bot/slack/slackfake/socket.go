package slackfake

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// socketConn is one Socket Mode WebSocket. Gorilla connections allow one
// writer at a time, hence wmu.
type socketConn struct {
	ws   *websocket.Conn
	wmu  sync.Mutex
	done chan struct{}
	once sync.Once
}

func (c *socketConn) write(v any) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	c.ws.SetWriteDeadline(time.Now().Add(5 * time.Second))
	return c.ws.WriteJSON(v)
}

// close drops the TCP connection without a close frame, as a network failure
// would.
func (c *socketConn) close() {
	c.once.Do(func() {
		close(c.done)
		c.ws.UnderlyingConn().Close()
	})
}

func (s *Server) serveSocket(w http.ResponseWriter, r *http.Request) {
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &socketConn{ws: ws, done: make(chan struct{})}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		ws.Close()
		return
	}
	s.connects++
	s.conns = append(s.conns, c)
	s.wg.Add(2)
	s.mu.Unlock()

	go s.pingLoop(c)
	go s.readLoop(c)
	hello := map[string]any{
		"type": "hello", "num_connections": 1,
		"debug_info":      map[string]any{"host": "fake-slack", "build_number": 1, "approximate_connection_time": 18060},
		"connection_info": map[string]any{"app_id": s.cfg.AppID},
	}
	if err := c.write(hello); err != nil {
		s.dropConn(c)
		return
	}
	s.mu.Lock()
	s.cond.Broadcast()
	s.mu.Unlock()
}

func (s *Server) pingLoop(c *socketConn) {
	defer s.wg.Done()
	t := time.NewTicker(s.cfg.PingInterval)
	defer t.Stop()
	for {
		select {
		case <-c.done:
			return
		case <-t.C:
			c.wmu.Lock()
			err := c.ws.WriteControl(websocket.PingMessage, []byte("ping"), time.Now().Add(5*time.Second))
			c.wmu.Unlock()
			if err != nil {
				s.dropConn(c)
				return
			}
		}
	}
}

// readLoop reads the client's acknowledgements.
func (s *Server) readLoop(c *socketConn) {
	defer s.wg.Done()
	defer s.dropConn(c)
	for {
		_, data, err := c.ws.ReadMessage()
		if err != nil {
			return
		}
		var ack struct {
			EnvelopeID string          `json:"envelope_id"`
			Payload    json.RawMessage `json:"payload"`
		}
		if json.Unmarshal(data, &ack) != nil || ack.EnvelopeID == "" {
			continue
		}
		s.recordAck(ack.EnvelopeID, ack.Payload, 0)
	}
}

func (s *Server) recordAck(id string, payload json.RawMessage, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.envelopes[id]
	if !ok {
		return
	}
	e.acks++
	if e.acks == 1 {
		e.ack = Ack{Payload: payload, Status: status}
	}
	s.cond.Broadcast()
}

func (s *Server) dropConn(c *socketConn) {
	c.close()
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, x := range s.conns {
		if x == c {
			s.conns = append(s.conns[:i], s.conns[i+1:]...)
			break
		}
	}
	s.cond.Broadcast()
}

// sockets returns the open Socket Mode connections, copied under the lock
// so that they can be written to, cut or closed without holding it.
func (s *Server) sockets() []*socketConn {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*socketConn(nil), s.conns...)
}

// DropSockets cuts every Socket Mode connection without a close frame, the
// way a network failure does. slack-go then reconnects.
func (s *Server) DropSockets() {
	for _, c := range s.sockets() {
		s.dropConn(c)
	}
}

// RequestDisconnect sends Slack's "disconnect" message (refresh_requested)
// on every connection, asking the client to reconnect.
func (s *Server) RequestDisconnect() {
	for _, c := range s.sockets() {
		c.write(map[string]any{"type": "disconnect", "reason": "refresh_requested", "debug_info": map[string]any{"host": "fake-slack"}})
	}
}

// Connects returns how many Socket Mode connections were opened so far.
func (s *Server) Connects() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.connects
}

// OpenConnections returns how many Socket Mode connections are open now.
func (s *Server) OpenConnections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.conns)
}

// WaitConnected waits until at least n Socket Mode connections were opened
// in total and one of them is open.
func (s *Server) WaitConnected(ctx context.Context, n int) error {
	return s.waitFor(ctx, func() bool { return s.connects >= n && len(s.conns) > 0 })
}

// HTTPTarget makes the fake deliver events, slash commands and
// interactions as signed HTTP requests (the Events API) instead of over
// Socket Mode.
type HTTPTarget struct {
	URL    string // where the app listens, e.g. "http://127.0.0.1:3000/slack/events"
	Secret string // signing secret used to sign each request
	Skew   time.Duration
}

// DeliverHTTP switches delivery to signed HTTP requests; nil switches back to
// Socket Mode.
func (s *Server) DeliverHTTP(t *HTTPTarget) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.target = t
}

// Envelope is one delivery to the app: a Socket Mode envelope, or the same
// payload as an HTTP request.
type Envelope struct {
	ID        string          // envelope_id
	Type      string          // events_api, slash_commands or interactive
	Payload   json.RawMessage // the payload as delivered
	Retry     int             // retry_attempt
	EventID   string          // events_api: the event_id
	MessageTS string          // message events: the ts of the user's message

	s    *Server
	acks int
	ack  Ack
	err  error
}

// Ack is the app's acknowledgement: the payload it sent back (response
// action of a modal, for example) and, over HTTP, the status code.
type Ack struct {
	Payload json.RawMessage
	Status  int // HTTP delivery only
}

// WaitAck waits for the app to acknowledge the envelope. Over HTTP a
// non-2xx status is returned as an Ack, not an error.
func (e *Envelope) WaitAck(ctx context.Context) (Ack, error) {
	var out Ack
	var derr error
	err := e.s.waitFor(ctx, func() bool {
		if e.err != nil {
			derr = e.err
			return true
		}
		if e.acks > 0 {
			out = e.ack
			return true
		}
		return false
	})
	if derr != nil {
		return Ack{}, derr
	}
	if err != nil {
		return Ack{}, fmt.Errorf("waiting for ack of %s: %w", e.ID, err)
	}
	return out, nil
}

// Acks returns how many times the envelope was acknowledged.
func (e *Envelope) Acks() int {
	e.s.mu.Lock()
	defer e.s.mu.Unlock()
	return e.acks
}

// deliver sends payload to the app, over HTTP when a target is set and over
// the newest Socket Mode connection otherwise (waiting for one if none is
// open, as Slack queues events while an app reconnects).
func (s *Server) deliver(ctx context.Context, typ string, payload any, retry int) (*Envelope, error) {
	raw, err := json.Marshal(payload)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	e := &Envelope{ID: s.nextID("env-"), Type: typ, Payload: raw, Retry: retry, s: s}
	s.envelopes[e.ID] = e
	target := s.target
	s.mu.Unlock()
	if target != nil {
		s.mu.Lock()
		s.wg.Add(1)
		s.mu.Unlock()
		go s.deliverHTTP(e, *target)
		return e, nil
	}
	env := map[string]any{
		"envelope_id": e.ID, "type": typ, "payload": json.RawMessage(raw),
		"accepts_response_payload": typ != "events_api",
		"retry_attempt":            retry,
		"retry_reason":             "",
	}
	if retry > 0 {
		env["retry_reason"] = "timeout"
	}
	for {
		var c *socketConn
		err := s.waitFor(ctx, func() bool {
			if len(s.conns) > 0 {
				c = s.conns[len(s.conns)-1]
				if s.cfg.Spread {
					c = s.conns[s.spread%len(s.conns)]
					s.spread++
				}
				return true
			}
			return false
		})
		if err != nil {
			return nil, fmt.Errorf("deliver %s: no socket connection: %w", typ, err)
		}
		if err := c.write(env); err != nil {
			s.dropConn(c)
			continue
		}
		return e, nil
	}
}

// deliverHTTP posts the envelope's payload as Slack's Events API does: JSON
// for events, a form for slash commands, a form with a "payload" field for
// interactions; each request signed with the target's secret.
func (s *Server) deliverHTTP(e *Envelope, t HTTPTarget) {
	defer s.wg.Done()
	var body []byte
	ctype := "application/x-www-form-urlencoded"
	switch e.Type {
	case "events_api":
		body, ctype = e.Payload, "application/json"
	case "slash_commands":
		var fields map[string]string
		json.Unmarshal(e.Payload, &fields)
		form := url.Values{}
		for k, v := range fields {
			form.Set(k, v)
		}
		body = []byte(form.Encode())
	default:
		body = []byte(url.Values{"payload": {string(e.Payload)}}.Encode())
	}
	req, err := http.NewRequest(http.MethodPost, t.URL, bytes.NewReader(body))
	if err != nil {
		s.failEnvelope(e, err)
		return
	}
	req.Header.Set("Content-Type", ctype)
	ts, sig := Sign(t.Secret, time.Now().Add(t.Skew), body)
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", sig)
	if e.Retry > 0 {
		req.Header.Set("X-Slack-Retry-Num", strconv.Itoa(e.Retry))
		req.Header.Set("X-Slack-Retry-Reason", "http_timeout")
	}
	// A transport of its own: every httptest server closed elsewhere in
	// the same process (a parallel test's) closes the idle connections
	// of the shared default transport, and a POST that had just taken
	// one of them fails ("CloseIdleConnections called") and is not
	// retried.
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	client := &http.Client{Timeout: 10 * time.Second, Transport: tr}
	resp, err := client.Do(req)
	if err != nil {
		s.failEnvelope(e, err)
		return
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	s.recordAck(e.ID, data, resp.StatusCode)
}

func (s *Server) failEnvelope(e *Envelope, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e.err = err
	s.cond.Broadcast()
}

// Redeliver delivers an envelope's payload again, as Slack does when an ack
// is late: a new envelope id, the same payload (and event_id), the retry
// count raised.
func (s *Server) Redeliver(ctx context.Context, e *Envelope) (*Envelope, error) {
	var payload any = e.Payload
	n, err := s.deliver(ctx, e.Type, payload, e.Retry+1)
	if err != nil {
		return nil, err
	}
	n.EventID, n.MessageTS = e.EventID, e.MessageTS
	return n, nil
}
