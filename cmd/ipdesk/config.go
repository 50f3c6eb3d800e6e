package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/i18n"
	"github.com/ipdesk/ipdesk/knowledge"
	"github.com/ipdesk/ipdesk/postgres"
)

// Config is everything ipdesk can be told at start-up. Each field comes from
// an environment variable and can be overridden by the flag of the same name
// (IPDESK_SLA_HOURS → --sla-hours). Secrets are marked so that they never
// appear in help defaults, logs or errors.
type Config struct {
	DB            string
	Staff         []string
	ReviewChannel string
	LogLevel      string
	LogFormat     string
	HealthAddr    string
	// ShutdownTimeout bounds how long events in flight may take to
	// finish once a stop signal came.
	ShutdownTimeout time.Duration

	ReportLang   string
	ReportDir    string
	ReportFont   string
	WeeklyReport bool

	KBDir       string
	KBStaleDays int
	Watchlist   string
	// EvidenceDir is the folder of kept evidence files; empty means a
	// folder "evidence" beside the database (see EvidenceFolder).
	EvidenceDir string
	// Replies is the file of saved replies, Markdown or YAML.
	Replies string

	// Messages is a folder of message files overriding the bundled texts
	// or adding a language; ReviewLang is the language of the review
	// channel (cards, reminders, alerts).
	Messages   string
	ReviewLang string

	ApprovalLimit   float64
	DefaultCurrency string
	SLAHours        int
	RepeatThreshold int
	DraftExpiry     time.Duration
	AppealDays      int
	InfoTimeout     time.Duration

	// Privacy holds the retention periods and the export folder.
	Privacy privacySettings

	SlackBotToken      string
	SlackAppToken      string
	SlackSigningSecret string
	SlackHTTPAddr      string
	SlackAPIURL        string
	SlackStaffGroups   []string

	DiscordToken          string
	DiscordAPIURL         string
	DiscordGuildID        string
	DiscordMessageContent bool
	DiscordStaffRoles     []string
	// DiscordShard and DiscordShards: this replica runs shard DiscordShard
	// of DiscordShards (IPDESK_DISCORD_SHARD=i/n); 0 of 1 without.
	DiscordShard, DiscordShards int

	// explicit records which settings were given, so defaults that depend
	// on the mode (console or platforms) apply only to unset ones.
	explicit map[string]bool
}

// DefaultConfig returns the settings used when nothing is given: the console
// on ./ipdesk.db with user "staff" as staff and the review channel
// console:review, so the whole product can be tried alone.
func DefaultConfig() Config {
	return Config{
		DB:              "ipdesk.db",
		LogLevel:        "info",
		LogFormat:       "text",
		ApprovalLimit:   500,
		DefaultCurrency: "USD",
		SLAHours:        48,
		KBStaleDays:     knowledge.DefaultStaleDays,
		RepeatThreshold: 3,
		DraftExpiry:     7 * 24 * time.Hour,
		ShutdownTimeout: 20 * time.Second,
		ReviewLang:      "en",
		ReportLang:      "en",
		WeeklyReport:    true,
		AppealDays:      30,
		InfoTimeout:     7 * 24 * time.Hour,
		Privacy:         defaultPrivacySettings(),
		explicit:        map[string]bool{},
	}
}

// setting is one configuration value: its environment variable, help text,
// and how to store it in a Config.
type setting struct {
	env    string
	help   string
	secret bool
	get    func(c *Config) string
	set    func(c *Config, v string) error
}

// flagName derives the flag from the variable: IPDESK_SLA_HOURS → sla-hours,
// SLACK_BOT_TOKEN → slack-bot-token.
func (s setting) flagName() string {
	return strings.ReplaceAll(strings.ToLower(strings.TrimPrefix(s.env, "IPDESK_")), "_", "-")
}

func str(p func(c *Config) *string) (func(*Config) string, func(*Config, string) error) {
	return func(c *Config) string { return *p(c) },
		func(c *Config, v string) error { *p(c) = strings.TrimSpace(v); return nil }
}

