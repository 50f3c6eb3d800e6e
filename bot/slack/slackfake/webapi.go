package slackfake

import (
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// apiMethod answers one Web API call; it runs with s.mu held and returns the
// response fields (without "ok") or a Slack error code.
type apiMethod func(s *Server, c *Call) (map[string]any, string)

// botMethods are the methods that take the bot token.
var botMethods = map[string]apiMethod{
	"auth.test":             (*Server).authTest,
	"chat.postMessage":      (*Server).chatPostMessage,
	"chat.postEphemeral":    (*Server).chatPostEphemeral,
	"chat.update":           (*Server).chatUpdate,
	"conversations.open":    (*Server).conversationsOpen,
	"conversations.history": (*Server).conversationsHistory,
	"conversations.replies": (*Server).conversationsReplies,
	"users.info":            (*Server).usersInfo,
	"usergroups.users.list": (*Server).usergroupsUsersList,
	"files.info":            (*Server).filesInfo,
	"views.open":            (*Server).viewsOpen,
	"views.update":          (*Server).viewsUpdate,
}

func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	method := strings.TrimPrefix(r.URL.Path, "/api/")
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	call := Call{Method: method, At: time.Now()}
	token := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch {
	case ct == "application/json":
		if len(body) > 0 {
			if err := json.Unmarshal(body, &call.JSON); err != nil {
				s.finish(w, call, http.StatusOK, "invalid_json", nil)
				return
			}
		}
		if call.JSON == nil {
			call.JSON = map[string]any{}
		}
	default:
		form, err := url.ParseQuery(string(body))
		if err != nil {
			s.finish(w, call, http.StatusOK, "invalid_form_data", nil)
			return
		}
		for k, v := range r.URL.Query() {
			form[k] = append(form[k], v...)
		}
		if t := form.Get("token"); t != "" {
			token = t
		}
		form.Del("token") // tokens are never recorded
		call.Form = form
	}

	s.mu.Lock()
	var fault Fault
	if q := s.faults[method]; len(q) > 0 {
		fault, s.faults[method] = q[0], q[1:]
	}
	delay := s.delays[method] + fault.Delay
	s.mu.Unlock()
	if delay > 0 {
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		}
	}
	if fault.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(fault.RetryAfter))
		s.finish(w, call, http.StatusTooManyRequests, "ratelimited", nil)
		return
	}
	if fault.Error != "" {
		s.finish(w, call, http.StatusOK, fault.Error, nil)
		return
	}

	if method == "apps.connections.open" {
		if token == "" {
			s.finish(w, call, http.StatusOK, "not_authed", nil)
			return
		}
		if token != s.cfg.AppToken {
			s.finish(w, call, http.StatusOK, "invalid_auth", nil)
			return
		}
		s.mu.Lock()
		ticket := s.nextID("ticket")
		s.mu.Unlock()
		wsURL := "ws" + strings.TrimPrefix(s.http.URL, "http") + "/link/?ticket=" + ticket
		s.finish(w, call, http.StatusOK, "", map[string]any{"url": wsURL})
		return
	}
	fn, ok := botMethods[method]
	if !ok {
		s.finish(w, call, http.StatusOK, "unknown_method", nil)
		return
	}
	if token == "" {
		s.finish(w, call, http.StatusOK, "not_authed", nil)
		return
	}
	if token != s.cfg.BotToken {
		s.finish(w, call, http.StatusOK, "invalid_auth", nil)
		return
	}
	s.mu.Lock()
	resp, code := fn(s, &call)
	s.mu.Unlock()
	s.finish(w, call, http.StatusOK, code, resp)
}

// finish records the call and writes Slack's response envelope.
func (s *Server) finish(w http.ResponseWriter, c Call, status int, code string, resp map[string]any) {
	c.Status, c.Error = status, code
	s.mu.Lock()
	s.calls = append(s.calls, c)
	s.cond.Broadcast()
	s.mu.Unlock()
	if status == http.StatusTooManyRequests {
		writeJSON(w, status, map[string]any{"ok": false, "error": code})
		return
	}
	if code != "" {
		writeJSON(w, status, map[string]any{"ok": false, "error": code})
		return
	}
	if resp == nil {
		resp = map[string]any{}
	}
	resp["ok"] = true
	writeJSON(w, status, resp)
}

func (s *Server) authTest(c *Call) (map[string]any, string) {
	return map[string]any{
		"url": "https://fake.slack.com/", "team": "Fake workspace", "user": s.cfg.BotName,
		"team_id": s.cfg.TeamID, "user_id": s.cfg.BotUserID, "bot_id": "B" + s.cfg.BotUserID,
	}, ""
}

