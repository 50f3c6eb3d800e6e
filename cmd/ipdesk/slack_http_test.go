package main

import (
	"bytes"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk/bot/slack/slackfake"
	"github.com/ipdesk/ipdesk/internal/eventually"
)

// The tests in this file run the whole product with Slack's HTTP Events
// API instead of Socket Mode: the App listens on 127.0.0.1 and the fake
// Slack posts each event, command and interaction to it as Slack does,
// signed with the app's signing secret.

const slackSigningSecret = "8f742231b10e8888abcd99yyyzzz85a5"

// newSlackHTTPWorld starts the App in HTTP mode on a port the system
// chooses and points the fake's deliveries at it.
func newSlackHTTPWorld(t *testing.T) *slackWorld {
	t.Helper()
	fake := slackfake.New(slackfake.Config{})
	t.Cleanup(fake.Close)
	fake.AddUser(slackfake.User{ID: consumer, Name: "consumer"})
	fake.AddUser(slackfake.User{ID: staffMember, Name: "reviewer"})
	w := &slackWorld{fake: fake}
	w.testApp = newTestApp(t, testBudget, map[string]string{
		"SLACK_BOT_TOKEN":        fake.BotToken(),
		"SLACK_API_URL":          fake.URL,
		"SLACK_SIGNING_SECRET":   slackSigningSecret,
		"IPDESK_SLACK_HTTP_ADDR": "127.0.0.1:0",
		"IPDESK_REVIEW_CHANNEL":  "slack:" + reviewChannel,
		"IPDESK_STAFF":           "slack:" + staffMember,
	}, func() func() {
		return func() {
			t.Helper()
			eventually.Check(t, w.ctx, "the App to listen for Slack", func() error {
				if w.app.SlackAddr() == "" {
					return errors.New("no address")
				}
				return nil
			})
			fake.DeliverHTTP(w.eventsTarget(0))
		}
	})
	w.start()
	return w
}

// eventsTarget is the App's events URL, for requests signed skew away
// from now.
func (w *slackWorld) eventsTarget(skew time.Duration) *slackfake.HTTPTarget {
	return &slackfake.HTTPTarget{URL: "http://" + w.app.SlackAddr() + "/slack/events", Secret: slackSigningSecret, Skew: skew}
}

// status waits for the App's answer to a delivery and returns its HTTP
// status.
func (w *slackWorld) status(env *slackfake.Envelope) int {
	w.t.Helper()
	ack, err := env.WaitAck(w.ctx)
	if err != nil {
		w.t.Fatal(err)
	}
	return ack.Status
}

func TestSlackHTTPQuestionAnswered(t *testing.T) {
	t.Parallel()
	w := newSlackHTTPWorld(t)
	env, err := w.fake.DM(w.ctx, consumer, slackfake.Typed("how long does a US trademark last?"))
	if err != nil {
		t.Fatal(err)
	}
	if code := w.status(env); code != http.StatusOK {
		t.Fatalf("a signed DM answered %d", code)
	}
	m := w.shown(slackfake.IMChannel(consumer), "Trademarks in the US", "Source:", "not legal advice", "[Helpful]")
	if m.Ephemeral {
		t.Error("a DM answer was sent as ephemeral")
	}
}

func TestSlackHTTPComplaintFiledOnceDespiteRetries(t *testing.T) {
	t.Parallel()
	w := newSlackHTTPWorld(t)
	dmCh := slackfake.IMChannel(consumer)
	// /ipdesk complain and the buttons arrive form-encoded.
	w.slash(dmCh, consumer, "complain")
	m := w.shown(dmCh, "What happened?", "[I bought a counterfeit]")
	click := w.click(consumer, m, "I bought a counterfeit")
	if code := w.status(click); code != http.StatusOK {
		t.Fatalf("a signed button press (block_actions) answered %d", code)
	}
	m = w.shown(dmCh, "Which marketplace", "[Amazon]")
	m = w.continueFrom(consumer, acme, m, "order")

	// An answer Slack delivers again (X-Slack-Retry-Num: 1, as when our
	// ack was late) is taken once.
	env, err := w.fake.DM(w.ctx, consumer, slackfake.Typed("123-1234567-1234567"))
	if err != nil {
		t.Fatal(err)
	}
	if code := w.status(env); code != http.StatusOK {
		t.Fatalf("a signed answer answered %d", code)
	}
	m = w.shown(dmCh, "When did you place the order?")
	again, err := w.fake.Redeliver(w.ctx, env)
	if err != nil {
		t.Fatal(err)
	}
	if code := w.status(again); code != http.StatusOK {
		t.Errorf("the retry answered %d, want 200 so that Slack stops retrying", code)
	}
	w.waitLog("duplicate delivery dropped", "slack:"+env.EventID)

	// The next message shown is the answer to the next step, not a second
	// answer to the retried one.
	m = w.continueFrom(consumer, acme, m, "")
	_, ref := w.confirm(consumer, m)
	list, err := w.app.DB.ComplaintsByUser(w.ctx, "slack", consumer)
	if err != nil || len(list) != 1 || list[0].Ref != ref {
		t.Fatalf("complaints filed = %v (%v), want one, %s", list, err, ref)
	}
	if c := w.complaint(ref); c.OrderNumber != "123-1234567-1234567" || c.Seller != acme.seller {
		t.Errorf("filed complaint = %+v", c)
	}
}

func TestSlackHTTPRefusesOversizedAndStaleRequests(t *testing.T) {
	t.Parallel()
	w := newSlackHTTPWorld(t)
	target := w.eventsTarget(0)
	posted := len(w.fake.Calls("chat.postMessage"))

	// A body over 1 MiB, correctly signed.
	big := []byte(`{"type":"event_callback","event_id":"EvBIG","event":{"type":"message","text":"` + strings.Repeat("a", 1<<20) + `"}}`)
	req, err := http.NewRequestWithContext(w.ctx, http.MethodPost, target.URL, bytes.NewReader(big))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	slackfake.SignRequest(req, slackSigningSecret, time.Now(), big)
	// A transport of its own: a parallel test's httptest server, closed,
	// closes the shared default transport's idle connections, and a
	// POST that had just taken one fails without a retry.
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("a body over 1 MiB answered %d, want 413", resp.StatusCode)
	}

	// A request signed six minutes ago: a replay, refused.
	w.fake.DeliverHTTP(w.eventsTarget(-6 * time.Minute))
	env, err := w.fake.DM(w.ctx, consumer, slackfake.Typed("how long does a US trademark last?"))
	if err != nil {
		t.Fatal(err)
	}
	if code := w.status(env); code != http.StatusUnauthorized {
		t.Errorf("a 6-minute-old request answered %d, want 401", code)
	}
	w.waitLog("refused an unsigned or stale request")

	// The same question signed now is answered, and only it.
	w.fake.DeliverHTTP(target)
	if env, err = w.fake.DM(w.ctx, consumer, slackfake.Typed("how long does a US trademark last?")); err != nil {
		t.Fatal(err)
	}
	if code := w.status(env); code != http.StatusOK {
		t.Fatalf("a signed DM answered %d", code)
	}
	w.shown(slackfake.IMChannel(consumer), "Trademarks in the US")
	if n := len(w.fake.Calls("chat.postMessage")) - posted; n != 1 {
		t.Errorf("%d messages posted, want only the answer to the signed question", n)
	}
}
