package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

// There is no container engine on the build machines, so the packaging
// files are checked by reading them: the essentials an operator relies on
// are there, and they agree with what the binary does.

// instruction is one Dockerfile instruction, continuation lines joined.
type instruction struct {
	cmd  string // upper case: FROM, RUN, USER, …
	args string
	line int
}

// parseDockerfile splits a Dockerfile into instructions the way the
// builder does: comments and blank lines dropped, lines ending in a
// backslash joined with the next.
func parseDockerfile(t *testing.T, path string) []instruction {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []instruction
	var cur strings.Builder
	start := 0
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "#") || (line == "" && cur.Len() == 0) {
			continue
		}
		if cur.Len() == 0 {
			start = n
		}
		if cont := strings.HasSuffix(line, "\\"); cont {
			cur.WriteString(strings.TrimSuffix(line, "\\") + " ")
			continue
		}
		cur.WriteString(line)
		cmd, args, _ := strings.Cut(strings.TrimSpace(cur.String()), " ")
		out = append(out, instruction{cmd: strings.ToUpper(cmd), args: strings.TrimSpace(args), line: start})
		cur.Reset()
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// stages splits instructions at each FROM.
func stages(ins []instruction) [][]instruction {
	var out [][]instruction
	for _, in := range ins {
		if in.cmd == "FROM" {
			out = append(out, nil)
		}
		if len(out) > 0 {
			out[len(out)-1] = append(out[len(out)-1], in)
		}
	}
	return out
}

// envKeys returns the variables an ENV instruction sets (KEY=value pairs,
// or the old "KEY value" form).
func envKeys(args string) map[string]string {
	out := map[string]string{}
	if !strings.Contains(strings.Fields(args)[0], "=") {
		k, v, _ := strings.Cut(args, " ")
		out[k] = strings.TrimSpace(v)
		return out
	}
	for _, kv := range strings.Fields(args) {
		k, v, _ := strings.Cut(kv, "=")
		out[k] = strings.Trim(v, `"`)
	}
	return out
}

// execForm parses a JSON-array instruction argument.
func execForm(t *testing.T, in instruction) []string {
	t.Helper()
	var argv []string
	if err := json.Unmarshal([]byte(in.args), &argv); err != nil {
		t.Fatalf("line %d: %s %s is not in exec form: %v", in.line, in.cmd, in.args, err)
	}
	return argv
}

var secretName = regexp.MustCompile(`(?i)token|secret|password|passwd|api_?key|private`)

