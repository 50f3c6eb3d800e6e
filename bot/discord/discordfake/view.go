package discordfake

import (
	"regexp"
	"strings"
	"time"
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
	// Timestamp is when the message was posted, by the fake's clock
	// (Config.Now).
	Timestamp time.Time `json:"-"`
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
