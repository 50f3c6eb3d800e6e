package handlers

import (
	"context"
	"strings"
	"unicode"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/markup"
)

// The buttons of a complainant's answer to a staff question. Their value is
// the complaint's reference.
const (
	actionAnswer        = "complain.answer"         // opens the answer form; the next message is the answer too
	actionAnswerSend    = "complain.answer.send"    // sends a held message as the answer
	actionAnswerDiscard = "complain.answer.discard" // drops a held message
)

// isCommand reports whether the Mux would route text as a command.
func (c *Complaints) isCommand(text string, staff bool) bool {
	return c.mux != nil && c.mux.IsCommand(text, staff)
}

// infoMessage handles a direct message from a user whose complaint waits
// for their answer to a staff question. After the user pressed Answer, the
// message is the answer, even when it starts with a command word ("Check
// the receipt photo: …"): only a leading slash or exclamation mark, or a
// message that is a command word alone ("status"), runs a command.
// Otherwise commands run as usual and other text is held, and the user
// asked whether it is their answer: "thanks" or a question for the
// knowledge base must not become the answer by accident. A typed "answer"
// or 1 presses the Answer button; while a message is held, 1 or "yes"
// sends it and 2 or "no" drops it. Files are never dropped: a command sent
// with files is held with them, so the user chooses. It reports whether
// the message was handled here; a command without files is not.
func (c *Complaints) infoMessage(ctx context.Context, w bot.ResponseWriter, e *bot.Event) (bool, error) {
	t := strings.TrimSpace(e.Text)
	explicit := strings.HasPrefix(t, "/") || strings.HasPrefix(t, "!")
	command := explicit || c.isCommand(t, e.User.Staff)
	// A command word alone, or with a slash, is a command whatever the
	// mode; with words after it, it is one unless Answer was pressed.
	bare := explicit || (command && !strings.ContainsAny(t, " \t\r\n"))
	if bare && len(e.Files) == 0 {
		return false, nil
	}
	list, err := c.store.ComplaintsByUser(ctx, e.User.Platform, e.User.ID)
	if err != nil {
		return false, err
	}
	var waiting *ipdesk.Complaint
	for i := range list {
		if c.awaitsAnswer(&list[i]) {
			waiting = &list[i]
			break
		}
	}
	if waiting == nil {
		// "answer" for a complaint closed too long ago says so, rather
		// than being taken for a question.
		if isWord(e.Printer(), t, "answer") && len(e.Files) == 0 {
			for i := range list {
				if list[i].Status == ipdesk.StatusNoResponse {
					return true, c.startAnswer(ctx, w, e, list[i].Ref)
				}
			}
		}
		return false, nil
	}
	p, err := c.pending(ctx, e, list)
	if err != nil {
		return true, err
	}
	answering := p != nil && p.Mode == ipdesk.AnswerMode
	if command && len(e.Files) == 0 && !answering {
		return false, nil
	}
	word := strings.ToLower(t)
	tr := e.Printer()
	if p != nil && p.Mode == ipdesk.AnswerConfirm && len(e.Files) == 0 {
		switch {
		case word == "1" || wordOf(tr, word, "yes", "send") != "":
			return true, c.sendHeld(ctx, w, e, p.Ref)
		case word == "2" || isWord(tr, word, "no"):
			return true, c.discardHeld(ctx, w, e)
		}
	}
	if answering && !bare {
		items, unfetched, err := c.uploads(ctx, tr, e.Files)
		if err != nil {
			return true, err
		}
		return true, c.infoReply(ctx, w, e, p.Ref, e.Text, items, unfetched)
	}
	if len(e.Files) == 0 && (word == "1" || isWord(tr, word, "answer")) {
		return true, c.startAnswer(ctx, w, e, waiting.Ref)
	}
	if command {
		// A command with files: the files must not be lost, and the text
		// may be either, so the user decides.
		return true, c.hold(ctx, w, e, waiting, commandName(t))
	}
	return true, c.hold(ctx, w, e, waiting, "")
}

// isCommandWord reports whether w is what a command name can be: a letter,
// then up to 30 letters, digits or hyphens. Anything else is not repeated
// back inside code markup. (As a regular expression, ^\pL[\pL\pN-]{0,30}$,
// compiling it took a few milliseconds of every start.)
func isCommandWord(w string) bool {
	n := 0
	for i, r := range w {
		// Bytes that are not UTF-8 come as utf8.RuneError, which is no
		// letter.
		switch {
		case i == 0 && !unicode.IsLetter(r):
			return false
		case i > 0 && !unicode.IsLetter(r) && !unicode.IsNumber(r) && r != '-':
			return false
		}
		if n++; n > 31 {
			return false
		}
	}
	return n > 0
}

// commandName returns the command word a message starts with, without its
// slash or exclamation mark, or "" when it is no plausible command name.
func commandName(text string) string {
	t := strings.TrimLeft(strings.TrimSpace(text), "/!")
	f := strings.Fields(t)
	if len(f) == 0 || !isCommandWord(f[0]) {
		return ""
	}
	return strings.ToLower(f[0])
}

