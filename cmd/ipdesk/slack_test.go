package main

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot/slack/slackfake"
)

// The tests in this file run the whole product in Slack: the App as main
// builds it, connected through the real slack-go client to the fake Slack,
// driven the way members use it (slash commands, direct messages, buttons,
// modals).

const (
	reviewChannel = "CREVIEW"
	consumer      = "U100"
	bystander     = "U200"
	staffMember   = "USTAFF"
)

// slackWorld is a fake Slack workspace and the ipdesk App connected to it.
type slackWorld struct {
	*testApp
	fake *slackfake.Server
}

// newSlackWorld starts a fake Slack and the App connected to it; extra
// adds to (or overrides) the App's environment.
func newSlackWorld(t *testing.T, extra ...map[string]string) *slackWorld {
	t.Helper()
	fake := slackfake.New(slackfake.Config{PingInterval: time.Second})
	t.Cleanup(fake.Close) // after the App has stopped: cleanups run last first
	fake.AddUser(slackfake.User{ID: consumer, Name: "consumer"})
	fake.AddUser(slackfake.User{ID: bystander, Name: "bystander"})
	fake.AddUser(slackfake.User{ID: staffMember, Name: "reviewer"})
	w := &slackWorld{fake: fake}
	w.testApp = newTestApp(t, testBudget, map[string]string{
		"SLACK_BOT_TOKEN":       fake.BotToken(),
		"SLACK_APP_TOKEN":       fake.AppToken(),
		"SLACK_API_URL":         fake.URL,
		"IPDESK_REVIEW_CHANNEL": "slack:" + reviewChannel,
		"IPDESK_STAFF":          "slack:" + staffMember,
	}, func() func() { return slackConnected(t, w.ctx, fake) })
	for _, vars := range extra {
		for k, v := range vars {
			w.vars[k] = v
		}
	}
	// A socket the stopped client left half-open must not receive the next
	// envelope.
	w.stopped = fake.DropSockets
	w.start()
	return w
}

// slackConnected, called before the App starts, returns what waits until
// the App has opened a new Socket Mode connection to fake.
func slackConnected(t *testing.T, ctx context.Context, fake *slackfake.Server) func() {
	n := fake.Connects()
	return func() {
		t.Helper()
		if err := fake.WaitConnected(ctx, n+1); err != nil {
			t.Fatalf("the App did not connect to Slack: %v", err)
		}
	}
}

// shown returns the next message that appeared or changed in the
// workspace, and checks where it appeared.
func (w *slackWorld) shown(channel string, want ...string) *slackfake.Message {
	w.t.Helper()
	m, err := w.fake.NextShown(w.ctx)
	if err != nil {
		w.t.Fatal(err)
	}
	if m.Channel != channel {
		w.t.Fatalf("next message appeared in %s, want %s: %q", m.Channel, channel, m.Visible())
	}
	for _, s := range want {
		if !strings.Contains(m.Visible(), s) {
			w.t.Fatalf("message in %s lacks %q:\n%s", channel, s, m.Visible())
		}
	}
	return m
}

// dm sends text to the bot from user as the Slack client would deliver it,
// and returns the bot's answer in their DM.
func (w *slackWorld) dm(user, text string, want ...string) *slackfake.Message {
	w.t.Helper()
	if _, err := w.fake.DM(w.ctx, user, slackfake.Typed(text)); err != nil {
		w.t.Fatal(err)
	}
	return w.shown(slackfake.IMChannel(user), want...)
}

// click presses a button as user and returns the envelope.
func (w *slackWorld) click(user string, m *slackfake.Message, label string) *slackfake.Envelope {
	w.t.Helper()
	env, err := w.fake.Click(w.ctx, user, m, label)
	if err != nil {
		w.t.Fatal(err)
	}
	return env
}

// slash runs "/ipdesk text" as user in channel.
func (w *slackWorld) slash(channel, user, text string) {
	w.t.Helper()
	if _, err := w.fake.Slash(w.ctx, channel, user, "/ipdesk", text); err != nil {
		w.t.Fatal(err)
	}
}

