package handlers

import (
	"context"
	"fmt"
	"strings"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/markup"
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
		return ipdesk.Errorf(ipdesk.EINVALID, "Give the reference of your rejected complaint, e.g. `%s IPD-7K3Q9`.", invocation(e.User.Platform, "appeal"))
	}
	return c.startAppeal(ctx, w, e, ref)
}

// appealable loads the user's own complaint and checks that it can be
// appealed now.
func (c *Complaints) appealable(ctx context.Context, e *bot.Event, ref string) (*ipdesk.Complaint, error) {
	cpl, err := c.complainantOnly(ctx, e, ref, "appeal", "Only the complainant can appeal the decision on %s.")
	if err != nil {
		return nil, err
	}
	if ok, why := cpl.Appealable(c.now(), c.appealWindow); !ok {
		return nil, ipdesk.Errorf(ipdesk.ECONFLICT, "%s", why)
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
	text := fmt.Sprintf("Appeal of **%s** (rejected: %s). Tell us why the decision should be looked at again, in at least 20 characters, and attach any new photos or documents to the same message. A staff member who did not make the first decision will review it. You can appeal once.",
		cpl.Ref, markup.Escape(ipdesk.ReasonLabel(cpl.Decision.ReasonCode)))
	if e.Kind != bot.KindAction || e.Action.ID != actionAppeal {
		_, err = w.Reply(ctx, bot.Reply{Text: text, Buttons: []bot.Button{{ID: actionAppealForm, Label: "Appeal in a form", Value: cpl.Ref}}})
		return err
	}
	_, err = w.Reply(ctx, bot.Reply{Text: text, Form: appealForm(cpl)})
	return err
}

func appealForm(cpl *ipdesk.Complaint) *bot.Form {
	return &bot.Form{ID: formAppeal, Title: "Appeal " + cpl.Ref, Submit: "Appeal", Value: cpl.Ref, Inputs: []bot.Input{
		{ID: "reason", Label: "Why should we look again?", Kind: bot.InputParagraph, Required: true, MaxLen: 2000,
			Placeholder: "What the decision missed, and any new evidence (links are fine)"},
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
	if strings.EqualFold(t, "cancel") && len(e.Files) == 0 {
		if err := c.store.DeletePendingAnswer(ctx, e.User.Platform, e.User.ID); err != nil {
			return true, err
		}
		_, err := w.Reply(ctx, bot.Reply{Text: fmt.Sprintf("Not appealed. You can still appeal %s while the time to appeal lasts.", p.Ref)})
		return true, err
	}
	items, unfetched, err := c.uploads(ctx, e.Files)
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
			return ipdesk.AuditEntry{}, ipdesk.Errorf(ipdesk.EINVALID, "A complaint takes at most %d pieces of evidence; %s has %d and you sent %d more. Send fewer files, or links to them.", maxEvidence, cpl.Ref, len(cpl.Evidence), len(evidence))
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
	msg := fmt.Sprintf("Your appeal of **%s** is filed. A staff member who did not make the first decision will review it, and you'll hear from us here.", cpl.Ref)
	if len(evidence) > 0 {
		msg += fmt.Sprintf(" %d file(s) were added to its evidence.", len(evidence))
	}
	_, err = w.Reply(ctx, bot.Reply{Text: msg + unfetchedNote(unfetched)})
	return err
}

// serveAppealForm handles the appeal form.
func (c *Complaints) serveAppealForm(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
	ref, _ := splitRefVersion(e.Form.Value)
	if ref == "" {
		return ipdesk.Errorf(ipdesk.EINVALID, "That form is broken; type `%s IPD-…` instead.", invocation(e.User.Platform, "appeal"))
	}
	if _, err := ipdesk.CleanText(e.Form.Fields["reason"], "Your reason", 20, 2000, true); err != nil {
		return &bot.FormError{Fields: map[string]string{"reason": ipdesk.ErrorMessage(err)}}
	}
	if _, err := c.appealable(ctx, e, ref); err != nil {
		return err
	}
	return c.fileAppeal(ctx, w, e, ref, e.Form.Fields["reason"], nil, nil)
}

// appealFields shows staff the appeal and the rejection it appeals.
func appealFields(cpl *ipdesk.Complaint) []bot.Field {
	a := cpl.Appeal
	if a == nil {
		return nil
	}
	r := a.Rejection
	first := "rejected by " + markup.Escape(r.By) + " on " + fmtTime(r.At) + ": " + markup.Escape(ipdesk.ReasonLabel(r.ReasonCode))
	if r.Note != "" {
		first += "\n\n" + quote(r.Note)
	}
	v := quote(a.Reason)
	for _, ev := range a.Evidence {
		v += "\n\n📎 " + evidenceForStaff(ev, cpl.Platform)
	}
	return []bot.Field{
		{Label: "Appealed " + fmtTime(a.At), Value: v},
		{Label: "First decision", Value: first + "\n\n" + markup.Escape(r.By) + " may not decide the appeal."},
	}
}
