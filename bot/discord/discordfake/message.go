package discordfake

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
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

// MessageView is a message as a Discord user would see it, decoded from what
// the bot sent.
type MessageView struct {
	ID              string           `json:"id,omitempty"`
	ChannelID       string           `json:"channel_id,omitempty"`
	Content         string           `json:"content"`
	Embeds          []Embed          `json:"embeds"`
	Components      []Component      `json:"components"`
	Flags           int              `json:"flags,omitempty"`
	AllowedMentions *AllowedMentions `json:"allowed_mentions,omitempty"`
	TTS             bool             `json:"tts,omitempty"`
	Author          *wireUser        `json:"author,omitempty"`
	// Edits counts the edits applied after the message was created.
	Edits int `json:"-"`
	// VisibleTo is the only user who sees an ephemeral message.
	VisibleTo string `json:"-"`
}

// An Embed is the part of a rich embed a user reads.
type Embed struct {
	Title       string       `json:"title,omitempty"`
	Description string       `json:"description,omitempty"`
	URL         string       `json:"url,omitempty"`
	Color       int          `json:"color,omitempty"`
	Fields      []EmbedField `json:"fields,omitempty"`
	Footer      *struct {
		Text string `json:"text"`
	} `json:"footer,omitempty"`
}

// An EmbedField is one name/value pair of an embed.
type EmbedField struct {
	Name   string `json:"name"`
	Value  string `json:"value"`
	Inline bool   `json:"inline,omitempty"`
}

// A Component is an action row, button, select menu or text input.
type Component struct {
	Type        int            `json:"type"`
	CustomID    string         `json:"custom_id,omitempty"`
	Label       string         `json:"label,omitempty"`
	Style       int            `json:"style,omitempty"`
	Disabled    bool           `json:"disabled,omitempty"`
	URL         string         `json:"url,omitempty"`
	Placeholder string         `json:"placeholder,omitempty"`
	Value       string         `json:"value,omitempty"`
	Required    *bool          `json:"required,omitempty"`
	MinLength   int            `json:"min_length,omitempty"`
	MaxLength   int            `json:"max_length,omitempty"`
	Options     []SelectOption `json:"options,omitempty"`
	Components  []Component    `json:"components,omitempty"`
}

// A SelectOption is one choice of a select menu.
type SelectOption struct {
	Label string `json:"label"`
	Value string `json:"value"`
}

// AllowedMentions is the allowed_mentions object of a message. A nil
// *AllowedMentions means the bot sent none, and Discord then pings whatever
// the text mentions.
type AllowedMentions struct {
	Parse       []string `json:"parse"`
	Users       []string `json:"users,omitempty"`
	Roles       []string `json:"roles,omitempty"`
	RepliedUser bool     `json:"replied_user,omitempty"`
}

// PingsNobody reports whether Discord would ping no one for this message:
// allowed_mentions present with no parse types, users or roles.
func (m MessageView) PingsNobody() bool {
	a := m.AllowedMentions
	return a != nil && len(a.Parse) == 0 && len(a.Users) == 0 && len(a.Roles) == 0 && !a.RepliedUser
}

// Pings lists the mentions Discord would fire for this message: "@everyone",
// "@here", "<@id>" and "<@&id>" found in the content and embeds, filtered by
// allowed_mentions (Discord parses every kind when allowed_mentions is
// absent).
func (m MessageView) Pings() []string {
	parse := map[string]bool{"everyone": true, "users": true, "roles": true}
	var users, roles map[string]bool
	if a := m.AllowedMentions; a != nil {
		parse = map[string]bool{}
		for _, p := range a.Parse {
			parse[p] = true
		}
		users, roles = set(a.Users), set(a.Roles)
	}
	var out []string
	text := m.Text()
	for _, b := range []string{"@everyone", "@here"} {
		if parse["everyone"] && strings.Contains(text, b) {
			out = append(out, b)
		}
	}
	for _, mt := range mentionRE.FindAllStringSubmatch(text, -1) {
		id := mt[2]
		switch mt[1] {
		case "&":
			if parse["roles"] || roles[id] {
				out = append(out, mt[0])
			}
		default:
			if parse["users"] || users[id] {
				out = append(out, mt[0])
			}
		}
	}
	return out
}

