package bot

import (
	"context"
	"io"
	"time"

	"github.com/ipdesk/ipdesk/i18n"
)

// Kind is what kind of thing happened.
type Kind int

// Event kinds.
const (
	KindMessage Kind = iota // a chat message
	KindCommand             // a command: "/ipdesk ask ...", a Discord slash command, "/help" typed in a DM
	KindAction              // a button was pressed
	KindSubmit              // a form (modal) was submitted
)

func (k Kind) String() string {
	switch k {
	case KindMessage:
		return "message"
	case KindCommand:
		return "command"
	case KindAction:
		return "action"
	case KindSubmit:
		return "submit"
	}
	return "unknown"
}

// User is who caused an event.
type User struct {
	Platform string
	ID       string
	Name     string // display name, for people; never used for authorization
	// Staff is set by the Bot from the configured staff list, or by an
	// adapter from platform groups and roles. Handlers trust only this.
	Staff bool
}

// Key returns "platform:id", the form used in the staff list and the store.
func (u User) Key() string { return u.Platform + ":" + u.ID }

// Action is a pressed button: its action id and value.
type Action struct {
	ID    string
	Value string
}

// FormData is a submitted form: its id, the private value the form carried,
// and the answers by input id.
type FormData struct {
	ID     string
	Value  string
	Fields map[string]string
}

// File is an attachment that came with a message. Open fetches its content
// when the platform allows; it is nil when it does not.
type File struct {
	ID   string
	Name string
	Type string // MIME type as the platform reports it
	Size int64
	URL  string
	Open func(ctx context.Context) (io.ReadCloser, error) `json:"-"`
}

// Event is something that happened on a platform, in neutral terms.
type Event struct {
	// ID is the platform's delivery id, stable across re-deliveries, used to
	// drop duplicates ("slack:Ev123"). Empty means none.
	ID      string
	Kind    Kind
	User    User
	Where   Address
	Text    string     // message text with the bot's own mention removed
	Command string     // KindCommand: name without slash, lower case
	Args    string     // KindCommand: the rest of the line
	Action  Action     // KindAction
	Form    FormData   // KindSubmit
	Files   []File     // attachments
	Source  MessageRef // KindAction: the message the button was on
	// Mentioned is true when the bot was mentioned in a shared channel.
	Mentioned bool
	Time      time.Time
	// Locale is the user's language as the platform reports it ("zh-CN"
	// from a Discord interaction, a Slack user's locale), when it does.
	Locale string
	// Lang is the language to answer in, set by the Bot (see Languages):
	// the user's choice, else what they write in, else Locale.
	Lang i18n.Lang

	// Accept, when the adapter sets it, is called once the Bot has kept
	// the event in its inbox, so that the adapter acknowledges it to the
	// platform only then: an event never acknowledged is sent again by the
	// platform, and one acknowledged is kept. The adapter acknowledges
	// anyway when handling ends, and before the platform's deadline.
	Accept func() `json:"-"`
	// Replayed is set on an event handled again from the inbox, after the
	// process that took it did not finish (see Bot.ReplayInbox): its
	// change may have been kept, and later events of its user handled
	// since.
	Replayed bool `json:"-"`

	cat *i18n.Catalog
	dir Directory // the Bot's platforms, for Platform
}

// Printer returns the printer for the event's language, from the Bot's
// catalog (the bundled one for an event no Bot handled).
func (e *Event) Printer() i18n.Printer {
	cat := e.cat
	if cat == nil {
		cat = i18n.Default()
	}
	return cat.Printer(e.Lang)
}
