package slackfake

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Message is a message the bot posted, as the workspace now holds it (after
// any chat.update).
type Message struct {
	Channel   string
	TS        string
	ThreadTS  string          // parent's ts for a reply in a thread
	Text      string          // the fallback text (notifications, screen readers)
	Blocks    json.RawMessage // Block Kit blocks as posted, nil for none
	Ephemeral bool            // chat.postEphemeral: only User sees it
	User      string          // the one viewer of an ephemeral message
	Edits     int             // how many times chat.update changed it
}

// block is the part of a Block Kit block the fake reads.
type block struct {
	Type     string       `json:"type"`
	BlockID  string       `json:"block_id,omitempty"`
	Text     *textObject  `json:"text,omitempty"`
	Fields   []textObject `json:"fields,omitempty"`
	Elements []blockElem  `json:"elements,omitempty"`
	Label    *textObject  `json:"label,omitempty"`
	Element  *blockElem   `json:"element,omitempty"`
	Optional bool         `json:"optional,omitempty"`
}

type textObject struct {
	Type  string `json:"type"`
	Text  string `json:"text"`
	Emoji *bool  `json:"emoji,omitempty"`
}

type blockElem struct {
	Type        string      `json:"type"`
	Text        *textObject `json:"text,omitempty"` // button label; mrkdwn/plain_text in context blocks carry text directly
	ActionID    string      `json:"action_id,omitempty"`
	Value       string      `json:"value,omitempty"`
	Style       string      `json:"style,omitempty"`
	Options     []option    `json:"options,omitempty"`
	Multiline   bool        `json:"multiline,omitempty"`
	MaxLength   int         `json:"max_length,omitempty"`
	InitialText string      `json:"initial_value,omitempty"`
}

type option struct {
	Text  textObject `json:"text"`
	Value string     `json:"value"`
}

// UnmarshalJSON reads both element shapes: a context block's text element
// ({"type":"mrkdwn","text":"..."}) and interactive elements whose text is an
// object.
func (e *blockElem) UnmarshalJSON(b []byte) error {
	var raw struct {
		Type        string          `json:"type"`
		Text        json.RawMessage `json:"text"`
		ActionID    string          `json:"action_id"`
		Value       string          `json:"value"`
		Style       string          `json:"style"`
		Options     []option        `json:"options"`
		Multiline   bool            `json:"multiline"`
		MaxLength   int             `json:"max_length"`
		InitialText string          `json:"initial_value"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	*e = blockElem{Type: raw.Type, ActionID: raw.ActionID, Value: raw.Value, Style: raw.Style,
		Options: raw.Options, Multiline: raw.Multiline, MaxLength: raw.MaxLength, InitialText: raw.InitialText}
	if len(raw.Text) == 0 {
		return nil
	}
	var s string
	if json.Unmarshal(raw.Text, &s) == nil {
		e.Text = &textObject{Type: raw.Type, Text: s}
		return nil
	}
	var t textObject
	if err := json.Unmarshal(raw.Text, &t); err != nil {
		return err
	}
	e.Text = &t
	return nil
}

func parseBlocks(raw json.RawMessage) ([]block, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var bs []block
	if err := json.Unmarshal(raw, &bs); err != nil {
		return nil, err
	}
	return bs, nil
}

// validateBlocks applies the Block Kit limits Slack enforces on messages, so
// a bot that overflows them fails here as it would on Slack.
func validateBlocks(bs []block) error {
	if len(bs) > 50 {
		return fmt.Errorf("%d blocks, at most 50", len(bs))
	}
	for i, b := range bs {
		switch b.Type {
		case "section":
			if b.Text == nil && len(b.Fields) == 0 {
				return fmt.Errorf("block %d: section without text or fields", i)
			}
			if b.Text != nil && (utf8.RuneCountInString(b.Text.Text) > 3000 || b.Text.Text == "") {
				return fmt.Errorf("block %d: section text must be 1 to 3000 characters", i)
			}
			if len(b.Fields) > 10 {
				return fmt.Errorf("block %d: %d fields, at most 10", i, len(b.Fields))
			}
			for _, f := range b.Fields {
				if utf8.RuneCountInString(f.Text) > 2000 || f.Text == "" {
					return fmt.Errorf("block %d: field must be 1 to 2000 characters", i)
				}
			}
		case "context":
			if len(b.Elements) == 0 || len(b.Elements) > 10 {
				return fmt.Errorf("block %d: context needs 1 to 10 elements", i)
			}
		case "actions":
			if len(b.Elements) == 0 || len(b.Elements) > 25 {
				return fmt.Errorf("block %d: actions needs 1 to 25 elements", i)
			}
			ids := map[string]bool{}
			for _, e := range b.Elements {
				if e.ActionID != "" {
					if ids[e.ActionID] {
						return fmt.Errorf("block %d: action_id %q repeated in one block", i, e.ActionID)
					}
					ids[e.ActionID] = true
				}
				if e.Type == "button" {
					if e.Text == nil || e.Text.Type != "plain_text" || e.Text.Text == "" || utf8.RuneCountInString(e.Text.Text) > 75 {
						return fmt.Errorf("block %d: button text must be plain_text of 1 to 75 characters", i)
					}
					if len(e.ActionID) > 255 || len(e.Value) > 2000 {
						return fmt.Errorf("block %d: button action_id or value too long", i)
					}
					if e.Style != "" && e.Style != "primary" && e.Style != "danger" {
						return fmt.Errorf("block %d: button style %q", i, e.Style)
					}
				}
			}
		case "header":
			if b.Text == nil || b.Text.Type != "plain_text" || utf8.RuneCountInString(b.Text.Text) > 150 {
				return fmt.Errorf("block %d: header needs plain_text of at most 150 characters", i)
			}
		case "divider", "input", "image", "rich_text", "markdown":
		default:
			return fmt.Errorf("block %d: unknown type %q", i, b.Type)
		}
	}
	return nil
}

// Visible returns the message as a member would read it in the Slack client:
// blocks when present (otherwise the fallback text), mentions shown as
// "@name", links as their labels, entities decoded, buttons as "[Label]".
func (m *Message) Visible() string {
	bs, _ := parseBlocks(m.Blocks)
	if len(bs) == 0 {
		return renderMrkdwn(m.Text)
	}
	var lines []string
	for _, b := range bs {
		switch b.Type {
		case "section", "header":
			if b.Text != nil {
				lines = append(lines, renderText(*b.Text))
			}
			for _, f := range b.Fields {
				lines = append(lines, renderText(f))
			}
		case "context":
			var parts []string
			for _, e := range b.Elements {
				if e.Text != nil {
					parts = append(parts, renderText(*e.Text))
				}
			}
			lines = append(lines, strings.Join(parts, " "))
		case "actions":
			var parts []string
			for _, e := range b.Elements {
				if e.Text != nil {
					parts = append(parts, "["+e.Text.Text+"]")
				}
			}
			lines = append(lines, strings.Join(parts, " "))
		case "divider":
			lines = append(lines, "---")
		}
	}
	return strings.Join(lines, "\n")
}

// Buttons returns the buttons on the message: label → action id.
func (m *Message) Buttons() []Button {
	bs, _ := parseBlocks(m.Blocks)
	var out []Button
	for _, b := range bs {
		if b.Type != "actions" {
			continue
		}
		for _, e := range b.Elements {
			if e.Type == "button" && e.Text != nil {
				out = append(out, Button{Label: e.Text.Text, ActionID: e.ActionID, Value: e.Value, Style: e.Style, BlockID: b.BlockID})
			}
		}
	}
	return out
}

// Button is a button as posted in an actions block.
type Button struct {
	Label, ActionID, Value, Style, BlockID string
}

// Pings returns the mentions in the message that would notify someone:
// "@channel", "@here", "@everyone", user ids and user-group ids. A message
// that quotes hostile user text correctly returns none for that text.
func (m *Message) Pings() []string {
	var out []string
	texts := []string{m.Text}
	bs, _ := parseBlocks(m.Blocks)
	for _, b := range bs {
		if b.Text != nil && b.Text.Type == "mrkdwn" {
			texts = append(texts, b.Text.Text)
		}
		for _, f := range b.Fields {
			if f.Type == "mrkdwn" {
				texts = append(texts, f.Text)
			}
		}
		for _, e := range b.Elements {
			if e.Text != nil && e.Type == "mrkdwn" {
				texts = append(texts, e.Text.Text)
			}
		}
	}
	for _, t := range texts {
		for _, m := range controlSeq.FindAllStringSubmatch(t, -1) {
			inner := m[1]
			switch {
			case strings.HasPrefix(inner, "!channel"), strings.HasPrefix(inner, "!here"), strings.HasPrefix(inner, "!everyone"):
				out = append(out, "@"+strings.SplitN(inner[1:], "|", 2)[0])
			case strings.HasPrefix(inner, "!subteam^"):
				out = append(out, strings.SplitN(inner[1:], "|", 2)[0])
			case strings.HasPrefix(inner, "@"):
				out = append(out, strings.SplitN(inner, "|", 2)[0])
			}
		}
	}
	return out
}

var controlSeq = regexp.MustCompile(`<([^<>]*)>`)

func renderText(t textObject) string {
	if t.Type == "plain_text" {
		return t.Text
	}
	return renderMrkdwn(t.Text)
}

// renderMrkdwn turns mrkdwn control sequences into what the client shows and
// decodes the three entities Slack requires senders to escape.
func renderMrkdwn(s string) string {
	s = controlSeq.ReplaceAllStringFunc(s, func(seq string) string {
		inner := seq[1 : len(seq)-1]
		label := ""
		if i := strings.Index(inner, "|"); i >= 0 {
			inner, label = inner[:i], inner[i+1:]
		}
		switch {
		case strings.HasPrefix(inner, "@"):
			if label != "" {
				return "@" + label
			}
			return inner
		case strings.HasPrefix(inner, "#"):
			if label != "" {
				return "#" + label
			}
			return inner
		case strings.HasPrefix(inner, "!subteam^"):
			if label != "" {
				return label
			}
			return "@" + inner[len("!subteam^"):]
		case strings.HasPrefix(inner, "!"):
			if label != "" {
				return label
			}
			return "@" + inner[1:]
		default:
			if label != "" {
				return label
			}
			return inner
		}
	})
	r := strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")
	return r.Replace(s)
}

// Messages returns the messages in a channel (thread replies and ephemeral
// messages included) in the order posted.
func (s *Server) Messages(channel string) []*Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*Message
	for _, m := range s.messages {
		if m.Channel == channel {
			c := *m
			out = append(out, &c)
		}
	}
	return out
}

// Message returns the current state of the message at channel/ts, or nil.
func (s *Server) Message(channel, ts string) *Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	if m := s.findMessage(channel, ts); m != nil {
		c := *m
		return &c
	}
	return nil
}

func (s *Server) findMessage(channel, ts string) *Message {
	for _, m := range s.messages {
		if m.Channel == channel && m.TS == ts {
			return m
		}
	}
	return nil
}

// show records a snapshot of m in the order members saw things appear.
func (s *Server) show(m *Message) {
	c := *m
	s.shown = append(s.shown, &c)
	for _, f := range s.watchers {
		f(c)
	}
}

// Watch calls f with a snapshot of every message as it appears or changes,
// in the order members see them, until stop is called. f runs while the
// fake holds its lock, so it must not call the Server and should return at
// once (hand the message to a buffered channel, say). Load tests use it to
// wait for thousands of replies at once, which NextShown and WaitMessage,
// scanning everything shown so far, would make quadratic.
func (s *Server) Watch(f func(Message)) (stop func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.watchers == nil {
		s.watchers = map[int]func(Message){}
	}
	s.seq++
	id := s.seq
	s.watchers[id] = f
	return func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		delete(s.watchers, id)
	}
}

// NextShown waits for the next message that appeared or changed (posted,
// posted ephemerally, updated, or sent to a response_url) after the one the
// previous NextShown returned, and returns it as it looked then.
func (s *Server) NextShown(ctx context.Context) (*Message, error) {
	var out *Message
	err := s.waitFor(ctx, func() bool {
		if s.shownRead < len(s.shown) {
			out = s.shown[s.shownRead]
			s.shownRead++
			return true
		}
		return false
	})
	if err != nil {
		return nil, fmt.Errorf("waiting for a message: %w", err)
	}
	c := *out
	return &c, nil
}

// WaitMessage waits until channel holds a message (posted or updated) for
// which match returns true, and returns it.
func (s *Server) WaitMessage(ctx context.Context, channel string, match func(*Message) bool) (*Message, error) {
	var out *Message
	err := s.waitFor(ctx, func() bool {
		for _, m := range s.messages {
			if m.Channel == channel && match(m) {
				c := *m
				out = &c
				return true
			}
		}
		return false
	})
	if err != nil {
		return nil, fmt.Errorf("waiting for a message in %s: %w", channel, err)
	}
	return out, nil
}
