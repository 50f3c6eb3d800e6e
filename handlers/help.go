// Package handlers holds what ipdesk does: answering questions from the
// knowledge base, the complaint wizard, staff review, status and queue, and
// the listing check. Handlers speak only the neutral model of package bot and
// declare the store interfaces they need.
package handlers

import (
	"context"
	"fmt"
	"strings"

	"github.com/ipdesk/ipdesk/bot"
)

// Help answers "help" with what the bot can do for the asking user: staff
// also see staff commands.
type Help struct {
	mux *bot.Mux
}

// NewHelp returns the help handler for the commands registered on mux.
func NewHelp(mux *bot.Mux) *Help { return &Help{mux: mux} }

// Register adds the help command.
func (h *Help) Register(mux *bot.Mux) {
	mux.HandleCommand(bot.Command{Name: "help"}, h)
}

// ServeEvent lists the commands, named and described in the user's
// language.
func (h *Help) ServeEvent(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
	tr := e.Printer()
	var b strings.Builder
	b.WriteString(tr.T("help.intro") + "\n\n")
	var staff []bot.Command
	for _, c := range h.mux.Commands(e.User.Staff) {
		if c.Staff {
			staff = append(staff, c)
			continue
		}
		writeCommand(&b, e, c)
	}
	if len(staff) > 0 {
		b.WriteString("\n**" + tr.T("help.staff") + "**\n\n")
		for _, c := range staff {
			writeCommand(&b, e, c)
		}
	}
	b.WriteString("\n" + tr.T("help.outro") + "\n\n" + tr.T("help.lang"))
	_, err := w.Reply(ctx, bot.Reply{Text: b.String()})
	return err
}

// writeCommand writes one command the way the user's platform invokes it,
// by its name in the user's language.
func writeCommand(b *strings.Builder, e *bot.Event, c bot.Command) {
	loc := c.In(e.Lang)
	name := e.Platform().Invocation(bot.NameCommand(e.Printer(), e.Locale, c.Name, loc.Name))
	if loc.Usage != "" {
		name += " " + loc.Usage
	}
	fmt.Fprintf(b, "- `%s` — %s\n", name, loc.Summary)
}
