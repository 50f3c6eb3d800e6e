package handlers

import (
	"strings"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/markup"
	"github.com/ipdesk/ipdesk/i18n"
)

// This file renders a complaint for people: the review card staff decide
// from, and the fields it shares with the complainant's summary.

// card renders a complaint's review card: the summary, evidence, where the
// complainant is (their contact only with consent), flags, the decision so
// far, and the buttons its status allows.
func (c *Complaints) card(cpl *ipdesk.Complaint) bot.Reply { return c.cardRounds(cpl, maxCardRounds) }

// cardRounds renders the card with at most rounds questions and answers
// (all with zero).
func (c *Complaints) cardRounds(cpl *ipdesk.Complaint, rounds int) bot.Reply {
	tr := c.reviewTr
	where := platformName(tr, c.platform(cpl.Platform))
	var b strings.Builder
	b.WriteString(tr.T("card.title", "Ref", cpl.Ref, "Kind", kindLabel(tr, cpl.Kind), "Marketplace", marketplaceName(tr, marketplace(cpl))))
	b.WriteString("\n\n" + tr.T("card.status", "Status", statusLabel(tr, cpl.Status)))
	if a := cpl.Appeal; a != nil && cpl.Status.Open() {
		b.WriteString("\n\n" + tr.T("card.appeal", "By", markup.Escape(a.Rejection.By)))
	}
	if cpl.RepeatCount >= 2 {
		b.WriteString("\n\n" + tr.T("card.repeat", "Ordinal", tr.Ordinal(cpl.RepeatCount)))
	}
	for _, w := range cpl.Warnings {
		b.WriteString("\n\n⚠ " + markup.Escape(warningText(tr, w)) + tr.T("card.warning_end"))
	}
	f := complaintFields(tr, cpl, audience{staff: true, where: where})
	if !cpl.WithdrawnAt.IsZero() {
		f = append(f, bot.Field{Label: tr.T("card.withdrawn"), Value: tr.T("card.withdrawn_by", "When", tr.DateTime(cpl.WithdrawnAt))})
	}
	f = append(f, bot.Field{Label: tr.T("card.complainant"), Value: tr.T("card.complainant_value", "Platform", where, "ID", markup.Escape(cpl.UserID))})
	if cpl.Lang != "" {
		// Staff reply in the language the complainant filed in.
		f = append(f, bot.Field{Label: tr.T("card.language"), Value: tr.In(i18n.Lang(cpl.Lang)).T("lang.name")})
	}
	f = append(f, bot.Field{Label: tr.T("card.filed"), Value: tr.DateTime(cpl.CreatedAt)})
	if cpl.Assignee != "" {
		f = append(f, bot.Field{Label: tr.T("card.assigned"), Value: markup.Escape(cpl.Assignee)})
	}
	f = append(f, appealFields(tr, cpl, where)...)
	f = append(f, infoFields(tr, cpl, rounds, where)...)
	if d := cpl.Decision; d != nil {
		v := tr.T("card.decision_by", "Summary", markup.Escape(decisionSummary(tr, d)), "By", markup.Escape(d.By))
		if d.ConfirmedBy != "" {
			v += tr.T("card.confirmed_by", "By", markup.Escape(d.ConfirmedBy))
		} else if cpl.Status == ipdesk.StatusAwaitingConfirmation {
			v += tr.T("card.needs_second")
		}
		if d.Note != "" {
			v += "\n\n" + markup.Escape(d.Note)
		}
		f = append(f, bot.Field{Label: tr.T("card.decision"), Value: v})
	}
	f = append(f, payoutFields(tr, cpl)...)
	r := bot.Reply{Text: b.String(), Fields: f}
	v := refVersion(cpl)
	switch {
	case cpl.PayoutState() == ipdesk.PayoutDue || cpl.PayoutState() == ipdesk.PayoutFailed:
		r.Buttons = []bot.Button{
			{ID: "review.paid", Label: tr.T("card.btn.paid"), Value: v, Style: bot.StylePrimary},
			{ID: "review.payfail", Label: tr.T("card.btn.payfail"), Value: v},
		}
	case cpl.Status == ipdesk.StatusAwaitingConfirmation:
		// The second staff member confirms or sends the approval back;
		// only then may anyone decide otherwise.
		r.Buttons = []bot.Button{
			{ID: "review.confirm", Label: tr.T("card.btn.confirm"), Value: v, Style: bot.StylePrimary},
			{ID: "review.decline", Label: tr.T("card.btn.decline"), Value: v},
		}
	case cpl.Status.Open():
		if cpl.Remedy == ipdesk.RemedyRemoval {
			r.Buttons = append(r.Buttons, bot.Button{ID: "review.removal", Label: tr.T("card.btn.removal"), Value: v, Style: bot.StylePrimary})
		}
		approve := tr.T("card.btn.approve")
		if cpl.Remedy == ipdesk.RemedyRefund {
			approve = tr.T("card.btn.approve_refund")
		}
		r.Buttons = append(r.Buttons,
			bot.Button{ID: "review.approve", Label: approve, Value: v, Style: bot.StylePrimary},
			bot.Button{ID: "review.reject", Label: tr.T("card.btn.reject"), Value: v, Style: bot.StyleDanger},
			bot.Button{ID: "review.info", Label: tr.T("card.btn.info"), Value: v})
		if cpl.Status != ipdesk.StatusEscalated {
			r.Buttons = append(r.Buttons, bot.Button{ID: "review.escalate", Label: tr.T("card.btn.escalate"), Value: v})
		}
		r.Buttons = append(r.Buttons, bot.Button{ID: "review.assign", Label: tr.T("card.btn.assign"), Value: v},
			bot.Button{ID: "review.note", Label: tr.T("card.btn.note"), Value: v})
		if b, ok := filesButton(tr, cpl); ok {
			r.Buttons = append(r.Buttons, b)
		}
	}
	return r
}

