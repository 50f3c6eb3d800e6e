package discord_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/discord"
	"github.com/ipdesk/ipdesk/bot/discord/discordfake"
	"github.com/ipdesk/ipdesk/internal/eventually"
	"github.com/ipdesk/ipdesk/internal/testclock"
	"github.com/ipdesk/ipdesk/sqlite"
)

// gate is a slow handler's brake: the event it holds signals when it
// arrives and waits until the test opens the gate.
type gate struct {
	entered chan string
	open    chan struct{}
	mu      sync.Mutex
	runs    map[string]int // handler runs by delivery id
	errs    []error        // what the held handler's replies returned
}

func newGate() *gate {
	return &gate{entered: make(chan string, 1), open: make(chan struct{}), runs: map[string]int{}}
}

// hold counts a run of e and waits for the gate.
func (g *gate) hold(ctx context.Context, e *bot.Event) error {
	g.mu.Lock()
	g.runs[e.ID]++
	g.mu.Unlock()
	select {
	case g.entered <- e.ID:
	default:
	}
	select {
	case <-g.open:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (g *gate) reply(ctx context.Context, w bot.ResponseWriter, r bot.Reply) error {
	_, err := w.Reply(ctx, r)
	g.mu.Lock()
	g.errs = append(g.errs, err)
	g.mu.Unlock()
	return err
}

func (g *gate) runsOf(id string) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.runs[id]
}

// waitEntered waits until the held event reached the handler.
func (g *gate) waitEntered(t *testing.T) string {
	t.Helper()
	select {
	case id := <-g.entered:
		return id
	case <-time.After(wait):
		t.Fatal("the slow handler was not reached")
		return ""
	}
}

func (g *gate) replyErrors() []error {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]error(nil), g.errs...)
}

// receipt is what the slow handlers answer once the gate opens.
const receipt = "Thank you. Your complaint is filed as IPD-7K3QX."

// slowDesk is a small complaint desk whose filing steps are slow: the
// Submit button, the /file command and the form that /complain opens each
// wait at the gate, then answer with the receipt.
func slowDesk(g *gate) bot.Handler {
	mux := bot.NewMux()
	file := bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		if err := g.hold(ctx, e); err != nil {
			return err
		}
		return g.reply(ctx, w, bot.Reply{Text: receipt, Important: "IPD-7K3QX"})
	})
	mux.HandleCommand(bot.Command{Name: "status"}, file)
	mux.HandleAction("complain.confirm", file)
	mux.HandleCommand(bot.Command{Name: "complain"}, bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		_, err := w.Reply(ctx, bot.Reply{Form: &bot.Form{ID: "complain.listing", Title: "Report a listing", Inputs: []bot.Input{{ID: "url", Label: "Listing URL", Required: true}}}})
		return err
	}))
	mux.HandleForm("complain.listing", file)
	return mux
}

// checkAnsweredOnce checks what the user and Discord saw of an interaction
// delivered several times: one handler run, one initial response and not
// one refused call, and the receipt exactly once in the channel.
func checkAnsweredOnce(t *testing.T, e *env, g *gate, ix *discordfake.Interaction) {
	t.Helper()
	if n := g.runsOf("discord:" + ix.ID); n != 1 {
		t.Errorf("the handler ran %d times, want once", n)
	}
	var callbacks int
	for _, c := range e.srv.Calls("") {
		if c.Param("token") != ix.Token {
			continue
		}
		if c.Route == discordfake.RouteCallback {
			callbacks++
		}
		if c.Status >= 300 {
			t.Errorf("%s %s answered %d: a duplicate delivery touched the interaction", c.Method, c.Path, c.Status)
		}
	}
	if callbacks != 1 {
		t.Errorf("%d initial responses sent, want 1", callbacks)
	}
	var receipts int
	for _, m := range e.srv.Messages(ix.ChannelID) {
		if strings.Contains(m.Display(), receipt) {
			receipts++
		}
	}
	if receipts != 1 {
		t.Errorf("the user sees the receipt %d times, want once:\n%s", receipts, displays(e.srv.Messages(ix.ChannelID)))
	}
	for _, err := range g.replyErrors() {
		if err != nil {
			t.Errorf("the held handler's reply failed: %v", err)
		}
	}
}

