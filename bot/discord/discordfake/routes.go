package discordfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"
)

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	api := func(route string, auth bool, h func(http.ResponseWriter, *http.Request, *Call)) {
		method, path, _ := strings.Cut(route, " ")
		mux.Handle(method+" /api/v9"+path, s.recording(route, auth, h))
	}
	// GET /gateway needs no token on Discord.
	api(RouteGateway, false, func(w http.ResponseWriter, r *http.Request, c *Call) {
		writeJSON(w, http.StatusOK, map[string]any{"url": s.gatewayURL()})
	})
	api(RouteGatewayBot, true, func(w http.ResponseWriter, r *http.Request, c *Call) {
		writeJSON(w, http.StatusOK, map[string]any{
			"url":    s.gatewayURL(),
			"shards": 1,
			"session_start_limit": map[string]any{
				"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1,
			},
		})
	})
	api(RouteMe, true, func(w http.ResponseWriter, r *http.Request, c *Call) {
		writeJSON(w, http.StatusOK, wireUser{ID: s.cfg.BotID, Username: s.cfg.BotName, Bot: true})
	})
	api(RouteDMCreate, true, s.handleDMCreate)
	api(RouteMessageCreate, true, s.handleMessageCreate)
	api(RouteMessageEdit, true, s.handleMessageEdit)
	api(RouteMessageGet, true, s.handleMessageGet)
	api(RouteMessageList, true, s.handleMessageList)
	// Interaction callbacks and webhooks are authorised by the interaction
	// token in the path, not by the bot token.
	api(RouteCallback, false, s.handleCallback)
	api(RouteFollowup, false, s.handleFollowup)
	api(RouteWebhookEdit, false, s.handleWebhookEdit)
	api(RouteWebhookGet, false, s.handleWebhookGet)
	api(RouteWebhookDelete, false, s.handleWebhookDelete)
	api(RouteCommandsGlobal, true, s.handleCommands)
	api(RouteCommandsGuild, true, s.handleCommands)
	api(RouteMember, true, s.handleMember)
	mux.Handle("GET /attachments/{channel}/{file}/{name}", s.recording(RouteAttachment, false, s.handleAttachment))
	mux.HandleFunc("/gw", s.handleGateway)
	mux.HandleFunc("/gw/", s.handleGateway)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		apiError(w, http.StatusNotFound, 0, "404: Not Found")
	})
	return mux
}

func (s *Server) gatewayURL() string {
	return "ws" + strings.TrimPrefix(s.URL, "http") + "/gw"
}

func (s *Server) handleMember(w http.ResponseWriter, r *http.Request, c *Call) {
	s.mu.Lock()
	u, ok := s.members[c.Param("user")]
	s.mu.Unlock()
	if c.Param("guild") != s.cfg.GuildID {
		apiError(w, http.StatusNotFound, 10004, "Unknown Guild")
		return
	}
	if !ok {
		apiError(w, http.StatusNotFound, 10007, "Unknown Member")
		return
	}
	writeJSON(w, http.StatusOK, memberJSON(u))
}

// A Command is an application command as the bot registered it.
type Command struct {
	Name        string          `json:"name"`
	Description string          `json:"description"`
	Type        int             `json:"type,omitempty"`
	Options     []CommandOption `json:"options,omitempty"`
	// NameLocalizations and DescriptionLocalizations give the name and
	// description by Discord locale ("zh-CN").
	NameLocalizations        map[string]string `json:"name_localizations,omitempty"`
	DescriptionLocalizations map[string]string `json:"description_localizations,omitempty"`
	// DefaultMemberPermissions is the permission bit set a member needs to
	// see and use the command in a guild, as a decimal string; nil means
	// everyone, "0" only administrators unless they allow more.
	DefaultMemberPermissions *string `json:"default_member_permissions,omitempty"`
}

