package discord_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/discord"
	"github.com/ipdesk/ipdesk/bot/discord/discordfake"
)

func TestIntents(t *testing.T) {
	t.Parallel()
	e := start(t, bot.HandlerFunc(func(context.Context, bot.ResponseWriter, *bot.Event) error { return nil }), options{})
	want := discordfake.IntentGuilds | discordfake.IntentGuildMessages | discordfake.IntentDirectMessages
	if got := e.srv.Gateway().Intents; got != want {
		t.Errorf("intents %b, want guilds, guild messages and DMs %b", got, want)
	}

	mc := start(t, bot.HandlerFunc(func(context.Context, bot.ResponseWriter, *bot.Event) error { return nil }), options{
		fake:    discordfake.Config{Privileged: discordfake.IntentMessageContent},
		adapter: discord.Config{MessageContent: true},
	})
	if got := mc.srv.Gateway().Intents; got != want|discordfake.IntentMessageContent {
		t.Errorf("with message content: intents %b", got)
	}
}

// runOnce runs an adapter against srv until it returns or the timeout.
func runOnce(t *testing.T, cfg discord.Config) error {
	t.Helper()
	a, err := discord.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return a.Run(ctx, bot.HandlerFunc(func(context.Context, bot.ResponseWriter, *bot.Event) error { return nil }))
}

func TestMessageContentNotEnabledInPortal(t *testing.T) {
	t.Parallel()
	srv := discordfake.New(t, discordfake.Config{})
	err := runOnce(t, discord.Config{Token: srv.Config().Token, APIURL: srv.URL, MessageContent: true})
	if !bot.IsPermanent(err) || !strings.Contains(err.Error(), "4014") || !strings.Contains(err.Error(), "IPDESK_DISCORD_MESSAGE_CONTENT") {
		t.Errorf("err = %v; want a permanent error naming close 4014 and the setting", err)
	}
}

func TestBadTokenOneClearLine(t *testing.T) {
	t.Parallel()
	srv := discordfake.New(t, discordfake.Config{})
	const wrong = "wrong-token-value"
	err := runOnce(t, discord.Config{Token: wrong, APIURL: srv.URL})
	if err == nil || !bot.IsPermanent(err) {
		t.Fatalf("err = %v, want a permanent error", err)
	}
	msg := err.Error()
	if strings.Contains(msg, "\n") || !strings.Contains(msg, "DISCORD_BOT_TOKEN") || strings.Contains(msg, wrong) {
		t.Errorf("error %q: want one line naming DISCORD_BOT_TOKEN and not the token", msg)
	}
	if st := srv.Gateway(); st.Connections != 0 || st.Identifies != 0 {
		t.Errorf("gateway used with a bad token: %+v", st)
	}
}

// TestEveryBadOptionIsNamed gives the constructor several bad options at
// once and expects one error for each, naming its option.
func TestEveryBadOptionIsNamed(t *testing.T) {
	t.Parallel()
	cfg := discord.Config{Token: "Bot  ", APIURL: "discord.com", GuildID: "my server", StaffRoles: []string{"77", "mods"}}
	if _, err := discord.New(cfg); err == nil {
		t.Fatal("New accepted them")
	}
	err := cfg.Check()
	got := map[string]bool{}
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var oe *bot.OptionError
		if !errors.As(e, &oe) {
			t.Fatalf("%v is not an option error", e)
		}
		got[oe.Option] = true
	}
	for _, want := range []string{"Token", "APIURL", "GuildID", "StaffRoles"} {
		if !got[want] {
			t.Errorf("no error for %s in %v", want, err)
		}
	}
	if len(got) != 4 {
		t.Errorf("errors for %v, want four", got)
	}
	if _, err := discord.New(discord.Config{Token: "x", APIURL: "https://proxy.example/api/v10", GuildID: "800000000000000001"}); err != nil {
		t.Errorf("good options refused: %v", err)
	}
}