func list(p func(c *Config) *[]string) (func(*Config) string, func(*Config, string) error) {
	return func(c *Config) string { return strings.Join(*p(c), ",") },
		func(c *Config, v string) error { *p(c) = splitList(v); return nil }
}

func boundedInt(p func(c *Config) *int, unit string, lo, hi int) (func(*Config) string, func(*Config, string) error) {
	return func(c *Config) string { return strconv.Itoa(*p(c)) },
		func(c *Config, v string) error {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil || n < lo || n > hi {
				return fmt.Errorf("want a whole number of %s from %d to %d, got %q", unit, lo, hi, v)
			}
			*p(c) = n
			return nil
		}
}

func boolean(p func(c *Config) *bool) (func(*Config) string, func(*Config, string) error) {
	return func(c *Config) string { return strconv.FormatBool(*p(c)) },
		func(c *Config, v string) error {
			b, err := strconv.ParseBool(strings.TrimSpace(v))
			if err != nil {
				return fmt.Errorf("want true or false, got %q", v)
			}
			*p(c) = b
			return nil
		}
}

func mk(env, help string, secret bool, get func(*Config) string, set func(*Config, string) error) setting {
	return setting{env: env, help: help, secret: secret, get: get, set: set}
}

// settings lists every setting, in the order help shows them.
var settings = func() []setting {
	var s []setting
	add := func(env, help string, secret bool, get func(*Config) string, set func(*Config, string) error) {
		s = append(s, mk(env, help, secret, get, set))
	}
	g, st := str(func(c *Config) *string { return &c.DB })
	add("IPDESK_DB", "SQLite database file (created if missing), or a postgres:// URL of a PostgreSQL database shared by several replicas", false, g, st)
	g, st = list(func(c *Config) *[]string { return &c.Staff })
	add("IPDESK_STAFF", "staff users, comma-separated platform:userid (console:staff,slack:U123,discord:456); console default: console:staff", false, g, st)
	g, st = str(func(c *Config) *string { return &c.ReviewChannel })
	add("IPDESK_REVIEW_CHANNEL", "where complaint cards go, platform:channel (slack:C0123, discord:1234); console default: console:review", false, g, st)
	g, st = str(func(c *Config) *string { return &c.LogLevel })
	add("IPDESK_LOG_LEVEL", "debug, info, warn or error (the console defaults to warn)", false, g, st)
	g, st = str(func(c *Config) *string { return &c.LogFormat })
	add("IPDESK_LOG_FORMAT", "text or json", false, g, st)
	g, st = str(func(c *Config) *string { return &c.HealthAddr })
	add("IPDESK_HEALTH_ADDR", "address for /livez, /readyz, /healthz and /metrics, e.g. 127.0.0.1:8081 (off when empty)", false, g, st)
	add("IPDESK_SHUTDOWN_TIMEOUT", "on SIGTERM, how long events in flight may take to finish (e.g. 20s)", false,
		func(c *Config) string { return c.ShutdownTimeout.String() },
		func(c *Config, v string) error {
			d, err := time.ParseDuration(strings.TrimSpace(v))
			if err != nil || d < 0 || d > time.Hour {
				return fmt.Errorf("want a duration from 0s to 1h such as 20s, got %q", v)
			}
			c.ShutdownTimeout = d
			return nil
		})
	add("IPDESK_REPORT_LANG", "language of the weekly report and its chart: en or zh", false,
		func(c *Config) string { return c.ReportLang },
		func(c *Config, v string) error {
			v = strings.ToLower(strings.TrimSpace(v))
			if v != "en" && v != "zh" {
				return fmt.Errorf("want en or zh, got %q", v)
			}
			c.ReportLang = v
			return nil
		})
	gb, stb := boolean(func(c *Config) *bool { return &c.WeeklyReport })
	add("IPDESK_WEEKLY_REPORT", "post the weekly report to the review channel every Monday (default true with Slack or Discord, false in the console)", false, gb, stb)
	g, st = str(func(c *Config) *string { return &c.ReportDir })
	add("IPDESK_REPORT_DIR", "folder for report charts the platform cannot show (the console); default reports/ beside IPDESK_DB", false, g, st)
	g, st = str(func(c *Config) *string { return &c.ReportFont })
	add("IPDESK_REPORT_FONT", "font file with Chinese glyphs for charts in Chinese; default: look in the usual system folders", false, g, st)
	g, st = str(func(c *Config) *string { return &c.KBDir })
	add("IPDESK_KB_DIR", "folder of extra or overriding knowledge-base articles (en/, zh/); re-read on change", false, g, st)
	gi, sti := boundedInt(func(c *Config) *int { return &c.KBStaleDays }, "days", 1, 100*366)
	add("IPDESK_KB_STALE_DAYS", "kb lint warns about facts whose check date is older than this many days", false, gi, sti)
	g, st = str(func(c *Config) *string { return &c.Watchlist })
	add("IPDESK_WATCHLIST", "file of extra brand names for the listing check, one per line", false, g, st)
	g, st = str(func(c *Config) *string { return &c.Messages })
	add("IPDESK_MESSAGES", "folder of message files (en.json, zh.json, …) overriding the bundled texts or adding a language", false, g, st)
	add("IPDESK_REVIEW_LANG", "language of the review channel: cards, reminders and alerts (en, zh)", false,
		func(c *Config) string { return c.ReviewLang },
		func(c *Config, v string) error {
			l, ok := i18n.Default().Match(v)
			if !ok {
				// A language added by IPDESK_MESSAGES is checked once
				// the catalog is loaded.
				l = i18n.Lang(strings.ToLower(strings.TrimSpace(v)))
			}
			if l == "" {
				return errors.New("want a language such as en or zh")
			}
			c.ReviewLang = string(l)
			return nil
		})
	g, st = str(func(c *Config) *string { return &c.Replies })
	add("IPDESK_REPLIES", "file of saved replies staff choose from when rejecting or asking for information (Markdown, or YAML for .yaml/.yml); re-read on change", false, g, st)
	g, st = str(func(c *Config) *string { return &c.EvidenceDir })
	add("IPDESK_EVIDENCE_DIR", "folder where copies of complainants' files are kept, named by SHA-256 (default: evidence/ beside the database)", false, g, st)
	add("IPDESK_APPROVAL_LIMIT", "compensation above this amount needs a second staff member to confirm", false,
		func(c *Config) string { return strconv.FormatFloat(c.ApprovalLimit, 'f', -1, 64) },
		func(c *Config, v string) error {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil || f < 0 || f > 1e12 {
				return fmt.Errorf("want an amount of zero or more, got %q", v)
			}
			c.ApprovalLimit = f
			return nil
		})
	add("IPDESK_DEFAULT_CURRENCY", "currency proposed in compensation forms (ISO 4217)", false,
		func(c *Config) string { return c.DefaultCurrency },
		func(c *Config, v string) error {
			code, err := ipdesk.ParseCurrency(v)
			if err != nil {
				return fmt.Errorf("want an ISO 4217 currency code such as USD or EUR, got %q", v)
			}
			c.DefaultCurrency = code
			return nil
		})
	gi, sti = boundedInt(func(c *Config) *int { return &c.SLAHours }, "hours", 1, 24*366)
	add("IPDESK_SLA_HOURS", "remind staff once when a complaint has waited this many hours", false, gi, sti)
	// One report is not a pattern: the alert is for a seller reported again.
	gi, sti = boundedInt(func(c *Config) *int { return &c.RepeatThreshold }, "reports", 2, 1000)
	add("IPDESK_REPEAT_THRESHOLD", "alert staff when a seller is reported this many times in 30 days", false, gi, sti)
	add("IPDESK_DRAFT_EXPIRY", "unfinished complaint drafts expire after this long (e.g. 168h)", false,
		func(c *Config) string { return c.DraftExpiry.String() },
		func(c *Config, v string) error {
			d, err := time.ParseDuration(strings.TrimSpace(v))
			if err != nil || d < time.Minute || d > 366*24*time.Hour {
				return fmt.Errorf("want a duration from 1m to 8784h such as 168h, got %q", v)
			}
			c.DraftExpiry = d
			return nil
		})
	add("IPDESK_INFO_TIMEOUT", "how long a complaint waits for the complainant's answer to staff's question: one reminder at half, closed as unanswered at the end (e.g. 168h)", false,
		func(c *Config) string { return c.InfoTimeout.String() },
		func(c *Config, v string) error {
			d, err := time.ParseDuration(strings.TrimSpace(v))
			if err != nil || d < 2*time.Minute || d > 366*24*time.Hour {
				return fmt.Errorf("want a duration from 2m to 8784h such as 168h, got %q", v)
			}
			c.InfoTimeout = d
			return nil
		})
	gi, sti = boundedInt(func(c *Config) *int { return &c.AppealDays }, "days", 1, 3660)
	add("IPDESK_APPEAL_DAYS", "a rejected complainant may appeal once within this many days", false, gi, sti)
	g, st = str(func(c *Config) *string { return &c.SlackBotToken })
	add("SLACK_BOT_TOKEN", "Slack bot token (xoxb-…); enables Slack", true, g, st)
	g, st = str(func(c *Config) *string { return &c.SlackAppToken })
	add("SLACK_APP_TOKEN", "Slack app-level token (xapp-…) for Socket Mode", true, g, st)
	g, st = str(func(c *Config) *string { return &c.SlackSigningSecret })
	add("SLACK_SIGNING_SECRET", "Slack signing secret, for the HTTP Events API mode", true, g, st)
	g, st = str(func(c *Config) *string { return &c.SlackHTTPAddr })
	add("IPDESK_SLACK_HTTP_ADDR", "listen address for Slack's HTTP Events API instead of Socket Mode, e.g. :3000", false, g, st)
	g, st = str(func(c *Config) *string { return &c.SlackAPIURL })
	add("SLACK_API_URL", "Slack API base URL (GovSlack, proxies); default Slack's", false, g, st)
	g, st = list(func(c *Config) *[]string { return &c.SlackStaffGroups })
	add("IPDESK_SLACK_STAFF_GROUPS", "Slack user group ids whose members are staff, comma-separated", false, g, st)
	g, st = str(func(c *Config) *string { return &c.DiscordToken })
	add("DISCORD_BOT_TOKEN", "Discord bot token; enables Discord", true, g, st)
	g, st = str(func(c *Config) *string { return &c.DiscordAPIURL })
	add("DISCORD_API_URL", "Discord API base URL (REST proxies); default Discord's", false, g, st)
	g, st = str(func(c *Config) *string { return &c.DiscordGuildID })
	add("DISCORD_GUILD_ID", "register slash commands in this server only (they appear at once)", false, g, st)
	gb, stb = boolean(func(c *Config) *bool { return &c.DiscordMessageContent })
	add("IPDESK_DISCORD_MESSAGE_CONTENT", "request Discord's privileged message-content intent (true/false)", false, gb, stb)
	g, st = list(func(c *Config) *[]string { return &c.DiscordStaffRoles })
	add("IPDESK_DISCORD_STAFF_ROLES", "Discord role ids whose members are staff, comma-separated", false, g, st)
	add("IPDESK_DISCORD_SHARD", "run Discord shard i of n (i/n, from 0/n), one per replica: guilds by (guild_id >> 22) % n, direct messages on shard 0; only shard 0 registers the slash commands", false,
		func(c *Config) string {
			if c.DiscordShards <= 1 {
				return ""
			}
			return fmt.Sprintf("%d/%d", c.DiscordShard, c.DiscordShards)
		},
		func(c *Config, v string) error {
			i, n, ok := strings.Cut(strings.TrimSpace(v), "/")
			si, err1 := strconv.Atoi(i)
			sn, err2 := strconv.Atoi(n)
			if !ok || err1 != nil || err2 != nil || sn < 1 || sn > 4096 || si < 0 || si >= sn {
				return fmt.Errorf("want i/n with 0 <= i < n, such as 0/3, got %q", v)
			}
			c.DiscordShard, c.DiscordShards = si, sn
			return nil
		})
	return s
}()

