package ipdesk

import (
	"fmt"
	"strings"
	"time"
)

// The actions of Apply, one method each: each reads c, changes next (a
// copy of c) and returns the audit row's note. Who may take an action,
// and what every action ends with, are Apply's (see actionRules).

// assign gives the complaint to the staff member acting, which puts a
// submitted one in review.
func (c *Complaint) assign(next *Complaint, ch Change, _ time.Time) (string, error) {
	if c.Assignee == ch.By.Key {
		return "", Errorm(ECONFLICT, "workflow.assigned_already", c.Ref+" is already assigned to you.", "Ref", c.Ref)
	}
	if !c.Status.Open() {
		return "", c.conflict()
	}
	next.Assignee = ch.By.Key
	if c.Status == StatusSubmitted {
		next.Status = StatusInReview
	}
	if c.Assignee != "" {
		return "reassigned from " + c.Assignee, nil
	}
	return "", nil
}

// requestInfo asks the complainant a question, as a new round.
func (c *Complaint) requestInfo(next *Complaint, ch Change, at time.Time) (string, error) {
	q, err := CleanTextMsg(ch.Note, Msg{ID: "field.question", English: "The question"}, 5, 1000, true)
	if err != nil {
		return "", err
	}
	next.Info = append(append([]InfoRound(nil), c.InfoRounds()...), InfoRound{Question: q, AskedBy: ch.By.Key, AskedAt: at})
	next.Status, next.InfoQuestion, next.InfoAnswer = StatusNeedsInfo, q, ""
	if c.Status != StatusNeedsInfo {
		// A second question while the first waits keeps where the
		// complaint came from.
		next.StatusBeforeInfo = c.Status
	}
	return fmt.Sprintf("question %d: %s", len(next.Info), q), nil
}

// infoReply takes the complainant's answer to the latest question, with
// the files they sent, and returns the complaint to where staff asked
// from.
func (c *Complaint) infoReply(next *Complaint, ch Change, at time.Time) (string, error) {
	if c.Status == StatusNoResponse && !c.Reopenable(at) {
		day := c.ClosedNoResponseAt.UTC()
		return "", Errorm(ECONFLICT, "workflow.closed_unanswered", c.Ref+" was closed on "+day.Format("2006-01-02")+" because staff's question went unanswered, and can no longer be reopened. File a new complaint if you still need help.",
			"Ref", c.Ref, "Date", Day(day))
	}
	if c.Status != StatusNeedsInfo && c.Status != StatusNoResponse {
		return "", Errorm(ECONFLICT, "workflow.not_waiting", c.Ref+" is not waiting for an answer from you.", "Ref", c.Ref)
	}
	min := 1
	if len(ch.Evidence) > 0 {
		min = 0 // files alone answer "please send a photo"
	}
	a, err := CleanTextMsg(ch.Note, Msg{ID: "wizard.field.answer", English: "Your answer"}, min, 2000, true)
	if err != nil {
		return "", err
	}
	next.InfoAnswer = a
	if a == "" {
		next.InfoAnswer = fmt.Sprintf("(sent %d file(s), added to the evidence)", len(ch.Evidence))
	}
	next.Evidence = append(append([]Evidence(nil), c.Evidence...), ch.Evidence...)
	// The answer goes to the latest question; earlier rounds keep
	// theirs.
	next.Info = append([]InfoRound(nil), c.InfoRounds()...)
	if len(next.Info) == 0 {
		next.Info = []InfoRound{{}}
	}
	last := &next.Info[len(next.Info)-1]
	last.Answer, last.AnsweredAt = a, at
	last.Evidence = append([]Evidence(nil), ch.Evidence...)
	// Back to where staff asked from: an escalated complaint stays
	// escalated. A complaint asked about before this was recorded, or
	// while submitted, goes to review when someone took it meanwhile.
	next.Status = c.StatusBeforeInfo
	if next.Status != StatusInReview && next.Status != StatusEscalated && next.Status != StatusAppealed {
		next.Status = StatusSubmitted
	}
	if next.Status == StatusSubmitted && c.Assignee != "" {
		next.Status = StatusInReview
	}
	// The trail keeps what was answered, as the complaint does, so
	// that every round can be read back in order from either; an
	// email address in it stays only in the complaint, since trail
	// rows can never be removed. File names and fingerprints identify
	// the evidence added.
	note := fmt.Sprintf("answer %d: %s", len(next.Info), RedactEmails(a))
	if a == "" {
		note = fmt.Sprintf("answer %d: files only", len(next.Info))
	}
	return note + evidenceNote(ch.Evidence), nil
}

// escalate hands the complaint to a senior decision.
func (c *Complaint) escalate(next *Complaint, ch Change, _ time.Time) (string, error) {
	next.Status = StatusEscalated
	return ch.Note, nil
}