// submit submits a modal as user and returns the field errors it was
// answered with (none when the modal closed).
func (w *slackWorld) submit(user string, v *slackfake.View, values map[string]string) map[string]string {
	w.t.Helper()
	env, err := w.fake.Submit(w.ctx, user, v, values)
	if err != nil {
		w.t.Fatal(err)
	}
	ack, err := env.WaitAck(w.ctx)
	if err != nil {
		w.t.Fatal(err)
	}
	if len(ack.Payload) == 0 || string(ack.Payload) == "null" {
		return nil
	}
	var resp struct {
		ResponseAction string            `json:"response_action"`
		Errors         map[string]string `json:"errors"`
	}
	if err := json.Unmarshal(ack.Payload, &resp); err != nil || resp.ResponseAction != "errors" || len(resp.Errors) == 0 {
		w.t.Fatalf("modal submission acked with %s", ack.Payload)
	}
	return resp.Errors
}

var refPat = regexp.MustCompile(`IPD-[0-9A-Z]{5}`)

// fileUntilSummary takes user through the wizard, in their DM, up to the
// summary, and returns the summary message.
func (w *slackWorld) fileUntilSummary(user string, c complaint) *slackfake.Message {
	w.t.Helper()
	return w.continueFrom(user, c, w.startFiling(user), "")
}

// startFiling runs /ipdesk complain in user's DM and answers up to the
// seller's name, whose question it returns.
func (w *slackWorld) startFiling(user string) *slackfake.Message {
	w.t.Helper()
	dmCh := slackfake.IMChannel(user)
	w.slash(dmCh, user, "complain")
	m := w.shown(dmCh, "What happened?", "[I bought a counterfeit]")
	return w.continueFrom(user, complaint{}, m, "seller")
}

// continueFrom answers the wizard's questions from the one m shows up to,
// not including, step until ("" for all; see testApp.walk), and returns
// the last question shown: the summary when all were answered.
func (w *slackWorld) continueFrom(user string, c complaint, m *slackfake.Message, until string) *slackfake.Message {
	w.t.Helper()
	dmCh := slackfake.IMChannel(user)
	w.walk("slack", user, c, until, func(want ...string) { w.checkShows(m, want...) }, func(in wizardInput) {
		switch {
		case in.button != "":
			w.click(user, m, in.button)
			m = w.shown(dmCh, in.want...)
		case in.photo:
			if _, err := w.fake.DM(w.ctx, user, "", slackfake.File{Name: "label.jpg", Mimetype: "image/jpeg", Content: labelPhoto}); err != nil {
				w.t.Fatal(err)
			}
			m = w.shown(dmCh, in.want...)
		default:
			m = w.dm(user, in.typed, in.want...)
		}
	})
	return m
}

// checkShows fails the test unless m shows every text in want (buttons
// as "[Label]").
func (w *slackWorld) checkShows(m *slackfake.Message, want ...string) {
	w.t.Helper()
	for _, s := range want {
		if !strings.Contains(m.Visible(), s) {
			w.t.Fatalf("message in %s lacks %q:\n%s", m.Channel, s, m.Visible())
		}
	}
}

// confirm presses Submit on the summary and returns the review card and
// the complaint's reference from the receipt.
func (w *slackWorld) confirm(user string, summary *slackfake.Message) (*slackfake.Message, string) {
	w.t.Helper()
	w.click(user, summary, "Submit")
	card := w.shown(reviewChannel, "[Approve compensation] [Reject] [Request info] [Escalate] [Assign to me]")
	receipt := w.shown(slackfake.IMChannel(user), "Your complaint is filed as", "Type `/ipdesk status`")
	ref := refPat.FindString(receipt.Visible())
	if ref == "" || !strings.Contains(card.Visible(), "Complaint "+ref) {
		w.t.Fatalf("receipt %q and card %q do not name the same complaint", receipt.Visible(), card.Visible())
	}
	return card, ref
}

