package bot_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/bottest"
	"github.com/ipdesk/ipdesk/sqlite"
)

// scripted is an adapter for runtime tests: it delivers a fixed list of
// events, then ends or fails as told. Sends are recorded.
type scripted struct {
	platform string
	events   []*bot.Event
	fail     []error // returned by successive runs; nil entries end normally
	runs     atomic.Int32
	rec      *bottest.Recorder
	block    bool // after the events, block until ctx is done
}

func (s *scripted) Platform() string { return s.platform }

func (s *scripted) Run(ctx context.Context, h bot.Handler) error {
	n := int(s.runs.Add(1)) - 1
	for _, e := range s.events {
		ev := *e
		h.ServeEvent(ctx, s.rec, &ev)
	}
	if n < len(s.fail) && s.fail[n] != nil {
		return s.fail[n]
	}
	if s.block {
		<-ctx.Done()
	}
	return nil
}

func (s *scripted) Send(ctx context.Context, to bot.Address, r bot.Reply) (bot.MessageRef, error) {
	return s.rec.Send(ctx, to, r)
}

func (s *scripted) Edit(ctx context.Context, ref bot.MessageRef, r bot.Reply) error {
	return s.rec.Edit(ctx, ref, r)
}

func openDB(t *testing.T, path string) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func TestDuplicateDeliveryHandledOnceAcrossRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ipdesk.db")
	var handled atomic.Int32
	h := bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		handled.Add(1)
		_, err := w.Reply(ctx, bot.Reply{Text: "filed"})
		return err
	})
	event := &bot.Event{ID: "slack:Ev1", Kind: bot.KindMessage, Text: "confirm", User: bot.User{Platform: "slack", ID: "U1"}}
	for i := 0; i < 2; i++ { // two process lifetimes on one file
		db := openDB(t, path)
		a := &scripted{platform: "slack", events: []*bot.Event{event, event}, rec: bottest.NewRecorder()}
		b, err := bot.New(bot.Config{Adapters: []bot.Adapter{a}, Deliveries: db})
		if err != nil {
			t.Fatal(err)
		}
		if err := b.Run(context.Background(), h); err != nil {
			t.Fatal(err)
		}
		db.Close()
	}
	if handled.Load() != 1 {
		t.Fatalf("handled %d times, want once", handled.Load())
	}
}

func TestFailedDeliveryCanBeRetried(t *testing.T) {
	db := openDB(t, filepath.Join(t.TempDir(), "ipdesk.db"))
	defer db.Close()
	var calls atomic.Int32
	h := bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		if calls.Add(1) == 1 {
			return errors.New("database is locked")
		}
		return nil
	})
	event := &bot.Event{ID: "slack:Ev2", User: bot.User{Platform: "slack", ID: "U1"}}
	a := &scripted{platform: "slack", events: []*bot.Event{event, event, event}, rec: bottest.NewRecorder()}
	b, _ := bot.New(bot.Config{Adapters: []bot.Adapter{a}, Deliveries: db})
	if err := b.Run(context.Background(), h); err != nil {
		t.Fatal(err)
	}
	if calls.Load() != 2 {
		t.Fatalf("handler called %d times; want the failed attempt and one retry", calls.Load())
	}
}