// TestOpenTimeout points the adapter at a gateway that says hello and then
// nothing: Open must give up with a clear error instead of hanging.
func TestOpenTimeout(t *testing.T) {
	t.Parallel()
	var wg sync.WaitGroup
	var mu sync.Mutex
	var conns []*websocket.Conn
	upgrader := websocket.Upgrader{}
	mux := http.NewServeMux()
	var srv *httptest.Server
	mux.HandleFunc("GET /api/v9/users/@me", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"id":"1","username":"ipdesk","bot":true}`))
	})
	mux.HandleFunc("GET /api/v9/gateway", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"url":"ws` + strings.TrimPrefix(srv.URL, "http") + `/gw"}`))
	})
	mux.HandleFunc("/gw/", func(w http.ResponseWriter, r *http.Request) {
		c, err := upgrader.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		mu.Lock()
		conns = append(conns, c)
		mu.Unlock()
		wg.Add(1)
		defer wg.Done()
		c.WriteJSON(map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": 45000}})
		for {
			if _, _, err := c.ReadMessage(); err != nil {
				return
			}
		}
	})
	srv = httptest.NewServer(mux)
	defer func() {
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
		srv.Close()
		wg.Wait()
	}()
	start := time.Now()
	err := runOnce(t, discord.Config{Token: "t", APIURL: srv.URL, OpenTimeout: 300 * time.Millisecond})
	if err == nil || !strings.Contains(err.Error(), "no answer from the gateway within") {
		t.Errorf("err = %v", err)
	}
	if bot.IsPermanent(err) {
		t.Error("a timeout should be retried, not permanent")
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("gave up after %v", d)
	}
}

func TestReconnectAndResume(t *testing.T) {
	t.Parallel()
	s := newSeen()
	e := start(t, reply(s, func(e *bot.Event) bot.Reply { return bot.Reply{Text: "echo " + e.Text} }), options{})
	e.srv.DropConnections()
	e.srv.WaitGateway(wait, "a resume", func(st discordfake.GatewayStats) bool { return st.Resumes == 1 && st.Connected == 1 })
	e.srv.SendDM(seller, "after the drop")
	if ev := s.next(t); ev.Text != "after the drop" {
		t.Errorf("event %q", ev.Text)
	}
	if m := e.srv.WaitShown(wait); m.Display() != "echo after the drop" {
		t.Errorf("user saw %q", m.Display())
	}
	if st := e.srv.Gateway(); st.Identifies != 1 {
		t.Errorf("%d identifies, want 1 (resumed, not re-identified)", st.Identifies)
	}
	health := e.bot.Health()
	if len(health) != 1 || health[0].Restarts < 1 || !strings.Contains(health[0].LastError, "connection lost") {
		t.Errorf("health = %+v; want the outage recorded", health)
	}
}

func TestInvalidSessionReidentifies(t *testing.T) {
	t.Parallel()
	s := newSeen()
	e := start(t, reply(s, func(e *bot.Event) bot.Reply { return bot.Reply{Text: "ok"} }), options{})
	e.srv.InvalidateNextResume()
	e.srv.DropConnections()
	e.srv.WaitGateway(wait, "a new identify", func(st discordfake.GatewayStats) bool {
		return st.Invalidated == 1 && st.Identifies == 2 && st.Connected == 1
	})
	e.srv.SendDM(seller, "still there?")
	if ev := s.next(t); ev.Text != "still there?" {
		t.Errorf("event %q", ev.Text)
	}
}

func TestMissedHeartbeatAcksReconnect(t *testing.T) {
	t.Parallel()
	s := newSeen()
	e := start(t, reply(s, func(e *bot.Event) bot.Reply { return bot.Reply{Text: "ok"} }), options{
		fake: discordfake.Config{HeartbeatInterval: 50 * time.Millisecond},
	})
	e.srv.DropHeartbeatACKs(true)
	e.srv.WaitGateway(wait, "a dropped connection", func(st discordfake.GatewayStats) bool { return st.Connected == 0 })
	e.srv.DropHeartbeatACKs(false)
	e.srv.WaitGateway(wait, "a resume", func(st discordfake.GatewayStats) bool { return st.Resumes >= 1 && st.Connected == 1 })
	e.srv.SendDM(seller, "back")
	if ev := s.next(t); ev.Text != "back" {
		t.Errorf("event %q", ev.Text)
	}
}

