package bot

import (
	"fmt"
	"sort"
	"strings"
)

// Reply is what to show, in neutral terms. Text is CommonMark written by a
// handler; any user-supplied text in it must be escaped (markup.Escape).
// Adapters render it at the edge.
type Reply struct {
	Text      string
	Fields    []Field
	Buttons   []Button
	Form      *Form // open a form: a Slack or Discord modal, console prompts
	Ephemeral bool  // only the event's user sees it, where the platform can do that
	// Important, when set, marks a reply the user must get (a complaint's
	// receipt, a decision) and names what it concerns: the complaint's
	// reference. When it cannot be delivered, the Bot keeps it and a
	// background round retries it until it is (see Bot.RetryOutbox); the
	// log shows this reference, never the text.
	Important string
}

// Field is a labelled fact shown in a grid (Block Kit fields, embed fields).
// Value is CommonMark.
type Field struct {
	Label string
	Value string
}

// Style is how prominent a button is.
type Style int

// Button styles.
const (
	StyleDefault Style = iota
	StylePrimary
	StyleDanger
)

// Button is a choice the user can press. ID is the action id that routes the
// press (see Mux.HandleAction); Value travels with it.
type Button struct {
	ID    string
	Label string
	Value string
	Style Style
}

// InputKind is the kind of a form input.
type InputKind int

// Input kinds.
const (
	InputText      InputKind = iota // one line
	InputParagraph                  // several lines
	InputSelect                     // one of Options
)

// Option is one choice of a select input.
type Option struct {
	Label string
	Value string
}

// Input is one field of a form.
type Input struct {
	ID          string
	Label       string
	Kind        InputKind
	Options     []Option
	Required    bool
	Placeholder string
	Initial     string
	MaxLen      int
}

// Form is a form to fill in. Value is private: it comes back unchanged in
// FormData.Value, so the handler knows what the form was about.
type Form struct {
	ID     string
	Title  string
	Submit string
	Value  string
	Inputs []Input
}

// FormError reports problems with a submitted form, by input id. A handler
// returns it from a KindSubmit event; the adapter shows each message next to
// its field where the platform can, so the user fixes the form in place.
type FormError struct {
	Fields map[string]string
}

// Error implements the error interface.
func (e *FormError) Error() string {
	ids := make([]string, 0, len(e.Fields))
	for id := range e.Fields {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = fmt.Sprintf("%s: %s", id, e.Fields[id])
	}
	return "form: " + strings.Join(parts, "; ")
}