// TestDuplicateInteractionLeavesTheResponseToTheFirst replays an
// interaction (same id and token, as a resumed gateway session does) while
// its first delivery is still in a slow handler: a button press, a slash
// command and a modal submission, 2 and 50 times. The copies are dropped
// without a word to Discord, so the first delivery's receipt is the
// interaction's one response.
func TestDuplicateInteractionLeavesTheResponseToTheFirst(t *testing.T) {
	t.Parallel()
	for _, copies := range []int{2, 50} {
		for _, kind := range []string{"button", "command", "modal"} {
			t.Run(fmt.Sprintf("%s/%d", kind, copies), func(t *testing.T) {
				t.Parallel()
				g := newGate()
				d := newDeliveries()
				e := start(t, slowDesk(g), options{runAdapter: d.wrap})
				dm := e.srv.DMChannel(consumer.ID)
				var ix *discordfake.Interaction
				switch kind {
				case "button":
					ref, err := e.a.Send(context.Background(), bot.DirectTo(bot.Discord, consumer.ID), bot.Reply{
						Text: "Ready to file?", Buttons: []bot.Button{{ID: "complain.confirm", Label: "Submit", Value: "d1", Style: bot.StylePrimary}},
					})
					if err != nil {
						t.Fatal(err)
					}
					ix = e.srv.Click(consumer, dm, ref.ID, "Submit")
				case "command":
					ix = e.srv.Slash(consumer, dm, "status", nil)
				case "modal":
					open := e.srv.Slash(consumer, dm, "complain", nil)
					if e.srv.Reply(open, wait).Modal == nil {
						t.Fatal("/complain opened no form")
					}
					ix = e.srv.SubmitModal(consumer, open, map[string]string{"Listing URL": "https://shop.example/item/1"})
				}
				g.waitEntered(t)
				for range copies {
					e.srv.Redeliver(ix)
				}
				// Every copy has been through the Bot (and dropped) while
				// the first delivery still waits at the gate.
				d.waitFor(t, "discord:"+ix.ID, copies)
				close(g.open)
				d.waitFor(t, "discord:"+ix.ID, copies+1)
				e.srv.Reply(ix, wait)
				checkAnsweredOnce(t, e, g, ix)
			})
		}
	}
}

// respondAsAnother gives an interaction's initial response from outside
// the adapter, as another process holding the same interaction would.
func respondAsAnother(t *testing.T, srv *discordfake.Server, ix *discordfake.Interaction, typ int) {
	t.Helper()
	url := fmt.Sprintf("%s/api/v9/interactions/%s/%s/callback", srv.URL, ix.ID, ix.Token)
	// A transport of its own: a parallel test's httptest server, closed,
	// closes the shared default transport's idle connections, and a
	// POST that had just taken one fails without a retry.
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr}).Post(url, "application/json", bytes.NewReader([]byte(fmt.Sprintf(`{"type":%d}`, typ))))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("initial response from outside: %s", resp.Status)
	}
}

// TestReplyAfterTheResponseWasTaken: when the initial response is already
// given (Discord answers 40060), the handler's reply goes out as a
// follow-up message, and the handler sees no error.
func TestReplyAfterTheResponseWasTaken(t *testing.T) {
	t.Parallel()
	g := newGate()
	e := start(t, slowDesk(g), options{adapter: discord.Config{DeferAfter: time.Minute}})
	ix := e.srv.Slash(consumer, "5001", "status", nil)
	g.waitEntered(t)
	respondAsAnother(t, e.srv, ix, discordfake.ResponseDeferredMessage)
	close(g.open)
	f := e.srv.WaitFollowups(ix, 1, wait)
	if f[0].Display() != receipt {
		t.Errorf("follow-up %q, want the receipt", f[0].Display())
	}
	for _, err := range g.replyErrors() {
		if err != nil {
			t.Errorf("reply failed: %v", err)
		}
	}
	if n := len(e.srv.Calls(discordfake.RouteCallback)); n != 2 {
		t.Errorf("%d callbacks, want the outside one and the adapter's refused one", n)
	}
}