func splitList(v string) []string {
	var out []string
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// settingError is a bad setting: one line naming it and what is wrong.
type settingError struct {
	env string
	err error
}

func (e *settingError) Error() string { return fmt.Sprintf("%s: %v", e.env, e.err) }

// Load fills c from the environment (getenv) and then from flags in args,
// and checks the result. It returns the arguments left after the flags.
func (c *Config) Load(getenv func(string) string, fs *flag.FlagSet, args []string) ([]string, error) {
	for _, s := range settings {
		if v := getenv(s.env); v != "" {
			if err := s.set(c, v); err != nil {
				return nil, &settingError{s.env, err}
			}
			c.explicit[s.env] = true
		}
	}
	var flagErr error
	for _, s := range settings {
		s := s
		def := s.get(c)
		if s.secret && def != "" {
			def = "(set)"
		}
		fs.Func(s.flagName(), s.help+" ["+s.env+"]", func(v string) error {
			if err := s.set(c, v); err != nil {
				if flagErr == nil {
					flagErr = &settingError{"--" + s.flagName(), err}
				}
				return err
			}
			c.explicit[s.env] = true
			return nil
		})
	}
	if err := fs.Parse(args); err != nil {
		if flagErr != nil {
			return nil, flagErr
		}
		return nil, err
	}
	return fs.Args(), c.check()
}

// EvidenceFolder returns the folder of kept evidence: IPDESK_EVIDENCE_DIR,
// or "evidence" beside the database, so that a backup of the database's
// folder holds both.
func (c *Config) EvidenceFolder() string {
	if c.EvidenceDir != "" {
		return c.EvidenceDir
	}
	return filepath.Join(c.dbFolder(), "evidence")
}

// dbFolder is the folder beside the database: the SQLite file's, or the
// working folder for a PostgreSQL URL (never a path made of the URL, which
// holds the password).
func (c *Config) dbFolder() string {
	if postgres.IsURL(c.DB) {
		return "."
	}
	return filepath.Dir(c.DB)
}

// ConsoleMode reports whether no platform is configured, so the console runs.
func (c *Config) ConsoleMode() bool { return c.SlackBotToken == "" && c.DiscordToken == "" }

// check validates the settings together and applies mode defaults.
func (c *Config) check() error {
	if c.DB == "" {
		return &settingError{"IPDESK_DB", errors.New("must not be empty")}
	}
	for _, s := range c.Staff {
		p, id, ok := strings.Cut(s, ":")
		if !ok || id == "" || !knownPlatform(p) {
			return &settingError{"IPDESK_STAFF", fmt.Errorf("entry %q: want platform:userid with platform console, slack or discord", s)}
		}
	}
	if c.KBDir != "" {
		if fi, err := os.Stat(c.KBDir); err != nil || !fi.IsDir() {
			return &settingError{"IPDESK_KB_DIR", fmt.Errorf("%q is not a folder (want a folder with en/ and zh/ article folders)", c.KBDir)}
		}
	}
	if c.ReportDir == "" {
		c.ReportDir = filepath.Join(c.dbFolder(), "reports")
	}
	if c.ReportFont != "" {
		if fi, err := os.Stat(c.ReportFont); err != nil || fi.IsDir() {
			return &settingError{"IPDESK_REPORT_FONT", fmt.Errorf("%q is not a readable file", c.ReportFont)}
		}
	}
	if c.Watchlist != "" {
		if fi, err := os.Stat(c.Watchlist); err != nil || fi.IsDir() {
			return &settingError{"IPDESK_WATCHLIST", fmt.Errorf("%q is not a readable file", c.Watchlist)}
		}
	}
	if c.Replies != "" {
		if fi, err := os.Stat(c.Replies); err != nil || fi.IsDir() {
			return &settingError{"IPDESK_REPLIES", fmt.Errorf("%q is not a readable file", c.Replies)}
		}
	}
	if _, err := parseLevel(c.LogLevel); err != nil {
		return &settingError{"IPDESK_LOG_LEVEL", err}
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return &settingError{"IPDESK_LOG_FORMAT", fmt.Errorf("want text or json, got %q", c.LogFormat)}
	}
	if c.SlackBotToken != "" {
		if !strings.HasPrefix(c.SlackBotToken, "xoxb-") {
			return &settingError{"SLACK_BOT_TOKEN", errors.New("want a bot token starting with xoxb-")}
		}
		if c.SlackHTTPAddr == "" && c.SlackAppToken == "" {
			return &settingError{"SLACK_APP_TOKEN", errors.New("required for Socket Mode (an xapp- token); or set IPDESK_SLACK_HTTP_ADDR and SLACK_SIGNING_SECRET for the HTTP mode")}
		}
		if c.SlackAppToken != "" && !strings.HasPrefix(c.SlackAppToken, "xapp-") {
			return &settingError{"SLACK_APP_TOKEN", errors.New("want an app-level token starting with xapp-")}
		}
		if c.SlackHTTPAddr != "" && c.SlackSigningSecret == "" {
			return &settingError{"SLACK_SIGNING_SECRET", errors.New("required with IPDESK_SLACK_HTTP_ADDR, to verify that requests come from Slack")}
		}
	} else if c.SlackAppToken != "" || c.SlackHTTPAddr != "" {
		return &settingError{"SLACK_BOT_TOKEN", errors.New("required when other Slack settings are given")}
	}
	if c.ConsoleMode() {
		if !c.explicit["IPDESK_STAFF"] {
			c.Staff = []string{"console:staff"}
		}
		if !c.explicit["IPDESK_LOG_LEVEL"] {
			c.LogLevel = "warn"
		}
		if c.ReviewChannel == "" {
			c.ReviewChannel = "console:review"
		}
		if !c.explicit["IPDESK_WEEKLY_REPORT"] {
			c.WeeklyReport = false
		}
	}
	if c.ReviewChannel == "" {
		return &settingError{"IPDESK_REVIEW_CHANNEL", errors.New("required when Slack or Discord is configured, e.g. slack:C0123ABC or discord:123456789")}
	}
	a, err := bot.ParseAddress(c.ReviewChannel)
	if err != nil {
		return &settingError{"IPDESK_REVIEW_CHANNEL", err}
	}
	if !c.platformEnabled(a.Platform) {
		return &settingError{"IPDESK_REVIEW_CHANNEL", fmt.Errorf("is on %s, which is not configured", a.Platform)}
	}
	return nil
}

func (c *Config) platformEnabled(p string) bool {
	switch p {
	case bot.Console:
		return c.ConsoleMode()
	case bot.Slack:
		return c.SlackBotToken != ""
	case bot.Discord:
		return c.DiscordToken != ""
	}
	return false
}

func knownPlatform(p string) bool { return p == bot.Console || p == bot.Slack || p == bot.Discord }

func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return 0, fmt.Errorf("want debug, info, warn or error, got %q", s)
	}
	return l, nil
}

// Logger returns the logger the settings ask for, writing to w.
func (c *Config) Logger(w io.Writer) *slog.Logger {
	level, _ := parseLevel(c.LogLevel)
	opts := &slog.HandlerOptions{Level: level}
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// printSettings writes the settings table for --help.
func printSettings(w io.Writer) {
	fmt.Fprintln(w, "Settings (environment variable, or the flag shown):")
	def := DefaultConfig()
	for _, s := range settings {
		d := s.get(&def)
		switch {
		case s.secret:
			d = " (a secret: set it in the environment, since flags show in process lists)"
		case d != "":
			d = " (default " + d + ")"
		}
		fmt.Fprintf(w, "  %s (--%s)\n      %s%s\n", s.env, s.flagName(), s.help, d)
	}
}
