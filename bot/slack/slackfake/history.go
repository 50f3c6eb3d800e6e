package slackfake

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// The methods in this file read a conversation back as Slack keeps it: the
// bot's messages (as last updated) and its members' messages, never an
// ephemeral one, which Slack does not store.

// memberMessage is a message a member posted.
type memberMessage struct {
	Channel, TS string
	ThreadTS    string // parent's ts for a reply in a thread
	User, Text  string
}

// Say posts text to channel as user without telling the app, as a member
// writes in a channel whose messages the app does not subscribe to. It
// returns the message's ts. The message is in the channel's history, and
// replies may thread on it.
func (s *Server) Say(channel, user, text string) string {
	s.knowUser(user)
	return s.userMessage(channel, user, text, "")
}

// Slack's limits on one page of conversations.history and
// conversations.replies.
const (
	defaultHistoryLimit = 100
	maxHistoryLimit     = 999
)

// stored is a message of a conversation as the history methods read it.
type stored struct {
	micros       int64 // the ts in microseconds, for ordering
	ts, threadTS string
	user, text   string
	bot          *Message // nil for a member's message
}

// conversation returns the messages held in channel, oldest first.
func (s *Server) conversation(channel string) []stored {
	var out []stored
	add := func(m stored) {
		if n, ok := parseTS(m.ts); ok {
			m.micros = n
			out = append(out, m)
		}
	}
	for _, m := range s.messages {
		if m.Channel == channel && !m.Ephemeral {
			add(stored{ts: m.TS, threadTS: m.ThreadTS, user: s.cfg.BotUserID, text: m.Text, bot: m})
		}
	}
	for _, m := range s.userMsgs {
		if m.Channel == channel {
			add(stored{ts: m.TS, threadTS: m.ThreadTS, user: m.User, text: m.Text})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].micros < out[j].micros })
	return out
}

// isReply reports whether m was posted in a thread under another message.
func (m stored) isReply() bool { return m.threadTS != "" && m.threadTS != m.ts }

// messageJSON is m as the history methods return it: the bot's messages
// carry its bot_id and app_id and their blocks as posted; a thread's parent
// carries its own ts as thread_ts and its reply count.
func (s *Server) messageJSON(m stored, all []stored) map[string]any {
	out := map[string]any{"type": "message", "ts": m.ts, "text": m.text, "user": m.user, "team": s.cfg.TeamID}
	if m.bot != nil {
		out["bot_id"], out["app_id"] = "B"+s.cfg.BotUserID, s.cfg.AppID
		if len(m.bot.Blocks) > 0 {
			out["blocks"] = json.RawMessage(m.bot.Blocks)
		}
	}
	if m.isReply() {
		out["thread_ts"] = m.threadTS
		for _, p := range all {
			if p.ts == m.threadTS {
				out["parent_user_id"] = p.user
			}
		}
		return out
	}
	replies, latest := 0, ""
	for _, r := range all {
		if r.isReply() && r.threadTS == m.ts {
			replies, latest = replies+1, r.ts
		}
	}
	if replies > 0 {
		out["thread_ts"], out["reply_count"], out["latest_reply"] = m.ts, replies, latest
	}
	return out
}

// window is the part of a conversation a history call asks for.
type window struct {
	oldest, latest int64 // microseconds; latest < 0 for none
	inclusive      bool
	limit          int
	cursor         int64 // ts the page starts at; < 0 for the first page
}

func (w window) holds(ts int64) bool {
	if w.inclusive {
		return ts >= w.oldest && (w.latest < 0 || ts <= w.latest)
	}
	return ts > w.oldest && (w.latest < 0 || ts < w.latest)
}

// windowParams reads oldest, latest, inclusive, limit and cursor as Slack
// does: oldest defaults to the beginning, latest to now, limit to 100 and
// at most 999; inclusive counts only with a timestamp given.
func windowParams(c *Call) (window, string) {
	w := window{latest: -1, cursor: -1, limit: defaultHistoryLimit}
	if v := c.Get("oldest"); v != "" {
		n, ok := parseTS(v)
		if !ok {
			return w, "invalid_ts_oldest"
		}
		w.oldest = n
	}
	if v := c.Get("latest"); v != "" {
		n, ok := parseTS(v)
		if !ok {
			return w, "invalid_ts_latest"
		}
		w.latest = n
	}
	w.inclusive = c.Get("inclusive") == "1" || c.Get("inclusive") == "true"
	if v := c.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return w, "invalid_arguments"
		}
		if n > 0 {
			w.limit = min(n, maxHistoryLimit)
		}
	}
	if v := c.Get("cursor"); v != "" {
		n, ok := parseCursor(v)
		if !ok {
			return w, "invalid_cursor"
		}
		w.cursor = n
	}
	return w, ""
}