// deliveries counts each event the adapter delivered, after the standard
// middleware has handled it, so a test can tell a replay arrived and was
// dropped.
type deliveries struct {
	mu     sync.Mutex
	counts map[string]int
	ch     chan struct{}
}

func newDeliveries() *deliveries {
	return &deliveries{counts: map[string]int{}, ch: make(chan struct{}, 1)}
}

func (d *deliveries) wrap(b *bot.Bot, h bot.Handler) bot.Handler {
	inner := b.Handler(h)
	return bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		err := inner.ServeEvent(ctx, w, e)
		d.mu.Lock()
		d.counts[e.ID]++
		d.mu.Unlock()
		select {
		case d.ch <- struct{}{}:
		default:
		}
		return err
	})
}

// waitFor waits until id was delivered n times in all.
func (d *deliveries) waitFor(t *testing.T, id string, n int) {
	t.Helper()
	deadline := time.After(wait)
	for {
		d.mu.Lock()
		got := d.counts[id]
		d.mu.Unlock()
		if got >= n {
			return
		}
		select {
		case <-d.ch:
		case <-deadline:
			t.Fatalf("%s delivered %d times, want %d", id, got, n)
		}
	}
}

func TestReplayedEventsHaveOneEffect(t *testing.T) {
	t.Parallel()
	s := newSeen()
	d := newDeliveries()
	h := bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		s.add(e)
		if e.Kind == bot.KindAction {
			_, err := w.Reply(ctx, bot.Reply{Text: "Recorded your vote", Ephemeral: true})
			return err
		}
		_, err := w.Reply(ctx, bot.Reply{Text: "Complaint filed", Buttons: []bot.Button{{ID: "vote", Label: "Helpful", Value: "yes"}}})
		return err
	})
	e := start(t, h, options{runAdapter: d.wrap})
	msgID := e.srv.SendDM(consumer, "file it")
	d.waitFor(t, "discord:msg:"+msgID, 1)
	card := e.srv.WaitShown(wait)
	click := e.srv.Click(consumer, card.ChannelID, card.ID, "Helpful")
	d.waitFor(t, "discord:"+click.ID, 1)
	e.srv.Reply(click, wait)

	// Discord replays the DM, the bot's own reply and the click after an
	// ambiguous disconnect.
	e.srv.ReplayOnResume(3)
	e.srv.DropConnections()
	d.waitFor(t, "discord:msg:"+msgID, 2)
	d.waitFor(t, "discord:"+click.ID, 2)
	if n := s.count(); n != 2 {
		t.Errorf("handler ran %d times, want 2 (the DM and the click once each)", n)
	}
	if n := len(e.srv.Messages(card.ChannelID)); n != 2 {
		t.Errorf("%d bot messages in the DM, want 2 (card and vote reply)", n)
	}
}

