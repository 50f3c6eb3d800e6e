package handlers

import (
	"context"
	"strings"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/markup"
	"github.com/ipdesk/ipdesk/i18n"
)

// The withdraw buttons. Their value is the complaint's reference.
const (
	actionWithdraw    = "complain.withdraw"         // asks for confirmation
	actionWithdrawYes = "complain.withdraw.confirm" // withdraws
	actionWithdrawNo  = "complain.withdraw.keep"    // keeps the complaint open
)

// maxWithdrawButtons bounds the Withdraw buttons under one status list; the
// command names any complaint.
const maxWithdrawButtons = 10

// withdrawButton is the Withdraw button for one open complaint.
func withdrawButton(tr i18n.Printer, cpl *ipdesk.Complaint) bot.Button {
	return bot.Button{ID: actionWithdraw, Label: tr.T("withdraw.button", "Ref", cpl.Ref), Value: cpl.Ref}
}

// serveWithdraw handles "withdraw IPD-…"; without a reference it lists the
// user's open complaints with a Withdraw button each.
func (c *Complaints) serveWithdraw(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
	tr := e.Printer()
	arg := strings.TrimSpace(e.Args)
	if arg != "" {
		return c.askWithdraw(ctx, w, e, arg)
	}
	list, err := c.store.ComplaintsByUser(ctx, e.User.Platform, e.User.ID)
	if err != nil {
		return err
	}
	r := bot.Reply{Ephemeral: true}
	var refs []string
	for i := range list {
		if list[i].Status.Open() {
			refs = append(refs, "**"+list[i].Ref+"**")
			if len(r.Buttons) < maxWithdrawButtons {
				r.Buttons = append(r.Buttons, withdrawButton(tr, &list[i]))
			}
		}
	}
	if len(refs) == 0 {
		return &ipdesk.Error{Code: ipdesk.ENOTFOUND, Message: tr.T("withdraw.none", "Cmd", commandIn(e, "status"))}
	}
	r.Text = tr.T("withdraw.which", "Refs", strings.Join(refs, tr.T("list.sep")), "Cmd", commandIn(e, "withdraw"))
	_, err = w.Reply(ctx, r)
	return err
}

// ownComplaint loads a complaint the event's user wants to withdraw (see
// complainantOnly).
func (c *Complaints) ownComplaint(ctx context.Context, e *bot.Event, typed string) (*ipdesk.Complaint, error) {
	tr := e.Printer()
	ref, ok := ipdesk.ParseRef(typed)
	if !ok {
		return nil, &ipdesk.Error{Code: ipdesk.EINVALID, Message: tr.T("withdraw.usage", "Cmd", commandIn(e, "withdraw"))}
	}
	return c.complainantOnly(ctx, e, ref, "withdraw", "withdraw.staff_refusal")
}

// askWithdraw asks the complainant to confirm: a withdrawal cannot be
// undone.
func (c *Complaints) askWithdraw(ctx context.Context, w bot.ResponseWriter, e *bot.Event, ref string) error {
	cpl, err := c.ownComplaint(ctx, e, ref)
	if err != nil {
		return err
	}
	tr := e.Printer()
	if !cpl.Status.Open() {
		return &ipdesk.Error{Code: ipdesk.ECONFLICT, Message: tr.T("withdraw.closed", "Ref", cpl.Ref, "Status", statusLabel(tr, cpl.Status))}
	}
	_, err = w.Reply(ctx, bot.Reply{Ephemeral: true,
		Text: tr.T("withdraw.confirm", "Ref", cpl.Ref, "Kind", kindLabel(tr, cpl.Kind), "Seller", markup.Escape(clipRunes(cpl.Seller, 60))),
		Buttons: []bot.Button{
			{ID: actionWithdrawYes, Label: tr.T("withdraw.yes", "Ref", cpl.Ref), Value: cpl.Ref, Style: bot.StyleDanger},
			{ID: actionWithdrawNo, Label: tr.T("withdraw.keep"), Value: cpl.Ref},
		}})
	return err
}

// withdraw withdraws the complaint, updates its card in place and tells the
// complainant. It races staff decisions like any other change: whichever
// the store commits first wins, and the other is told.
func (c *Complaints) withdraw(ctx context.Context, w bot.ResponseWriter, e *bot.Event, ref string) error {
	own, err := c.ownComplaint(ctx, e, ref)
	if err != nil {
		return err
	}
	by := actor(e)
	by.Role = ipdesk.RoleUser // the complainant withdraws as the complainant, even if they are staff
	cpl, err := c.store.UpdateComplaint(ctx, own.Ref, func(cpl *ipdesk.Complaint) (ipdesk.AuditEntry, error) {
		return cpl.Apply(ipdesk.Change{Action: ipdesk.ActionWithdraw, By: by}, c.now())
	})
	if err != nil {
		return err
	}
	c.log.Info("complaint changed", "ref", cpl.Ref, "action", string(ipdesk.ActionWithdraw), "by", by.Key, "status", string(cpl.Status))
	c.refreshCard(ctx, cpl)
	// Only to the complainant: pressed or typed in a shared channel, the
	// withdrawal is nobody else's business.
	_, err = w.Reply(ctx, bot.Reply{Ephemeral: true, Text: e.Printer().T("withdraw.done", "Ref", cpl.Ref, "Cmd", commandIn(e, "status"))})
	return err
}
