package main

import (
	"strings"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk/bot/slack/slackfake"
)

// TestStaffReplyAcrossPlatforms: a consumer filing on Discord asks for a
// person; staff on Slack answer from the Reply button and with the reply
// command; the consumer gets the messages in their Discord DM and writes
// back, which reaches the Slack review channel.
func TestStaffReplyAcrossPlatforms(t *testing.T) {
	t.Parallel()
	sl := slackfake.New(slackfake.Config{PingInterval: time.Second})
	t.Cleanup(sl.Close)
	sl.AddUser(slackfake.User{ID: staffMember, Name: "reviewer"})
	sl.AddUser(slackfake.User{ID: bystander, Name: "bystander"})
	w := newWorld(t, sl)
	w.vars["IPDESK_REVIEW_CHANNEL"] = "slack:" + reviewChannel
	w.vars["IPDESK_STAFF"] = "slack:" + staffMember
	w.start()
	s := &slackWorld{testApp: w.testApp, fake: sl}

	w.startFiling(dConsumer)
	w.say(dConsumer, "I need to talk to a human", "a person will reply")
	note := s.shown(reviewChannel, "asks for a person", "[Reply]", "reply discord:"+dConsumer.ID)

	// A member who is not staff cannot reply.
	s.click(bystander, note, "Reply")
	s.shown(reviewChannel, "Only staff")

	s.click(staffMember, note, "Reply")
	v, err := sl.WaitView(w.ctx, staffMember, 0)
	if err != nil {
		t.Fatal(err)
	}
	if errs := s.submit(staffMember, v, map[string]string{"message": "Hello, I can help. What happened?"}); errs != nil {
		t.Fatalf("reply refused: %v", errs)
	}
	msg := w.shown(w.dm(dConsumer), "Message from staff", "Hello, I can help. What happened?", "[Write back]")
	s.shown(reviewChannel, "Sent to Discord user "+dConsumer.ID)

	// The consumer writes back from Discord.
	open := w.click(dConsumer, msg, "Write back")
	if r := w.srv.Reply(open, dwait); r.Modal == nil {
		t.Fatalf("Write back answered with type %d, want a modal", r.Type)
	}
	w.srv.SubmitModal(dConsumer, open, map[string]string{"Your message": "It is about a fake watch."})
	back := s.shown(reviewChannel, "Message for staff", "discord:"+dConsumer.ID, "It is about a fake watch.", "[Reply]")
	w.shown(w.dm(dConsumer), "Sent to staff")

	// Staff answer with the command too.
	s.slash(reviewChannel, staffMember, "reply discord:"+dConsumer.ID+" We will look at the watch today.")
	w.shown(w.dm(dConsumer), "Message from staff", "We will look at the watch today.")
	s.shown(reviewChannel, "Sent to Discord user "+dConsumer.ID)
	if p := back.Pings(); len(p) > 0 {
		t.Errorf("the message for staff pings %v", p)
	}
}

// TestSlackInternalNote adds a note from the card's Note button through the
// modal; it reaches the case and not the complainant.
func TestSlackInternalNote(t *testing.T) {
	t.Parallel()
	w := newSlackWorld(t)
	card, ref := w.confirm(consumer, w.fileUntilSummary(consumer, acme))
	w.click(staffMember, card, "Note")
	v, err := w.fake.WaitView(w.ctx, staffMember, 0)
	if err != nil {
		t.Fatal(err)
	}
	if errs := w.submit(staffMember, v, map[string]string{"note": "Seller is on our watch list & known for fakes."}); errs != nil {
		t.Fatalf("note refused: %v", errs)
	}
	w.shown(reviewChannel, "Note added to "+ref)
	trail, err := w.app.DB.AuditTrail(w.ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	if last := trail[len(trail)-1]; last.Action != "note" || last.Note != "Seller is on our watch list & known for fakes." || last.Actor != "slack:"+staffMember {
		t.Errorf("last audit row = %+v", last)
	}
	w.slash(slackfake.IMChannel(consumer), consumer, "status")
	if m := w.shown(slackfake.IMChannel(consumer), ref); strings.Contains(m.Visible(), "watch list") {
		t.Errorf("the complainant saw the note: %s", m.Visible())
	}
}