// pending returns the user's pending answer while the complaint it is for
// still waits for them; a leftover one is deleted.
func (c *Complaints) pending(ctx context.Context, e *bot.Event, own []ipdesk.Complaint) (*ipdesk.PendingAnswer, error) {
	p, err := c.store.PendingAnswer(ctx, e.User.Platform, e.User.ID)
	if ipdesk.ErrorCode(err) == ipdesk.ENOTFOUND {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	for i := range own {
		if own[i].Ref == p.Ref && c.awaitsAnswer(&own[i]) {
			return p, nil
		}
	}
	return nil, c.store.DeletePendingAnswer(ctx, e.User.Platform, e.User.ID)
}

// answerOwn loads a complaint of the event's user for their answer; see
// complainantOnly for anyone else.
func (c *Complaints) answerOwn(ctx context.Context, e *bot.Event, ref string) (*ipdesk.Complaint, error) {
	return c.complainantOnly(ctx, e, ref, "answer", "answer.staff_refusal")
}

// waitingOwn loads a complaint of the event's user that waits for their
// answer.
func (c *Complaints) waitingOwn(ctx context.Context, e *bot.Event, ref string) (*ipdesk.Complaint, error) {
	cpl, err := c.answerOwn(ctx, e, ref)
	if err != nil {
		return nil, err
	}
	tr := e.Printer()
	if cpl.Status == ipdesk.StatusNoResponse && !c.awaitsAnswer(cpl) {
		return nil, &ipdesk.Error{Code: ipdesk.ECONFLICT, Message: tr.T("answer.closed", "Ref", cpl.Ref, "Date", tr.Date(cpl.ClosedNoResponseAt), "Cmd", commandIn(e, "complain"))}
	}
	if !c.awaitsAnswer(cpl) {
		return nil, &ipdesk.Error{Code: ipdesk.ECONFLICT, Message: tr.T("answer.not_waiting", "Ref", cpl.Ref, "Cmd", commandIn(e, "status"))}
	}
	return cpl, nil
}

// awaitsAnswer reports whether a complaint takes its complainant's answer
// now: it waits for one, or it was closed for lack of one and may still
// be reopened.
func (c *Complaints) awaitsAnswer(cpl *ipdesk.Complaint) bool {
	return cpl.Status == ipdesk.StatusNeedsInfo || cpl.Reopenable(c.now())
}

// startAnswer is the Answer button, or "answer" or 1 typed: from then on
// the user's next message here is the answer, files included. A button
// press also opens the answer form. A typed message gets no form: Slack
// opens one only in response to a press (it needs the press's trigger),
// so the user is told to send the answer as a message, and offered the
// form behind a button.
func (c *Complaints) startAnswer(ctx context.Context, w bot.ResponseWriter, e *bot.Event, ref string) error {
	cpl, err := c.waitingOwn(ctx, e, ref)
	if err != nil {
		return err
	}
	if err := c.store.SavePendingAnswer(ctx, &ipdesk.PendingAnswer{Platform: e.User.Platform, UserID: e.User.ID, Ref: cpl.Ref, Mode: ipdesk.AnswerMode}); err != nil {
		return err
	}
	tr := e.Printer()
	asked := tr.T("answer.asked", "Question", markup.Escape(clipRunes(cpl.InfoQuestion, 300)))
	if e.Kind != bot.KindAction {
		_, err = w.Reply(ctx, bot.Reply{
			Text:    asked + tr.T("answer.send_next", "Ref", cpl.Ref),
			Buttons: []bot.Button{{ID: actionAnswer, Label: tr.T("answer.form_button"), Value: cpl.Ref}}})
		return err
	}
	_, err = w.Reply(ctx, bot.Reply{
		Text: asked + tr.T("answer.in_form"),
		Form: &bot.Form{ID: "complain.info", Title: tr.T("answer.form_title", "Ref", cpl.Ref), Submit: tr.T("answer.form_submit"), Value: cpl.Ref,
			Inputs: []bot.Input{{ID: "answer", Label: tr.T("wizard.field.answer"), Kind: bot.InputParagraph, Required: true, MaxLen: 2000}}}})
	return err
}

// hold keeps a message written without pressing Answer and asks whether
// it is the answer to staff's question. For a command sent with files,
// command is its name, and the user is told how to run it instead.
func (c *Complaints) hold(ctx context.Context, w bot.ResponseWriter, e *bot.Event, cpl *ipdesk.Complaint, command string) error {
	min := 1
	if len(e.Files) > 0 {
		min = 0
	}
	tr := e.Printer()
	text, err := ipdesk.CleanText(e.Text, tr.T("wizard.field.answer"), min, 2000, true)
	if err != nil {
		return err
	}
	items, unfetched, err := c.uploads(ctx, tr, e.Files)
	if err != nil {
		return err
	}
	p := &ipdesk.PendingAnswer{Platform: e.User.Platform, UserID: e.User.ID, Ref: cpl.Ref, Mode: ipdesk.AnswerConfirm, Text: text, Evidence: items}
	if err := c.store.SavePendingAnswer(ctx, p); err != nil {
		return err
	}
	var what []string
	if text != "" {
		what = append(what, tr.T("answer.quoted", "Text", markup.Escape(clipRunes(strings.Join(strings.Fields(text), " "), 200))))
	}
	for _, it := range items {
		what = append(what, markup.Escape(it.Name))
	}
	run := ""
	if command != "" {
		run = tr.T("answer.command_instead", "Cmd", e.Platform().Command(command))
	}
	_, err = w.Reply(ctx, bot.Reply{
		Text: tr.T("answer.confirm", "Ref", cpl.Ref, "What", strings.Join(what, tr.T("list.sep")),
			"Question", sentence(markup.Escape(clipRunes(cpl.InfoQuestion, 300))), "Unfetched", unfetchedNote(tr, unfetched), "Run", run),
		Buttons: []bot.Button{
			{ID: actionAnswerSend, Label: tr.T("answer.btn.send"), Value: cpl.Ref, Style: bot.StylePrimary},
			{ID: actionAnswerDiscard, Label: tr.T("answer.btn.discard"), Value: cpl.Ref},
		}})
	return err
}

// sendHeld sends the held message as the answer to ref.
func (c *Complaints) sendHeld(ctx context.Context, w bot.ResponseWriter, e *bot.Event, ref string) error {
	p, err := c.store.PendingAnswer(ctx, e.User.Platform, e.User.ID)
	if ipdesk.ErrorCode(err) == ipdesk.ENOTFOUND || (err == nil && (p.Mode != ipdesk.AnswerConfirm || p.Ref != ref)) {
		if _, werr := c.waitingOwn(ctx, e, ref); werr != nil {
			return werr // answered already, or not theirs
		}
		return &ipdesk.Error{Code: ipdesk.ENOTFOUND, Message: e.Printer().T("answer.nothing_held", "Ref", ref)}
	} else if err != nil {
		return err
	}
	return c.infoReply(ctx, w, e, p.Ref, p.Text, p.Evidence, nil)
}

// discardHeld drops the held message.
func (c *Complaints) discardHeld(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
	if err := c.store.DeletePendingAnswer(ctx, e.User.Platform, e.User.ID); err != nil {
		return err
	}
	_, err := w.Reply(ctx, bot.Reply{Text: e.Printer().T("answer.discarded")})
	return err
}

// infoReply attaches a complainant's answer, and any files sent with it as
// evidence, to the complaint that asked for it, updates the card, and
// forgets the pending answer.
func (c *Complaints) infoReply(ctx context.Context, w bot.ResponseWriter, e *bot.Event, ref, text string, evidence []ipdesk.Evidence, unfetched []string) error {
	tr := e.Printer()
	by := actor(e)
	by.Role = ipdesk.RoleUser // the complainant answers as the complainant, even if they are staff
	var before ipdesk.Status
	cpl, err := c.store.UpdateComplaint(ctx, ref, func(cpl *ipdesk.Complaint) (ipdesk.AuditEntry, error) {
		before = cpl.Status
		if n := len(cpl.Evidence) + len(evidence); len(evidence) > 0 && n > maxEvidence {
			return ipdesk.AuditEntry{}, &ipdesk.Error{Code: ipdesk.EINVALID, Message: tr.T("answer.too_much_evidence", "Max", maxEvidence, "Ref", cpl.Ref, "Have", len(cpl.Evidence), "Sent", len(evidence))}
		}
		return cpl.Apply(ipdesk.Change{Action: ipdesk.ActionInfoReply, By: by, Note: text, Evidence: evidence}, c.now())
	})
	if err != nil {
		return err
	}
	if err := c.store.DeletePendingAnswer(context.WithoutCancel(ctx), e.User.Platform, e.User.ID); err != nil {
		c.log.Error("forget pending answer", "ref", cpl.Ref, "err", err)
	}
	c.log.Info("complaint changed", "ref", cpl.Ref, "action", string(ipdesk.ActionInfoReply), "by", by.Key, "status", string(cpl.Status))
	if before == ipdesk.StatusNoResponse {
		// Reopened: a new card at the bottom of the review channel, where
		// staff look, rather than an edit of a closed one far up.
		if err := c.postCard(ctx, cpl); err != nil {
			c.log.Error("post review card", "ref", cpl.Ref, "err", err)
		}
	} else {
		c.refreshCard(ctx, cpl)
	}
	msg := tr.T("answer.thanks", "Ref", cpl.Ref)
	if before == ipdesk.StatusNoResponse {
		msg += tr.T("answer.reopened")
	}
	if len(evidence) > 0 {
		msg += tr.T("answer.files_added", "Count", len(evidence))
	}
	_, err = w.Reply(ctx, bot.Reply{Text: msg + unfetchedNote(tr, unfetched)})
	return err
}
