package handlers

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/markup"
)

// Run is the workflow's background loop: SLA reminders, repeat-seller
// alerts, expired drafts and review cards that failed to post (the
// retention sweep is Privacy's). It runs one round at once and then
// every Interval, and returns when ctx is done; the caller owns it and
// waits for it. What was sent is recorded in the store, so a restart never
// repeats a reminder or an alert.
func (c *Complaints) Run(ctx context.Context) {
	t := time.NewTicker(c.interval)
	defer t.Stop()
	for {
		c.Tick(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Tick runs one round of the background work and logs what fails; the next
// round retries it.
func (c *Complaints) Tick(ctx context.Context) {
	if err := c.remindOverdue(ctx); err != nil && ctx.Err() == nil {
		c.log.Error("sla reminders", "err", err)
	}
	if err := c.alertRepeats(ctx); err != nil && ctx.Err() == nil {
		c.log.Error("repeat alerts", "err", err)
	}
	if err := c.followUp(ctx); err != nil && ctx.Err() == nil {
		c.log.Error("follow up unanswered questions", "err", err)
	}
	if err := c.warnDrafts(ctx); err != nil && ctx.Err() == nil {
		c.log.Error("warn of expiring drafts", "err", err)
	}
	if err := c.expireDrafts(ctx); err != nil && ctx.Err() == nil {
		c.log.Error("expire drafts", "err", err)
	}
	if err := c.postMissingCards(ctx); err != nil && ctx.Err() == nil {
		c.log.Error("post missing cards", "err", err)
	}
}

// waitStart is when cpl began waiting for staff: time spent waiting for
// the complainant's answer does not count against the SLA.
func waitStart(cpl *ipdesk.Complaint) time.Time {
	if cpl.WaitingSince.IsZero() {
		return cpl.CreatedAt
	}
	return cpl.WaitingSince
}

// slaKind names the reminder for the configured threshold, so changing
// IPDESK_SLA_HOURS gives each complaint one reminder for the new threshold.
func (c *Complaints) slaKind() string { return fmt.Sprintf("sla:%dh", int(c.sla.Hours())) }

// remindOverdue posts one reminder for each complaint that has waited for
// staff longer than the SLA. The store keeps one reminder per threshold and
// waiting period, across restarts: a complaint that waits for staff again
// after the complainant answered a question can earn a new reminder once
// that new wait passes the SLA, since staff owe it a fresh look.
func (c *Complaints) remindOverdue(ctx context.Context) error {
	kind := c.slaKind()
	due, err := c.store.Overdue(ctx, c.now().Add(-c.sla), kind)
	if err != nil {
		return err
	}
	for _, cpl := range due {
		if err := ctx.Err(); err != nil {
			return err // shutdown, or this replica lost the lead: the next round goes on
		}
		ok, err := c.store.ClaimReminder(ctx, cpl.ID, kind)
		if err != nil {
			return err
		}
		if !ok {
			continue // another round got it first
		}
		tr := c.reviewTr
		age, target, status := tr.Age(c.now().Sub(waitStart(&cpl))), tr.Period(c.sla), statusLabel(tr, cpl.Status)
		text := tr.T("reminder.sla_unassigned", "Ref", cpl.Ref, "Age", age, "Target", target, "Status", status)
		if cpl.Assignee != "" {
			text = tr.T("reminder.sla_assigned", "Ref", cpl.Ref, "Age", age, "Target", target, "Status", status, "Who", markup.Escape(cpl.Assignee))
		}
		if err := c.sendClaimed(ctx, c.review, bot.Reply{Text: text}); err != nil {
			if rerr := c.store.ReleaseReminder(context.WithoutCancel(ctx), cpl.ID, kind); rerr != nil {
				c.log.Error("release reminder", "ref", cpl.Ref, "err", rerr)
			}
			return fmt.Errorf("send reminder for %s: %w", cpl.Ref, err)
		}
		// Sent: confirm the claim, or another round sends it again once
		// the claim's lease runs out.
		if err := c.store.ConfirmReminder(context.WithoutCancel(ctx), cpl.ID, kind); err != nil {
			c.log.Error("confirm reminder", "ref", cpl.Ref, "err", err)
		}
		// Sent: the record of it must be kept even when shutdown cancels
		// ctx now, or the trail would lack a reminder staff saw.
		if err := c.store.AppendAudit(context.WithoutCancel(ctx), ipdesk.AuditEntry{ComplaintID: cpl.ID, Ref: cpl.Ref, Actor: "ipdesk", Role: "system", Platform: c.review.Platform,
			Action: ipdesk.ActionSLAReminder, Before: string(cpl.Status), After: string(cpl.Status), Note: kind}); err != nil {
			return err
		}
	}
	return nil
}

// claimedSendTimeout bounds sending one message whose claim is held.
const claimedSendTimeout = 30 * time.Second

// sendClaimed sends a message claimed in the store (a reminder, an alert,
// a warning). Once sending began it finishes even if ctx ends now
// (shutdown, or this replica losing the lead), within claimedSendTimeout:
// a message that reached the platform but was reported cancelled would be
// released, and the next round would send it again.
func (c *Complaints) sendClaimed(ctx context.Context, to bot.Address, r bot.Reply) error {
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), claimedSendTimeout)
	defer cancel()
	_, err := c.send.Send(sctx, to, r)
	return err
}

// alertRepeats posts one alert per seller reported RepeatThreshold times
// within the repeat window.
func (c *Complaints) alertRepeats(ctx context.Context) error {
	found, err := c.store.ClaimRepeatAlerts(ctx, c.now().Add(-ipdesk.RepeatWindow), c.threshold)
	if err != nil {
		return err
	}
	for _, r := range found {
		if ctx.Err() != nil {
			// Shutdown, or this replica lost the lead: the alerts not
			// sent yet are released for the next round.
			if err := c.store.ReleaseRepeatAlert(context.WithoutCancel(ctx), r.AlertID); err != nil {
				c.log.Error("release repeat alert", "err", err)
			}
			continue
		}
		_, name, _ := strings.Cut(r.Key, ":")
		var seller, mkt string
		if cpl, err := c.store.Complaint(ctx, r.Refs[len(r.Refs)-1]); err == nil {
			seller, mkt = cpl.Seller, marketplaceName(c.reviewTr, marketplace(cpl))
		} else {
			seller = name
		}
		tr := c.reviewTr
		text := tr.T("alert.repeat", "Count", r.Complainants, "Seller", markup.Escape(seller), "Marketplace", mkt, "Refs", strings.Join(r.Refs, tr.T("list.sep")))
		if err := c.sendClaimed(ctx, c.review, bot.Reply{Text: text}); err != nil {
			if rerr := c.store.ReleaseRepeatAlert(context.WithoutCancel(ctx), r.AlertID); rerr != nil {
				c.log.Error("release repeat alert", "err", rerr)
			}
			return fmt.Errorf("send repeat alert: %w", err)
		}
		if err := c.store.ConfirmRepeatAlert(context.WithoutCancel(ctx), r.AlertID); err != nil {
			c.log.Error("confirm repeat alert", "err", err)
		}
		// Sent: record it on every linked case, even if shutdown cancels
		// ctx now.
		for _, ref := range r.Refs {
			if err := c.store.AppendAudit(context.WithoutCancel(ctx), ipdesk.AuditEntry{Ref: ref, Actor: "ipdesk", Role: "system", Platform: c.review.Platform,
				Action: ipdesk.ActionRepeatAlert, Note: fmt.Sprintf("%d complainants reported %s: %s", r.Complainants, r.Key, strings.Join(r.Refs, " "))}); err != nil {
				return err
			}
		}
	}
	return nil
}

func (c *Complaints) expireDrafts(ctx context.Context) error {
	expired, err := c.store.ExpireDrafts(ctx, c.now().Add(-c.expiry), c.now().Add(-c.warnAhead()))
	if err != nil {
		return err
	}
	for _, d := range expired {
		if _, err := c.send.Send(ctx, bot.DirectTo(d.Platform, d.UserID), bot.Reply{Text: c.expiredText(&d)}); err != nil {
			c.log.Warn("tell user their draft expired", "platform", d.Platform, "err", err)
		}
	}
	return nil
}

func (c *Complaints) postMissingCards(ctx context.Context) error {
	open, err := c.store.Queue(ctx)
	if err != nil {
		return err
	}
	var missing []*ipdesk.Complaint
	since := c.now()
	for i := range open {
		// A card younger than a minute may still be on its way from the
		// filing itself.
		if open[i].CardRef == "" && c.now().Sub(open[i].CreatedAt) > time.Minute {
			missing = append(missing, &open[i])
			if open[i].CreatedAt.Before(since) {
				since = open[i].CreatedAt
			}
		}
	}
	if len(missing) == 0 {
		return nil
	}
	// A card may have been posted by a process that died before storing
	// where: one look at the review channel finds those.
	posted := c.postedCards(ctx, since.Add(-cardReadBackSlack))
	for _, cpl := range missing {
		var err error
		if ref, ok := posted[cpl.Ref]; ok {
			err = c.adoptCard(ctx, cpl, ref)
		} else {
			err = c.postCard(ctx, cpl)
		}
		if err != nil {
			return err
		}
	}
	return nil
}