func TestErrorsShownToUser(t *testing.T) {
	rec := bottest.NewRecorder()
	events := []*bot.Event{
		{Kind: bot.KindMessage, Text: "invalid", User: bot.User{Platform: "console", ID: "u"}},
		{Kind: bot.KindMessage, Text: "panic", User: bot.User{Platform: "console", ID: "u"}},
		{Kind: bot.KindMessage, Text: "secret", User: bot.User{Platform: "console", ID: "u"}},
	}
	h := bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		switch e.Text {
		case "invalid":
			return ipdesk.Errorf(ipdesk.EINVALID, "Amount must be more than zero.")
		case "panic":
			var m map[string]int
			m["x"]++ // a real nil-map bug
		}
		return errors.New("dial tcp 10.0.0.1: password=hunter2 rejected")
	})
	var logs strings.Builder
	a := &scripted{platform: "console", events: events, rec: rec}
	b, _ := bot.New(bot.Config{Adapters: []bot.Adapter{a}, Logger: newTextLogger(&logs)})
	if err := b.Run(context.Background(), h); err != nil {
		t.Fatal(err)
	}
	replies := rec.Replies()
	if len(replies) != 3 {
		t.Fatalf("%d replies, want 3", len(replies))
	}
	if replies[0].Text != "Amount must be more than zero." || !replies[0].Ephemeral {
		t.Errorf("invalid input shown as %+v", replies[0])
	}
	for _, r := range replies[1:] {
		if !strings.HasPrefix(r.Text, "Something went wrong (ref ") {
			t.Errorf("internal error shown as %q", r.Text)
		}
		if strings.Contains(r.Text, "hunter2") || strings.Contains(r.Text, "nil map") {
			t.Errorf("internal detail leaked to the user: %q", r.Text)
		}
		ref := r.Text[len("Something went wrong (ref ") : len("Something went wrong (ref ")+6]
		if !strings.Contains(logs.String(), "ref="+ref) {
			t.Errorf("log lacks ref %s:\n%s", ref, logs.String())
		}
	}
	if !strings.Contains(logs.String(), "goroutine") {
		t.Error("panic stack not logged")
	}
}

func TestStaffFromConfig(t *testing.T) {
	var mu sync.Mutex
	seen := map[string]bool{}
	h := bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		mu.Lock()
		seen[e.User.ID] = e.User.Staff
		mu.Unlock()
		return nil
	})
	a := &scripted{platform: "slack", rec: bottest.NewRecorder(), events: []*bot.Event{
		{User: bot.User{Platform: "slack", ID: "UADMIN"}},
		{User: bot.User{Platform: "slack", ID: "UOTHER"}},
		{User: bot.User{Platform: "slack", ID: "UGROUP", Staff: true}}, // marked by the adapter from a user group
	}}
	b, _ := bot.New(bot.Config{Adapters: []bot.Adapter{a}, Staff: []string{"slack:UADMIN", "discord:UOTHER"}})
	b.Run(context.Background(), h)
	if !seen["UADMIN"] || seen["UOTHER"] || !seen["UGROUP"] {
		t.Errorf("staff seen = %v", seen)
	}
}