// TestReplyAfterTheInteractionExpired: an interaction not answered within
// Discord's three seconds can be neither answered nor followed up
// (10062, 10015); the handler's replies then go to the channel, or to the
// user's DM when they are private.
func TestReplyAfterTheInteractionExpired(t *testing.T) {
	t.Parallel()
	clk := testclock.New(time.Now())
	e := start(t, bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, ev *bot.Event) error {
		clk.Advance(4 * time.Second) // the handler took too long
		if _, err := w.Reply(ctx, bot.Reply{Text: "Only you see this.", Ephemeral: true, Important: "IPD-1"}); err != nil {
			return err
		}
		_, err := w.Reply(ctx, bot.Reply{Text: "Everyone sees this."})
		return err
	}), options{fake: discordfake.Config{Now: clk.Now}, adapter: discord.Config{DeferAfter: time.Minute}})
	e.srv.Slash(consumer, "5001", "status", nil)
	if dms := e.srv.WaitMessages(e.srv.DMChannel(consumer.ID), 1, wait); len(dms) != 1 || dms[0].Display() != "Only you see this." {
		t.Errorf("DMs: %s", displays(dms))
	}
	public := e.srv.WaitMessages("5001", 1, wait)
	if len(public) != 1 || public[0].Display() != "Everyone sees this." || public[0].Ephemeral() {
		t.Errorf("channel messages: %s", displays(public))
	}
}

// TestReplyAfterTheTokenExpired: a deferred interaction whose handler
// replies after the token's 15 minutes (50027) posts its replies instead:
// the public one in the channel, the private one in the user's DM.
func TestReplyAfterTheTokenExpired(t *testing.T) {
	t.Parallel()
	clk := testclock.New(time.Now())
	g := newGate()
	e := start(t, bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, ev *bot.Event) error {
		if err := g.hold(ctx, ev); err != nil {
			return err
		}
		if err := g.reply(ctx, w, bot.Reply{Text: "Everyone sees this."}); err != nil {
			return err
		}
		return g.reply(ctx, w, bot.Reply{Text: "Only you see this.", Ephemeral: true})
	}), options{fake: discordfake.Config{Now: clk.Now}, adapter: discord.Config{DeferAfter: 50 * time.Millisecond}})
	ix := e.srv.Slash(consumer, "5001", "status", nil)
	if cb := e.srv.WaitCall(discordfake.RouteCallback, wait); cb.CallbackType() != discordfake.ResponseDeferredMessage {
		t.Fatalf("callback type %d, want a deferral", cb.CallbackType())
	}
	clk.Advance(16 * time.Minute)
	close(g.open)
	// The channel shows the deferral's "thinking" message, then the reply.
	if msgs := e.srv.WaitMessages("5001", 2, wait); len(msgs) != 2 || msgs[1].Display() != "Everyone sees this." || msgs[1].Ephemeral() {
		t.Errorf("channel messages: %s", displays(msgs))
	}
	if dms := e.srv.WaitMessages(e.srv.DMChannel(consumer.ID), 1, wait); len(dms) != 1 || dms[0].Display() != "Only you see this." {
		t.Errorf("DMs: %s", displays(dms))
	}
	for _, err := range g.replyErrors() {
		if err != nil {
			t.Errorf("reply failed: %v", err)
		}
	}
	if f := e.srv.Followups(ix); len(f) != 0 {
		t.Errorf("follow-ups sent with an expired token: %s", displays(f))
	}
}

// logBuffer collects the adapter's log for a test to wait on.
type logBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// waitCount waits until n lines of the log contain part.
func (l *logBuffer) waitCount(t *testing.T, part string, n int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	eventually.Check(t, ctx, fmt.Sprintf("%d log lines with %q", n, part), func() error {
		l.mu.Lock()
		got := strings.Count(l.b.String(), part)
		l.mu.Unlock()
		if got < n {
			return fmt.Errorf("%d such lines", got)
		}
		return nil
	})
}

// callbacksOf counts the initial responses sent for an interaction.
func callbacksOf(srv *discordfake.Server, ix *discordfake.Interaction) int {
	n := 0
	for _, c := range srv.Calls(discordfake.RouteCallback) {
		if c.Param("id") == ix.ID {
			n++
		}
	}
	return n
}

