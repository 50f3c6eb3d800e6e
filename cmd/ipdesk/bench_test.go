package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/discord"
	"github.com/ipdesk/ipdesk/bot/discord/discordfake"
	"github.com/ipdesk/ipdesk/bot/slack"
	"github.com/ipdesk/ipdesk/bot/slack/slackfake"
)

// The benchmarks in this file measure ipdesk from outside, as members see
// it: questions go in through a fake platform on loopback, the real
// slack-go or discordgo client carries them to the bot, and the clock stops
// when the whole answer has appeared on the fake. Each runs the same load
// twice in one process, once against a do-nothing bot (the same adapter
// and SDK answering every question with a canned answer of the same size)
// and once against ipdesk as `ipdesk run` builds it, and reports both and
// their ratio, since absolute figures vary from machine to machine:
//
//	go test -run '^$' -bench . -benchtime 3000x ./cmd/ipdesk
//
// Metrics: answers/s and p50-ms/p99-ms are ipdesk's; canned-… the do-
// nothing bot's; ratio is ipdesk's answers/s over the do-nothing bot's;
// p99-ratio the same for p99 latency; allocs/op are the heap allocations of
// the whole process (fake platform and client included) per question.

// benchPlatform is one platform under load: its fake, a driver that plays
// its members, the environment that connects ipdesk to it, and the
// do-nothing adapter on the same SDK.
type benchPlatform interface {
	name() string
	// start starts the fake and returns the driver for it.
	start(b *testing.B) platformDriver
	// env returns the variables that connect ipdesk to the fake.
	env() map[string]string
	// connected returns what waits until a bot has made one more
	// connection to the fake than it had when connected was called.
	connected(ctx context.Context, b *testing.B) func()
	// adapter returns a plain adapter connected to the fake.
	adapter(b *testing.B) bot.Adapter
	close()
}

// slackBench is Slack in Socket Mode through slack-go, against slackfake.
type slackBench struct {
	fake *slackfake.Server
}

func (p *slackBench) name() string { return "slack" }

func (p *slackBench) start(b *testing.B) platformDriver {
	p.fake = slackfake.New(slackfake.Config{PingInterval: 5 * time.Second})
	return slackDriver{p.fake}
}

func (p *slackBench) env() map[string]string {
	return map[string]string{
		"SLACK_BOT_TOKEN":       p.fake.BotToken(),
		"SLACK_APP_TOKEN":       p.fake.AppToken(),
		"SLACK_API_URL":         p.fake.URL,
		"IPDESK_REVIEW_CHANNEL": "slack:CREVIEW",
		"IPDESK_STAFF":          "slack:USTAFF",
	}
}

func (p *slackBench) connected(ctx context.Context, b *testing.B) func() {
	n := p.fake.Connects()
	return func() {
		if err := p.fake.WaitConnected(ctx, n+1); err != nil {
			b.Fatalf("no connection to the fake Slack: %v", err)
		}
	}
}

func (p *slackBench) adapter(b *testing.B) bot.Adapter {
	a, err := slack.New(slack.Config{BotToken: p.fake.BotToken(), AppToken: p.fake.AppToken(), APIURL: p.fake.URL})
	if err != nil {
		b.Fatal(err)
	}
	return a
}

func (p *slackBench) close() { p.fake.Close() }

type slackDriver struct{ fake *slackfake.Server }

func slackMember(i int) string { return fmt.Sprintf("U%05d", 10000+i) }

func (d slackDriver) ask(ctx context.Context, i int, text string) error {
	_, err := d.fake.DM(ctx, slackMember(i), text)
	return err
}

func (d slackDriver) dm(i int) string { return slackfake.IMChannel(slackMember(i)) }

var actionsBlock = []byte(`"type":"actions"`)

func (d slackDriver) watch(f func(shownReply)) func() {
	return d.fake.Watch(func(m slackfake.Message) {
		f(classify(m.Channel, m.Text, bytes.Contains(m.Blocks, actionsBlock)))
	})
}

// discordBench is Discord through discordgo (gateway and REST), against
// discordfake.
type discordBench struct {
	srv *discordfake.Server
}

func (p *discordBench) name() string { return "discord" }

func (p *discordBench) start(b *testing.B) platformDriver {
	p.srv = discordfake.New(b, discordfake.Config{})
	return discordDriver{p.srv}
}

func (p *discordBench) env() map[string]string {
	return map[string]string{
		"DISCORD_BOT_TOKEN":     p.srv.Config().Token,
		"DISCORD_API_URL":       p.srv.URL,
		"IPDESK_REVIEW_CHANNEL": "discord:7001",
		"IPDESK_STAFF":          "discord:444",
	}
}

