package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot/slack/slackfake"
	"github.com/ipdesk/ipdesk/internal/eventually"
	"github.com/ipdesk/ipdesk/postgres"
	"github.com/ipdesk/ipdesk/postgres/pgtest"
)

// buildIpdesk builds this command into dir and returns the binary's path.
func buildIpdesk(t testing.TB, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "ipdesk")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// replica is one ipdesk process.
type replica struct {
	cmd  *exec.Cmd
	logs *syncBuffer
	done chan error
}

// cluster is several ipdesk processes on one PostgreSQL database and one
// fake Slack, each with its own Socket Mode connection.
type cluster struct {
	t        testing.TB
	ctx      context.Context
	bin, dsn string
	// dir is the replicas' working folder, which holds the evidence
	// folder they share.
	dir      string
	fake     *slackfake.Server
	env      []string
	replicas []*replica
	// history keeps the logs of every process that ran, for failures.
	mu      sync.Mutex
	history []*syncBuffer
	// store reads the replicas' database, opened once (see nextStep).
	storeOnce sync.Once
	store     Store
	storeErr  error
}

func newCluster(t testing.TB, ctx context.Context, n int) *cluster {
	t.Helper()
	return newClusterOn(t, ctx, n, pgtest.Schema(t))
}

// newClusterOn starts n replicas on the database dsn: a postgres:// URL,
// or an SQLite file for one.
func newClusterOn(t testing.TB, ctx context.Context, n int, dsn string) *cluster {
	t.Helper()
	fake := slackfake.New(slackfake.Config{PingInterval: time.Second, Spread: true})
	t.Cleanup(fake.Close)
	fake.AddUser(slackfake.User{ID: staffMember, Name: "reviewer"})
	c := &cluster{t: t, ctx: ctx, bin: buildIpdesk(t, t.TempDir()), dsn: dsn, fake: fake, dir: t.TempDir()}
	// Kept evidence and reports go to one folder every replica shares, as
	// docs/scaling.md asks of a deployment.
	c.env = append(os.Environ(),
		"IPDESK_DB="+dsn,
		"IPDESK_EVIDENCE_DIR="+filepath.Join(c.dir, "evidence"), "IPDESK_REPORT_DIR="+filepath.Join(c.dir, "reports"),
		"SLACK_BOT_TOKEN="+fake.BotToken(), "SLACK_APP_TOKEN="+fake.AppToken(), "SLACK_API_URL="+fake.URL,
		"IPDESK_REVIEW_CHANNEL=slack:"+reviewChannel, "IPDESK_STAFF=slack:"+staffMember,
		"IPDESK_LOG_LEVEL=info", "IPDESK_SLA_HOURS=1", "IPDESK_REPEAT_THRESHOLD=3",
	)
	c.replicas = make([]*replica, n)
	for i := range n {
		c.start(i)
	}
	c.waitConnections(n)
	t.Cleanup(func() {
		for i := range c.replicas {
			c.stop(i, syscall.SIGKILL)
		}
		if t.Failed() {
			c.mu.Lock()
			for i, l := range c.history {
				t.Logf("process %d log:\n%s", i, l)
			}
			c.mu.Unlock()
		}
	})
	return c
}

// start starts replica i.
func (c *cluster) start(i int) {
	c.t.Helper()
	r := &replica{logs: &syncBuffer{}, done: make(chan error, 1)}
	r.cmd = exec.Command(c.bin, "run")
	r.cmd.Env, r.cmd.Dir = c.env, c.dir
	r.cmd.Stdout, r.cmd.Stderr = r.logs, r.logs
	if err := r.cmd.Start(); err != nil {
		c.t.Fatal(err)
	}
	go func() { r.done <- r.cmd.Wait() }()
	c.replicas[i] = r
	c.mu.Lock()
	c.history = append(c.history, r.logs)
	c.mu.Unlock()
}

// stop stops replica i with sig and waits for it to exit.
func (c *cluster) stop(i int, sig syscall.Signal) {
	r := c.replicas[i]
	if r == nil {
		return
	}
	_ = r.cmd.Process.Signal(sig)
	select {
	case <-r.done:
	case <-time.After(30 * time.Second):
		_ = r.cmd.Process.Kill()
		<-r.done
		c.t.Errorf("replica %d did not stop on %v", i, sig)
	}
	c.replicas[i] = nil
}

