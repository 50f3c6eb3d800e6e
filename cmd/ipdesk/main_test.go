package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// runMain runs ipdesk in-process with the given input, environment and
// arguments, and returns its exit code and output.
func runMain(t *testing.T, stdin string, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	if _, ok := env["IPDESK_DB"]; !ok {
		if env == nil {
			env = map[string]string{}
		}
		env["IPDESK_DB"] = filepath.Join(t.TempDir(), "ipdesk.db")
	}
	e := &Env{
		Stdin:  strings.NewReader(stdin),
		Stdout: &out,
		Stderr: &errOut,
		Getenv: func(k string) string { return env[k] },
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	code := Main(ctx, e, args)
	if ctx.Err() != nil {
		t.Fatalf("ipdesk %v did not finish", args)
	}
	return code, out.String(), errOut.String()
}

func TestScriptedConsoleHelp(t *testing.T) {
	t.Parallel()
	code, out, errOut := runMain(t, "help\n", nil)
	if code != 0 {
		t.Fatalf("exit %d; stderr: %s", code, errOut)
	}
	if !strings.Contains(out, "you> help") || !strings.Contains(out, "help — show what I can do") {
		t.Errorf("output:\n%s", out)
	}
}

func TestUsageListsCommandsAndSettings(t *testing.T) {
	t.Parallel()
	code, out, _ := runMain(t, "", nil, "--help")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"run", "version", "IPDESK_DB", "IPDESK_STAFF", "SLACK_BOT_TOKEN", "--sla-hours"} {
		if !strings.Contains(out, want) {
			t.Errorf("--help lacks %q", want)
		}
	}
}

