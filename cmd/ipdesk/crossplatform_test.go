package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/slack/slackfake"
	"github.com/ipdesk/ipdesk/internal/eventually"
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
	// The same App as the Slack workspace sees it.
	s := &slackWorld{testApp: w.testApp, fake: sl}
	if h := w.app.Bot.Health(); len(h) != 2 || h[0].Platform != bot.Discord || h[1].Platform != bot.Slack {
		t.Fatalf("health = %+v, want Discord and Slack", h)
	}

	// A consumer files on Discord, in their DM.
	summary := w.continueFrom(dConsumer, acme, w.startFiling(dConsumer), "")
	w.click(dConsumer, summary, "Submit")
	receipt := w.shown(w.dm(dConsumer), "Your complaint is filed as", "/status")
	ref := refPat.FindString(receipt.Display())

	// The card appears in the Slack review channel, saying where the
	// complainant is.
	card := s.shown(reviewChannel, "Complaint "+ref, "ACME Store", "49.99 USD", "Discord user "+dConsumer.ID,
		"[Approve compensation] [Reject] [Request info] [Escalate] [Assign to me]")
	if p := card.Pings(); len(p) > 0 {
		t.Errorf("the card pings %v", p)
	}

	// A Slack member who is not staff is refused; a Discord staff id does
	// not make the same id staff on Slack.
	s.click(bystander, card, "Approve compensation")
	if m := s.shown(reviewChannel, "Only staff"); !m.Ephemeral || m.User != bystander {
		t.Errorf("refusal ephemeral=%v to %q", m.Ephemeral, m.User)
	}

	// Staff approve on Slack through the button and the modal.
	s.click(staffMember, card, "Approve compensation")
	v, err := sl.WaitView(w.ctx, staffMember, 0)
	if err != nil {
		t.Fatal(err)
	}
	if errs := s.submit(staffMember, v, map[string]string{"amount": "0", "currency": "USD"}); errs["amount"] == "" {
		t.Errorf("a zero amount was accepted: %v", errs)
	}
	if errs := s.submit(staffMember, v, map[string]string{"amount": "45", "currency": "USD", "note": "Refund of the price."}); errs != nil {
		t.Fatalf("valid approval refused: %v", errs)
	}
	updated := s.shown(reviewChannel, "Status: *approved*", "approved 45.00 USD by", staffMember)
	if updated.TS != card.TS || len(updated.Buttons()) != 2 {
		t.Errorf("decision shown on %s with buttons %v, want the card %s updated in place", updated.TS, updated.Buttons(), card.TS)
	}
	s.shown(reviewChannel, "Done: "+ref+" is now approved")

	// The consumer is told in their Discord DM, with the Discord command to
	// follow up.
	notice := w.shown(w.dm(dConsumer), ref, "approved", "45.00 USD", "Refund of the price.", "/status")
	if strings.Contains(notice.Display(), "/ipdesk") {
		t.Errorf("the Discord notice gives the Slack command:\n%s", notice.Display())
	}
	if c := w.complaint(ref); c.Status != ipdesk.StatusApproved || c.Platform != bot.Discord || c.Decision.By != "slack:"+staffMember {
		t.Errorf("complaint = %+v, decision %+v", c, c.Decision)
	}

	// Staff on Slack record the payment; the consumer is told on Discord.
	s.click(staffMember, sl.Message(reviewChannel, card.TS), "Mark paid")
	pv, err := sl.WaitView(w.ctx, staffMember, 1)
	if err != nil {
		t.Fatal(err)
	}
	if errs := s.submit(staffMember, pv, map[string]string{"reference": "PAY-2026-0042", "date": time.Now().UTC().Format("2006-01-02")}); errs != nil {
		t.Fatalf("payment refused: %v", errs)
	}
	paid := s.shown(reviewChannel, "paid on", "PAY-2026-0042")
	if len(paid.Buttons()) != 0 {
		t.Errorf("a paid card offers %v", paid.Buttons())
	}
	w.shown(w.dm(dConsumer), ref, "was paid on", "PAY-2026-0042")
	s.shown(reviewChannel, "Done: "+ref)
	_, rec := exportCSV(t, map[string]string{"IPDESK_DB": w.vars["IPDESK_DB"]})
	if rec["payout_status"] != "paid" || rec["payout_reference"] != "PAY-2026-0042" || rec["payout_recorded_by"] != "slack:"+staffMember {
		t.Errorf("csv payout = %q %q %q", rec["payout_status"], rec["payout_reference"], rec["payout_recorded_by"])
	}

	// Slack goes down. Discord still answers a question and shows the
	// consumer's complaints, and the health status says which is which.
	sl.Close()
	m := w.sayAnswer(dConsumer, "how long does a US trademark last?", "Trademarks in the US", "Source:")
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

// waitHealth waits until the App's health status, by platform, satisfies ok.
func waitHealth(t *testing.T, w *discordWorld, ok func(map[string]bot.Health) bool) {
	t.Helper()
	eventually.Check(t, w.ctx, "the platforms' health", func() error {
		h := map[string]bot.Health{}
		for _, p := range w.app.Bot.Health() {
			h[p.Platform] = p
		}
		if !ok(h) {
			return fmt.Errorf("health is %+v", h)
		}
		return nil
	})
}
