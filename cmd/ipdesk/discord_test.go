package main

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot/discord/discordfake"
	"github.com/ipdesk/ipdesk/bot/slack/slackfake"
)

// The tests in this file run the whole product in Discord: the App as main
// builds it, connected through the real discordgo client to the fake
// Discord, driven the way members use it (slash commands, direct messages,
// mentions, buttons, modals).

// dwait bounds each wait for something that normally takes milliseconds;
// generous, since under the race detector on a busy machine a step can
// take seconds. A hang still fails the test.
const dwait = 30 * time.Second

const (
	dReview    = "7001" // the review channel, in the guild
	dPublic    = "7002" // a public channel where sellers talk
	staffRole  = "77"   // the role IPDESK_DISCORD_STAFF_ROLES names
	discordEnv = "discord"
)

var (
	dConsumer  = discordfake.User{ID: "222", Name: "consumer"}
	dBystander = discordfake.User{ID: "555", Name: "bystander"}
	// dListed is staff through IPDESK_STAFF, dModerator through a role.
	dListed    = discordfake.User{ID: "444", Name: "reviewer"}
	dModerator = discordfake.User{ID: "333", Name: "moderator", Roles: []string{staffRole}}
)

// discordWorld is a fake Discord (and, for the cross-platform tests, a fake
// Slack) with the ipdesk App connected to it.
type discordWorld struct {
	*testApp
	srv *discordfake.Server
}

// newDiscordWorld starts a fake Discord and the App connected to it, with
// the review channel in Discord, one staff member listed by id and one staff
// role.
func newDiscordWorld(t *testing.T) *discordWorld {
	t.Helper()
	w := newWorld(t, nil)
	w.vars["IPDESK_REVIEW_CHANNEL"] = "discord:" + dReview
	w.start()
	return w
}

// newWorld prepares a fake Discord, and the given fake Slack if any, with
// the environment that connects the App to them; the caller sets the review
// channel and calls start.
func newWorld(t *testing.T, slack *slackfake.Server) *discordWorld {
	t.Helper()
	// The fake is created first, so its own cleanup runs after the App's.
	srv := discordfake.New(t, discordfake.Config{})
	t.Cleanup(func() { srv.CheckPingsNobody(t) })
	w := &discordWorld{srv: srv}
	vars := map[string]string{
		"DISCORD_BOT_TOKEN":          srv.Config().Token,
		"DISCORD_API_URL":            srv.URL,
		"IPDESK_STAFF":               "discord:" + dListed.ID,
		"IPDESK_DISCORD_STAFF_ROLES": staffRole,
	}
	if slack != nil {
		vars["SLACK_BOT_TOKEN"] = slack.BotToken()
		vars["SLACK_APP_TOKEN"] = slack.AppToken()
		vars["SLACK_API_URL"] = slack.URL
	}
	w.testApp = newTestApp(t, testBudget, vars, func() func() {
		var slackWait func()
		if slack != nil {
			slackWait = slackConnected(t, w.ctx, slack)
		}
		return func() {
			srv.WaitConnected(dwait)
			srv.WaitCommands("", dwait)
			if slackWait != nil {
				slackWait()
			}
		}
	})
	return w
}

// dm returns the id of user's DM channel with the bot.
func (w *discordWorld) dm(u discordfake.User) string { return w.srv.DMChannel(u.ID) }

// shown returns the next message that appeared or changed in Discord,
// checking where it appeared, what it says and which buttons it offers
// (want entries in brackets, "[Submit]", are button labels).
func (w *discordWorld) shown(channel string, want ...string) discordfake.MessageView {
	w.t.Helper()
	m, err := w.srv.NextShown(dwait)
	if err != nil {
		w.t.Fatal(err)
	}
	if m.ChannelID != channel {
		w.t.Fatalf("next message appeared in %s, want %s: %q", m.ChannelID, channel, m.Display())
	}
	checkShows(w.t, m, want...)
	return m
}

// checkShows fails the test unless m shows every text and button in want.
func checkShows(t *testing.T, m discordfake.MessageView, want ...string) {
	t.Helper()
	for _, s := range want {
		if label, ok := strings.CutPrefix(s, "["); ok && strings.HasSuffix(label, "]") {
			if _, ok := m.Button(strings.TrimSuffix(label, "]")); !ok {
				t.Fatalf("message in %s lacks the button %s; it has %v:\n%s", m.ChannelID, s, buttonLabels(m), m.Display())
			}
			continue
		}
		if !strings.Contains(m.Display(), s) {
			t.Fatalf("message in %s lacks %q:\n%s", m.ChannelID, s, m.Display())
		}
	}
}

