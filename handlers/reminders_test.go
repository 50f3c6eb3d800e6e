package handlers_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/bottest"
	"github.com/ipdesk/ipdesk/handlers"
	"github.com/ipdesk/ipdesk/i18n"
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

// reminders returns the SLA reminders posted to the review channel for ref.
func (h *harness) reminders(ref string) []string {
	var out []string
	for _, r := range h.rec.SentTo(review) {
		if strings.HasPrefix(r.Text, "⏰ **"+ref+"**") {
			out = append(out, r.Text)
		}
	}
	return out
}

// Time spent waiting for the complainant's answer is not counted against
// staff: a complaint answered after 47 hours is not reminded at once, but
// 48 hours after the answer, once, even across a restart.
func TestSLAClockSkipsTheWaitForTheComplainant(t *testing.T) {
	h := newHarness(t)
	cpl := h.file("consumer1", "ACME Store")
	h.clock.Add(2 * time.Hour)
	note := h.askInfo(cpl, "Please send a photo of the label.")
	h.clock.Add(47 * time.Hour)
	h.press("consumer1", note, "Answer")
	mustContain(t, "answer", h.say("consumer1", "It is in the photo I sent."), "added to **"+cpl.Ref+"**")
	h.c.Tick(context.Background())
	if got := h.reminders(cpl.Ref); len(got) != 0 {
		t.Fatalf("reminded right after the answer: %q", got)
	}
	mustContain(t, "queue", h.say("staff", "queue"), cpl.Ref+"** · waiting 0m")

	h.clock.Add(47 * time.Hour)
	h.c.Tick(context.Background())
	if got := h.reminders(cpl.Ref); len(got) != 0 {
		t.Fatalf("reminded 47h after the answer: %q", got)
	}
	h.clock.Add(2 * time.Hour)
	h.c.Tick(context.Background())
	got := h.reminders(cpl.Ref)
	if len(got) != 1 || !strings.Contains(got[0], "has waited 2d 1h for staff") {
		t.Fatalf("reminders 49h after the answer = %q", got)
	}
	h.restart()
	h.clock.Add(time.Hour)
	h.c.Tick(context.Background())
	if got := h.reminders(cpl.Ref); len(got) != 1 {
		t.Fatalf("%d reminders after a restart, want 1", len(got))
	}
}

// A reminder claimed by a process that died before sending it goes out
// once the claim's lease runs out; what was sent is never sent again, in
// later rounds or after a restart.
func TestRemindersAndAlertsOutliveADeadClaimAndGoOutOnce(t *testing.T) {
	h := newHarness(t)
	a := h.file("c1", "ACME Store")
	b := h.file("c2", "acme store")
	c := h.file("c3", "Acme Store!")
	h.clock.Add(49 * time.Hour)
	// The process before this one claimed a's reminder and died.
	if ok, err := h.db.ClaimReminder(context.Background(), a.ID, "sla:48h"); err != nil || !ok {
		t.Fatalf("claim = %v, %v", ok, err)
	}
	alerts := func() int {
		n := 0
		for _, r := range h.rec.SentTo(review) {
			if strings.Contains(r.Text, "Repeat reports") {
				n++
			}
		}
		return n
	}
	h.c.Tick(context.Background())
	if len(h.reminders(a.Ref)) != 0 || len(h.reminders(b.Ref)) != 1 || len(h.reminders(c.Ref)) != 1 || alerts() != 1 {
		t.Fatalf("first round: reminders %d, %d, %d and %d alerts; want 0, 1, 1 and 1 (a's claim still holds)",
			len(h.reminders(a.Ref)), len(h.reminders(b.Ref)), len(h.reminders(c.Ref)), alerts())
	}
	h.clock.Add(ipdesk.SendLease + time.Minute)
	h.c.Tick(context.Background())
	h.restart()
	h.clock.Add(24 * time.Hour)
	h.c.Tick(context.Background())
	for _, ref := range []string{a.Ref, b.Ref, c.Ref} {
		if got := h.reminders(ref); len(got) != 1 {
			t.Errorf("%s: %d reminders, want 1", ref, len(got))
		}
	}
	if n := alerts(); n != 1 {
		t.Errorf("%d repeat alerts, want 1", n)
	}
	if tr := actions(h.trail(a.Ref)); tr != "file,repeat_alert,sla_reminder" {
		t.Errorf("trail of %s = %s", a.Ref, tr)
	}
}

// TestRemindersInChinese checks the SLA reminder and the repeat-seller
// alert are written in the review channel's language.
func TestRemindersInChinese(t *testing.T) {
	h := newHarness(t)
	h.reviewLang = i18n.ZH
	h.restart()
	var refs []string
	for _, u := range []string{"consumer1", "consumer2", "consumer3"} {
		refs = append(refs, h.file(u, "ACME Store").Ref)
	}
	var alert string
	for _, s := range h.rec.Sent() {
		if strings.Contains(s.Reply.Text, "重复举报") {
			alert = s.Reply.Text
		}
	}
	if !strings.Contains(alert, "30 天内有 3 位投诉人举报了 亚马逊（Amazon） 上的卖家 **ACME Store**") || !strings.Contains(alert, refs[0]+"，"+refs[1]) {
		t.Errorf("repeat alert: %q", alert)
	}
	h.clock.Add(50*time.Hour + 5*time.Minute)
	h.c.Tick(context.Background())
	got := h.reminders(refs[0])
	if len(got) != 1 || !strings.Contains(got[0], "⏰ **"+refs[0]+"** 已等待工作人员处理 2天2小时，超过了 2 天的目标时限。状态：已提交。还没有人接手。") {
		t.Fatalf("reminder = %q", got)
	}
}
