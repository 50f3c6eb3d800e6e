package discord

import (
	"strings"

	"github.com/ipdesk/ipdesk/bot"
)

var (
	_ bot.Namer   = (*Adapter)(nil)
	_ bot.Invoker = (*Adapter)(nil)
	_ bot.Limiter = (*Adapter)(nil)
)

// PlatformName returns "Discord".
func (a *Adapter) PlatformName() string { return "Discord" }

// Invocation returns the slash command: one per command, its spaces made
// hyphens. A client shows a command by its localized name only when the
// client runs in that language; any client takes the command's own name.
func (a *Adapter) Invocation(c bot.CommandName) string {
	name := c.Name
	if c.ClientInLang {
		name = c.Local
	}
	return "/" + strings.ReplaceAll(name, " ", "-")
}

// Limits returns Discord's limits: a modal's title and an input's label
// are 45 characters, an embed field's value 1,024.
func (a *Adapter) Limits() bot.Limits {
	return bot.Limits{FormTitle: maxModalTitle, InputLabel: maxInputLabel, ButtonLabel: maxButtonLabel, FieldValue: maxFieldValue}
}