// blocksParam returns the blocks of a message call, from a form field (JSON
// text) or a JSON body.
func blocksParam(c *Call) json.RawMessage {
	if c.Form != nil {
		if b := c.Form.Get("blocks"); b != "" {
			return json.RawMessage(b)
		}
		return nil
	}
	if v, ok := c.JSON["blocks"]; ok {
		b, _ := json.Marshal(v)
		return b
	}
	return nil
}

// validChannel reports whether id looks like a conversation id; user ids and
// "@name" forms are refused so the bot must open DMs with conversations.open.
func validChannel(id string) bool {
	return len(id) > 1 && (id[0] == 'C' || id[0] == 'D' || id[0] == 'G')
}

// messageParams checks the parts common to posting and updating.
func messageParams(c *Call) (text string, blocks json.RawMessage, code string) {
	text, blocks = c.Get("text"), blocksParam(c)
	bs, err := parseBlocks(blocks)
	if err != nil {
		return "", nil, "invalid_blocks_format"
	}
	if err := validateBlocks(bs); err != nil {
		return "", nil, "invalid_blocks"
	}
	if text == "" && len(bs) == 0 {
		return "", nil, "no_text"
	}
	if len([]rune(text)) > 40000 {
		return "", nil, "msg_too_long"
	}
	return text, blocks, ""
}

func (s *Server) chatPostMessage(c *Call) (map[string]any, string) {
	ch := c.Get("channel")
	if !validChannel(ch) {
		return nil, "channel_not_found"
	}
	text, blocks, code := messageParams(c)
	if code != "" {
		return nil, code
	}
	threadTS := c.Get("thread_ts")
	if threadTS != "" && s.findMessage(ch, threadTS) == nil && !s.isUserMessage(ch, threadTS) {
		// Slack accepts a thread_ts it cannot find by posting to the channel;
		// the fake is stricter so a wrong thread id shows up in tests.
		return nil, "thread_not_found"
	}
	m := &Message{Channel: ch, TS: s.nextTS(), ThreadTS: threadTS, Text: text, Blocks: blocks}
	s.messages = append(s.messages, m)
	s.show(m)
	return map[string]any{"channel": ch, "ts": m.TS, "message": map[string]any{"text": text, "ts": m.TS, "user": s.cfg.BotUserID}}, ""
}

func (s *Server) chatPostEphemeral(c *Call) (map[string]any, string) {
	ch, user := c.Get("channel"), c.Get("user")
	if !validChannel(ch) {
		return nil, "channel_not_found"
	}
	if user == "" {
		return nil, "user_not_found"
	}
	text, blocks, code := messageParams(c)
	if code != "" {
		return nil, code
	}
	m := &Message{Channel: ch, TS: s.nextTS(), ThreadTS: c.Get("thread_ts"), Text: text, Blocks: blocks, Ephemeral: true, User: user}
	s.messages = append(s.messages, m)
	s.show(m)
	return map[string]any{"message_ts": m.TS}, ""
}

func (s *Server) chatUpdate(c *Call) (map[string]any, string) {
	ch, ts := c.Get("channel"), c.Get("ts")
	m := s.findMessage(ch, ts)
	if m == nil || m.Ephemeral {
		return nil, "message_not_found"
	}
	text, blocks, code := messageParams(c)
	if code != "" {
		return nil, code
	}
	m.Text, m.Blocks = text, blocks
	m.Edits++
	s.show(m)
	return map[string]any{"channel": ch, "ts": ts, "text": text}, ""
}

func (s *Server) conversationsOpen(c *Call) (map[string]any, string) {
	users := c.Get("users")
	if users == "" || strings.Contains(users, ",") {
		return nil, "users_list_not_supplied"
	}
	if _, ok := s.users[users]; !ok {
		return nil, "user_not_found"
	}
	return map[string]any{"channel": map[string]any{"id": IMChannel(users), "is_im": true}}, ""
}

func (s *Server) usersInfo(c *Call) (map[string]any, string) {
	u, ok := s.users[c.Get("user")]
	if !ok {
		return nil, "user_not_found"
	}
	user := map[string]any{
		"id": u.ID, "team_id": s.cfg.TeamID, "name": u.Name, "real_name": u.RealName, "is_bot": u.Bot,
		"profile": map[string]any{"real_name": u.RealName, "display_name": u.Name},
	}
	if c.Get("include_locale") == "true" {
		user["locale"] = "en-US"
		if u.Locale != "" {
			user["locale"] = u.Locale
		}
	}
	return map[string]any{"user": user}, ""
}

func (s *Server) usergroupsUsersList(c *Call) (map[string]any, string) {
	members, ok := s.groups[c.Get("usergroup")]
	if !ok {
		return nil, "no_such_subteam"
	}
	return map[string]any{"users": append([]string{}, members...)}, ""
}
