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
	code, out, errOut := runMain(t, "help\n", nil)
	if code != 0 {
		t.Fatalf("exit %d; stderr: %s", code, errOut)
	}
	if !strings.Contains(out, "you> help") || !strings.Contains(out, "help — show what I can do") {
		t.Errorf("output:\n%s", out)
	}
}

func TestUsageListsCommandsAndSettings(t *testing.T) {
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

func TestBadSettingsStopStartWithOneLine(t *testing.T) {
	tests := []struct {
		env  map[string]string
		args []string
		want string
	}{
		{map[string]string{"IPDESK_SLA_HOURS": "abc"}, nil, "ipdesk: IPDESK_SLA_HOURS: want a whole number of hours from 1 to 8784, got \"abc\"\n"},
		{nil, []string{"--sla-hours", "-3"}, "--sla-hours: want a whole number of hours from 1 to 8784"},
		{map[string]string{"IPDESK_SLA_HOURS": "99999999999"}, nil, "IPDESK_SLA_HOURS: want a whole number of hours from 1 to 8784"},
		{map[string]string{"IPDESK_REPEAT_THRESHOLD": "1"}, nil, "IPDESK_REPEAT_THRESHOLD: want a whole number of reports from 2 to 1000"},
		{map[string]string{"IPDESK_DEFAULT_CURRENCY": "ABC"}, nil, "IPDESK_DEFAULT_CURRENCY: want an ISO 4217 currency code"},
		{map[string]string{"IPDESK_KB_DIR": filepath.Join("no", "such", "folder")}, nil, "IPDESK_KB_DIR: \"no/such/folder\" is not a folder"},
		{map[string]string{"IPDESK_WATCHLIST": filepath.Join("no", "such", "file")}, nil, "IPDESK_WATCHLIST: \"no/such/file\" is not a readable file"},
		{map[string]string{"IPDESK_STAFF": "staff"}, nil, "IPDESK_STAFF: entry \"staff\": want platform:userid"},
		{map[string]string{"IPDESK_REVIEW_CHANNEL": "teams:general"}, nil, "IPDESK_REVIEW_CHANNEL: address \"teams:general\": unknown platform"},
		{map[string]string{"IPDESK_REVIEW_CHANNEL": "slack:C1"}, nil, "IPDESK_REVIEW_CHANNEL: is on slack, which is not configured"},
		{map[string]string{"SLACK_BOT_TOKEN": "xoxb-1"}, nil, "SLACK_APP_TOKEN: required for Socket Mode"},
		{map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"}, nil, "IPDESK_REVIEW_CHANNEL: required when Slack or Discord is configured"},
		{map[string]string{"SLACK_BOT_TOKEN": "secret-value"}, nil, "SLACK_BOT_TOKEN: want a bot token starting with xoxb-"},
		{map[string]string{"IPDESK_DEFAULT_CURRENCY": "dollars"}, nil, "IPDESK_DEFAULT_CURRENCY: want an ISO 4217 currency code"},
		{map[string]string{"IPDESK_LOG_LEVEL": "loud"}, nil, "IPDESK_LOG_LEVEL: want debug, info, warn or error"},
		{map[string]string{"IPDESK_DB": filepath.Join("no", "such", "dir", "x.db")}, nil, "open database"},
		{map[string]string{"IPDESK_DISCORD_SHARD": "3/3"}, nil, "IPDESK_DISCORD_SHARD: want i/n with 0 <= i < n"},
		{map[string]string{"IPDESK_DISCORD_SHARD": "one of two"}, nil, "IPDESK_DISCORD_SHARD: want i/n"},
		{map[string]string{"IPDESK_DB": "postgres://ipdesk:secret-value@127.0.0.1:1/ipdesk?connect_timeout=1"}, nil, "open database postgres://ipdesk:xxxxx@127.0.0.1:1/ipdesk"},
	}
	for _, tt := range tests {
		code, out, errOut := runMain(t, "help\n", tt.env, tt.args...)
		if code == 0 {
			t.Errorf("%v %v: started anyway; output %q", tt.env, tt.args, out)
			continue
		}
		if !strings.Contains(errOut, tt.want) {
			t.Errorf("%v %v: stderr %q, want it to contain %q", tt.env, tt.args, errOut, tt.want)
		}
		if strings.Contains(errOut, "secret-value") {
			t.Errorf("a token value reached the error output: %q", errOut)
		}
		if n := strings.Count(strings.TrimSpace(errOut), "\n"); n > 0 && !strings.HasPrefix(tt.want, "open database") {
			t.Errorf("%v: %d lines of errors, want one: %q", tt.env, n+1, errOut)
		}
	}
}

func TestUnknownSubcommand(t *testing.T) {
	code, _, errOut := runMain(t, "", nil, "frobnicate")
	if code != 2 || !strings.Contains(errOut, `unknown command "frobnicate"`) {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

func TestToolsRefuseAMissingDatabase(t *testing.T) {
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
