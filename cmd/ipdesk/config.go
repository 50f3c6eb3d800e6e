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

	"github.com/peterbourgon/ff/v3"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/i18n"
	"github.com/ipdesk/ipdesk/knowledge"
	"github.com/ipdesk/ipdesk/postgres"
)

// Config is everything ipdesk can be told at start-up. Each field comes from
// an environment variable and can be overridden by the flag of the same name
// (IPDESK_SLA_HOURS → --sla-hours). Secrets are marked so that they never
// appear in help defaults, logs or errors. A platform's settings are its
// own (platforms), not fields here.
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

	// platforms are the chat platforms besides the console, each holding
	// its own settings, which fill its adapter's options (see platform).
	platforms []platform

	// explicit records which settings were given, so defaults that depend
	// on the mode (console or platforms) apply only to unset ones.
	explicit map[string]bool
}

// DefaultConfig returns the settings used when nothing is given: the console
// on ./ipdesk.db with user "staff" as staff and the review channel
// console:review, so the whole product can be tried alone.
func DefaultConfig() Config {
	c := Config{
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
	for _, p := range platforms {
		c.platforms = append(c.platforms, p())
	}
	return c
}

// setting is one configuration value: its environment variable, help text,
// and how to read and store it in the value it is bound to.
type setting struct {
	env    string
	help   string
	secret bool
	get    func() string
	set    func(v string) error
	// option is the adapter option the setting fills, by the name the
	// adapter's errors give it (bot.OptionError).
	option string
}

// flagName derives the flag from the variable: IPDESK_SLA_HOURS → sla-hours,
// SLACK_BOT_TOKEN → slack-bot-token.
func (s setting) flagName() string {
	return strings.ReplaceAll(strings.ToLower(strings.TrimPrefix(s.env, "IPDESK_")), "_", "-")
}

// fills names the adapter option the setting fills.
func (s setting) fills(option string) setting {
	s.option = option
	return s
}

func stringSetting(env, help string, p *string) setting {
	return setting{env: env, help: help, get: func() string { return *p },
		set: func(v string) error { *p = strings.TrimSpace(v); return nil }}
}

// secretSetting is a string that help never shows and errors never quote.
func secretSetting(env, help string, p *string) setting {
	s := stringSetting(env, help, p)
	s.secret = true
	return s
}

func listSetting(env, help string, p *[]string) setting {
	return setting{env: env, help: help, get: func() string { return strings.Join(*p, ",") },
		set: func(v string) error { *p = splitList(v); return nil }}
}

func intSetting(env, help string, p *int, unit string, lo, hi int) setting {
	return setting{env: env, help: help, get: func() string { return strconv.Itoa(*p) },
		set: func(v string) error {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil || n < lo || n > hi {
				return fmt.Errorf("want a whole number of %s from %d to %d, got %q", unit, lo, hi, v)
			}
			*p = n
			return nil
		}}
}

func boolSetting(env, help string, p *bool) setting {
	return setting{env: env, help: help, get: func() string { return strconv.FormatBool(*p) },
		set: func(v string) error {
			b, err := strconv.ParseBool(strings.TrimSpace(v))
			if err != nil {
				return fmt.Errorf("want true or false, got %q", v)
			}
			*p = b
			return nil
		}}
}

// durationSetting takes a duration from lo to hi; want says so in words.
func durationSetting(env, help string, p *time.Duration, lo, hi time.Duration, want string) setting {
	return setting{env: env, help: help, get: func() string { return p.String() },
		set: func(v string) error {
			d, err := time.ParseDuration(strings.TrimSpace(v))
			if err != nil || d < lo || d > hi {
				return fmt.Errorf("want %s, got %q", want, v)
			}
			*p = d
			return nil
		}}
}

// settings lists every setting bound to c, in the order help shows them:
// ipdesk's own, each platform's, then privacy's.
func (c *Config) settings() []setting {
	s := []setting{
		stringSetting("IPDESK_DB", "SQLite database file (created if missing), or a postgres:// URL of a PostgreSQL database shared by several replicas", &c.DB),
		listSetting("IPDESK_STAFF", "staff users, comma-separated platform:userid (console:staff,slack:U123,discord:456); console default: console:staff", &c.Staff),
		stringSetting("IPDESK_REVIEW_CHANNEL", "where complaint cards go, platform:channel (slack:C0123, discord:1234); console default: console:review", &c.ReviewChannel),
		stringSetting("IPDESK_LOG_LEVEL", "debug, info, warn or error (the console defaults to warn)", &c.LogLevel),
		stringSetting("IPDESK_LOG_FORMAT", "text or json", &c.LogFormat),
		stringSetting("IPDESK_HEALTH_ADDR", "address for /livez, /readyz, /healthz and /metrics, e.g. 127.0.0.1:8081 (off when empty)", &c.HealthAddr),
		durationSetting("IPDESK_SHUTDOWN_TIMEOUT", "on SIGTERM, how long events in flight may take to finish (e.g. 20s)", &c.ShutdownTimeout, 0, time.Hour, "a duration from 0s to 1h such as 20s"),
		{env: "IPDESK_REPORT_LANG", help: "language of the weekly report and its chart: en or zh",
			get: func() string { return c.ReportLang },
			set: func(v string) error {
				v = strings.ToLower(strings.TrimSpace(v))
				if v != "en" && v != "zh" {
					return fmt.Errorf("want en or zh, got %q", v)
				}
				c.ReportLang = v
				return nil
			}},
		boolSetting("IPDESK_WEEKLY_REPORT", "post the weekly report to the review channel every Monday (default true with Slack or Discord, false in the console)", &c.WeeklyReport),
		stringSetting("IPDESK_REPORT_DIR", "folder for report charts the platform cannot show (the console); default reports/ beside IPDESK_DB", &c.ReportDir),
		stringSetting("IPDESK_REPORT_FONT", "font file with Chinese glyphs for charts in Chinese; default: look in the usual system folders", &c.ReportFont),
		stringSetting("IPDESK_KB_DIR", "folder of extra or overriding knowledge-base articles (en/, zh/); re-read on change", &c.KBDir),
		intSetting("IPDESK_KB_STALE_DAYS", "kb lint warns about facts whose check date is older than this many days", &c.KBStaleDays, "days", 1, 100*366),
		stringSetting("IPDESK_WATCHLIST", "file of extra brand names for the listing check, one per line", &c.Watchlist),
		stringSetting("IPDESK_MESSAGES", "folder of message files (en.json, zh.json, …) overriding the bundled texts or adding a language", &c.Messages),
		{env: "IPDESK_REVIEW_LANG", help: "language of the review channel: cards, reminders and alerts (en, zh)",
			get: func() string { return c.ReviewLang },
			set: func(v string) error {
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
			}},
		stringSetting("IPDESK_REPLIES", "file of saved replies staff choose from when rejecting or asking for information (Markdown, or YAML for .yaml/.yml); re-read on change", &c.Replies),
		stringSetting("IPDESK_EVIDENCE_DIR", "folder where copies of complainants' files are kept, named by SHA-256 (default: evidence/ beside the database)", &c.EvidenceDir),
		{env: "IPDESK_APPROVAL_LIMIT", help: "compensation above this amount needs a second staff member to confirm",
			get: func() string { return strconv.FormatFloat(c.ApprovalLimit, 'f', -1, 64) },
			set: func(v string) error {
				f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
				if err != nil || f < 0 || f > 1e12 {
					return fmt.Errorf("want an amount of zero or more, got %q", v)
				}
				c.ApprovalLimit = f
				return nil
			}},
		{env: "IPDESK_DEFAULT_CURRENCY", help: "currency proposed in compensation forms (ISO 4217)",
			get: func() string { return c.DefaultCurrency },
			set: func(v string) error {
				code, err := ipdesk.ParseCurrency(v)
				if err != nil {
					return fmt.Errorf("want an ISO 4217 currency code such as USD or EUR, got %q", v)
				}
				c.DefaultCurrency = code
				return nil
			}},
		intSetting("IPDESK_SLA_HOURS", "remind staff once when a complaint has waited this many hours", &c.SLAHours, "hours", 1, 24*366),
		// One report is not a pattern: the alert is for a seller reported again.
		intSetting("IPDESK_REPEAT_THRESHOLD", "alert staff when a seller is reported this many times in 30 days", &c.RepeatThreshold, "reports", 2, 1000),
		durationSetting("IPDESK_DRAFT_EXPIRY", "unfinished complaint drafts expire after this long (e.g. 168h)", &c.DraftExpiry, time.Minute, 366*24*time.Hour, "a duration from 1m to 8784h such as 168h"),
		durationSetting("IPDESK_INFO_TIMEOUT", "how long a complaint waits for the complainant's answer to staff's question: one reminder at half, closed as unanswered at the end (e.g. 168h)", &c.InfoTimeout, 2*time.Minute, 366*24*time.Hour, "a duration from 2m to 8784h such as 168h"),
		intSetting("IPDESK_APPEAL_DAYS", "a rejected complainant may appeal once within this many days", &c.AppealDays, "days", 1, 3660),
	}
	for _, p := range c.platforms {
		s = append(s, p.settings()...)
	}
	return append(s, c.privacySettings()...)
}

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

// badSettings are every bad setting found, one line each.
type badSettings []error

func (b badSettings) Error() string {
	lines := make([]string, len(b))
	for i, err := range b {
		lines[i] = err.Error()
	}
	return strings.Join(lines, "\n")
}

// settingValue is a setting as a flag.Value, for ff to set from a flag or
// the environment. A bad value is recorded, not returned, so that parsing
// goes on and every bad setting is reported at once.
type settingValue struct {
	s       setting
	c       *Config
	bad     *badSettings
	fromEnv *bool // the value comes from the environment, not a flag
}

func (v *settingValue) String() string {
	if v == nil || v.s.get == nil || v.s.secret {
		return ""
	}
	return v.s.get()
}

func (v *settingValue) Set(value string) error {
	if err := v.s.set(value); err != nil {
		name := "--" + v.s.flagName()
		if *v.fromEnv {
			name = v.s.env
		}
		*v.bad = append(*v.bad, &settingError{name, err})
		return nil
	}
	v.c.explicit[v.s.env] = true
	return nil
}

// Load fills c from flags in args and, for each setting no flag gave, from
// the environment (getenv), with ff; then it checks the result. Every bad
// setting is reported, one line each, not only the first. It returns the
// arguments left after the flags.
func (c *Config) Load(getenv func(string) string, fs *flag.FlagSet, args []string) ([]string, error) {
	var bad badSettings
	fromEnv := false
	all := c.settings()
	for _, s := range all {
		fs.Var(&settingValue{s: s, c: c, bad: &bad, fromEnv: &fromEnv}, s.flagName(), s.help+" ["+s.env+"]")
	}
	err := ff.Parse(fs, args,
		// ff reads variables with os.Getenv, but an App is handed its
		// environment (Env.Getenv), so that tests can run many at once.
		// ff's config-file stage sets each flag not given on the command
		// line from whatever the parser reads: here the environment, with
		// an empty file (os.DevNull) standing for the file.
		ff.WithConfigFile(os.DevNull),
		ff.WithConfigFileParser(func(_ io.Reader, set func(name, value string) error) error {
			fromEnv = true
			for _, s := range all {
				if v := getenv(s.env); v != "" {
					if err := set(s.flagName(), v); err != nil {
						return err
					}
				}
			}
			return nil
		}))
	if err != nil {
		// ff says where the error was; the flag package's words suffice
		// ("flag provided but not defined: -x").
		if inner := errors.Unwrap(err); inner != nil {
			err = inner
		}
		return nil, err
	}
	bad = append(bad, c.check()...)
	if len(bad) > 0 {
		return nil, bad
	}
	return fs.Args(), nil
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
func (c *Config) ConsoleMode() bool {
	for _, p := range c.platforms {
		if p.configured() {
			return false
		}
	}
	return true
}

// check validates the settings together and applies mode defaults. It
// returns every bad setting it finds.
func (c *Config) check() badSettings {
	var bad badSettings
	add := func(env string, err error) { bad = append(bad, &settingError{env, err}) }
	if c.DB == "" {
		add("IPDESK_DB", errors.New("must not be empty"))
	}
	for _, s := range c.Staff {
		p, id, ok := strings.Cut(s, ":")
		if !ok || id == "" || !c.knownPlatform(p) {
			add("IPDESK_STAFF", fmt.Errorf("entry %q: want platform:userid with platform %s", s, c.platformIDs()))
			break
		}
	}
	if c.KBDir != "" {
		if fi, err := os.Stat(c.KBDir); err != nil || !fi.IsDir() {
			add("IPDESK_KB_DIR", fmt.Errorf("%q is not a folder (want a folder with en/ and zh/ article folders)", c.KBDir))
		}
	}
	if c.ReportDir == "" {
		c.ReportDir = filepath.Join(c.dbFolder(), "reports")
	}
	for _, f := range []struct{ env, path string }{{"IPDESK_REPORT_FONT", c.ReportFont}, {"IPDESK_WATCHLIST", c.Watchlist}, {"IPDESK_REPLIES", c.Replies}} {
		if f.path == "" {
			continue
		}
		if fi, err := os.Stat(f.path); err != nil || fi.IsDir() {
			add(f.env, fmt.Errorf("%q is not a readable file", f.path))
		}
	}
	if _, err := parseLevel(c.LogLevel); err != nil {
		add("IPDESK_LOG_LEVEL", err)
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		add("IPDESK_LOG_FORMAT", fmt.Errorf("want text or json, got %q", c.LogFormat))
	}
	for _, p := range c.platforms {
		bad = append(bad, p.check()...)
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
		add("IPDESK_REVIEW_CHANNEL", fmt.Errorf("required when %s is configured, e.g. %s", c.platformNames(), c.exampleChannels()))
	} else if a, err := bot.ParseAddress(c.ReviewChannel); err != nil {
		add("IPDESK_REVIEW_CHANNEL", err)
	} else if !c.platformEnabled(a.Platform) {
		add("IPDESK_REVIEW_CHANNEL", fmt.Errorf("is on %s, which is not configured", a.Platform))
	}
	return bad
}

// platformEnabled reports whether platform id runs with these settings:
// the console when no other platform is configured.
func (c *Config) platformEnabled(id string) bool {
	if id == bot.Console {
		return c.ConsoleMode()
	}
	for _, p := range c.platforms {
		if p.id() == id {
			return p.configured()
		}
	}
	return false
}

// knownPlatform reports whether id is the console or a platform ipdesk
// can run on.
func (c *Config) knownPlatform(id string) bool {
	for _, p := range c.platforms {
		if p.id() == id {
			return true
		}
	}
	return id == bot.Console
}

// platformIDs lists the platforms' ids for messages: "console, slack or
// discord".
func (c *Config) platformIDs() string {
	ids := []string{bot.Console}
	for _, p := range c.platforms {
		ids = append(ids, p.id())
	}
	return orList(ids)
}

// platformNames lists the platforms' names for messages: "Slack or
// Discord".
func (c *Config) platformNames() string {
	var names []string
	for _, p := range c.platforms {
		names = append(names, p.name())
	}
	return orList(names)
}

// exampleChannels shows a channel address on each platform.
func (c *Config) exampleChannels() string {
	var ex []string
	for _, p := range c.platforms {
		ex = append(ex, p.id()+":"+p.exampleChannel())
	}
	return orList(ex)
}

// orList joins words as "a, b or c".
func orList(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}

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
	for _, s := range def.settings() {
		d := s.get()
		switch {
		case s.secret:
			d = " (a secret: set it in the environment, since flags show in process lists)"
		case d != "":
			d = " (default " + d + ")"
		}
		fmt.Fprintf(w, "  %s (--%s)\n      %s%s\n", s.env, s.flagName(), s.help, d)
	}
}