func TestFailingAdapterIsRestartedAndDoesNotStopOthers(t *testing.T) {
	flaky := &scripted{platform: "discord", rec: bottest.NewRecorder(), fail: []error{errors.New("gateway closed"), errors.New("gateway closed")}, block: true}
	steady := &scripted{platform: "slack", rec: bottest.NewRecorder(), block: true}
	b, _ := bot.New(bot.Config{Adapters: []bot.Adapter{flaky, steady}, MinBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() {
		done <- b.Run(ctx, bot.HandlerFunc(func(context.Context, bot.ResponseWriter, *bot.Event) error { return nil }))
	}()
	deadline := time.Now().Add(5 * time.Second)
	for flaky.runs.Load() < 3 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if flaky.runs.Load() < 3 {
		t.Fatalf("flaky adapter ran %d times, want 3 (restarted twice)", flaky.runs.Load())
	}
	// Slack keeps serving while Discord is down.
	if _, err := b.Send(context.Background(), bot.Address{Platform: "slack", Channel: "C1"}, bot.Reply{Text: "hi"}); err != nil {
		t.Fatal(err)
	}
	var discord bot.Health
	for _, h := range b.Health() {
		if h.Platform == "discord" {
			discord = h
		}
	}
	if discord.Restarts < 2 || discord.LastError != "gateway closed" {
		t.Errorf("discord health = %+v", discord)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run = %v", err)
	}
}

func TestPermanentFailureStopsTheBot(t *testing.T) {
	bad := &scripted{platform: "slack", rec: bottest.NewRecorder(), fail: []error{bot.Permanent(errors.New("invalid_auth"))}}
	other := &scripted{platform: "discord", rec: bottest.NewRecorder(), block: true}
	b, _ := bot.New(bot.Config{Adapters: []bot.Adapter{bad, other}})
	err := b.Run(context.Background(), bot.HandlerFunc(func(context.Context, bot.ResponseWriter, *bot.Event) error { return nil }))
	if err == nil || !strings.Contains(err.Error(), "slack: invalid_auth") {
		t.Fatalf("Run = %v, want the slack error", err)
	}
}

func TestSendRoutesByPlatform(t *testing.T) {
	s := &scripted{platform: "slack", rec: bottest.NewRecorder()}
	d := &scripted{platform: "discord", rec: bottest.NewRecorder()}
	b, _ := bot.New(bot.Config{Adapters: []bot.Adapter{s, d}})
	ctx := context.Background()
	if _, err := b.Send(ctx, bot.DirectTo("discord", "42"), bot.Reply{Text: "to discord"}); err != nil {
		t.Fatal(err)
	}
	if len(d.rec.Sent()) != 1 || len(s.rec.Sent()) != 0 {
		t.Errorf("discord got %d, slack got %d", len(d.rec.Sent()), len(s.rec.Sent()))
	}
	if _, err := b.Send(ctx, bot.Address{Platform: "console", Channel: "x"}, bot.Reply{}); err == nil {
		t.Error("send to an unconnected platform succeeded")
	}
	if _, err := bot.New(bot.Config{Adapters: []bot.Adapter{s, s}}); err == nil {
		t.Error("two adapters for one platform accepted")
	}
}

func TestEventsOfOneUserRunOneAtATime(t *testing.T) {
	var inside, maxInside atomic.Int32
	h := bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		n := inside.Add(1)
		for {
			m := maxInside.Load()
			if n <= m || maxInside.CompareAndSwap(m, n) {
				break
			}
		}
		time.Sleep(time.Millisecond)
		inside.Add(-1)
		return nil
	})
	b, _ := bot.New(bot.Config{Adapters: []bot.Adapter{&scripted{platform: "slack", rec: bottest.NewRecorder()}}})
	wrapped := b.Handler(h)
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			wrapped.ServeEvent(context.Background(), bottest.NewRecorder(), &bot.Event{User: bot.User{Platform: "slack", ID: "U1"}})
		}()
	}
	wg.Wait()
	if maxInside.Load() != 1 {
		t.Errorf("%d events of one user ran at once, want 1", maxInside.Load())
	}
}

// connecting is an adapter whose run loop is active but whose connection
// comes and goes.
type connecting struct {
	scripted
	up atomic.Bool
}

func (c *connecting) Connected() bool { return c.up.Load() }

func TestHealthFollowsTheConnection(t *testing.T) {
	a := &connecting{scripted: scripted{platform: "slack", rec: bottest.NewRecorder(), block: true}}
	b, _ := bot.New(bot.Config{Adapters: []bot.Adapter{a}})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() {
		done <- b.Run(ctx, bot.HandlerFunc(func(context.Context, bot.ResponseWriter, *bot.Event) error { return nil }))
	}()
	defer func() { cancel(); <-done }()
	for deadline := time.Now().Add(5 * time.Second); a.runs.Load() == 0 && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	if h := b.Health()[0]; h.Up {
		t.Errorf("health up while the adapter is still connecting: %+v", h)
	}
	a.up.Store(true)
	if h := b.Health()[0]; !h.Up {
		t.Errorf("health down while connected: %+v", h)
	}
}

func TestFloodFromOneUserIsRefusedNotQueued(t *testing.T) {
	release := make(chan struct{})
	var handled atomic.Int32
	h := bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		handled.Add(1)
		<-release
		return nil
	})
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	b, _ := bot.New(bot.Config{Adapters: []bot.Adapter{&scripted{platform: "slack", rec: bottest.NewRecorder()}}, Now: func() time.Time { return now }})
	wrapped := b.Handler(h)
	rec := bottest.NewRecorder()
	var wg sync.WaitGroup
	for i := 0; i < 100; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			wrapped.ServeEvent(context.Background(), rec, &bot.Event{User: bot.User{Platform: "slack", ID: "UFLOOD"}})
		}()
	}
	// Another user is not held up by the flood.
	other := make(chan struct{})
	go func() {
		wrapped.ServeEvent(context.Background(), bottest.NewRecorder(), &bot.Event{User: bot.User{Platform: "slack", ID: "UCALM"}})
		close(other)
	}()
	// Taken: the first four (floodQueue) before any had to wait, then a
	// person's burst (typingBurst).
	const burst = 4 + 60
	deadline := time.Now().Add(5 * time.Second)
	for len(rec.Replies()) < 100-burst && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if n := len(rec.Replies()); n != 100-burst {
		t.Errorf("%d events refused, want %d (a burst of %d taken)", n, 100-burst, burst)
	}
	for _, r := range rec.Replies() {
		if !strings.Contains(r.Text, "faster than I can answer") {
			t.Errorf("refusal reads %q", r.Text)
		}
	}
	for handled.Load() < 2 && time.Now().Before(deadline) { // the first flood event and the calm user's
		time.Sleep(time.Millisecond)
	}
	close(release)
	wg.Wait()
	<-other
	if handled.Load() != burst+1 {
		t.Errorf("handled %d events, want %d (%d of the flood and the other user's)", handled.Load(), burst+1, burst)
	}
}