var mentionRE = regexp.MustCompile(`<@([!&]?)(\d+)>`)

func set(ids []string) map[string]bool {
	m := map[string]bool{}
	for _, id := range ids {
		m[id] = true
	}
	return m
}

// Ephemeral reports whether the message carries the ephemeral flag.
func (m MessageView) Ephemeral() bool { return m.Flags&FlagEphemeral != 0 }

// Text is everything a user reads in the message: content, then each embed's
// title, description, fields ("name: value") and footer, one per line.
func (m MessageView) Text() string {
	var parts []string
	if m.Content != "" {
		parts = append(parts, m.Content)
	}
	for _, e := range m.Embeds {
		for _, s := range []string{e.Title, e.Description} {
			if s != "" {
				parts = append(parts, s)
			}
		}
		for _, f := range e.Fields {
			parts = append(parts, f.Name+": "+f.Value)
		}
		if e.Footer != nil && e.Footer.Text != "" {
			parts = append(parts, e.Footer.Text)
		}
	}
	return strings.Join(parts, "\n")
}

// Display is Text as a Discord client shows it: markdown markers consumed
// (bold, italics, strikethrough, code, spoilers, headings, quotes), masked
// links shown as their text, backslash escapes resolved and zero-width
// spaces dropped. Tests compare what a user reads against it; a marker that
// survives here is one the user would see as a literal character.
func (m MessageView) Display() string { return display(m.Text()) }

