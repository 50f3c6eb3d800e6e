package handlers

import (
	"context"
	"fmt"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/markup"
)

// holdReader reads a complaint's legal hold, for the private case view.
type holdReader interface {
	LegalHold(ctx context.Context, ref string) (*ipdesk.LegalHold, error)
}

// EditCard redraws a complaint's review card in place from what the store
// holds now: after a deletion request the chat stops showing what was
// deleted. Unlike the card refresh of staff actions, it never posts a new
// card when the old one cannot be edited; the failure is logged.
func (c *Complaints) EditCard(ctx context.Context, ref string) {
	cpl, err := c.store.Complaint(ctx, ref)
	if err != nil {
		c.log.Warn("redraw review card", "ref", ref, "err", err)
		return
	}
	if cpl.CardRef == "" {
		return
	}
	mref, err := bot.ParseMessageRef(cpl.CardRef)
	if err == nil {
		err = c.send.Edit(ctx, mref, c.card(cpl))
	}
	if err != nil {
		c.log.Warn("redraw review card", "ref", ref, "err", err)
	}
}

// privateCase adds to the case view what only staff asking for one case
// may see, the complainant's email while the case is open and the case's
// legal hold, and records the view on the case's audit trail before
// anything is shown: every look at contact details leaves a trace.
func (c *Complaints) privateCase(ctx context.Context, e *bot.Event, cpl *ipdesk.Complaint, r *bot.Reply) error {
	a := actor(e)
	email := cpl.Consent && cpl.Contact != "" && cpl.Status.Open()
	note := "case view"
	if email {
		note = "case view with the complainant's email"
	}
	if err := c.store.AppendAudit(ctx, ipdesk.AuditEntry{Ref: cpl.Ref, Actor: a.Key, Role: a.Role, Platform: a.Platform,
		Action: ipdesk.ActionCaseViewed, Before: string(cpl.Status), After: string(cpl.Status), Note: note}); err != nil {
		return fmt.Errorf("audit case view: %w", err)
	}
	tr := e.Printer()
	if email {
		r.Fields = append(r.Fields, bot.Field{Label: tr.T("privacy.email_label"), Value: markup.Escape(cpl.Contact) + tr.T("privacy.email_note")})
	}
	if c.holds == nil {
		return nil
	}
	h, err := c.holds.LegalHold(ctx, cpl.Ref)
	if err != nil {
		return err
	}
	if h != nil {
		r.Fields = append(r.Fields, bot.Field{Label: tr.T("privacy.hold_label"), Value: tr.T("privacy.hold_value", "Since", tr.DateTime(h.Since), "By", markup.Escape(h.By), "Reason", markup.Escape(h.Reason))})
	}
	return nil
}