// A client that waits for each answer before it sends again is never
// refused, however fast it goes: nothing of it piles up.
func TestClientThatWaitsIsNeverRefused(t *testing.T) {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	b, _ := bot.New(bot.Config{Adapters: []bot.Adapter{&scripted{platform: "slack", rec: bottest.NewRecorder()}}, Now: func() time.Time { return now }})
	var handled int
	wrapped := b.Handler(bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		handled++
		return nil
	}))
	rec := bottest.NewRecorder()
	for range 200 {
		wrapped.ServeEvent(context.Background(), rec, &bot.Event{User: bot.User{Platform: "slack", ID: "USCRIPT"}})
	}
	if n := len(rec.Replies()); n != 0 || handled != 200 {
		t.Fatalf("%d of 200 events one after another refused, %d handled", n, handled)
	}
}

// A fast typist is never refused, however far behind the bot falls: what
// counts is how fast they send, not how many of their messages still wait.
func TestFastTypistIsNeverRefused(t *testing.T) {
	release := make(chan struct{})
	var handled atomic.Int32
	h := bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		<-release
		handled.Add(1)
		return nil
	})
	var mu sync.Mutex
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	// The bot reads the clock once per event, when it decides whether to
	// take it; each message is sent once the one before has been counted.
	read := make(chan struct{}, 1)
	clock := func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		read <- struct{}{}
		return now
	}
	b, _ := bot.New(bot.Config{Adapters: []bot.Adapter{&scripted{platform: "slack", rec: bottest.NewRecorder()}}, Now: clock})
	wrapped := b.Handler(h)
	rec := bottest.NewRecorder()
	var wg sync.WaitGroup
	send := func() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			wrapped.ServeEvent(context.Background(), rec, &bot.Event{User: bot.User{Platform: "slack", ID: "UTYPIST"}})
		}()
		<-read
	}
	// Eight lines pasted at once, then a message a second for two
	// minutes, while the bot answers none of them.
	for range 8 {
		send()
	}
	for range 120 {
		mu.Lock()
		now = now.Add(time.Second)
		mu.Unlock()
		send()
	}
	close(release)
	wg.Wait()
	if n := len(rec.Replies()); n != 0 {
		t.Fatalf("%d of a fast typist's messages refused: %q", n, rec.Replies()[0].Text)
	}
	if handled.Load() != 128 {
		t.Fatalf("handled %d of 128", handled.Load())
	}
}

func TestQueuedEventGivesUpWhenItsContextEnds(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	inside := make(chan struct{}, 1)
	h := bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		inside <- struct{}{}
		<-release
		return nil
	})
	b, _ := bot.New(bot.Config{Adapters: []bot.Adapter{&scripted{platform: "slack", rec: bottest.NewRecorder()}}})
	wrapped := b.Handler(h)
	go wrapped.ServeEvent(context.Background(), bottest.NewRecorder(), &bot.Event{User: bot.User{Platform: "slack", ID: "U1"}})
	<-inside // the first event holds the lock
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	done := make(chan struct{})
	go func() {
		wrapped.ServeEvent(ctx, bottest.NewRecorder(), &bot.Event{User: bot.User{Platform: "slack", ID: "U1"}})
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("a queued event outlived its context")
	}
}
