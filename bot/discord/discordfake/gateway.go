package discordfake

import (
	"encoding/json"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// Gateway close codes Discord uses and the fake sends.
const (
	CloseAuthenticationFailed = 4004
	CloseAlreadyAuthenticated = 4005
	CloseInvalidShard         = 4010
	CloseInvalidIntents       = 4013
	CloseDisallowedIntents    = 4014
)

// gatewayState is the fake's gateway: sessions (which survive connections,
// so they can be resumed) and live connections. Its own mutex serialises all
// gateway writes so that sequence numbers go out in order.
type gatewayState struct {
	mu       sync.Mutex
	sessions map[string]*gwSession
	conns    map[*gwConn]bool
	nextSess int

	identifies, resumes, invalidated int
	lastIntents                      int
	dropACKs                         bool
	invalidateNext                   bool
	replayExtra                      int
	closed                           bool
}

type gwSession struct {
	id      string
	intents int
	// shard is [shard id, shard count] as identified; [0, 1] without.
	shard  [2]int
	seq    int64
	events []gwEvent
	conn   *gwConn // nil while disconnected
}

type gwEvent struct {
	Op   int             `json:"op"`
	Seq  int64           `json:"s,omitempty"`
	Type string          `json:"t,omitempty"`
	Data json.RawMessage `json:"d"`
}

type gwConn struct {
	ws   *websocket.Conn
	sess *gwSession // set once identified or resumed
}

func (g *gatewayState) init() {
	g.sessions = map[string]*gwSession{}
	g.conns = map[*gwConn]bool{}
}

var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

// handleGateway serves one gateway WebSocket connection.
func (s *Server) handleGateway(w http.ResponseWriter, r *http.Request) {
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &gwConn{ws: ws}
	g := &s.gw
	g.mu.Lock()
	if g.closed {
		g.mu.Unlock()
		ws.Close()
		return
	}
	g.conns[c] = true
	s.wg.Add(1)
	hello, _ := json.Marshal(map[string]any{"heartbeat_interval": s.cfg.HeartbeatInterval.Milliseconds()})
	g.writeLocked(c, gwEvent{Op: 10, Data: hello})
	g.mu.Unlock()
	s.notify()

	defer s.wg.Done()
	defer func() {
		g.mu.Lock()
		delete(g.conns, c)
		if c.sess != nil && c.sess.conn == c {
			c.sess.conn = nil
		}
		g.mu.Unlock()
		ws.Close()
		s.notify()
	}()
	for {
		_, data, err := ws.ReadMessage()
		if err != nil {
			return
		}
		var in struct {
			Op   int             `json:"op"`
			Data json.RawMessage `json:"d"`
		}
		if json.Unmarshal(data, &in) != nil {
			s.closeConn(c, 4002, "Error while decoding payload.")
			return
		}
		switch in.Op {
		case 1:
			g.mu.Lock()
			if !g.dropACKs {
				g.writeLocked(c, gwEvent{Op: 11, Data: json.RawMessage("null")})
			}
			g.mu.Unlock()
		case 2:
			if !s.identify(c, in.Data) {
				return
			}
		case 6:
			if !s.resume(c, in.Data) {
				return
			}
		}
		s.notify()
	}
}

// notify wakes waiters after gateway changes.
func (s *Server) notify() {
	s.mu.Lock()
	s.notifyLocked()
	s.mu.Unlock()
}

func (s *Server) identify(c *gwConn, raw json.RawMessage) bool {
	var d struct {
		Token   string  `json:"token"`
		Intents *int    `json:"intents"`
		Shard   *[2]int `json:"shard"`
	}
	_ = json.Unmarshal(raw, &d)
	switch {
	case strings.TrimPrefix(d.Token, "Bot ") != s.cfg.Token:
		s.closeConn(c, CloseAuthenticationFailed, "Authentication failed.")
		return false
	case c.sess != nil:
		s.closeConn(c, CloseAlreadyAuthenticated, "Already authenticated.")
		return false
	case d.Intents == nil || *d.Intents&^validIntents != 0:
		s.closeConn(c, CloseInvalidIntents, "Invalid intent(s).")
		return false
	case *d.Intents&privilegedIntents&^s.cfg.Privileged != 0:
		s.closeConn(c, CloseDisallowedIntents, "Disallowed intent(s).")
		return false
	case d.Shard != nil && (d.Shard[1] < 1 || d.Shard[0] < 0 || d.Shard[0] >= d.Shard[1]):
		s.closeConn(c, CloseInvalidShard, "Invalid shard.")
		return false
	}
	shard := [2]int{0, 1}
	if d.Shard != nil {
		shard = *d.Shard
	}
	g := &s.gw
	g.mu.Lock()
	defer g.mu.Unlock()
	g.nextSess++
	sess := &gwSession{id: "fake-session-" + strconv.Itoa(g.nextSess), intents: *d.Intents, shard: shard, conn: c}
	g.sessions[sess.id] = sess
	c.sess = sess
	g.identifies++
	g.lastIntents = *d.Intents
	ready, _ := json.Marshal(map[string]any{
		"v":                  9,
		"session_id":         sess.id,
		"resume_gateway_url": strings.Replace(s.URL, "http", "ws", 1) + "/gw",
		"user":               wireUser{ID: s.cfg.BotID, Username: s.cfg.BotName, Bot: true},
		"application":        map[string]any{"id": s.cfg.AppID, "flags": 0},
		"guilds":             []map[string]any{{"id": s.cfg.GuildID, "unavailable": true}},
		"private_channels":   []any{},
	})
	g.dispatchLocked(sess, "READY", ready)
	return true
}

func (s *Server) resume(c *gwConn, raw json.RawMessage) bool {
	var d struct {
		Token     string `json:"token"`
		SessionID string `json:"session_id"`
		Seq       int64  `json:"seq"`
	}
	_ = json.Unmarshal(raw, &d)
	if strings.TrimPrefix(d.Token, "Bot ") != s.cfg.Token {
		s.closeConn(c, CloseAuthenticationFailed, "Authentication failed.")
		return false
	}
	g := &s.gw
	g.mu.Lock()
	defer g.mu.Unlock()
	sess := g.sessions[d.SessionID]
	if sess == nil || g.invalidateNext {
		if sess != nil {
			delete(g.sessions, sess.id)
		}
		g.invalidateNext = false
		g.invalidated++
		g.writeLocked(c, gwEvent{Op: 9, Data: json.RawMessage("false")})
		return true
	}
	if sess.conn != nil && sess.conn != c {
		sess.conn.ws.Close()
	}
	sess.conn = c
	c.sess = sess
	g.resumes++
	// Replay what the client missed; with replayExtra, also events it had
	// already seen, as Discord may after an ambiguous disconnect.
	from := d.Seq
	if g.replayExtra > 0 {
		from -= int64(g.replayExtra)
		g.replayExtra = 0
	}
	for _, e := range sess.events {
		if e.Seq > from && e.Type != "READY" && e.Type != "RESUMED" {
			g.writeLocked(c, e)
		}
	}
	g.dispatchLocked(sess, "RESUMED", json.RawMessage(`{}`))
	return true
}

// writeLocked sends one gateway payload; g.mu must be held.
func (g *gatewayState) writeLocked(c *gwConn, e gwEvent) {
	_ = c.ws.SetWriteDeadline(time.Now().Add(5 * time.Second))
	_ = c.ws.WriteJSON(e)
}

// dispatchLocked assigns the session's next sequence number to an event,
// keeps it for replay and sends it if the session is connected.
func (g *gatewayState) dispatchLocked(sess *gwSession, typ string, data json.RawMessage) {
	sess.seq++
	e := gwEvent{Op: 0, Seq: sess.seq, Type: typ, Data: data}
	sess.events = append(sess.events, e)
	if sess.conn != nil {
		g.writeLocked(sess.conn, e)
	}
}

// dispatch sends an event to every session that may still receive it. build
// returns the payload for a session's intents, or false when those intents
// do not cover the event. A sharded session gets the events of the guilds
// of its shard, (guild_id >> 22) % shard count, and shard 0 those of no
// guild (direct messages), as on Discord. It reports how many sessions it
// went to.
func (s *Server) dispatch(typ string, build func(intents int) (any, bool)) int {
	g := &s.gw
	g.mu.Lock()
	n := 0
	for _, sess := range g.sessions {
		v, ok := build(sess.intents)
		if !ok {
			continue
		}
		data, _ := json.Marshal(v)
		if !sess.onShard(data) {
			continue
		}
		g.dispatchLocked(sess, typ, data)
		n++
	}
	g.mu.Unlock()
	s.notify()
	return n
}

// onShard reports whether an event's payload belongs to the session's
// shard.
func (sess *gwSession) onShard(payload []byte) bool {
	if sess.shard[1] <= 1 {
		return true
	}
	var p struct {
		GuildID string `json:"guild_id"`
	}
	_ = json.Unmarshal(payload, &p)
	if p.GuildID == "" {
		return sess.shard[0] == 0
	}
	id, err := strconv.ParseUint(p.GuildID, 10, 64)
	return err == nil && int((id>>22)%uint64(sess.shard[1])) == sess.shard[0]
}

// closeConn sends a close frame with a code and drops the connection.
func (s *Server) closeConn(c *gwConn, code int, reason string) {
	g := &s.gw
	g.mu.Lock()
	_ = c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, reason), time.Now().Add(time.Second))
	g.mu.Unlock()
	c.ws.Close()
}