func (p *discordBench) connected(ctx context.Context, b *testing.B) func() {
	n := p.srv.Gateway().Identifies
	return func() {
		p.srv.WaitGateway(30*time.Second, "a new session", func(g discordfake.GatewayStats) bool {
			return g.Identifies > n && g.Connected > 0
		})
	}
}

func (p *discordBench) adapter(b *testing.B) bot.Adapter {
	a, err := discord.New(discord.Config{Token: p.srv.Config().Token, APIURL: p.srv.URL})
	if err != nil {
		b.Fatal(err)
	}
	return a
}

func (p *discordBench) close() { p.srv.Close() }

type discordDriver struct{ srv *discordfake.Server }

func discordMember(i int) discordfake.User {
	id := fmt.Sprint(300000 + i)
	return discordfake.User{ID: id, Name: "member" + id}
}

func (d discordDriver) ask(ctx context.Context, i int, text string) error {
	d.srv.SendDM(discordMember(i), text)
	return nil
}

func (d discordDriver) dm(i int) string { return d.srv.DMChannel(discordMember(i).ID) }

func (d discordDriver) watch(f func(shownReply)) func() {
	return d.srv.Watch(func(m discordfake.MessageView) {
		f(classify(m.ChannelID, m.Text(), len(m.Components) > 0))
	})
}

// running is a bot running against a fake until stop.
type running struct {
	stop func()
}

// startApp builds and runs ipdesk as `ipdesk run` does, on the database
// file db, connected to p's fake, and returns once it is connected.
func startApp(ctx context.Context, b *testing.B, p benchPlatform, db string) running {
	b.Helper()
	vars := p.env()
	vars["IPDESK_DB"] = db
	vars["IPDESK_LOG_LEVEL"] = "warn"
	logs := &syncBuffer{}
	env := &Env{Stdout: logs, Stderr: logs, Getenv: func(k string) string { return vars[k] }}
	cfg, _, err := loadConfig(env, "run", nil)
	if err != nil {
		b.Fatal(err)
	}
	wait := p.connected(ctx, b)
	app, err := NewApp(ctx, env, cfg)
	if err != nil {
		b.Fatal(err)
	}
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- app.Run(runCtx) }()
	wait()
	return running{stop: func() {
		cancel()
		if err := <-done; err != nil {
			b.Errorf("App.Run: %v", err)
		}
		if err := app.Close(); err != nil {
			b.Errorf("App.Close: %v", err)
		}
		if s := logs.String(); bytes.Contains([]byte(s), []byte("level=ERROR")) {
			b.Logf("ipdesk logged errors:\n%s", clip(s, 4000))
		}
	}}
}

// startCanned runs the do-nothing bot on p's plain adapter.
func startCanned(ctx context.Context, b *testing.B, p benchPlatform, r bot.Reply) running {
	b.Helper()
	a := p.adapter(b)
	wait := p.connected(ctx, b)
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- a.Run(runCtx, cannedHandler(r)) }()
	wait()
	return running{stop: func() {
		cancel()
		<-done
	}}
}

func reportLoad(b *testing.B, prefix string, r loadResult) {
	b.ReportMetric(r.perSecond(), prefix+"answers/s")
	b.ReportMetric(float64(r.percentile(50))/1e6, prefix+"p50-ms")
	b.ReportMetric(float64(r.percentile(99))/1e6, prefix+"p99-ms")
}

func checkLoad(b *testing.B, who string, r loadResult) {
	b.Helper()
	if r.refused+r.failed+r.lost > 0 {
		b.Errorf("%s: %v", who, r)
	}
}

// askRounds is how many turns the two bots take in benchAsk. The machine
// may be busy with other work that comes and goes; alternating the bots in
// several rounds spreads that evenly over both instead of on whichever ran
// second.
const askRounds = 4