// TestAnswersTheAdapterGivesItselfOnce: the adapter answers some
// interactions without the handler (a part of a long form submitted, a
// Continue button that opens the next part); a replay of those is dropped
// as well, so the first delivery's answer is the one response.
func TestAnswersTheAdapterGivesItselfOnce(t *testing.T) {
	t.Parallel()
	var inputs []bot.Input
	for i := range 7 {
		inputs = append(inputs, bot.Input{ID: fmt.Sprintf("q%d", i+1), Label: fmt.Sprintf("Question %d", i+1), Required: true})
	}
	mux := bot.NewMux()
	mux.HandleCommand(bot.Command{Name: "complain"}, bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		_, err := w.Reply(ctx, bot.Reply{Form: &bot.Form{ID: "complaint", Title: "Report a listing", Inputs: inputs}})
		return err
	}))
	logs := &logBuffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	e := start(t, mux, options{adapter: discord.Config{Logger: log}})
	cmd := e.srv.Slash(consumer, "5001", "complain", nil)
	e.srv.Reply(cmd, wait)
	answers := map[string]string{}
	for i := range 5 {
		answers[fmt.Sprintf("Question %d", i+1)] = fmt.Sprintf("answer %d", i+1)
	}
	const copies = 3
	part := e.srv.SubmitModal(consumer, cmd, answers)
	for range copies {
		e.srv.Redeliver(part)
	}
	logs.waitCount(t, "duplicate interaction dropped", copies)
	r := e.srv.Reply(part, wait)
	if n := callbacksOf(e.srv, part); n != 1 {
		t.Errorf("part 1 answered %d times, want once", n)
	}
	saved := 0
	for _, m := range e.srv.Messages("5001") {
		if strings.Contains(m.Display(), "Part 1 of 2 saved") {
			saved++
		}
	}
	if saved != 1 {
		t.Errorf("%q shown %d times, want once", "Part 1 of 2 saved", saved)
	}

	cont := e.srv.Click(consumer, r.Message.ChannelID, r.Message.ID, "Continue (2/2)")
	for range copies {
		e.srv.Redeliver(cont)
	}
	logs.waitCount(t, "duplicate interaction dropped", 2*copies)
	if m := e.srv.Reply(cont, wait).Modal; m == nil || len(m.Inputs()) != 2 {
		t.Fatalf("Continue opened %+v, want the second part", m)
	}
	if n := callbacksOf(e.srv, cont); n != 1 {
		t.Errorf("Continue answered %d times, want once", n)
	}
}

// slowClaims is the test's database with claims of a delivery already
// claimed held back until released, as a busy database holds them.
type slowClaims struct {
	*sqlite.DB
	release chan struct{}
	mu      sync.Mutex
	seen    map[string]bool
}

func (s *slowClaims) Claim(ctx context.Context, id string) (bool, error) {
	s.mu.Lock()
	again := s.seen[id]
	s.seen[id] = true
	s.mu.Unlock()
	if again {
		<-s.release
	}
	return s.DB.Claim(ctx, id)
}

// TestNoDeferralWhileTheClaimIsPending: a replayed interaction whose claim
// takes longer than the deferral delay does not defer meanwhile: had it
// deferred, it would have answered for a duplicate.
func TestNoDeferralWhileTheClaimIsPending(t *testing.T) {
	t.Parallel()
	g := newGate()
	slow := &slowClaims{release: make(chan struct{}), seen: map[string]bool{}}
	d := newDeliveries()
	const deferAfter = 20 * time.Millisecond
	e := start(t, slowDesk(g), options{
		runAdapter: d.wrap,
		adapter:    discord.Config{DeferAfter: deferAfter},
		deliveries: func(db *sqlite.DB) bot.DeliveryStore { slow.DB = db; return slow },
	})
	ix := e.srv.Slash(consumer, e.srv.DMChannel(consumer.ID), "status", nil)
	g.waitEntered(t)
	// The first delivery defers, as it should while its handler is slow.
	if cb := e.srv.WaitCall(discordfake.RouteCallback, wait); cb.CallbackType() != discordfake.ResponseDeferredMessage {
		t.Fatalf("callback type %d, want the first delivery's deferral", cb.CallbackType())
	}
	e.srv.Redeliver(ix)
	// Give the copy's deferral timer many times its delay to fire while
	// its claim is held.
	time.Sleep(20 * deferAfter)
	close(slow.release)
	d.waitFor(t, "discord:"+ix.ID, 1)
	close(g.open)
	d.waitFor(t, "discord:"+ix.ID, 2)
	e.srv.Reply(ix, wait)
	checkAnsweredOnce(t, e, g, ix)
}
