package slack_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/slack"
	"github.com/ipdesk/ipdesk/bot/slack/slackfake"
)

// echo answers every message with a fixed text and the kind of event.
func echo(text string) bot.Handler {
	return bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		_, err := w.Reply(ctx, bot.Reply{Text: text})
		return err
	})
}

func TestDMQuestionIsAnswered(t *testing.T) {
	t.Parallel()
	e := start(t, echo("A **trademark** protects a brand name."))
	e.fake.AddUser(slackfake.User{ID: "U1", Name: "seller1", RealName: "A seller"})
	e.dm("U1", "what is a trademark?")

	ev := e.nextEvent()
	if ev.Kind != bot.KindMessage || ev.Text != "what is a trademark?" {
		t.Errorf("event = %v %q", ev.Kind, ev.Text)
	}
	if ev.User.ID != "U1" || ev.User.Platform != bot.Slack || ev.User.Name != "seller1" || ev.User.Staff {
		t.Errorf("user = %+v", ev.User)
	}
	if !ev.Where.DM || ev.Where.Channel != slackfake.IMChannel("U1") || ev.Where.Thread != "" {
		t.Errorf("where = %+v", ev.Where)
	}
	if !strings.HasPrefix(ev.ID, "slack:Ev") {
		t.Errorf("delivery id %q, want the event_id", ev.ID)
	}
	m := e.shown()
	if m.Channel != slackfake.IMChannel("U1") || m.ThreadTS != "" || m.Ephemeral {
		t.Errorf("answer posted to %s thread %q ephemeral %v", m.Channel, m.ThreadTS, m.Ephemeral)
	}
	if got := m.Visible(); got != "A *trademark* protects a brand name." {
		t.Errorf("seller sees %q", got)
	}
	if m.Text == "" {
		t.Error("no fallback text for notifications")
	}
}

func TestMentionIsAnsweredInThread(t *testing.T) {
	t.Parallel()
	e := start(t, echo("Here is what I know."))
	env, err := e.fake.Mention(e.ctx, "CGENERAL", "U1", "how do I report a counterfeit?", "")
	if err != nil {
		t.Fatal(err)
	}
	ev := e.nextEvent()
	if !ev.Mentioned || ev.Where.DM || ev.Text != "how do I report a counterfeit?" {
		t.Errorf("event = %+v", ev)
	}
	m := e.shown()
	if m.Channel != "CGENERAL" || m.ThreadTS != env.MessageTS {
		t.Errorf("answer in %s thread %q, want CGENERAL thread %q", m.Channel, m.ThreadTS, env.MessageTS)
	}
	// A mention inside an existing thread is answered in that thread.
	if _, err := e.fake.Mention(e.ctx, "CGENERAL", "U1", "and then?", env.MessageTS); err != nil {
		t.Fatal(err)
	}
	e.nextEvent()
	if m := e.shown(); m.ThreadTS != env.MessageTS {
		t.Errorf("follow-up answered in thread %q, want %q", m.ThreadTS, env.MessageTS)
	}
}

func TestSlashCommand(t *testing.T) {
	t.Parallel()
	mux := bot.NewMux()
	mux.HandleCommand(bot.Command{Name: "ask"}, bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		_, err := w.Reply(ctx, bot.Reply{Text: "Looking up: " + strconv.Quote(e.Args)})
		return err
	}))
	mux.HandleCommand(bot.Command{Name: "help"}, echo("Commands: ask, complain, status"))
	e := start(t, mux)

	env, err := e.fake.Slash(e.ctx, "CSELLERS", "U1", "/ipdesk", "ask  VeRO notice")
	if err != nil {
		t.Fatal(err)
	}
	if a := e.ack(env); len(a.Payload) > 0 && string(a.Payload) != "null" {
		t.Errorf("slash command acked with payload %s, want an empty ack", a.Payload)
	}
	ev := e.nextEvent()
	if ev.Kind != bot.KindCommand || ev.Command != "ask" || ev.Args != "VeRO notice" {
		t.Errorf("event = %v %q %q", ev.Kind, ev.Command, ev.Args)
	}
	if m := e.shown(); m.Channel != "CSELLERS" || m.Visible() != `Looking up: "VeRO notice"` {
		t.Errorf("shown in %s: %q", m.Channel, m.Visible())
	}

	if _, err := e.fake.Slash(e.ctx, slackfake.IMChannel("U1"), "U1", "/ipdesk", ""); err != nil {
		t.Fatal(err)
	}
	if ev := e.nextEvent(); ev.Command != "help" || !ev.Where.DM {
		t.Errorf("bare /ipdesk = %q in %+v, want help in the DM", ev.Command, ev.Where)
	}
	if m := e.shown(); !strings.Contains(m.Visible(), "Commands:") {
		t.Errorf("help shows %q", m.Visible())
	}

	// The bot is not a member of the channel: the answer goes through
	// the command's response_url instead.
	e.fake.Inject("chat.postMessage", slackfake.Fault{Error: "not_in_channel"})
	if _, err := e.fake.Slash(e.ctx, "CPRIVATE", "U1", "/ipdesk", "ask DMCA"); err != nil {
		t.Fatal(err)
	}
	e.nextEvent()
	if c := e.call("response_url"); c.Get("response_type") != "in_channel" {
		t.Errorf("response_url call %v", c.JSON)
	}
	if m := e.shown(); m.Channel != "CPRIVATE" || !strings.Contains(m.Visible(), "DMCA") {
		t.Errorf("shown in %s: %q", m.Channel, m.Visible())
	}
}