// waitConnections waits until n Socket Mode connections are open.
func (c *cluster) waitConnections(n int) {
	c.t.Helper()
	eventually.Check(c.t, c.ctx, fmt.Sprintf("%d Socket Mode connections", n), func() error {
		if got := c.fake.OpenConnections(); got != n {
			return fmt.Errorf("%d open", got)
		}
		return nil
	})
}

// leader returns the replica whose log says it leads now, or -1.
func (c *cluster) leader() int {
	for i, r := range c.replicas {
		if r != nil && strings.Contains(r.logs.String(), "leading: this replica runs the background work") {
			return i
		}
	}
	return -1
}

// send delivers one envelope as Slack does: when no replica acknowledges
// it within 3 seconds (it went to a socket that was closing), Slack sends
// it again, and the delivery id tells the replicas it is the same event.
func (c *cluster) send(deliver func() (*slackfake.Envelope, error)) error {
	env, err := deliver()
	for attempt := 0; err == nil; attempt++ {
		ctx, cancel := context.WithTimeout(c.ctx, 3*time.Second)
		_, err = env.WaitAck(ctx)
		cancel()
		if err == nil || c.ctx.Err() != nil || attempt == 5 {
			break
		}
		env, err = c.fake.Redeliver(c.ctx, env)
	}
	return err
}

// consumer files one complaint through the wizard in their DM, as the
// Slack client would, and returns the reference from the receipt. Every
// message must be answered: the consumer never sends one twice.
func (c *cluster) consumer(user, seller string) (string, error) {
	ch := slackfake.IMChannel(user)
	seen := map[string]bool{}
	next := func(want ...string) (*slackfake.Message, error) {
		// An event a killed replica had taken is answered by the leader
		// after its lease (a minute) and the leader's next round.
		ctx, cancel := context.WithTimeout(c.ctx, 3*time.Minute)
		defer cancel()
		m, err := c.fake.WaitMessage(ctx, ch, func(m *slackfake.Message) bool {
			if seen[m.TS] {
				return false
			}
			for _, w := range want {
				if !strings.Contains(m.Visible(), w) {
					return false
				}
			}
			return true
		})
		if err != nil {
			return nil, fmt.Errorf("%s waited for %q: %w", user, want, err)
		}
		seen[m.TS] = true
		return m, nil
	}
	if err := c.send(func() (*slackfake.Envelope, error) { return c.fake.Slash(c.ctx, ch, user, "/ipdesk", "complain") }); err != nil {
		return "", err
	}
	// The walk by step name (see testApp.walk); which question the
	// consumer is at is read from the shared store, and the message that
	// asks it is the next one showing what it asks.
	answers := wizardAnswers(complaint{seller: seller, problem: acme.problem})
	m, err := next(answers["kind"].asks...)
	if err != nil {
		return "", err
	}
	step := "kind"
	for asked := 0; step != summaryStep; asked++ {
		ans, ok := answers[step]
		if !ok || asked > 40 {
			return "", fmt.Errorf("%s: no answer for the wizard's step %q", user, step)
		}
		for _, in := range ans.inputs {
			switch {
			case in.button != "":
				err = c.send(func() (*slackfake.Envelope, error) { return c.fake.Click(c.ctx, user, m, in.button) })
			case in.photo:
				err = c.send(func() (*slackfake.Envelope, error) {
					return c.fake.DM(c.ctx, user, "", slackfake.File{Name: "label.jpg", Mimetype: "image/jpeg", Content: labelPhoto})
				})
			default:
				err = c.send(func() (*slackfake.Envelope, error) { return c.fake.DM(c.ctx, user, slackfake.Typed(in.typed)) })
			}
			if err != nil {
				return "", err
			}
			if len(in.want) > 0 {
				if m, err = next(in.want...); err != nil {
					return "", err
				}
			}
		}
		if step, err = c.nextStep(user, step); err != nil {
			return "", err
		}
		if m, err = next(answers[step].asks...); err != nil {
			return "", err
		}
	}
	if err := c.send(func() (*slackfake.Envelope, error) { return c.fake.Click(c.ctx, user, m, "Submit") }); err != nil {
		return "", err
	}
	// The receipt; or, when the replica that filed it was killed before
	// sending it, the answer to the confirm handled again.
	receipt, err := next("filed as")
	if err != nil {
		return "", err
	}
	ref := refPat.FindString(receipt.Visible())
	if ref == "" {
		return "", fmt.Errorf("%s: receipt without a reference: %q", user, receipt.Visible())
	}
	return ref, nil
}

