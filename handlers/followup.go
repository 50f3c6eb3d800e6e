package handlers

import (
	"context"
	"fmt"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/i18n"
)

// When the complainant goes quiet: a complaint waiting for their answer to
// a staff question gets one reminder at half the info timeout, and closes
// as unanswered at its end, never sooner than half the timeout after the
// reminder (so a reminder sent late, after the bot was down, still gives
// the time it promises). An answer within ReopenWindow reopens it. A draft
// gets one warning before it expires, and expires only after it.

// infoKind names the reminder of one question round, so each question
// earns one.
func infoKind(cpl *ipdesk.Complaint) string { return fmt.Sprintf("info:%d", len(cpl.InfoRounds())) }

// answerBy is when an unanswered question closes the complaint: the info
// timeout after it was asked, or half of it after a late reminder.
func (c *Complaints) answerBy(cpl *ipdesk.Complaint, remindedAt time.Time) time.Time {
	asked := cpl.LastAsked()
	if asked.IsZero() {
		asked = cpl.UpdatedAt
	}
	by := asked.Add(c.infoTimeout)
	if !remindedAt.IsZero() && remindedAt.Add(c.infoTimeout/2).After(by) {
		by = remindedAt.Add(c.infoTimeout / 2)
	}
	return by
}

// followUp reminds complainants of unanswered questions and closes the
// complaints whose time ran out.
func (c *Complaints) followUp(ctx context.Context) error {
	list, err := c.store.WaitingForComplainant(ctx)
	if err != nil {
		return err
	}
	now := c.now()
	for i := range list {
		cpl := &list[i]
		asked := cpl.LastAsked()
		if asked.IsZero() {
			asked = cpl.UpdatedAt
		}
		if now.Sub(asked) < c.infoTimeout/2 {
			continue
		}
		kind := infoKind(cpl)
		sentAt, sent, err := c.store.ReminderSentAt(ctx, cpl.ID, kind)
		if err != nil {
			return err
		}
		if !sent {
			if err := c.remindComplainant(ctx, cpl, kind); err != nil {
				return err
			}
			continue
		}
		if !now.Before(c.answerBy(cpl, sentAt)) {
			if err := c.closeUnanswered(ctx, cpl); err != nil {
				return err
			}
		}
	}
	return nil
}

// remindComplainant sends the one reminder of a question round.
func (c *Complaints) remindComplainant(ctx context.Context, cpl *ipdesk.Complaint, kind string) error {
	ok, err := c.store.ClaimReminder(ctx, cpl.ID, kind)
	if err != nil || !ok {
		return err
	}
	by := c.answerBy(cpl, c.now())
	tr := c.complaintTr(cpl)
	text := tr.T("followup.reminder", "Ref", cpl.Ref, "Question", quote(cpl.InfoQuestion), "By", tr.DateTime(by))
	r := bot.Reply{Text: text, Buttons: []bot.Button{{ID: actionAnswer, Label: tr.T("notify.answer_button"), Value: cpl.Ref}}}
	if err := c.sendClaimed(ctx, bot.DirectTo(cpl.Platform, cpl.UserID), r); err != nil {
		if rerr := c.store.ReleaseReminder(context.WithoutCancel(ctx), cpl.ID, kind); rerr != nil {
			c.log.Error("release reminder", "ref", cpl.Ref, "err", rerr)
		}
		return fmt.Errorf("remind complainant of %s: %w", cpl.Ref, err)
	}
	if err := c.store.ConfirmReminder(context.WithoutCancel(ctx), cpl.ID, kind); err != nil {
		c.log.Error("confirm reminder", "ref", cpl.Ref, "err", err)
	}
	return c.store.AppendAudit(context.WithoutCancel(ctx), ipdesk.AuditEntry{ComplaintID: cpl.ID, Ref: cpl.Ref, Actor: "ipdesk", Role: ipdesk.RoleSystem, Platform: cpl.Platform,
		Action: ipdesk.ActionInfoReminder, Before: string(cpl.Status), After: string(cpl.Status), Note: kind + "; answer by " + by.UTC().Format(time.RFC3339)})
}