func buttonLabels(m discordfake.MessageView) []string {
	var out []string
	for _, b := range m.Buttons() {
		out = append(out, b.Label)
	}
	return out
}

// say sends text to the bot in user's DM and returns the bot's answer there.
func (w *discordWorld) say(u discordfake.User, text string, want ...string) discordfake.MessageView {
	w.t.Helper()
	w.srv.SendDM(u, text)
	return w.shown(w.dm(u), want...)
}

// click presses a button on m as u.
func (w *discordWorld) click(u discordfake.User, m discordfake.MessageView, label string) *discordfake.Interaction {
	w.t.Helper()
	return w.srv.Click(u, m.ChannelID, m.ID, label)
}

// current returns a message of the bot as it looks now.
func (w *discordWorld) current(m discordfake.MessageView) discordfake.MessageView {
	w.t.Helper()
	now, ok := w.srv.Message(m.ChannelID, m.ID)
	if !ok {
		w.t.Fatalf("message %s is gone from %s", m.ID, m.ChannelID)
	}
	return now
}

// startFiling runs /complain in user's DM and answers up to the seller's
// name, whose question it returns.
func (w *discordWorld) startFiling(u discordfake.User) discordfake.MessageView {
	w.t.Helper()
	w.srv.Slash(u, w.dm(u), "complain", nil)
	m := w.shown(w.dm(u), "What happened?", "[I bought a counterfeit]", "[Cancel]")
	return w.continueFrom(u, complaint{}, m, "seller")
}

// continueFrom answers the wizard's questions from the one m shows up to,
// not including, step until ("" for all; see testApp.walk), and returns
// the last question shown: the summary when all were answered.
func (w *discordWorld) continueFrom(u discordfake.User, c complaint, m discordfake.MessageView, until string) discordfake.MessageView {
	w.t.Helper()
	w.walk(discordEnv, u.ID, c, until, func(want ...string) { checkShows(w.t, m, want...) }, func(in wizardInput) {
		switch {
		case in.button != "":
			w.click(u, m, in.button)
			m = w.shown(w.dm(u), in.want...)
		case in.photo:
			w.srv.SendDM(u, "", discordfake.File{Name: "label.jpg", ContentType: "image/jpeg", Data: labelPhoto})
			m = w.shown(w.dm(u), in.want...)
		default:
			m = w.say(u, in.typed, in.want...)
		}
	})
	return m
}

// confirm presses Submit on the summary and returns the review card (in
// reviewCh, which may be on Slack: then the card is checked there) and the
// complaint's reference from the receipt.
func (w *discordWorld) confirm(u discordfake.User, summary discordfake.MessageView) (discordfake.MessageView, string) {
	w.t.Helper()
	w.click(u, summary, "Submit")
	card := w.shown(dReview, "[Approve compensation]", "[Reject]", "[Request info]", "[Escalate]", "[Assign to me]")
	receipt := w.shown(w.dm(u), "Your complaint is filed as", "/status")
	ref := refPat.FindString(receipt.Display())
	if ref == "" || !strings.Contains(card.Display(), ref) {
		w.t.Fatalf("receipt %q and card %q do not name the same complaint", receipt.Display(), card.Display())
	}
	return card, ref
}

