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
// answered is gone, and the consumer saw its reply (they answered the
// question it asked): nothing is said, nothing is filed again, and the
// answer is not read afresh as a question ("no good answer to ...").
func TestEventAppliedBeforeFilingIsNotAnsweredAgain(t *testing.T) {
	t.Parallel()
	w := newSlackWorld(t)
	dmCh := slackfake.IMChannel(consumer)
	w.startFiling(consumer) // up to the seller's name

	w.savedThenLost("slack:EvSavedThenLost", "ACME Store", "order", func(c *ipdesk.Complaint) { c.Seller = "ACME Store" })
	next := w.dm(consumer, "123-1234567-1234567", "When did you place the order?")
	_, ref := w.confirm(consumer, w.continueFrom(consumer, acme, next, ""))
	w.leaseRunsOut()

	w.start()
	// The replay happens before the bot connects: had it said anything,
	// that would be the next message, before the status asked for now.
	w.slash(dmCh, consumer, "status")
	if m := w.shown(dmCh, ref); strings.Contains(m.Visible(), "good answer") || strings.Contains(m.Visible(), "already filed") {
		t.Errorf("the replayed answer was answered: %s", m.Visible())
	}
	if cs, err := w.app.DB.ComplaintsByUser(w.ctx, bot.Slack, consumer); err != nil || len(cs) != 1 {
		t.Fatalf("complaints after the restart: %d, %v; want the one filed", len(cs), err)
	}
}

// filedThenKilled files the consumer's complaint as a process does for
// their Submit, event id, and leaves the event taken and not handled, as a
// process killed at that point does; the caller then runs out the lease.
func (w *slackWorld) filedThenKilled(id string) *ipdesk.Complaint {
	w.t.Helper()
	w.fileUntilSummary(consumer, acme)
	d, err := w.app.DB.Draft(w.ctx, bot.Slack, consumer)
	if err != nil {
		w.t.Fatal(err)
	}
	e := bot.Event{ID: id, Kind: bot.KindAction, Time: time.Now(),
		Action: bot.Action{ID: "complain.confirm", Value: d.ID},
		User:   bot.User{Platform: bot.Slack, ID: consumer, Name: "consumer"},
		Where:  bot.Address{Platform: bot.Slack, Channel: slackfake.IMChannel(consumer), DM: true}}
	w.keepEvent(e, time.Hour)
	cpl, created, err := w.app.DB.FileDraft(ipdesk.WithEvent(w.ctx, e.ID), bot.Slack, consumer, d.ID)
	if err != nil || !created {
		w.t.Fatalf("file: %v, %v", created, err)
	}
	return cpl
}

// A process filed a consumer's complaint for their Submit and died before
// the receipt went out. At the next start the press is handled again: the
// complaint is not filed twice, and the consumer is told its reference.
func TestFilingAppliedButNotAnsweredIsAnsweredWithTheReference(t *testing.T) {
	t.Parallel()
	w := newSlackWorld(t)
	dmCh := slackfake.IMChannel(consumer)
	cpl := w.filedThenKilled("slack:EvFiledThenKilled")
	w.leaseRunsOut()

	w.start()
	w.shown(dmCh, "already filed as", cpl.Ref)
	if cs, err := w.app.DB.ComplaintsByUser(w.ctx, bot.Slack, consumer); err != nil || len(cs) != 1 {
		t.Fatalf("complaints after the restart: %d, %v; want the one filed", len(cs), err)
	}
}

// A process filed a consumer's complaint for their Submit, sent the
// receipt and died before marking the event handled. At the next start the
// press is handled again: the receipt is found in the direct messages, so
// the consumer is not told a second time that the complaint is filed.
func TestFilingAnsweredBeforeTheKillIsNotAnsweredAgain(t *testing.T) {
	t.Parallel()
	w := newSlackWorld(t)
	dmCh := slackfake.IMChannel(consumer)
	cpl := w.filedThenKilled("slack:EvFiledAnsweredThenKilled")
	// The receipt, as the killed process sent it.
	if _, err := w.app.Bot.Send(w.ctx, bot.DirectTo(bot.Slack, consumer), bot.Reply{Text: "Your complaint is filed as **" + cpl.Ref + "**."}); err != nil {
		t.Fatal(err)
	}
	w.shown(dmCh, "Your complaint is filed as", cpl.Ref)
	w.leaseRunsOut()

	w.start()
	// The replay happens before the bot connects: had it said anything,
	// that would be the next message, before the status asked for now.
	w.slash(dmCh, consumer, "status")
	if m := w.shown(dmCh, cpl.Ref); strings.Contains(m.Visible(), "already filed") {
		t.Errorf("the replayed filing was answered again: %s", m.Visible())
	}
	if cs, err := w.app.DB.ComplaintsByUser(w.ctx, bot.Slack, consumer); err != nil || len(cs) != 1 {
		t.Fatalf("complaints after the restart: %d, %v; want the one filed", len(cs), err)
	}
}

