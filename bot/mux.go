package bot

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot/markup"
	"github.com/ipdesk/ipdesk/i18n"
)

// Command describes a command for routing and for help.
type Command struct {
	Name    string // lower case, no slash: "ask"
	Usage   string // arguments, e.g. "QUESTION"
	Summary string // one line for help
	Staff   bool   // only staff may run it; the Mux refuses everyone else
	// Claims, for a staff-only command, reports whether arguments typed
	// after its name without a slash are unmistakably meant for it
	// ("case IPD-7K3Q9", unlike "case law"), so that someone else who
	// types them is told the command is for staff instead of having the
	// words taken as a question.
	Claims func(args string) bool
	// Localized holds the command's name, usage and summary in each
	// language of the Mux's catalog, filled in by Mux.Commands, so help and
	// platforms that register commands (Discord) show them in every
	// language.
	Localized []Localization
}

// Localization is a command as one language names and describes it.
type Localization struct {
	Lang    i18n.Lang
	Name    string
	Usage   string
	Summary string
}

// In returns the command as lang shows it: its name there (which the Mux
// routes too), usage and summary, falling back to the command's own.
func (c Command) In(lang i18n.Lang) Localization {
	for _, l := range c.Localized {
		if l.Lang == lang {
			return l
		}
	}
	return Localization{Lang: lang, Name: c.Name, Usage: c.Usage, Summary: c.Summary}
}

// Mux routes events to handlers, the way http.ServeMux routes requests:
// commands by name, button presses by action-id prefix, form submissions by
// form-id prefix, and other messages to one message handler. It is safe for
// concurrent use. Registering a duplicate panics, as http.ServeMux does.
type Mux struct {
	mu       sync.RWMutex
	cat      *i18n.Catalog
	commands map[string]muxCommand
	aliases  map[string]string // a command's name in another language → its name
	actions  map[string]Handler
	forms    map[string]Handler
	message  Handler
}

type muxCommand struct {
	Command
	h Handler
}

// NewMux returns an empty Mux that names commands in the languages of the
// bundled catalog.
func NewMux() *Mux { return NewMuxCatalog(nil) }

// NewMuxCatalog returns an empty Mux that names and describes commands in
// the languages of cat (nil: the bundled catalog). A command "complain" is
// also routed by the names cat gives it ("cmd.complain.name": 投诉), and
// described by "cmd.complain.summary" and "cmd.complain.usage".
func NewMuxCatalog(cat *i18n.Catalog) *Mux {
	if cat == nil {
		cat = i18n.Default()
	}
	return &Mux{cat: cat, commands: map[string]muxCommand{}, aliases: map[string]string{},
		actions: map[string]Handler{}, forms: map[string]Handler{}}
}

// HandleCommand registers a command, with its names in every language of
// the Mux's catalog.
func (m *Mux) HandleCommand(c Command, h Handler) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c.Name = strings.ToLower(c.Name)
	if c.Name == "" || h == nil {
		panic("bot: command needs a name and a handler")
	}
	if _, dup := m.commands[c.Name]; dup {
		panic(fmt.Sprintf("bot: command %q registered twice", c.Name))
	}
	if other, dup := m.aliases[c.Name]; dup {
		panic(fmt.Sprintf("bot: command %q is already a name of %q", c.Name, other))
	}
	c.Localized = nil
	for _, lang := range m.cat.Langs() {
		p := m.cat.Printer(lang)
		loc := Localization{Lang: lang, Name: c.Name, Usage: c.Usage, Summary: c.Summary}
		prefix := "cmd." + strings.ReplaceAll(c.Name, " ", "_") + "."
		if p.Has(prefix + "name") {
			loc.Name = strings.ToLower(strings.TrimSpace(p.T(prefix + "name")))
		}
		if p.Has(prefix + "summary") {
			loc.Summary = p.T(prefix + "summary")
		}
		if p.Has(prefix + "usage") {
			loc.Usage = p.T(prefix + "usage")
		}
		c.Localized = append(c.Localized, loc)
		if lang == i18n.EN {
			// The catalog's English is the command's own text unless the
			// command brings one.
			if c.Summary == "" {
				c.Summary = loc.Summary
			}
			if c.Usage == "" {
				c.Usage = loc.Usage
			}
		}
		if loc.Name == c.Name || loc.Name == "" || strings.ContainsAny(loc.Name, " \t\n") {
			continue
		}
		if _, taken := m.commands[loc.Name]; taken {
			panic(fmt.Sprintf("bot: the %s name %q of command %q is another command's name", lang, loc.Name, c.Name))
		}
		if other, taken := m.aliases[loc.Name]; taken && other != c.Name {
			panic(fmt.Sprintf("bot: the %s name %q of command %q is also a name of %q", lang, loc.Name, c.Name, other))
		}
		m.aliases[loc.Name] = c.Name
	}
	m.commands[c.Name] = muxCommand{c, h}
}

// lookup returns the command named name in any language. The caller holds
// m.mu.
func (m *Mux) lookup(name string) (muxCommand, bool) {
	name = strings.ToLower(name)
	if c, ok := m.commands[name]; ok {
		return c, true
	}
	if canon, ok := m.aliases[name]; ok {
		c, ok := m.commands[canon]
		return c, ok
	}
	return muxCommand{}, false
}

// HandleAction registers a handler for button presses whose action id
// starts with prefix. The longest matching prefix wins.
func (m *Mux) HandleAction(prefix string, h Handler) { m.handlePrefix(m.actions, "action", prefix, h) }

