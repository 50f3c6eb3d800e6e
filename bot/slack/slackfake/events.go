package slackfake

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// The methods in this file play a member's side: each builds the payload
// Slack would send and delivers it to the app.

// eventCallback wraps an inner event as Slack's Events API does.
func (s *Server) eventCallback(event map[string]any) (map[string]any, string) {
	s.mu.Lock()
	id := s.nextID("Ev")
	s.mu.Unlock()
	return map[string]any{
		"token": "verification-token", "team_id": s.cfg.TeamID, "api_app_id": s.cfg.AppID,
		"event": event, "type": "event_callback", "event_id": id, "event_time": time.Now().Unix(),
		"authorizations":        []any{map[string]any{"team_id": s.cfg.TeamID, "user_id": s.cfg.BotUserID, "is_bot": true}},
		"is_ext_shared_channel": false,
	}, id
}

func (s *Server) knowUser(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.users[id]; !ok {
		s.users[id] = User{ID: id, Name: strings.ToLower(id)}
	}
}

// userMessage records a member's message, so replies may thread on it and
// the channel's history shows it.
func (s *Server) userMessage(channel, user, text, threadTS string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	ts := s.nextTS()
	s.userMsgs = append(s.userMsgs, memberMessage{Channel: channel, TS: ts, ThreadTS: threadTS, User: user, Text: text})
	return ts
}

func (s *Server) isUserMessage(channel, ts string) bool {
	for _, m := range s.userMsgs {
		if m.Channel == channel && m.TS == ts {
			return true
		}
	}
	return false
}

func (s *Server) deliverEvent(ctx context.Context, event map[string]any, ts string) (*Envelope, error) {
	payload, id := s.eventCallback(event)
	e, err := s.deliver(ctx, "events_api", payload, 0)
	if err != nil {
		return nil, err
	}
	e.EventID, e.MessageTS = id, ts
	return e, nil
}

// DM sends a direct message from user to the bot (message.im), with files
// shared in it if any (subtype file_share).
func (s *Server) DM(ctx context.Context, user, text string, files ...File) (*Envelope, error) {
	s.knowUser(user)
	ch := IMChannel(user)
	ts := s.userMessage(ch, user, text, "")
	ev := map[string]any{
		"type": "message", "channel": ch, "user": user, "text": text, "ts": ts, "event_ts": ts,
		"channel_type": "im", "team": s.cfg.TeamID, "client_msg_id": "msg-" + ts,
	}
	if len(files) > 0 {
		var fs []any
		for _, f := range files {
			f = s.AddFile(f)
			s.mu.Lock()
			fs = append(fs, s.fileJSON(s.files[f.ID]))
			s.mu.Unlock()
		}
		ev["subtype"], ev["files"], ev["upload"] = "file_share", fs, true
	}
	return s.deliverEvent(ctx, ev, ts)
}

// Mention sends an app_mention: user writes "@bot text" in channel, in the
// thread threadTS when not empty.
func (s *Server) Mention(ctx context.Context, channel, user, text, threadTS string) (*Envelope, error) {
	s.knowUser(user)
	ts := s.userMessage(channel, user, "<@"+s.cfg.BotUserID+"> "+text, threadTS)
	ev := map[string]any{
		"type": "app_mention", "channel": channel, "user": user, "ts": ts, "event_ts": ts,
		"text": "<@" + s.cfg.BotUserID + "> " + text, "team": s.cfg.TeamID,
	}
	if threadTS != "" {
		ev["thread_ts"] = threadTS
	}
	return s.deliverEvent(ctx, ev, ts)
}

// Event delivers an arbitrary inner event (for shapes the helpers above do
// not cover, such as bot messages or edits).
func (s *Server) Event(ctx context.Context, event map[string]any) (*Envelope, error) {
	ts, _ := event["ts"].(string)
	return s.deliverEvent(ctx, event, ts)
}

// Slash runs the slash command (e.g. "/ipdesk") with text, typed by user in
// channel. Its response_url and trigger_id are live.
func (s *Server) Slash(ctx context.Context, channel, user, command, text string) (*Envelope, error) {
	s.knowUser(user)
	s.mu.Lock()
	trig := s.issueTrigger(user)
	resp := s.issueResponseURL(channel, user)
	u := s.users[user]
	s.mu.Unlock()
	payload := map[string]string{
		"token": "verification-token", "team_id": s.cfg.TeamID, "team_domain": "fake",
		"channel_id": channel, "channel_name": channelName(channel), "user_id": user, "user_name": u.Name,
		"command": command, "text": text, "api_app_id": s.cfg.AppID, "is_enterprise_install": "false",
		"response_url": resp, "trigger_id": trig,
	}
	return s.deliver(ctx, "slash_commands", payload, 0)
}

func channelName(id string) string {
	if strings.HasPrefix(id, "D") {
		return "directmessage"
	}
	return strings.ToLower(id)
}

func (s *Server) userJSON(id string) map[string]any {
	u := s.users[id]
	return map[string]any{"id": id, "username": u.Name, "name": u.Name, "team_id": s.cfg.TeamID}
}