// A CommandOption is one typed option of a command, or a subcommand with
// options of its own.
type CommandOption struct {
	Type        int    `json:"type"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Required    bool   `json:"required,omitempty"`
	Choices     []struct {
		Name  string `json:"name"`
		Value any    `json:"value"`
	} `json:"choices,omitempty"`
	MaxLength int             `json:"max_length,omitempty"`
	MinValue  *float64        `json:"min_value,omitempty"`
	MaxValue  *float64        `json:"max_value,omitempty"`
	Options   []CommandOption `json:"options,omitempty"` // a subcommand's options
}

// Option types of application commands.
const (
	OptionSubCommand      = 1
	OptionSubCommandGroup = 2
	OptionString          = 3
	OptionInteger         = 4
	OptionBoolean         = 5
	OptionUser            = 6
	OptionNumber          = 10
)

func (s *Server) handleCommands(w http.ResponseWriter, r *http.Request, c *Call) {
	if c.Param("app") != s.cfg.AppID {
		apiError(w, http.StatusForbidden, 50001, "Missing Access")
		return
	}
	guild := c.Param("guild")
	if guild != "" && guild != s.cfg.GuildID {
		apiError(w, http.StatusForbidden, 50001, "Missing Access")
		return
	}
	var cmds []Command
	if err := json.Unmarshal(c.Body, &cmds); err != nil {
		apiError(w, http.StatusBadRequest, 50109, "The request body contains invalid JSON.")
		return
	}
	if msg := validateCommands(cmds); msg != "" {
		apiError(w, http.StatusBadRequest, 50035, "Invalid Form Body: "+msg)
		return
	}
	s.mu.Lock()
	s.commands[guild] = cmds
	s.notifyLocked()
	s.mu.Unlock()
	out := make([]map[string]any, len(cmds))
	for i, cmd := range cmds {
		out[i] = map[string]any{
			"id": s.newID(), "application_id": s.cfg.AppID, "name": cmd.Name,
			"description": cmd.Description, "type": 1, "version": s.newID(), "options": nonNil(cmd.Options),
		}
		if guild != "" {
			out[i]["guild_id"] = guild
		}
	}
	writeJSON(w, http.StatusOK, out)
}

// validateCommands applies Discord's rules for chat input commands: names,
// descriptions, option counts and order, subcommands not mixed with other
// options, and permissions as a decimal bit set.
func validateCommands(cmds []Command) string {
	seen := map[string]bool{}
	for _, c := range cmds {
		if !validName(c.Name) {
			return "name: must match ^[-_a-z0-9]{1,32}$: " + c.Name
		}
		if seen[c.Name] {
			return "name: duplicate command " + c.Name
		}
		seen[c.Name] = true
		if n := len([]rune(c.Description)); n < 1 || n > 100 {
			return "description: must be 1-100 characters: " + c.Name
		}
		for loc, n := range c.NameLocalizations {
			if !discordLocales[loc] {
				return "name_localizations: unknown locale " + loc + ": " + c.Name
			}
			if !validLocalName(n) {
				return "name_localizations." + loc + `: must match ^[-_\p{L}\p{N}]{1,32}$ in lower case: ` + n
			}
		}
		for loc, d := range c.DescriptionLocalizations {
			if !discordLocales[loc] {
				return "description_localizations: unknown locale " + loc + ": " + c.Name
			}
			if n := len([]rune(d)); n < 1 || n > 100 {
				return "description_localizations." + loc + ": must be 1-100 characters: " + c.Name
			}
		}
		if p := c.DefaultMemberPermissions; p != nil {
			if _, err := strconv.ParseUint(*p, 10, 64); err != nil {
				return "default_member_permissions: must be a decimal permission bit set: " + c.Name
			}
		}
		if msg := validateOptions(c.Options, 0); msg != "" {
			return c.Name + ": " + msg
		}
	}
	return ""
}

// validateOptions checks one level of options; depth counts the subcommand
// levels above it (at most a group, then a subcommand).
func validateOptions(opts []CommandOption, depth int) string {
	if len(opts) > 25 {
		return "options: must be 25 or fewer"
	}
	optional, subs, values := false, 0, 0
	names := map[string]bool{}
	for _, o := range opts {
		if !validName(o.Name) {
			return "options.name: must match ^[-_a-z0-9]{1,32}$: " + o.Name
		}
		if names[o.Name] {
			return "options.name: duplicate option " + o.Name
		}
		names[o.Name] = true
		if n := len([]rune(o.Description)); n < 1 || n > 100 {
			return "options.description: must be 1-100 characters: " + o.Name
		}
		switch o.Type {
		case OptionSubCommand, OptionSubCommandGroup:
			subs++
			if o.Required {
				return "options.required: a subcommand cannot be required: " + o.Name
			}
			if o.Type == OptionSubCommandGroup && depth > 0 || o.Type == OptionSubCommand && depth > 1 {
				return "options.type: subcommands nest at most a group deep: " + o.Name
			}
			inner := depth + 1
			if o.Type == OptionSubCommand {
				inner = 2
			}
			if msg := validateOptions(o.Options, inner); msg != "" {
				return o.Name + ": " + msg
			}
			continue
		case OptionString, OptionInteger, OptionBoolean, OptionUser, OptionNumber:
		default:
			return fmt.Sprintf("options.type: unknown option type %d: %s", o.Type, o.Name)
		}
		values++
		if len(o.Options) > 0 {
			return "options.options: only subcommands have options: " + o.Name
		}
		if o.Required && optional {
			return "options: required options must be placed before non-required options"
		}
		optional = optional || !o.Required
		if (o.MinValue != nil || o.MaxValue != nil) && o.Type != OptionInteger && o.Type != OptionNumber {
			return "options.min_value: only integer and number options have bounds: " + o.Name
		}
	}
	if subs > 0 && values > 0 {
		return "options: subcommands cannot be mixed with other options"
	}
	return ""
}

// discordLocales are the locales Discord accepts in localizations.
var discordLocales = map[string]bool{
	"id": true, "da": true, "de": true, "en-GB": true, "en-US": true, "es-ES": true, "es-419": true,
	"fr": true, "hr": true, "it": true, "lt": true, "hu": true, "nl": true, "no": true, "pl": true,
	"pt-BR": true, "ro": true, "fi": true, "sv-SE": true, "vi": true, "tr": true, "cs": true, "el": true,
	"bg": true, "ru": true, "uk": true, "hi": true, "th": true, "zh-CN": true, "ja": true, "zh-TW": true, "ko": true,
}

// validLocalName applies Discord's rule for localized command names:
// letters of any script (lower case where the script has case), digits,
// "-" and "_".
func validLocalName(n string) bool {
	if r := []rune(n); len(r) < 1 || len(r) > 32 {
		return false
	}
	for _, r := range n {
		if !(r == '-' || r == '_' || unicode.IsDigit(r) || unicode.IsLetter(r) && unicode.ToLower(r) == r) {
			return false
		}
	}
	return true
}

func validName(n string) bool {
	if len(n) < 1 || len(n) > 32 {
		return false
	}
	for _, r := range n {
		if !(r == '-' || r == '_' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// WaitCommands waits until commands are registered globally (guild "") or
// for a guild, and returns them; it fails the test on timeout.
func (s *Server) WaitCommands(guild string, timeout time.Duration) []Command {
	s.t.Helper()
	if !s.waitUntil(timeout, func() bool { return len(s.commands[guild]) > 0 }) {
		s.fatalf("no commands registered for %q within %v", guild, timeout)
	}
	return s.Commands(guild)
}

// Commands returns the commands registered globally (guild "") or for a
// guild.
func (s *Server) Commands(guild string) []Command {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Command(nil), s.commands[guild]...)
}
