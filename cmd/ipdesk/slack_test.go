package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot/slack/slackfake"
)

// The tests in this file run the whole product in Slack: the App as main
// builds it, connected through the real slack-go client to the fake Slack,
// driven the way members use it (slash commands, direct messages, buttons,
// modals).

const (
	reviewChannel = "CREVIEW"
	consumer      = "U100"
	bystander     = "U200"
	staffMember   = "USTAFF"
)

// slackWorld is a fake Slack workspace and the ipdesk App connected to it,
// on a database file that outlives restarts of the App.
type slackWorld struct {
	t    *testing.T
	ctx  context.Context // bounds every wait of the test
	fake *slackfake.Server
	vars map[string]string
	logs *syncBuffer

	app  *App
	stop context.CancelFunc
	done chan error
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

func newSlackWorld(t *testing.T) *slackWorld {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	fake := slackfake.New(slackfake.Config{PingInterval: time.Second})
	fake.AddUser(slackfake.User{ID: consumer, Name: "consumer"})
	fake.AddUser(slackfake.User{ID: bystander, Name: "bystander"})
	fake.AddUser(slackfake.User{ID: staffMember, Name: "reviewer"})
	w := &slackWorld{t: t, ctx: ctx, fake: fake, logs: &syncBuffer{}, vars: map[string]string{
		"SLACK_BOT_TOKEN":       fake.BotToken(),
		"SLACK_APP_TOKEN":       fake.AppToken(),
		"SLACK_API_URL":         fake.URL,
		"IPDESK_REVIEW_CHANNEL": "slack:" + reviewChannel,
		"IPDESK_STAFF":          "slack:" + staffMember,
		"IPDESK_DB":             filepath.Join(t.TempDir(), "ipdesk.db"),
		"IPDESK_LOG_LEVEL":      "debug",
	}}
	t.Cleanup(func() {
		w.stopApp()
		fake.Close()
		cancel()
		if t.Failed() {
			t.Logf("ipdesk log:\n%s", w.logs)
		}
	})
	w.startApp()
	return w
}

// startApp builds the App from the environment, as `ipdesk run` does, and
// runs it until stopApp.
func (w *slackWorld) startApp() {
	w.t.Helper()
	env := &Env{Stdin: strings.NewReader(""), Stdout: w.logs, Stderr: w.logs, Getenv: func(k string) string { return w.vars[k] }}
	cfg, _, err := loadConfig(env, "run", nil)
	if err != nil {
		w.t.Fatal(err)
	}
	n := w.fake.Connects()
	app, err := NewApp(w.ctx, env, cfg)
	if err != nil {
		w.t.Fatal(err)
	}
	runCtx, stop := context.WithCancel(w.ctx)
	w.app, w.stop, w.done = app, stop, make(chan error, 1)
	go func() { w.done <- app.Run(runCtx) }()
	if err := w.fake.WaitConnected(w.ctx, n+1); err != nil {
		w.t.Fatalf("the App did not connect to Slack: %v", err)
	}
}

// stopApp stops the App as a signal would and closes its database.
func (w *slackWorld) stopApp() {
	if w.app == nil {
		return
	}
	w.stop()
	select {
	case err := <-w.done:
		if err != nil {
			w.t.Errorf("App.Run: %v", err)
		}
	case <-time.After(10 * time.Second):
		w.t.Error("the App did not stop within 10 s")
	}
	if err := w.app.Close(); err != nil {
		w.t.Errorf("App.Close: %v", err)
	}
	w.app = nil
	// A socket the stopped client left half-open must not receive the next
	// envelope.
	w.fake.DropSockets()
}

// shown returns the next message that appeared or changed in the
// workspace, and checks where it appeared.
func (w *slackWorld) shown(channel string, want ...string) *slackfake.Message {
	w.t.Helper()
	m, err := w.fake.NextShown(w.ctx)
	if err != nil {
		w.t.Fatal(err)
	}
	if m.Channel != channel {
		w.t.Fatalf("next message appeared in %s, want %s: %q", m.Channel, channel, m.Visible())
	}
	for _, s := range want {
		if !strings.Contains(m.Visible(), s) {
			w.t.Fatalf("message in %s lacks %q:\n%s", channel, s, m.Visible())
		}
	}
	return m
}

// dm sends text to the bot from user as the Slack client would deliver it,
// and returns the bot's answer in their DM.
func (w *slackWorld) dm(user, text string, want ...string) *slackfake.Message {
	w.t.Helper()
	if _, err := w.fake.DM(w.ctx, user, slackfake.Typed(text)); err != nil {
		w.t.Fatal(err)
	}
	return w.shown(slackfake.IMChannel(user), want...)
}

// click presses a button as user and returns the envelope.
func (w *slackWorld) click(user string, m *slackfake.Message, label string) *slackfake.Envelope {
	w.t.Helper()
	env, err := w.fake.Click(w.ctx, user, m, label)
	if err != nil {
		w.t.Fatal(err)
	}
	return env
}

// slash runs "/ipdesk text" as user in channel.
func (w *slackWorld) slash(channel, user, text string) {
	w.t.Helper()
	if _, err := w.fake.Slash(w.ctx, channel, user, "/ipdesk", text); err != nil {
		w.t.Fatal(err)
	}
}

// submit submits a modal as user and returns the field errors it was
// answered with (none when the modal closed).
func (w *slackWorld) submit(user string, v *slackfake.View, values map[string]string) map[string]string {
	w.t.Helper()
	env, err := w.fake.Submit(w.ctx, user, v, values)
	if err != nil {
		w.t.Fatal(err)
	}
	ack, err := env.WaitAck(w.ctx)
	if err != nil {
		w.t.Fatal(err)
	}
	if len(ack.Payload) == 0 || string(ack.Payload) == "null" {
		return nil
	}
	var resp struct {
		ResponseAction string            `json:"response_action"`
		Errors         map[string]string `json:"errors"`
	}
	if err := json.Unmarshal(ack.Payload, &resp); err != nil || resp.ResponseAction != "errors" || len(resp.Errors) == 0 {
		w.t.Fatalf("modal submission acked with %s", ack.Payload)
	}
	return resp.Errors
}

// complaint is what a consumer types into the wizard.
type complaint struct {
	seller, problem string
}

var refPat = regexp.MustCompile(`IPD-[0-9A-Z]{5}`)

// fileUntilSummary takes user through the wizard, in their DM, up to the
// summary, and returns the summary message.
func (w *slackWorld) fileUntilSummary(user string, c complaint) *slackfake.Message {
	w.t.Helper()
	dmCh := slackfake.IMChannel(user)
	w.slash(dmCh, user, "complain")
	m := w.shown(dmCh, "What happened?", "[I bought a counterfeit]")
	w.click(user, m, "I bought a counterfeit")
	m = w.shown(dmCh, "Which marketplace", "[Amazon]", "[Back]")
	w.click(user, m, "Amazon")
	w.shown(dmCh, "Paste the link")
	w.dm(user, "https://www.amazon.com/dp/B0EXAMPLE1", "seller's or shop's name")
	return w.continueFrom(user, c, "seller")
}

// continueFrom answers the wizard from the given step (whose question was
// shown last) up to the summary, and returns the summary.
func (w *slackWorld) continueFrom(user string, c complaint, step string) *slackfake.Message {
	w.t.Helper()
	dmCh := slackfake.IMChannel(user)
	steps := []string{"seller", "order", "date", "problem", "evidence", "remedy", "amount", "consent", "email"}
	i := 0
	for i < len(steps) && steps[i] != step {
		i++
	}
	var m *slackfake.Message
	for _, s := range steps[i:] {
		switch s {
		case "seller":
			w.dm(user, c.seller, "What is the order number?")
		case "order":
			w.dm(user, "123-1234567-1234567", "When did you place the order?")
		case "date":
			w.dm(user, "skip", "What is wrong")
		case "problem":
			w.dm(user, c.problem, "Send your evidence", "[Done]")
		case "evidence":
			if _, err := w.fake.DM(w.ctx, user, "", slackfake.File{Name: "label.jpg", Mimetype: "image/jpeg", Content: []byte("\xff\xd8\xff a photo of the label")}); err != nil {
				w.t.Fatal(err)
			}
			m = w.shown(dmCh, "Added label.jpg (image/jpeg", "sha256", "[Done]")
			w.click(user, m, "Done")
		case "remedy":
			m = w.shown(dmCh, "What would you like us to do?", "[Compensation]")
			w.click(user, m, "Compensation")
		case "amount":
			w.shown(dmCh, "How much compensation")
		case "consent":
			m = w.dm(user, "49.99 USD", "May staff contact you by email", "[Yes, by email]")
			w.click(user, m, "Yes, by email")
		case "email":
			w.shown(dmCh, "Which email address")
			m = w.dm(user, "buyer@example.com", "Please check your complaint", "[Submit]", "buyer@example.com", "49.99 USD")
		}
	}
	return m
}

// confirm presses Submit on the summary and returns the review card and
// the complaint's reference from the receipt.
func (w *slackWorld) confirm(user string, summary *slackfake.Message) (*slackfake.Message, string) {
	w.t.Helper()
	w.click(user, summary, "Submit")
	card := w.shown(reviewChannel, "[Approve compensation] [Reject] [Request info] [Escalate] [Assign to me]")
	receipt := w.shown(slackfake.IMChannel(user), "Your complaint is filed as", "Type `/ipdesk status`")
	ref := refPat.FindString(receipt.Visible())
	if ref == "" || !strings.Contains(card.Visible(), "Complaint "+ref) {
		w.t.Fatalf("receipt %q and card %q do not name the same complaint", receipt.Visible(), card.Visible())
	}
	return card, ref
}

func (w *slackWorld) complaint(ref string) *ipdesk.Complaint {
	w.t.Helper()
	c, err := w.app.DB.Complaint(w.ctx, ref)
	if err != nil {
		w.t.Fatal(err)
	}
	return c
}

var acme = complaint{seller: "ACME Store", problem: "The logo is misprinted and the stitching is loose."}

func TestSlackComplaintFiledAndApproved(t *testing.T) {
	w := newSlackWorld(t)
	card, ref := w.confirm(consumer, w.fileUntilSummary(consumer, acme))
	if got := card.Visible(); !strings.Contains(got, "ACME Store") || !strings.Contains(got, "https://www.amazon.com/dp/B0EXAMPLE1") ||
		!strings.Contains(got, "label.jpg") || !strings.Contains(got, "49.99 USD") {
		t.Errorf("card lacks the complaint's details:\n%s", got)
	}
	if c := w.complaint(ref); c.Status != ipdesk.StatusSubmitted || len(c.Evidence) != 1 || c.Evidence[0].SHA256 == "" || c.Contact != "buyer@example.com" {
		t.Errorf("filed complaint = %+v", c)
	}

	// A member who is not staff presses Approve: refused where only they
	// see it, and nothing changes.
	w.click(bystander, card, "Approve compensation")
	refusal := w.shown(reviewChannel, "Only staff")
	if !refusal.Ephemeral || refusal.User != bystander {
		t.Errorf("refusal ephemeral=%v to %q", refusal.Ephemeral, refusal.User)
	}
	if n := len(w.fake.Views()); n != 0 {
		t.Errorf("%d modals opened for a member who is not staff", n)
	}
	if m := w.fake.Message(reviewChannel, card.TS); m.Edits != 0 || w.complaint(ref).Status != ipdesk.StatusSubmitted {
		t.Errorf("a refused click changed the card (%d edits) or the complaint", m.Edits)
	}

	// Staff press Approve compensation: a modal with amount, currency and
	// note, the asked amount proposed.
	w.click(staffMember, card, "Approve compensation")
	v, err := w.fake.WaitView(w.ctx, staffMember, 0)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, in := range v.Inputs() {
		ids = append(ids, in.BlockID)
	}
	if v.Title != "Approve "+ref || strings.Join(ids, ",") != "amount,currency,note" {
		t.Fatalf("modal %q with inputs %v", v.Title, ids)
	}
	for _, bad := range []map[string]string{{"amount": "-5", "currency": "USD"}, {"amount": "a lot", "currency": "USD"}, {"amount": "45", "currency": "XYZ"}} {
		errs := w.submit(staffMember, v, bad)
		field := "amount"
		if bad["currency"] == "XYZ" {
			field = "currency"
		}
		if errs[field] == "" {
			t.Errorf("%v: errors %v, want one on %s", bad, errs, field)
		}
	}
	if m := w.fake.Message(reviewChannel, card.TS); m.Edits != 0 || w.complaint(ref).Status != ipdesk.StatusSubmitted {
		t.Fatal("an invalid approval changed the card or the complaint")
	}
	if errs := w.submit(staffMember, v, map[string]string{"amount": "45", "currency": "USD", "note": "Refund of the price."}); errs != nil {
		t.Fatalf("valid approval refused: %v", errs)
	}
	updated := w.shown(reviewChannel, "Status: *approved*", "approved 45.00 USD by", staffMember, "Refund of the price.")
	if updated.TS != card.TS || updated.Edits != 1 {
		t.Errorf("decision posted as %s (edits %d), want the card %s updated in place", updated.TS, updated.Edits, card.TS)
	}
	if len(updated.Buttons()) != 0 {
		t.Errorf("a decided card still offers %v", updated.Buttons())
	}
	notice := w.shown(slackfake.IMChannel(consumer), "Update on your complaint *"+ref, "approved", "45.00 USD", "Refund of the price.")
	if !strings.Contains(notice.Visible(), "/ipdesk status") {
		t.Errorf("the complainant is not told how to follow up in Slack:\n%s", notice.Visible())
	}
	done := w.shown(reviewChannel, "Done: "+ref+" is now approved")
	if !done.Ephemeral || done.User != staffMember {
		t.Errorf("confirmation to staff ephemeral=%v to %q", done.Ephemeral, done.User)
	}
	if c := w.complaint(ref); c.Status != ipdesk.StatusApproved || c.Decision.Amount != 4500 || c.Decision.By != "slack:"+staffMember {
		t.Errorf("complaint after approval = %+v %+v", c, c.Decision)
	}

	// The complainant asks for their status with the command the notice
	// gave them.
	w.slash(slackfake.IMChannel(consumer), consumer, "status")
	if m := w.shown(slackfake.IMChannel(consumer), ref, "approved, 45.00 USD"); !m.Ephemeral {
		t.Error("status was posted for everyone")
	}
}
