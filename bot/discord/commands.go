package discord

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/i18n"
)

func ptr[T any](v T) *T { return &v }

// commandOptions are the typed options of the bot's commands that take
// arguments, by command name. The command list itself comes from
// Config.Commands, so a new command shows on Discord without an entry here;
// the entry only gives its arguments types and descriptions. Each option's
// value becomes part of the event's Args in the order listed, and a
// subcommand puts its own name first, so "/case reference:IPD-7K3Q9"
// arrives as Command "case", Args "IPD-7K3Q9" and "/kb gaps limit:5" as
// Command "kb", Args "gaps 5": the same as typing "case IPD-7K3Q9" or
// "kb gaps 5" in a DM. An option is required only where the handler cannot
// do without it.
var commandOptions = map[string][]*discordgo.ApplicationCommandOption{
	"ask": {{
		Type: discordgo.ApplicationCommandOptionString, Name: "question", Required: true,
		Description: "Your question, e.g. How do I answer an Amazon IP complaint?",
	}},
	"check": {{
		Type: discordgo.ApplicationCommandOptionString, Name: "text", Required: true,
		Description: "A draft listing title or description to check for risky wording",
	}},
	"withdraw": {{
		Type: discordgo.ApplicationCommandOptionString, Name: "reference", MaxLength: 100,
		Description: "The complaint's reference, e.g. IPD-7K3Q9; leave empty to pick from your open ones",
	}},
	"case": {{
		Type: discordgo.ApplicationCommandOptionString, Name: "reference", Required: true, MaxLength: 100,
		Description: "The complaint's reference, e.g. IPD-7K3Q9",
	}},
	"kb": {{
		Type: discordgo.ApplicationCommandOptionSubCommand, Name: "gaps",
		Description: "Questions the knowledge base could not answer, and answers marked not helpful",
		Options: []*discordgo.ApplicationCommandOption{{
			Type: discordgo.ApplicationCommandOptionInteger, Name: "limit", MinValue: ptr(1.0), MaxValue: 100,
			Description: "How many of each to list, from 1 to 100",
		}},
	}},
}

// argumentsOption is the option of a command that takes arguments but has
// no entry in commandOptions: the rest of the command line, as typed in a
// DM, so the command works on Discord before it gets typed options.
func argumentsOption(c bot.Command) *discordgo.ApplicationCommandOption {
	return &discordgo.ApplicationCommandOption{
		Type: discordgo.ApplicationCommandOptionString, Name: "arguments",
		Description: clip("What follows the command: "+c.Usage, maxCommandDescription),
	}
}

// maxCommandDescription is Discord's limit on command and option descriptions, in
// characters.
const maxCommandDescription = 100

// staffOnly is the default_member_permissions of staff commands: no
// permission is enough, so only server administrators see them until an
// administrator allows the staff role under Server Settings → Integrations.
// It hides them from members; the bot still checks staff on every use, and
// in DMs, where Discord applies no permissions, non-staff are refused.
var staffOnly = ptr(int64(0))

// slashCommands turns the bot's commands into Discord application commands:
// one slash command each, described by its Summary, with its options from
// commandOptions. Commands whose names Discord does not accept are left out
// and returned as skipped.
func slashCommands(cmds []bot.Command) (out []*discordgo.ApplicationCommand, skipped []string) {
	for _, c := range cmds {
		if !validCommandName(c.Name) {
			skipped = append(skipped, c.Name)
			continue
		}
		ac := &discordgo.ApplicationCommand{
			Type:        discordgo.ChatApplicationCommand,
			Name:        c.Name,
			Description: commandDescription(c),
			Options:     commandOptions[c.Name],
		}
		names, descs := localizations(c)
		if len(names) > 0 {
			ac.NameLocalizations = &names
		}
		if len(descs) > 0 {
			ac.DescriptionLocalizations = &descs
		}
		if ac.Options == nil && strings.TrimSpace(c.Usage) != "" {
			ac.Options = []*discordgo.ApplicationCommandOption{argumentsOption(c)}
		}
		if c.Staff {
			ac.DefaultMemberPermissions = staffOnly
		}
		out = append(out, ac)
	}
	return out, skipped
}

// commandDescription is a command's Summary as Discord shows it: a
// capitalised line of at most 100 characters.
func commandDescription(c bot.Command) string {
	return description(c.Summary, "The "+c.Name+" command")
}

func description(summary, empty string) string {
	s := strings.Join(strings.Fields(summary), " ")
	if s == "" {
		return empty
	}
	r, n := utf8.DecodeRuneInString(s)
	return clip(string(unicode.ToUpper(r))+s[n:], maxCommandDescription)
}

// localizations returns a command's names and descriptions in the
// Discord locales of each language it has one in ("zh" → "zh-CN"), for
// Discord to show each user in their client's language. A name Discord
// would refuse is left out; the command still shows by its own name.
func localizations(c bot.Command) (names, descs map[discordgo.Locale]string) {
	names, descs = map[discordgo.Locale]string{}, map[discordgo.Locale]string{}
	for _, l := range c.Localized {
		for _, loc := range discordLocales(l.Lang) {
			if l.Name != c.Name && validCommandName(l.Name) {
				names[loc] = l.Name
			}
			if l.Summary != c.Summary && strings.TrimSpace(l.Summary) != "" {
				descs[loc] = description(l.Summary, "")
			}
		}
	}
	return names, descs
}