func TestDiscordQuestionsAnswered(t *testing.T) {
	t.Parallel()
	w := newDiscordWorld(t)
	const title = "Trademarks in the US"

	// In a DM, typed as a question.
	m := w.sayAnswer(dConsumer, "how long does a US trademark last?", title, "Source:", "not legal advice", "[Helpful]", "[Talk to staff]")
	if m.Ephemeral() {
		t.Error("a DM answer was sent as ephemeral")
	}

	// On a mention in a public channel: answered there, for everyone.
	w.srv.SendMessage(dConsumer, dPublic, "chatting among sellers, not for the bot")
	w.srv.SendMessage(dConsumer, dPublic, w.srv.Mention()+" how long does a US trademark last?")
	m = w.readAnswer(dPublic, title, "Source:")
	if m.Ephemeral() {
		t.Error("the answer to a mention was ephemeral")
	}

	// Through /ask: the interaction is answered with the article.
	ix := w.srv.Slash(dConsumer, dPublic, "ask", map[string]any{"question": "how long does a US trademark last?"})
	r := w.srv.Reply(ix, dwait)
	if r.Type != discordfake.ResponseMessage || !strings.Contains(r.Message.Display(), title) {
		t.Fatalf("/ask answered with type %d: %q", r.Type, r.Message.Display())
	}
	last := w.readAnswer(dPublic, title, "[Helpful]")

	// The feedback button under the answer is counted once per person.
	click := w.click(dConsumer, last, "Helpful")
	w.srv.Reply(click, dwait)
	w.shown(dPublic)

	// A question the base cannot answer says so instead of guessing.
	w.say(dConsumer, "what are the shipping rates to Canada", "don't have a good answer", "[Talk to staff]")

	// Nothing the bot said came from the chatter that did not mention it.
	for _, msg := range w.srv.Messages(dPublic) {
		if strings.Contains(msg.Display(), "chatting among sellers") {
			t.Errorf("the bot answered a message not meant for it: %q", msg.Display())
		}
	}
}

func TestDiscordComplaintFiledAndApproved(t *testing.T) {
	t.Parallel()
	w := newDiscordWorld(t)
	card, ref := w.confirm(dConsumer, w.continueFrom(dConsumer, acme, w.startFiling(dConsumer), ""))
	if got := card.Display(); !strings.Contains(got, "ACME Store") || !strings.Contains(got, "https://www.amazon.com/dp/B0EXAMPLE1") ||
		!strings.Contains(got, "label.jpg") || !strings.Contains(got, "49.99 USD") {
		t.Errorf("card lacks the complaint's details:\n%s", got)
	}
	// The consumer agreed to be contacted: the card says so and where
	// staff read the address, never the address itself.
	checkShows(t, card, "Complainant: Discord user "+dConsumer.ID, "Contact: email, with consent", "case "+ref)
	if strings.Contains(card.Display(), "buyer@example.com") {
		t.Errorf("the card shows the email:\n%s", card.Display())
	}
	if c := w.complaint(ref); c.Status != ipdesk.StatusSubmitted || c.Platform != discordEnv || c.UserID != dConsumer.ID ||
		len(c.Evidence) != 1 || c.Evidence[0].SHA256 == "" || c.Contact != "buyer@example.com" {
		t.Errorf("filed complaint = %+v", c)
	}

	// A member who is not staff presses Approve: refused where only they
	// see it, and nothing changes.
	ix := w.click(dBystander, card, "Approve compensation")
	r := w.srv.Reply(ix, dwait)
	if r.Modal != nil || !r.Message.Ephemeral() || !strings.Contains(r.Message.Display(), "Only staff") {
		t.Fatalf("a member who is not staff got type %d %q (ephemeral %v)", r.Type, r.Message.Display(), r.Message.Ephemeral())
	}
	w.shown(dReview, "Only staff")
	if now := w.current(card); now.Edits != 0 || w.complaint(ref).Status != ipdesk.StatusSubmitted {
		t.Errorf("a refused click changed the card (%d edits) or the complaint", now.Edits)
	}

	// Staff listed by id press Approve compensation: a modal with amount,
	// currency and note, the asked amount proposed.
	open := w.click(dListed, card, "Approve compensation")
	r = w.srv.Reply(open, dwait)
	if r.Modal == nil {
		t.Fatalf("Approve answered with type %d %q, want a modal", r.Type, r.Message.Display())
	}
	var labels []string
	for _, in := range r.Modal.Inputs() {
		labels = append(labels, in.Label)
	}
	if !strings.Contains(r.Modal.Title, ref) || strings.Join(labels, ",") != "Amount,Currency (ISO 4217),Note to the complainant" {
		t.Fatalf("modal %q with inputs %v", r.Modal.Title, labels)
	}
	if in := r.Modal.Inputs(); in[0].Value != "49.99" || in[1].Value != "USD" {
		t.Errorf("the modal proposes %q %q, want the amount asked", in[0].Value, in[1].Value)
	}

	// An invalid amount: the problem is shown to the staff member alone,
	// and nothing changes.
	bad := w.srv.SubmitModal(dListed, open, map[string]string{"Amount": "-5"})
	br := w.srv.Reply(bad, dwait)
	if !br.Message.Ephemeral() || !strings.Contains(br.Message.Display(), "Amount") {
		t.Errorf("invalid amount: staff saw %q (ephemeral %v)", br.Message.Display(), br.Message.Ephemeral())
	}
	w.shown(dReview, "Amount")
	if now := w.current(card); now.Edits != 0 || w.complaint(ref).Status != ipdesk.StatusSubmitted {
		t.Fatal("an invalid approval changed the card or the complaint")
	}

	// A valid one: the card is edited in place, the complainant told in
	// their DM, and the staff member told it is done.
	good := w.srv.SubmitModal(dListed, open, map[string]string{"Amount": "45", "Currency (ISO 4217)": "USD", "Note to the complainant": "Refund of the price."})
	updated := w.shown(dReview, "approved", "45.00 USD", "Refund of the price.")
	if updated.ID != card.ID || updated.Edits != 1 || strings.Join(buttonLabels(updated), ",") != "Mark paid,Payment failed" {
		t.Errorf("decision shown on %s (edits %d, buttons %v), want the card %s edited in place with only the payment buttons", updated.ID, updated.Edits, buttonLabels(updated), card.ID)
	}
	notice := w.shown(w.dm(dConsumer), ref, "approved", "45.00 USD", "Refund of the price.")
	if !strings.Contains(notice.Display(), "/status") {
		t.Errorf("the complainant is not told how to follow up in Discord:\n%s", notice.Display())
	}
	done := w.srv.Reply(good, dwait)
	if !done.Message.Ephemeral() || !strings.Contains(done.Message.Display(), "Done: "+ref+" is now approved") {
		t.Errorf("staff saw %q (ephemeral %v) after approving", done.Message.Display(), done.Message.Ephemeral())
	}
	w.shown(dReview, "Done: "+ref)
	if c := w.complaint(ref); c.Status != ipdesk.StatusApproved || c.Decision.Amount != 4500 || c.Decision.By != "discord:"+dListed.ID {
		t.Errorf("complaint after approval = %+v %+v", c, c.Decision)
	}

	// The complainant asks for their status with the command they were
	// given: only they see it.
	st := w.srv.Slash(dConsumer, w.dm(dConsumer), "status", nil)
	if sr := w.srv.Reply(st, dwait); !strings.Contains(sr.Message.Display(), ref) || !strings.Contains(sr.Message.Display(), "approved, 45.00 USD") {
		t.Errorf("/status showed %q", sr.Message.Display())
	}
	w.shown(w.dm(dConsumer), ref)

	// Staff read the audit trail: the refusal is on it.
	cs := w.srv.Slash(dListed, dReview, "case", map[string]any{"reference": ref})
	trail := w.srv.Reply(cs, dwait).Message
	checkShows(t, trail, "Audit trail", "discord:"+dBystander.ID, "refused", "discord:"+dListed.ID, "approve")
	if !trail.Ephemeral() {
		t.Error("the audit trail was shown to everyone in the channel")
	}
}

