package bot_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/bottest"
	"github.com/ipdesk/ipdesk/internal/testclock"
)

// flaky is an adapter whose platform can be down: replies and sends then
// fail, as they do while a platform is unreachable. It delivers its events
// once and ends.
type flaky struct {
	platform string
	events   []*bot.Event
	rec      *bottest.Recorder

	mu   sync.Mutex
	down bool
}

func (f *flaky) setDown(down bool) {
	f.mu.Lock()
	f.down = down
	f.mu.Unlock()
}

func (f *flaky) isDown() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.down
}

var errUnreachable = errors.New("dial tcp: platform unreachable")

func (f *flaky) Platform() string { return f.platform }

func (f *flaky) Run(ctx context.Context, h bot.Handler) error {
	for _, e := range f.events {
		ev := *e
		h.ServeEvent(ctx, flakyWriter{f}, &ev)
	}
	return nil
}

func (f *flaky) Send(ctx context.Context, to bot.Address, r bot.Reply) (bot.MessageRef, error) {
	if f.isDown() {
		return bot.MessageRef{}, errUnreachable
	}
	return f.rec.Send(ctx, to, r)
}

func (f *flaky) Edit(ctx context.Context, ref bot.MessageRef, r bot.Reply) error {
	return f.rec.Edit(ctx, ref, r)
}

type flakyWriter struct{ f *flaky }

func (w flakyWriter) Reply(ctx context.Context, r bot.Reply) (bot.MessageRef, error) {
	if w.f.isDown() {
		return bot.MessageRef{}, errUnreachable
	}
	return w.f.rec.Reply(ctx, r)
}

const receiptText = "Thank you. Your complaint is filed as **IPD-4XK2M**. Contact on file: buyer@example.com"

// TestImportantReplyKeptUntilDelivered: a receipt the platform does not
// take is kept in the database, logged at error level by its reference
// (never its text), retried by the background round further apart after
// each failure, delivered once the platform is back (after a restart
// too), and counted. The handler sees no error and the delivery keeps its
// claim, so a re-delivery does not file again.
func TestImportantReplyKeptUntilDelivered(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ipdesk.db")
	db := openDB(t, path)
	clk := testclock.New(time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC))
	place := bot.Address{Platform: "slack", Channel: "D42", DM: true}
	event := &bot.Event{ID: "slack:Ev9", Kind: bot.KindAction, User: bot.User{Platform: "slack", ID: "U42"}, Where: place}
	a := &flaky{platform: "slack", events: []*bot.Event{event, event}, rec: bottest.NewRecorder(), down: true}
	var handled, failed int
	h := bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		handled++
		_, err := w.Reply(ctx, bot.Reply{Text: receiptText, Important: "IPD-4XK2M"})
		if err != nil {
			failed++
		}
		return err
	})
	var logs strings.Builder
	b, err := bot.New(bot.Config{Adapters: []bot.Adapter{a}, Deliveries: db, Outbox: db, Now: clk.Now, Logger: newTextLogger(&logs)})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Run(context.Background(), h); err != nil {
		t.Fatal(err)
	}
	if handled != 1 || failed != 0 {
		t.Fatalf("handler ran %d times with %d failed replies; want once, the receipt kept instead of failing", handled, failed)
	}
	ctx := context.Background()
	st, err := b.OutboxStats(ctx)
	if err != nil || st.Kept != 1 || st.Waiting != 1 {
		t.Fatalf("stats = %+v (%v), want one kept and waiting", st, err)
	}
	line := logLine(logs.String(), "kept to retry")
	if !strings.Contains(line, "level=ERROR") || !strings.Contains(line, "IPD-4XK2M") {
		t.Errorf("keeping is not logged at error level with the reference: %q", line)
	}

	// The platform is still down: the round fails and puts the message off.
	if n, err := b.RetryOutbox(ctx); err != nil || n != 0 {
		t.Fatalf("round while down delivered %d (%v)", n, err)
	}
	if n, _ := b.RetryOutbox(ctx); n != 0 {
		t.Fatal("delivered while down")
	}
	if st, _ := b.OutboxStats(ctx); st.Failed != 1 {
		t.Errorf("%d failed attempts, want 1: the second round came before the message was due again", st.Failed)
	}
	if line := logLine(logs.String(), "still not delivered"); !strings.Contains(line, "level=ERROR") || !strings.Contains(line, "IPD-4XK2M") {
		t.Errorf("a failed retry is not logged at error level with the reference: %q", line)
	}
	db.Close()

	// After a restart, with the platform back and the delay passed.
	db = openDB(t, path)
	defer db.Close()
	a.setDown(false)
	b, _ = bot.New(bot.Config{Adapters: []bot.Adapter{a}, Deliveries: db, Outbox: db, Now: clk.Now, Logger: newTextLogger(&logs)})
	if n, _ := b.RetryOutbox(ctx); n != 0 {
		t.Fatal("delivered before the message was due again")
	}
	clk.Advance(3 * time.Minute)
	if n, err := b.RetryOutbox(ctx); err != nil || n != 1 {
		t.Fatalf("round after the platform came back delivered %d (%v), want 1", n, err)
	}
	sent := a.rec.Sent()
	if len(sent) != 1 || sent[0].To.Platform != place.Platform || sent[0].To.Channel != place.Channel || sent[0].Reply.Text != receiptText {
		t.Fatalf("sent %+v, want the receipt in the user's conversation %s", sent, place)
	}
	if n, _ := b.RetryOutbox(ctx); n != 0 {
		t.Error("a delivered message was delivered again")
	}
	if st, _ := b.OutboxStats(ctx); st.Delivered != 1 || st.Waiting != 0 {
		t.Errorf("stats after delivery = %+v", st)
	}
	if strings.Contains(logs.String(), "buyer@example.com") || strings.Contains(logs.String(), "Thank you") {
		t.Errorf("the message's text reached the log:\n%s", logs.String())
	}
	if fresh, err := db.Claim(ctx, event.ID); err != nil || fresh {
		t.Errorf("the delivery's claim was released (fresh %v, %v): a re-delivery would run the handler again", fresh, err)
	}
}

