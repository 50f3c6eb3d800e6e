package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/discord"
)

// discordPlatform is Discord: its settings fill the adapter's options.
type discordPlatform struct{ opts discord.Config }

func newDiscordPlatform() platform { return &discordPlatform{} }

func (p *discordPlatform) id() string             { return bot.Discord }
func (p *discordPlatform) name() string           { return "Discord" }
func (p *discordPlatform) exampleChannel() string { return "123456789" }

func (p *discordPlatform) settings() []setting {
	return []setting{
		secretSetting("DISCORD_BOT_TOKEN", "Discord bot token; enables Discord", &p.opts.Token).fills("Token"),
		stringSetting("DISCORD_API_URL", "Discord API base URL (REST proxies); default Discord's", &p.opts.APIURL).fills("APIURL"),
		stringSetting("DISCORD_GUILD_ID", "register slash commands in this server only (they appear at once)", &p.opts.GuildID).fills("GuildID"),
		boolSetting("IPDESK_DISCORD_MESSAGE_CONTENT", "request Discord's privileged message-content intent (true/false)", &p.opts.MessageContent).fills("MessageContent"),
		listSetting("IPDESK_DISCORD_STAFF_ROLES", "Discord role ids whose members are staff, comma-separated", &p.opts.StaffRoles).fills("StaffRoles"),
		setting{env: "IPDESK_DISCORD_SHARD", help: "run Discord shard i of n (i/n, from 0/n), one per replica: guilds by (guild_id >> 22) % n, direct messages on shard 0; only shard 0 registers the slash commands",
			get: func() string {
				if p.opts.ShardCount <= 1 {
					return ""
				}
				return fmt.Sprintf("%d/%d", p.opts.ShardID, p.opts.ShardCount)
			},
			set: func(v string) error {
				i, n, ok := strings.Cut(strings.TrimSpace(v), "/")
				si, err1 := strconv.Atoi(i)
				sn, err2 := strconv.Atoi(n)
				if !ok || err1 != nil || err2 != nil || sn < 1 || sn > 4096 || si < 0 || si >= sn {
					return fmt.Errorf("want i/n with 0 <= i < n, such as 0/3, got %q", v)
				}
				p.opts.ShardID, p.opts.ShardCount = si, sn
				return nil
			}}.fills("ShardID"),
	}
}

func (p *discordPlatform) configured() bool { return p.opts.Token != "" }

func (p *discordPlatform) check() []error {
	if !p.configured() {
		return nil
	}
	return optionErrors(p, p.opts.Check())
}

func (p *discordPlatform) adapter(app *App) (bot.Adapter, error) {
	opts := p.opts
	opts.Logger = app.Log
	opts.Transport = app.Metrics.Transport(p.id(), bot.NewTransport())
	// Read when the slash commands are registered, once Run has connected:
	// routes adds the handlers after the adapters are built, because they
	// need the Bot, which needs the adapters.
	opts.Commands = func() []bot.Command { return app.Mux.Commands(true) }
	return discord.New(opts)
}