func TestDiscordStaffRoleApproves(t *testing.T) {
	t.Parallel()
	w := newDiscordWorld(t)
	card, ref := w.confirm(dConsumer, w.continueFrom(dConsumer, acme, w.startFiling(dConsumer), ""))

	// A member of the staff role, not on IPDESK_STAFF, approves.
	open := w.click(dModerator, card, "Approve compensation")
	if r := w.srv.Reply(open, dwait); r.Modal == nil {
		t.Fatalf("a member of the staff role got type %d %q, want the modal", r.Type, r.Message.Display())
	}
	// Amounts that are not amounts are refused, each with what to fix.
	for _, amount := range []string{"a lot", "0", "99999999999"} {
		ix := w.srv.SubmitModal(dModerator, open, map[string]string{"Amount": amount})
		if r := w.srv.Reply(ix, dwait); !r.Message.Ephemeral() || !strings.Contains(r.Message.Display(), "Amount") {
			t.Errorf("amount %q: staff saw %q", amount, r.Message.Display())
		}
		w.shown(dReview, "Amount")
	}
	w.srv.SubmitModal(dModerator, open, map[string]string{"Amount": "20"})
	updated := w.shown(dReview, "approved", "20.00 USD", "discord:"+dModerator.ID)
	if updated.ID != card.ID {
		t.Errorf("decision posted as a new message %s, want the card %s edited", updated.ID, card.ID)
	}
	w.shown(w.dm(dConsumer), ref, "approved", "20.00 USD")
	w.shown(dReview, "Done: "+ref)
	if c := w.complaint(ref); c.Status != ipdesk.StatusApproved || c.Decision.By != "discord:"+dModerator.ID {
		t.Errorf("complaint after approval = %+v %+v", c, c.Decision)
	}
}