func TestRedeliveredEnvelopeHasOneEffect(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	calls := 0
	e := start(t, bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		mu.Lock()
		calls++
		mu.Unlock()
		_, err := w.Reply(ctx, bot.Reply{Text: "Noted."})
		return err
	}))
	env := e.dm("U1", "my listing was taken down")
	e.ack(env)
	e.shown()
	again, err := e.fake.Redeliver(e.ctx, env)
	if err != nil {
		t.Fatal(err)
	}
	e.ack(again)
	if !e.logs.wait(e.ctx, "duplicate delivery dropped", "slack:"+env.EventID) {
		t.Fatal("the re-delivery was not recognised as a duplicate")
	}
	mu.Lock()
	defer mu.Unlock()
	if calls != 1 {
		t.Errorf("handler ran %d times, want 1", calls)
	}
	if n := len(e.fake.Calls("chat.postMessage")); n != 1 {
		t.Errorf("%d answers posted, want 1", n)
	}
}

func TestRateLimitedPostIsRetried(t *testing.T) {
	t.Parallel()
	e := start(t, echo("Answer after a pause."))
	e.fake.Inject("chat.postMessage", slackfake.Fault{RetryAfter: 1})
	e.dm("U1", "hello")
	m := e.shown()
	if m.Visible() != "Answer after a pause." {
		t.Errorf("shown %q", m.Visible())
	}
	calls := e.fake.Calls("chat.postMessage")
	if len(calls) != 2 || calls[0].Status != 429 || calls[1].Status != 200 {
		t.Fatalf("calls = %+v, want a 429 then a success", calls)
	}
	if gap := calls[1].At.Sub(calls[0].At); gap < time.Second {
		t.Errorf("retried after %v, before Retry-After", gap)
	}
}

// TestDroppedSocketConversationContinues runs a two-step conversation
// whose state lives in the handler, drops the socket between the steps,
// and checks the second step lands.
func TestDroppedSocketConversationContinues(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	asked := map[string]bool{}
	e := start(t, bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		mu.Lock()
		first := !asked[e.User.ID]
		asked[e.User.ID] = true
		mu.Unlock()
		text := "Which marketplace is the listing on?"
		if !first {
			text = "Thanks, noted: " + e.Text
		}
		_, err := w.Reply(ctx, bot.Reply{Text: text})
		return err
	}))
	e.dm("U1", "complain")
	if m := e.shown(); !strings.Contains(m.Visible(), "Which marketplace") {
		t.Fatalf("first step shows %q", m.Visible())
	}
	e.fake.DropSockets()
	if err := e.fake.WaitConnected(e.ctx, 2); err != nil {
		t.Fatal(err)
	}
	e.dm("U1", "Amazon")
	if m := e.shown(); m.Visible() != "Thanks, noted: Amazon" {
		t.Errorf("after reconnect shows %q", m.Visible())
	}
}

func TestHostileTextNeverPings(t *testing.T) {
	t.Parallel()
	hostile := "<!channel> <!here> @everyone <@U999> <!subteam^S1> <https://evil.example|click>"
	e := start(t, bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		_, err := w.Reply(ctx, bot.Reply{Text: "You wrote: " + e.Text,
			Fields:  []bot.Field{{Label: e.Text, Value: e.Text}},
			Buttons: []bot.Button{{ID: "x", Label: e.Text, Value: "v"}}})
		return err
	}))
	e.dm("U1", hostile)
	// Mentions reach the handler as plain text, never as Slack's markup it
	// could echo; a link reaches it as its destination, never as a label
	// that hides it.
	want := "@channel @here @everyone @U999 @S1 https://evil.example"
	if ev := e.nextEvent(); ev.Text != want {
		t.Errorf("handler got %q, want %q", ev.Text, want)
	}
	m := e.shown()
	if p := m.Pings(); len(p) > 0 {
		t.Errorf("reply would ping %v; blocks %s", p, m.Blocks)
	}
	if strings.Contains(m.Visible(), "click") && !strings.Contains(m.Visible(), "evil.example") {
		t.Errorf("the link label hides its destination: %q", m.Visible())
	}
	if !strings.Contains(m.Visible(), "@channel") || !strings.Contains(m.Visible(), "@everyone") {
		t.Errorf("the user's text is not shown as typed: %q", m.Visible())
	}
}

