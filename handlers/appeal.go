package handlers

import (
	"context"
	"strings"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/markup"
	"github.com/ipdesk/ipdesk/i18n"
)

// A rejected complainant may appeal once, within the appeal window, with a
// reason and any new evidence: `appeal IPD-…` or the Appeal button under
// the rejection. The next message in their direct messages is the appeal
// (files attached to it join the evidence), or they fill in the form. The
// appeal reopens the complaint with a new card, for a staff member other
// than the one who rejected it (the domain rules refuse that one).

// The appeal buttons and form; their value is the complaint's reference.
const (
	actionAppeal     = "complain.appeal"      // the button under a rejection: opens the form, and the next message is the appeal
	actionAppealForm = "complain.appeal.form" // opens the form
	formAppeal       = "complain.appeal"      // the appeal form
	modeAppeal       = "appeal"               // a PendingAnswer waiting for the appeal's message
)

// serveAppeal handles `appeal IPD-…`.
func (c *Complaints) serveAppeal(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
	ref, ok := ipdesk.ParseRef(strings.TrimSpace(e.Args))
	if !ok {
		return &ipdesk.Error{Code: ipdesk.EINVALID, Message: e.Printer().T("appeal.usage", "Cmd", commandIn(e, "appeal"))}
	}
	return c.startAppeal(ctx, w, e, ref)
}

// appealable loads the user's own complaint and checks that it can be
// appealed now.
func (c *Complaints) appealable(ctx context.Context, e *bot.Event, ref string) (*ipdesk.Complaint, error) {
	cpl, err := c.complainantOnly(ctx, e, ref, "appeal", "appeal.staff_refusal")
	if err != nil {
		return nil, err
	}
	if ok, why := cpl.AppealableMsg(c.now(), c.appealWindow); !ok {
		return nil, &ipdesk.Error{Code: ipdesk.ECONFLICT, Message: e.Printer().Msg(why)}
	}
	return cpl, nil
}

// startAppeal is the Appeal button or command: the user's next message is
// the appeal; a button press also opens the form.
func (c *Complaints) startAppeal(ctx context.Context, w bot.ResponseWriter, e *bot.Event, ref string) error {
	cpl, err := c.appealable(ctx, e, ref)
	if err != nil {
		return err
	}
	if err := c.store.SavePendingAnswer(ctx, &ipdesk.PendingAnswer{Platform: e.User.Platform, UserID: e.User.ID, Ref: cpl.Ref, Mode: modeAppeal}); err != nil {
		return err
	}
	tr := e.Printer()
	text := tr.T("appeal.start", "Ref", cpl.Ref, "Reason", markup.Escape(reasonLabel(tr, cpl.Decision.ReasonCode)))
	if e.Kind != bot.KindAction || e.Action.ID != actionAppeal {
		_, err = w.Reply(ctx, bot.Reply{Text: text, Buttons: []bot.Button{{ID: actionAppealForm, Label: tr.T("appeal.form_button"), Value: cpl.Ref}}})
		return err
	}
	_, err = w.Reply(ctx, bot.Reply{Text: text, Form: appealForm(tr, cpl)})
	return err
}

func appealForm(tr i18n.Printer, cpl *ipdesk.Complaint) *bot.Form {
	return &bot.Form{ID: formAppeal, Title: tr.T("appeal.form_title", "Ref", cpl.Ref), Submit: tr.T("appeal.form_submit"), Value: cpl.Ref, Inputs: []bot.Input{
		{ID: "reason", Label: tr.T("appeal.form_reason"), Kind: bot.InputParagraph, Required: true, MaxLen: 2000,
			Placeholder: tr.T("appeal.form_placeholder")},
	}}
}

// appealMessage takes a direct message as the appeal the user started. A
// command (a command word alone, or with a slash) still runs, unless files
// came with it. It reports whether the message was handled.
func (c *Complaints) appealMessage(ctx context.Context, w bot.ResponseWriter, e *bot.Event) (bool, error) {
	p, err := c.store.PendingAnswer(ctx, e.User.Platform, e.User.ID)
	if ipdesk.ErrorCode(err) == ipdesk.ENOTFOUND || (err == nil && p.Mode != modeAppeal) {
		return false, nil
	} else if err != nil {
		return false, err
	}
	t := strings.TrimSpace(e.Text)
	explicit := strings.HasPrefix(t, "/") || strings.HasPrefix(t, "!")
	bare := explicit || (c.isCommand(t, e.User.Staff) && !strings.ContainsAny(t, " \t\r\n"))
	if bare && len(e.Files) == 0 {
		return false, nil
	}
	if isWord(e.Printer(), t, "cancel") && len(e.Files) == 0 {
		if err := c.store.DeletePendingAnswer(ctx, e.User.Platform, e.User.ID); err != nil {
			return true, err
		}
		_, err := w.Reply(ctx, bot.Reply{Text: e.Printer().T("appeal.cancelled", "Ref", p.Ref)})
		return true, err
	}
	items, unfetched, err := c.uploads(ctx, e.Printer(), e.Files)
	if err != nil {
		return true, err
	}
	return true, c.fileAppeal(ctx, w, e, p.Ref, e.Text, items, unfetched)
}