func TestDiscordReplayAndDroppedConnection(t *testing.T) {
	t.Parallel()
	w := newDiscordWorld(t)
	dmCh := w.dm(dConsumer)
	m := w.startFiling(dConsumer)
	m = w.continueFrom(dConsumer, acme, m, "order")
	id := w.srv.SendDM(dConsumer, "123-1234567-1234567")
	m = w.shown(dmCh, "When did you place the order?")

	// The connection drops mid-filing and the consumer answers while the
	// bot is away: Discord holds the answer until the session resumes, and
	// the conversation continues where it was. On resume Discord also
	// replays the previous answer (three events back: that answer, the
	// bot's question echoed to it, and room for an echo not yet seen when
	// the connection dropped): it is taken once, and asked after once.
	w.srv.ReplayOnResume(3)
	w.srv.DropConnections()
	m = w.continueFrom(dConsumer, acme, m, "problem")
	w.srv.WaitGateway(dwait, "a resume", func(st discordfake.GatewayStats) bool { return st.Resumes == 1 && st.Connected == 1 })
	w.waitLog("duplicate delivery dropped", "discord:msg:"+id)
	m = w.continueFrom(dConsumer, acme, m, "")

	// The Submit click is replayed after another drop: one complaint, one
	// card. (The bot waits longer before the second reconnection: its
	// backoff grows while outages follow each other.)
	submit := w.click(dConsumer, m, "Submit")
	card := w.shown(dReview, "[Approve compensation]")
	receipt := w.shown(dmCh, "Your complaint is filed as")
	ref := refPat.FindString(receipt.Display())
	w.srv.ReplayOnResume(3)
	w.srv.DropConnections()
	w.srv.WaitGateway(3*dwait, "a second resume", func(st discordfake.GatewayStats) bool { return st.Resumes == 2 && st.Connected == 1 })
	w.waitLog("duplicate delivery dropped", "discord:"+submit.ID)
	// A second press of Submit by the member finds the complaint filed.
	w.click(dConsumer, m, "Submit")
	w.shown(dmCh, "already filed as", ref)
	list, err := w.app.DB.ComplaintsByUser(w.ctx, discordEnv, dConsumer.ID)
	if err != nil || len(list) != 1 || list[0].Ref != ref {
		t.Fatalf("complaints filed = %v (%v), want one, %s", list, err, ref)
	}
	if n := len(w.srv.Messages(dReview)); n != 1 || !strings.Contains(card.Display(), ref) {
		t.Errorf("%d messages in the review channel, want one card for %s", n, ref)
	}
	if st := w.srv.Gateway(); st.Identifies != 1 {
		t.Errorf("%d identifies, want 1: every drop should have been resumed", st.Identifies)
	}
	if h := w.app.Bot.Health(); len(h) != 1 || !h[0].Up || h[0].Restarts != 2 {
		t.Errorf("health = %+v, want Discord up after two restarts", h)
	}
}