func TestSlackComplaintFiledAndApproved(t *testing.T) {
	t.Parallel()
	w := newSlackWorld(t)
	card, ref := w.confirm(consumer, w.fileUntilSummary(consumer, acme))
	if got := card.Visible(); !strings.Contains(got, "ACME Store") || !strings.Contains(got, "https://www.amazon.com/dp/B0EXAMPLE1") ||
		!strings.Contains(got, "label.jpg") || !strings.Contains(got, "49.99 USD") {
		t.Errorf("card lacks the complaint's details:\n%s", got)
	}
	if c := w.complaint(ref); c.Status != ipdesk.StatusSubmitted || len(c.Evidence) != 1 || c.Evidence[0].SHA256 == "" || c.Contact != "buyer@example.com" {
		t.Errorf("filed complaint = %+v", c)
	}

	// A member who is not staff presses Approve: refused where only they
	// see it, and nothing changes.
	w.click(bystander, card, "Approve compensation")
	refusal := w.shown(reviewChannel, "Only staff")
	if !refusal.Ephemeral || refusal.User != bystander {
		t.Errorf("refusal ephemeral=%v to %q", refusal.Ephemeral, refusal.User)
	}
	if n := len(w.fake.Views()); n != 0 {
		t.Errorf("%d modals opened for a member who is not staff", n)
	}
	if m := w.fake.Message(reviewChannel, card.TS); m.Edits != 0 || w.complaint(ref).Status != ipdesk.StatusSubmitted {
		t.Errorf("a refused click changed the card (%d edits) or the complaint", m.Edits)
	}

	// Staff press Approve compensation: a modal with amount, currency and
	// note, the asked amount proposed.
	w.click(staffMember, card, "Approve compensation")
	v, err := w.fake.WaitView(w.ctx, staffMember, 0)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, in := range v.Inputs() {
		ids = append(ids, in.BlockID)
	}
	if v.Title != "Approve "+ref || strings.Join(ids, ",") != "amount,currency,note" {
		t.Fatalf("modal %q with inputs %v", v.Title, ids)
	}
	for _, bad := range []map[string]string{{"amount": "-5", "currency": "USD"}, {"amount": "a lot", "currency": "USD"}, {"amount": "45", "currency": "XYZ"}} {
		errs := w.submit(staffMember, v, bad)
		field := "amount"
		if bad["currency"] == "XYZ" {
			field = "currency"
		}
		if errs[field] == "" {
			t.Errorf("%v: errors %v, want one on %s", bad, errs, field)
		}
	}
	if m := w.fake.Message(reviewChannel, card.TS); m.Edits != 0 || w.complaint(ref).Status != ipdesk.StatusSubmitted {
		t.Fatal("an invalid approval changed the card or the complaint")
	}
	if errs := w.submit(staffMember, v, map[string]string{"amount": "45", "currency": "USD", "note": "Refund of the price."}); errs != nil {
		t.Fatalf("valid approval refused: %v", errs)
	}
	updated := w.shown(reviewChannel, "Status: *approved*", "approved 45.00 USD by", staffMember, "Refund of the price.")
	if updated.TS != card.TS || updated.Edits != 1 {
		t.Errorf("decision posted as %s (edits %d), want the card %s updated in place", updated.TS, updated.Edits, card.TS)
	}
	if b := updated.Buttons(); len(b) != 2 || b[0].Label != "Mark paid" || b[1].Label != "Payment failed" {
		t.Errorf("a decided card offers %v, want only recording its payment", b)
	}
	notice := w.shown(slackfake.IMChannel(consumer), "Update on your complaint *"+ref, "approved", "45.00 USD", "Refund of the price.")
	if !strings.Contains(notice.Visible(), "/ipdesk status") {
		t.Errorf("the complainant is not told how to follow up in Slack:\n%s", notice.Visible())
	}
	done := w.shown(reviewChannel, "Done: "+ref+" is now approved")
	if !done.Ephemeral || done.User != staffMember {
		t.Errorf("confirmation to staff ephemeral=%v to %q", done.Ephemeral, done.User)
	}
	if c := w.complaint(ref); c.Status != ipdesk.StatusApproved || c.Decision.Amount != 4500 || c.Decision.By != "slack:"+staffMember {
		t.Errorf("complaint after approval = %+v %+v", c, c.Decision)
	}

	// Staff read the audit trail: the refusal is on it.
	w.slash(reviewChannel, staffMember, "case "+ref)
	trail := w.shown(reviewChannel, "Audit trail", "slack:"+bystander, "refused", "slack:"+staffMember, "approve")
	if !trail.Ephemeral || trail.User != staffMember {
		t.Errorf("audit trail shown to everyone in the channel")
	}

	// The complainant asks for their status with the command the notice
	// gave them.
	w.slash(slackfake.IMChannel(consumer), consumer, "status")
	if m := w.shown(slackfake.IMChannel(consumer), ref, "approved, 45.00 USD"); !m.Ephemeral {
		t.Error("status was posted for everyone")
	}

	// The notice asked how it was handled; the complainant rates it.
	if !strings.Contains(notice.Visible(), "How did we handle this?") {
		t.Fatalf("the notice does not ask for a rating:\n%s", notice.Visible())
	}
	w.click(consumer, notice, "★★★★★")
	w.shown(slackfake.IMChannel(consumer), "you rated how we handled "+ref+" 5 of 5", "[Add a comment]")
	if r, err := w.app.DB.Rating(w.ctx, ref); err != nil || r.Score != 5 || r.Staff != "slack:"+staffMember {
		t.Errorf("rating = %+v, %v", r, err)
	}
	if _, rec := exportCSV(t, map[string]string{"IPDESK_DB": w.vars["IPDESK_DB"]}); rec["rating"] != "5" || rec["rated_staff"] != "slack:"+staffMember || rec["rated_at"] == "" {
		t.Errorf("csv rating = %q by %q at %q", rec["rating"], rec["rated_staff"], rec["rated_at"])
	}
}

