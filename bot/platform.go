package bot

import (
	"context"

	"github.com/ipdesk/ipdesk/i18n"
)

// What differs by platform (its name, how a command is typed, how long a
// form's title may be) is answered by its adapter through the small
// optional interfaces below, each checked with a type assertion as
// Uploader and Connector are. Handlers ask a Platform, which gives the
// adapter's answer or a neutral default, and so never name a platform.

// Namer is implemented by adapters whose platform people know by a name
// other than its id ("Slack" for "slack"), for texts such as "a request
// from Slack user U123".
type Namer interface {
	PlatformName() string
}

// CommandName is a command as a message names it, for an Invoker.
type CommandName struct {
	// Name is the command's own name, as registered: "complain".
	Name string
	// Local is its name in the language of the message ("投诉"), or Name.
	Local string
	// ClientInLang reports whether the reader's client runs in the
	// language of the message, as far as the platform said (Event.Locale):
	// a platform that shows commands by the client's language (Discord)
	// then offers Local, and otherwise Name.
	ClientInLang bool
}

// Invoker is implemented by adapters whose users run a command some other
// way than a slash before its name in the message's language, the neutral
// default ("/投诉"): one slash command with subcommands (Slack's "/ipdesk
// complain"), or commands shown by the client's language (Discord).
type Invoker interface {
	Invocation(c CommandName) string
}

// Limits are sizes a platform accepts, in characters; zero means the
// platform sets none that a handler need plan for. Adapters cut what is
// longer, so a handler asks only to choose a better shorter text.
type Limits struct {
	Text        int // one message
	FormTitle   int // a form's title
	InputLabel  int // the label of a form's input
	ButtonLabel int
	FieldValue  int // the value of one Reply field
}

// Limiter is implemented by adapters whose platform limits the size of
// what is shown.
type Limiter interface {
	Limits() Limits
}

// Directory describes each platform by id. The Bot is one, for the
// platforms it runs.
type Directory interface {
	Platform(id string) Platform
}

// Platform describes one platform to handlers: what its adapter answers
// through Namer, Invoker and Limiter, and a neutral default for
// each it does not implement or when no adapter for the platform runs.
// The zero value describes an unknown platform with every default.
type Platform struct {
	id string
	a  Adapter
}

// Describe returns what s knows of platform id: its answer when it is a
// Directory (the Bot, which handlers post through), otherwise the neutral
// defaults. Handlers call it for a platform other than their event's, such
// as a complainant's when staff decide, or in background work.
func Describe(s any, id string) Platform {
	if d, ok := s.(Directory); ok {
		return d.Platform(id)
	}
	return Platform{id: id}
}

// ID returns the platform's id as addresses and user keys carry it.
func (p Platform) ID() string { return p.id }

// Connected reports whether an adapter runs for the platform.
func (p Platform) Connected() bool { return p.a != nil }

// Name returns the platform's name as people know it, or its id.
func (p Platform) Name() string {
	if n, ok := p.a.(Namer); ok {
		return n.PlatformName()
	}
	return p.id
}

// Invocation returns what a user types to run the command c.
func (p Platform) Invocation(c CommandName) string {
	if c.Local == "" {
		c.Local = c.Name
	}
	if i, ok := p.a.(Invoker); ok {
		return i.Invocation(c)
	}
	return "/" + c.Local
}

// Command returns what a user types to run the command called name, by
// that name: for messages not yet written in the reader's language.
func (p Platform) Command(name string) string {
	return p.Invocation(CommandName{Name: name, Local: name, ClientInLang: true})
}

// CommandIn returns what a reader whose client runs in locale ("" when
// unknown) types to run the command called name, named in tr's language
// (the catalog's "cmd.NAME.name").
func (p Platform) CommandIn(tr i18n.Printer, locale, name string) string {
	return p.Invocation(NameCommand(tr, locale, name, ""))
}

// NameCommand names the command called name for a message in tr's
// language read on a client in locale: local is its name in that language,
// or when empty the catalog's "cmd.NAME.name", or name itself.
func NameCommand(tr i18n.Printer, locale, name, local string) CommandName {
	if local == "" {
		local = name
		if id := "cmd." + name + ".name"; tr.Has(id) {
			local = tr.T(id)
		}
	}
	l, ok := tr.Catalog().Match(locale)
	return CommandName{Name: name, Local: local, ClientInLang: ok && l == tr.Lang()}
}

// Limits returns the sizes the platform accepts.
func (p Platform) Limits() Limits {
	if l, ok := p.a.(Limiter); ok {
		return l.Limits()
	}
	return Limits{}
}

// Fits reports whether s, in characters, is within limit (zero: none).
func Fits(s string, limit int) bool {
	if limit <= 0 {
		return true
	}
	n := 0
	for range s {
		if n++; n > limit {
			return false
		}
	}
	return true
}

// Platform describes platform id as the Bot runs it.
func (b *Bot) Platform(id string) Platform { return b.dir.Platform(id) }

var _ Directory = (*Bot)(nil)

// adapterDirectory describes the platforms of a set of adapters.
type adapterDirectory map[string]Adapter

func (d adapterDirectory) Platform(id string) Platform { return Platform{id: id, a: d[id]} }

// Platforms returns a Directory of the adapters' platforms, each by its
// Adapter.Platform id: what the Bot describes, for code that runs
// handlers without one (tests with a recorder).
func Platforms(adapters ...Adapter) Directory {
	d := adapterDirectory{}
	for _, a := range adapters {
		d[a.Platform()] = a
	}
	return d
}

// Platform describes the platform the event came from (see Platform),
// as the Bot that handles the event runs it.
func (e *Event) Platform() Platform {
	id := e.Where.Platform
	if id == "" {
		id = e.User.Platform
	}
	return e.PlatformOf(id)
}

// PlatformOf describes platform id as the Bot that handles the event runs
// it: for a message about a user of another platform.
func (e *Event) PlatformOf(id string) Platform { return Describe(e.dir, id) }

// WithPlatforms is middleware by which each event describes platforms from
// d (Event.Platform, Event.PlatformOf). The Bot's Handler has it, with the
// Bot's platforms.
func WithPlatforms(d Directory) Middleware {
	return func(next Handler) Handler {
		return HandlerFunc(func(ctx context.Context, w ResponseWriter, e *Event) error {
			e.dir = d
			return next.ServeEvent(ctx, w, e)
		})
	}
}