func TestDiscordHostileInputNeverPings(t *testing.T) {
	t.Parallel()
	w := newDiscordWorld(t)
	dmCh := w.dm(dConsumer)
	m := w.startFiling(dConsumer)

	// Mentions of everyone typed into an answer are refused with a clear
	// message and nothing is saved. (A person's or a role's mention reaches
	// the wizard as plain text, "@999", which pings nobody.)
	for _, typed := range []string{"ACME @everyone", "ACME @here", "@everyone <@999> ACME"} {
		r := w.say(dConsumer, typed, "contains a mention")
		if p := r.Pings(); len(p) > 0 {
			t.Errorf("the refusal of %q pings %v", typed, p)
		}
	}
	if d, err := w.app.DB.Draft(w.ctx, discordEnv, dConsumer.ID); err != nil || d.Answers.Seller != "" {
		t.Fatalf("a refused answer was saved: %+v %v", d, err)
	}

	// Markdown typed as text shows as text, wherever it is shown.
	hostile := complaint{
		seller:  "*ACME* _Store_ ~~x~~ `y` ||z|| <b>&amp;",
		problem: "> quoted\n# heading [click](https://evil.example) the logo is wrong",
	}
	m = w.continueFrom(dConsumer, hostile, m, "evidence")
	// A file whose name is hostile is kept, under a safe name.
	w.srv.SendDM(dConsumer, "", discordfake.File{Name: "@everyone <@999> **x** [y](https://evil.example).jpg", ContentType: "image/jpeg", Data: []byte("\xff\xd8\xff")})
	w.shown(dmCh, "Added upload.jpg (image/jpeg", "sha256", "[Done]")
	m = w.continueFrom(dConsumer, hostile, m, "")
	card, _ := w.confirm(dConsumer, m)
	for _, msg := range []discordfake.MessageView{m, card} {
		got := msg.Display()
		for _, want := range []string{"*ACME* _Store_ ~~x~~ `y` ||z|| <b>&amp;", "> quoted", "# heading [click](https://evil.example) the logo"} {
			if !strings.Contains(got, want) {
				t.Errorf("message in %s does not show %q as typed:\n%s", msg.ChannelID, want, got)
			}
		}
	}
	// Every message the bot sent is checked for allowed_mentions when the
	// test ends; the texts themselves carry no live mention either.
	for _, ch := range []string{dmCh, dReview} {
		for _, msg := range w.srv.Messages(ch) {
			if p := msg.Pings(); len(p) > 0 {
				t.Errorf("message in %s would ping %v:\n%s", ch, p, msg.Display())
			}
		}
	}
}

func TestDiscordFilingStartedInAChannelMovesToDM(t *testing.T) {
	t.Parallel()
	w := newDiscordWorld(t)
	ix := w.srv.Slash(dConsumer, dPublic, "complain", nil)
	r := w.srv.Reply(ix, dwait)
	if !r.Message.Ephemeral() || !strings.Contains(r.Message.Display(), "direct message") {
		t.Errorf("/complain in a channel answered %q (ephemeral %v)", r.Message.Display(), r.Message.Ephemeral())
	}
	// The two may appear in either order; both must appear.
	var inDM discordfake.MessageView
	for range 2 {
		m, err := w.srv.NextShown(dwait)
		if err != nil {
			t.Fatal(err)
		}
		if m.ChannelID == w.dm(dConsumer) {
			inDM = m
		}
	}
	checkShows(t, inDM, "What happened?", "[I bought a counterfeit]")
	for _, msg := range w.srv.Messages(dPublic) {
		if !msg.Ephemeral() {
			t.Errorf("posted in the public channel: %q", msg.Display())
		}
	}
	if !slices.ContainsFunc(w.srv.Messages(dPublic), func(m discordfake.MessageView) bool { return m.VisibleTo == dConsumer.ID }) {
		t.Error("the consumer was not told in the channel where the filing went")
	}

	// Saying they bought a fake, mentioning the bot in a channel, starts a
	// filing in the DM; the channel only hears where it went. (A channel
	// message cannot be answered privately on Discord, so the private note
	// itself goes to the DM too.)
	w.srv.SendMessage(dBystander, dPublic, w.srv.Mention()+" I bought a fake watch from this shop")
	w.shown(w.dm(dBystander), "direct message")
	moved := w.shown(dPublic, "I've sent you the answer in a direct message.")
	if len(moved.Buttons()) != 0 {
		t.Errorf("the pointer to the DM offers buttons in the channel: %v", buttonLabels(moved))
	}
	m := w.shown(w.dm(dBystander), "sorry you received a fake", "Which marketplace", "[Amazon]")
	w.click(dBystander, m, "Amazon")
	w.shown(w.dm(dBystander), "Paste the link")
	w.say(dBystander, "https://www.amazon.com/dp/B0EXAMPLE1", "seller's or shop's name")
}

