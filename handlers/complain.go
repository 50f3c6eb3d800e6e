package handlers

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/markup"
	"github.com/ipdesk/ipdesk/i18n"
)

// boughtFake matches a user saying, in the first person, that they bought a
// fake: that starts the wizard without the user knowing the command.
var boughtFake = regexp.MustCompile(`(?i)\b(i|we)('ve|\s+have)?\s+(just\s+)?(bought|purchased|received|got|ordered)\b[^.?!]{0,80}?\b(fakes?|counterfeits?|knock-?offs?|replicas?)\b`)

// withdrawCommand is "withdraw IPD-…" typed without a slash: it reaches the
// withdraw command even while a draft is open.
var withdrawCommand = regexp.MustCompile(`(?i)^withdraw\s+ipd-[a-z0-9]+$`)

// maxHistory bounds the steps remembered for "back".
const maxHistory = 40

// Intercept is middleware that gives the wizard a user's messages while their
// draft is open (in their direct messages, or where the draft runs), takes a
// complainant's answer to a staff question, and starts the wizard when a
// user tells the bot they bought a fake. Everything else, and anything that looks
// like a command, goes to next.
func (c *Complaints) Intercept(next bot.Handler) bot.Handler {
	return retryDraftChanges(bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		if e.Kind != bot.KindMessage {
			return next.ServeEvent(ctx, w, e)
		}
		t := strings.TrimSpace(e.Text)
		explicit := strings.HasPrefix(t, "/") || strings.HasPrefix(t, "!")
		if explicit && (len(e.Files) == 0 || !e.Where.DM) {
			return next.ServeEvent(ctx, w, e)
		}
		d, expired, err := c.openDraft(ctx, w, e)
		if err != nil || expired {
			return err
		}
		if c.seenBefore(d, e) {
			return c.say(ctx, w, e, c.prompt(d, ""))
		}
		if explicit && d != nil {
			return next.ServeEvent(ctx, w, e)
		}
		if d != nil && (e.Where.DM || e.Where.String() == d.Place) && !withdrawCommand.MatchString(t) {
			return c.showInvalid(ctx, w, e, c.answer(ctx, w, e, d, e.Text, e.Files))
		}
		if d == nil && e.Where.DM && (t != "" || len(e.Files) > 0) {
			if handled, err := c.appealMessage(ctx, w, e); handled || err != nil {
				return err
			}
			if handled, err := c.infoMessage(ctx, w, e); handled || err != nil {
				return err
			}
		}
		// Only when talking to the bot: a remark between people in a
		// shared channel is not a request.
		if d == nil && (e.Where.DM || e.Mentioned) && boughtFake.MatchString(t) {
			if handled, err := c.deflectFirst(ctx, w, e, t, ipdesk.KindCounterfeit); handled || err != nil {
				return err
			}
			return c.start(ctx, w, e, ipdesk.KindCounterfeit)
		}
		return next.ServeEvent(ctx, w, e)
	}))
}

// serveStart handles /complain and the "report a problem" button. Words
// after the command describe the problem, and may be answered by an
// article first (see Deflect).
func (c *Complaints) serveStart(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
	if e.Kind == bot.KindCommand {
		if handled, err := c.deflectFirst(ctx, w, e, e.Args, ""); handled || err != nil {
			return err
		}
	}
	return c.start(ctx, w, e, "")
}

// openDraft loads the user's draft. Drafts expire only in the background
// loop, after a warning (see warnDrafts): one still here when its user
// comes back, even past its expiry, is theirs to go on with. It reports
// expired never; the result is kept for its callers.
func (c *Complaints) openDraft(ctx context.Context, w bot.ResponseWriter, e *bot.Event) (*ipdesk.Draft, bool, error) {
	d, err := c.store.Draft(ctx, e.User.Platform, e.User.ID)
	if ipdesk.ErrorCode(err) == ipdesk.ENOTFOUND {
		return nil, false, nil
	} else if err != nil {
		return nil, false, err
	}
	return d, false, nil
}

// expiredText tells the user of d that it expired, in its language.
func (c *Complaints) expiredText(d *ipdesk.Draft) string {
	tr := c.draftTr(d)
	return tr.T("wizard.expired", "Period", tr.Period(c.expiry), "Cmd", commandFor(tr, d.Platform, "", "complain"))
}

// say answers in the user's direct messages: in place when the event came
// from there, sent there otherwise.
func (c *Complaints) say(ctx context.Context, w bot.ResponseWriter, e *bot.Event, r bot.Reply) error {
	if e.Where.DM {
		_, err := w.Reply(ctx, r)
		return err
	}
	_, err := c.send.Send(ctx, bot.DirectTo(e.User.Platform, e.User.ID), r)
	return err
}

