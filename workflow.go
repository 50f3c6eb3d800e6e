package ipdesk

import (
	"fmt"
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
//
// Every action passes the same checks (who may take it, the version the
// actor saw) and ends the same way (an allowed status transition, the SLA
// clock, the version); what differs is one method per action (see
// actionRules).
func (c *Complaint) Apply(ch Change, at time.Time) (AuditEntry, error) {
	rule, known := actionRules[ch.Action]
	if !known {
		// An action Apply does not know passes the staff checks, as
		// most actions do, and is then refused as unknown.
		rule.by = byStaff
	}
	if err := c.mayAct(rule.by, ch); err != nil {
		return AuditEntry{}, err
	}
	if !known {
		q := quoted(string(ch.Action))
		return AuditEntry{}, Errorm(EINVALID, "workflow.unknown_action", `Unknown action "`+q+`".`, "Action", q)
	}
	next := *c
	note, err := rule.apply(c, &next, ch, at.UTC())
	if err != nil {
		return AuditEntry{}, err
	}
	if next.Status != c.Status && !CanTransition(c.Status, next.Status) {
		return AuditEntry{}, c.conflict()
	}
	if next.Status != StatusNeedsInfo && next.Status != StatusNoResponse {
		next.StatusBeforeInfo = ""
		next.ClosedNoResponseAt = time.Time{}
	}
	if (c.Status == StatusNeedsInfo || c.Status == StatusNoResponse) && next.Status != StatusNeedsInfo && next.Status != StatusNoResponse {
		// Waiting for staff again: the SLA clock starts over.
		next.WaitingSince = at.UTC()
	}
	next.Version = c.Version + 1
	next.UpdatedAt = at.UTC()
	entry := AuditEntry{
		ComplaintID: c.ID, Ref: c.Ref, At: at.UTC(),
		Actor: ch.By.Key, Role: ch.By.Role, Platform: ch.By.Platform,
		Action: ch.Action, Before: string(c.Status), After: string(next.Status), Note: note,
	}
	*c = next
	return entry, nil
}

// who says who may take an action on a complaint.
type who int

const (
	byStaff       who = iota // a staff member other than the complainant, from the card's version
	byComplainant            // the complainant
	byBot                    // the bot itself, when a time has passed
)

// actionRule is one action of Apply: who may take it, and what it changes.
// apply reads c, changes next (a copy of c) and returns the audit note; at
// is in UTC. The rule's checks and Apply's common end come around it.
type actionRule struct {
	by    who
	apply func(c, next *Complaint, ch Change, at time.Time) (note string, err error)
}

// actionRules are the actions Apply takes.
var actionRules = map[Action]actionRule{
	ActionAssign:          {byStaff, (*Complaint).assign},
	ActionRequestInfo:     {byStaff, (*Complaint).requestInfo},
	ActionInfoReply:       {byComplainant, (*Complaint).infoReply},
	ActionEscalate:        {byStaff, (*Complaint).escalate},
	ActionApprove:         {byStaff, (*Complaint).approve},
	ActionConfirmApproval: {byStaff, (*Complaint).confirmApproval},
	ActionDeclineApproval: {byStaff, (*Complaint).declineApproval},
	ActionReject:          {byStaff, (*Complaint).reject},
	ActionAppeal:          {byComplainant, (*Complaint).appeal},
	ActionPaid:            {byStaff, (*Complaint).payout},
	ActionPayoutFailed:    {byStaff, (*Complaint).payout},
	ActionWithdraw:        {byComplainant, (*Complaint).withdraw},
	ActionNoResponse:      {byBot, (*Complaint).closeUnanswered},
}

// mayAct returns why ch's actor may not take an action that by may take:
// EUNAUTHORIZED for the wrong person (staff deciding their own complaint,
// or the appeal of their own rejection, included), ECONFLICT for a staff
// action without the version of the card it came from, or for a version
// the complaint has left behind.
func (c *Complaint) mayAct(by who, ch Change) error {
	switch by {
	case byBot:
		// Only the bot closes a complaint for lack of an answer, when its
		// time has passed.
		if ch.By.Role != RoleSystem {
			return Errorm(EUNAUTHORIZED, "workflow.only_bot", "Only the bot closes a complaint that went unanswered.")
		}
		return nil
	case byComplainant:
		if ch.By.Key != c.Complainant() {
			return Errorm(EUNAUTHORIZED, "workflow.complainant_only", "Only the complainant can do that.")
		}
	case byStaff:
		if ch.By.Role != RoleStaff {
			return Errorm(EUNAUTHORIZED, "workflow.staff_only", "Only staff can do that.")
		}
		if ch.By.Key == c.Complainant() {
			// A staff member who filed as a consumer would otherwise decide
			// their own claim alone.
			return Errorm(EUNAUTHORIZED, "workflow.own", "You filed "+c.Ref+" yourself, so another staff member must handle it.", "Ref", c.Ref)
		}
		if c.Appeal != nil && c.Status.Open() && c.Appeal.Rejection.By == ch.By.Key {
			// An appeal is decided by someone who did not reject it.
			return Errorm(EUNAUTHORIZED, "workflow.own_rejection", "You rejected "+c.Ref+" before, so another staff member must handle its appeal.", "Ref", c.Ref)
		}
		if ch.Version <= 0 {
			if !c.Status.Open() {
				return c.conflict()
			}
			return Errorm(ECONFLICT, "workflow.stale", "This card is out of date; look at the current card of "+c.Ref+" and try again.", "Ref", c.Ref)
		}
	}
	return c.CheckVersion(ch.Version)
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