func display(s string) string {
	var b strings.Builder
	lines := strings.Split(s, "\n")
	for i, line := range lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		for _, p := range []string{"### ", "## ", "# ", "-# ", ">>> ", "> "} {
			if strings.HasPrefix(line, p) {
				line = line[len(p):]
				break
			}
		}
		line = linkRE.ReplaceAllString(line, "$1$2")
		rs := []rune(line)
		for j := 0; j < len(rs); j++ {
			r := rs[j]
			switch {
			case r == '\\' && j+1 < len(rs) && isASCIIPunct(rs[j+1]):
				j++
				b.WriteRune(rs[j])
			case r == '\u200b':
			case r == '*' || r == '_' || r == '~' || r == '`' || r == '|':
			default:
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}

var linkRE = regexp.MustCompile(`(^|[^\\])\[([^\]\\]*)\]\(<?https?://[^)\s>]*>?\)`)

func isASCIIPunct(r rune) bool {
	return r < 128 && strings.ContainsRune("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", r)
}

// Buttons returns the message's buttons in reading order.
func (m MessageView) Buttons() []Component {
	var out []Component
	for _, row := range m.Components {
		for _, c := range row.Components {
			if c.Type == ComponentButton {
				out = append(out, c)
			}
		}
	}
	return out
}

// Button returns the button with the given label.
func (m MessageView) Button(label string) (Component, bool) {
	for _, b := range m.Buttons() {
		if b.Label == label {
			return b, true
		}
	}
	return Component{}, false
}

type wireUser struct {
	ID       string `json:"id"`
	Username string `json:"username"`
	Bot      bool   `json:"bot,omitempty"`
}

type channel struct {
	id       string
	dmUser   string // the user of a DM channel, "" for guild channels
	messages []*MessageView
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
	c := s.channelLocked(channelID)
	c.messages = append(c.messages, &m)
	return &m
}

// showLocked records what users now see of m, for NextShown.
func (s *Server) showLocked(m *MessageView) {
	s.shown = append(s.shown, *m)
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

func (s *Server) handleMessageCreate(w http.ResponseWriter, r *http.Request, c *Call) {
	var v MessageView
	if err := json.Unmarshal(c.Body, &v); err != nil {
		apiError(w, http.StatusBadRequest, 50109, "The request body contains invalid JSON.")
		return
	}
	if msg := validateMessage(v); msg != "" {
		apiError(w, http.StatusBadRequest, 50035, "Invalid Form Body: "+msg)
		return
	}
	s.mu.Lock()
	ch := c.Param("channel")
	m := s.postLocked(ch, v)
	s.showLocked(m)
	out := *m
	dm := s.isDMLocked(ch)
	s.notifyLocked()
	s.mu.Unlock()
	s.echo(out, dm)
	writeJSON(w, http.StatusOK, messageJSON(out, s.cfg.GuildID, dm))
}

func (s *Server) handleMessageEdit(w http.ResponseWriter, r *http.Request, c *Call) {
	var v MessageView
	if err := json.Unmarshal(c.Body, &v); err != nil {
		apiError(w, http.StatusBadRequest, 50109, "The request body contains invalid JSON.")
		return
	}
	if msg := validateMessage(v); msg != "" {
		apiError(w, http.StatusBadRequest, 50035, "Invalid Form Body: "+msg)
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

// validateMessage applies the limits Discord enforces on a message body and
// returns what is wrong, or "".
func validateMessage(v MessageView) string {
	if n := len([]rune(v.Content)); n > 2000 {
		return "content: Must be 2000 or fewer in length."
	}
	if len(v.Embeds) > 10 {
		return "embeds: Must be 10 or fewer in length."
	}
	total := 0
	for _, e := range v.Embeds {
		if len([]rune(e.Description)) > 4096 {
			return "embeds.description: Must be 4096 or fewer in length."
		}
		if len([]rune(e.Title)) > 256 {
			return "embeds.title: Must be 256 or fewer in length."
		}
		if len(e.Fields) > 25 {
			return "embeds.fields: Must be 25 or fewer in length."
		}
		total += len([]rune(e.Title)) + len([]rune(e.Description))
		for _, f := range e.Fields {
			if len([]rune(f.Name)) > 256 || len([]rune(f.Value)) > 1024 {
				return "embeds.fields: name ≤256, value ≤1024."
			}
			total += len([]rune(f.Name)) + len([]rune(f.Value))
		}
	}
	if total > 6000 {
		return "embeds: Embed size exceeds maximum size of 6000"
	}
	if msg := validateRows(v.Components, ComponentButton); msg != "" {
		return msg
	}
	return ""
}

// validateRows checks action rows the way Discord does: at most 5 rows, at
// most 5 buttons (or one select/text input) a row, custom ids of at most 100
// characters and unique within the message.
func validateRows(rows []Component, want int) string {
	if len(rows) > 5 {
		return "components: Must be 5 or fewer in length."
	}
	seen := map[string]bool{}
	for _, row := range rows {
		if row.Type != ComponentActionRow {
			return "components: top-level components must be action rows"
		}
		if len(row.Components) == 0 || len(row.Components) > 5 {
			return "components.components: Must be between 1 and 5 in length."
		}
		for _, c := range row.Components {
			if c.Type != ComponentButton && len(row.Components) > 1 {
				return "components.components: a select menu or text input fills its row"
			}
			if want == ComponentTextInput && c.Type != ComponentTextInput {
				return "components: modals hold text inputs only"
			}
			if c.URL == "" {
				if c.CustomID == "" {
					return "components.custom_id: This field is required"
				}
				if len(c.CustomID) > 100 {
					return "components.custom_id: Must be 100 or fewer in length."
				}
				if seen[c.CustomID] {
					return "components.custom_id: Component custom id cannot be duplicated"
				}
				seen[c.CustomID] = true
			}
			if c.Type == ComponentButton && (c.Label == "" || len([]rune(c.Label)) > 80) {
				return "components.label: Must be between 1 and 80 in length."
			}
		}
	}
	return ""
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
		"timestamp":  time.Now().UTC().Format(time.RFC3339Nano),
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