// nextStep waits until the draft of the consumer user has moved on from
// step, and returns the step it is at.
func (c *cluster) nextStep(user, step string) (string, error) {
	c.storeOnce.Do(func() {
		if c.store, c.storeErr = openExisting(c.ctx, c.dsn); c.storeErr == nil {
			c.t.Cleanup(func() { c.store.Close() })
		}
	})
	if c.storeErr != nil {
		return "", c.storeErr
	}
	ctx, cancel := context.WithTimeout(c.ctx, 3*time.Minute)
	defer cancel()
	var next string
	err := eventually.Poll(ctx, func() error {
		d, err := c.store.Draft(ctx, "slack", user)
		switch {
		case err == nil && d.Step != step:
			next = d.Step
			return nil
		case err != nil && ipdesk.ErrorCode(err) != ipdesk.ENOTFOUND:
			return eventually.Stop(err)
		}
		return fmt.Errorf("the wizard stayed at step %s", step)
	})
	if err != nil {
		return "", fmt.Errorf("%s: %w", user, err)
	}
	return next, nil
}

// count returns how many messages of channel contain every part.
func (c *cluster) count(channel string, parts ...string) map[string]int {
	out := map[string]int{}
	for _, m := range c.fake.Messages(channel) {
		v := m.Visible()
		ok := true
		for _, p := range parts {
			ok = ok && strings.Contains(v, p)
		}
		if ok {
			out[refPat.FindString(v)]++
		}
	}
	return out
}

