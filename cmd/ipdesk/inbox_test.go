package main

import (
	"context"
	"encoding/json"
	"strings"
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

// A process took a consumer's answer, saved it into the draft, and died
// before marking the event handled; the consumer went on answering and
// filed. When the event is handled again at the next start, the draft it
// answered is gone: the answer is not read afresh as a question (it would
// be answered "no good answer"), nor filed again. The consumer is told,
// once, that the complaint is filed and under which reference.
func TestEventAppliedBeforeFilingIsAnsweredWithTheComplaint(t *testing.T) {
	t.Parallel()
	w := newSlackWorld(t)
	dmCh := slackfake.IMChannel(consumer)
	w.startFiling(consumer) // up to the seller's name

	e := bot.Event{ID: "slack:EvSavedThenLost", Kind: bot.KindMessage, Text: "ACME Store", Time: time.Now(),
		User:  bot.User{Platform: bot.Slack, ID: consumer, Name: "consumer"},
		Where: bot.Address{Platform: bot.Slack, Channel: dmCh, DM: true}}
	body, _ := json.Marshal(e)
	// What the dying process did: the event kept, leased for long enough
	// that nobody takes it while the consumer goes on, and the answer
	// saved for it.
	if _, err := w.app.DB.ReceiveEvent(w.ctx, e.ID, "a-killed-process", body, time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	d, err := w.app.DB.Draft(w.ctx, bot.Slack, consumer)
	if err != nil {
		t.Fatal(err)
	}
	d.Answers.Seller, d.History, d.Step = "ACME Store", append(d.History, d.Step), "order"
	if err := w.app.DB.SaveDraft(ipdesk.WithEvent(w.ctx, e.ID), d); err != nil {
		t.Fatal(err)
	}
	next := w.dm(consumer, "123-1234567-1234567", "When did you place the order?")
	_, ref := w.confirm(consumer, w.continueFrom(consumer, acme, next, ""))
	w.stop()

	// Its lease runs out (the hour passes).
	db, err := sqlite.Open(context.Background(), w.vars["IPDESK_DB"])
	if err != nil {
		t.Fatal(err)
	}
	if evs, err := db.ClaimEvents(context.Background(), "a-killed-process", time.Now().Add(2*time.Hour), time.Now().Add(-time.Second), 10); err != nil || len(evs) != 1 || !evs[0].Applied {
		t.Fatalf("left-over events = %+v, %v; want the one applied", evs, err)
	}
	db.Close()

	w.start()
	m := w.shown(dmCh, "already filed as", ref)
	if strings.Contains(m.Visible(), "good answer") {
		t.Errorf("the answer was read as a question: %s", m.Visible())
	}
	if cs, err := w.app.DB.ComplaintsByUser(w.ctx, bot.Slack, consumer); err != nil || len(cs) != 1 {
		t.Fatalf("complaints after the restart: %d, %v; want the one filed", len(cs), err)
	}
	// Handled once: the next message is the consumer's own.
	w.slash(dmCh, consumer, "status")
	w.shown(dmCh, ref)
}

// As above, but the consumer had answered one more question, not filed:
// the answer handled again (an order number) is not taken for the question
// the draft is at now (what is wrong, which takes any text), nor offered
// for it. The consumer is shown that question.
func TestEventAppliedThenOvertakenIsNotTakenAgain(t *testing.T) {
	t.Parallel()
	w := newSlackWorld(t)
	dmCh := slackfake.IMChannel(consumer)
	w.startFiling(consumer)
	w.dm(consumer, "ACME Store", "What is the order number?")

	e := bot.Event{ID: "slack:EvSavedThenOvertaken", Kind: bot.KindMessage, Text: "123-1234567-1234567", Time: time.Now(),
		User:  bot.User{Platform: bot.Slack, ID: consumer, Name: "consumer"},
		Where: bot.Address{Platform: bot.Slack, Channel: dmCh, DM: true}}
	body, _ := json.Marshal(e)
	if _, err := w.app.DB.ReceiveEvent(w.ctx, e.ID, "a-killed-process", body, time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	d, err := w.app.DB.Draft(w.ctx, bot.Slack, consumer)
	if err != nil {
		t.Fatal(err)
	}
	d.Answers.OrderNumber, d.History, d.Step = "123-1234567-1234567", append(d.History, d.Step), "order_date"
	if err := w.app.DB.SaveDraft(ipdesk.WithEvent(w.ctx, e.ID), d); err != nil {
		t.Fatal(err)
	}
	w.dm(consumer, "skip", "What is wrong")
	w.stop()

	db, err := sqlite.Open(context.Background(), w.vars["IPDESK_DB"])
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ClaimEvents(context.Background(), "a-killed-process", time.Now().Add(2*time.Hour), time.Now().Add(-time.Second), 10); err != nil {
		t.Fatal(err)
	}
	db.Close()

	w.start()
	if m := w.shown(dmCh, "What is wrong"); strings.Contains(m.Visible(), "123-1234567-1234567") {
		t.Errorf("the old answer is offered for the question the draft is at:\n%s", m.Visible())
	}
	if d, err := w.app.DB.Draft(w.ctx, bot.Slack, consumer); err != nil || d.Step != "problem" || d.Answers.Problem != "" || d.Answers.OrderNumber != "123-1234567-1234567" {
		t.Fatalf("draft after the restart = step %q, %+v, %v; want the old answer not taken again", d.Step, d.Answers, err)
	}
}
