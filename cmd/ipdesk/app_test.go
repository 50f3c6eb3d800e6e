package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/internal/eventually"
	"github.com/ipdesk/ipdesk/postgres"
)

// testApp is the App as `ipdesk run` builds it from an environment, run the
// way the process runs it, on a database file that outlives its restarts.
// The end-to-end tests start it, stop it as a signal would and start it
// again on the same file; it is stopped when the test ends.
type testApp struct {
	t    *testing.T
	ctx  context.Context   // bounds every wait of the test
	vars map[string]string // the environment; read again at every start
	logs *syncBuffer       // what the App logged and printed
	// stdin is the App's standard input (the console's); empty when nil.
	stdin io.Reader
	// stdout, when set, takes the App's standard output (the console's
	// transcript) apart from its log.
	stdout io.Writer
	// connected is called just before the App is built and returns what
	// waits until the App has connected: what it counts before the start
	// tells a new connection from an old one.
	connected func() (wait func())
	// stopped, when set, runs after each stop, once the database is closed.
	stopped func()

	app     *App // nil while stopped
	stopRun context.CancelFunc
	done    chan error
}

// testBudget bounds a whole end-to-end test's waits. It is generous: under
// the race detector on a busy machine a filing takes seconds, and the
// bound is there to end a hang, not to time the bot (the benchmarks do).
const testBudget = 3 * time.Minute

// newTestApp prepares the App for the environment vars, with IPDESK_DB set
// to a new file and IPDESK_LOG_LEVEL to debug unless vars says otherwise;
// the caller adds to vars and calls start. Every wait of the test ends
// after timeout. On failure the test's log shows the App's.
func newTestApp(t *testing.T, timeout time.Duration, vars map[string]string, connected func() (wait func())) *testApp {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	// The weekly report is off unless a test turns it on: it would post
	// into the review channel at every start.
	for k, v := range map[string]string{"IPDESK_DB": filepath.Join(t.TempDir(), "ipdesk.db"), "IPDESK_LOG_LEVEL": "debug", "IPDESK_WEEKLY_REPORT": "false"} {
		if _, ok := vars[k]; !ok {
			vars[k] = v
		}
	}
	a := &testApp{t: t, ctx: ctx, vars: vars, logs: &syncBuffer{}, connected: connected}
	t.Cleanup(func() {
		a.stop()
		cancel()
		if t.Failed() {
			t.Logf("ipdesk log:\n%s", a.logs)
		}
	})
	return a
}

// start builds the App from the environment, as `ipdesk run` does, runs it
// until stop, and waits until it is connected and its knowledge base built.
func (a *testApp) start() {
	a.t.Helper()
	stdin := a.stdin
	if stdin == nil {
		stdin = strings.NewReader("")
	}
	// On PostgreSQL the evidence and report folders default to the working
	// folder, which is this package's: a test keeps them in its own.
	if postgres.IsURL(a.vars["IPDESK_DB"]) {
		for _, k := range []string{"IPDESK_EVIDENCE_DIR", "IPDESK_REPORT_DIR"} {
			if a.vars[k] == "" {
				a.vars[k] = a.t.TempDir()
			}
		}
	}
	var stdout io.Writer = a.logs
	if a.stdout != nil {
		stdout = a.stdout
	}
	env := &Env{Stdin: stdin, Stdout: stdout, Stderr: a.logs, Getenv: func(k string) string { return a.vars[k] }}
	cfg, _, err := loadConfig(env, "run", nil)
	if err != nil {
		a.t.Fatal(err)
	}
	wait := a.connected()
	app, err := NewApp(a.ctx, env, cfg)
	if err != nil {
		a.t.Fatal(err)
	}
	runCtx, stop := context.WithCancel(a.ctx)
	a.app, a.stopRun, a.done = app, stop, make(chan error, 1)
	go func() { a.done <- app.Run(runCtx) }()
	wait()
	// The knowledge base is built in the background as the App connects;
	// a test's first wait for an answer should not be spent on the build
	// (under the race detector it takes seconds).
	select {
	case <-app.kb.Ready():
	case <-a.ctx.Done():
	}
}

// stop stops the App as a signal would and closes its database.
func (a *testApp) stop() {
	if a.app == nil {
		return
	}
	a.stopRun()
	a.exited()
}

// exited waits until Run has returned, by itself or after stop, and closes
// the database; Run must have returned no error.
func (a *testApp) exited() {
	a.t.Helper()
	select {
	case err := <-a.done:
		if err != nil {
			a.t.Errorf("App.Run: %v", err)
		}
	case <-time.After(15 * time.Second):
		a.t.Error("the App did not stop within 15 s")
	}
	a.stopRun()
	if err := a.app.Close(); err != nil {
		a.t.Errorf("App.Close: %v", err)
	}
	a.app = nil
	if a.stopped != nil {
		a.stopped()
	}
}

// restart stops the App and starts it again on the same database file, as
// a redeployment does.
func (a *testApp) restart() {
	a.t.Helper()
	a.stop()
	a.start()
}

// complaint reads a complaint from the App's database.
func (a *testApp) complaint(ref string) *ipdesk.Complaint {
	a.t.Helper()
	c, err := a.app.DB.Complaint(a.ctx, ref)
	if err != nil {
		a.t.Fatal(err)
	}
	return c
}

// waitLog waits until one line of the App's log contains every part.
func (a *testApp) waitLog(parts ...string) {
	a.t.Helper()
	a.waitLogCount(1, parts...)
}

// waitLogCount waits until n lines of the App's log contain every part.
func (a *testApp) waitLogCount(n int, parts ...string) {
	a.t.Helper()
	eventually.Check(a.t, a.ctx, fmt.Sprintf("%d log lines with %q", n, parts), func() error {
		got := 0
		for line := range strings.SplitSeq(a.logs.String(), "\n") {
			ok := true
			for _, p := range parts {
				ok = ok && strings.Contains(line, p)
			}
			if ok {
				got++
			}
		}
		if got < n {
			return fmt.Errorf("%d such lines", got)
		}
		return nil
	})
}

// syncBuffer is a bytes.Buffer safe for the App's logger and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
