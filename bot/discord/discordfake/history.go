package discordfake

import (
	"cmp"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
)

// userMessage is a message a user posted, kept as Discord delivered it.
type userMessage struct {
	id          string
	msg         map[string]any // the message object, content included
	dm          bool
	mentionsBot bool
}

// listed is one message of a channel's history, ready to be listed.
type listed struct {
	id  uint64
	obj map[string]any
}

// Discord's bounds on the limit of GET /channels/{channel}/messages.
const (
	defaultListLimit = 50
	maxListLimit     = 100
)

// handleMessageList answers GET /channels/{channel}/messages as Discord
// does: the channel's messages, the bot's and users', newest first, at most
// limit (1-100, default 50) of them, before, after or around a message id.
// The three are mutually exclusive, as Discord documents; the fake refuses
// a request with more than one, which Discord does not promise to honour.
// With after, the messages are the oldest ones after the id, still listed
// newest first. Ephemeral messages are not in a channel's history. Without
// the message content intent switched on in the developer portal, other
// users' messages in guild channels come without content, as over the
// gateway, unless they mention the bot.
//
// The fake opens a guild channel wherever the bot or a user first posts,
// and treats every id as a guild channel that exists, so a channel nobody
// wrote in lists no messages rather than being unknown.
func (s *Server) handleMessageList(w http.ResponseWriter, r *http.Request, c *Call) {
	q, err := url.ParseQuery(c.Query)
	if err != nil {
		apiError(w, http.StatusBadRequest, 50035, "Invalid Form Body: the query string is malformed")
		return
	}
	limit := defaultListLimit
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		switch {
		case err != nil:
			apiError(w, http.StatusBadRequest, 50035, "Invalid Form Body: limit: Value \""+v+"\" is not int.")
			return
		case n < 1:
			apiError(w, http.StatusBadRequest, 50035, "Invalid Form Body: limit: int value should be greater than or equal to 1.")
			return
		case n > maxListLimit:
			apiError(w, http.StatusBadRequest, 50035, "Invalid Form Body: limit: int value should be less than or equal to 100.")
			return
		}
		limit = n
	}
	var anchorName string
	var anchor uint64
	for _, name := range []string{"before", "after", "around"} {
		v := q.Get(name)
		if v == "" {
			continue
		}
		if anchorName != "" {
			apiError(w, http.StatusBadRequest, 50035, "Invalid Form Body: "+anchorName+" and "+name+" are mutually exclusive; only one may be passed at a time.")
			return
		}
		id, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			apiError(w, http.StatusBadRequest, 50035, "Invalid Form Body: "+name+": Value \""+v+"\" is not snowflake.")
			return
		}
		anchorName, anchor = name, id
	}

	history := s.history(c.Param("channel")) // oldest first
	// at is the first message at or after the anchor.
	at, _ := slices.BinarySearchFunc(history, anchor, func(m listed, id uint64) int { return cmp.Compare(m.id, id) })
	var page []listed
	switch anchorName {
	case "":
		page = history[max(len(history)-limit, 0):]
	case "before":
		page = history[max(at-limit, 0):at]
	case "after":
		from := at
		if from < len(history) && history[from].id == anchor {
			from++
		}
		page = history[from:min(from+limit, len(history))]
	case "around":
		// Half the page before the message, the rest from it on.
		before := limit / 2
		from := max(at-before, 0)
		page = history[from:min(from+limit, len(history))]
	}
	out := make([]map[string]any, 0, len(page))
	for i := len(page) - 1; i >= 0; i-- {
		out = append(out, page[i].obj)
	}
	writeJSON(w, http.StatusOK, out)
}

// history returns a channel's messages as its history holds them, oldest
// first: the bot's as they look now and users' as the bot may read them.
func (s *Server) history(channelID string) []listed {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.channels[channelID]
	if c == nil {
		return nil
	}
	dm := c.dmUser != ""
	content := s.cfg.Privileged&IntentMessageContent != 0
	out := make([]listed, 0, len(c.messages)+len(c.users))
	for _, m := range c.messages {
		if m.Ephemeral() || m.VisibleTo != "" {
			continue // shown to one user only, never part of the channel
		}
		id, _ := strconv.ParseUint(m.ID, 10, 64)
		out = append(out, listed{id: id, obj: messageJSON(*m, s.cfg.GuildID, dm)})
	}
	for _, m := range c.users {
		obj := maps.Clone(m.msg)
		if !m.dm && !content && !m.mentionsBot {
			obj["content"], obj["attachments"] = "", []any{}
		}
		id, _ := strconv.ParseUint(m.id, 10, 64)
		out = append(out, listed{id: id, obj: obj})
	}
	slices.SortFunc(out, func(a, b listed) int { return cmp.Compare(a.id, b.id) })
	return out
}
