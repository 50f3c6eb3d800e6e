package ipdesk

import (
	"fmt"
	"strings"
	"time"
)

// Action is something done to a complaint; every action is one audit row.
type Action string

// Actions.
const (
	ActionFile            Action = "file"             // the complainant filed it
	ActionAssign          Action = "assign"           // a staff member took it
	ActionRequestInfo     Action = "request_info"     // staff asked the complainant a question
	ActionInfoReply       Action = "info_reply"       // the complainant answered
	ActionEscalate        Action = "escalate"         // staff escalated it
	ActionApprove         Action = "approve"          // staff approved compensation
	ActionConfirmApproval Action = "confirm_approval" // a second staff member confirmed an approval
	ActionDeclineApproval Action = "decline_approval" // a second staff member sent an approval back
	ActionReject          Action = "reject"           // staff rejected it
	ActionWithdraw        Action = "withdraw"         // the complainant withdrew it
	ActionRefused         Action = "refused"          // someone tried an action they may not take
	ActionRepeatAlert     Action = "repeat_alert"     // staff were alerted to repeat reports
	ActionSLAReminder     Action = "sla_reminder"     // staff were reminded it waits too long
	ActionNote            Action = "note"             // staff added an internal note, never shown to the complainant
	ActionShowEvidence    Action = "show_evidence"    // the kept copies of the evidence were posted for staff
	ActionAppeal          Action = "appeal"           // the complainant appealed a rejection
	ActionPaid            Action = "paid"             // staff recorded the approved amount as paid
	ActionPayoutFailed    Action = "payout_failed"    // staff recorded that paying it failed
	ActionInfoReminder    Action = "info_reminder"    // the complainant was reminded of staff's question
	ActionNoResponse      Action = "no_response"      // closed because staff's question went unanswered
)

// Actor is who acts on a complaint.
type Actor struct {
	Key      string // "platform:userid"
	Platform string
	Role     Role
}

// AuditEntry is one row of a complaint's append-only audit trail. Note never
// holds the complainant's contact details.
type AuditEntry struct {
	ID          int64     `json:"id"`
	ComplaintID int64     `json:"-"`
	Ref         string    `json:"ref"`
	At          time.Time `json:"at"`
	Actor       string    `json:"actor"`
	Role        Role      `json:"role"`
	Platform    string    `json:"platform"`
	Action      Action    `json:"action"`
	Before      string    `json:"before"`
	After       string    `json:"after"`
	Note        string    `json:"note,omitempty"`
}

// Change is one action on a complaint, with what it needs.
type Change struct {
	Action Action
	By     Actor
	// Version is the complaint version the actor saw (on the card they
	// pressed). A different version means someone else acted first. Staff
	// actions need it: a card without one (zero, from a garbled or old
	// button) cannot show what the staff member decided on. The
	// complainant's own actions may leave it zero.
	Version int
	// Amount is the compensation approved (ActionApprove), in minor
	// units. Zero approves without compensation, which only a complaint
	// asking for listing removal allows.
	Amount     int64
	Currency   string
	ReasonCode string // ActionReject
	Note       string // the staff note, rejection text, question or answer
	// Evidence is what the complainant sent with their answer
	// (ActionInfoReply); it joins the complaint's evidence.
	Evidence []Evidence
	// Limit is the largest approval one staff member may make alone. An
	// approval in another currency cannot be compared without exchange
	// rates, so it always needs a second staff member.
	Limit Money
	// AppealWindow is how long after a rejection an appeal is taken
	// (ActionAppeal); zero takes it at any time.
	AppealWindow time.Duration
	// Reference and PaidOn (YYYY-MM-DD) record a payment (ActionPaid);
	// Note holds why one failed (ActionPayoutFailed).
	Reference string
	PaidOn    string
}