func TestSlackRequestInfoThenReject(t *testing.T) {
	t.Parallel()
	w := newSlackWorld(t)
	card, ref := w.confirm(consumer, w.fileUntilSummary(consumer, acme))
	dmCh := slackfake.IMChannel(consumer)

	// Staff ask the complainant a question through the modal.
	w.click(staffMember, card, "Request info")
	v, err := w.fake.WaitView(w.ctx, staffMember, 0)
	if err != nil {
		t.Fatal(err)
	}
	if errs := w.submit(staffMember, v, map[string]string{"question": "why"}); errs["question"] == "" {
		t.Errorf("a three-letter question was accepted: %v", errs)
	}
	if errs := w.submit(staffMember, v, map[string]string{"question": "Please send a photo of the receipt."}); errs != nil {
		t.Fatalf("question refused: %v", errs)
	}
	m := w.shown(reviewChannel, "waiting for information from the complainant", "Please send a photo of the receipt.", "No answer yet")
	if m.TS != card.TS {
		t.Errorf("the question was posted as a new message %s, want the card %s updated", m.TS, card.TS)
	}
	w.shown(dmCh, "Update on your complaint *"+ref, "staff need more information", "Please send a photo of the receipt.", "[Answer]")
	w.shown(reviewChannel, "Done: "+ref)

	// The complainant answers by typing in the DM and confirming that it
	// is their answer: the answer reaches the case and the card.
	held := w.dm(consumer, "Here it is: https://example.com/receipt.pdf & thanks", "Send this as your answer to *"+ref+"*?", "[Yes, send it]")
	w.click(consumer, held, "Yes, send it")
	m = w.shown(reviewChannel, "Status: *submitted*", "https://example.com/receipt.pdf & thanks")
	if m.TS != card.TS {
		t.Errorf("the answer was posted as a new message, want the card updated")
	}
	w.shown(dmCh, "Your answer was added to *"+ref+"*")
	if c := w.complaint(ref); c.InfoAnswer != "Here it is: https://example.com/receipt.pdf & thanks" || c.Status != ipdesk.StatusSubmitted {
		t.Errorf("the case holds the answer %q, status %s", c.InfoAnswer, c.Status)
	}

	// A second question, answered through the Answer button and its modal.
	w.click(staffMember, w.fake.Message(reviewChannel, card.TS), "Request info")
	if v, err = w.fake.WaitView(w.ctx, staffMember, 1); err != nil {
		t.Fatal(err)
	}
	if errs := w.submit(staffMember, v, map[string]string{"question": "Which size did you order?"}); errs != nil {
		t.Fatalf("question refused: %v", errs)
	}
	w.shown(reviewChannel, "Which size did you order?", "No answer yet")
	notice := w.shown(dmCh, "Which size did you order?", "[Answer]")
	w.shown(reviewChannel, "Done: "+ref)
	w.click(consumer, notice, "Answer")
	av, err := w.fake.WaitView(w.ctx, consumer, 0)
	if err != nil {
		t.Fatal(err)
	}
	if errs := w.submit(consumer, av, map[string]string{"answer": "  "}); errs["answer"] == "" {
		t.Errorf("an empty answer was accepted: %v", errs)
	}
	if errs := w.submit(consumer, av, map[string]string{"answer": "Size M."}); errs != nil {
		t.Fatalf("answer refused: %v", errs)
	}
	// The card keeps both rounds, the latest first.
	m = w.shown(reviewChannel, "Question 2 of 2", "Which size did you order?", "Size M.", "Question 1 of 2", "https://example.com/receipt.pdf & thanks")
	if v := m.Visible(); strings.Index(v, "Size M.") > strings.Index(v, "receipt.pdf") {
		t.Errorf("the card shows the older answer first:\n%s", v)
	}
	w.shown(dmCh, "Your answer was added to *"+ref+"*")
	if r := w.complaint(ref).InfoRounds(); len(r) != 2 || r[0].Answer != "Here it is: https://example.com/receipt.pdf & thanks" || r[1].Answer != "Size M." {
		t.Errorf("the case holds the rounds %+v", r)
	}

	// Staff reject with a reason; "other" needs an explanation.
	w.click(staffMember, w.fake.Message(reviewChannel, card.TS), "Reject")
	v, err = w.fake.WaitView(w.ctx, staffMember, 2)
	if err != nil {
		t.Fatal(err)
	}
	if in := v.Inputs(); len(in) != 2 || in[0].Type != "static_select" || len(in[0].Options) != len(ipdesk.ReasonCodes) {
		t.Fatalf("reject modal inputs %+v", in)
	}
	if errs := w.submit(staffMember, v, map[string]string{"reason": "other"}); errs["note"] == "" {
		t.Errorf("'other' without an explanation was accepted: %v", errs)
	}
	if errs := w.submit(staffMember, v, map[string]string{"reason": "not_counterfeit", "note": "The seller showed an invoice from the brand."}); errs != nil {
		t.Fatalf("rejection refused: %v", errs)
	}
	m = w.shown(reviewChannel, "Status: *rejected*", "The item appears genuine", "The seller showed an invoice from the brand.")
	if m.TS != card.TS || len(m.Buttons()) != 0 {
		t.Errorf("rejection shown on %s with buttons %v, want the card updated without buttons", m.TS, m.Buttons())
	}
	w.shown(dmCh, "it was *rejected*. Reason: The item appears genuine.", "The seller showed an invoice from the brand.", "`/ipdesk appeal "+ref+"`", "[Appeal]")
	w.shown(reviewChannel, "Done: "+ref+" is now rejected")
}