// maxCardRounds bounds the questions and answers shown on a review card,
// latest first; `case` shows them all.
const maxCardRounds = 5

// infoFields shows the questions staff asked and the complainant's
// answers, latest first, at most max rounds (all when max is zero), with
// the files each answer brought.
func infoFields(tr i18n.Printer, cpl *ipdesk.Complaint, max int, where string) []bot.Field {
	rounds := cpl.InfoRounds()
	var f []bot.Field
	for i := len(rounds) - 1; i >= 0; i-- {
		if max > 0 && len(f) == max {
			f = append(f, bot.Field{Label: tr.T("card.earlier"), Value: tr.T("card.earlier_value", "Count", i+1, "Cmd", tr.T("cmd.case.name"), "Ref", cpl.Ref)})
			break
		}
		r := rounds[i]
		label := tr.T("card.question", "N", i+1, "Total", len(rounds))
		if !r.AskedAt.IsZero() {
			label += tr.T("list.sep") + tr.DateTime(r.AskedAt)
		}
		var b strings.Builder
		b.WriteString(quote(r.Question))
		if r.AskedBy != "" {
			b.WriteString("\n\n" + tr.T("card.asked_by", "Who", markup.Escape(r.AskedBy)))
		}
		switch {
		case r.Answered():
			if !r.AnsweredAt.IsZero() {
				b.WriteString("\n\n" + tr.T("card.answer_at", "When", tr.DateTime(r.AnsweredAt)))
			} else {
				b.WriteString("\n\n" + tr.T("card.answer"))
			}
			if r.Answer != "" {
				b.WriteString("\n\n" + quote(r.Answer))
			} else if len(r.Evidence) == 0 {
				b.WriteString(" " + tr.T("card.files_only"))
			}
			for _, ev := range r.Evidence {
				b.WriteString("\n\n📎 " + evidenceForStaff(tr, ev, where))
			}
		case i == len(rounds)-1 && cpl.Status == ipdesk.StatusNeedsInfo:
			b.WriteString("\n\n" + tr.T("card.no_answer"))
		default:
			b.WriteString("\n\n" + tr.T("card.asked_again"))
		}
		f = append(f, bot.Field{Label: label, Value: b.String()})
	}
	return f
}

// complaintFields lays out a complaint's answers, for the complainant's
// summary or, with staff set, for the review card: each step's line (see
// step.field), in the order the wizard asks them.
func complaintFields(tr i18n.Printer, a *ipdesk.Complaint, to audience) []bot.Field {
	var f []bot.Field
	for _, s := range steps {
		if s.field == nil {
			continue
		}
		if l := s.field(tr, a, to); l.Value != "" {
			f = append(f, l)
		}
	}
	return f
}

// evidenceList shows evidence one item a paragraph: for staff with where
// each file is kept and its full fingerprint (evidenceForStaff), for the
// complainant by name (evidenceLabel); "none" when there is none.
func evidenceList(tr i18n.Printer, a *ipdesk.Complaint, list []ipdesk.Evidence, to audience) string {
	var ev []string
	for _, e := range list {
		if to.staff {
			ev = append(ev, evidenceForStaff(tr, e, to.where))
		} else {
			ev = append(ev, markup.Escape(evidenceLabel(e)))
		}
	}
	if len(ev) == 0 {
		return tr.T("field.none")
	}
	return strings.Join(ev, "\n\n")
}

// payoutFields shows where paying an approved amount stands, every
// attempt included.
func payoutFields(tr i18n.Printer, cpl *ipdesk.Complaint) []bot.Field {
	if cpl.PayoutState() == ipdesk.PayoutNone {
		return nil
	}
	var lines []string
	for _, p := range cpl.Payouts {
		if p.Paid {
			lines = append(lines, tr.T("payout.paid_line", "Date", p.PaidOn, "Reference", markup.Escape(p.Reference), "By", markup.Escape(p.By), "At", tr.DateTime(p.At)))
		} else {
			lines = append(lines, tr.T("payout.failed_line", "By", markup.Escape(p.By), "At", tr.DateTime(p.At), "Reason", markup.Escape(p.Reason)))
		}
	}
	if cpl.PayoutState() != ipdesk.PayoutPaid {
		lines = append(lines, tr.T("payout.not_paid", "At", tr.DateTime(cpl.Decision.At)))
	}
	return []bot.Field{{Label: tr.T("payout.label"), Value: strings.Join(lines, "\n\n")}}
}

// quote renders user text as a block quote, escaped.
func quote(s string) string {
	return "> " + strings.ReplaceAll(markup.Escape(s), "\n", "\n> ")
}

// platformName names a platform in tr's language.
func platformName(tr i18n.Printer, p bot.Platform) string {
	if id := "platform." + p.ID(); bot.ValidPlatformID(p.ID()) && tr.Has(id) {
		return tr.T(id)
	}
	return p.Name()
}