func TestLongReplyIsSplitWithinBlockKitLimits(t *testing.T) {
	t.Parallel()
	var paras []string
	for i := range 40 {
		paras = append(paras, fmt.Sprintf("Paragraph %d. %s", i, strings.Repeat("word ", 60)))
	}
	long := strings.Join(paras, "\n\n")
	e := start(t, echo(long))
	e.dm("U1", "tell me everything")
	m := e.shown() // the fake refuses sections over 3,000 characters
	if !strings.Contains(m.Visible(), "Paragraph 0.") || !strings.Contains(m.Visible(), "Paragraph 39.") {
		t.Error("text lost in splitting")
	}
	var blocks []map[string]any
	json.Unmarshal(m.Blocks, &blocks)
	if len(blocks) < 4 {
		t.Errorf("%d blocks for %d characters", len(blocks), len(long))
	}

	huge := strings.Repeat(strings.Repeat("x", 2900)+"\n\n", 60)
	e2 := start(t, echo(huge))
	e2.dm("U1", "more")
	m2 := e2.shown()
	json.Unmarshal(m2.Blocks, &blocks)
	if len(blocks) != 50 || !strings.Contains(m2.Visible(), "too long") {
		t.Errorf("%d blocks; shows the cut: %v", len(blocks), strings.Contains(m2.Visible(), "too long"))
	}
}

func TestSharedFileCanBeDownloaded(t *testing.T) {
	t.Parallel()
	type got struct {
		name, typ string
		size      int64
		sum       string
		err       error
	}
	results := make(chan got, 1)
	e := start(t, bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		for _, f := range e.Files {
			g := got{name: f.Name, typ: f.Type, size: f.Size}
			rc, err := f.Open(ctx)
			if err == nil {
				h := sha256.New()
				io.Copy(h, rc)
				rc.Close()
				g.sum = hex.EncodeToString(h.Sum(nil))
			}
			g.err = err
			results <- g
		}
		return nil
	}))
	content := []byte("order 123: invoice from the authorised distributor")
	e.dm("U1", "here is my proof", slackfake.File{Name: "invoice.txt", Mimetype: "text/plain", Content: content})
	want := sha256.Sum256(content)
	select {
	case g := <-results:
		if g.err != nil {
			t.Fatal(g.err)
		}
		if g.name != "invoice.txt" || g.typ != "text/plain" || g.size != int64(len(content)) || g.sum != hex.EncodeToString(want[:]) {
			t.Errorf("file = %+v", g)
		}
	case <-e.ctx.Done():
		t.Fatal("no file reached the handler")
	}
}

func TestEphemeralReplyAndErrorsAreOnlyForTheUser(t *testing.T) {
	t.Parallel()
	e := start(t, bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		return ipdesk.Errorf(ipdesk.EINVALID, "That listing id looks wrong.")
	}))
	if _, err := e.fake.Mention(e.ctx, "CGENERAL", "U1", "check xyz", ""); err != nil {
		t.Fatal(err)
	}
	m := e.shown()
	if !m.Ephemeral || m.User != "U1" || m.Channel != "CGENERAL" || m.Visible() != "That listing id looks wrong." {
		t.Errorf("shown %+v: %q", m, m.Visible())
	}
}

