package main

import (
	"errors"

	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/slack"
)

// slackPlatform is Slack: its settings fill the adapter's options.
type slackPlatform struct{ opts slack.Config }

func newSlackPlatform() platform { return &slackPlatform{} }

func (p *slackPlatform) id() string             { return bot.Slack }
func (p *slackPlatform) name() string           { return "Slack" }
func (p *slackPlatform) exampleChannel() string { return "C0123ABC" }

func (p *slackPlatform) settings() []setting {
	return []setting{
		secretSetting("SLACK_BOT_TOKEN", "Slack bot token (xoxb-…); enables Slack", &p.opts.BotToken).fills("BotToken"),
		secretSetting("SLACK_APP_TOKEN", "Slack app-level token (xapp-…) for Socket Mode", &p.opts.AppToken).fills("AppToken"),
		secretSetting("SLACK_SIGNING_SECRET", "Slack signing secret, for the HTTP Events API mode", &p.opts.SigningSecret).fills("SigningSecret"),
		stringSetting("IPDESK_SLACK_HTTP_ADDR", "listen address for Slack's HTTP Events API instead of Socket Mode, e.g. :3000", &p.opts.HTTPAddr).fills("HTTPAddr"),
		stringSetting("SLACK_API_URL", "Slack API base URL (GovSlack, proxies); default Slack's", &p.opts.APIURL).fills("APIURL"),
		listSetting("IPDESK_SLACK_STAFF_GROUPS", "Slack user group ids whose members are staff, comma-separated", &p.opts.StaffGroups).fills("StaffGroups"),
	}
}

func (p *slackPlatform) configured() bool { return p.opts.BotToken != "" }

func (p *slackPlatform) check() []error {
	if !p.configured() {
		if p.opts.AppToken != "" || p.opts.HTTPAddr != "" {
			return []error{&settingError{"SLACK_BOT_TOKEN", errors.New("required when other Slack settings are given")}}
		}
		return nil
	}
	return optionErrors(p, p.opts.Check())
}

func (p *slackPlatform) adapter(app *App) (bot.Adapter, error) {
	opts := p.opts
	opts.Logger = app.Log
	opts.Transport = app.Metrics.Transport(p.id(), bot.NewTransport())
	a, err := slack.New(opts)
	if err != nil {
		return nil, err
	}
	app.slack = a
	return a, nil
}
