package slack_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/slack/slackfake"
	"github.com/ipdesk/ipdesk/internal/eventually"
)

const signingSecret = "8f742231b10e8888abcd99yyyzzz85a5"

// startHTTP runs the bot in Events API mode on a listener of its own and
// points the fake's deliveries at it, signed with the app's secret.
func startHTTP(t *testing.T, h bot.Handler) (*env, string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	e := start(t, h, withHTTP(ln, signingSecret))
	url := "http://" + ln.Addr().String() + "/slack/events"
	e.fake.DeliverHTTP(&slackfake.HTTPTarget{URL: url, Secret: signingSecret})
	return e, url
}

func TestHTTPModeAcceptsSignedRequests(t *testing.T) {
	t.Parallel()
	mux := bot.NewMux()
	mux.HandleMessage(echo("Answered over HTTP."))
	mux.HandleCommand(bot.Command{Name: "status"}, bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		_, err := w.Reply(ctx, bot.Reply{Text: "No open complaints.", Buttons: []bot.Button{{ID: "pick", Label: "Give a reason"}}})
		return err
	}))
	mux.HandleAction("pick", bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		_, err := w.Reply(ctx, bot.Reply{Form: &bot.Form{ID: "reason", Title: "Reason", Inputs: []bot.Input{{ID: "why", Label: "Why", Required: true}}}})
		return err
	}))
	mux.HandleForm("reason", bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		if len(e.Form.Fields["why"]) < 5 {
			return &bot.FormError{Fields: map[string]string{"why": "Say a little more."}}
		}
		return nil
	}))
	e, _ := startHTTP(t, mux)

	env := e.dm("U1", "is this listing infringing?")
	if a := e.ack(env); a.Status != http.StatusOK {
		t.Fatalf("signed event answered %d", a.Status)
	}
	if m := e.shown(); m.Visible() != "Answered over HTTP." {
		t.Errorf("shown %q", m.Visible())
	}
	e.nextEvent()

	// Slack's retry of the same event (X-Slack-Retry-Num) has no effect.
	again, err := e.fake.Redeliver(e.ctx, env)
	if err != nil {
		t.Fatal(err)
	}
	if a := e.ack(again); a.Status != http.StatusOK {
		t.Errorf("retry answered %d", a.Status)
	}
	if !e.logs.wait(e.ctx, "duplicate delivery dropped", "slack:"+env.EventID) {
		t.Error("retry not dropped as a duplicate")
	}

	// Slash commands and interactivity use the same listener.
	cmd, err := e.fake.Slash(e.ctx, "CSELLERS", "U1", "/ipdesk", "status")
	if err != nil {
		t.Fatal(err)
	}
	if a := e.ack(cmd); a.Status != http.StatusOK {
		t.Errorf("slash command answered %d", a.Status)
	}
	if ev := e.nextEvent(); ev.Kind != bot.KindCommand || ev.Command != "status" {
		t.Errorf("event %v %q", ev.Kind, ev.Command)
	}
	card := e.shown()
	if card.Visible() != "No open complaints.\n[Give a reason]" {
		t.Errorf("shown %q", card.Visible())
	}
	if _, err := e.fake.Click(e.ctx, "U1", card, "Give a reason"); err != nil {
		t.Fatal(err)
	}
	e.nextEvent()
	view, err := e.fake.WaitView(e.ctx, "U1", 0)
	if err != nil {
		t.Fatal(err)
	}
	sub, err := e.fake.Submit(e.ctx, "U1", view, map[string]string{"why": "no"})
	if err != nil {
		t.Fatal(err)
	}
	e.nextEvent()
	a := e.ack(sub)
	var resp struct {
		ResponseAction string            `json:"response_action"`
		Errors         map[string]string `json:"errors"`
	}
	if err := json.Unmarshal(a.Payload, &resp); err != nil || a.Status != http.StatusOK || resp.ResponseAction != "errors" || resp.Errors["why"] != "Say a little more." {
		t.Errorf("submission answered %d %s", a.Status, a.Payload)
	}
}