// As the first test above, but the consumer had answered one more
// question, not filed: the answer handled again (an order number) is not
// taken for the question the draft is at now (what is wrong, which takes
// any text), nor offered for it, nor answered: the consumer saw its reply.
func TestEventAppliedThenOvertakenIsNotTakenAgain(t *testing.T) {
	t.Parallel()
	w := newSlackWorld(t)
	dmCh := slackfake.IMChannel(consumer)
	w.startFiling(consumer)
	w.dm(consumer, "ACME Store", "What is the order number?")

	w.savedThenLost("slack:EvSavedThenOvertaken", "123-1234567-1234567", "order_date", func(c *ipdesk.Complaint) { c.OrderNumber = "123-1234567-1234567" })
	w.dm(consumer, "skip", "What is wrong")
	w.leaseRunsOut()

	w.start()
	w.slash(dmCh, consumer, "status")
	if m := w.shown(dmCh); strings.Contains(m.Visible(), "123-1234567-1234567") || strings.Contains(m.Visible(), "What is wrong with") {
		t.Errorf("the replayed answer was answered: %s", m.Visible())
	}
	if d, err := w.app.DB.Draft(w.ctx, bot.Slack, consumer); err != nil || d.Step != "problem" || d.Answers.Problem != "" || d.Answers.OrderNumber != "123-1234567-1234567" {
		t.Fatalf("draft after the restart = step %q, %+v, %v; want the old answer not taken again", d.Step, d.Answers, err)
	}
}

// savedThenLost does with the consumer's answer text what a process that
// then died did: the event kept in the inbox, leased for an hour so that
// nobody takes it while the consumer goes on, and the answer (set by
// answer) saved into the draft for it, which moves on to step next.
func (w *slackWorld) savedThenLost(id, text, next string, answer func(*ipdesk.Complaint)) {
	w.t.Helper()
	w.keepEvent(bot.Event{ID: id, Kind: bot.KindMessage, Text: text, Time: time.Now(),
		User:  bot.User{Platform: bot.Slack, ID: consumer, Name: "consumer"},
		Where: bot.Address{Platform: bot.Slack, Channel: slackfake.IMChannel(consumer), DM: true}}, time.Hour)
	d, err := w.app.DB.Draft(w.ctx, bot.Slack, consumer)
	if err != nil {
		w.t.Fatal(err)
	}
	answer(&d.Answers)
	d.History, d.Step = append(d.History, d.Step), next
	if err := w.app.DB.SaveDraft(ipdesk.WithEvent(w.ctx, id), d); err != nil {
		w.t.Fatal(err)
	}
}

// keepEvent puts e in the inbox as a process that then died left it,
// leased for lease.
func (w *slackWorld) keepEvent(e bot.Event, lease time.Duration) {
	w.t.Helper()
	body, err := json.Marshal(e)
	if err != nil {
		w.t.Fatal(err)
	}
	if _, err := w.app.DB.ReceiveEvent(w.ctx, e.ID, "a-killed-process", body, time.Now().Add(lease)); err != nil {
		w.t.Fatal(err)
	}
}

// leaseRunsOut stops the bot and lets the lease of every event in the
// inbox run out, as if the hour had passed.
func (w *slackWorld) leaseRunsOut() {
	w.t.Helper()
	w.stop()
	db, err := sqlite.Open(context.Background(), w.vars["IPDESK_DB"])
	if err != nil {
		w.t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ClaimEvents(context.Background(), "a-killed-process", time.Now().Add(2*time.Hour), time.Now().Add(-time.Second), 100); err != nil {
		w.t.Fatal(err)
	}
}

// A process took a consumer's photo, saved it into the draft, and was
// killed before it replied "Added …". At the next start the upload is
// handled again: the photo is not added a second time, and the consumer
// is told it was added, as they would have been (before, they were shown
// the evidence question again, and a client waiting for the confirmation
// waited in vain).
func TestUploadAppliedButNotAnsweredIsConfirmedAtStart(t *testing.T) {
	t.Parallel()
	w := newSlackWorld(t)
	dmCh := slackfake.IMChannel(consumer)
	w.continueFrom(consumer, acme, w.startFiling(consumer), "evidence")
	// A first photo, taken and confirmed live: the wizard keeps what it
	// said with the draft.
	if _, err := w.fake.DM(w.ctx, consumer, "", slackfake.File{Name: "label.jpg", Mimetype: "image/jpeg", Content: labelPhoto}); err != nil {
		t.Fatal(err)
	}
	w.shown(dmCh, "Added label.jpg (image/jpeg", "[Done]")
	d, err := w.app.DB.Draft(w.ctx, bot.Slack, consumer)
	if err != nil {
		t.Fatal(err)
	}
	if !d.NoteOnly || d.NoteEvent == "" || d.NoteEvent != d.LastEvent || !strings.Contains(d.Note, "Added label.jpg (image/jpeg") {
		t.Fatalf("the draft keeps note %q (event %q, last %q, alone %v); want the confirmation, for the upload", d.Note, d.NoteEvent, d.LastEvent, d.NoteOnly)
	}

	// A second photo, saved as the wizard saves it by a process that then
	// died before replying.
	const id = "slack:EvUploadSavedThenKilled"
	w.keepEvent(bot.Event{ID: id, Kind: bot.KindMessage, Time: time.Now(),
		User:  bot.User{Platform: bot.Slack, ID: consumer, Name: "consumer"},
		Where: bot.Address{Platform: bot.Slack, Channel: dmCh, DM: true},
		Files: []bot.File{{Name: "box.jpg", Type: "image/jpeg"}}}, time.Hour)
	second := d.Answers.Evidence[0]
	second.Name = "box.jpg"
	d.Answers.Evidence = append(d.Answers.Evidence, second)
	d.Note = strings.ReplaceAll(d.Note, "label.jpg", "box.jpg")
	d.NoteEvent = id
	if err := w.app.DB.SaveDraft(ipdesk.WithEvent(w.ctx, id), d); err != nil {
		t.Fatal(err)
	}
	w.leaseRunsOut()

	w.start()
	w.shown(dmCh, "Added box.jpg (image/jpeg", "[Done]")
	if d, err := w.app.DB.Draft(w.ctx, bot.Slack, consumer); err != nil || len(d.Answers.Evidence) != 2 {
		t.Fatalf("draft after the restart = %+v, %v; want the two photos, each once", d, err)
	}
}