func TestDockerfile(t *testing.T) {
	t.Parallel()
	ins := parseDockerfile(t, filepath.Join("..", "..", "Dockerfile"))
	st := stages(ins)
	if len(st) < 2 {
		t.Fatalf("%d stages; want a build stage and a runtime stage", len(st))
	}
	build, final := st[0], st[len(st)-1]
	has := func(stage []instruction, cmd string, pred func(string) bool) bool {
		return slices.ContainsFunc(stage, func(in instruction) bool { return in.cmd == cmd && pred(in.args) })
	}
	contains := func(s string) func(string) bool { return func(a string) bool { return strings.Contains(a, s) } }
	if !has(build, "ENV", contains("CGO_ENABLED=1")) {
		t.Error("the build stage does not enable cgo (SQLite needs it)")
	}
	if !has(build, "RUN", func(a string) bool {
		return strings.Contains(a, "go build") && strings.Contains(a, "./cmd/ipdesk")
	}) {
		t.Error("the build stage does not run go build ./cmd/ipdesk")
	}
	if has(final, "RUN", func(string) bool { return true }) {
		t.Error("the runtime stage runs commands; it should only copy the binary in")
	}

	// A non-root USER, set in the final stage.
	var user string
	var env = map[string]string{}
	var volumes []string
	var health, entry []string
	for _, in := range final {
		switch in.cmd {
		case "USER":
			user = in.args
		case "ENV":
			for k, v := range envKeys(in.args) {
				env[k] = v
				if secretName.MatchString(k) {
					t.Errorf("line %d: ENV %s puts a secret in the image; pass it at run time", in.line, k)
				}
			}
		case "VOLUME":
			volumes = append(volumes, execForm(t, in)...)
		case "HEALTHCHECK":
			i := strings.Index(in.args, "CMD ")
			if i < 0 {
				t.Fatalf("line %d: HEALTHCHECK without CMD", in.line)
			}
			health = execForm(t, instruction{cmd: "HEALTHCHECK CMD", args: in.args[i+4:], line: in.line})
		case "ENTRYPOINT":
			entry = execForm(t, in)
		}
	}
	for _, in := range ins {
		if in.cmd == "ARG" && secretName.MatchString(in.args) {
			t.Errorf("line %d: ARG %s: build arguments stay in the image history", in.line, in.args)
		}
	}
	name, _, _ := strings.Cut(user, ":")
	if name == "" || name == "root" || name == "0" {
		t.Errorf("USER %q: the runtime stage must run as a user without privileges", user)
	}
	if len(health) < 3 || health[1] != "probe" || health[2] != "livez" {
		t.Errorf("HEALTHCHECK CMD %v; want the binary's probe livez", health)
	}
	if subcommands["probe"] == nil {
		t.Error("the health check runs ipdesk probe, which the binary lacks")
	}
	if len(entry) == 0 || len(health) == 0 || entry[0] != health[0] {
		t.Errorf("ENTRYPOINT %v and HEALTHCHECK %v name different binaries", entry, health)
	}
	db := env["IPDESK_DB"]
	if db == "" || !slices.ContainsFunc(volumes, func(v string) bool { return strings.HasPrefix(db, strings.TrimSuffix(v, "/")+"/") }) {
		t.Errorf("IPDESK_DB=%q is not on a VOLUME %v: the database would die with the container", db, volumes)
	}
	if env["IPDESK_HEALTH_ADDR"] == "" {
		t.Error("IPDESK_HEALTH_ADDR is not set, so the health check has nothing to ask")
	}
	def := DefaultConfig()
	for k := range env {
		if !slices.ContainsFunc(def.settings(), func(s setting) bool { return s.env == k }) {
			t.Errorf("ENV %s is no ipdesk setting", k)
		}
	}
}

func TestComposeFile(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile(filepath.Join("..", "..", "compose.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		Services map[string]struct {
			EnvFile     any               `yaml:"env_file"`
			Environment map[string]string `yaml:"environment"`
			Volumes     []string          `yaml:"volumes"`
			Healthcheck struct {
				Test []string `yaml:"test"`
			} `yaml:"healthcheck"`
			StopGrace string `yaml:"stop_grace_period"`
			Deploy    struct {
				Replicas int `yaml:"replicas"`
			} `yaml:"deploy"`
		} `yaml:"services"`
	}
	if err := yaml.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	s, ok := c.Services["ipdesk"]
	if !ok {
		t.Fatal("no ipdesk service")
	}
	if s.Deploy.Replicas != 1 {
		t.Errorf("%d replicas: SQLite takes exactly one until the PostgreSQL store exists", s.Deploy.Replicas)
	}
	if s.EnvFile == nil {
		t.Error("no env_file: tokens would have to be written into compose.yaml")
	}
	for k := range s.Environment {
		if secretName.MatchString(k) {
			t.Errorf("environment sets %s in compose.yaml; put it in the env_file", k)
		}
	}
	db := s.Environment["IPDESK_DB"]
	if !slices.ContainsFunc(s.Volumes, func(v string) bool {
		_, dir, _ := strings.Cut(v, ":")
		return dir != "" && strings.HasPrefix(db, dir+"/")
	}) {
		t.Errorf("IPDESK_DB=%q is not on a volume %v", db, s.Volumes)
	}
	if len(s.Healthcheck.Test) < 3 || s.Healthcheck.Test[2] != "probe" {
		t.Errorf("healthcheck %v; want ipdesk probe", s.Healthcheck.Test)
	}
	grace, err1 := time.ParseDuration(s.StopGrace)
	drain, err2 := time.ParseDuration(s.Environment["IPDESK_SHUTDOWN_TIMEOUT"])
	if err1 != nil || err2 != nil || grace <= drain {
		t.Errorf("stop_grace_period %q must exceed IPDESK_SHUTDOWN_TIMEOUT %q, or events in flight are killed", s.StopGrace, s.Environment["IPDESK_SHUTDOWN_TIMEOUT"])
	}
}