func TestBadTokensFailWithOneClearLine(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, botToken, appToken, want string
	}{
		{"bot token", "xoxb-wrong-secret", "", "SLACK_BOT_TOKEN"},
		{"app token", "", "xapp-wrong-secret", "SLACK_APP_TOKEN"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fake := slackfake.New(slackfake.Config{})
			defer fake.Close()
			botToken, appToken := tc.botToken, tc.appToken
			if botToken == "" {
				botToken = fake.BotToken()
			}
			if appToken == "" {
				appToken = fake.AppToken()
			}
			logs := &logRecorder{}
			a, err := slack.New(slack.Config{BotToken: botToken, AppToken: appToken, APIURL: fake.URL, Logger: slogNew(logs)})
			if err != nil {
				t.Fatal(err)
			}
			b, err := bot.New(bot.Config{Adapters: []bot.Adapter{a}, Logger: slogNew(logs)})
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			err = b.Run(ctx, echo("never"))
			if err == nil || !bot.IsPermanent(errors.Unwrap(err)) && !bot.IsPermanent(err) {
				t.Fatalf("Run = %v, want a permanent error", err)
			}
			msg := err.Error()
			if !strings.Contains(msg, tc.want) || !strings.Contains(msg, "invalid_auth") || strings.Contains(msg, "\n") {
				t.Errorf("error %q, want one line naming %s", msg, tc.want)
			}
			if strings.Contains(msg+logs.all(), "wrong-secret") {
				t.Error("a token appears in the error or the logs")
			}
		})
	}
}

func TestConfigIsChecked(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		cfg  slack.Config
		want []string // the options named, in order
	}{
		{slack.Config{}, []string{"BotToken", "AppToken"}},
		{slack.Config{BotToken: "xoxb-1"}, []string{"AppToken"}},
		{slack.Config{BotToken: "xoxb-1", HTTPAddr: ":3000"}, []string{"SigningSecret"}},
		{slack.Config{BotToken: "xoxp-secret-value", AppToken: "secret-value", APIURL: "slack-gov.com"}, []string{"BotToken", "AppToken", "APIURL"}},
	} {
		_, err := slack.New(tc.cfg)
		if err == nil {
			t.Errorf("New(%+v) accepted it", tc.cfg)
			continue
		}
		var got []string
		for _, e := range tc.cfg.Check().(interface{ Unwrap() []error }).Unwrap() {
			var oe *bot.OptionError
			if errors.As(e, &oe) {
				got = append(got, oe.Option)
			}
		}
		if strings.Join(got, " ") != strings.Join(tc.want, " ") {
			t.Errorf("%+v: errors name %v, want %v", tc.cfg, got, tc.want)
		}
		if strings.Contains(err.Error(), "secret-value") {
			t.Errorf("a token is in the error: %v", err)
		}
	}
	if err := (slack.Config{BotToken: "xoxb-1", AppToken: "xapp-1", APIURL: "https://slack-gov.com/api/"}).Check(); err != nil {
		t.Errorf("good options refused: %v", err)
	}
}

// TestAckComesBeforeTheWork holds the handler until the test has seen the
// acknowledgement: Slack re-delivers what is not acked within 3 s, so slow
// work must never delay the ack.
func TestAckComesBeforeTheWork(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	h := bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		select {
		case <-release:
		case <-ctx.Done():
			return ctx.Err()
		}
		_, err := w.Reply(ctx, bot.Reply{Text: "Done."})
		return err
	})
	for _, mode := range []string{"socket", "http"} {
		t.Run(mode, func(t *testing.T) {
			var e *env
			if mode == "http" {
				e, _ = startHTTP(t, h)
			} else {
				e = start(t, h)
			}
			env := e.dm("U1", "slow question")
			e.ack(env)
			e.nextEvent() // the handler is running, held
			release <- struct{}{}
			if m := e.shown(); m.Visible() != "Done." {
				t.Errorf("shown %q", m.Visible())
			}
		})
	}
}

func TestDMChannelIsOpenedOnce(t *testing.T) {
	t.Parallel()
	e := start(t, echo("unused"))
	e.fake.AddUser(slackfake.User{ID: "UCONSUMER", Name: "consumer1"})
	to := bot.DirectTo(bot.Slack, "UCONSUMER")
	for i := range 3 {
		ref, err := e.adapter.Send(e.ctx, to, bot.Reply{Text: fmt.Sprintf("Update %d on your complaint", i)})
		if err != nil {
			t.Fatal(err)
		}
		if ref.Where.Channel != slackfake.IMChannel("UCONSUMER") || !ref.Where.DM || ref.ID == "" {
			t.Errorf("ref = %+v", ref)
		}
	}
	if n := len(e.fake.Calls("conversations.open")); n != 1 {
		t.Errorf("conversations.open called %d times, want 1 (cached)", n)
	}
	if _, err := e.adapter.Send(e.ctx, bot.DirectTo(bot.Slack, "UNOBODY"), bot.Reply{Text: "x"}); err == nil || !strings.Contains(err.Error(), "conversations.open") || !strings.Contains(err.Error(), "user_not_found") {
		t.Errorf("send to an unknown user: %v, want the method and Slack's error", err)
	}
}