// discordLocales are the Discord locales a catalog language is shown in.
// Simplified Chinese is zh-CN only: zh-TW readers use Traditional
// characters. English is the commands' own language. Any other language
// goes to the locales of the same base language ("ja", "es-ES" and
// "es-419").
func discordLocales(lang i18n.Lang) []discordgo.Locale {
	switch lang {
	case i18n.EN:
		return nil
	case i18n.ZH:
		return []discordgo.Locale{discordgo.ChineseCN}
	}
	var out []discordgo.Locale
	for loc := range discordgo.Locales {
		base, _, _ := strings.Cut(string(loc), "-")
		if base == string(lang) {
			out = append(out, loc)
		}
	}
	return out
}

// clip shortens s to at most n characters, ending with "…" when cut.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// validCommandName reports whether Discord accepts name for a slash
// command: 1 to 32 lower-case (or caseless, as Chinese) letters, digits,
// "-" or "_".
func validCommandName(name string) bool {
	if name == "" || utf8.RuneCountInString(name) > 32 {
		return false
	}
	for _, r := range name {
		// Letters without case (Chinese) are fine; others must be lower.
		if !(r == '-' || r == '_' || unicode.IsDigit(r) || unicode.IsLetter(r) && unicode.ToLower(r) == r) {
			return false
		}
	}
	return true
}

// registerCommands replaces the application's commands with the bot's, in
// the configured guild (they appear at once) or globally (they can take a
// while to show, and also work in DMs). Without Config.Commands, or on a
// shard other than 0, it leaves whatever is registered alone.
func (a *Adapter) registerCommands(ctx context.Context) error {
	if a.cfg.ShardCount > 1 && a.cfg.ShardID != 0 {
		// Commands belong to the application, not to a shard: shard 0
		// registers them once for every replica.
		a.log.Info("slash commands are registered by shard 0", "shard", a.cfg.ShardID, "shards", a.cfg.ShardCount)
		a.mu.Lock()
		a.registered = true
		a.mu.Unlock()
		return nil
	}
	if a.cfg.Commands == nil {
		a.log.Warn("no command list configured; slash commands left as they are")
		a.mu.Lock()
		a.registered = true
		a.mu.Unlock()
		return nil
	}
	cmds, skipped := slashCommands(a.cfg.Commands())
	for _, name := range skipped {
		a.log.Warn("command not registered on Discord: its name is not a valid slash command name", "command", name)
	}
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
	if cmds == nil {
		cmds = []*discordgo.ApplicationCommand{} // an empty list, not null: none
	}
	_, err := a.s.ApplicationCommandBulkOverwrite(app, a.cfg.GuildID, cmds, discordgo.WithContext(ctx))
	if err != nil {
		var re *discordgo.RESTError
		if errors.As(err, &re) && re.Response != nil && (re.Response.StatusCode == http.StatusForbidden || re.Response.StatusCode == http.StatusNotFound) {
			return bot.Permanent(fmt.Errorf("discord: register slash commands %s: %s; invite the bot with the applications.commands scope and check DISCORD_GUILD_ID", where, re.Response.Status))
		}
		return fmt.Errorf("discord: register slash commands %s: %w", where, err)
	}
	a.mu.Lock()
	a.registered, a.commands = true, cmds
	a.mu.Unlock()
	a.log.Info("slash commands registered", "where", where, "count", len(cmds))
	return nil
}

// registeredOptions returns the options the named command was registered
// with, or nil when this process did not register it.
func (a *Adapter) registeredOptions(name string) []*discordgo.ApplicationCommandOption {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, c := range a.commands {
		if c.Name == name {
			return c.Options
		}
	}
	return nil
}

// commandArgs joins a command's option values the way a typed command line
// would carry them: a subcommand's name, then option values in registration
// order; options the registration does not list come last, in the order
// given.
func commandArgs(given []*discordgo.ApplicationCommandInteractionDataOption, registered []*discordgo.ApplicationCommandOption) string {
	return strings.Join(optionArgs(given, registered), " ")
}

func optionArgs(given []*discordgo.ApplicationCommandInteractionDataOption, registered []*discordgo.ApplicationCommandOption) []string {
	var order []*discordgo.ApplicationCommandInteractionDataOption
	used := make([]bool, len(given))
	for _, r := range registered {
		for i, o := range given {
			if !used[i] && o.Name == r.Name {
				order, used[i] = append(order, o), true
				break
			}
		}
	}
	for i, o := range given {
		if !used[i] {
			order = append(order, o)
		}
	}
	var parts []string
	for _, o := range order {
		if o.Type == discordgo.ApplicationCommandOptionSubCommand || o.Type == discordgo.ApplicationCommandOptionSubCommandGroup {
			parts = append(parts, o.Name)
			parts = append(parts, optionArgs(o.Options, subOptions(registered, o.Name))...)
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
		case nil:
		default:
			v = fmt.Sprint(x)
		}
		if v = strings.TrimSpace(v); v != "" {
			parts = append(parts, v)
		}
	}
	return parts
}

// subOptions returns the registered options of the subcommand name.
func subOptions(registered []*discordgo.ApplicationCommandOption, name string) []*discordgo.ApplicationCommandOption {
	for _, r := range registered {
		if r.Name == name {
			return r.Options
		}
	}
	return nil
}