// closeUnanswered closes a complaint whose question went unanswered and
// tells the complainant how to reopen it.
func (c *Complaints) closeUnanswered(ctx context.Context, seen *ipdesk.Complaint) error {
	system := ipdesk.Actor{Key: "ipdesk", Platform: seen.Platform, Role: ipdesk.RoleSystem}
	cpl, err := c.store.UpdateComplaint(ctx, seen.Ref, func(cpl *ipdesk.Complaint) (ipdesk.AuditEntry, error) {
		if cpl.Version != seen.Version {
			return ipdesk.AuditEntry{}, cpl.Conflict() // answered or changed meanwhile
		}
		return cpl.Apply(ipdesk.Change{Action: ipdesk.ActionNoResponse, By: system, Note: fmt.Sprintf("no answer within %s", c.cat.Printer(i18n.EN).Period(c.infoTimeout))}, c.now())
	})
	if ipdesk.ErrorCode(err) == ipdesk.ECONFLICT {
		return nil
	} else if err != nil {
		return err
	}
	c.log.Info("complaint changed", "ref", cpl.Ref, "action", string(ipdesk.ActionNoResponse), "status", string(cpl.Status))
	c.refreshCard(ctx, cpl)
	tr := c.complaintTr(cpl)
	text := tr.T("followup.closed", "Ref", cpl.Ref, "Question", quote(cpl.InfoQuestion), "Period", tr.Period(ipdesk.ReopenWindow),
		"By", tr.DateTime(cpl.ClosedNoResponseAt.Add(ipdesk.ReopenWindow)))
	r := bot.Reply{Text: text, Buttons: []bot.Button{{ID: actionAnswer, Label: tr.T("notify.answer_button"), Value: cpl.Ref}}}
	if _, err := c.send.Send(ctx, bot.DirectTo(cpl.Platform, cpl.UserID), r); err != nil {
		c.log.Error("tell complainant of closing", "ref", cpl.Ref, "platform", cpl.Platform, "err", err)
	}
	return nil
}

// warnAhead is how long before a draft expires its user is warned: a day,
// or half the expiry when that is shorter.
func (c *Complaints) warnAhead() time.Duration { return min(24*time.Hour, c.expiry/2) }

// warnDrafts warns each user whose draft will expire soon, once per idle
// period.
func (c *Complaints) warnDrafts(ctx context.Context) error {
	idle, err := c.store.IdleDrafts(ctx, c.now().Add(-(c.expiry - c.warnAhead())))
	if err != nil {
		return err
	}
	for i := range idle {
		if err := ctx.Err(); err != nil {
			return err
		}
		d := &idle[i]
		ok, err := c.store.ClaimDraftWarning(ctx, d.ID, d.UpdatedAt)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		// A draft whose warning could not go out before its expiry still
		// gets the full warning time.
		at := d.UpdatedAt.Add(c.expiry)
		if soonest := c.now().Add(c.warnAhead()); at.Before(soonest) {
			at = soonest
		}
		tr := c.draftTr(d)
		text := tr.T("followup.draft_expiring", "At", tr.DateTime(at), "Where", c.whereLead(d, tr.T("wizard.lead_returning")))
		if err := c.sendClaimed(ctx, bot.DirectTo(d.Platform, d.UserID), bot.Reply{Text: text}); err != nil {
			if rerr := c.store.ReleaseDraftWarning(context.WithoutCancel(ctx), d.ID, d.UpdatedAt); rerr != nil {
				c.log.Error("release draft warning", "err", rerr)
			}
			c.log.Warn("warn of expiring draft", "platform", d.Platform, "err", err)
			continue
		}
		// Sent: the draft may now expire when its time comes.
		if err := c.store.ConfirmDraftWarning(context.WithoutCancel(ctx), d.ID, d.UpdatedAt); err != nil {
			c.log.Error("confirm draft warning", "err", err)
		}
	}
	return nil
}