func logLine(logs, part string) string {
	for _, l := range strings.Split(logs, "\n") {
		if strings.Contains(l, part) {
			return l
		}
	}
	return ""
}

// TestFailedReplyKeepsTheClaim: a reply the platform does not take, with
// nothing to keep it for, is the handler's error, yet the delivery stays
// claimed: the handler's work is done and a re-delivery would repeat it.
func TestFailedReplyKeepsTheClaim(t *testing.T) {
	db := openDB(t, filepath.Join(t.TempDir(), "ipdesk.db"))
	defer db.Close()
	event := &bot.Event{ID: "slack:Ev10", User: bot.User{Platform: "slack", ID: "U1"}, Where: bot.Address{Platform: "slack", Channel: "D1", DM: true}}
	a := &flaky{platform: "slack", events: []*bot.Event{event, event}, rec: bottest.NewRecorder(), down: true}
	var handled int
	h := bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		handled++
		_, err := w.Reply(ctx, bot.Reply{Text: "Here is the answer."})
		return err
	})
	b, _ := bot.New(bot.Config{Adapters: []bot.Adapter{a}, Deliveries: db, Outbox: db})
	if err := b.Run(context.Background(), h); err != nil {
		t.Fatal(err)
	}
	if handled != 1 {
		t.Errorf("handler ran %d times, want once", handled)
	}
	if st, _ := b.OutboxStats(context.Background()); st.Kept != 0 {
		t.Errorf("an ordinary reply was kept: %+v", st)
	}
}

