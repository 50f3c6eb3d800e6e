package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/slack/slackfake"
)

// TestOneProcessTwoPlatforms runs one App, configured as `ipdesk run` is
// with both a Slack and a Discord token and one database, against both
// fakes: a consumer files on Discord, staff review on Slack, the consumer
// is told on Discord; then Slack goes down and Discord keeps working.
func TestOneProcessTwoPlatforms(t *testing.T) {
	t.Parallel()
	sl := slackfake.New(slackfake.Config{PingInterval: time.Second})
	t.Cleanup(sl.Close) // after the App has stopped: cleanups run last first
	sl.AddUser(slackfake.User{ID: staffMember, Name: "reviewer"})
	sl.AddUser(slackfake.User{ID: bystander, Name: "bystander"})
	w := newWorld(t, sl)
	w.vars["IPDESK_REVIEW_CHANNEL"] = "slack:" + reviewChannel
	w.vars["IPDESK_STAFF"] = "slack:" + staffMember + ",discord:" + dListed.ID
	w.start()
	if h := w.app.Bot.Health(); len(h) != 2 || h[0].Platform != bot.Discord || h[1].Platform != bot.Slack {
		t.Fatalf("health = %+v, want Discord and Slack", h)
	}

	// A consumer files on Discord, in their DM.
	summary := w.continueFrom(dConsumer, acme, w.startFiling(dConsumer), "seller", "")
	w.click(dConsumer, summary, "Submit")
	receipt := w.shown(w.dm(dConsumer), "Your complaint is filed as", "/status")
	ref := refPat.FindString(receipt.Display())

	// The card appears in the Slack review channel, saying where the
	// complainant is.
	card := slackShown(t, w, reviewChannel, "Complaint "+ref, "ACME Store", "49.99 USD", "Discord user "+dConsumer.ID,
		"[Approve compensation] [Reject] [Request info] [Escalate] [Assign to me]")
	if p := card.Pings(); len(p) > 0 {
		t.Errorf("the card pings %v", p)
	}

	// A Slack member who is not staff is refused; a Discord staff id does
	// not make the same id staff on Slack.
	if _, err := sl.Click(w.ctx, bystander, card, "Approve compensation"); err != nil {
		t.Fatal(err)
	}
	if m := slackShown(t, w, reviewChannel, "Only staff"); !m.Ephemeral || m.User != bystander {
		t.Errorf("refusal ephemeral=%v to %q", m.Ephemeral, m.User)
	}

	// Staff approve on Slack through the button and the modal.
	if _, err := sl.Click(w.ctx, staffMember, card, "Approve compensation"); err != nil {
		t.Fatal(err)
	}
	v, err := sl.WaitView(w.ctx, staffMember, 0)
	if err != nil {
		t.Fatal(err)
	}
	if errs := slackSubmit(t, w, v, map[string]string{"amount": "0", "currency": "USD"}); errs["amount"] == "" {
		t.Errorf("a zero amount was accepted: %v", errs)
	}
	if errs := slackSubmit(t, w, v, map[string]string{"amount": "45", "currency": "USD", "note": "Refund of the price."}); errs != nil {
		t.Fatalf("valid approval refused: %v", errs)
	}
	updated := slackShown(t, w, reviewChannel, "Status: *approved*", "approved 45.00 USD by", staffMember)
	if updated.TS != card.TS || len(updated.Buttons()) != 0 {
		t.Errorf("decision shown on %s with buttons %v, want the card %s updated in place", updated.TS, updated.Buttons(), card.TS)
	}
	slackShown(t, w, reviewChannel, "Done: "+ref+" is now approved")

	// The consumer is told in their Discord DM, with the Discord command to
	// follow up.
	notice := w.shown(w.dm(dConsumer), ref, "approved", "45.00 USD", "Refund of the price.", "/status")
	if strings.Contains(notice.Display(), "/ipdesk") {
		t.Errorf("the Discord notice gives the Slack command:\n%s", notice.Display())
	}
	if c := w.complaint(ref); c.Status != ipdesk.StatusApproved || c.Platform != bot.Discord || c.Decision.By != "slack:"+staffMember {
		t.Errorf("complaint = %+v, decision %+v", c, c.Decision)
	}

	// Slack goes down. Discord still answers a question and shows the
	// consumer's complaints, and the health status says which is which.
	sl.Close()
	m := w.say(dConsumer, "how long does a US trademark last?", "Trademarks in the US", "Source:")
	if m.Ephemeral() {
		t.Error("the answer was ephemeral")
	}
	st := w.srv.Slash(dConsumer, w.dm(dConsumer), "status", nil)
	if r := w.srv.Reply(st, dwait); !strings.Contains(r.Message.Display(), ref) {
		t.Errorf("/status on Discord with Slack down: %q", r.Message.Display())
	}
	w.shown(w.dm(dConsumer), ref)
	waitHealth(t, w, func(h map[string]bot.Health) bool {
		return h[bot.Discord].Up && !h[bot.Slack].Up && h[bot.Slack].LastError != ""
	})
	w.waitLog("platform disconnected; retrying", "platform=slack")
}

// slackShown returns the next message that appeared or changed in the fake
// Slack, checking its channel and what a member reads in it.
func slackShown(t *testing.T, w *discordWorld, channel string, want ...string) *slackfake.Message {
	t.Helper()
	m, err := w.slack.NextShown(w.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if m.Channel != channel {
		t.Fatalf("next Slack message appeared in %s, want %s: %q", m.Channel, channel, m.Visible())
	}
	for _, s := range want {
		if !strings.Contains(m.Visible(), s) {
			t.Fatalf("Slack message in %s lacks %q:\n%s", channel, s, m.Visible())
		}
	}
	return m
}

// slackSubmit submits a Slack modal as the staff member and returns the
// field errors it was answered with (none when the modal closed).
func slackSubmit(t *testing.T, w *discordWorld, v *slackfake.View, values map[string]string) map[string]string {
	t.Helper()
	env, err := w.slack.Submit(w.ctx, staffMember, v, values)
	if err != nil {
		t.Fatal(err)
	}
	ack, err := env.WaitAck(w.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(ack.Payload) == 0 || string(ack.Payload) == "null" {
		return nil
	}
	var resp struct {
		ResponseAction string            `json:"response_action"`
		Errors         map[string]string `json:"errors"`
	}
	if err := json.Unmarshal(ack.Payload, &resp); err != nil || resp.ResponseAction != "errors" || len(resp.Errors) == 0 {
		t.Fatalf("modal submission acked with %s", ack.Payload)
	}
	return resp.Errors
}

// waitHealth waits until the App's health status, by platform, satisfies ok.
func waitHealth(t *testing.T, w *discordWorld, ok func(map[string]bot.Health) bool) {
	t.Helper()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		h := map[string]bot.Health{}
		for _, p := range w.app.Bot.Health() {
			h[p.Platform] = p
		}
		if ok(h) {
			return
		}
		select {
		case <-tick.C:
		case <-w.ctx.Done():
			t.Fatalf("health is %+v", h)
		}
	}
}
