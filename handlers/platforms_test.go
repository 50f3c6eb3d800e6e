package handlers_test

import (
	"testing"

	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/console"
	"github.com/ipdesk/ipdesk/bot/discord"
	"github.com/ipdesk/ipdesk/bot/slack"
)

// platforms describes the console, Slack and Discord as their adapters
// do, built as the running bot builds them but never connected: what
// handlers ask of a platform comes from the real adapters.
func platforms(t testing.TB) bot.Directory {
	t.Helper()
	sl, err := slack.New(slack.Config{BotToken: "xoxb-test", AppToken: "xapp-test"})
	if err != nil {
		t.Fatal(err)
	}
	dc, err := discord.New(discord.Config{Token: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return bot.Platforms(console.New(console.Config{}), sl, dc)
}
