package discordfake

import (
	"fmt"
	"maps"
	"net/url"
	"strconv"
	"strings"
)

// A File is an attachment a test user sends.
type File struct {
	Name        string
	ContentType string
	Data        []byte
}

// Mention returns the text a user types to mention the bot.
func (s *Server) Mention() string { return "<@" + s.cfg.BotID + ">" }

// AddMember makes a user a member of the guild with the given roles, so that
// guild member look-ups find them.
func (s *Server) AddMember(u User) {
	s.mu.Lock()
	s.members[u.ID] = u
	s.mu.Unlock()
}

func (u User) name() string {
	if u.Name != "" {
		return u.Name
	}
	return u.ID
}

func (u User) locale() string {
	if u.Locale != "" {
		return u.Locale
	}
	return "en-US"
}

func (u User) wire() wireUser { return wireUser{ID: u.ID, Username: u.name()} }

func memberJSON(u User) map[string]any {
	return map[string]any{
		"user":        u.wire(),
		"roles":       nonNil(u.Roles),
		"joined_at":   "2024-01-01T00:00:00.000000+00:00",
		"permissions": "0",
		"deaf":        false,
		"mute":        false,
	}
}

// SendDM has a user send the bot a direct message and returns its id. Discord
// delivers it only to a bot that asked for the DIRECT_MESSAGES intent.
func (s *Server) SendDM(u User, text string, files ...File) string {
	s.t.Helper()
	return s.sendMessage(u, s.DMChannel(u.ID), true, text, files)
}

// SendMessage has a user post in a guild channel and returns the message id.
// The text may mention the bot (see Mention). Discord delivers it only to a
// bot with the GUILD_MESSAGES intent, and strips the content unless the bot
// has MESSAGE_CONTENT or is mentioned.
func (s *Server) SendMessage(u User, channelID, text string, files ...File) string {
	s.t.Helper()
	return s.sendMessage(u, channelID, false, text, files)
}

func (s *Server) sendMessage(u User, channelID string, dm bool, text string, files []File) string {
	s.t.Helper()
	id := s.newID()
	var atts []map[string]any
	s.mu.Lock()
	if !dm {
		s.members[u.ID] = u
	}
	for _, f := range files {
		fid := s.newID()
		s.files[fid] = attachment{name: f.Name, contentType: f.ContentType, data: f.Data}
		// The name is escaped in the URL, as on Discord's CDN, so that any
		// name a user gives a file can be fetched.
		link := fmt.Sprintf("%s/attachments/%s/%s/%s", s.URL, channelID, fid, url.PathEscape(f.Name))
		atts = append(atts, map[string]any{
			"id": fid, "filename": f.Name, "size": len(f.Data), "content_type": f.ContentType,
			"url": link, "proxy_url": link,
		})
	}
	mentionsBot := strings.Contains(text, "<@"+s.cfg.BotID+">") || strings.Contains(text, "<@!"+s.cfg.BotID+">")
	msg := map[string]any{
		"id": id, "channel_id": channelID, "type": 0, "author": u.wire(),
		"timestamp": wireTime(s.now()),
		"content":   text, "attachments": nonNil(atts), "embeds": []any{}, "components": []any{},
		"mentions": []wireUser{}, "mention_roles": []string{}, "tts": false, "mention_everyone": false,
	}
	if mentionsBot {
		msg["mentions"] = []wireUser{{ID: s.cfg.BotID, Username: s.cfg.BotName, Bot: true}}
	}
	if !dm {
		msg["guild_id"] = s.cfg.GuildID
	}
	// The message stays in the channel, whether or not a bot hears of it,
	// for the bot to read back in the channel's history.
	c := s.channelLocked(channelID)
	c.users = append(c.users, &userMessage{id: id, msg: msg, dm: dm, mentionsBot: mentionsBot})
	s.mu.Unlock()
	n := s.dispatch("MESSAGE_CREATE", func(intents int) (any, bool) {
		if dm && intents&IntentDirectMessages == 0 || !dm && intents&IntentGuildMessages == 0 {
			return nil, false
		}
		m := maps.Clone(msg)
		if !dm {
			member := memberJSON(u)
			delete(member, "user")
			m["member"] = member
			if intents&IntentMessageContent == 0 && !mentionsBot {
				m["content"], m["attachments"] = "", []any{}
			}
		}
		return m, true
	})
	if n == 0 && !s.hasSession() {
		s.fatalf("message from %s: no bot has connected to the gateway", u.ID)
	}
	return id
}

func (s *Server) hasSession() bool {
	s.gw.mu.Lock()
	defer s.gw.mu.Unlock()
	return len(s.gw.sessions) > 0
}

// echo dispatches the bot's own new message back to it, as Discord does.
func (s *Server) echo(m MessageView, dm bool) {
	s.dispatch("MESSAGE_CREATE", func(intents int) (any, bool) {
		if dm && intents&IntentDirectMessages == 0 || !dm && intents&IntentGuildMessages == 0 {
			return nil, false
		}
		return messageJSON(m, s.cfg.GuildID, dm), true
	})
}

