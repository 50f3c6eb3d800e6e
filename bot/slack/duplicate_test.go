package slack_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/slack/slackfake"
)

// waitCount waits until n log lines contain every part.
func (l *logRecorder) waitCount(ctx context.Context, n int, parts ...string) bool {
	for {
		l.mu.Lock()
		got := 0
		for _, r := range l.records {
			ok := true
			for _, p := range parts {
				ok = ok && strings.Contains(r, p)
			}
			if ok {
				got++
			}
		}
		if got >= n {
			l.mu.Unlock()
			return true
		}
		if l.changed == nil {
			l.changed = make(chan struct{})
		}
		ch := l.changed
		l.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return false
		}
	}
}

// redeliver sends env again copies times and checks that Slack got an ack
// for every copy, as it needs to stop re-sending.
func redeliver(t *testing.T, e *env, env *slackfake.Envelope, copies int) {
	t.Helper()
	for range copies {
		again, err := e.fake.Redeliver(e.ctx, env)
		if err != nil {
			t.Fatal(err)
		}
		e.ack(again)
	}
}

// TestRedeliveredPressDuringSlowHandlingIsAckedAndSilent re-delivers a
// button press 2 and 50 times while its first delivery is still in a slow
// handler. Slack gets an ack for every copy, and the copies use neither
// the press's trigger_id nor its response_url: the one modal and the one
// receipt come from the first delivery.
func TestRedeliveredPressDuringSlowHandlingIsAckedAndSilent(t *testing.T) {
	t.Parallel()
	for _, copies := range []int{2, 50} {
		t.Run(fmt.Sprint(copies), func(t *testing.T) {
			entered, release := make(chan struct{}, 1), make(chan struct{})
			e := start(t, bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, ev *bot.Event) error {
				if ev.Kind != bot.KindAction {
					_, err := w.Reply(ctx, bot.Reply{Text: "Ready to file?", Buttons: []bot.Button{{ID: "complain.confirm", Label: "Submit", Value: "d1"}}})
					return err
				}
				entered <- struct{}{}
				<-release
				f := detailsForm
				if _, err := w.Reply(ctx, bot.Reply{Text: "One more detail.", Form: &f}); err != nil {
					return err
				}
				_, err := w.Reply(ctx, bot.Reply{Text: "Thank you. Your complaint is filed as IPD-7K3QX.", Ephemeral: true, Important: "IPD-7K3QX"})
				return err
			}))
			e.dm("U1", "file it")
			e.nextEvent()
			summary := e.shown()
			press, err := e.fake.Click(e.ctx, "U1", summary, "Submit")
			if err != nil {
				t.Fatal(err)
			}
			e.ack(press)
			select {
			case <-entered:
			case <-e.ctx.Done():
				t.Fatal("the press did not reach the handler")
			}
			redeliver(t, e, press, copies)
			if !e.logs.waitCount(e.ctx, copies, "duplicate delivery dropped", "slack:trigger:") {
				t.Fatalf("not every copy was dropped:\n%s", e.logs.all())
			}
			close(release)
			if _, err := e.fake.WaitView(e.ctx, "U1", 0); err != nil {
				t.Fatal(err)
			}
			m := e.shown()
			if !strings.Contains(m.Visible(), "filed as IPD-7K3QX") {
				t.Fatalf("after the press the user saw %q", m.Visible())
			}
			if n := len(e.fake.Calls("views.open")); n != 1 {
				t.Errorf("views.open called %d times, want once", n)
			}
			if n := len(e.fake.Calls("response_url")); n != 0 {
				t.Errorf("the response_url was used %d times", n)
			}
			receipts := 0
			for _, m := range e.fake.Messages(slackfake.IMChannel("U1")) {
				if strings.Contains(m.Visible(), "filed as") {
					receipts++
				}
			}
			if receipts != 1 {
				t.Errorf("the receipt was shown %d times, want once", receipts)
			}
			noErrorShown(t, e, slackfake.IMChannel("U1"))
		})
	}
}

// TestRedeliveredOpenFormPressOpensOnce: a press on an "Open form" button,
// which the adapter answers itself, re-delivered: the form opens once, and
// the copies neither try its trigger again nor tell the user anything.
func TestRedeliveredOpenFormPressOpensOnce(t *testing.T) {
	t.Parallel()
	e := start(t, formFlow())
	dm := slackfake.IMChannel("U1")
	e.dm("U1", "I found a fake")
	e.nextEvent()
	offer := e.shown()
	press, err := e.fake.Click(e.ctx, "U1", offer, "Open form: Listing details")
	if err != nil {
		t.Fatal(err)
	}
	e.ack(press)
	const copies = 5
	redeliver(t, e, press, copies)
	if !e.logs.waitCount(e.ctx, copies, "duplicate delivery dropped", "slack:trigger:") {
		t.Fatalf("not every copy was dropped:\n%s", e.logs.all())
	}
	if _, err := e.fake.WaitView(e.ctx, "U1", 0); err != nil {
		t.Fatal(err)
	}
	if n := len(e.fake.Calls("views.open")); n != 1 {
		t.Errorf("views.open called %d times, want once", n)
	}
	if msgs := e.fake.Messages(dm); len(msgs) != 1 {
		var texts []string
		for _, m := range msgs {
			texts = append(texts, m.Visible())
		}
		t.Errorf("the DM shows %q, want only the offer", texts)
	}
}