// HandleForm registers a handler for form submissions whose form id starts
// with prefix. The longest matching prefix wins.
func (m *Mux) HandleForm(prefix string, h Handler) { m.handlePrefix(m.forms, "form", prefix, h) }

func (m *Mux) handlePrefix(routes map[string]Handler, what, prefix string, h Handler) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if prefix == "" || h == nil {
		panic("bot: " + what + " route needs a prefix and a handler")
	}
	if _, dup := routes[prefix]; dup {
		panic(fmt.Sprintf("bot: %s prefix %q registered twice", what, prefix))
	}
	routes[prefix] = h
}

// HandleMessage registers the handler for messages that are not commands.
func (m *Mux) HandleMessage(h Handler) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.message != nil {
		panic("bot: message handler registered twice")
	}
	m.message = h
}

// Commands lists the commands a user may run, sorted by name; staff-only
// commands are included only for staff.
func (m *Mux) Commands(staff bool) []Command {
	m.mu.RLock()
	defer m.mu.RUnlock()
	var cs []Command
	for _, c := range m.commands {
		if !c.Staff || staff {
			cs = append(cs, c.Command)
		}
	}
	sort.Slice(cs, func(i, j int) bool { return cs[i].Name < cs[j].Name })
	return cs
}

// ServeEvent routes e. A message that starts with "/" or "!" is treated as a
// command, and so is one that starts with the name of a command the user may
// run ("help", "case IPD-7K3Q9"): people type commands into DMs and the
// console without the slash.
func (m *Mux) ServeEvent(ctx context.Context, w ResponseWriter, e *Event) error {
	if e.Kind == KindMessage {
		if name, args, ok := m.parseCommand(e.Text, e.User.Staff); ok {
			e.Kind, e.Command, e.Args = KindCommand, name, args
		}
	}
	tr := e.Printer()
	m.mu.RLock()
	var h Handler
	var staffOnly bool
	switch e.Kind {
	case KindCommand:
		c, ok := m.lookup(e.Command)
		if !ok {
			m.mu.RUnlock()
			return &ipdesk.Error{Code: ipdesk.ENOTFOUND, Message: tr.T("mux.unknown_command", "Name", markup.Escape(truncate(e.Command, 40)))}
		}
		// Handlers see the command's own name, whatever language it was
		// typed in. The event is written only when the name differs: a
		// recorder may be reading it.
		if e.Command != c.Name {
			e.Command = c.Name
		}
		h, staffOnly = c.h, c.Staff
	case KindAction:
		h = longestPrefix(m.actions, e.Action.ID)
	case KindSubmit:
		h = longestPrefix(m.forms, e.Form.ID)
	case KindMessage:
		h = m.message
	}
	m.mu.RUnlock()
	if h == nil {
		if e.Kind == KindMessage {
			return &ipdesk.Error{Code: ipdesk.ENOTFOUND, Message: tr.T("mux.no_route")}
		}
		return &ipdesk.Error{Code: ipdesk.ENOTFOUND, Message: tr.T("mux.inactive")}
	}
	if staffOnly && !e.User.Staff {
		return Refused(RefusedNotStaff, &ipdesk.Error{Code: ipdesk.EUNAUTHORIZED, Message: tr.T("mux.staff_only_command", "Name", e.Command)})
	}
	return h.ServeEvent(ctx, w, e)
}

// IsCommand reports whether ServeEvent would route text, typed by a user
// (staff or not), as a command, so that middleware which takes some
// messages before routing lets commands through.
func (m *Mux) IsCommand(text string, staff bool) bool {
	_, _, ok := m.parseCommand(text, staff)
	return ok
}

// CommandOf returns the name of the command text runs, by the command's
// own name whatever language it was typed in ("投诉 …" is "complain"), and
// whether text is a command the Mux knows.
func (m *Mux) CommandOf(text string, staff bool) (string, bool) {
	name, _, ok := m.parseCommand(text, staff)
	if !ok {
		return "", false
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	c, known := m.lookup(name)
	return c.Name, known
}

// parseCommand reports whether text is a command and splits it. Without a
// slash, a staff-only command word followed by more text counts only for
// staff, so a user asking about "case law" is not told they may not use the
// case command.
func (m *Mux) parseCommand(text string, staff bool) (name, args string, ok bool) {
	t := strings.TrimSpace(text)
	explicit := strings.HasPrefix(t, "/") || strings.HasPrefix(t, "!") || strings.HasPrefix(t, "／") || strings.HasPrefix(t, "！")
	if explicit {
		_, size := utf8.DecodeRuneInString(t)
		t = t[size:]
	}
	// A name ends at a space, a full-width space, a line break or a colon
	// ("检查：高仿…").
	name, args = t, ""
	if i := strings.IndexAny(t, " \n\t\r\u3000："); i >= 0 {
		_, size := utf8.DecodeRuneInString(t[i:])
		name, args = t[:i], t[i+size:]
	}
	name = strings.ToLower(name)
	args = strings.TrimSpace(args)
	if explicit {
		return name, args, name != ""
	}
	m.mu.RLock()
	c, known := m.lookup(name)
	m.mu.RUnlock()
	return name, args, known && (!c.Staff || staff || args == "" || (c.Claims != nil && c.Claims(args)))
}

func longestPrefix(routes map[string]Handler, id string) Handler {
	var best string
	var h Handler
	for p, ph := range routes {
		if strings.HasPrefix(id, p) && len(p) > len(best) {
			best, h = p, ph
		}
	}
	return h
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
