package handlers

import (
	"context"
	"fmt"
	"strings"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/markup"
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
func withdrawButton(cpl *ipdesk.Complaint) bot.Button {
	return bot.Button{ID: actionWithdraw, Label: "Withdraw " + cpl.Ref, Value: cpl.Ref}
}

// serveWithdraw handles "withdraw IPD-…"; without a reference it lists the
// user's open complaints with a Withdraw button each.
func (c *Complaints) serveWithdraw(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
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
				r.Buttons = append(r.Buttons, withdrawButton(&list[i]))
			}
		}
	}
	if len(refs) == 0 {
		return ipdesk.Errorf(ipdesk.ENOTFOUND, "You have no open complaints to withdraw. Type `%s` to see all of yours.", invocation(e.User.Platform, "status"))
	}
	r.Text = fmt.Sprintf("Which complaint do you want to withdraw? Your open complaints: %s. Press its button, or type `%s IPD-…`.", strings.Join(refs, ", "), invocation(e.User.Platform, "withdraw"))
	_, err = w.Reply(ctx, r)
	return err
}

// ownComplaint loads a complaint the event's user wants to withdraw (see
// complainantOnly).
func (c *Complaints) ownComplaint(ctx context.Context, e *bot.Event, typed string) (*ipdesk.Complaint, error) {
	ref, ok := ipdesk.ParseRef(typed)
	if !ok {
		return nil, ipdesk.Errorf(ipdesk.EINVALID, "Give the reference of your complaint, e.g. `%s IPD-7K3Q9`.", invocation(e.User.Platform, "withdraw"))
	}
	return c.complainantOnly(ctx, e, ref, "withdraw",
		"Only the complainant can withdraw %s. Staff decide it instead, for example by rejecting it with a reason.")
}

// askWithdraw asks the complainant to confirm: a withdrawal cannot be
// undone.
func (c *Complaints) askWithdraw(ctx context.Context, w bot.ResponseWriter, e *bot.Event, ref string) error {
	cpl, err := c.ownComplaint(ctx, e, ref)
	if err != nil {
		return err
	}
	if !cpl.Status.Open() {
		return ipdesk.Errorf(ipdesk.ECONFLICT, "%s is already %s, so it can no longer be withdrawn.", cpl.Ref, cpl.Status.Label())
	}
	_, err = w.Reply(ctx, bot.Reply{Ephemeral: true,
		Text: fmt.Sprintf("Withdraw **%s** (%s, %s)? Staff stop working on it and it cannot be reopened; you can file a new complaint later.", cpl.Ref, cpl.Kind.Label(), markup.Escape(clipRunes(cpl.Seller, 60))),
		Buttons: []bot.Button{
			{ID: actionWithdrawYes, Label: "Yes, withdraw " + cpl.Ref, Value: cpl.Ref, Style: bot.StyleDanger},
			{ID: actionWithdrawNo, Label: "Keep it", Value: cpl.Ref},
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
	_, err = w.Reply(ctx, bot.Reply{Ephemeral: true, Text: fmt.Sprintf("**%s** is withdrawn. Staff can see that you withdrew it, and nothing more will be done with it. Type `%s` to see your complaints.", cpl.Ref, invocation(e.User.Platform, "status"))})
	return err
}