// Apply validates ch against the complaint's state and rules, changes c, and
// returns the audit row describing the change. On error c is unchanged. It
// returns ECONFLICT when the complaint changed since the actor saw it or its
// state no longer allows the action (the message says who acted first),
// EUNAUTHORIZED when the actor may not take the action, and EINVALID for bad
// input.
func (c *Complaint) Apply(ch Change, at time.Time) (AuditEntry, error) {
	if ch.Action == ActionNoResponse {
		// Only the bot closes a complaint for lack of an answer, when its
		// time has passed.
		if ch.By.Role != RoleSystem {
			return AuditEntry{}, Errorm(EUNAUTHORIZED, "workflow.only_bot", "Only the bot closes a complaint that went unanswered.")
		}
		if c.Status != StatusNeedsInfo {
			return AuditEntry{}, c.conflict()
		}
		next := *c
		next.Status, next.ClosedNoResponseAt = StatusNoResponse, at.UTC()
		next.Version, next.UpdatedAt = c.Version+1, at.UTC()
		entry := AuditEntry{ComplaintID: c.ID, Ref: c.Ref, At: at.UTC(), Actor: ch.By.Key, Role: ch.By.Role, Platform: ch.By.Platform,
			Action: ch.Action, Before: string(c.Status), After: string(next.Status), Note: ch.Note}
		*c = next
		return entry, nil
	}
	staffOnly := ch.Action != ActionInfoReply && ch.Action != ActionWithdraw && ch.Action != ActionAppeal
	if staffOnly && ch.By.Role != RoleStaff {
		return AuditEntry{}, Errorm(EUNAUTHORIZED, "workflow.staff_only", "Only staff can do that.")
	}
	if !staffOnly && ch.By.Key != c.Complainant() {
		return AuditEntry{}, Errorm(EUNAUTHORIZED, "workflow.complainant_only", "Only the complainant can do that.")
	}
	if staffOnly && ch.By.Key == c.Complainant() {
		// A staff member who filed as a consumer would otherwise decide
		// their own claim alone.
		return AuditEntry{}, Errorm(EUNAUTHORIZED, "workflow.own", "You filed "+c.Ref+" yourself, so another staff member must handle it.", "Ref", c.Ref)
	}
	if staffOnly && c.Appeal != nil && c.Status.Open() && c.Appeal.Rejection.By == ch.By.Key {
		// An appeal is decided by someone who did not reject it.
		return AuditEntry{}, Errorm(EUNAUTHORIZED, "workflow.own_rejection", "You rejected "+c.Ref+" before, so another staff member must handle its appeal.", "Ref", c.Ref)
	}
	if staffOnly && ch.Version <= 0 {
		if !c.Status.Open() {
			return AuditEntry{}, c.conflict()
		}
		return AuditEntry{}, Errorm(ECONFLICT, "workflow.stale", "This card is out of date; look at the current card of "+c.Ref+" and try again.", "Ref", c.Ref)
	}
	if err := c.CheckVersion(ch.Version); err != nil {
		return AuditEntry{}, err
	}
	next := *c
	entry := AuditEntry{
		ComplaintID: c.ID, Ref: c.Ref, At: at.UTC(),
		Actor: ch.By.Key, Role: ch.By.Role, Platform: ch.By.Platform,
		Action: ch.Action, Before: string(c.Status),
	}
	switch ch.Action {
	case ActionAssign:
		if c.Assignee == ch.By.Key {
			return AuditEntry{}, Errorm(ECONFLICT, "workflow.assigned_already", c.Ref+" is already assigned to you.", "Ref", c.Ref)
		}
		if !c.Status.Open() {
			return AuditEntry{}, c.conflict()
		}
		next.Assignee = ch.By.Key
		if c.Status == StatusSubmitted {
			next.Status = StatusInReview
		}
		if c.Assignee != "" {
			entry.Note = "reassigned from " + c.Assignee
		}
	case ActionRequestInfo:
		q, err := CleanTextMsg(ch.Note, Msg{ID: "field.question", English: "The question"}, 5, 1000, true)
		if err != nil {
			return AuditEntry{}, err
		}
		next.Info = append(append([]InfoRound(nil), c.InfoRounds()...), InfoRound{Question: q, AskedBy: ch.By.Key, AskedAt: at.UTC()})
		next.Status, next.InfoQuestion, next.InfoAnswer = StatusNeedsInfo, q, ""
		if c.Status != StatusNeedsInfo {
			// A second question while the first waits keeps where the
			// complaint came from.
			next.StatusBeforeInfo = c.Status
		}
		entry.Note = fmt.Sprintf("question %d: %s", len(next.Info), q)
	case ActionInfoReply:
		if c.Status == StatusNoResponse && !c.Reopenable(at) {
			day := c.ClosedNoResponseAt.UTC()
			return AuditEntry{}, Errorm(ECONFLICT, "workflow.closed_unanswered", c.Ref+" was closed on "+day.Format("2006-01-02")+" because staff's question went unanswered, and can no longer be reopened. File a new complaint if you still need help.",
				"Ref", c.Ref, "Date", Day(day))
		}
		if c.Status != StatusNeedsInfo && c.Status != StatusNoResponse {
			return AuditEntry{}, Errorm(ECONFLICT, "workflow.not_waiting", c.Ref+" is not waiting for an answer from you.", "Ref", c.Ref)
		}
		min := 1
		if len(ch.Evidence) > 0 {
			min = 0 // files alone answer "please send a photo"
		}
		a, err := CleanTextMsg(ch.Note, Msg{ID: "wizard.field.answer", English: "Your answer"}, min, 2000, true)
		if err != nil {
			return AuditEntry{}, err
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
		last.Answer, last.AnsweredAt = a, at.UTC()
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
		entry.Note = fmt.Sprintf("answer %d: %s", len(next.Info), RedactEmails(a))
		if a == "" {
			entry.Note = fmt.Sprintf("answer %d: files only", len(next.Info))
		}
		for i, ev := range ch.Evidence {
			sep := ", "
			if i == 0 {
				sep = "; evidence added: "
			}
			entry.Note += sep + ev.Name
			if ev.SHA256 != "" {
				entry.Note += " sha256 " + ev.SHA256
			} else if ev.Uploaded() {
				entry.Note += " (not fetched)"
			}
		}
	case ActionEscalate:
		next.Status = StatusEscalated
		entry.Note = ch.Note
	case ActionApprove:
		if err := c.decidable(); err != nil {
			return AuditEntry{}, err
		}
		if ch.Amount != 0 || c.Remedy != RemedyRemoval {
			if err := ValidateAmount(ch.Amount, ch.Currency); err != nil {
				return AuditEntry{}, err
			}
		} else {
			ch.Currency = ""
		}
		note, err := CleanTextMsg(ch.Note, Msg{ID: "field.note", English: "The note"}, 0, 1000, true)
		if err != nil {
			return AuditEntry{}, err
		}
		overMsg := c.OverAskedMsg(ch.Amount, ch.Currency)
		over := overMsg.English
		if over != "" && note == "" {
			return AuditEntry{}, Errorm(EINVALID, "workflow.over_asked", over+" To approve it anyway, say why in the note.", "Over", overMsg)
		}
		d := &Decision{Outcome: StatusApproved, Amount: ch.Amount, Currency: ch.Currency, Note: note, By: ch.By.Key, At: at.UTC()}
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
		entry.Note = d.Compensation()
		if over != "" {
			entry.Note += " (" + strings.TrimSuffix(over, ".") + ")"
		}
		if note != "" {
			entry.Note += ": " + note
		}
	case ActionConfirmApproval, ActionDeclineApproval:
		if c.Status != StatusAwaitingConfirmation || c.Decision == nil {
			return AuditEntry{}, c.conflict()
		}
		if c.Decision.By == ch.By.Key {
			return AuditEntry{}, Errorm(EUNAUTHORIZED, "workflow.own_approval", "You approved "+c.Ref+" yourself; a second, different staff member must confirm it.", "Ref", c.Ref)
		}
		if ch.Action == ActionDeclineApproval {
			// The approver is told why, so the reason is required.
			note, err := CleanTextMsg(ch.Note, Msg{ID: "field.reason", English: "The reason"}, 5, 1000, true)
			if err != nil {
				return AuditEntry{}, err
			}
			next.Status, next.Decision = StatusInReview, nil
			entry.Note = "approval of " + c.Decision.Compensation() + " by " + c.Decision.By + " sent back"
			if note != "" {
				entry.Note += ": " + note
			}
			break
		}
		d := *c.Decision
		d.Outcome, d.ConfirmedBy, d.At = StatusApproved, ch.By.Key, at.UTC()
		next.Status, next.Decision = StatusApproved, &d
		entry.Note = d.Compensation() + " approved by " + d.By
	case ActionReject:
		if err := c.decidable(); err != nil {
			return AuditEntry{}, err
		}
		if ReasonLabel(ch.ReasonCode) == ch.ReasonCode {
			return AuditEntry{}, Errorm(EINVALID, "workflow.choose_reason", "Choose a reason for the rejection.")
		}
		min := 0
		if ch.ReasonCode == "other" {
			min = 5
		}
		note, err := CleanTextMsg(ch.Note, Msg{ID: "field.explanation", English: "The explanation"}, min, 1000, true)
		if err != nil {
			return AuditEntry{}, err
		}
		next.Status = StatusRejected
		next.Decision = &Decision{Outcome: StatusRejected, ReasonCode: ch.ReasonCode, Note: note, By: ch.By.Key, At: at.UTC()}
		entry.Note = ch.ReasonCode
		if note != "" {
			entry.Note += ": " + note
		}
	case ActionAppeal:
		if ok, why := c.AppealableMsg(at, ch.AppealWindow); !ok {
			return AuditEntry{}, &Error{Code: ECONFLICT, Message: why.English, ID: why.ID, Args: why.Args}
		}
		reason, err := CleanTextMsg(ch.Note, Msg{ID: "appeal.field.reason", English: "Your reason"}, 20, 2000, true)
		if err != nil {
			return AuditEntry{}, err
		}
		next.Appeal = &Appeal{Reason: reason, At: at.UTC(), Evidence: append([]Evidence(nil), ch.Evidence...), Rejection: *c.Decision}
		next.Evidence = append(append([]Evidence(nil), c.Evidence...), ch.Evidence...)
		next.Status, next.Decision, next.Assignee = StatusAppealed, nil, ""
		next.WaitingSince = at.UTC()
		entry.Note = fmt.Sprintf("appeal of the rejection by %s (%s): %s", c.Decision.By, c.Decision.ReasonCode, RedactEmails(reason))
		for i, ev := range ch.Evidence {
			sep := ", "
			if i == 0 {
				sep = "; evidence added: "
			}
			entry.Note += sep + ev.Name
			if ev.SHA256 != "" {
				entry.Note += " sha256 " + ev.SHA256
			}
		}
	case ActionPaid, ActionPayoutFailed:
		switch c.PayoutState() {
		case PayoutNone:
			return AuditEntry{}, Errorm(ECONFLICT, "workflow.nothing_to_pay", c.Ref+" has nothing to pay: it is "+c.Status.Label()+".", "Ref", c.Ref, "Status", c.Status)
		case PayoutPaid:
			p := c.Payouts[len(c.Payouts)-1]
			return AuditEntry{}, Errorm(ECONFLICT, "workflow.paid_already", fmt.Sprintf("%s was already recorded as paid by %s: reference %s, paid on %s.", c.Ref, p.By, p.Reference, p.PaidOn),
				"Ref", c.Ref, "By", p.By, "Reference", p.Reference, "Date", p.PaidOn)
		}
		p := Payout{Paid: ch.Action == ActionPaid, By: ch.By.Key, At: at.UTC()}
		if p.Paid {
			ref, err := CleanTextMsg(ch.Reference, Msg{ID: "field.payment_reference", English: "The payment reference"}, 2, 100, false)
			if err != nil {
				return AuditEntry{}, err
			}
			day, err := time.Parse("2006-01-02", strings.TrimSpace(ch.PaidOn))
			if err != nil {
				example := at.UTC().Format("2006-01-02")
				return AuditEntry{}, Errorm(EINVALID, "workflow.pay_date", "Give the date of payment as YYYY-MM-DD, e.g. "+example+".", "Example", example)
			}
			if day.After(at) || day.Before(c.Decision.At.Truncate(24*time.Hour)) {
				approved := c.Decision.At.UTC()
				return AuditEntry{}, Errorm(EINVALID, "workflow.pay_date_range", "The payment date must be between the approval ("+approved.Format("2006-01-02")+") and today.", "Date", Day(approved))
			}
			p.Reference, p.PaidOn = ref, day.Format("2006-01-02")
			entry.Note = fmt.Sprintf("%s paid on %s, reference %s", c.Decision.Compensation(), p.PaidOn, p.Reference)
		} else {
			reason, err := CleanTextMsg(ch.Note, Msg{ID: "field.reason", English: "The reason"}, 5, 1000, true)
			if err != nil {
				return AuditEntry{}, err
			}
			p.Reason = reason
			entry.Note = fmt.Sprintf("paying %s failed: %s", c.Decision.Compensation(), reason)
		}
		next.Payouts = append(append([]Payout(nil), c.Payouts...), p)
	case ActionWithdraw:
		if !c.Status.Open() {
			return AuditEntry{}, c.conflict()
		}
		next.Status, next.WithdrawnAt = StatusWithdrawn, at.UTC()
		if d := c.Decision; d != nil {
			// An approval waiting for its second staff member lapses; the
			// trail keeps who approved what.
			next.Decision = nil
			entry.Note = "pending approval of " + d.Compensation() + " by " + d.By + " lapsed"
		}
	default:
		q := quoted(string(ch.Action))
		return AuditEntry{}, Errorm(EINVALID, "workflow.unknown_action", `Unknown action "`+q+`".`, "Action", q)
	}
	if next.Status != c.Status && !CanTransition(c.Status, next.Status) {
		return AuditEntry{}, c.conflict()
	}
	if next.Status != StatusNeedsInfo && next.Status != StatusNoResponse {
		next.StatusBeforeInfo = ""
		next.ClosedNoResponseAt = time.Time{}
	}
	if (c.Status == StatusNeedsInfo || c.Status == StatusNoResponse) && next.Status != StatusNeedsInfo {
		// Waiting for staff again: the SLA clock starts over.
		next.WaitingSince = at.UTC()
	}
	next.Version = c.Version + 1
	next.UpdatedAt = at.UTC()
	entry.After = string(next.Status)
	*c = next
	return entry, nil
}

// OverAsked says, as a sentence for the approver, how an approval of
// amount in currency goes beyond what the complainant asked for: more than
// the amount asked, or another currency. It returns "" when it does not,
// or when nothing was asked.
func (c *Complaint) OverAsked(amount int64, currency string) string {
	return c.OverAskedMsg(amount, currency).English
}

// OverAskedMsg is OverAsked as a catalog message; its English is "" when
// the approval does not go beyond what was asked.
func (c *Complaint) OverAskedMsg(amount int64, currency string) Msg {
	if c.Amount <= 0 || amount <= 0 {
		return Msg{}
	}
	what := Msg{ID: "remedy.compensation", English: "compensation"}
	if c.Remedy == RemedyRefund {
		what = Msg{ID: "remedy.refund", English: "refund"}
	}
	asked := Money{Amount: c.Amount, Currency: c.Currency}
	switch {
	case currency != c.Currency:
		return Msg{ID: "workflow.over_currency", Args: []any{"What", what, "Asked", asked, "Currency", c.Currency, "Other", currency},
			English: fmt.Sprintf("The complainant asked for %s of %s, in %s, not %s.", what.English, FormatAmount(asked.Amount, asked.Currency), c.Currency, currency)}
	case amount > c.Amount:
		approved := Money{Amount: amount, Currency: currency}
		return Msg{ID: "workflow.over_amount", Args: []any{"Amount", approved, "What", what, "Asked", asked},
			English: fmt.Sprintf("%s is more than the %s of %s the complainant asked for.", FormatAmount(amount, currency), what.English, FormatAmount(asked.Amount, asked.Currency))}
	}
	return Msg{}
}

// decidable returns ECONFLICT, saying why, when the complaint may not be
// approved or rejected: it is closed, or an approval waits for a second
// staff member, who confirms it or sends it back (after which it can be
// decided again). Without this, a decision could silently replace another.
func (c *Complaint) decidable() error {
	if !c.Status.Open() || c.Status == StatusAwaitingConfirmation {
		if c.Status == StatusAwaitingConfirmation && c.Decision != nil {
			return Errorm(ECONFLICT, "workflow.awaiting_second", c.Ref+" was already approved by "+c.Decision.By+" and waits for a second staff member: confirm it, or send it back before deciding otherwise.",
				"Ref", c.Ref, "By", c.Decision.By)
		}
		return c.conflict()
	}
	return nil
}

// CheckVersion returns ECONFLICT, saying who acted first, when version (the
// one an actor saw) is not the complaint's current version. Zero skips the
// check.
func (c *Complaint) CheckVersion(version int) error {
	if version != 0 && version != c.Version {
		return c.conflict()
	}
	return nil
}

// Conflict returns the ECONFLICT error that explains what the complaint is
// now: who decided it and how, that it was withdrawn, or its status.
func (c *Complaint) Conflict() error { return c.conflict() }

// conflict explains why an action lost: who decided first, or what the
// complaint is now.
func (c *Complaint) conflict() error {
	if c.Status == StatusWithdrawn {
		return Errorm(ECONFLICT, "workflow.withdrawn", c.Ref+" was withdrawn by the complainant at "+c.WithdrawnAt.UTC().Format("2006-01-02 15:04 MST")+"; it can no longer be changed.",
			"Ref", c.Ref, "At", c.WithdrawnAt)
	}
	if d := c.Decision; d != nil && !c.Status.Open() {
		by := Msg{English: d.By}
		if d.ConfirmedBy != "" {
			by = Msg{ID: "workflow.confirmed_by", Args: []any{"By", d.By, "Confirmer", d.ConfirmedBy}, English: d.By + " (confirmed by " + d.ConfirmedBy + ")"}
		}
		return Errorm(ECONFLICT, "workflow.decided", fmt.Sprintf("%s was already decided by %s at %s: %s.", c.Ref, by.English, d.At.UTC().Format("2006-01-02 15:04 MST"), d.Summary()),
			"Ref", c.Ref, "By", by, "At", d.At, "Decision", d)
	}
	if d := c.Decision; d != nil && c.Status == StatusAwaitingConfirmation {
		return Errorm(ECONFLICT, "workflow.awaiting_confirm", c.Ref+" was already approved by "+d.By+" and waits for a second staff member to confirm.", "Ref", c.Ref, "By", d.By)
	}
	return Errorm(ECONFLICT, "workflow.changed", c.Ref+" changed before your action arrived; it is now "+c.Status.Label()+". Look at the updated card and try again.",
		"Ref", c.Ref, "Status", c.Status)
}
