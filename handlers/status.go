package handlers

import (
	"context"
	"fmt"
	"strings"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/markup"
)

// serveStatus lists the user's own complaints on this platform, and only
// theirs.
func (c *Complaints) serveStatus(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
	list, err := c.store.ComplaintsByUser(ctx, e.User.Platform, e.User.ID)
	if err != nil {
		return err
	}
	var b strings.Builder
	if d, err := c.store.Draft(ctx, e.User.Platform, e.User.ID); err == nil && c.now().Sub(d.UpdatedAt) <= c.expiry {
		fmt.Fprintf(&b, "You have a complaint in progress (at the question about %s). Type `%s` to continue it.\n\n", strings.ToLower(findStepLabel(d.Step)), invocation(e.User.Platform, "complain"))
	}
	if len(list) == 0 {
		b.WriteString("You have not filed any complaints. Type `" + invocation(e.User.Platform, "complain") + "` to report a counterfeit or infringing listing.")
		_, err := w.Reply(ctx, bot.Reply{Text: b.String(), Ephemeral: true})
		return err
	}
	b.WriteString("**Your complaints**\n")
	var buttons []bot.Button
	open := 0
	for i, cpl := range list {
		if cpl.Status.Open() {
			open++
			if len(buttons) < maxWithdrawButtons {
				buttons = append(buttons, withdrawButton(&list[i]))
			}
		}
		fmt.Fprintf(&b, "\n- **%s**, filed %s: %s", cpl.Ref, cpl.CreatedAt.UTC().Format("2006-01-02"), cpl.Status.PublicLabel())
		if d := cpl.Decision; d != nil && cpl.Status == ipdesk.StatusApproved {
			b.WriteString(", " + d.Compensation())
		} else if d != nil && cpl.Status == ipdesk.StatusRejected {
			b.WriteString(": " + ipdesk.ReasonLabel(d.ReasonCode))
		}
		if cpl.Status == ipdesk.StatusNeedsInfo {
			b.WriteString(". Staff asked: " + sentence(markup.Escape(clipRunes(cpl.InfoQuestion, 200))) + " Type `answer` in our direct messages to reply.")
		}
		if cpl.Reopenable(c.now()) {
			fmt.Fprintf(&b, ". To reopen it, answer staff's question by %s: type `answer` in our direct messages.", fmtTime(cpl.ClosedNoResponseAt.Add(ipdesk.ReopenWindow)))
		}
	}
	if open > 0 {
		fmt.Fprintf(&b, "\n\nTo withdraw an open complaint, press its button or type `%s IPD-…`.", invocation(e.User.Platform, "withdraw"))
	}
	_, err = w.Reply(ctx, bot.Reply{Text: b.String(), Buttons: buttons, Ephemeral: true})
	return err
}

func findStepLabel(name string) string {
	if s := findStep(name); s != nil {
		return s.label
	}
	return name
}

// serveQueue lists open complaints for staff, oldest first, with how long
// each has waited.
func (c *Complaints) serveQueue(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
	if !e.User.Staff {
		return ipdesk.Errorf(ipdesk.EUNAUTHORIZED, "Only staff can use `queue`.")
	}
	list, err := c.store.Queue(ctx)
	if err != nil {
		return err
	}
	unpaid, err := c.store.Unpaid(ctx)
	if err != nil {
		return err
	}
	var b strings.Builder
	now := c.now()
	if len(list) == 0 {
		b.WriteString("The queue is empty: no open complaints.")
	} else {
		fmt.Fprintf(&b, "**Open complaints** (%d, oldest first)\n", len(list))
	}
	for _, cpl := range list {
		// The wait is for staff: time the complainant takes to answer a
		// question is not counted.
		waited := now.Sub(waitStart(&cpl))
		wait := "waiting " + age(waited)
		if cpl.Status == ipdesk.StatusNeedsInfo {
			wait = "filed " + age(now.Sub(cpl.CreatedAt)) + " ago"
		}
		fmt.Fprintf(&b, "\n- **%s** · %s · %s · %s · %s", cpl.Ref, wait, cpl.Status.Label(), marketplace(&cpl).Name, markup.Escape(clipRunes(cpl.Seller, 40)))
		if cpl.Assignee != "" {
			b.WriteString(" · " + markup.Escape(cpl.Assignee))
		}
		if waited > c.sla && cpl.Status != ipdesk.StatusNeedsInfo {
			b.WriteString(" · **over SLA**")
		}
	}
	if len(unpaid) > 0 {
		fmt.Fprintf(&b, "\n\n**Approved, not paid yet** (%d, longest waiting first)\n", len(unpaid))
		for _, cpl := range unpaid {
			fmt.Fprintf(&b, "\n- **%s** · approved %s ago · %s", cpl.Ref, age(now.Sub(cpl.Decision.At)), cpl.Decision.Compensation())
			if cpl.PayoutState() == ipdesk.PayoutFailed {
				b.WriteString(" · **last payment failed**: " + markup.Escape(clipRunes(cpl.Payouts[len(cpl.Payouts)-1].Reason, 80)))
			}
		}
	}
	_, err = w.Reply(ctx, bot.Reply{Text: b.String(), Ephemeral: true})
	return err
}

// serveCase shows staff one complaint, with the buttons its status allows,
// and its audit trail.
func (c *Complaints) serveCase(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
	if !e.User.Staff {
		return ipdesk.Errorf(ipdesk.EUNAUTHORIZED, "Only staff can use `case`.")
	}
	ref, ok := ipdesk.ParseRef(e.Args)
	if !ok {
		return ipdesk.Errorf(ipdesk.EINVALID, "Give a complaint reference, written like `case IPD-7K3Q9`: IPD- and the letters and digits from the receipt.")
	}
	cpl, err := c.store.Complaint(ctx, ref)
	if err != nil {
		return err
	}
	trail, err := c.store.AuditTrail(ctx, ref)
	if err != nil {
		return err
	}
	// The card with its buttons: after a restart, or on the console, the
	// review channel's card may be far up or gone, and staff act from here.
	r := c.cardRounds(cpl, 0)
	if b, ok := filesButton(cpl); ok && !cpl.Status.Open() {
		// A closed card has no buttons; its files are still there.
		r.Buttons = append(r.Buttons, b)
	}
	var b strings.Builder
	b.WriteString(r.Text + "\n\n")
	if notes := notesText(trail); notes != "" {
		b.WriteString("**Internal notes** (staff only)\n" + notes + "\n**Audit trail**\n")
	} else {
		b.WriteString("**Audit trail**\n")
	}
	for _, a := range trail {
		fmt.Fprintf(&b, "\n- %s · %s (%s, %s) · %s", fmtTime(a.At), markup.Escape(a.Actor), a.Role, a.Platform, a.Action)
		if a.Before != a.After {
			fmt.Fprintf(&b, " · %s → %s", orDash(a.Before), orDash(a.After))
		}
		if a.Note != "" {
			b.WriteString(" · " + markup.Escape(clipRunes(a.Note, 300)))
		}
	}
	r.Text, r.Ephemeral = b.String(), true
	if err := c.privateCase(ctx, e, cpl, &r); err != nil {
		return err
	}
	_, err = w.Reply(ctx, r)
	return err
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}
