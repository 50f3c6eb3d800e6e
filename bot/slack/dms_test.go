package slack

import (
	"context"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/slack/slackfake"
)

// TestDMChannelCache opens a member's DM channel once, and again only
// after the member fell out of the bounded cache.
func TestDMChannelCache(t *testing.T) {
	t.Parallel()
	fake := slackfake.New(slackfake.Config{})
	defer fake.Close()
	for _, id := range []string{"UA", "UB", "UC"} {
		fake.AddUser(slackfake.User{ID: id, Name: "member " + id})
	}
	a, err := New(Config{BotToken: fake.BotToken(), AppToken: fake.AppToken(), APIURL: fake.URL})
	if err != nil {
		t.Fatal(err)
	}
	a.dms = bot.NewDMChannels(2)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	open := func(user string) {
		t.Helper()
		ch, err := a.channel(ctx, bot.DirectTo(bot.Slack, user))
		if err != nil || ch != slackfake.IMChannel(user) {
			t.Fatalf("DM of %s = %s, %v", user, ch, err)
		}
	}
	open("UA")
	open("UA") // remembered
	if n := len(fake.Calls("conversations.open")); n != 1 {
		t.Errorf("conversations.open called %d times for one member, want 1", n)
	}
	open("UB")
	open("UC") // UA, least recently used, is forgotten
	open("UA") // and looked up again, not lost
	if n := len(fake.Calls("conversations.open")); n != 4 {
		t.Errorf("conversations.open called %d times, want 4", n)
	}
}
