package main

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/slack/slackfake"
	"github.com/ipdesk/ipdesk/sqlite"
)

// A process took a consumer's answer (it was in the inbox, acknowledged to
// Slack) and was killed before handling it. At the next start the answer
// is handled: as the first message after a restart it is held and offered
// back with where the filing stands, one press from being taken, without
// the consumer typing it again.
func TestEventLeftByADeadProcessIsHandledAtStart(t *testing.T) {
	t.Parallel()
	w := newSlackWorld(t)
	dmCh := slackfake.IMChannel(consumer)
	w.startFiling(consumer) // up to the seller's name
	w.stop()

	e := bot.Event{ID: "slack:EvTakenThenKilled", Kind: bot.KindMessage, Text: "ACME Store", Time: time.Now(),
		User:  bot.User{Platform: bot.Slack, ID: consumer, Name: "consumer"},
		Where: bot.Address{Platform: bot.Slack, Channel: dmCh, DM: true}}
	body, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	db, err := sqlite.Open(context.Background(), w.vars["IPDESK_DB"])
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Claim(context.Background(), e.ID); err != nil {
		t.Fatal(err)
	}
	if fresh, err := db.ReceiveEvent(context.Background(), e.ID, "a-killed-process", body, time.Now().Add(time.Minute)); err != nil || !fresh {
		t.Fatalf("receive: %v, %v", fresh, err)
	}
	db.Close()

	w.start()
	held := w.shown(dmCh, "seller's or shop's name", "ACME Store")
	w.click(consumer, held, "Use “ACME Store” as my answer")
	w.shown(dmCh, "What is the order number?")
	if d, err := w.app.DB.Draft(w.ctx, bot.Slack, consumer); err != nil || d.Answers.Seller != "ACME Store" {
		t.Fatalf("draft after the restart = %+v, %v", d, err)
	}
	// Handled once: another restart does not handle it again.
	w.restart()
	if d, err := w.app.DB.Draft(w.ctx, bot.Slack, consumer); err != nil || d.Answers.Seller != "ACME Store" || d.Step != "order" {
		t.Fatalf("draft after a second restart = %+v, %v", d, err)
	}
}

// A process took a consumer's answer, saved it into the draft, and was
// killed before it replied. At the next start the event is handled again:
// the answer is not taken a second time (it would answer the next
// question), and the consumer is shown the question they are at.
func TestEventAppliedButNotAnsweredIsAnsweredAtStart(t *testing.T) {
	t.Parallel()
	w := newSlackWorld(t)
	dmCh := slackfake.IMChannel(consumer)
	w.startFiling(consumer) // up to the seller's name
	w.stop()

	e := bot.Event{ID: "slack:EvSavedThenKilled", Kind: bot.KindMessage, Text: "ACME Store", Time: time.Now(),
		User:  bot.User{Platform: bot.Slack, ID: consumer, Name: "consumer"},
		Where: bot.Address{Platform: bot.Slack, Channel: dmCh, DM: true}}
	body, _ := json.Marshal(e)
	ctx := context.Background()
	db, err := sqlite.Open(ctx, w.vars["IPDESK_DB"])
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ReceiveEvent(ctx, e.ID, "a-killed-process", body, time.Now().Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	// What the killed process did before it died: the answer saved, as
	// the wizard saves it, for this event.
	d, err := db.Draft(ctx, bot.Slack, consumer)
	if err != nil {
		t.Fatal(err)
	}
	d.Answers.Seller, d.History, d.Step = "ACME Store", append(d.History, d.Step), "order"
	if err := db.SaveDraft(ipdesk.WithEvent(ctx, e.ID), d); err != nil {
		t.Fatal(err)
	}
	db.Close()

	w.start()
	w.shown(dmCh, "What is the order number?")
	if d, err := w.app.DB.Draft(w.ctx, bot.Slack, consumer); err != nil || d.Answers.Seller != "ACME Store" || d.Answers.OrderNumber != "" || d.Step != "order" {
		t.Fatalf("draft after the restart = %+v, %v; want the answer taken once", d, err)
	}
}