// benchAsk measures answers at loadUsers questions in flight: b.N
// questions to the do-nothing bot and b.N to ipdesk, each bot on its own
// fake, in askRounds alternating rounds after a warm-up round of one
// question per member.
func benchAsk(b *testing.B, p, q benchPlatform) {
	questions := loadQuestions(b)
	canned := cannedReply(b)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	b.StopTimer()

	dq := q.start(b)
	defer q.close()
	nothing := startCanned(ctx, b, q, canned)
	defer nothing.stop()
	dp := p.start(b)
	defer p.close()
	app := startApp(ctx, b, p, filepath.Join(b.TempDir(), "ipdesk.db"))
	defer app.stop()
	closedLoop(ctx, b, dq, loadUsers, loadUsers, questions)
	closedLoop(ctx, b, dp, loadUsers, loadUsers, questions)

	rounds := askRounds
	if b.N < askRounds*loadUsers {
		rounds = 1
	}
	var base, full loadResult
	b.ReportAllocs()
	b.ResetTimer()
	for i := range rounds {
		n := b.N / rounds
		if i == 0 {
			n += b.N % rounds
		}
		base.add(closedLoop(ctx, b, dq, loadUsers, n, questions))
		b.StartTimer()
		full.add(closedLoop(ctx, b, dp, loadUsers, n, questions))
		b.StopTimer()
	}
	checkLoad(b, "do-nothing bot", base)
	checkLoad(b, "ipdesk", full)

	reportLoad(b, "", full)
	reportLoad(b, "canned-", base)
	b.ReportMetric(float64(base.mallocs)/float64(base.asked), "canned-allocs/op")
	b.ReportMetric(float64(full.cpuPerQuestion())/1e3, "cpu-us/op")
	b.ReportMetric(float64(base.cpuPerQuestion())/1e3, "canned-cpu-us/op")
	b.ReportMetric(full.perSecond()/base.perSecond(), "ratio")
	b.ReportMetric(float64(base.cpuPerQuestion())/float64(full.cpuPerQuestion()), "cpu-ratio")
	b.ReportMetric(float64(full.percentile(99))/float64(base.percentile(99)), "p99-ratio")
	if b.N >= 1000 {
		b.Logf("%s, %d in flight: do-nothing bot %v; ipdesk %v", p.name(), loadUsers, base, full)
	}
}

func BenchmarkSlackAsk(b *testing.B)   { benchAsk(b, &slackBench{}, &slackBench{}) }
func BenchmarkDiscordAsk(b *testing.B) { benchAsk(b, &discordBench{}, &discordBench{}) }

// burstSize and burstUsers shape the burst: 2,000 questions from 100
// members (20 each), all sent before the first is answered.
const (
	burstSize  = 2000
	burstUsers = 100
)

// benchBurst sends burstSize questions at once to the do-nothing bot and
// then to ipdesk, and reports how long ipdesk took to answer them all and
// how many it refused, failed or lost (each should be zero: it catches up).
// One op is one burst.
func benchBurst(b *testing.B, p benchPlatform) {
	questions := loadQuestions(b)
	canned := cannedReply(b)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	b.StopTimer()
	var base, full loadResult
	for range b.N {
		d := p.start(b)
		bot := startCanned(ctx, b, p, canned)
		base = burst(ctx, b, d, burstUsers, burstSize, questions)
		bot.stop()
		p.close()

		d = p.start(b)
		app := startApp(ctx, b, p, filepath.Join(b.TempDir(), "ipdesk.db"))
		b.StartTimer()
		full = burst(ctx, b, d, burstUsers, burstSize, questions)
		b.StopTimer()
		app.stop()
		p.close()
		checkLoad(b, "do-nothing bot", base)
		checkLoad(b, "ipdesk", full)
	}
	b.ReportMetric(full.perSecond(), "answers/s")
	b.ReportMetric(base.perSecond(), "canned-answers/s")
	b.ReportMetric(full.perSecond()/base.perSecond(), "ratio")
	b.ReportMetric(float64(full.refused), "refused")
	b.ReportMetric(float64(full.failed), "failed")
	b.ReportMetric(float64(full.lost), "lost")
	b.Logf("%s, burst of %d from %d members: do-nothing bot %v; ipdesk %v", p.name(), burstSize, burstUsers, base, full)
}

func BenchmarkSlackBurst(b *testing.B)   { benchBurst(b, &slackBench{}) }
func BenchmarkDiscordBurst(b *testing.B) { benchBurst(b, &discordBench{}) }