// fileAppeal records the appeal, posts a new card for staff and tells the
// complainant what happens next.
func (c *Complaints) fileAppeal(ctx context.Context, w bot.ResponseWriter, e *bot.Event, ref, reason string, evidence []ipdesk.Evidence, unfetched []string) error {
	by := actor(e)
	by.Role = ipdesk.RoleUser // the complainant appeals as the complainant, even if they are staff
	cpl, err := c.store.UpdateComplaint(ctx, ref, func(cpl *ipdesk.Complaint) (ipdesk.AuditEntry, error) {
		if n := len(cpl.Evidence) + len(evidence); len(evidence) > 0 && n > maxEvidence {
			return ipdesk.AuditEntry{}, &ipdesk.Error{Code: ipdesk.EINVALID, Message: e.Printer().T("answer.too_much_evidence", "Max", maxEvidence, "Ref", cpl.Ref, "Have", len(cpl.Evidence), "Sent", len(evidence))}
		}
		return cpl.Apply(ipdesk.Change{Action: ipdesk.ActionAppeal, By: by, Note: reason, Evidence: evidence, AppealWindow: c.appealWindow}, c.now())
	})
	if err != nil {
		return err
	}
	if err := c.store.DeletePendingAnswer(context.WithoutCancel(ctx), e.User.Platform, e.User.ID); err != nil {
		c.log.Error("forget pending appeal", "ref", cpl.Ref, "err", err)
	}
	c.log.Info("complaint changed", "ref", cpl.Ref, "action", string(ipdesk.ActionAppeal), "by", by.Key, "status", string(cpl.Status))
	// A new card, at the bottom of the review channel: the old one, far
	// up, shows the rejection.
	if err := c.postCard(ctx, cpl); err != nil {
		c.log.Error("post review card", "ref", cpl.Ref, "err", err)
	}
	msg := e.Printer().T("appeal.filed", "Ref", cpl.Ref)
	if len(evidence) > 0 {
		msg += e.Printer().T("appeal.files_added", "Count", len(evidence))
	}
	_, err = w.Reply(ctx, bot.Reply{Text: msg + unfetchedNote(e.Printer(), unfetched)})
	return err
}

// serveAppealForm handles the appeal form.
func (c *Complaints) serveAppealForm(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
	ref, _ := splitRefVersion(e.Form.Value)
	if ref == "" {
		return &ipdesk.Error{Code: ipdesk.EINVALID, Message: e.Printer().T("appeal.form_broken", "Cmd", commandIn(e, "appeal"))}
	}
	if _, err := ipdesk.CleanText(e.Form.Fields["reason"], e.Printer().T("appeal.field.reason"), 20, 2000, true); err != nil {
		return &bot.FormError{Fields: map[string]string{"reason": e.Printer().Error(err)}}
	}
	if _, err := c.appealable(ctx, e, ref); err != nil {
		return err
	}
	return c.fileAppeal(ctx, w, e, ref, e.Form.Fields["reason"], nil, nil)
}

// appealFields shows staff the appeal and the rejection it appeals.
func appealFields(tr i18n.Printer, cpl *ipdesk.Complaint, where string) []bot.Field {
	a := cpl.Appeal
	if a == nil {
		return nil
	}
	r := a.Rejection
	first := tr.T("card.first_rejected", "By", markup.Escape(r.By), "When", tr.DateTime(r.At), "Reason", markup.Escape(reasonLabel(tr, r.ReasonCode)))
	if r.Note != "" {
		first += "\n\n" + quote(r.Note)
	}
	v := quote(a.Reason)
	for _, ev := range a.Evidence {
		v += "\n\n📎 " + evidenceForStaff(tr, ev, where)
	}
	return []bot.Field{
		{Label: tr.T("card.appealed", "When", tr.DateTime(a.At)), Value: v},
		{Label: tr.T("card.first_decision"), Value: first + "\n\n" + tr.T("card.may_not", "By", markup.Escape(r.By))},
	}
}