// startInteraction registers and dispatches an interaction.
func (s *Server) startInteraction(u User, typ int, channelID, source string, data any) *Interaction {
	s.t.Helper()
	s.mu.Lock()
	ix := &interaction{
		Interaction: Interaction{ID: s.newID(), Token: "itoken-" + s.newID(), Type: typ, ChannelID: channelID},
		user:        u,
		source:      source,
		dispatched:  s.cfg.Now(),
	}
	s.ixs[ix.ID] = ix
	dm := s.isDMLocked(channelID)
	if !dm {
		s.members[u.ID] = u
	}
	p := map[string]any{
		"id": ix.ID, "application_id": s.cfg.AppID, "type": typ, "token": ix.Token, "version": 1,
		"channel_id": channelID, "data": data, "locale": u.locale(), "app_permissions": "0",
	}
	if dm {
		p["user"] = u.wire()
		p["context"] = 1
	} else {
		p["guild_id"] = s.cfg.GuildID
		p["member"] = memberJSON(u)
		p["context"] = 0
	}
	if source != "" {
		if m := s.messageLocked(channelID, source); m != nil {
			p["message"] = messageJSON(*m, s.cfg.GuildID, dm)
			ix.baseEdits = m.Edits
		}
	}
	ix.payload = p
	s.mu.Unlock()
	if s.dispatch("INTERACTION_CREATE", func(int) (any, bool) { return p, true }) == 0 {
		s.fatalf("interaction from %s: no bot has connected to the gateway", u.ID)
	}
	out := ix.Interaction
	return &out
}

// Redeliver dispatches an interaction again, the same id, token and data,
// as Discord does when a resumed session replays the events since the
// client's last acknowledged sequence number: a bot can receive an
// interaction again while it is still handling the first delivery. The
// interaction keeps its one initial response and its deadlines.
func (s *Server) Redeliver(ix *Interaction) {
	s.t.Helper()
	s.mu.Lock()
	in := s.ixs[ix.ID]
	var p map[string]any
	if in != nil {
		p = in.payload
	}
	s.mu.Unlock()
	if p == nil {
		s.fatalf("redeliver: no interaction %s", ix.ID)
	}
	if s.dispatch("INTERACTION_CREATE", func(int) (any, bool) { return p, true }) == 0 {
		s.fatalf("redeliver %s: no bot has connected to the gateway", ix.ID)
	}
}

// Slash has a user run a slash command in a channel (a guild channel, or the
// user's DM channel from DMChannel). The command must be registered where
// the user runs it — guild commands in the guild, global ones anywhere — and
// options are checked and typed against the registration, as Discord's
// client does. Option values may be given as strings. A subcommand follows
// the command's name after a space, as users type it: "kb gaps"; a command
// with subcommands cannot be run without one.
func (s *Server) Slash(u User, channelID, name string, opts map[string]any) *Interaction {
	s.t.Helper()
	path := strings.Fields(name)
	if len(path) == 0 {
		s.fatalf("Slash: empty command name")
	}
	s.mu.Lock()
	dm := s.isDMLocked(channelID)
	var cmd *Command
	scopes := []string{""}
	if !dm {
		scopes = []string{s.cfg.GuildID, ""}
	}
	for _, scope := range scopes {
		for i := range s.commands[scope] {
			// Discord's client shows a command by its name in the user's
			// language, and the interaction carries its own name.
			if c := s.commands[scope][i]; c.Name == path[0] || c.NameLocalizations[u.locale()] == path[0] {
				cmd = &s.commands[scope][i]
				break
			}
		}
		if cmd != nil {
			break
		}
	}
	s.mu.Unlock()
	if cmd == nil {
		where := "the guild"
		if dm {
			where = "DMs (only global commands appear there)"
		}
		s.fatalf("/%s is not registered for %s", path[0], where)
	}
	options, err := slashOptions(cmd.Options, path[1:], opts)
	if err != nil {
		s.fatalf("/%s: %v", name, err)
	}
	data := map[string]any{"id": s.newID(), "name": cmd.Name, "type": 1, "options": nonNil(options)}
	return s.startInteraction(u, InteractionCommand, channelID, "", data)
}

// slashOptions builds the options of an interaction from what the user gave:
// down the subcommands in path, then the values in opts, checked against
// the registered options.
func slashOptions(registered []CommandOption, path []string, opts map[string]any) ([]map[string]any, error) {
	hasSubs := false
	for _, o := range registered {
		hasSubs = hasSubs || o.Type == OptionSubCommand || o.Type == OptionSubCommandGroup
	}
	if hasSubs {
		if len(path) == 0 {
			var names []string
			for _, o := range registered {
				names = append(names, o.Name)
			}
			return nil, fmt.Errorf("choose a subcommand: %s", strings.Join(names, ", "))
		}
		for _, o := range registered {
			if o.Name == path[0] && (o.Type == OptionSubCommand || o.Type == OptionSubCommandGroup) {
				inner, err := slashOptions(o.Options, path[1:], opts)
				if err != nil {
					return nil, err
				}
				return []map[string]any{{"name": o.Name, "type": o.Type, "options": nonNil(inner)}}, nil
			}
		}
		return nil, fmt.Errorf("no subcommand %q", path[0])
	}
	if len(path) > 0 {
		return nil, fmt.Errorf("no subcommand %q", path[0])
	}
	var options []map[string]any
	for _, o := range registered {
		v, ok := opts[o.Name]
		if !ok {
			if o.Required {
				return nil, fmt.Errorf("required option %q missing", o.Name)
			}
			continue
		}
		typed, err := typedOption(o, v)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", o.Name, err)
		}
		options = append(options, map[string]any{"name": o.Name, "type": o.Type, "value": typed})
	}
	for k := range opts {
		found := false
		for _, o := range registered {
			found = found || o.Name == k
		}
		if !found {
			return nil, fmt.Errorf("no option %q", k)
		}
	}
	return options, nil
}