// start opens a draft, or resumes the open one: a user has one draft per
// platform. A filing begun in a public channel moves to direct messages.
func (c *Complaints) start(ctx context.Context, w bot.ResponseWriter, e *bot.Event, kind ipdesk.Kind) error {
	d, _, err := c.openDraft(ctx, w, e)
	if err != nil {
		return err
	}
	lead := ""
	if d != nil {
		lead = c.draftTr(d).T("wizard.resume")
		// Told where they are: the next message is an answer again.
		d.Held, d.HeldCommand = "", false
		if err := c.store.SaveDraft(ctx, d); err != nil {
			return err
		}
	} else {
		d = &ipdesk.Draft{ID: newDraftID(), Platform: e.User.Platform, UserID: e.User.ID, Step: stepKind, Place: e.Where.String()}
		d.Answers.Lang = string(e.Printer().Lang())
		if !e.Where.DM {
			d.Place = bot.DirectTo(e.User.Platform, e.User.ID).String()
		}
		if kind != "" {
			findStep(stepKind).pick(d, string(kind))
			c.advance(d)
			lead = c.draftTr(d).T("wizard.start_fake")
		}
		if err := c.store.SaveDraft(ctx, d); err != nil {
			return err
		}
	}
	if !e.Where.DM {
		if _, err := w.Reply(ctx, bot.Reply{Text: c.draftTr(d).T("wizard.moved_to_dm"), Ephemeral: true}); err != nil {
			return err
		}
	}
	return c.say(ctx, w, e, c.prompt(d, lead))
}

