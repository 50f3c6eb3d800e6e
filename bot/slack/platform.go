package slack

import "github.com/ipdesk/ipdesk/bot"

var (
	_ bot.Namer   = (*Adapter)(nil)
	_ bot.Invoker = (*Adapter)(nil)
	_ bot.Limiter = (*Adapter)(nil)
)

// PlatformName returns "Slack".
func (a *Adapter) PlatformName() string { return "Slack" }

// Invocation returns "/ipdesk NAME": the app has one slash command, whose
// first word names the subcommand in any language the bot knows ("/status"
// alone is Slack's own command).
func (a *Adapter) Invocation(c bot.CommandName) string { return "/ipdesk " + c.Local }

// Limits returns Block Kit's limits: a modal's title is 24 characters.
func (a *Adapter) Limits() bot.Limits {
	return bot.Limits{FormTitle: maxModalTitle, InputLabel: maxInputLabel, ButtonLabel: maxButtonLabel, FieldValue: maxFieldText}
}
