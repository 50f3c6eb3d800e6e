package main

import (
	"errors"

	"github.com/ipdesk/ipdesk/bot"
)

// A platform is a chat platform ipdesk runs on besides the console: the
// settings that configure it, checked together, and its adapter built from
// them. Its settings fill the adapter's own options (slack.Config), so each
// platform's secrets stay with it and the adapter's constructor judges
// them. Adding a platform is its adapter package, a file here like
// platform_slack.go, and its line in platforms.
type platform interface {
	// id is the platform's id as addresses and user keys carry it.
	id() string
	// name is the platform's name for people, in messages about settings.
	name() string
	// exampleChannel is a channel id there, for messages about settings.
	exampleChannel() string
	// settings are the platform's settings, bound to its options.
	settings() []setting
	// configured reports whether the settings turn the platform on.
	configured() bool
	// check returns every bad setting: of a configured platform, or one
	// given for a platform that is not configured.
	check() []error
	// adapter builds the adapter of a configured platform for app.
	adapter(app *App) (bot.Adapter, error)
}

// platforms makes each platform ipdesk can run on, with its settings unset,
// in the order help shows their settings.
var platforms = []func() platform{newSlackPlatform, newDiscordPlatform}

// optionErrors names each bad option in err (an adapter's Check) by the
// setting that fills it, one line each; an option no setting fills is named
// by the platform.
func optionErrors(p platform, err error) []error {
	if err == nil {
		return nil
	}
	errs := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	}
	var out []error
	for _, e := range errs {
		var oe *bot.OptionError
		if !errors.As(e, &oe) {
			out = append(out, &settingError{p.name(), e})
			continue
		}
		env := p.name() + " " + oe.Option
		for _, s := range p.settings() {
			if s.option == oe.Option {
				env = s.env
				break
			}
		}
		out = append(out, &settingError{env, oe.Err})
	}
	return out
}
