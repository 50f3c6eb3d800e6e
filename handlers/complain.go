package handlers

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"regexp"
	"strings"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
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
		if handled, err := c.answeredBefore(ctx, w, e, d); handled {
			return err
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
	return tr.T("wizard.expired", "Period", tr.Period(c.expiry), "Cmd", commandFor(tr, c.platform(d.Platform), "", "complain"))
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
		d = &ipdesk.Draft{ID: newDraftID(), Platform: e.User.Platform, UserID: e.User.ID, Step: first().name, Place: e.Where.String()}
		d.Answers.Lang = string(e.Printer().Lang())
		if !e.Where.DM {
			d.Place = bot.DirectTo(e.User.Platform, e.User.ID).String()
		}
		if kind != "" {
			// The user said what happened ("I bought a fake"): that
			// answers the question of kind.
			d.Step = stepKind.name
			stepKind.pick(d, string(kind))
			settle(d)
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
	if handled, err := c.answeredBefore(ctx, w, e, d); handled {
		return err
	}
	if e.Action.ID == "complain.confirm" && (d == nil || d.ID != e.Action.Value || stepOf(d).summary) {
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
		s := stepOf(d)
		if name != d.Step || s.choices == nil {
			return stale()
		}
		ch, ok := matchChoice(c.draftTr(d), s.choices(&d.Answers), value)
		if !ok {
			return stale()
		}
		return c.picked(ctx, w, e, d, s, ch)
	case "complain.nav":
		return c.showInvalid(ctx, w, e, c.nav(ctx, w, e, d, e.Action.Value))
	case "complain.edit":
		s := findStep(e.Action.Value)
		if !stepOf(d).summary || s == nil || s.summary || !s.asked(&d.Answers) {
			return stale()
		}
		d.History = append(d.History, d.Step)
		d.Step, d.Editing, d.Menu = s.name, true, ""
		if !s.declares {
			// The declarations and signature cover the answers as they
			// were: a changed answer is declared and signed again.
			for _, st := range steps {
				if st.declares && st.clear != nil {
					st.clear(d)
				}
			}
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
