package discord_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/discord"
	"github.com/ipdesk/ipdesk/bot/discord/discordfake"
)

// Two replicas each run one of two shards against one Discord: a guild's
// messages reach only the shard Discord routes that guild to, (guild_id >>
// 22) % 2, direct messages only shard 0, and only shard 0 registers the
// slash commands.
func TestShardsSplitTheEvents(t *testing.T) {
	t.Parallel()
	srv := discordfake.New(t, discordfake.Config{})
	guild, _ := strconv.ParseUint(srv.Config().GuildID, 10, 64)
	guildShard := int((guild >> 22) % 2)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	got := []*seen{newSeen(), newSeen()}
	done := make(chan error, 2)
	for i := range 2 {
		a, err := discord.New(discord.Config{Token: srv.Config().Token, APIURL: srv.URL, Logger: testLogger(t), OpenTimeout: wait,
			ShardID: i, ShardCount: 2, Commands: func() []bot.Command { return testCommands }})
		if err != nil {
			t.Fatal(err)
		}
		go func() {
			done <- a.Run(ctx, bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
				got[i].add(e)
				return nil
			}))
		}()
	}
	srv.WaitGateway(wait, "two shards connected", func(g discordfake.GatewayStats) bool { return g.Connected == 2 })
	srv.WaitCommands("", wait)

	member := discordfake.User{ID: "111", Name: "seller"}
	srv.SendMessage(member, "700000000000000001", srv.Mention()+" how long does a trademark last?")
	if e := got[guildShard].next(t); e.Where.DM || e.User.ID != member.ID {
		t.Errorf("shard %d got %+v", guildShard, e)
	}
	srv.SendDM(member, "hello")
	if e := got[0].next(t); !e.Where.DM {
		t.Errorf("shard 0 got %+v, want the direct message", e)
	}
	time.Sleep(200 * time.Millisecond) // anything misrouted would have arrived by now
	want := [2]int{1, 0}               // the direct message
	want[guildShard]++                 // the guild message
	if n0, n1 := got[0].count(), got[1].count(); n0 != want[0] || n1 != want[1] {
		t.Errorf("shards got %d and %d events, want %d and %d", n0, n1, want[0], want[1])
	}
	if n := len(srv.Calls(discordfake.RouteCommandsGlobal)); n != 1 {
		t.Errorf("slash commands registered %d times, want once, by shard 0", n)
	}
	cancel()
	for range 2 {
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			t.Fatal("a shard did not stop")
		}
	}
}

func TestShardOutOfRangeIsRefused(t *testing.T) {
	t.Parallel()
	for _, c := range [][2]int{{2, 2}, {-1, 3}} {
		if _, err := discord.New(discord.Config{Token: "x", ShardID: c[0], ShardCount: c[1]}); err == nil {
			t.Errorf("shard %d of %d accepted", c[0], c[1])
		}
	}
}
