package bot

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot/markup"
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
}

// Mux routes events to handlers, the way http.ServeMux routes requests:
// commands by name, button presses by action-id prefix, form submissions by
// form-id prefix, and other messages to one message handler. It is safe for
// concurrent use. Registering a duplicate panics, as http.ServeMux does.
type Mux struct {
	mu       sync.RWMutex
	commands map[string]muxCommand
	actions  map[string]Handler
	forms    map[string]Handler
	message  Handler
}

type muxCommand struct {
	Command
	h Handler
}

// NewMux returns an empty Mux.
func NewMux() *Mux {
	return &Mux{commands: map[string]muxCommand{}, actions: map[string]Handler{}, forms: map[string]Handler{}}
}

// HandleCommand registers a command.
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
	m.commands[c.Name] = muxCommand{c, h}
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
	m.mu.RLock()
	var h Handler
	var staffOnly bool
	switch e.Kind {
	case KindCommand:
		c, ok := m.commands[strings.ToLower(e.Command)]
		if !ok {
			m.mu.RUnlock()
			return ipdesk.Errorf(ipdesk.ENOTFOUND, "I don't know the command “%s”. Type `help` to see what I can do.", markup.Escape(truncate(e.Command, 40)))
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
			return ipdesk.Errorf(ipdesk.ENOTFOUND, "Type `help` to see what I can do.")
		}
		return ipdesk.Errorf(ipdesk.ENOTFOUND, "That button or form is no longer active.")
	}
	if staffOnly && !e.User.Staff {
		return Refused(RefusedNotStaff, ipdesk.Errorf(ipdesk.EUNAUTHORIZED, "Only staff can use `%s`.", e.Command))
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

// parseCommand reports whether text is a command and splits it. Without a
// slash, a staff-only command word followed by more text counts only for
// staff, so a user asking about "case law" is not told they may not use the
// case command.
func (m *Mux) parseCommand(text string, staff bool) (name, args string, ok bool) {
	t := strings.TrimSpace(text)
	explicit := strings.HasPrefix(t, "/") || strings.HasPrefix(t, "!")
	if explicit {
		t = t[1:]
	}
	name, args, _ = strings.Cut(t, " ")
	if i := strings.IndexAny(name, "\n\t"); i >= 0 {
		name, args = name[:i], t[i+1:]
	}
	name = strings.ToLower(name)
	args = strings.TrimSpace(args)
	if explicit {
		return name, args, name != ""
	}
	m.mu.RLock()
	c, known := m.commands[name]
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