// TestBadSettingsStopStartWithOneLineEach gives bad settings, alone and
// together, and expects start-up to stop with one line for each, naming
// the variable or flag, and never a token's value.
func TestBadSettingsStopStartWithOneLineEach(t *testing.T) {
	t.Parallel()
	tests := []struct {
		env  map[string]string
		args []string
		want []string // one per line, in order
	}{
		{map[string]string{"IPDESK_SLA_HOURS": "abc"}, nil, []string{"ipdesk: IPDESK_SLA_HOURS: want a whole number of hours from 1 to 8784, got \"abc\""}},
		{nil, []string{"--sla-hours", "-3"}, []string{"--sla-hours: want a whole number of hours from 1 to 8784"}},
		{map[string]string{"IPDESK_SLA_HOURS": "99999999999"}, nil, []string{"IPDESK_SLA_HOURS: want a whole number of hours from 1 to 8784"}},
		{map[string]string{"IPDESK_REPEAT_THRESHOLD": "1"}, nil, []string{"IPDESK_REPEAT_THRESHOLD: want a whole number of reports from 2 to 1000"}},
		{map[string]string{"IPDESK_DEFAULT_CURRENCY": "ABC"}, nil, []string{"IPDESK_DEFAULT_CURRENCY: want an ISO 4217 currency code"}},
		{map[string]string{"IPDESK_KB_DIR": filepath.Join("no", "such", "folder")}, nil, []string{"IPDESK_KB_DIR: \"no/such/folder\" is not a folder"}},
		{map[string]string{"IPDESK_WATCHLIST": filepath.Join("no", "such", "file")}, nil, []string{"IPDESK_WATCHLIST: \"no/such/file\" is not a readable file"}},
		{map[string]string{"IPDESK_STAFF": "staff"}, nil, []string{"IPDESK_STAFF: entry \"staff\": want platform:userid with platform console, slack or discord"}},
		{map[string]string{"IPDESK_REVIEW_CHANNEL": "teams:general"}, nil, []string{"IPDESK_REVIEW_CHANNEL: is on teams, which is not configured"}},
		{map[string]string{"IPDESK_REVIEW_CHANNEL": "<!here>:general"}, nil, []string{"IPDESK_REVIEW_CHANNEL: address \"<!here>:general\": \"<!here>\" is not a platform id"}},
		{map[string]string{"IPDESK_REVIEW_CHANNEL": "slack:C1"}, nil, []string{"IPDESK_REVIEW_CHANNEL: is on slack, which is not configured"}},
		{map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "IPDESK_REVIEW_CHANNEL": "slack:C1"}, nil, []string{"SLACK_APP_TOKEN: required for Socket Mode"}},
		{map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"}, nil, []string{"IPDESK_REVIEW_CHANNEL: required when Slack or Discord is configured"}},
		{map[string]string{"SLACK_APP_TOKEN": "xapp-1"}, nil, []string{"SLACK_BOT_TOKEN: required when other Slack settings are given"}},
		{map[string]string{"IPDESK_DEFAULT_CURRENCY": "dollars"}, nil, []string{"IPDESK_DEFAULT_CURRENCY: want an ISO 4217 currency code"}},
		{map[string]string{"IPDESK_LOG_LEVEL": "loud"}, nil, []string{"IPDESK_LOG_LEVEL: want debug, info, warn or error"}},
		{map[string]string{"DISCORD_BOT_TOKEN": "secret-value", "DISCORD_API_URL": "discord.com", "IPDESK_DISCORD_STAFF_ROLES": "77,mods", "IPDESK_REVIEW_CHANNEL": "discord:1"}, nil,
			[]string{"DISCORD_API_URL: want an http or https URL", "IPDESK_DISCORD_STAFF_ROLES: \"mods\" is not a role id"}},
		// Every bad setting at once, from the environment and flags, the
		// tokens' values never shown.
		{map[string]string{"IPDESK_SLA_HOURS": "abc", "IPDESK_LOG_LEVEL": "loud", "SLACK_BOT_TOKEN": "secret-value", "SLACK_APP_TOKEN": "secret-value"}, []string{"--repeat-threshold", "1", "--log-format=xml"},
			[]string{"--repeat-threshold: want a whole number of reports", "IPDESK_SLA_HOURS: want a whole number of hours", "IPDESK_LOG_LEVEL: want debug", "IPDESK_LOG_FORMAT: want text or json, got \"xml\"",
				"SLACK_BOT_TOKEN: want a bot token starting with xoxb-", "SLACK_APP_TOKEN: want an app-level token starting with xapp-", "IPDESK_REVIEW_CHANNEL: required when Slack or Discord is configured"}},
		{map[string]string{"IPDESK_DISCORD_SHARD": "3/3"}, nil, []string{"IPDESK_DISCORD_SHARD: want i/n with 0 <= i < n"}},
		{map[string]string{"IPDESK_DISCORD_SHARD": "one of two"}, nil, []string{"IPDESK_DISCORD_SHARD: want i/n"}},
		// A flag wins over the variable, bad or not.
		{map[string]string{"IPDESK_SLA_HOURS": "abc"}, []string{"--sla-hours=0"}, []string{"--sla-hours: want a whole number of hours"}},
	}
	for _, tt := range tests {
		code, out, errOut := runMain(t, "help\n", tt.env, tt.args...)
		if code == 0 {
			t.Errorf("%v %v: started anyway; output %q", tt.env, tt.args, out)
			continue
		}
		lines := strings.Split(strings.TrimSuffix(errOut, "\n"), "\n")
		if len(lines) != len(tt.want) {
			t.Errorf("%v %v: %d lines, want %d:\n%s", tt.env, tt.args, len(lines), len(tt.want), errOut)
			continue
		}
		for i, w := range tt.want {
			if !strings.HasPrefix(lines[i], "ipdesk: ") || !strings.Contains(lines[i], w) {
				t.Errorf("%v %v: line %d is %q, want it to contain %q", tt.env, tt.args, i+1, lines[i], w)
			}
		}
		if strings.Contains(errOut, "secret-value") {
			t.Errorf("a token value reached the error output: %q", errOut)
		}
	}
	// A database that cannot be opened is found after the settings; a
	// PostgreSQL URL's password is never shown.
	for db, want := range map[string]string{
		filepath.Join("no", "such", "dir", "x.db"):                            "open database",
		"postgres://ipdesk:secret-value@127.0.0.1:1/ipdesk?connect_timeout=1": "open database postgres://ipdesk:xxxxx@127.0.0.1:1/ipdesk",
	} {
		if code, _, errOut := runMain(t, "help\n", map[string]string{"IPDESK_DB": db}); code == 0 || !strings.Contains(errOut, want) || strings.Contains(errOut, "secret-value") {
			t.Errorf("%s: exit %d, stderr %q", db, code, errOut)
		}
	}
}

