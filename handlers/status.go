package handlers

import (
	"context"
	"fmt"
	"strings"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/markup"
	"github.com/ipdesk/ipdesk/i18n"
)

// serveStatus lists the user's own complaints on this platform, and only
// theirs.
func (c *Complaints) serveStatus(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
	list, err := c.store.ComplaintsByUser(ctx, e.User.Platform, e.User.ID)
	if err != nil {
		return err
	}
	tr := e.Printer()
	var b strings.Builder
	if d, err := c.store.Draft(ctx, e.User.Platform, e.User.ID); err == nil && c.now().Sub(d.UpdatedAt) <= c.expiry {
		b.WriteString(tr.T("status.draft", "Step", stepLabel(tr, d.Step), "Cmd", commandIn(e, "complain")) + "\n\n")
	}
	if len(list) == 0 {
		b.WriteString(tr.T("status.none", "Cmd", commandIn(e, "complain")))
		_, err := w.Reply(ctx, bot.Reply{Text: b.String(), Ephemeral: true})
		return err
	}
	b.WriteString(tr.T("status.title") + "\n")
	var buttons []bot.Button
	open := 0
	for i, cpl := range list {
		if cpl.Status.Open() {
			open++
			if len(buttons) < maxWithdrawButtons {
				buttons = append(buttons, withdrawButton(tr, &list[i]))
			}
		}
		b.WriteString("\n- " + tr.T("status.line", "Ref", cpl.Ref, "Date", tr.Date(cpl.CreatedAt), "Status", publicStatusLabel(tr, cpl.Status)))
		if d := cpl.Decision; d != nil && cpl.Status == ipdesk.StatusApproved {
			b.WriteString(tr.T("list.sep") + compensation(tr, d))
		} else if d != nil && cpl.Status == ipdesk.StatusRejected {
			b.WriteString(tr.T("list.colon") + reasonLabel(tr, d.ReasonCode))
		}
		if cpl.Status == ipdesk.StatusNeedsInfo {
			b.WriteString(tr.T("status.asked", "Question", sentence(markup.Escape(clipRunes(cpl.InfoQuestion, 200)))))
		}
		if cpl.Reopenable(c.now()) {
			b.WriteString(tr.T("status.reopen", "By", tr.DateTime(cpl.ClosedNoResponseAt.Add(ipdesk.ReopenWindow))))
		}
	}
	if open > 0 {
		b.WriteString("\n\n" + tr.T("status.withdraw_hint", "Cmd", commandIn(e, "withdraw")))
	}
	_, err = w.Reply(ctx, bot.Reply{Text: b.String(), Buttons: buttons, Ephemeral: true})
	return err
}

// stepLabel names a wizard step in the reader's language.
func stepLabel(tr i18n.Printer, name string) string {
	return labelOr(tr, "step."+name, name)
}

// commandIn is what the user of e types to run command name, by its name
// in their language where the platform shows that name (see writeCommand).
func commandIn(e *bot.Event, name string) string {
	return commandFor(e.Printer(), e.Where.Platform, e.Locale, name)
}

// commandFor is what a user on platform whose client is in locale types to
// run command name, in tr's language: Discord shows a slash command by its
// localized name only to a client in that language (an unknown locale gets
// the command's own name, which every client accepts).
func commandFor(tr i18n.Printer, platform, locale, name string) string {
	loc := name
	if id := "cmd." + name + ".name"; tr.Has(id) {
		loc = tr.T(id)
	}
	if platform == bot.Discord {
		if l, ok := tr.Catalog().Match(locale); !ok || l != tr.Lang() {
			loc = name
		}
	}
	return invocation(platform, loc)
}

// serveQueue lists open complaints for staff, oldest first, with how long
// each has waited.
func (c *Complaints) serveQueue(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
	tr := e.Printer()
	if !e.User.Staff {
		return &ipdesk.Error{Code: ipdesk.EUNAUTHORIZED, Message: tr.T("queue.staff_only")}
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
		b.WriteString(tr.T("queue.empty"))
	} else {
		b.WriteString(tr.T("queue.title", "Count", len(list)) + "\n")
	}
	for _, cpl := range list {
		// The wait is for staff: time the complainant takes to answer a
		// question is not counted.
		waited := now.Sub(waitStart(&cpl))
		wait := tr.T("queue.waiting", "Age", tr.Age(waited))
		if cpl.Status == ipdesk.StatusNeedsInfo {
			wait = tr.T("queue.filed", "Age", tr.Age(now.Sub(cpl.CreatedAt)))
		}
		fmt.Fprintf(&b, "\n- **%s** · %s · %s · %s · %s", cpl.Ref, wait, statusLabel(tr, cpl.Status), marketplaceName(tr, marketplace(&cpl)), markup.Escape(clipRunes(cpl.Seller, 40)))
		if cpl.Assignee != "" {
			b.WriteString(" · " + markup.Escape(cpl.Assignee))
		}
		if waited > c.sla && cpl.Status != ipdesk.StatusNeedsInfo {
			b.WriteString(" · " + tr.T("queue.over_sla"))
		}
	}
	if len(unpaid) > 0 {
		b.WriteString("\n\n" + tr.T("queue.unpaid_title", "Count", len(unpaid)) + "\n")
		for _, cpl := range unpaid {
			fmt.Fprintf(&b, "\n- **%s** · %s · %s", cpl.Ref, tr.T("queue.approved_ago", "Age", tr.Age(now.Sub(cpl.Decision.At))), compensation(tr, cpl.Decision))
			if cpl.PayoutState() == ipdesk.PayoutFailed {
				b.WriteString(" · " + tr.T("queue.payment_failed", "Reason", markup.Escape(clipRunes(cpl.Payouts[len(cpl.Payouts)-1].Reason, 80))))
			}
		}
	}
	_, err = w.Reply(ctx, bot.Reply{Text: b.String(), Ephemeral: true})
	return err
}

// serveCase shows staff one complaint, with the buttons its status allows,
// and its audit trail.
func (c *Complaints) serveCase(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
	tr := e.Printer()
	if !e.User.Staff {
		return &ipdesk.Error{Code: ipdesk.EUNAUTHORIZED, Message: tr.T("case.staff_only")}
	}
	ref, ok := ipdesk.ParseRef(e.Args)
	if !ok {
		return &ipdesk.Error{Code: ipdesk.EINVALID, Message: tr.T("case.usage")}
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
	if b, ok := filesButton(c.reviewTr, cpl); ok && !cpl.Status.Open() {
		// A closed card has no buttons; its files are still there.
		r.Buttons = append(r.Buttons, b)
	}
	var b strings.Builder
	b.WriteString(r.Text + "\n\n")
	if notes := notesText(tr, trail); notes != "" {
		b.WriteString(tr.T("case.notes") + "\n" + notes + "\n" + tr.T("case.trail") + "\n")
	} else {
		b.WriteString(tr.T("case.trail") + "\n")
	}
	// The trail's rows are records, kept in the words they were written
	// in; only their times are written for the reader.
	for _, a := range trail {
		fmt.Fprintf(&b, "\n- %s · %s (%s, %s) · %s", tr.DateTime(a.At), markup.Escape(a.Actor), a.Role, a.Platform, a.Action)
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