func newDraftID() string {
	b := make([]byte, 9)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// advance moves to the next step that applies. While editing from the
// summary, steps that already have an answer are passed over.
func (c *Complaints) advance(d *ipdesk.Draft) {
	cur := d.Step
	d.History = append(d.History, cur)
	if len(d.History) > maxHistory {
		d.History = d.History[len(d.History)-maxHistory:]
	}
	i := stepIndex(cur)
	for _, s := range steps[i+1:] {
		if !s.applies(&d.Answers) {
			continue
		}
		if d.Editing && s.name != stepConfirm && s.answered(&d.Answers) {
			continue
		}
		d.Step = s.name
		break
	}
	if d.Step == stepConfirm {
		d.Editing = false
	}
}

func stepIndex(name string) int {
	for i, s := range steps {
		if s.name == name {
			return i
		}
	}
	return len(steps) - 1
}

// answer handles a message typed (with any files) while the user's draft
// is open. A message that looks like a command runs it, or, at a question
// it could also answer, asks which the user meant; the first message after
// a pause or a restart is held while the user is told where they were.
// Otherwise the message is the answer to the current step.
func (c *Complaints) answer(ctx context.Context, w bot.ResponseWriter, e *bot.Event, d *ipdesk.Draft, text string, files []bot.File) error {
	word := strings.ToLower(strings.TrimSpace(text))
	tr := c.draftTr(d)
	if d.Held != "" && len(files) == 0 {
		if b, ok := numberedIn(c.heldReply(d).Buttons, word); ok {
			return c.pressAs(ctx, w, e, b)
		}
		switch {
		case isWord(tr, word, "yes"):
			return c.pressAs(ctx, w, e, c.heldReply(d).Buttons[0])
		case d.HeldCommand && isWord(tr, word, "no"):
			return c.useHeld(ctx, w, e, d)
		}
	}
	if d.Held != "" {
		// Something else instead: the user let the held message go.
		d.Held, d.HeldCommand = "", false
		if err := c.store.SaveDraft(ctx, d); err != nil {
			return err
		}
	}
	if len(files) == 0 {
		if nav := wordOf(tr, word, "back", "skip", "cancel", "restart", "done", "edit"); nav != "" {
			return c.nav(ctx, w, e, d, nav)
		}
		if word == "help" {
			return c.runCommand(ctx, w, e, word)
		}
		if c.isCommand(text, e.User.Staff) && !c.isChoice(d, text) {
			return c.commandAtStep(ctx, w, e, d, text)
		}
		if c.paused(d) {
			d.Held, d.HeldCommand = strings.TrimSpace(text), false
			if err := c.store.SaveDraft(ctx, d); err != nil {
				return err
			}
			return c.say(ctx, w, e, c.heldReply(d))
		}
	}
	return c.take(ctx, w, e, d, text, files)
}

// resumePause is how long a draft may lie untouched before the user's
// next message is held while they are told where they were: after that
// long, a message is as likely to be about something else.
const resumePause = 30 * time.Minute

// paused reports whether the draft was last touched longer than
// resumePause ago, or before this process started when it is the only one:
// the bot was down in between. A replica's start among others that kept
// answering is no pause.
func (c *Complaints) paused(d *ipdesk.Draft) bool {
	return (!c.shared && d.UpdatedAt.Before(c.started)) || c.now().Sub(d.UpdatedAt) >= resumePause
}

// isChoice reports whether text picks one of the current step's choices.
func (c *Complaints) isChoice(d *ipdesk.Draft, text string) bool {
	s := findStep(d.Step)
	if s == nil || s.choices == nil {
		return false
	}
	_, ok := matchChoice(c.draftTr(d), s.choices(&d.Answers), text)
	return ok
}

// The buttons that settle a held message; their value is the draft's id.
const (
	actionHeldRun    = "complain.held.run"    // run the held command
	actionHeldAnswer = "complain.held.answer" // take the held message as the answer
)

// commandAtStep handles a command typed while the draft is open. At a
// question it cannot answer (a choice or the summary) it runs; at one
// that takes text, it is held and the user asked which they meant.
func (c *Complaints) commandAtStep(ctx context.Context, w bot.ResponseWriter, e *bot.Event, d *ipdesk.Draft, text string) error {
	if s := findStep(d.Step); s == nil || s.choices != nil || s.name == stepConfirm {
		return c.runCommand(ctx, w, e, text)
	}
	d.Held, d.HeldCommand = strings.TrimSpace(text), true
	if err := c.store.SaveDraft(ctx, d); err != nil {
		return err
	}
	return c.say(ctx, w, e, c.heldReply(d))
}

// heldReply asks what the held message is, with its buttons first.
func (c *Complaints) heldReply(d *ipdesk.Draft) bot.Reply {
	tr := c.draftTr(d)
	if d.HeldCommand {
		name := commandName(d.Held)
		what := tr.T("wizard.that_command")
		if name != "" {
			what = tr.T("wizard.the_command", "Name", name)
		}
		return bot.Reply{
			Text: tr.T("wizard.held_command", "What", what, "Where", c.where(d)),
			Buttons: []bot.Button{
				{ID: actionHeldRun, Label: tr.T("wizard.btn.yes"), Value: d.ID, Style: bot.StylePrimary},
				{ID: actionHeldAnswer, Label: tr.T("wizard.btn.no_answer"), Value: d.ID},
			},
		}
	}
	r := c.prompt(d, c.whereLead(d, tr.T("wizard.lead_returning")))
	use := bot.Button{ID: actionHeldAnswer, Label: tr.T("wizard.btn.use_as_answer", "Text", clipRunes(strings.Join(strings.Fields(d.Held), " "), 30)), Value: d.ID}
	r.Buttons = append([]bot.Button{use}, r.Buttons...)
	return r
}

// where names the current question and its place among those that apply:
// "step 4 of 9, the seller's name".
func (c *Complaints) where(d *ipdesk.Draft) string {
	tr := c.draftTr(d)
	s := findStep(d.Step)
	if s == nil || s.name == stepConfirm {
		return tr.T("wizard.where_summary")
	}
	n, total := 0, 0
	for _, st := range steps {
		if st.name == stepConfirm || !st.applies(&d.Answers) {
			continue
		}
		total++
		if st.name == s.name {
			n = total
		}
	}
	if n == 0 {
		n = total
	}
	return tr.T("wizard.where_step", "N", n, "Total", total, "What", tr.T("wizard.what."+s.name))
}

// whereLead is the line that tells a returning user where they were.
func (c *Complaints) whereLead(d *ipdesk.Draft, lead string) string {
	tr := c.draftTr(d)
	if s := findStep(d.Step); s == nil || s.name == stepConfirm {
		return tr.T("wizard.where_lead_summary", "Lead", lead, "Where", c.where(d))
	}
	return tr.T("wizard.where_lead", "Lead", lead, "Where", c.where(d))
}

// pressAs presses a wizard button on the user's behalf, as a typed number
// does.
func (c *Complaints) pressAs(ctx context.Context, w bot.ResponseWriter, e *bot.Event, b bot.Button) error {
	pe := *e
	pe.Kind, pe.Text, pe.Action = bot.KindAction, "", bot.Action{ID: b.ID, Value: b.Value}
	return c.serveWizardAction(ctx, w, &pe)
}

// numberedIn returns the button a typed number picks from bs.
func numberedIn(bs []bot.Button, word string) (bot.Button, bool) {
	n, err := strconv.Atoi(word)
	if err != nil || n < 1 || n > len(bs) || strconv.Itoa(n) != word {
		return bot.Button{}, false
	}
	return bs[n-1], true
}

// runHeld runs the held command.
func (c *Complaints) runHeld(ctx context.Context, w bot.ResponseWriter, e *bot.Event, d *ipdesk.Draft) error {
	held := d.Held
	d.Held, d.HeldCommand = "", false
	if err := c.store.SaveDraft(ctx, d); err != nil {
		return err
	}
	return c.runCommand(ctx, w, e, held)
}

// useHeld takes the held message as the answer to the current step.
func (c *Complaints) useHeld(ctx context.Context, w bot.ResponseWriter, e *bot.Event, d *ipdesk.Draft) error {
	held := d.Held
	d.Held, d.HeldCommand = "", false
	if err := c.store.SaveDraft(ctx, d); err != nil {
		return err
	}
	return c.take(ctx, w, e, d, held, nil)
}

// runCommand runs a command typed while the draft is open, then tells the
// user where their complaint stands, so they can go on with it.
func (c *Complaints) runCommand(ctx context.Context, w bot.ResponseWriter, e *bot.Event, text string) error {
	if c.mux == nil {
		return &ipdesk.Error{Code: ipdesk.EINVALID, Message: e.Printer().T("wizard.finish_first")}
	}
	pe := *e
	pe.Kind, pe.Text, pe.Files, pe.Command, pe.Args = bot.KindMessage, text, nil, "", ""
	if err := c.mux.ServeEvent(ctx, w, &pe); err != nil {
		return err
	}
	chose := pe.Lang != e.Lang // the command was lang: the wizard follows
	if name, _ := c.mux.CommandOf(text, e.User.Staff); name == "complain" {
		return nil // it showed the current question itself
	}
	d, err := c.store.Draft(ctx, e.User.Platform, e.User.ID)
	if ipdesk.ErrorCode(err) == ipdesk.ENOTFOUND {
		return nil // the command ended the draft
	} else if err != nil {
		return err
	}
	// Told where they are: the next message is an answer again.
	if chose && pe.Lang != "" {
		d.Answers.Lang = string(pe.Lang)
	}
	if err := c.store.SaveDraft(ctx, d); err != nil {
		return err
	}
	return c.say(ctx, w, e, c.prompt(d, c.whereLead(d, c.draftTr(d).T("wizard.lead_in_progress"))))
}

// take takes typed text (and files) as the answer to the current step.
func (c *Complaints) take(ctx context.Context, w bot.ResponseWriter, e *bot.Event, d *ipdesk.Draft, text string, files []bot.File) error {
	word := strings.ToLower(strings.TrimSpace(text))
	tr := c.draftTr(d)
	if len(files) > 0 && d.Step != stepEvidence {
		return &ipdesk.Error{Code: ipdesk.EINVALID, Message: tr.T("wizard.files_not_here")}
	}
	if len(files) == 0 && asksForHuman(text) {
		// A request for a person, unless it is a choice the step offers
		// (the filer role has "agent").
		if s := findStep(d.Step); s == nil || s.choices == nil {
			return c.talkToStaff(ctx, w, e, d)
		} else if _, ok := matchChoice(tr, s.choices(&d.Answers), text); !ok {
			return c.talkToStaff(ctx, w, e, d)
		}
	}
	if b, ok := c.numbered(d, word); ok && len(files) == 0 {
		// A bare number picks from the buttons the wizard showed last, as
		// the console does when that message is still the latest one.
		pe := *e
		pe.Kind, pe.Text, pe.Action = bot.KindAction, "", bot.Action{ID: b.ID, Value: b.Value}
		return c.serveWizardAction(ctx, w, &pe)
	}
	s := findStep(d.Step)
	if s == nil { // a step from an older version: go to the summary
		d.Step = stepConfirm
		s = findStep(stepConfirm)
	}
	switch {
	case s.name == stepConfirm:
		if isWord(tr, word, "submit") {
			return c.confirm(ctx, w, e, d.ID)
		}
		return &ipdesk.Error{Code: ipdesk.EINVALID, Message: tr.T("wizard.confirm_how")}
	case s.choices != nil:
		v, ok := matchChoice(tr, s.choices(&d.Answers), text)
		if !ok {
			return &ipdesk.Error{Code: ipdesk.EINVALID, Message: tr.T("wizard.choose", "Choices", choiceList(tr, s.choices(&d.Answers)))}
		}
		return c.picked(ctx, w, e, d, s, v)
	}
	next := *d
	next.Answers.ListingURLs = append([]string(nil), d.Answers.ListingURLs...)
	next.Answers.Evidence = append([]ipdesk.Evidence(nil), d.Answers.Evidence...)
	note, err := s.answer(ctx, c, &next, tr, text, files)
	if err != nil {
		return err // nothing saved: the draft is as it was
	}
	next.Menu = ""
	if s.name == stepEvidence {
		if err := c.store.SaveDraft(ctx, &next); err != nil {
			return err
		}
		// The step's own buttons, so that a number typed next means
		// what it meant under the question.
		_, err := w.Reply(ctx, bot.Reply{Text: note + tr.T("wizard.evidence_count", "Count", len(next.Answers.Evidence)),
			Buttons: c.prompt(&next, "").Buttons})
		return err
	}
	c.advance(&next)
	if err := c.store.SaveDraft(ctx, &next); err != nil {
		return err
	}
	return c.say(ctx, w, e, c.prompt(&next, note))
}

// picked records a choice and moves on.
func (c *Complaints) picked(ctx context.Context, w bot.ResponseWriter, e *bot.Event, d *ipdesk.Draft, s *step, value string) error {
	if s.name == stepKind && value == kindReported {
		return c.sellerGuidance(ctx, w, e, d)
	}
	d.Menu = ""
	s.pick(d, value)
	c.advance(d)
	if err := c.store.SaveDraft(ctx, d); err != nil {
		return err
	}
	return c.say(ctx, w, e, c.prompt(d, ""))
}

// nav handles back, skip, cancel, restart, help, done and edit.
func (c *Complaints) nav(ctx context.Context, w bot.ResponseWriter, e *bot.Event, d *ipdesk.Draft, word string) error {
	s := findStep(d.Step)
	tr := c.draftTr(d)
	menu := d.Menu
	d.Menu = ""
	switch word {
	case "back":
		if len(d.History) == 0 {
			return c.say(ctx, w, e, c.prompt(d, tr.T("wizard.first_question")))
		}
		d.Step = d.History[len(d.History)-1]
		d.History = d.History[:len(d.History)-1]
	case "skip":
		if s == nil || s.optional == nil || !s.optional(&d.Answers) {
			return &ipdesk.Error{Code: ipdesk.EINVALID, Message: tr.T("wizard.cannot_skip")}
		}
		if s.clear != nil {
			s.clear(d)
		}
		c.advance(d)
	case "cancel":
		if err := c.store.DeleteDraft(ctx, d.Platform, d.UserID); err != nil {
			return err
		}
		return c.say(ctx, w, e, bot.Reply{Text: tr.T("wizard.cancelled", "Cmd", commandFor(tr, e.User.Platform, e.Locale, "complain"))})
	case "restart":
		if err := c.store.DeleteDraft(ctx, d.Platform, d.UserID); err != nil {
			return err
		}
		return c.start(ctx, w, e, "")
	case "staff":
		return c.talkToStaff(ctx, w, e, d)
	case "help":
		if menu == "" {
			return c.say(ctx, w, e, c.prompt(d, ""))
		}
	case "done":
		if d.Step != stepEvidence {
			return &ipdesk.Error{Code: ipdesk.EINVALID, Message: tr.T("wizard.done_only_evidence")}
		}
		if !s.answered(&d.Answers) {
			return &ipdesk.Error{Code: ipdesk.EINVALID, Message: tr.T("wizard.evidence_needed")}
		}
		c.advance(d)
	case "edit":
		if d.Step != stepConfirm {
			return &ipdesk.Error{Code: ipdesk.EINVALID, Message: tr.T("wizard.edit_from_summary")}
		}
		d.Menu = "edit"
		if menu != d.Menu {
			if err := c.store.SaveDraft(ctx, d); err != nil {
				return err
			}
		}
		return c.say(ctx, w, e, c.editMenu(d))
	}
	if err := c.store.SaveDraft(ctx, d); err != nil {
		return err
	}
	return c.say(ctx, w, e, c.prompt(d, ""))
}

// numbered returns the button a typed number picks: from the list of
// answers to change while that list is the latest message, otherwise from
// the current step's buttons.
func (c *Complaints) numbered(d *ipdesk.Draft, word string) (bot.Button, bool) {
	n, err := strconv.Atoi(word)
	if err != nil || n < 1 || strconv.Itoa(n) != word {
		return bot.Button{}, false
	}
	bs := c.prompt(d, "").Buttons
	if d.Menu == "edit" && d.Step == stepConfirm {
		bs = c.editMenu(d).Buttons
	}
	if n > len(bs) {
		return bot.Button{}, false
	}
	return bs[n-1], true
}

// showInvalid shows a wizard answer's validation error with the current
// step's buttons, so that the buttons stay at hand (on the console, the
// next number picks one). Other errors pass through.
func (c *Complaints) showInvalid(ctx context.Context, w bot.ResponseWriter, e *bot.Event, err error) error {
	if ipdesk.ErrorCode(err) != ipdesk.EINVALID {
		return err
	}
	// Nothing was saved: the stored draft is where the user is.
	d, derr := c.store.Draft(ctx, e.User.Platform, e.User.ID)
	if derr != nil {
		return err
	}
	if d.Menu != "" {
		d.Menu = ""
		if serr := c.store.SaveDraft(ctx, d); serr != nil {
			return serr
		}
	}
	return c.say(ctx, w, e, bot.Reply{Text: c.draftTr(d).Error(err), Buttons: c.prompt(d, "").Buttons})
}

// editMenu lists the answers that can be changed.
func (c *Complaints) editMenu(d *ipdesk.Draft) bot.Reply {
	tr := c.draftTr(d)
	r := bot.Reply{Text: tr.T("wizard.edit_which")}
	for _, s := range steps {
		if s.name == stepConfirm || !s.applies(&d.Answers) {
			continue
		}
		r.Buttons = append(r.Buttons, bot.Button{ID: "complain.edit", Label: s.label(tr), Value: s.name})
	}
	return r
}

// serveWizardAction handles the wizard's buttons.
func (c *Complaints) serveWizardAction(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
	switch e.Action.ID {
	case "complain.start":
		return c.start(ctx, w, e, "")
	case actionWithdraw:
		return c.askWithdraw(ctx, w, e, e.Action.Value)
	case actionWithdrawYes:
		return c.withdraw(ctx, w, e, e.Action.Value)
	case actionWithdrawNo:
		_, err := w.Reply(ctx, bot.Reply{Text: e.Printer().T("wizard.withdraw_kept"), Ephemeral: true})
		return err
	case actionRate:
		return c.serveRate(ctx, w, e)
	case actionRateComment:
		return c.serveRateComment(ctx, w, e)
	case actionAppeal, actionAppealForm:
		ref, _ := splitRefVersion(e.Action.Value)
		if ref == "" {
			return &ipdesk.Error{Code: ipdesk.EINVALID, Message: e.Printer().T("appeal.button_broken", "Cmd", commandIn(e, "appeal"))}
		}
		if e.Action.ID == actionAppealForm {
			cpl, err := c.appealable(ctx, e, ref)
			if err != nil {
				return err
			}
			_, err = w.Reply(ctx, bot.Reply{Form: appealForm(e.Printer(), cpl)})
			return err
		}
		return c.startAppeal(ctx, w, e, ref)
	case actionAnswer, actionAnswerSend, actionAnswerDiscard:
		ref, _ := splitRefVersion(e.Action.Value)
		if ref == "" {
			return &ipdesk.Error{Code: ipdesk.EINVALID, Message: e.Printer().T("answer.button_broken")}
		}
		switch e.Action.ID {
		case actionAnswerSend:
			return c.sendHeld(ctx, w, e, ref)
		case actionAnswerDiscard:
			return c.discardHeld(ctx, w, e)
		}
		return c.startAnswer(ctx, w, e, ref)
	}
	d, expired, err := c.openDraft(ctx, w, e)
	if err != nil || expired {
		return err
	}
	if c.seenBefore(d, e) {
		return c.say(ctx, w, e, c.prompt(d, ""))
	}
	if e.Action.ID == "complain.confirm" && (d == nil || d.ID != e.Action.Value || d.Step == stepConfirm) {
		// A confirm of a draft that is gone finds the complaint it became.
		return c.confirm(ctx, w, e, e.Action.Value)
	}
	if d == nil {
		return &ipdesk.Error{Code: ipdesk.ENOTFOUND, Message: e.Printer().T("wizard.no_draft", "Cmd", commandIn(e, "complain"))}
	}
	stale := func() error {
		return c.say(ctx, w, e, c.prompt(d, c.draftTr(d).T("wizard.stale_button")))
	}
	switch e.Action.ID {
	case "complain.pick":
		name, value, _ := strings.Cut(e.Action.Value, ":")
		s := findStep(d.Step)
		if name != d.Step || s == nil || s.choices == nil {
			return stale()
		}
		if _, ok := matchChoice(c.draftTr(d), s.choices(&d.Answers), value); !ok {
			return stale()
		}
		return c.picked(ctx, w, e, d, s, value)
	case "complain.nav":
		return c.showInvalid(ctx, w, e, c.nav(ctx, w, e, d, e.Action.Value))
	case "complain.edit":
		s := findStep(e.Action.Value)
		if d.Step != stepConfirm || s == nil || s.name == stepConfirm || !s.applies(&d.Answers) {
			return stale()
		}
		d.History = append(d.History, d.Step)
		d.Step, d.Editing, d.Menu = s.name, true, ""
		if s.name != stepDeclare && s.name != stepSign && d.Answers.Declaration != nil {
			// The declarations and signature cover the answers as they
			// were: a changed answer is declared and signed again.
			d.Answers.Declaration = nil
		}
		if err := c.store.SaveDraft(ctx, d); err != nil {
			return err
		}
		return c.say(ctx, w, e, c.prompt(d, ""))
	case "complain.confirm":
		return stale()
	case actionHeldRun, actionHeldAnswer:
		if d.Held == "" || e.Action.Value != d.ID || (e.Action.ID == actionHeldRun && !d.HeldCommand) {
			return stale()
		}
		if e.Action.ID == actionHeldRun {
			return c.runHeld(ctx, w, e, d)
		}
		return c.useHeld(ctx, w, e, d)
	}
	return &ipdesk.Error{Code: ipdesk.ENOTFOUND, Message: e.Printer().T("button.gone")}
}

// serveWizardForm handles the complainant's answer form.
func (c *Complaints) serveWizardForm(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
	if e.Form.ID == formAppeal {
		return c.serveAppealForm(ctx, w, e)
	}
	if e.Form.ID == formRateComment {
		return c.serveRateComment(ctx, w, e)
	}
	tr := e.Printer()
	if e.Form.ID != "complain.info" {
		return &ipdesk.Error{Code: ipdesk.ENOTFOUND, Message: tr.T("form.gone")}
	}
	ref, _ := splitRefVersion(e.Form.Value)
	if ref == "" {
		return &ipdesk.Error{Code: ipdesk.EINVALID, Message: tr.T("answer.form_broken")}
	}
	if _, err := ipdesk.CleanText(e.Form.Fields["answer"], tr.T("wizard.field.answer"), 1, 2000, true); err != nil {
		return &bot.FormError{Fields: map[string]string{"answer": tr.Error(err)}}
	}
	// Ownership first: the answer rules below would otherwise tell a
	// stranger that the complaint exists.
	if _, err := c.answerOwn(ctx, e, ref); err != nil {
		return err
	}
	return c.infoReply(ctx, w, e, ref, e.Form.Fields["answer"], nil, nil)
}

// confirm files the draft. A repeated confirm finds the complaint already
// filed and says so instead of filing another.
func (c *Complaints) confirm(ctx context.Context, w bot.ResponseWriter, e *bot.Event, draftID string) error {
	if d, err := c.store.Draft(ctx, e.User.Platform, e.User.ID); err == nil && d.ID == draftID {
		if missing := incomplete(d); missing != nil {
			d.Step = missing.name
			if err := c.store.SaveDraft(ctx, d); err != nil {
				return err
			}
			return c.say(ctx, w, e, c.prompt(d, c.draftTr(d).T("wizard.missing")))
		}
		// Only an open draft is refused: a repeated confirm of one already
		// filed still finds its complaint below.
		n, err := c.store.CountFiled(ctx, e.User.Platform, e.User.ID, c.now().Add(-filingWindow))
		if err != nil {
			return err
		}
		if n >= maxFiledPerWindow {
			c.log.Info("complaint refused: filing limit", "platform", e.User.Platform)
			return c.say(ctx, w, e, c.limitReply(c.draftTr(d)))
		}
		// The complaint speaks the language its complainant started it
		// in (an English description typed by a Chinese speaker does not
		// change it); a draft saved before languages were kept takes the
		// language of the confirmation.
		if d.Answers.Lang == "" {
			d.Answers.Lang = string(e.Printer().Lang())
			if err := c.store.SaveDraft(ctx, d); err != nil {
				return err
			}
		}
	}
	cpl, created, err := c.store.FileDraft(ctx, e.User.Platform, e.User.ID, draftID)
	if err != nil {
		return err
	}
	if !created {
		tr := c.complaintTr(cpl)
		return c.say(ctx, w, e, bot.Reply{Text: tr.T("wizard.already_filed", "Ref", cpl.Ref, "Cmd", commandFor(tr, e.User.Platform, e.Locale, "status"))})
	}
	c.log.Info("complaint filed", "ref", cpl.Ref, "platform", cpl.Platform, "kind", string(cpl.Kind))
	// The complaint is safely filed; a card that fails to post now is
	// posted by the background loop.
	if err := c.postCard(ctx, cpl); err != nil {
		c.log.Error("post review card", "ref", cpl.Ref, "err", err)
	}
	if err := c.alertRepeats(ctx); err != nil {
		c.log.Error("repeat alerts", "err", err)
	}
	return c.say(ctx, w, e, bot.Reply{Text: c.receipt(c.complaintTr(cpl), e.Locale, cpl), Important: cpl.Ref})
}

// limitReply tells a complainant who reached maxFiledPerWindow that
// nothing was filed, that the draft is kept, and how to reach a person.
func (c *Complaints) limitReply(tr i18n.Printer) bot.Reply {
	return bot.Reply{
		Text: tr.T("wizard.limit", "Count", maxFiledPerWindow, "Hours", int(filingWindow.Hours())),
		Buttons: []bot.Button{
			{ID: "complain.nav", Label: tr.T("wizard.btn.staff"), Value: "staff", Style: bot.StylePrimary},
			{ID: "complain.nav", Label: tr.T("wizard.btn.cancel"), Value: "cancel", Style: bot.StyleDanger},
		},
	}
}

// incomplete returns the first applicable step without its answer.
func incomplete(d *ipdesk.Draft) *step {
	for _, s := range steps {
		if s.name != stepConfirm && s.applies(&d.Answers) && !s.answered(&d.Answers) {
			return s
		}
	}
	return nil
}

// receipt is what the complainant is told once their complaint is filed,
// in their language, naming the status command as their client (of
// locale) shows it.
func (c *Complaints) receipt(tr i18n.Printer, locale string, cpl *ipdesk.Complaint) string {
	return tr.T("receipt.text", "Ref", cpl.Ref, "Period", tr.Period(c.sla), "Cmd", commandFor(tr, cpl.Platform, locale, "status"))
}

// prompt renders the current step: its question, the answer so far, and
// the buttons that fit.
func (c *Complaints) prompt(d *ipdesk.Draft, lead string) bot.Reply {
	s := findStep(d.Step)
	if s == nil {
		s = findStep(stepConfirm)
	}
	tr := c.draftTr(d)
	var b strings.Builder
	if lead != "" {
		b.WriteString(lead + "\n\n")
	}
	b.WriteString(s.question(c, d, tr))
	if cur := currentAnswer(tr, d, s); cur != "" {
		b.WriteString("\n\n" + tr.T("wizard.current", "Answer", cur))
	}
	r := bot.Reply{}
	back := bot.Button{ID: "complain.nav", Label: tr.T("wizard.btn.back"), Value: "back"}
	cancel := bot.Button{ID: "complain.nav", Label: tr.T("wizard.btn.cancel"), Value: "cancel", Style: bot.StyleDanger}
	optional := s.optional != nil && s.optional(&d.Answers)
	words := tr.T("wizard.words")
	if optional {
		words = tr.T("wizard.words_optional")
	}
	switch {
	case s.name == stepConfirm:
		r.Fields = complaintFields(tr, &d.Answers, false)
		for _, wn := range d.Warnings {
			r.Fields = append(r.Fields, bot.Field{Label: tr.T("wizard.note"), Value: markup.Escape(warningText(tr, wn))})
		}
		r.Buttons = []bot.Button{
			{ID: "complain.confirm", Label: tr.T("wizard.btn.submit"), Value: d.ID, Style: bot.StylePrimary},
			{ID: "complain.nav", Label: tr.T("wizard.btn.edit"), Value: "edit"},
			cancel,
		}
	case s.choices != nil:
		for _, ch := range s.choices(&d.Answers) {
			r.Buttons = append(r.Buttons, bot.Button{ID: "complain.pick", Label: ch.label(tr), Value: s.name + ":" + ch.value})
		}
		if len(d.History) > 0 {
			r.Buttons = append(r.Buttons, back)
		}
		r.Buttons = append(r.Buttons, cancel)
	case s.numeric:
		// No buttons: on the console a bare number would press one.
		b.WriteString("\n\n" + tr.T("wizard.type_or", "Words", words))
	default:
		if s.name == stepEvidence {
			r.Buttons = append(r.Buttons, bot.Button{ID: "complain.nav", Label: tr.T("wizard.btn.done"), Value: "done", Style: bot.StylePrimary})
		}
		if len(d.History) > 0 {
			r.Buttons = append(r.Buttons, back)
		}
		if optional && s.name != stepEvidence {
			r.Buttons = append(r.Buttons, bot.Button{ID: "complain.nav", Label: tr.T("wizard.btn.skip"), Value: "skip"})
		}
		r.Buttons = append(r.Buttons, cancel)
		b.WriteString("\n\n" + tr.T("wizard.also_type", "Words", words))
	}
	r.Text = b.String()
	return r
}

// currentAnswer shows what the user answered to s before, when they come
// back to it.
func currentAnswer(tr i18n.Printer, d *ipdesk.Draft, s *step) string {
	a := &d.Answers
	switch s.name {
	case stepURLs:
		return markup.Escape(strings.Join(a.ListingURLs, " "))
	case stepSeller:
		return markup.Escape(a.Seller)
	case stepOrder:
		return markup.Escape(a.OrderNumber)
	case stepOrderDate:
		return a.OrderDate
	case stepProblem:
		return markup.Escape(clipRunes(a.Problem, 200))
	case stepRegNo:
		return markup.Escape(a.RegNumber)
	case stepOwner:
		return markup.Escape(a.RightsOwner)
	case stepOffice:
		if a.Jurisdiction != ipdesk.JurisdictionOther {
			return markup.Escape(a.Jurisdiction)
		}
	case stepSign:
		if a.Declaration != nil {
			return markup.Escape(a.Declaration.Signature)
		}
	case stepAmount:
		if a.Amount > 0 {
			return tr.Money(a.Amount, a.Currency)
		}
	case stepContact:
		return markup.Escape(a.Contact)
	}
	return ""
}

// matchChoice finds the choice a typed answer or button value means: its
// value, its label in tr's language or in English, or its number in the
// list.
func matchChoice(tr i18n.Printer, cs []choice, text string) (string, bool) {
	t := strings.TrimSpace(text)
	en := tr.In(i18n.EN)
	for _, ch := range cs {
		if strings.EqualFold(t, ch.value) || strings.EqualFold(t, ch.label(tr)) || strings.EqualFold(t, ch.label(en)) {
			return ch.value, true
		}
	}
	if n, err := strconv.Atoi(t); err == nil && n >= 1 && n <= len(cs) {
		return cs[n-1].value, true
	}
	return "", false
}

func choiceList(tr i18n.Printer, cs []choice) string {
	var labels []string
	for _, ch := range cs {
		labels = append(labels, tr.T("wizard.choice_item", "Label", ch.label(tr)))
	}
	return strings.Join(labels, tr.T("wizard.choice_sep"))
}

// complaintFields lays out a complaint's answers, for the complainant's
// summary or, with staff set, for the review card. The contact address is
// kept only with consent, so it shows only then, and never on the card:
// staff read it in the private case view while the case is open
// (privateCase).
func complaintFields(tr i18n.Printer, a *ipdesk.Complaint, staff bool) []bot.Field {
	var f []bot.Field
	add := func(id, value string) {
		if value != "" {
			f = append(f, bot.Field{Label: tr.T(id), Value: value})
		}
	}
	add("field.kind", kindLabel(tr, a.Kind))
	switch a.FilerRole {
	case ipdesk.FilerOwner:
		add("field.filer", tr.T("field.filer_owner"))
	case ipdesk.FilerAgent:
		add("field.filer", tr.T("field.filer_agent", "Owner", markup.Escape(a.RightsOwner)))
	}
	add("field.marketplace", marketplaceName(tr, marketplace(a)))
	var urls []string
	for _, u := range a.ListingURLs {
		urls = append(urls, markup.Escape(u))
	}
	add("field.listings", strings.Join(urls, "\n\n"))
	add("field.seller", markup.Escape(a.Seller))
	if a.OrderNumber != "" {
		o := markup.Escape(a.OrderNumber)
		if a.OrderDate != "" {
			o = tr.T("field.order_dated", "Number", o, "Date", a.OrderDate)
		}
		add("field.order", o)
	}
	add("field.problem", markup.Escape(a.Problem))
	if a.Right != "" {
		r := labelOr(tr, "right."+string(a.Right), string(a.Right))
		if a.Jurisdiction != "" && a.Jurisdiction != ipdesk.JurisdictionOther {
			r = tr.T("field.right_in", "Right", r, "Office", markup.Escape(officeName(tr, a.Right, a.Jurisdiction)))
		}
		if a.RegNumber != "" {
			r = tr.T("field.right_reg", "Right", r, "Number", markup.Escape(a.RegNumber))
		}
		add("field.right", r)
	}
	var ev []string
	for _, e := range a.Evidence {
		if staff {
			ev = append(ev, evidenceForStaff(tr, e, a.Platform))
		} else {
			ev = append(ev, markup.Escape(evidenceLabel(e)))
		}
	}
	if len(ev) == 0 {
		ev = []string{tr.T("field.none")}
	}
	add("field.evidence", strings.Join(ev, "\n\n"))
	rem := labelOr(tr, "remedy."+string(a.Remedy), a.Remedy.Label())
	if a.Amount > 0 {
		rem = tr.T("field.remedy_amount", "Remedy", rem, "Amount", tr.Money(a.Amount, a.Currency))
	}
	add("field.asks", rem)
	switch {
	case !a.Consent:
		add("field.contact", tr.T("field.contact_chat"))
	case staff && !a.Status.Open():
		// A closed case needs no contact.
		add("field.contact", tr.T("field.contact_hidden"))
	case staff:
		// The card stays in the review channel for anyone there to read.
		add("field.contact", tr.T("field.contact_private", "Ref", a.Ref))
	case a.Contact != "":
		add("field.contact", tr.T("field.contact_email", "Email", markup.Escape(a.Contact)))
	default:
		add("field.contact", tr.T("field.contact_consent"))
	}
	if d := a.Declaration; d != nil && (d.GoodFaith || d.Signature != "") {
		var made []string
		if d.GoodFaith {
			made = append(made, tr.T("field.declared_good_faith"))
		}
		if d.Accurate {
			made = append(made, tr.T("field.declared_accuracy"))
		}
		if d.Perjury {
			made = append(made, tr.T("field.declared_perjury"))
		}
		v := tr.T("field.declared", "List", strings.Join(made, tr.T("list.sep")))
		if d.Signature != "" {
			v += tr.T("field.signed", "Signature", markup.Escape(d.Signature), "When", tr.DateTime(d.SignedAt))
		} else {
			v += tr.T("field.not_signed")
		}
		add("field.declarations", v)
	}
	return f
}
