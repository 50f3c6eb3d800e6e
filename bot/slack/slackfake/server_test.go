package slackfake_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"

	"github.com/ipdesk/ipdesk/bot/slack/slackfake"
	"github.com/ipdesk/ipdesk/internal/testclock"
)

func timeout(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// TestSocketModeRoundTrip drives the real slack-go Socket Mode client: a
// member's DM arrives as an events_api envelope, is acknowledged, and the
// reply posted with chat.postMessage is what the member sees.
func TestSocketModeRoundTrip(t *testing.T) {
	t.Parallel()
	fake := slackfake.New(slackfake.Config{PingInterval: 50 * time.Millisecond})
	defer fake.Close()
	ctx := timeout(t)

	api := slack.New(fake.BotToken(), slack.OptionAppLevelToken(fake.AppToken()), slack.OptionAPIURL(fake.URL))
	client := socketmode.New(api)
	runCtx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { client.RunContext(runCtx) })
	wg.Go(func() {
		for {
			select {
			case <-runCtx.Done():
				return
			case ev := <-client.Events:
				if ev.Type != socketmode.EventTypeEventsAPI {
					continue
				}
				client.Ack(*ev.Request)
				outer := ev.Data.(slackevents.EventsAPIEvent)
				if m, ok := outer.InnerEvent.Data.(*slackevents.MessageEvent); ok {
					api.PostMessageContext(runCtx, m.Channel, slack.MsgOptionText("you said: "+m.Text, false))
				}
			}
		}
	})
	defer wg.Wait()
	defer stop()

	env, err := fake.DM(ctx, "U1", "hello <!channel>")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.WaitAck(ctx); err != nil {
		t.Fatal(err)
	}
	call, err := fake.NextCall(ctx, "chat.postMessage")
	if err != nil {
		t.Fatal(err)
	}
	if got := call.Get("channel"); got != slackfake.IMChannel("U1") {
		t.Errorf("posted to %q, want the DM", got)
	}
	msgs := fake.Messages(slackfake.IMChannel("U1"))
	if len(msgs) != 1 {
		t.Fatalf("%d messages in the DM, want 1", len(msgs))
	}
	// The echo is unescaped on purpose: the fake must report the ping.
	if p := msgs[0].Pings(); len(p) != 1 || p[0] != "@channel" {
		t.Errorf("Pings() = %v, want [@channel]", p)
	}
	if got := msgs[0].Visible(); got != "you said: hello @channel" {
		t.Errorf("Visible() = %q", got)
	}

	// A dropped socket is reopened by the client and delivery resumes.
	fake.DropSockets()
	if err := fake.WaitConnected(ctx, 2); err != nil {
		t.Fatal(err)
	}
	env, err = fake.DM(ctx, "U1", "again")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.WaitAck(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestWrongTokensAreRejected(t *testing.T) {
	t.Parallel()
	fake := slackfake.New(slackfake.Config{})
	defer fake.Close()
	ctx := timeout(t)
	_, err := slack.New("xoxb-wrong", slack.OptionAPIURL(fake.URL)).AuthTestContext(ctx)
	if err == nil || err.Error() != "invalid_auth" {
		t.Errorf("auth.test with a wrong token: %v, want invalid_auth", err)
	}
	_, _, err = slack.New(fake.BotToken(), slack.OptionAppLevelToken("xapp-wrong"), slack.OptionAPIURL(fake.URL)).StartSocketModeContext(ctx)
	if err == nil || err.Error() != "invalid_auth" {
		t.Errorf("apps.connections.open with a wrong token: %v, want invalid_auth", err)
	}
}

func TestInjectedFaults(t *testing.T) {
	t.Parallel()
	fake := slackfake.New(slackfake.Config{})
	defer fake.Close()
	ctx := timeout(t)
	api := slack.New(fake.BotToken(), slack.OptionAPIURL(fake.URL))
	fake.Inject("chat.postMessage", slackfake.Fault{RetryAfter: 7}, slackfake.Fault{Error: "channel_not_found"})
	_, _, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("x", false))
	var rl *slack.RateLimitedError
	if !errors.As(err, &rl) || rl.RetryAfter != 7*time.Second {
		t.Errorf("first call: %v, want a 7s rate limit", err)
	}
	if _, _, err = api.PostMessageContext(ctx, "C1", slack.MsgOptionText("x", false)); err == nil || err.Error() != "channel_not_found" {
		t.Errorf("second call: %v, want channel_not_found", err)
	}
	if _, _, err = api.PostMessageContext(ctx, "C1", slack.MsgOptionText("x", false)); err != nil {
		t.Errorf("third call: %v", err)
	}
	if n := len(fake.Calls("chat.postMessage")); n != 3 {
		t.Errorf("%d calls recorded, want 3", n)
	}
	// Block Kit limits are enforced as on Slack.
	long := slack.NewSectionBlock(slack.NewTextBlockObject("mrkdwn", strings.Repeat("a", 3001), false, false), nil, nil)
	if _, _, err = api.PostMessageContext(ctx, "C1", slack.MsgOptionBlocks(long)); err == nil || err.Error() != "invalid_blocks" {
		t.Errorf("3,001-character section: %v, want invalid_blocks", err)
	}
}

func TestFileDownloadNeedsTheBotToken(t *testing.T) {
	t.Parallel()
	fake := slackfake.New(slackfake.Config{})
	defer fake.Close()
	ctx := timeout(t)
	f := fake.AddFile(slackfake.File{Name: "invoice.pdf", Mimetype: "application/pdf", Content: []byte("%PDF-1.4 evidence")})
	api := slack.New(fake.BotToken(), slack.OptionAPIURL(fake.URL))
	info, _, _, err := api.GetFileInfoContext(ctx, f.ID, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := api.GetFileContext(ctx, info.URLPrivateDownload, &buf); err != nil {
		t.Fatal(err)
	}
	if buf.String() != "%PDF-1.4 evidence" {
		t.Errorf("downloaded %q", buf.String())
	}
	other := slack.New("xoxb-other", slack.OptionAPIURL(fake.URL))
	if err := other.GetFileContext(ctx, info.URLPrivateDownload, &buf); err == nil {
		t.Error("download with a wrong token succeeded")
	}
}

func TestSignatureVerifiesWithSlackGo(t *testing.T) {
	t.Parallel()
	body := []byte(`{"type":"url_verification","challenge":"c"}`)
	h := http.Header{}
	ts, sig := slackfake.Sign("secret", time.Now(), body)
	h.Set("X-Slack-Request-Timestamp", ts)
	h.Set("X-Slack-Signature", sig)
	sv, err := slack.NewSecretsVerifier(h, "secret")
	if err != nil {
		t.Fatal(err)
	}
	sv.Write(body)
	if err := sv.Ensure(); err != nil {
		t.Errorf("slack-go rejects the fake's signature: %v", err)
	}
}

// TestTriggerLivesThreeSeconds: a trigger_id opens a modal within Slack's
// three seconds, and only once; after them it is refused as expired. The
// fake's clock is moved, not waited on.
func TestTriggerLivesThreeSeconds(t *testing.T) {
	t.Parallel()
	clk := testclock.New(time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC))
	fake := slackfake.New(slackfake.Config{Now: clk.Now})
	defer fake.Close()
	ctx := timeout(t)
	app := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer app.Close()
	fake.DeliverHTTP(&slackfake.HTTPTarget{URL: app.URL, Secret: "secret"})
	api := slack.New(fake.BotToken(), slack.OptionAPIURL(fake.URL))
	view := slack.ModalViewRequest{
		Type:   slack.VTModal,
		Title:  slack.NewTextBlockObject(slack.PlainTextType, "Listing", false, false),
		Blocks: slack.Blocks{BlockSet: []slack.Block{slack.NewSectionBlock(slack.NewTextBlockObject(slack.PlainTextType, "Details", false, false), nil, nil)}},
	}
	trigger := func() string {
		t.Helper()
		env, err := fake.Slash(ctx, "CGENERAL", "U1", "/ipdesk", "complain")
		if err != nil {
			t.Fatal(err)
		}
		var p struct {
			TriggerID string `json:"trigger_id"`
		}
		if err := json.Unmarshal(env.Payload, &p); err != nil || p.TriggerID == "" {
			t.Fatalf("slash payload %s: %v", env.Payload, err)
		}
		return p.TriggerID
	}
	open := func(trig string) string {
		if _, err := api.OpenViewContext(ctx, trig, view); err != nil {
			return err.Error()
		}
		return ""
	}

	// At the last instant of its three seconds the trigger still opens
	// the modal; a second use is refused.
	trig := trigger()
	clk.Advance(3 * time.Second)
	if got := open(trig); got != "" {
		t.Errorf("views.open at 3 s: %s, want the modal opened", got)
	}
	if got := open(trig); got != "exchanged_trigger_id" {
		t.Errorf("views.open with a used trigger: %q, want exchanged_trigger_id", got)
	}
	// A millisecond later it has expired.
	trig = trigger()
	clk.Advance(3*time.Second + time.Millisecond)
	if got := open(trig); got != "expired_trigger_id" {
		t.Errorf("views.open after 3 s: %q, want expired_trigger_id", got)
	}
	if views := fake.Views(); len(views) != 1 {
		t.Errorf("%d modals open, want the one opened in time", len(views))
	}
}