// Three ipdesk processes share one PostgreSQL database and one Slack app
// (three Socket Mode connections, events spread over them). Fifty
// consumers file at once while one replica is restarted (SIGTERM: it
// drains what it took) and another is killed (SIGKILL) and started again:
// every message is answered without the consumer sending it twice, each
// complaint is filed once with one card and one receipt (or, when the
// killed replica had filed it and died before the receipt went out, a
// note that it was already filed).
// Then the leader is killed (SIGKILL) with every complaint past its SLA,
// possibly in the middle of its reminder round: another replica takes over
// the background work and sends one reminder per complaint (one the dead
// leader had claimed and not recorded as sent goes out once its claim's
// lease runs out, so that one may come twice), and killing that leader
// too, after its records are written, sends none twice.
func TestThreeReplicasOnPostgres(t *testing.T) {
	pgtest.URL(t)
	if testing.Short() {
		t.Skip("builds ipdesk and runs three processes")
	}
	// Fifty whole filings through three race-detected processes take
	// minutes on a loaded two-core machine; the bound ends a hang.
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	c := newCluster(t, ctx, 3)

	const consumers, sellers = 50, 10
	refs := make([]string, consumers)
	errs := make([]error, consumers)
	var wg sync.WaitGroup
	for i := range consumers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			user := fmt.Sprintf("U%03d", i+1)
			refs[i], errs[i] = c.consumer(user, fmt.Sprintf("Shop %02d", i%sellers))
		}()
	}
	// While they file: a deploy restarts replica 1 (SIGTERM, as systemd
	// and Kubernetes stop a process), and replica 2 is killed (SIGKILL)
	// and started again. The events replica 2 had taken are handled by the
	// leader once their lease runs out.
	time.Sleep(2 * time.Second)
	c.stop(1, syscall.SIGTERM)
	c.start(1)
	time.Sleep(time.Second)
	c.stop(2, syscall.SIGKILL)
	c.start(2)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("consumer %d: %v", i+1, err)
		}
	}
	if t.Failed() {
		t.FailNow()
	}
	c.waitConnections(3)

	// One complaint per consumer, none twice.
	db, err := postgres.Open(ctx, c.dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	all, err := db.ComplaintsSince(ctx, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	byUser := map[string]int{}
	for _, cpl := range all {
		byUser[cpl.UserID]++
	}
	if len(all) != consumers || len(byUser) != consumers {
		t.Fatalf("%d complaints from %d consumers, want %d from %d", len(all), len(byUser), consumers, consumers)
	}
	// One card and one receipt each.
	eventually.Check(t, ctx, "a card for every complaint", func() error {
		if n := len(c.count(reviewChannel, "[Approve compensation]")); n != consumers {
			return fmt.Errorf("cards for %d complaints, want %d", n, consumers)
		}
		return nil
	})
	for ref, n := range c.count(reviewChannel, "[Approve compensation]") {
		if n != 1 {
			t.Errorf("%s has %d cards", ref, n)
		}
	}
	// A filing whose process was killed before marking its event handled
	// is handled again: the consumer is told the complaint was already
	// filed only if the receipt had not gone out (it is looked for in the
	// direct messages). One receipt, or one such note, never both.
	for i, ref := range refs {
		im := slackfake.IMChannel(fmt.Sprintf("U%03d", i+1))
		receipts, notes := c.count(im, "Your complaint is filed as")[ref], c.count(im, "already filed as")[ref]
		if receipts+notes != 1 {
			t.Errorf("%s: %d receipts and %d notes that it was already filed, want one receipt or one note", ref, receipts, notes)
		}
	}
	// One repeat alert per seller (five consumers each, threshold three).
	eventually.Check(t, ctx, "repeat alerts", func() error {
		if len(c.count(reviewChannel, "Repeat reports")) == 0 {
			return errors.New("none in the review channel")
		}
		return nil
	})

	// Every complaint waits past its SLA; the leader dies.
	if _, err := db.Pool().Exec(ctx, `UPDATE complaints SET waiting_since = waiting_since - interval '2 hours'`); err != nil {
		t.Fatal(err)
	}
	first := -1
	eventually.Check(t, ctx, "a leader", func() error {
		if first = c.leader(); first < 0 {
			return errors.New("no replica's log says it leads")
		}
		return nil
	})
	killed := time.Now()
	c.stop(first, syscall.SIGKILL)
	reminders := func() int {
		n := 0
		for _, m := range c.fake.Messages(reviewChannel) {
			if strings.Contains(m.Visible(), "⏰") {
				n++
			}
		}
		return n
	}
	eventually.Check(t, ctx, "a reminder for every complaint", func() error {
		if n := reminders(); n < consumers {
			return fmt.Errorf("%d reminders, want %d", n, consumers)
		}
		return nil
	})
	t.Logf("the leader was killed; %d reminders sent by the next leader %v later", reminders(), time.Since(killed).Round(time.Second))
	// A leader killed between sending a reminder and recording it as sent
	// leaves it to be sent again once the claim's lease runs out (late
	// rather than never); the second leader is killed only after every
	// record is written.
	eventually.Check(t, ctx, "every reminder recorded as sent", func() error {
		var n int
		if err := db.Pool().QueryRow(ctx, `SELECT count(*) FROM reminders WHERE sent`).Scan(&n); err != nil {
			return err
		}
		if n < consumers {
			return fmt.Errorf("%d recorded, want %d", n, consumers)
		}
		return nil
	})
	second := c.leader()
	c.start(first)
	c.waitConnections(3)
	if second >= 0 {
		c.stop(second, syscall.SIGKILL)
		c.start(second)
		// The killed process's log went with it, so any replica that
		// says it leads now is a new leader: the restarted one in the
		// same slot may win too.
		eventually.Check(t, ctx, "a third leader", func() error {
			if l := c.leader(); l < 0 {
				return errors.New("no running replica's log says it leads")
			}
			return nil
		})
	}
	time.Sleep(3 * time.Second)
	perRef := map[string]int{}
	for _, m := range c.fake.Messages(reviewChannel) {
		if strings.Contains(m.Visible(), "⏰") {
			perRef[refPat.FindString(m.Visible())]++
		}
	}
	// The first leader was killed at an arbitrary moment of its round: a
	// reminder it had sent and not yet recorded as sent goes out again
	// once the claim's lease runs out (at least once, never lost), so that
	// one reminder may come twice. A process sends one at a time, so no
	// other may; nor may any the second leader sent, killed only after its
	// records were written.
	doubled := 0
	for _, ref := range refs {
		switch n := perRef[ref]; {
		case n == 2:
			doubled++
		case n != 1:
			t.Errorf("%s got %d SLA reminders, want 1", ref, n)
		}
	}
	if doubled > 1 {
		t.Errorf("%d reminders came twice; only the one the killed leader had in flight may", doubled)
	}
	alerts := c.count(reviewChannel, "Repeat reports")
	if n := len(c.fake.Messages(reviewChannel)); n == 0 || sumCounts(alerts) != sellers {
		t.Errorf("%d repeat alerts, want one per seller (%d)", sumCounts(alerts), sellers)
	}
}

func sumCounts(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}