// approve decides for the complainant: an amount in ch.Currency (zero for
// a removal alone), which waits for a second staff member above ch.Limit.
func (c *Complaint) approve(next *Complaint, ch Change, at time.Time) (string, error) {
	if err := c.decidable(); err != nil {
		return "", err
	}
	if ch.Amount != 0 || c.Remedy != RemedyRemoval {
		if err := ValidateAmount(ch.Amount, ch.Currency); err != nil {
			return "", err
		}
	} else {
		ch.Currency = ""
	}
	note, err := CleanTextMsg(ch.Note, Msg{ID: "field.note", English: "The note"}, 0, 1000, true)
	if err != nil {
		return "", err
	}
	overMsg := c.OverAskedMsg(ch.Amount, ch.Currency)
	over := overMsg.English
	if over != "" && note == "" {
		return "", Errorm(EINVALID, "workflow.over_asked", over+" To approve it anyway, say why in the note.", "Over", overMsg)
	}
	d := &Decision{Outcome: StatusApproved, Amount: ch.Amount, Currency: ch.Currency, Note: note, By: ch.By.Key, At: at}
	if ch.Amount > 0 {
		d.Remedy = RemedyCompensation
		if c.Remedy == RemedyRefund {
			d.Remedy = RemedyRefund
		}
	}
	next.Status = StatusApproved
	if ch.Amount > 0 && (ch.Currency != ch.Limit.Currency || ch.Amount > ch.Limit.Amount) {
		next.Status = StatusAwaitingConfirmation
		d.Outcome = StatusAwaitingConfirmation
	}
	next.Decision = d
	entry := d.Compensation()
	if over != "" {
		entry += " (" + strings.TrimSuffix(over, ".") + ")"
	}
	if note != "" {
		entry += ": " + note
	}
	return entry, nil
}

// secondOpinion returns why the staff member acting may not confirm or
// send back the approval waiting for a second staff member.
func (c *Complaint) secondOpinion(ch Change) error {
	if c.Status != StatusAwaitingConfirmation || c.Decision == nil {
		return c.conflict()
	}
	if c.Decision.By == ch.By.Key {
		return Errorm(EUNAUTHORIZED, "workflow.own_approval", "You approved "+c.Ref+" yourself; a second, different staff member must confirm it.", "Ref", c.Ref)
	}
	return nil
}

// confirmApproval is the second staff member's yes to an approval above
// the limit.
func (c *Complaint) confirmApproval(next *Complaint, ch Change, at time.Time) (string, error) {
	if err := c.secondOpinion(ch); err != nil {
		return "", err
	}
	d := *c.Decision
	d.Outcome, d.ConfirmedBy, d.At = StatusApproved, ch.By.Key, at
	next.Status, next.Decision = StatusApproved, &d
	return d.Compensation() + " approved by " + d.By, nil
}

// declineApproval sends an approval above the limit back to review, with
// the reason the approver is told.
func (c *Complaint) declineApproval(next *Complaint, ch Change, _ time.Time) (string, error) {
	if err := c.secondOpinion(ch); err != nil {
		return "", err
	}
	note, err := CleanTextMsg(ch.Note, Msg{ID: "field.reason", English: "The reason"}, 5, 1000, true)
	if err != nil {
		return "", err
	}
	next.Status, next.Decision = StatusInReview, nil
	entry := "approval of " + c.Decision.Compensation() + " by " + c.Decision.By + " sent back"
	if note != "" {
		entry += ": " + note
	}
	return entry, nil
}

// reject decides against the complainant, for one of ReasonCodes.
func (c *Complaint) reject(next *Complaint, ch Change, at time.Time) (string, error) {
	if err := c.decidable(); err != nil {
		return "", err
	}
	if ReasonLabel(ch.ReasonCode) == ch.ReasonCode {
		return "", Errorm(EINVALID, "workflow.choose_reason", "Choose a reason for the rejection.")
	}
	min := 0
	if ch.ReasonCode == "other" {
		min = 5
	}
	note, err := CleanTextMsg(ch.Note, Msg{ID: "field.explanation", English: "The explanation"}, min, 1000, true)
	if err != nil {
		return "", err
	}
	next.Status = StatusRejected
	next.Decision = &Decision{Outcome: StatusRejected, ReasonCode: ch.ReasonCode, Note: note, By: ch.By.Key, At: at}
	entry := ch.ReasonCode
	if note != "" {
		entry += ": " + note
	}
	return entry, nil
}

