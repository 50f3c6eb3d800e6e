package slack

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/slack/slackfake"
)

func TestDMChannelCacheIsEmptiedWhenFull(t *testing.T) {
	fake := slackfake.New(slackfake.Config{})
	defer fake.Close()
	fake.AddUser(slackfake.User{ID: "UNEW", Name: "consumer1"})
	fake.AddUser(slackfake.User{ID: "UOLD", Name: "seller"})
	a, err := New(Config{BotToken: fake.BotToken(), AppToken: fake.AppToken(), APIURL: fake.URL})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	// A bot that has answered maxCachedDMs members: the cache is full.
	a.dms["UOLD"] = slackfake.IMChannel("UOLD")
	for i := len(a.dms); i < maxCachedDMs; i++ {
		a.dms[fmt.Sprintf("U%07d", i)] = fmt.Sprintf("D%07d", i)
	}
	ch, err := a.channel(ctx, bot.DirectTo(bot.Slack, "UNEW"))
	if err != nil {
		t.Fatal(err)
	}
	if ch != slackfake.IMChannel("UNEW") {
		t.Errorf("DM of UNEW = %s", ch)
	}
	if n := len(a.dms); n != 1 {
		t.Errorf("the cache holds %d channels after it was full, want 1 (the new one)", n)
	}
	// A member forgotten by the reset is looked up again, not lost.
	if ch, err := a.channel(ctx, bot.DirectTo(bot.Slack, "UOLD")); err != nil || ch != slackfake.IMChannel("UOLD") {
		t.Errorf("DM of UOLD after the reset = %s, %v", ch, err)
	}
	if n := len(fake.Calls("conversations.open")); n != 2 {
		t.Errorf("conversations.open called %d times, want 2", n)
	}
}