// TestReadmeListsEverySetting checks the README's settings table against
// the settings, both ways, so that it stays true.
func TestReadmeListsEverySetting(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, table, _ := strings.Cut(string(b), "\n## Settings\n")
	table, _, _ = strings.Cut(table, "\n## ")
	listed := map[string]bool{}
	for _, m := range regexp.MustCompile("(?m)^\\| `([A-Z_]+)` \\|").FindAllStringSubmatch(table, -1) {
		listed[m[1]] = true
	}
	def := DefaultConfig()
	for _, s := range def.settings() {
		if !listed[s.env] {
			t.Errorf("the README's settings table lacks %s", s.env)
		}
		delete(listed, s.env)
	}
	// The Go runtime reads GOGC and GOMEMLIMIT itself; ipdesk only gives
	// GOGC its own default (setGCDefaults), and the table says so.
	for _, env := range []string{"GOGC", "GOMEMLIMIT"} {
		if !listed[env] {
			t.Errorf("the README's settings table lacks the Go runtime's %s", env)
		}
		delete(listed, env)
	}
	for env := range listed {
		t.Errorf("the README's settings table lists %s, which is no setting", env)
	}
}

// TestHelpShowsNoSecret sets every secret in the environment and as flags
// and expects help to name each setting without showing a value.
func TestHelpShowsNoSecret(t *testing.T) {
	t.Parallel()
	env := map[string]string{}
	var args []string
	def := DefaultConfig()
	for _, s := range def.settings() {
		if s.secret {
			env[s.env] = "secret-value-" + s.env
			args = append(args, "--"+s.flagName()+"=flag-secret")
		}
	}
	if len(env) < 4 {
		t.Fatalf("%d secrets, want the Slack and Discord tokens at least", len(env))
	}
	for _, a := range [][]string{{"--help"}, append(args, "--help"), {"run", "--help"}} {
		_, out, errOut := runMain(t, "", env, a...)
		if strings.Contains(out+errOut, "secret-value") || strings.Contains(out+errOut, "flag-secret") {
			t.Errorf("%v: help shows a secret:\n%s", a, out+errOut)
		}
		for k := range env {
			if !strings.Contains(out, k) {
				t.Errorf("%v: help does not name %s", a, k)
			}
		}
	}
}

func TestUnknownSubcommand(t *testing.T) {
	t.Parallel()
	code, _, errOut := runMain(t, "", nil, "frobnicate")
	if code != 2 || !strings.Contains(errOut, `unknown command "frobnicate"`) {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

func TestToolsRefuseAMissingDatabase(t *testing.T) {
	t.Parallel()
	missing := filepath.Join(t.TempDir(), "typo.db")
	for _, args := range [][]string{{"complaints", "export", "--format", "csv"}, {"kb", "gaps"}} {
		code, out, errOut := runMain(t, "", map[string]string{"IPDESK_DB": missing}, args...)
		if code == 0 || !strings.Contains(errOut, "IPDESK_DB: no database at") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errOut)
		}
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("a tool created the mistyped database file")
	}
}

// runConsole types lines at the console, as `ipdesk` serves it with no
// platform configured, on env's database; the process must end with exit
// code 0. It returns the transcript.
func runConsole(t *testing.T, env map[string]string, lines ...string) string {
	t.Helper()
	code, out, errOut := runMain(t, strings.Join(lines, "\n")+"\n", env)
	if code != 0 {
		t.Fatalf("exit %d; %s", code, errOut)
	}
	return out
}

// checkTranscript fails the test for each text the transcript lacks.
func checkTranscript(t *testing.T, out string, want ...string) {
	t.Helper()
	for _, s := range want {
		if !strings.Contains(out, s) {
			t.Errorf("transcript lacks %q:\n%s", s, out)
		}
	}
}

var receiptPat = regexp.MustCompile(`filed as (IPD-[0-9A-Z]{5})`)

// filedRef returns the reference the console's receipt gave the complaint.
func filedRef(t *testing.T, out string) string {
	t.Helper()
	ref := receiptPat.FindStringSubmatch(out)
	if ref == nil {
		t.Fatalf("no receipt:\n%s", out)
	}
	return ref[1]
}

// exportCSV runs `ipdesk complaints export --format csv` with args on env's
// database, where the export must find one complaint, and returns the
// header and that complaint's record by column name.
func exportCSV(t *testing.T, env map[string]string, args ...string) ([]string, map[string]string) {
	t.Helper()
	code, out, errOut := runMain(t, "", env, append([]string{"complaints", "export", "--format", "csv"}, args...)...)
	if code != 0 {
		t.Fatalf("export: exit %d; %s", code, errOut)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(rows) != 2 {
		t.Fatalf("csv rows = %d, %v:\n%s", len(rows), err, out)
	}
	rec := map[string]string{}
	for i, h := range rows[0] {
		rec[h] = rows[1][i]
	}
	return rows[0], rec
}