func TestHTTPModeRejectsBadSignatures(t *testing.T) {
	t.Parallel()
	e, url := startHTTP(t, echo("should never be sent"))
	for _, tc := range []struct {
		name   string
		target slackfake.HTTPTarget
	}{
		{"wrong secret", slackfake.HTTPTarget{URL: url, Secret: "not-the-secret"}},
		{"old timestamp", slackfake.HTTPTarget{URL: url, Secret: signingSecret, Skew: -6 * time.Minute}},
		{"future timestamp", slackfake.HTTPTarget{URL: url, Secret: signingSecret, Skew: 6 * time.Minute}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e.fake.DeliverHTTP(&tc.target)
			env := e.dm("U1", "hello")
			if a := e.ack(env); a.Status != http.StatusUnauthorized {
				t.Errorf("answered %d, want 401", a.Status)
			}
			cmd, err := e.fake.Slash(e.ctx, "C1", "U1", "/ipdesk", "help")
			if err != nil {
				t.Fatal(err)
			}
			if a := e.ack(cmd); a.Status != http.StatusUnauthorized {
				t.Errorf("slash command answered %d, want 401", a.Status)
			}
		})
	}

	// Unsigned, and signed but with the body changed afterwards.
	body := []byte(`{"token":"t","challenge":"abc","type":"url_verification"}`)
	if code, _ := post(t, url, body, nil); code != http.StatusUnauthorized {
		t.Errorf("unsigned request answered %d", code)
	}
	tampered := func(r *http.Request) { slackfake.SignRequest(r, signingSecret, time.Now(), []byte(`{"other":"body"}`)) }
	if code, _ := post(t, url, body, tampered); code != http.StatusUnauthorized {
		t.Errorf("tampered request answered %d", code)
	}

	// The refused requests were never acknowledged, so nothing ran:
	// no event reached the handler and nothing was posted.
	select {
	case ev := <-e.events:
		t.Errorf("a refused request reached the handler: %+v", ev)
	default:
	}
	if n := len(e.fake.Calls("chat.postMessage")); n != 0 {
		t.Errorf("%d messages posted for refused requests", n)
	}
}

func TestHTTPModeAnswersURLVerification(t *testing.T) {
	t.Parallel()
	_, url := startHTTP(t, echo("unused"))
	body := []byte(`{"token":"t","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}`)
	code, got := post(t, url, body, func(r *http.Request) { slackfake.SignRequest(r, signingSecret, time.Now(), body) })
	if code != http.StatusOK || got != "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" {
		t.Errorf("url_verification answered %d %q", code, got)
	}
}

func post(t *testing.T, url string, body []byte, sign func(*http.Request)) (int, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if sign != nil {
		sign(req)
	}
	// Its own transport: see slackfake's deliverHTTP.
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, strings.TrimSpace(string(b))
}

func TestHTTPModeRefusesOversizedHeaders(t *testing.T) {
	t.Parallel()
	_, url := startHTTP(t, echo("unused"))
	body := []byte(`{"token":"t","challenge":"c1","type":"url_verification"}`)
	sign := func(r *http.Request) { slackfake.SignRequest(r, signingSecret, time.Now(), body) }
	if code, got := post(t, url, body, sign); code != http.StatusOK || got != "c1" {
		t.Fatalf("a normal request answered %d %q", code, got)
	}
	huge := func(r *http.Request) {
		sign(r)
		r.Header.Set("X-Padding", strings.Repeat("a", 80<<10))
	}
	if code, _ := post(t, url, body, huge); code != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("80 KiB of headers answered %d, want 431", code)
	}
}

func TestHTTPModeReportsItsAddress(t *testing.T) {
	t.Parallel()
	e, url := startHTTP(t, echo("unused"))
	// Run may not have started listening yet.
	var addr net.Addr
	eventually.Check(t, e.ctx, "the adapter to report its listener address", func() error {
		if addr = e.adapter.Addr(); addr == nil {
			return errors.New("no address")
		}
		return nil
	})
	if got := "http://" + addr.String() + "/slack/events"; got != url {
		t.Fatalf("Addr() = %s, want the listener of %s", addr, url)
	}
}
