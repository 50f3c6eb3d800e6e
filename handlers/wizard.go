package handlers

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/markup"
	"github.com/ipdesk/ipdesk/i18n"
)

// This file is the complaint wizard's engine: it asks the steps of the
// table (complain_steps.go) in order, takes answers, buttons and the
// words back, skip, done, edit, cancel and restart, and holds a message
// it should not take without asking. It knows no step by name.

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
		if !s.asked(&d.Answers) {
			continue
		}
		if d.Editing && !s.summary && s.answered(&d.Answers) {
			continue
		}
		d.Step = s.name
		break
	}
	if stepOf(d).summary {
		d.Editing = false
	}
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
	s := stepOf(d)
	if s.choices == nil {
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
	if !stepOf(d).takesText() {
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
	s := stepOf(d)
	if s.summary {
		return tr.T("wizard.where_summary")
	}
	n, total := 0, 0
	for _, st := range steps {
		if st.summary || !st.asked(&d.Answers) {
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
	if stepOf(d).summary {
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
	s := stepOf(d)
	if len(files) > 0 && !s.files {
		return &ipdesk.Error{Code: ipdesk.EINVALID, Message: tr.T("wizard.files_not_here")}
	}
	if len(files) == 0 && asksForHuman(text) && !c.isChoice(d, text) {
		// A request for a person, unless it is a choice the step offers
		// (the filer role has "agent").
		return c.talkToStaff(ctx, w, e, d)
	}
	if b, ok := c.numbered(d, word); ok && len(files) == 0 {
		// A bare number picks from the buttons the wizard showed last, as
		// the console does when that message is still the latest one.
		pe := *e
		pe.Kind, pe.Text, pe.Action = bot.KindAction, "", bot.Action{ID: b.ID, Value: b.Value}
		return c.serveWizardAction(ctx, w, &pe)
	}
	d.Step = s.name // a step from an older version is the summary
	switch {
	case s.summary:
		if isWord(tr, word, "submit") {
			return c.confirm(ctx, w, e, d.ID)
		}
		return &ipdesk.Error{Code: ipdesk.EINVALID, Message: tr.T("wizard.confirm_how")}
	case s.choices != nil:
		ch, ok := matchChoice(tr, s.choices(&d.Answers), text)
		if !ok {
			return &ipdesk.Error{Code: ipdesk.EINVALID, Message: tr.T("wizard.choose", "Choices", choiceList(tr, s.choices(&d.Answers)))}
		}
		return c.picked(ctx, w, e, d, s, ch)
	}
	next := *d
	next.Answers.ListingURLs = append([]string(nil), d.Answers.ListingURLs...)
	next.Answers.Evidence = append([]ipdesk.Evidence(nil), d.Answers.Evidence...)
	note, err := s.answer(ctx, c, &next, tr, text, files)
	if err != nil {
		return err // nothing saved: the draft is as it was
	}
	next.Menu = ""
	settle(&next)
	next.Note, next.NoteEvent, next.NoteOnly = note, e.ID, s.collects
	if !s.collects {
		c.advance(&next)
	}
	if err := c.store.SaveDraft(ctx, &next); err != nil {
		return err
	}
	return c.sayNote(ctx, w, e, &next)
}

// sayNote replies to the answer event e gave, saved in d: the note alone,
// under the step's own buttons (so that a number typed next means what it
// meant under the question), when the step collects more; otherwise the
// next question, led by the note.
func (c *Complaints) sayNote(ctx context.Context, w bot.ResponseWriter, e *bot.Event, d *ipdesk.Draft) error {
	if d.NoteOnly {
		_, err := w.Reply(ctx, bot.Reply{Text: d.Note, Buttons: c.prompt(d, "").Buttons})
		return err
	}
	return c.say(ctx, w, e, c.prompt(d, d.Note))
}

// picked records a choice and moves on, or leaves the wizard when the
// choice says to.
func (c *Complaints) picked(ctx context.Context, w bot.ResponseWriter, e *bot.Event, d *ipdesk.Draft, s *step, ch choice) error {
	if ch.leave != nil {
		return ch.leave(c, ctx, w, e, d)
	}
	d.Menu = ""
	s.pick(d, ch.value)
	settle(d)
	c.advance(d)
	if err := c.store.SaveDraft(ctx, d); err != nil {
		return err
	}
	return c.say(ctx, w, e, c.prompt(d, ""))
}

// nav handles back, skip, cancel, restart, help, done and edit.
func (c *Complaints) nav(ctx context.Context, w bot.ResponseWriter, e *bot.Event, d *ipdesk.Draft, word string) error {
	s := stepOf(d)
	tr := c.draftTr(d)
	menu := d.Menu
	d.Menu = ""
	lead := ""
	switch word {
	case "back":
		if len(d.History) == 0 {
			return c.say(ctx, w, e, c.prompt(d, tr.T("wizard.first_question")))
		}
		d.Step = d.History[len(d.History)-1]
		d.History = d.History[:len(d.History)-1]
	case "skip":
		if !s.skippable(&d.Answers) {
			return &ipdesk.Error{Code: ipdesk.EINVALID, Message: tr.T("wizard.cannot_skip")}
		}
		if s.clear != nil {
			s.clear(d)
		}
		settle(d)
		if s.skipped != "" {
			lead = tr.T(s.skipped)
		}
		c.advance(d)
	case "cancel":
		if err := c.store.DeleteDraft(ctx, d.Platform, d.UserID); err != nil {
			return err
		}
		return c.say(ctx, w, e, bot.Reply{Text: tr.T("wizard.cancelled", "Cmd", commandFor(tr, e.Platform(), e.Locale, "complain"))})
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
		if !s.collects {
			return &ipdesk.Error{Code: ipdesk.EINVALID, Message: tr.T("wizard.done_only_evidence")}
		}
		if !s.answered(&d.Answers) {
			return &ipdesk.Error{Code: ipdesk.EINVALID, Message: tr.T("wizard.evidence_needed")}
		}
		c.advance(d)
	case "edit":
		if !s.summary {
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
	return c.say(ctx, w, e, c.prompt(d, lead))
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
	if d.Menu == "edit" && stepOf(d).summary {
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
		if s.summary || !s.asked(&d.Answers) {
			continue
		}
		r.Buttons = append(r.Buttons, bot.Button{ID: "complain.edit", Label: s.label(tr), Value: s.name})
	}
	return r
}

// prompt renders the current step: its question, the answer so far, and
// the buttons that fit.
func (c *Complaints) prompt(d *ipdesk.Draft, lead string) bot.Reply {
	s := stepOf(d)
	tr := c.draftTr(d)
	var b strings.Builder
	if lead != "" {
		b.WriteString(lead + "\n\n")
	}
	b.WriteString(s.question(c, d, tr))
	if s.current != nil {
		if cur := s.current(tr, &d.Answers); cur != "" {
			b.WriteString("\n\n" + tr.T("wizard.current", "Answer", cur))
		}
	}
	r := bot.Reply{}
	back := bot.Button{ID: "complain.nav", Label: tr.T("wizard.btn.back"), Value: "back"}
	cancel := bot.Button{ID: "complain.nav", Label: tr.T("wizard.btn.cancel"), Value: "cancel", Style: bot.StyleDanger}
	optional := s.skippable(&d.Answers)
	words := tr.T("wizard.words")
	if optional {
		words = tr.T("wizard.words_optional")
	}
	switch {
	case s.summary:
		r.Fields = complaintFields(tr, &d.Answers, audience{})
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
		if s.collects {
			// Done ends the step, and skips it when it is optional.
			r.Buttons = append(r.Buttons, bot.Button{ID: "complain.nav", Label: tr.T("wizard.btn.done"), Value: "done", Style: bot.StylePrimary})
		}
		if len(d.History) > 0 {
			r.Buttons = append(r.Buttons, back)
		}
		if optional && !s.collects {
			r.Buttons = append(r.Buttons, bot.Button{ID: "complain.nav", Label: tr.T("wizard.btn.skip"), Value: "skip"})
		}
		r.Buttons = append(r.Buttons, cancel)
		b.WriteString("\n\n" + tr.T("wizard.also_type", "Words", words))
	}
	r.Text = b.String()
	return r
}

// matchChoice finds the choice a typed answer or button value means: its
// value, its label in tr's language or in English, or its number in the
// list.
func matchChoice(tr i18n.Printer, cs []choice, text string) (choice, bool) {
	t := strings.TrimSpace(text)
	en := tr.In(i18n.EN)
	for _, ch := range cs {
		if strings.EqualFold(t, ch.value) || strings.EqualFold(t, ch.label(tr)) || strings.EqualFold(t, ch.label(en)) {
			return ch, true
		}
	}
	if n, err := strconv.Atoi(t); err == nil && n >= 1 && n <= len(cs) {
		return cs[n-1], true
	}
	return choice{}, false
}

func choiceList(tr i18n.Printer, cs []choice) string {
	var labels []string
	for _, ch := range cs {
		labels = append(labels, tr.T("wizard.choice_item", "Label", ch.label(tr)))
	}
	return strings.Join(labels, tr.T("wizard.choice_sep"))
}