// snapshot returns the open gateway connections, taken under the lock so
// that they can be closed or cut without holding it; with closing set, no
// connection is accepted after.
func (g *gatewayState) snapshot(closing bool) []*gwConn {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.closed = g.closed || closing
	conns := make([]*gwConn, 0, len(g.conns))
	for c := range g.conns {
		conns = append(conns, c)
	}
	return conns
}

func (g *gatewayState) closeAll() {
	for _, c := range g.snapshot(true) {
		c.ws.Close()
	}
}

// DropConnections cuts every gateway connection without a close frame, as a
// network failure would. Sessions stay resumable.
func (s *Server) DropConnections() {
	for _, c := range s.gw.snapshot(false) {
		if tc, ok := c.ws.NetConn().(*net.TCPConn); ok {
			_ = tc.SetLinger(0)
		}
		c.ws.Close()
	}
}

// CloseConnections closes every gateway connection with a close code.
func (s *Server) CloseConnections(code int, reason string) {
	for _, c := range s.gw.snapshot(false) {
		s.closeConn(c, code, reason)
	}
}

// SendReconnect asks every connected client to reconnect (op 7).
func (s *Server) SendReconnect() {
	g := &s.gw
	g.mu.Lock()
	defer g.mu.Unlock()
	for c := range g.conns {
		g.writeLocked(c, gwEvent{Op: 7, Data: json.RawMessage("null")})
	}
}