func TestRateLimitsRespected(t *testing.T) {
	t.Parallel()
	e := start(t, bot.HandlerFunc(func(context.Context, bot.ResponseWriter, *bot.Event) error { return nil }), options{})
	ctx := context.Background()
	to := bot.Address{Platform: bot.Discord, Channel: "9001"}

	e.srv.Inject(discordfake.Fault{Route: discordfake.RouteMessageCreate, Status: http.StatusTooManyRequests, RetryAfter: 200 * time.Millisecond})
	if _, err := e.a.Send(ctx, to, bot.Reply{Text: "one"}); err != nil {
		t.Fatalf("send after a 429: %v", err)
	}
	calls := e.srv.Calls(discordfake.RouteMessageCreate)
	if len(calls) != 2 || calls[0].Status != 429 || calls[1].Status != 200 {
		t.Fatalf("calls = %d", len(calls))
	}
	if gap := calls[1].At.Sub(calls[0].At); gap < 200*time.Millisecond {
		t.Errorf("retried after %v, before retry_after", gap)
	}

	e.srv.Inject(discordfake.Fault{Route: discordfake.RouteMessageEdit, Status: http.StatusTooManyRequests, RetryAfter: 150 * time.Millisecond, Global: true})
	ref, err := e.a.Send(ctx, to, bot.Reply{Text: "two"})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.a.Edit(ctx, ref, bot.Reply{Text: "two, edited"}); err != nil {
		t.Fatalf("edit after a global 429: %v", err)
	}
	if m, _ := e.srv.Message("9001", ref.ID); m.Content != "two, edited" {
		t.Errorf("edit lost: %q", m.Content)
	}

	// An exhausted bucket makes the next call in it wait for the reset.
	e.srv.Inject(discordfake.Fault{Route: discordfake.RouteMessageCreate, Exhaust: true, ResetAfter: 300 * time.Millisecond})
	for _, text := range []string{"three", "four"} {
		if _, err := e.a.Send(ctx, to, bot.Reply{Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	calls = e.srv.Calls(discordfake.RouteMessageCreate)
	a, b := calls[len(calls)-2], calls[len(calls)-1]
	if gap := b.At.Sub(a.At); gap < 250*time.Millisecond {
		t.Errorf("second call %v after an exhausted bucket, want the reset wait", gap)
	}
	var texts []string
	for _, m := range e.srv.Messages("9001") {
		texts = append(texts, m.Content)
	}
	if strings.Join(texts, ",") != "one,two, edited,three,four" {
		t.Errorf("messages = %q", texts)
	}
}

func TestSendToUserOpensDMOnce(t *testing.T) {
	t.Parallel()
	e := start(t, bot.HandlerFunc(func(context.Context, bot.ResponseWriter, *bot.Event) error { return nil }), options{})
	ctx := context.Background()
	for _, text := range []string{"Your complaint C-3 was approved.", "Compensation is on its way."} {
		ref, err := e.a.Send(ctx, bot.DirectTo(bot.Discord, consumer.ID), bot.Reply{Text: text})
		if err != nil {
			t.Fatal(err)
		}
		if ref.Where.Channel != e.srv.DMChannel(consumer.ID) || !ref.Where.DM {
			t.Errorf("ref = %+v", ref)
		}
	}
	if n := len(e.srv.Calls(discordfake.RouteDMCreate)); n != 1 {
		t.Errorf("DM channel opened %d times, want 1", n)
	}
	if dms := e.srv.DMs(consumer.ID); len(dms) != 2 {
		t.Errorf("consumer has %d DMs, want 2", len(dms))
	}
}

func TestSendErrorsAreClear(t *testing.T) {
	t.Parallel()
	e := start(t, bot.HandlerFunc(func(context.Context, bot.ResponseWriter, *bot.Event) error { return nil }), options{})
	err := e.a.Edit(context.Background(), bot.MessageRef{Where: bot.Address{Platform: bot.Discord, Channel: "9001"}, ID: "404"}, bot.Reply{Text: "x"})
	if err == nil || !strings.Contains(err.Error(), "edit message") {
		t.Errorf("edit of a missing message: %v", err)
	}
	if _, err := e.a.Send(context.Background(), bot.Address{Platform: bot.Slack, Channel: "C1"}, bot.Reply{Text: "x"}); err == nil {
		t.Error("sent to a Slack address")
	}
}

func TestServerRequestedReconnect(t *testing.T) {
	t.Parallel()
	s := newSeen()
	e := start(t, reply(s, func(e *bot.Event) bot.Reply { return bot.Reply{Text: "ok"} }), options{})
	e.srv.SendReconnect() // op 7
	e.srv.WaitGateway(wait, "a resume", func(st discordfake.GatewayStats) bool { return st.Resumes == 1 && st.Connected == 1 })
	e.srv.SendDM(seller, "after op 7")
	if ev := s.next(t); ev.Text != "after op 7" {
		t.Errorf("event %q", ev.Text)
	}
}