func TestSystemdUnit(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile(filepath.Join("..", "..", "deploy", "ipdesk.service"))
	if err != nil {
		t.Fatal(err)
	}
	unit := map[string][]string{} // "Section.Key" → values
	section := ""
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, ";"):
		case strings.HasPrefix(line, "["):
			section = strings.Trim(line, "[]")
		default:
			k, v, ok := strings.Cut(line, "=")
			if !ok {
				t.Errorf("line %q is not Key=Value", line)
			}
			unit[section+"."+k] = append(unit[section+"."+k], v)
		}
	}
	for key, want := range map[string]string{
		"Service.NoNewPrivileges": "yes", "Service.ProtectSystem": "strict", "Service.ProtectHome": "yes",
		"Service.PrivateTmp": "yes", "Service.PrivateDevices": "yes", "Service.DynamicUser": "yes",
		"Service.StateDirectory": "ipdesk", "Service.KillSignal": "SIGTERM", "Service.Restart": "on-failure",
		"Service.CapabilityBoundingSet": "", "Install.WantedBy": "multi-user.target",
	} {
		if v := unit[key]; len(v) == 0 || v[len(v)-1] != want {
			t.Errorf("%s = %v, want %q", key, v, want)
		}
	}
	if len(unit["Service.EnvironmentFile"]) == 0 {
		t.Error("no EnvironmentFile: tokens would have to be written into the unit")
	}
	for _, e := range unit["Service.Environment"] {
		k, v, _ := strings.Cut(e, "=")
		if secretName.MatchString(k) {
			t.Errorf("Environment=%s in the unit; put secrets in the EnvironmentFile", k)
		}
		if k == "IPDESK_DB" && !strings.HasPrefix(v, "/var/lib/ipdesk/") {
			t.Errorf("IPDESK_DB=%s is outside the StateDirectory, which is the only place ProtectSystem=strict lets it write", v)
		}
	}
	stop, err := time.ParseDuration(strings.Join(unit["Service.TimeoutStopSec"], ""))
	if err != nil || stop <= DefaultConfig().ShutdownTimeout {
		t.Errorf("TimeoutStopSec %v must exceed the default IPDESK_SHUTDOWN_TIMEOUT %v", unit["Service.TimeoutStopSec"], DefaultConfig().ShutdownTimeout)
	}
	if !strings.HasSuffix(strings.Join(unit["Service.ExecStart"], ""), " run") {
		t.Errorf("ExecStart %v does not run the bot", unit["Service.ExecStart"])
	}
}

// ipdesk probe, the container health check, answers 0 while the bot's
// endpoint says 200 and 1 when nothing answers.
func TestProbe(t *testing.T) {
	w := newSlackWorld(t, map[string]string{"IPDESK_HEALTH_ADDR": "127.0.0.1:0"})
	addr := w.app.HealthAddr()
	waitReady(t, w.ctx, addr, 200)
	env := map[string]string{"IPDESK_HEALTH_ADDR": addr}
	for _, what := range []string{"livez", "readyz"} {
		if code, out, errOut := runMain(t, "", env, "probe", what); code != 0 || !strings.Contains(out, what+": 200") {
			t.Errorf("probe %s: exit %d: %s%s", what, code, out, errOut)
		}
	}
	w.stop()
	if code, _, _ := runMain(t, "", env, "probe", "livez"); code == 0 {
		t.Error("probe livez passed with nothing listening")
	}
	if code, _, errOut := runMain(t, "", map[string]string{}, "probe", "livez"); code == 0 || !strings.Contains(errOut, "IPDESK_HEALTH_ADDR") {
		t.Errorf("probe without IPDESK_HEALTH_ADDR: exit %d, %q", code, errOut)
	}
}