// InvalidateNextResume makes the next resume fail with op 9 Invalid Session
// (d: false), so the client must identify again.
func (s *Server) InvalidateNextResume() {
	s.gw.mu.Lock()
	s.gw.invalidateNext = true
	s.gw.mu.Unlock()
}

// ReplayOnResume makes the next resume re-send the last n events the client
// had already received, besides those it missed.
func (s *Server) ReplayOnResume(n int) {
	s.gw.mu.Lock()
	s.gw.replayExtra = n
	s.gw.mu.Unlock()
}

// DropHeartbeatACKs stops (or resumes) answering heartbeats, which makes a
// client think the connection is dead.
func (s *Server) DropHeartbeatACKs(drop bool) {
	s.gw.mu.Lock()
	s.gw.dropACKs = drop
	s.gw.mu.Unlock()
}

// GatewayStats counts what happened on the gateway so far.
type GatewayStats struct {
	Connections int // live connections now
	Connected   int // sessions with a live, identified or resumed connection
	Identifies  int
	Resumes     int
	Invalidated int // resumes refused with op 9
	Intents     int // intents of the last successful identify
}

// Gateway returns the current gateway counters.
func (s *Server) Gateway() GatewayStats {
	g := &s.gw
	g.mu.Lock()
	defer g.mu.Unlock()
	st := GatewayStats{
		Connections: len(g.conns),
		Identifies:  g.identifies,
		Resumes:     g.resumes,
		Invalidated: g.invalidated,
		Intents:     g.lastIntents,
	}
	for _, sess := range g.sessions {
		if sess.conn != nil {
			st.Connected++
		}
	}
	return st
}

// WaitGateway waits until cond holds for the gateway counters and fails the
// test on timeout.
func (s *Server) WaitGateway(timeout time.Duration, what string, cond func(GatewayStats) bool) GatewayStats {
	s.t.Helper()
	var st GatewayStats
	ok := s.waitUntil(timeout, func() bool {
		// s.mu is held; the gateway has its own lock.
		st = s.Gateway()
		return cond(st)
	})
	if !ok {
		s.fatalf("gateway: %s not reached within %v (%+v)", what, timeout, st)
	}
	return st
}

// WaitConnected waits until a bot is connected and identified (or resumed).
func (s *Server) WaitConnected(timeout time.Duration) {
	s.t.Helper()
	s.WaitGateway(timeout, "a connected bot", func(st GatewayStats) bool { return st.Connected > 0 })
}