// TestSendKeepsImportantMessages: a decision sent to a user on a platform
// that is down is kept and Send reports no error; an ordinary message fails
// as before, and so does one for a platform that is not configured at all.
func TestSendKeepsImportantMessages(t *testing.T) {
	db := openDB(t, filepath.Join(t.TempDir(), "ipdesk.db"))
	defer db.Close()
	a := &flaky{platform: "discord", rec: bottest.NewRecorder(), down: true}
	b, _ := bot.New(bot.Config{Adapters: []bot.Adapter{a}, Outbox: db})
	ctx := context.Background()
	to := bot.DirectTo("discord", "222")
	if _, err := b.Send(ctx, to, bot.Reply{Text: "Your complaint was approved.", Important: "IPD-1"}); err != nil {
		t.Errorf("important send while down: %v, want it kept", err)
	}
	if _, err := b.Send(ctx, to, bot.Reply{Text: "A reminder."}); !errors.Is(err, errUnreachable) {
		t.Errorf("ordinary send while down: %v", err)
	}
	if _, err := b.Send(ctx, bot.DirectTo("slack", "U1"), bot.Reply{Text: "Approved.", Important: "IPD-2"}); err == nil {
		t.Error("an important message for a platform that is not configured was accepted")
	}
	if st, _ := b.OutboxStats(ctx); st.Kept != 1 || st.Waiting != 1 {
		t.Fatalf("stats = %+v, want the one important message kept", st)
	}
	a.setDown(false)
	if n, err := b.RetryOutbox(ctx); n != 1 || err != nil {
		t.Fatalf("delivered %d (%v)", n, err)
	}
	if got := a.rec.SentTo(to); len(got) != 1 || got[0].Text != "Your complaint was approved." {
		t.Errorf("sent %+v", a.rec.Sent())
	}
}

// observer is a writer that wants to know about delivery claims.
type observer struct {
	bottest.Recorder
	mu    sync.Mutex
	calls []string
}

func (o *observer) ClaimPending() {
	o.mu.Lock()
	o.calls = append(o.calls, "pending")
	o.mu.Unlock()
}

func (o *observer) ClaimDecided(dup bool) {
	o.mu.Lock()
	if dup {
		o.calls = append(o.calls, "duplicate")
	} else {
		o.calls = append(o.calls, "won")
	}
	o.mu.Unlock()
}

// TestDedupeTellsTheWriterBeforeAndAfterTheClaim: a writer that answers
// on its own learns that a claim is being taken before it is, and then
// whether its delivery is a duplicate; a duplicate's writer gets no reply.
func TestDedupeTellsTheWriterBeforeAndAfterTheClaim(t *testing.T) {
	db := openDB(t, filepath.Join(t.TempDir(), "ipdesk.db"))
	defer db.Close()
	b, _ := bot.New(bot.Config{Deliveries: db})
	h := b.Handler(bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		_, err := w.Reply(ctx, bot.Reply{Text: "filed"})
		return err
	}))
	e := &bot.Event{ID: "discord:1", User: bot.User{Platform: "discord", ID: "222"}}
	first, second := &observer{}, &observer{}
	for _, w := range []*observer{first, second} {
		ev := *e
		if err := h.ServeEvent(context.Background(), w, &ev); err != nil {
			t.Fatal(err)
		}
	}
	if got := strings.Join(first.calls, ","); got != "pending,won" {
		t.Errorf("first delivery's writer heard %q", got)
	}
	if got := strings.Join(second.calls, ","); got != "pending,duplicate" {
		t.Errorf("duplicate's writer heard %q", got)
	}
	if len(first.Replies()) != 1 || len(second.Replies()) != 0 {
		t.Errorf("replies: first %d, duplicate %d; want 1 and 0", len(first.Replies()), len(second.Replies()))
	}
}

func TestRecentIDs(t *testing.T) {
	r := bot.NewRecentIDs(2)
	for _, step := range []struct {
		id  string
		new bool
	}{{"a", true}, {"b", true}, {"a", false}, {"c", true}, {"a", true}, {"c", false}, {"", true}, {"", true}} {
		if got := r.Add(step.id); got != step.new {
			t.Errorf("Add(%q) = %v, want %v", step.id, got, step.new)
		}
	}
	// Of many concurrent adds of one id, exactly one is new.
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins := 0
	for range 50 {
		wg.Go(func() {
			if r.Add("z") {
				mu.Lock()
				wins++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if wins != 1 {
		t.Errorf("%d concurrent adds of one id were new, want 1", wins)
	}
}
