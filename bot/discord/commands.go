package discord

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"
	"github.com/ipdesk/ipdesk/bot"
)

func ptr[T any](v T) *T { return &v }

// Commands are the slash commands the bot registers. Each option's value
// becomes part of the event's Args, in the order listed, so a handler sees
// "/status case:C-12" as Command "status", Args "C-12", the same as typing
// "status C-12" in a DM. Staff commands are visible to everyone; the bot
// checks staff on the server for every use.
var Commands = []*discordgo.ApplicationCommand{
	{
		Name:        "ask",
		Description: "Ask an IP-compliance question; answered from the knowledge base",
		Options: []*discordgo.ApplicationCommandOption{{
			Type: discordgo.ApplicationCommandOptionString, Name: "question", Required: true, MaxLength: 1000,
			Description: "Your question, e.g. How do I answer an Amazon IP complaint?",
		}},
	},
	{
		Name:        "complain",
		Description: "Report a counterfeit or infringing listing, step by step",
		Options: []*discordgo.ApplicationCommandOption{{
			Type: discordgo.ApplicationCommandOptionString, Name: "listing", MaxLength: 1000,
			Description: "The listing's URL (you can also give it later)",
		}},
	},
	{
		Name:        "status",
		Description: "See the status of your complaints",
		Options: []*discordgo.ApplicationCommandOption{{
			Type: discordgo.ApplicationCommandOptionString, Name: "case", MaxLength: 100,
			Description: "A case number; leave empty to list yours",
		}},
	},
	{
		Name:        "check",
		Description: "Check a listing URL against complaints on file",
		Options: []*discordgo.ApplicationCommandOption{{
			Type: discordgo.ApplicationCommandOptionString, Name: "url", Required: true, MaxLength: 1000,
			Description: "The listing's URL",
		}},
	},
	{
		Name:        "queue",
		Description: "Staff: complaints waiting for review",
	},
	{
		Name:        "case",
		Description: "Staff: show one complaint with its history",
		Options: []*discordgo.ApplicationCommandOption{{
			Type: discordgo.ApplicationCommandOptionString, Name: "id", Required: true, MaxLength: 100,
			Description: "The case number",
		}},
	},
	{
		Name:        "kb-gaps",
		Description: "Staff: questions the knowledge base could not answer",
		Options: []*discordgo.ApplicationCommandOption{{
			Type: discordgo.ApplicationCommandOptionInteger, Name: "days", MinValue: ptr(1.0), MaxValue: 365,
			Description: "How many days back to look (default 30)",
		}},
	},
	{
		Name:        "help",
		Description: "What this bot can do",
	},
}

// registerCommands replaces the application's commands with Commands, in the
// configured guild (they appear at once) or globally (they can take a while
// to show, and also work in DMs).
func (a *Adapter) registerCommands(ctx context.Context) error {
	a.mu.Lock()
	app := a.appID
	a.mu.Unlock()
	if app == "" {
		return errors.New("discord: READY carried no application id; cannot register slash commands")
	}
	where := "globally"
	if a.cfg.GuildID != "" {
		where = "in guild " + a.cfg.GuildID
	}
	_, err := a.s.ApplicationCommandBulkOverwrite(app, a.cfg.GuildID, Commands, discordgo.WithContext(ctx))
	if err != nil {
		var re *discordgo.RESTError
		if errors.As(err, &re) && re.Response != nil && (re.Response.StatusCode == http.StatusForbidden || re.Response.StatusCode == http.StatusNotFound) {
			return bot.Permanent(fmt.Errorf("discord: register slash commands %s: %s; invite the bot with the applications.commands scope and check DISCORD_GUILD_ID", where, re.Response.Status))
		}
		return fmt.Errorf("discord: register slash commands %s: %w", where, err)
	}
	a.mu.Lock()
	a.registered = true
	a.mu.Unlock()
	a.log.Info("slash commands registered", "where", where, "count", len(Commands))
	return nil
}

// commandArgs joins a command's option values in registration order, the
// way a typed command line would carry them.
func commandArgs(data discordgo.ApplicationCommandInteractionData) string {
	given := map[string]*discordgo.ApplicationCommandInteractionDataOption{}
	for _, o := range data.Options {
		given[o.Name] = o
	}
	var order []string
	for _, c := range Commands {
		if c.Name == data.Name {
			for _, o := range c.Options {
				order = append(order, o.Name)
			}
		}
	}
	for _, o := range data.Options { // options this build does not know, last
		if !contains(order, o.Name) {
			order = append(order, o.Name)
		}
	}
	var parts []string
	for _, name := range order {
		o, ok := given[name]
		if !ok {
			continue
		}
		var v string
		switch x := o.Value.(type) {
		case string:
			v = x
		case float64:
			v = strconv.FormatFloat(x, 'f', -1, 64)
		case bool:
			v = strconv.FormatBool(x)
		default:
			v = fmt.Sprint(x)
		}
		if v = strings.TrimSpace(v); v != "" {
			parts = append(parts, v)
		}
	}
	return strings.Join(parts, " ")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