// appeal reopens a rejection for a staff member who did not make it,
// keeping the rejection with the appeal.
func (c *Complaint) appeal(next *Complaint, ch Change, at time.Time) (string, error) {
	if ok, why := c.AppealableMsg(at, ch.AppealWindow); !ok {
		return "", &Error{Code: ECONFLICT, Message: why.English, ID: why.ID, Args: why.Args}
	}
	reason, err := CleanTextMsg(ch.Note, Msg{ID: "appeal.field.reason", English: "Your reason"}, 20, 2000, true)
	if err != nil {
		return "", err
	}
	next.Appeal = &Appeal{Reason: reason, At: at, Evidence: append([]Evidence(nil), ch.Evidence...), Rejection: *c.Decision}
	next.Evidence = append(append([]Evidence(nil), c.Evidence...), ch.Evidence...)
	next.Status, next.Decision, next.Assignee = StatusAppealed, nil, ""
	next.WaitingSince = at
	note := fmt.Sprintf("appeal of the rejection by %s (%s): %s", c.Decision.By, c.Decision.ReasonCode, RedactEmails(reason))
	return note + evidenceNote(ch.Evidence), nil
}

// evidenceNote names the evidence a change added for the audit trail, by
// file name and fingerprint ("" for none); a file that could not be
// fetched says so.
func evidenceNote(evs []Evidence) string {
	var b strings.Builder
	for i, ev := range evs {
		if i == 0 {
			b.WriteString("; evidence added: ")
		} else {
			b.WriteString(", ")
		}
		b.WriteString(ev.Name)
		if ev.SHA256 != "" {
			b.WriteString(" sha256 " + ev.SHA256)
		} else if ev.Uploaded() {
			b.WriteString(" (not fetched)")
		}
	}
	return b.String()
}

// payout records paying the approved amount (ActionPaid, with its
// reference and date) or a failure to (ActionPayoutFailed, with the
// reason).
func (c *Complaint) payout(next *Complaint, ch Change, at time.Time) (string, error) {
	switch c.PayoutState() {
	case PayoutNone:
		return "", Errorm(ECONFLICT, "workflow.nothing_to_pay", c.Ref+" has nothing to pay: it is "+c.Status.Label()+".", "Ref", c.Ref, "Status", c.Status)
	case PayoutPaid:
		p := c.Payouts[len(c.Payouts)-1]
		return "", Errorm(ECONFLICT, "workflow.paid_already", fmt.Sprintf("%s was already recorded as paid by %s: reference %s, paid on %s.", c.Ref, p.By, p.Reference, p.PaidOn),
			"Ref", c.Ref, "By", p.By, "Reference", p.Reference, "Date", p.PaidOn)
	}
	p := Payout{Paid: ch.Action == ActionPaid, By: ch.By.Key, At: at}
	var note string
	if p.Paid {
		ref, err := CleanTextMsg(ch.Reference, Msg{ID: "field.payment_reference", English: "The payment reference"}, 2, 100, false)
		if err != nil {
			return "", err
		}
		day, err := time.Parse("2006-01-02", strings.TrimSpace(ch.PaidOn))
		if err != nil {
			example := at.Format("2006-01-02")
			return "", Errorm(EINVALID, "workflow.pay_date", "Give the date of payment as YYYY-MM-DD, e.g. "+example+".", "Example", example)
		}
		if day.After(at) || day.Before(c.Decision.At.Truncate(24*time.Hour)) {
			approved := c.Decision.At.UTC()
			return "", Errorm(EINVALID, "workflow.pay_date_range", "The payment date must be between the approval ("+approved.Format("2006-01-02")+") and today.", "Date", Day(approved))
		}
		p.Reference, p.PaidOn = ref, day.Format("2006-01-02")
		note = fmt.Sprintf("%s paid on %s, reference %s", c.Decision.Compensation(), p.PaidOn, p.Reference)
	} else {
		reason, err := CleanTextMsg(ch.Note, Msg{ID: "field.reason", English: "The reason"}, 5, 1000, true)
		if err != nil {
			return "", err
		}
		p.Reason = reason
		note = fmt.Sprintf("paying %s failed: %s", c.Decision.Compensation(), reason)
	}
	next.Payouts = append(append([]Payout(nil), c.Payouts...), p)
	return note, nil
}

// withdraw is the complainant's ending of an open complaint; an approval
// waiting for its second staff member lapses.
func (c *Complaint) withdraw(next *Complaint, _ Change, at time.Time) (string, error) {
	if !c.Status.Open() {
		return "", c.conflict()
	}
	next.Status, next.WithdrawnAt = StatusWithdrawn, at
	if d := c.Decision; d != nil {
		// The trail keeps who approved what.
		next.Decision = nil
		return "pending approval of " + d.Compensation() + " by " + d.By + " lapsed", nil
	}
	return "", nil
}

// closeUnanswered closes a complaint whose question to the complainant
// went unanswered; an answer within ReopenWindow reopens it.
func (c *Complaint) closeUnanswered(next *Complaint, ch Change, at time.Time) (string, error) {
	if c.Status != StatusNeedsInfo {
		return "", c.conflict()
	}
	next.Status, next.ClosedNoResponseAt = StatusNoResponse, at
	return ch.Note, nil
}