// Click presses the button labelled label on msg as user (block_actions).
// The button must be on the message as it is now: a test clicks only what a
// member can see.
func (s *Server) Click(ctx context.Context, user string, msg *Message, label string) (*Envelope, error) {
	s.knowUser(user)
	s.mu.Lock()
	cur := s.findMessage(msg.Channel, msg.TS)
	if cur == nil {
		s.mu.Unlock()
		return nil, fmt.Errorf("click %q: no message %s in %s", label, msg.TS, msg.Channel)
	}
	if cur.Ephemeral && cur.User != user {
		s.mu.Unlock()
		return nil, fmt.Errorf("click %q: %s cannot see that ephemeral message", label, user)
	}
	var btn *Button
	for _, b := range cur.Buttons() {
		if b.Label == label {
			btn = &b
			break
		}
	}
	if btn == nil {
		s.mu.Unlock()
		return nil, fmt.Errorf("click %q: no such button on the message (it shows %q)", label, cur.Visible())
	}
	var blocks any
	json.Unmarshal(cur.Blocks, &blocks)
	actionTS := s.nextTS()
	payload := map[string]any{
		"type": "block_actions", "user": s.userJSON(user), "api_app_id": s.cfg.AppID, "token": "verification-token",
		"container": map[string]any{
			"type": "message", "message_ts": cur.TS, "channel_id": cur.Channel, "is_ephemeral": cur.Ephemeral,
			"thread_ts": cur.ThreadTS,
		},
		"trigger_id": s.issueTrigger(user),
		"team":       map[string]any{"id": s.cfg.TeamID, "domain": "fake"},
		"channel":    map[string]any{"id": cur.Channel, "name": channelName(cur.Channel)},
		"message": map[string]any{
			"type": "message", "user": s.cfg.BotUserID, "ts": cur.TS, "thread_ts": cur.ThreadTS, "text": cur.Text, "blocks": blocks,
		},
		"response_url": s.issueResponseURL(cur.Channel, user),
		"actions": []any{map[string]any{
			"action_id": btn.ActionID, "block_id": btn.BlockID, "value": btn.Value, "type": "button",
			"text": map[string]any{"type": "plain_text", "text": btn.Label, "emoji": true}, "style": btn.Style,
			"action_ts": actionTS,
		}},
		"state": map[string]any{"values": map[string]any{}},
	}
	if cur.Ephemeral {
		delete(payload, "message")
	}
	s.mu.Unlock()
	return s.deliver(ctx, "interactive", payload, 0)
}

// Submit submits modal v as user with values keyed by input block_id or
// action_id (a select takes an option value). Inputs left out are sent
// empty, as Slack sends an untouched optional input.
func (s *Server) Submit(ctx context.Context, user string, v *View, values map[string]string) (*Envelope, error) {
	s.knowUser(user)
	state := map[string]any{}
	used := map[string]bool{}
	for _, in := range v.Inputs() {
		val, ok := values[in.BlockID]
		if ok {
			used[in.BlockID] = true
		} else if val, ok = values[in.ActionID]; ok {
			used[in.ActionID] = true
		}
		var el map[string]any
		switch in.Type {
		case "static_select":
			el = map[string]any{"type": in.Type, "selected_option": nil}
			if ok && val != "" {
				el["selected_option"] = map[string]any{"text": map[string]any{"type": "plain_text", "text": val}, "value": val}
			}
		default:
			el = map[string]any{"type": in.Type, "value": nil}
			if ok {
				el["value"] = val
			}
		}
		state[in.BlockID] = map[string]any{in.ActionID: el}
	}
	for k := range values {
		if !used[k] {
			return nil, fmt.Errorf("submit: the modal has no input %q", k)
		}
	}
	var blocks any
	json.Unmarshal(v.Blocks, &blocks)
	s.mu.Lock()
	payload := map[string]any{
		"type": "view_submission", "team": map[string]any{"id": s.cfg.TeamID, "domain": "fake"},
		"user": s.userJSON(user), "api_app_id": s.cfg.AppID, "token": "verification-token",
		"trigger_id": s.issueTrigger(user),
		"view": map[string]any{
			"id": v.ID, "team_id": s.cfg.TeamID, "type": "modal", "blocks": blocks,
			"private_metadata": v.PrivateMetadata, "callback_id": v.CallbackID,
			"state": map[string]any{"values": state}, "hash": v.Hash,
			"title": map[string]any{"type": "plain_text", "text": v.Title},
		},
		"response_urls": []any{}, "is_enterprise_install": false,
	}
	s.mu.Unlock()
	return s.deliver(ctx, "interactive", payload, 0)
}

type responseURL struct {
	channel, user string
	uses          int
}

func (s *Server) issueResponseURL(channel, user string) string {
	id := s.nextID("r")
	s.responses[id] = &responseURL{channel: channel, user: user}
	return s.http.URL + "/response/" + id
}

// serveResponseURL accepts messages posted to a response_url (at most five
// per interaction, as on Slack), recorded as calls of method "response_url".
func (s *Server) serveResponseURL(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimPrefix(r.URL.Path, "/response/")
	body, _ := io.ReadAll(r.Body)
	call := Call{Method: "response_url", At: time.Now()}
	if err := json.Unmarshal(body, &call.JSON); err != nil {
		s.finish(w, call, http.StatusBadRequest, "invalid_payload", nil)
		return
	}
	s.mu.Lock()
	ru, ok := s.responses[id]
	if ok {
		ru.uses++
	}
	s.mu.Unlock()
	if !ok {
		s.finish(w, call, http.StatusNotFound, "no_service", nil)
		return
	}
	if ru.uses > 5 {
		s.finish(w, call, http.StatusOK, "used_url", nil)
		return
	}
	s.mu.Lock()
	text, blocks, code := messageParams(&call)
	if code == "" {
		m := &Message{Channel: ru.channel, TS: s.nextTS(), ThreadTS: call.Get("thread_ts"), Text: text, Blocks: blocks}
		if call.Get("response_type") != "in_channel" {
			m.Ephemeral, m.User = true, ru.user
		}
		s.messages = append(s.messages, m)
		s.show(m)
	}
	s.mu.Unlock()
	s.finish(w, call, http.StatusOK, code, nil)
}