// conversationParams reads the channel and the window of a call listing
// a conversation, or the Slack error code for them.
func conversationParams(c *Call) (string, window, string) {
	ch := c.Get("channel")
	if !validChannel(ch) {
		return "", window{}, "channel_not_found"
	}
	w, code := windowParams(c)
	return ch, w, code
}

// conversationsHistory lists a channel's messages newest first: those
// posted to the channel itself, not the replies in their threads.
func (s *Server) conversationsHistory(c *Call) (map[string]any, string) {
	ch, w, code := conversationParams(c)
	if code != "" {
		return nil, code
	}
	all := s.conversation(ch)
	var match []stored
	for i := len(all) - 1; i >= 0; i-- {
		m := all[i]
		if !m.isReply() && w.holds(m.micros) && (w.cursor < 0 || m.micros <= w.cursor) {
			match = append(match, m)
		}
	}
	return s.page(match, all, w.limit, nil), ""
}

// conversationsReplies lists a thread oldest first: its parent, on every
// page, then the replies in the window. A ts naming a reply lists only
// that reply.
func (s *Server) conversationsReplies(c *Call) (map[string]any, string) {
	ch, w, code := conversationParams(c)
	if code != "" {
		return nil, code
	}
	ts := c.Get("ts")
	all := s.conversation(ch)
	var parent *stored
	for i := range all {
		if all[i].ts == ts {
			parent = &all[i]
		}
	}
	if parent == nil {
		return nil, "thread_not_found"
	}
	if parent.isReply() {
		return s.page([]stored{*parent}, all, w.limit, nil), ""
	}
	var match []stored
	for _, m := range all {
		if m.isReply() && m.threadTS == ts && w.holds(m.micros) && (w.cursor < 0 || m.micros >= w.cursor) {
			match = append(match, m)
		}
	}
	return s.page(match, all, w.limit, parent), ""
}

// page answers with the first limit of match (after head, when given) and
// a cursor to the rest.
func (s *Server) page(match, all []stored, limit int, head *stored) map[string]any {
	msgs := []any{}
	if head != nil {
		msgs = append(msgs, s.messageJSON(*head, all))
	}
	n := min(limit, len(match))
	for _, m := range match[:n] {
		msgs = append(msgs, s.messageJSON(m, all))
	}
	next := ""
	if n < len(match) {
		next = formatCursor(match[n].micros)
	}
	return map[string]any{
		"messages": msgs, "has_more": next != "", "pin_count": 0,
		"response_metadata": map[string]any{"next_cursor": next},
	}
}

// formatTS writes microseconds since the epoch as a Slack ts.
func formatTS(micros int64) string {
	return fmt.Sprintf("%d.%06d", micros/1e6, micros%1e6)
}

// parseTS reads a Slack ts ("1700000000.000100", or whole seconds) as
// microseconds since the epoch.
func parseTS(ts string) (int64, bool) {
	sec, frac, _ := strings.Cut(ts, ".")
	if sec == "" || len(frac) > 6 || strings.Trim(sec+frac, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.ParseInt(sec, 10, 64)
	if err != nil || n > 1e12 {
		return 0, false
	}
	f, _ := strconv.ParseInt((frac + "000000")[:6], 10, 64)
	return n*1e6 + f, true
}

// Slack's cursors are opaque base64; the fake's, like Slack's, name the
// ts of the message the next page starts at.
const cursorPrefix = "next_ts:"

func formatCursor(micros int64) string {
	return base64.StdEncoding.EncodeToString([]byte(cursorPrefix + strconv.FormatInt(micros, 10)))
}

func parseCursor(c string) (int64, bool) {
	b, err := base64.StdEncoding.DecodeString(c)
	if err != nil {
		return 0, false
	}
	v, ok := strings.CutPrefix(string(b), cursorPrefix)
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseInt(v, 10, 64)
	return n, err == nil && n >= 0
}