// BenchmarkSlackStart measures start to connected: building the App (the
// database opened and migrated, the handlers wired, the knowledge base's
// build begun) and running it until its Socket Mode connection is open, on
// a database that exists already, as at a restart. first-answer-ms is the
// time from the same start until the answer to a question asked as soon as
// the bot is connected has appeared, which includes the rest of the
// knowledge base's build. The do-nothing bot's start on the same adapter is
// reported as canned-ms.
func BenchmarkSlackStart(b *testing.B) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	questions := loadQuestions(b)
	p := &slackBench{}
	d := p.start(b)
	defer p.close()
	db := filepath.Join(b.TempDir(), "ipdesk.db")
	startApp(ctx, b, p, db).stop() // create and migrate the file
	canned := cannedReply(b)
	var base, first time.Duration
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		t0 := time.Now()
		c := startCanned(ctx, b, p, canned)
		base += time.Since(t0)
		c.stop()
		t0 = time.Now()
		b.StartTimer()
		app := startApp(ctx, b, p, db)
		b.StopTimer()
		checkLoad(b, "ipdesk's first question", closedLoop(ctx, b, d, 1, 1, questions))
		first += time.Since(t0)
		app.stop()
		b.StartTimer()
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed())/float64(b.N)/1e6, "ms")
	b.ReportMetric(float64(first)/float64(b.N)/1e6, "first-answer-ms")
	b.ReportMetric(float64(base)/float64(b.N)/1e6, "canned-ms")
}

// BenchmarkSlackProcess runs ipdesk as its own process, built from this
// package, against the fake Slack in the benchmark's process, and reports
// what only a separate process shows: the time from exec to connected, its
// resident memory when idle (idle-MB; idle-anon-MB without the pages of
// the executable file), a second after it answered its first question,
// which waits for the knowledge base's build, and its peak resident memory
// (start-peak-MB until then, peak-MB including the load of b.N questions
// at loadUsers in flight; peak-anon-MB the highest anonymous memory seen
// during the load in samples every 20 ms), read from /proc, and its CPU
// time per question under the load (cpu-us/op).
// IPDESK_BENCH_BINARY names another build of ipdesk to measure instead, for
// comparing versions.
func BenchmarkSlackProcess(b *testing.B) {
	if _, err := os.Stat("/proc/self/status"); err != nil {
		b.Skip("needs /proc")
	}
	questions := loadQuestions(b)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	b.StopTimer()
	dir := b.TempDir()
	exe := benchBinary(ctx, b, dir)
	p := &slackBench{}
	d := p.start(b)
	defer p.close()
	db := filepath.Join(dir, "ipdesk.db")
	// The first start creates the database and posts the weekly report
	// that is due; the one measured is a restart, as in production.
	first := startProcess(ctx, b, p, exe, db)
	first.stop(b)
	run := startProcess(ctx, b, p, exe, db)
	defer run.stop(b)
	// Idle is a bot that has built its index and answered: one question
	// waits for the build, then nothing happens for a second.
	checkLoad(b, "ipdesk's first question", closedLoop(ctx, b, d, 1, 1, questions))
	time.Sleep(time.Second)
	idle := procStatus(b, run.cmd.Process.Pid, "VmRSS")
	idleAnon := procStatus(b, run.cmd.Process.Pid, "RssAnon")
	startPeak := procStatus(b, run.cmd.Process.Pid, "VmHWM")
	sampling, stopSampling := context.WithCancel(ctx)
	anon := make(chan int64, 1)
	go func() {
		var high int64
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-tick.C:
				if v, err := readProcStatus(run.cmd.Process.Pid, "RssAnon"); err == nil {
					high = max(high, v)
				}
			case <-sampling.Done():
				anon <- high
				return
			}
		}
	}()
	cpu0 := procCPU(b, run.cmd.Process.Pid)
	b.StartTimer()
	res := closedLoop(ctx, b, d, loadUsers, b.N, questions)
	b.StopTimer()
	cpu := procCPU(b, run.cmd.Process.Pid) - cpu0
	stopSampling()
	checkLoad(b, "ipdesk", res)
	peak := procStatus(b, run.cmd.Process.Pid, "VmHWM")
	peakAnon := <-anon
	b.ReportMetric(float64(run.connected)/1e6, "start-ms")
	b.ReportMetric(float64(idle)/(1<<20), "idle-MB")
	b.ReportMetric(float64(idleAnon)/(1<<20), "idle-anon-MB")
	b.ReportMetric(float64(startPeak)/(1<<20), "start-peak-MB")
	b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
	b.ReportMetric(float64(peakAnon)/(1<<20), "peak-anon-MB")
	b.ReportMetric(float64(cpu/time.Duration(b.N))/1e3, "cpu-us/op")
	reportLoad(b, "", res)
}

// benchBinary returns the ipdesk executable to measure: the build named
// by IPDESK_BENCH_BINARY, or this package built into dir.
func benchBinary(ctx context.Context, b *testing.B, dir string) string {
	b.Helper()
	if exe := os.Getenv("IPDESK_BENCH_BINARY"); exe != "" {
		return exe
	}
	exe := filepath.Join(dir, "ipdesk")
	build := exec.CommandContext(ctx, "go", "build", "-o", exe, ".")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	return exe
}