func TestDiscordRequestInfoThenReject(t *testing.T) {
	t.Parallel()
	w := newDiscordWorld(t)
	card, ref := w.confirm(dConsumer, w.continueFrom(dConsumer, acme, w.startFiling(dConsumer), ""))
	dmCh := w.dm(dConsumer)

	// Staff ask the complainant a question through the modal.
	open := w.click(dListed, card, "Request info")
	if r := w.srv.Reply(open, dwait); r.Modal == nil {
		t.Fatalf("Request info answered with type %d, want a modal", r.Type)
	}
	w.srv.SubmitModal(dListed, open, map[string]string{"Question for the complainant": "Please send a photo of the receipt."})
	m := w.shown(dReview, "waiting for information from the complainant", "Please send a photo of the receipt.")
	if m.ID != card.ID {
		t.Errorf("the question was posted as a new message %s, want the card %s edited", m.ID, card.ID)
	}
	w.shown(dmCh, ref, "staff need more information", "Please send a photo of the receipt.", "[Answer]")
	w.shown(dReview, "Done: "+ref)

	// The complainant answers by typing in the DM and confirming that it
	// is their answer: the answer reaches the case and the card.
	held := w.say(dConsumer, "Here it is: https://example.com/receipt.pdf & thanks", "Send this as your answer to "+ref, "[Yes, send it]")
	w.click(dConsumer, held, "Yes, send it")
	m = w.shown(dReview, "submitted", "https://example.com/receipt.pdf & thanks")
	if m.ID != card.ID {
		t.Errorf("the answer was posted as a new message, want the card edited")
	}
	w.shown(dmCh, "Your answer was added to "+ref)
	if c := w.complaint(ref); c.InfoAnswer != "Here it is: https://example.com/receipt.pdf & thanks" || c.Status != ipdesk.StatusSubmitted {
		t.Errorf("the case holds the answer %q, status %s", c.InfoAnswer, c.Status)
	}

	// Staff reject; Discord's modals hold text inputs only, so the reason
	// is typed as one of the choices the input lists.
	rej := w.click(dModerator, w.current(card), "Reject")
	r := w.srv.Reply(rej, dwait)
	if r.Modal == nil || len(r.Modal.Inputs()) != 2 || !strings.Contains(r.Modal.Inputs()[0].Placeholder, "The item appears genuine") {
		t.Fatalf("reject modal = %+v", r.Modal)
	}
	other := w.srv.SubmitModal(dModerator, rej, map[string]string{"Reason": "Other (explained in the note)"})
	if r := w.srv.Reply(other, dwait); !r.Message.Ephemeral() || !strings.Contains(r.Message.Display(), "Explanation") {
		t.Errorf("'other' without an explanation: staff saw %q", r.Message.Display())
	}
	w.shown(dReview, "Explanation")
	w.srv.SubmitModal(dModerator, rej, map[string]string{"Reason": "The item appears genuine", "Explanation for the complainant": "The seller showed an invoice from the brand."})
	m = w.shown(dReview, "rejected", "The item appears genuine", "The seller showed an invoice from the brand.")
	if m.ID != card.ID || len(m.Buttons()) != 0 {
		t.Errorf("rejection shown on %s with buttons %v, want the card edited without buttons", m.ID, buttonLabels(m))
	}
	notice := w.shown(dmCh, "rejected", "The item appears genuine", "The seller showed an invoice from the brand.", "/appeal "+ref, "[Appeal]")
	if strings.Contains(notice.Display(), "/ipdesk") {
		t.Errorf("the notice gives the Slack command:\n%s", notice.Display())
	}
	w.shown(dReview, "Done: "+ref+" is now rejected")
}

func TestDiscordFourEyes(t *testing.T) {
	t.Parallel()
	w := newDiscordWorld(t)
	card, ref := w.confirm(dConsumer, w.continueFrom(dConsumer, acme, w.startFiling(dConsumer), ""))

	// 900 USD is above the default approval limit of 500: a second staff
	// member must confirm.
	// It is also more than the consumer asked: staff are warned and
	// approve it only with a reason.
	open := w.click(dListed, card, "Approve compensation")
	w.srv.Reply(open, dwait)
	over := w.srv.SubmitModal(dListed, open, map[string]string{"Amount": "900"})
	if r := w.srv.Reply(over, dwait); !r.Message.Ephemeral() || !strings.Contains(r.Message.Display(), "900.00 USD is more than the compensation of 49.99 USD the complainant asked for") {
		t.Errorf("900 for 49.99 asked: staff saw %q", r.Message.Display())
	}
	w.shown(dReview, "more than the compensation")
	w.srv.SubmitModal(dListed, open, map[string]string{"Amount": "900", "Note to the complainant": "Includes the damage to your device."})
	m := w.shown(dReview, "a second staff member must confirm", "[Confirm approval]")
	if m.ID != card.ID {
		t.Errorf("the pending approval was posted as a new message, want the card edited")
	}
	if n := w.shown(w.dm(dConsumer), ref, "being confirmed by a second staff member"); strings.Contains(n.Display(), "900") {
		t.Errorf("the consumer was told the amount before it was confirmed: %s", n.Display())
	}
	w.shown(dReview, "Done: "+ref)

	// The same staff member cannot confirm their own approval.
	self := w.click(dListed, w.current(card), "Confirm approval")
	if r := w.srv.Reply(self, dwait); !r.Message.Ephemeral() || !strings.Contains(r.Message.Display(), "different") {
		t.Errorf("self-confirmation: staff saw %q", r.Message.Display())
	}
	w.shown(dReview)
	if c := w.complaint(ref); c.Status != ipdesk.StatusAwaitingConfirmation {
		t.Fatalf("status after a self-confirmation = %s", c.Status)
	}

	// Another, by role, confirms: the card shows both.
	w.click(dModerator, w.current(card), "Confirm approval")
	m = w.shown(dReview, "approved", "900.00 USD", "discord:"+dListed.ID, "discord:"+dModerator.ID)
	if m.ID != card.ID || strings.Join(buttonLabels(m), ",") != "Mark paid,Payment failed" {
		t.Errorf("confirmation shown on %s with buttons %v", m.ID, buttonLabels(m))
	}
	w.shown(w.dm(dConsumer), ref, "approved", "900.00 USD")
	if c := w.complaint(ref); c.Status != ipdesk.StatusApproved || c.Decision.ConfirmedBy != "discord:"+dModerator.ID {
		t.Errorf("complaint = %+v, decision %+v", c, c.Decision)
	}
}

