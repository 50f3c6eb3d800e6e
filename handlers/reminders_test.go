package handlers_test

import (
	"context"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/bottest"
	"github.com/ipdesk/ipdesk/handlers"
)

// shutdownSender delivers through the recorder and then cancels the
// context, as a shutdown arriving just after a message went out does.
type shutdownSender struct {
	*bottest.Recorder
	cancel context.CancelFunc
}

func (s shutdownSender) Send(ctx context.Context, to bot.Address, r bot.Reply) (bot.MessageRef, error) {
	ref, err := s.Recorder.Send(ctx, to, r)
	s.cancel()
	return ref, err
}

// A reminder or alert that went out is audited even when shutdown cancels
// the loop's context right after sending.
func TestReminderAndAlertAuditedWhenShutdownFollowsTheSend(t *testing.T) {
	h := newHarness(t)
	a := h.file("c1", "ACME Store")
	b := h.file("c2", "acme store")
	h.clock.Add(49 * time.Hour)
	// Each round sends one message and is then shut down: the first
	// reminder, the second, then (with a lower threshold) the alert.
	for _, check := range []struct {
		threshold int
		ref       string
		want      string
	}{
		{3, a.Ref, "file,sla_reminder"},
		{3, b.Ref, "file,sla_reminder"},
		{2, b.Ref, "file,sla_reminder,repeat_alert"},
		{2, a.Ref, "file,sla_reminder,repeat_alert"},
	} {
		ctx, cancel := context.WithCancel(context.Background())
		c, err := handlers.NewComplaints(handlers.ComplaintsConfig{
			Store: h.db, Sender: shutdownSender{h.rec, cancel}, Review: review, ApprovalLimit: h.limit,
			SLA: 48 * time.Hour, RepeatThreshold: check.threshold, Now: h.clock.Now,
		})
		if err != nil {
			t.Fatal(err)
		}
		c.Tick(ctx)
		cancel()
		if tr := actions(h.trail(check.ref)); tr != check.want {
			t.Fatalf("threshold %d: trail of %s = %s, want %s", check.threshold, check.ref, tr, check.want)
		}
	}
}