// BenchmarkSlackRestart restarts ipdesk as its own process b.N times on an
// existing database against the fake Slack and reports the time from exec
// to connected (start-ms, the median; start-max-ms, the slowest), the
// process's CPU time by then (start-cpu-ms: runtime and package
// initialisation, settings, the database, the platform connection and as
// much of the knowledge base's build as ran meanwhile), and its resident
// memory then (start-rss-MB). One start is a few samples of a noisy
// machine, so run it with -benchtime 20x or more; IPDESK_BENCH_BINARY
// measures another build, as for BenchmarkSlackProcess.
func BenchmarkSlackRestart(b *testing.B) {
	if _, err := os.Stat("/proc/self/status"); err != nil {
		b.Skip("needs /proc")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	b.StopTimer()
	dir := b.TempDir()
	exe := benchBinary(ctx, b, dir)
	p := &slackBench{}
	p.start(b)
	defer p.close()
	db := filepath.Join(dir, "ipdesk.db")
	startProcess(ctx, b, p, exe, db).stop(b) // create and migrate the file
	starts := make([]time.Duration, 0, b.N)
	var cpu time.Duration
	var rss int64
	for range b.N {
		b.StartTimer()
		pr := startProcess(ctx, b, p, exe, db)
		b.StopTimer()
		starts = append(starts, pr.connected)
		cpu += procCPU(b, pr.cmd.Process.Pid)
		rss += procStatus(b, pr.cmd.Process.Pid, "VmRSS")
		pr.stop(b)
	}
	slices.Sort(starts)
	b.ReportMetric(float64(starts[len(starts)/2])/1e6, "start-ms")
	b.ReportMetric(float64(starts[len(starts)-1])/1e6, "start-max-ms")
	b.ReportMetric(float64(cpu)/float64(b.N)/1e6, "start-cpu-ms")
	b.ReportMetric(float64(rss)/float64(b.N)/(1<<20), "start-rss-MB")
}

// process is ipdesk running as its own process.
type process struct {
	cmd       *exec.Cmd
	logs      *syncBuffer
	connected time.Duration // from exec to connected
}

// startProcess runs exe against p's fake on the database file db and
// waits until it is connected.
func startProcess(ctx context.Context, b *testing.B, p benchPlatform, exe, db string) *process {
	b.Helper()
	cmd := exec.CommandContext(ctx, exe, "run")
	cmd.Env = append(os.Environ(), "IPDESK_DB="+db, "IPDESK_LOG_LEVEL=warn")
	for k, v := range p.env() {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	pr := &process{cmd: cmd, logs: &syncBuffer{}}
	cmd.Stdout, cmd.Stderr = pr.logs, pr.logs
	wait := p.connected(ctx, b)
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	wait()
	pr.connected = time.Since(t0)
	return pr
}

// stop stops the process as a signal does and waits for it.
func (pr *process) stop(b *testing.B) {
	pr.cmd.Process.Signal(os.Interrupt)
	if err := pr.cmd.Wait(); err != nil || b.Failed() {
		b.Logf("ipdesk (%v) output:\n%s", err, clip(pr.logs.String(), 4000))
	}
}

// procCPU reads the CPU time (user and system) process pid has used, from
// /proc/PID/stat, in clock ticks of 10 ms.
func procCPU(b *testing.B, pid int) time.Duration {
	b.Helper()
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		b.Fatal(err)
	}
	// The fields after the command name, which is in parentheses and
	// may hold spaces: state is the first, utime and stime the 12th
	// and 13th.
	f := strings.Fields(string(data[bytes.LastIndexByte(data, ')')+1:]))
	var utime, stime int64
	if len(f) < 13 {
		b.Fatalf("/proc/%d/stat: %q", pid, data)
	}
	fmt.Sscan(f[11], &utime)
	fmt.Sscan(f[12], &stime)
	return time.Duration(utime+stime) * 10 * time.Millisecond
}

// procStatus reads a memory line (VmRSS, VmHWM) of /proc/PID/status, in
// bytes.
func procStatus(b *testing.B, pid int, field string) int64 {
	b.Helper()
	v, err := readProcStatus(pid, field)
	if err != nil {
		b.Fatal(err)
	}
	return v
}

func readProcStatus(pid int, field string) (int64, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			var kb int64
			if _, err := fmt.Sscanf(strings.TrimSpace(v), "%d kB", &kb); err != nil {
				return 0, fmt.Errorf("%s: %q", field, line)
			}
			return kb << 10, nil
		}
	}
	return 0, fmt.Errorf("no %s in /proc/%d/status", field, pid)
}
