package discordfake

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"
)

// Message flags and component types the fake interprets.
const (
	FlagEphemeral = 1 << 6

	ComponentActionRow  = 1
	ComponentButton     = 2
	ComponentStringMenu = 3
	ComponentTextInput  = 4
)

type wireUser struct {
	ID       string `json:"id"`
	Username string `json:"username"`
	Bot      bool   `json:"bot,omitempty"`
}

type channel struct {
	id       string
	dmUser   string // the user of a DM channel, "" for guild channels
	messages []*MessageView
	// users holds the messages users posted, which Discord lists with the
	// bot's in the channel's history.
	users []*userMessage
	// closed is set on a DM channel whose user accepts no direct messages
	// from the bot; Discord then refuses every message posted there.
	closed bool
}

type attachment struct {
	name, contentType string
	data              []byte
}

// channelLocked returns the channel, creating a guild channel on first use.
func (s *Server) channelLocked(id string) *channel {
	c := s.channels[id]
	if c == nil {
		c = &channel{id: id}
		s.channels[id] = c
	}
	return c
}

// dmChannelLocked returns the DM channel with a user, opening it if needed.
func (s *Server) dmChannelLocked(userID string) *channel {
	if id, ok := s.dmByUser[userID]; ok {
		return s.channels[id]
	}
	c := &channel{id: s.newID(), dmUser: userID}
	s.channels[c.id] = c
	s.dmByUser[userID] = c.id
	return c
}

// DMChannel returns the id of the DM channel between the bot and a user,
// opening it as Discord would.
func (s *Server) DMChannel(userID string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dmChannelLocked(userID).id
}

// CloseDMs makes a user refuse direct messages from the bot, as a member
// does who turned off direct messages from server members: the DM channel
// still opens, but posting in it fails with 403 and Discord's code 50007,
// "Cannot send messages to this user".
func (s *Server) CloseDMs(userID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dmChannelLocked(userID).closed = true
}

// IsDM reports whether a channel is a DM channel between the bot and a user.
func (s *Server) IsDM(channelID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.isDMLocked(channelID)
}

// Messages returns the bot's messages in a channel as they look now (edits
// applied), oldest first. Ephemeral interaction responses are included.
func (s *Server) Messages(channelID string) []MessageView {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.channels[channelID]
	if c == nil {
		return nil
	}
	out := make([]MessageView, len(c.messages))
	for i, m := range c.messages {
		out[i] = *m
	}
	return out
}

// DMs returns the bot's messages in its DM channel with a user.
func (s *Server) DMs(userID string) []MessageView {
	return s.Messages(s.DMChannel(userID))
}

// Message returns one of the bot's messages as it looks now.
func (s *Server) Message(channelID, messageID string) (MessageView, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.messageLocked(channelID, messageID)
	if m == nil {
		return MessageView{}, false
	}
	return *m, true
}

func (s *Server) messageLocked(channelID, messageID string) *MessageView {
	c := s.channels[channelID]
	if c == nil {
		return nil
	}
	for _, m := range c.messages {
		if m.ID == messageID {
			return m
		}
	}
	return nil
}

// WaitMessages waits until a channel holds at least n bot messages and
// returns them; it fails the test on timeout.
func (s *Server) WaitMessages(channelID string, n int, timeout time.Duration) []MessageView {
	s.t.Helper()
	ok := s.waitUntil(timeout, func() bool {
		c := s.channels[channelID]
		return c != nil && len(c.messages) >= n
	})
	if !ok {
		s.fatalf("channel %s: want %d bot messages within %v, have %d", channelID, n, timeout, len(s.Messages(channelID)))
	}
	return s.Messages(channelID)
}

// postLocked stores a new bot message in a channel.
func (s *Server) postLocked(channelID string, m MessageView) *MessageView {
	m.ID = s.newID()
	m.ChannelID = channelID
	m.Author = &wireUser{ID: s.cfg.BotID, Username: s.cfg.BotName, Bot: true}
	m.Timestamp = s.now()
	c := s.channelLocked(channelID)
	c.messages = append(c.messages, &m)
	return &m
}

// showLocked records what users now see of m, for NextShown.
func (s *Server) showLocked(m *MessageView) {
	s.shown = append(s.shown, *m)
	for _, f := range s.watchers {
		f(*m)
	}
}

// Watch calls f with every message creation or edit users see, in order,
// until stop is called. f runs while the fake holds its lock, so it must
// not call the Server and should return at once (hand the message to a
// buffered channel, say). Load tests use it to wait for thousands of
// replies at once, which NextShown, one waiter at a time, cannot.
func (s *Server) Watch(f func(MessageView)) (stop func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.watchers == nil {
		s.watchers = map[int64]func(MessageView){}
	}
	id := s.ids.Add(1)
	s.watchers[id] = f
	return func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		delete(s.watchers, id)
	}
}

// NextShown waits for the next message creation or edit users saw, in
// order, and returns the message as it looked then. Deferred "thinking"
// placeholders are not shown until they are filled in.
func (s *Server) NextShown(timeout time.Duration) (MessageView, error) {
	var m MessageView
	ok := s.waitUntil(timeout, func() bool {
		if s.shownAt < len(s.shown) {
			m = s.shown[s.shownAt]
			s.shownAt++
			return true
		}
		return false
	})
	if !ok {
		return MessageView{}, fmt.Errorf("no message shown within %v", timeout)
	}
	return m, nil
}