func TestSlackDuplicateConfirmAndDroppedSocket(t *testing.T) {
	t.Parallel()
	w := newSlackWorld(t)
	dmCh := slackfake.IMChannel(consumer)
	m := w.startFiling(consumer)
	m = w.continueFrom(consumer, acme, m, "order")

	// The socket drops after Slack delivered an answer: the answer is
	// handled, the client reconnects, and Slack's re-delivery of the same
	// event changes nothing.
	env, err := w.fake.DM(w.ctx, consumer, slackfake.Typed("123-1234567-1234567"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.WaitAck(w.ctx); err != nil {
		t.Fatal(err)
	}
	w.fake.DropSockets()
	m = w.shown(dmCh, "When did you place the order?")
	if err := w.fake.WaitConnected(w.ctx, 2); err != nil {
		t.Fatal(err)
	}
	if _, err := w.fake.Redeliver(w.ctx, env); err != nil {
		t.Fatal(err)
	}
	w.waitLog("duplicate delivery dropped", "slack:"+env.EventID)
	// The socket drops before the next answer is sent: Slack holds it until
	// the client is back.
	w.fake.DropSockets()
	m = w.continueFrom(consumer, acme, m, "")

	// The Submit click is delivered twice (Slack re-delivers an envelope
	// whose ack it missed): one complaint, one card.
	env = w.click(consumer, m, "Submit")
	if _, err := w.fake.Redeliver(w.ctx, env); err != nil {
		t.Fatal(err)
	}
	card := w.shown(reviewChannel, "[Approve compensation]")
	receipt := w.shown(dmCh, "Your complaint is filed as")
	ref := refPat.FindString(receipt.Visible())
	w.waitLog("duplicate delivery dropped", "slack:trigger:")
	// A second press of Submit by the member finds the complaint filed.
	w.click(consumer, m, "Submit")
	w.shown(dmCh, "This complaint was already filed as *"+ref+"*", "`/ipdesk status`")
	list, err := w.app.DB.ComplaintsByUser(w.ctx, "slack", consumer)
	if err != nil || len(list) != 1 || list[0].Ref != ref {
		t.Fatalf("complaints filed = %v (%v), want one, %s", list, err, ref)
	}
	var cards int
	for _, c := range w.fake.Calls("chat.postMessage") {
		if c.Get("channel") == reviewChannel {
			cards++
		}
	}
	if cards != 1 || !strings.Contains(card.Visible(), ref) {
		t.Errorf("%d cards posted, want one for %s", cards, ref)
	}
}

func TestSlackRestartMidWizard(t *testing.T) {
	t.Parallel()
	w := newSlackWorld(t)
	dmCh := slackfake.IMChannel(consumer)
	m := w.startFiling(consumer)
	m = w.continueFrom(consumer, acme, m, "problem")

	// Restarted while the consumer was to describe the problem: asking
	// again shows the same question; the answer is taken.
	w.restart()
	w.slash(dmCh, consumer, "complain")
	w.shown(dmCh, "continue where you left off", "What is wrong")
	m = w.continueFrom(consumer, acme, m, "remedy")

	// Restarted while the remedy buttons were showing: a button posted by
	// the previous process still works.
	w.restart()
	m = w.continueFrom(consumer, acme, m, "")
	card, ref := w.confirm(consumer, m)
	if !strings.Contains(card.Visible(), "The logo is misprinted") || !strings.Contains(card.Visible(), "label.jpg") {
		t.Errorf("answers from before the restarts are missing from the card:\n%s", card.Visible())
	}
	if c := w.complaint(ref); c.Seller != "ACME Store" || c.Amount != 4999 {
		t.Errorf("complaint = %+v", c)
	}
}

func TestSlackHostileInputNeverPings(t *testing.T) {
	t.Parallel()
	w := newSlackWorld(t)
	dmCh := slackfake.IMChannel(consumer)
	m := w.startFiling(consumer)

	// Mentions typed into an answer are refused with a clear message and
	// nothing is saved.
	for _, typed := range []string{"ACME @everyone", "ACME @channel", "ACME <!channel>", "ACME <@U999>", "<!subteam^S1> ACME"} {
		if _, err := w.fake.DM(w.ctx, consumer, slackfake.Typed(typed)); err != nil {
			t.Fatal(err)
		}
		r := w.shown(dmCh, "contains a mention")
		if p := r.Pings(); len(p) > 0 {
			t.Errorf("the refusal of %q pings %v", typed, p)
		}
	}
	// A real mention picked from the composer arrives as Slack's markup,
	// which the adapter turns into plain text: still a mention of everyone.
	if _, err := w.fake.DM(w.ctx, consumer, "Shop of <!here|here>"); err != nil {
		t.Fatal(err)
	}
	w.shown(dmCh, "contains a mention")
	if d, err := w.app.DB.Draft(w.ctx, "slack", consumer); err != nil || d.Answers.Seller != "" {
		t.Fatalf("a refused answer was saved: %+v %v", d, err)
	}

	// Markdown and Slack markup typed as text show as text.
	hostile := complaint{
		seller:  "*ACME* _Store_ ~x~ `y` <b>&amp;",
		problem: "> quoted\n# heading [click](https://evil.example) <https://evil.example|genuine site> the logo is wrong",
	}
	m = w.continueFrom(consumer, hostile, m, "")
	card, _ := w.confirm(consumer, m)
	for _, msg := range []*slackfake.Message{m, card} {
		if p := msg.Pings(); len(p) > 0 {
			t.Errorf("message in %s pings %v:\n%s", msg.Channel, p, msg.Blocks)
		}
		if strings.Contains(string(msg.Blocks), "|click>") || strings.Contains(string(msg.Blocks), "|genuine site>") {
			t.Errorf("typed text became a link with a hidden destination:\n%s", msg.Blocks)
		}
	}
	got := card.Visible()
	for _, want := range []string{"*ACME* _Store_ ~x~ `y` <b>&amp;", "> quoted", "# heading [click](https://evil.example) <https://evil.example|genuine site> the logo"} {
		if !strings.Contains(got, want) {
			t.Errorf("card does not show %q as typed:\n%s", want, got)
		}
	}
}

func TestSlackLongAnswerReachesTheCardWhole(t *testing.T) {
	t.Parallel()
	w := newSlackWorld(t)
	long := strings.Repeat("The stitching and the label differ from the brand's. ", 40)[:1990] + " THE END."
	card, _ := w.confirm(consumer, w.fileUntilSummary(consumer, complaint{seller: "ACME Store", problem: long}))
	if !strings.Contains(card.Visible(), "THE END.") {
		t.Errorf("the card cut the complainant's description:\n%s", card.Visible())
	}
}

func TestSlackFilingStartedInAChannelMovesToDM(t *testing.T) {
	t.Parallel()
	w := newSlackWorld(t)
	if _, err := w.fake.Mention(w.ctx, "CPUBLIC", consumer, slackfake.Typed("I bought a fake watch from this shop"), ""); err != nil {
		t.Fatal(err)
	}
	moved := w.shown("CPUBLIC", "I've sent you a direct message")
	if !moved.Ephemeral || moved.User != consumer {
		t.Errorf("the move to DM was shown to the channel (ephemeral=%v, user %q)", moved.Ephemeral, moved.User)
	}
	m := w.shown(slackfake.IMChannel(consumer), "sorry you received a fake", "Which marketplace", "[Amazon]")
	w.click(consumer, m, "Amazon")
	w.shown(slackfake.IMChannel(consumer), "Paste the link")
	// The wizard's answers are taken in the DM, not in the channel.
	w.dm(consumer, "https://www.amazon.com/dp/B0EXAMPLE1", "seller's or shop's name")
	for _, msg := range w.fake.Messages("CPUBLIC") {
		if !msg.Ephemeral {
			t.Errorf("posted in the public channel: %q", msg.Visible())
		}
	}
}
