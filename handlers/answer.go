package handlers

import (
	"context"
	"fmt"
	"regexp"
	"strings"

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
		if strings.EqualFold(t, "answer") && len(e.Files) == 0 {
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
	if p != nil && p.Mode == ipdesk.AnswerConfirm && len(e.Files) == 0 {
		switch word {
		case "1", "yes", "y", "send":
			return true, c.sendHeld(ctx, w, e, p.Ref)
		case "2", "no", "n":
			return true, c.discardHeld(ctx, w, e)
		}
	}
	if answering && !bare {
		items, unfetched, err := c.uploads(ctx, e.Files)
		if err != nil {
			return true, err
		}
		return true, c.infoReply(ctx, w, e, p.Ref, e.Text, items, unfetched)
	}
	if len(e.Files) == 0 && (word == "1" || word == "answer") {
		return true, c.startAnswer(ctx, w, e, waiting.Ref)
	}
	if command {
		// A command with files: the files must not be lost, and the text
		// may be either, so the user decides.
		return true, c.hold(ctx, w, e, waiting, commandName(t))
	}
	return true, c.hold(ctx, w, e, waiting, "")
}

// commandWord is what a command name can be; anything else is not repeated
// back inside code markup.
var commandWord = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9-]{0,30}$`)

// commandName returns the command word a message starts with, without its
// slash or exclamation mark, or "" when it is no plausible command name.
func commandName(text string) string {
	t := strings.TrimLeft(strings.TrimSpace(text), "/!")
	f := strings.Fields(t)
	if len(f) == 0 || !commandWord.MatchString(f[0]) {
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
	return c.complainantOnly(ctx, e, ref, "answer", "Only the complainant can answer staff's question on %s.")
}

// waitingOwn loads a complaint of the event's user that waits for their
// answer.
func (c *Complaints) waitingOwn(ctx context.Context, e *bot.Event, ref string) (*ipdesk.Complaint, error) {
	cpl, err := c.answerOwn(ctx, e, ref)
	if err != nil {
		return nil, err
	}
	if cpl.Status == ipdesk.StatusNoResponse && !c.awaitsAnswer(cpl) {
		return nil, ipdesk.Errorf(ipdesk.ECONFLICT, "%s was closed on %s because staff's question went unanswered, and can no longer be reopened. Type `%s` to file a new complaint.", cpl.Ref, cpl.ClosedNoResponseAt.UTC().Format("2006-01-02"), e.Platform().Command("complain"))
	}
	if !c.awaitsAnswer(cpl) {
		return nil, ipdesk.Errorf(ipdesk.ECONFLICT, "%s is not waiting for an answer from you. Type `%s` to see your complaints.", cpl.Ref, e.Platform().Command("status"))
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
	asked := "Staff asked: " + markup.Escape(clipRunes(cpl.InfoQuestion, 300)) + "\n\n"
	if e.Kind != bot.KindAction {
		_, err = w.Reply(ctx, bot.Reply{
			Text:    asked + "Send your answer as your next message (text and files): photos or documents attached to it join the evidence of **" + cpl.Ref + "**.",
			Buttons: []bot.Button{{ID: actionAnswer, Label: "Answer in a form", Value: cpl.Ref}}})
		return err
	}
	_, err = w.Reply(ctx, bot.Reply{
		Text: asked + "Write your answer in the form, or send it as your next message here, with any photos or documents attached.",
		Form: &bot.Form{ID: "complain.info", Title: "Answer " + cpl.Ref, Submit: "Send", Value: cpl.Ref,
			Inputs: []bot.Input{{ID: "answer", Label: "Your answer", Kind: bot.InputParagraph, Required: true, MaxLen: 2000}}}})
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
	text, err := ipdesk.CleanText(e.Text, "Your answer", min, 2000, true)
	if err != nil {
		return err
	}
	items, unfetched, err := c.uploads(ctx, e.Files)
	if err != nil {
		return err
	}
	p := &ipdesk.PendingAnswer{Platform: e.User.Platform, UserID: e.User.ID, Ref: cpl.Ref, Mode: ipdesk.AnswerConfirm, Text: text, Evidence: items}
	if err := c.store.SavePendingAnswer(ctx, p); err != nil {
		return err
	}
	var what []string
	if text != "" {
		what = append(what, "“"+markup.Escape(clipRunes(strings.Join(strings.Fields(text), " "), 200))+"”")
	}
	for _, it := range items {
		what = append(what, markup.Escape(it.Name))
	}
	run := ""
	if command != "" {
		run = fmt.Sprintf("\n\nTo run `%s` instead, send it again without files.", e.Platform().Command(command))
	}
	_, err = w.Reply(ctx, bot.Reply{
		Text: fmt.Sprintf("Send this as your answer to **%s**? %s\n\nStaff asked: %s%s%s", cpl.Ref, strings.Join(what, ", "),
			sentence(markup.Escape(clipRunes(cpl.InfoQuestion, 300))), unfetchedNote(unfetched), run),
		Buttons: []bot.Button{
			{ID: actionAnswerSend, Label: "Yes, send it", Value: cpl.Ref, Style: bot.StylePrimary},
			{ID: actionAnswerDiscard, Label: "No, don't send", Value: cpl.Ref},
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
		return ipdesk.Errorf(ipdesk.ENOTFOUND, "There is no message waiting to be sent to %s. Press **Answer** under staff's question (or type `answer`) and write it again.", ref)
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
	_, err := w.Reply(ctx, bot.Reply{Text: "Not sent. When you are ready, press **Answer** under staff's question (or type `answer`)."})
	return err
}

// infoReply attaches a complainant's answer, and any files sent with it as
// evidence, to the complaint that asked for it, updates the card, and
// forgets the pending answer.
func (c *Complaints) infoReply(ctx context.Context, w bot.ResponseWriter, e *bot.Event, ref, text string, evidence []ipdesk.Evidence, unfetched []string) error {
	by := actor(e)
	by.Role = ipdesk.RoleUser // the complainant answers as the complainant, even if they are staff
	var before ipdesk.Status
	cpl, err := c.store.UpdateComplaint(ctx, ref, func(cpl *ipdesk.Complaint) (ipdesk.AuditEntry, error) {
		before = cpl.Status
		if n := len(cpl.Evidence) + len(evidence); len(evidence) > 0 && n > maxEvidence {
			return ipdesk.AuditEntry{}, ipdesk.Errorf(ipdesk.EINVALID, "A complaint takes at most %d pieces of evidence; %s has %d and you sent %d more. Send fewer files, or links to them.", maxEvidence, cpl.Ref, len(cpl.Evidence), len(evidence))
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
	msg := fmt.Sprintf("Thank you. Your answer was added to **%s** and staff can see it now.%s", cpl.Ref, reopenNote(before))
	if len(evidence) > 0 {
		msg += fmt.Sprintf(" %d file(s) were added to its evidence.", len(evidence))
	}
	_, err = w.Reply(ctx, bot.Reply{Text: msg + unfetchedNote(unfetched)})
	return err
}