// WaitShown is NextShown that fails the test on timeout.
func (s *Server) WaitShown(timeout time.Duration) MessageView {
	s.t.Helper()
	m, err := s.NextShown(timeout)
	if err != nil {
		s.fatalf("%v", err)
	}
	return m
}

// applyEdit changes a stored message the way a PATCH does: only the fields
// present in the body change.
func applyEdit(m *MessageView, body []byte) {
	var raw map[string]json.RawMessage
	if json.Unmarshal(body, &raw) != nil {
		return
	}
	var v MessageView
	_ = json.Unmarshal(body, &v)
	if _, ok := raw["content"]; ok {
		m.Content = v.Content
	}
	if _, ok := raw["embeds"]; ok {
		m.Embeds = v.Embeds
	}
	if _, ok := raw["components"]; ok {
		m.Components = v.Components
	}
	if _, ok := raw["allowed_mentions"]; ok {
		m.AllowedMentions = v.AllowedMentions
	}
	m.Edits++
}

// decodeMessage reads a message body the way Discord does, answering 400
// with Discord's error codes when it is not JSON or breaks a limit.
func decodeMessage(w http.ResponseWriter, c *Call) (MessageView, bool) {
	var v MessageView
	if err := json.Unmarshal(c.Body, &v); err != nil {
		apiError(w, http.StatusBadRequest, 50109, "The request body contains invalid JSON.")
		return v, false
	}
	if msg := validateMessage(v); msg != "" {
		apiError(w, http.StatusBadRequest, 50035, "Invalid Form Body: "+msg)
		return v, false
	}
	return v, true
}

func (s *Server) handleMessageCreate(w http.ResponseWriter, r *http.Request, c *Call) {
	v, files, ok := s.decodeCreate(w, r, c)
	if !ok {
		return
	}
	s.mu.Lock()
	ch := c.Param("channel")
	if target := s.channels[ch]; target != nil && target.closed {
		s.mu.Unlock()
		apiError(w, http.StatusForbidden, 50007, "Cannot send messages to this user")
		return
	}
	m := s.postLocked(ch, v)
	if len(files) > 0 {
		if s.uploaded == nil {
			s.uploaded = map[string][]File{}
		}
		s.uploaded[m.ID] = files
	}
	s.showLocked(m)
	out := *m
	dm := s.isDMLocked(ch)
	s.notifyLocked()
	s.mu.Unlock()
	s.echo(out, dm)
	writeJSON(w, http.StatusOK, messageJSON(out, s.cfg.GuildID, dm))
}

func (s *Server) handleMessageEdit(w http.ResponseWriter, r *http.Request, c *Call) {
	if _, ok := decodeMessage(w, c); !ok {
		return
	}
	s.mu.Lock()
	m := s.messageLocked(c.Param("channel"), c.Param("message"))
	if m == nil {
		s.mu.Unlock()
		apiError(w, http.StatusNotFound, 10008, "Unknown Message")
		return
	}
	applyEdit(m, c.Body)
	s.showLocked(m)
	out := *m
	dm := s.isDMLocked(out.ChannelID)
	s.notifyLocked()
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, messageJSON(out, s.cfg.GuildID, dm))
}

func (s *Server) handleMessageGet(w http.ResponseWriter, r *http.Request, c *Call) {
	m, ok := s.Message(c.Param("channel"), c.Param("message"))
	if !ok {
		apiError(w, http.StatusNotFound, 10008, "Unknown Message")
		return
	}
	s.mu.Lock()
	dm := s.isDMLocked(m.ChannelID)
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, messageJSON(m, s.cfg.GuildID, dm))
}

func (s *Server) handleDMCreate(w http.ResponseWriter, r *http.Request, c *Call) {
	var req struct {
		RecipientID string `json:"recipient_id"`
	}
	if json.Unmarshal(c.Body, &req) != nil || req.RecipientID == "" {
		apiError(w, http.StatusBadRequest, 50035, "Invalid Form Body: recipient_id is required")
		return
	}
	s.mu.Lock()
	ch := s.dmChannelLocked(req.RecipientID)
	s.notifyLocked()
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{
		"id":         ch.id,
		"type":       1,
		"recipients": []wireUser{{ID: req.RecipientID, Username: req.RecipientID}},
	})
}

func (s *Server) handleAttachment(w http.ResponseWriter, r *http.Request, c *Call) {
	s.mu.Lock()
	a, ok := s.files[c.Param("file")]
	s.mu.Unlock()
	if !ok || a.name != c.Param("name") {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", a.contentType)
	_, _ = w.Write(a.data)
}

// messageJSON is a message object as Discord returns it.
func messageJSON(m MessageView, guildID string, dm bool) map[string]any {
	out := map[string]any{
		"id":         m.ID,
		"channel_id": m.ChannelID,
		"type":       0,
		"content":    m.Content,
		"embeds":     nonNil(m.Embeds),
		"components": nonNil(m.Components),
		"flags":      m.Flags,
		"author":     m.Author,
		"timestamp":  wireTime(m.Timestamp),
	}
	if !dm {
		out["guild_id"] = guildID
	}
	return out
}

func nonNil[T any](v []T) []T {
	if v == nil {
		return []T{}
	}
	return v
}

func readBody(r *http.Request) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	return io.ReadAll(io.LimitReader(r.Body, 8<<20))
}