func TestDiscordLongAnswerReachesTheCardWhole(t *testing.T) {
	t.Parallel()
	w := newDiscordWorld(t)
	// Longer than an embed field holds (1,024 characters).
	long := strings.Repeat("The stitching and the label differ from the brand's. ", 40)[:1990] + " THE END."
	summary := w.continueFrom(dConsumer, complaint{seller: "ACME Store", problem: long}, w.startFiling(dConsumer), "")
	if !strings.Contains(summary.Display(), "THE END.") {
		t.Errorf("the summary cut the description:\n%s", summary.Display())
	}
	card, ref := w.confirm(dConsumer, summary)
	if !strings.Contains(card.Display(), "THE END.") || !strings.Contains(card.Display(), "Seller: ACME Store") {
		t.Errorf("the card cut the complainant's description:\n%s", card.Display())
	}
	if n := len(w.srv.Messages(dReview)); n != 1 {
		t.Errorf("the card took %d messages, want one that can be edited in place", n)
	}
	// Edited after a decision, it still shows all of it.
	open := w.click(dListed, card, "Approve compensation")
	w.srv.Reply(open, dwait)
	w.srv.SubmitModal(dListed, open, map[string]string{"Amount": "10"})
	if m := w.shown(dReview, "approved", "10.00 USD"); m.ID != card.ID || !strings.Contains(m.Display(), "THE END.") {
		t.Errorf("the decided card (%s) cut the description:\n%s", m.ID, m.Display())
	}
	w.shown(w.dm(dConsumer), ref)
}

// sayAnswer sends a question in u's DM and reads the answer, which a long
// answer spreads over several messages (Discord takes 2,000 characters a
// message): the parts up to the one carrying the buttons. Texts in want
// may be in any part; buttons must be on the last. It returns the last.
func (w *discordWorld) sayAnswer(u discordfake.User, text string, want ...string) discordfake.MessageView {
	w.t.Helper()
	w.srv.SendDM(u, text)
	return w.readAnswer(w.dm(u), want...)
}

// readAnswer reads an answer shown in channel, over as many messages as it
// took, up to the one carrying the buttons; see sayAnswer.
func (w *discordWorld) readAnswer(channel string, want ...string) discordfake.MessageView {
	w.t.Helper()
	var all strings.Builder
	var m discordfake.MessageView
	for range 5 {
		m = w.shown(channel)
		all.WriteString(m.Display() + "\n")
		if len(buttonLabels(m)) > 0 {
			break
		}
	}
	for _, s := range want {
		if label, ok := strings.CutPrefix(s, "["); ok && strings.HasSuffix(label, "]") {
			if _, ok := m.Button(strings.TrimSuffix(label, "]")); !ok {
				w.t.Fatalf("the answer lacks the button %s; it has %v:\n%s", s, buttonLabels(m), all.String())
			}
			continue
		}
		if !strings.Contains(all.String(), s) {
			w.t.Fatalf("the answer lacks %q:\n%s", s, all.String())
		}
	}
	return m
}
