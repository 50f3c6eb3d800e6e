package handlers

import (
	"context"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/i18n"
)

// This file files a finished draft: the checks before filing (every
// answer there, the filing limit), the filing itself, the review card and
// the complainant's receipt.

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
	if ipdesk.ErrorCode(err) == ipdesk.ENOTFOUND {
		return &ipdesk.Error{Code: ipdesk.ENOTFOUND, Message: e.Printer().T("wizard.draft_gone", "Cmd", commandIn(e, "complain"))}
	} else if err != nil {
		return err
	}
	if !created {
		return c.alreadyFiled(ctx, w, e, cpl)
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

// receipt is what the complainant is told once their complaint is filed,
// in their language, naming the status command as their client (of
// locale) shows it.
func (c *Complaints) receipt(tr i18n.Printer, locale string, cpl *ipdesk.Complaint) string {
	return tr.T("receipt.text", "Ref", cpl.Ref, "Period", tr.Period(c.sla), "Cmd", commandFor(tr, c.platform(cpl.Platform), locale, "status"))
}