func typedOption(o CommandOption, v any) (any, error) {
	str := fmt.Sprint(v)
	var out any = str
	var num float64
	switch o.Type {
	case OptionString, OptionUser:
		if o.MaxLength > 0 && len([]rune(str)) > o.MaxLength {
			return nil, fmt.Errorf("longer than %d characters", o.MaxLength)
		}
	case OptionInteger:
		n, err := strconv.ParseInt(str, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("not an integer: %q", str)
		}
		out, num = n, float64(n)
	case OptionNumber:
		f, err := strconv.ParseFloat(str, 64)
		if err != nil {
			return nil, fmt.Errorf("not a number: %q", str)
		}
		out, num = f, f
	case OptionBoolean:
		b, err := strconv.ParseBool(str)
		if err != nil {
			return nil, fmt.Errorf("not a boolean: %q", str)
		}
		out = b
	}
	if o.MinValue != nil && num < *o.MinValue || o.MaxValue != nil && num > *o.MaxValue {
		return nil, fmt.Errorf("%s is out of range", str)
	}
	if len(o.Choices) > 0 {
		for _, c := range o.Choices {
			if fmt.Sprint(c.Value) == str {
				return out, nil
			}
		}
		return nil, fmt.Errorf("%q is not one of the choices", str)
	}
	return out, nil
}

// Click has a user press the button with the given label on one of the bot's
// messages. The button must be there and enabled, and an ephemeral message
// can only be clicked by the user who sees it.
func (s *Server) Click(u User, channelID, messageID, label string) *Interaction {
	s.t.Helper()
	m, ok := s.Message(channelID, messageID)
	if !ok {
		s.fatalf("click %q: no message %s in channel %s", label, messageID, channelID)
	}
	if m.VisibleTo != "" && m.VisibleTo != u.ID {
		s.fatalf("click %q: %s cannot see ephemeral message %s", label, u.ID, messageID)
	}
	b, ok := m.Button(label)
	if !ok {
		var labels []string
		for _, b := range m.Buttons() {
			labels = append(labels, b.Label)
		}
		s.fatalf("click: message %s has no button %q (has %q)", messageID, label, labels)
	}
	if b.Disabled || b.URL != "" {
		s.fatalf("click %q: the button is disabled or a link", label)
	}
	data := map[string]any{"custom_id": b.CustomID, "component_type": ComponentButton}
	return s.startInteraction(u, InteractionComponent, channelID, messageID, data)
}

// SubmitModal has a user fill in and submit the modal the bot opened in
// answer to opened. values are keyed by input label or custom id; inputs
// left out keep their prefilled value. Like Discord's client it refuses a
// submission missing a required input or exceeding a length limit.
func (s *Server) SubmitModal(u User, opened *Interaction, values map[string]string) *Interaction {
	s.t.Helper()
	s.mu.Lock()
	in := s.ixs[opened.ID]
	var modal *Modal
	var source string
	if in != nil {
		modal, source = in.modal, in.source
	}
	s.mu.Unlock()
	if modal == nil {
		s.fatalf("submit: interaction %s did not open a modal", opened.ID)
	}
	used := map[string]bool{}
	var rows []map[string]any
	for _, c := range modal.Inputs() {
		v, ok := values[c.Label]
		if ok {
			used[c.Label] = true
		} else if v, ok = values[c.CustomID]; ok {
			used[c.CustomID] = true
		} else {
			v = c.Value
		}
		if c.Required == nil || *c.Required {
			if strings.TrimSpace(v) == "" {
				s.fatalf("submit: required input %q is empty", c.Label)
			}
		}
		if c.MaxLength > 0 && len([]rune(v)) > c.MaxLength || c.MinLength > 0 && len([]rune(v)) < c.MinLength && v != "" {
			s.fatalf("submit: input %q must be %d-%d characters", c.Label, c.MinLength, c.MaxLength)
		}
		rows = append(rows, map[string]any{"type": ComponentActionRow, "components": []map[string]any{
			{"type": ComponentTextInput, "custom_id": c.CustomID, "value": v},
		}})
	}
	for k := range values {
		if !used[k] {
			s.fatalf("submit: the modal has no input %q", k)
		}
	}
	data := map[string]any{"custom_id": modal.CustomID, "components": rows}
	return s.startInteraction(u, InteractionModal, opened.ChannelID, source, data)
}
