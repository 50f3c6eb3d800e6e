package ipdesk

import (
	"fmt"
	"time"
)

// Status is where a complaint stands in review. The set follows the
// marketplace programmes the bot is modelled on: a complaint is submitted,
// may wait for more information, is reviewed (possibly escalated), and ends
// approved, rejected or withdrawn. An approval above the approval limit waits
// in StatusAwaitingConfirmation until a second staff member confirms it.
type Status string

// Complaint statuses.
const (
	StatusSubmitted            Status = "submitted"             // filed, waiting for staff
	StatusNeedsInfo            Status = "needs_info"            // staff asked the complainant a question
	StatusInReview             Status = "in_review"             // a staff member took it
	StatusEscalated            Status = "escalated"             // waiting for a senior decision
	StatusAwaitingConfirmation Status = "awaiting_confirmation" // approved by one staff member, needs a second
	StatusApproved             Status = "approved"              // compensation approved
	StatusRejected             Status = "rejected"              // rejected with a reason
	StatusWithdrawn            Status = "withdrawn"             // the complainant withdrew it
	StatusAppealed             Status = "appealed"              // rejected, then appealed: waiting for a different staff member
	StatusNoResponse           Status = "no_response"           // closed: the complainant did not answer staff's question in time
)

// ReopenWindow is how long after a complaint closed for lack of an answer
// the complainant may still answer, which reopens it.
const ReopenWindow = 30 * 24 * time.Hour

// Open reports whether a complaint in this status still needs staff action.
func (s Status) Open() bool {
	switch s {
	case StatusApproved, StatusRejected, StatusWithdrawn, StatusNoResponse:
		return false
	}
	return true
}

// Label returns the status in words, for people.
func (s Status) Label() string {
	switch s {
	case StatusSubmitted:
		return "submitted"
	case StatusNeedsInfo:
		return "waiting for information from the complainant"
	case StatusInReview:
		return "in review"
	case StatusEscalated:
		return "escalated"
	case StatusAwaitingConfirmation:
		return "approved, waiting for a second staff member to confirm"
	case StatusApproved:
		return "approved"
	case StatusRejected:
		return "rejected"
	case StatusWithdrawn:
		return "withdrawn"
	case StatusAppealed:
		return "appealed, waiting for a staff member who did not reject it"
	case StatusNoResponse:
		return "closed: no answer to staff's question"
	}
	return string(s)
}

// transitions lists, for each status, the statuses a complaint may move to.
// Approved and withdrawn complaints are final; a rejected one may be
// appealed once, which reopens it.
var transitions = map[Status][]Status{
	StatusRejected:             {StatusAppealed},
	StatusNoResponse:           {StatusSubmitted, StatusInReview, StatusEscalated, StatusAppealed},
	StatusAppealed:             {StatusInReview, StatusNeedsInfo, StatusEscalated, StatusAwaitingConfirmation, StatusApproved, StatusRejected, StatusWithdrawn},
	StatusSubmitted:            {StatusInReview, StatusNeedsInfo, StatusEscalated, StatusAwaitingConfirmation, StatusApproved, StatusRejected, StatusWithdrawn},
	StatusInReview:             {StatusNeedsInfo, StatusEscalated, StatusAwaitingConfirmation, StatusApproved, StatusRejected, StatusWithdrawn},
	StatusNeedsInfo:            {StatusSubmitted, StatusInReview, StatusEscalated, StatusAwaitingConfirmation, StatusApproved, StatusRejected, StatusWithdrawn, StatusNoResponse, StatusAppealed},
	StatusEscalated:            {StatusInReview, StatusNeedsInfo, StatusAwaitingConfirmation, StatusApproved, StatusRejected, StatusWithdrawn},
	StatusAwaitingConfirmation: {StatusApproved, StatusInReview, StatusRejected, StatusWithdrawn},
}

// CanTransition reports whether a complaint may move from one status to
// another. Staying in the same status is not a transition.
func CanTransition(from, to Status) bool {
	for _, s := range transitions[from] {
		if s == to {
			return true
		}
	}
	return false
}

// Kind is who is complaining and why; each kind asks only what it needs.
type Kind string

// Complaint kinds.
const (
	KindCounterfeit Kind = "counterfeit" // a consumer bought a counterfeit
	KindRights      Kind = "rights"      // a rights holder or their agent reports a listing
	KindOther       Kind = "other"       // anything else about a listing
)

// Label returns the kind in words.
func (k Kind) Label() string {
	switch k {
	case KindCounterfeit:
		return "bought a counterfeit"
	case KindRights:
		return "rights holder or agent reporting a listing"
	case KindOther:
		return "other problem with a listing"
	}
	return string(k)
}

// Right is the kind of intellectual property right a rights holder relies on.
type Right string

// Rights. A registration number is required for the registered ones.
const (
	RightTrademark Right = "trademark"
	RightCopyright Right = "copyright"
	RightPatent    Right = "patent"
	RightDesign    Right = "design"
)

// Rights lists the rights in the order the wizard offers them.
var Rights = []Right{RightTrademark, RightCopyright, RightPatent, RightDesign}

// NeedsRegistration reports whether the right only exists once registered,
// so a complaint relying on it must carry the registration number.
// Copyright arises without registration.
func (r Right) NeedsRegistration() bool { return r != RightCopyright }

// Remedy is what the complainant asks for.
type Remedy string

// Remedies.
const (
	RemedyRefund       Remedy = "refund"
	RemedyCompensation Remedy = "compensation"
	RemedyRemoval      Remedy = "removal"
)

// Label returns the remedy in words.
func (r Remedy) Label() string {
	switch r {
	case RemedyRefund:
		return "refund"
	case RemedyCompensation:
		return "compensation"
	case RemedyRemoval:
		return "listing removal"
	}
	return string(r)
}

// Evidence is one photo, document or link backing a complaint. Files are
// recorded with their SHA-256 so that what staff see later can be shown to be
// what was uploaded.
type Evidence struct {
	Name   string `json:"name"`
	Type   string `json:"type,omitempty"` // MIME type
	Size   int64  `json:"size,omitempty"` // bytes
	SHA256 string `json:"sha256,omitempty"`
	URL    string `json:"url,omitempty"`
	// Upload is set for a file sent in chat, as opposed to a pasted link.
	// URL is where the platform keeps it, often readable only by the
	// complainant and the bot, and for a limited time.
	Upload bool `json:"upload,omitempty"`
	// Stored is set when the bot kept its own copy of the file, under
	// SHA256 in the evidence store; staff are shown that copy, which
	// outlives the platform's.
	Stored bool `json:"stored,omitempty"`
	// Unfetched says why the bot could not fetch an uploaded file, which
	// then has neither a copy nor a fingerprint.
	Unfetched string `json:"unfetched,omitempty"`
}

// Uploaded reports whether the evidence is a file sent in chat. Complaints
// filed before Upload existed mark uploads only by their MIME type, which
// pasted links never have.
func (e Evidence) Uploaded() bool { return e.Upload || e.Type != "" }

// FilerRole says whether a rights-holder complaint comes from the owner of
// the right or from an agent acting for the owner, as notice programmes ask.
type FilerRole string

// Filer roles.
const (
	FilerOwner FilerRole = "owner"
	FilerAgent FilerRole = "agent"
)

// Declaration is what a rights holder or agent affirms when filing an IP
// notice, as DMCA 512(c)(3), eBay VeRO and similar programmes require: a
// good-faith belief that the use is not authorised, that the notice is
// accurate, and, under penalty of perjury, the authority to act for the
// owner; signed with a typed full name, and dated.
type Declaration struct {
	GoodFaith bool      `json:"good_faith"`
	Accurate  bool      `json:"accurate"`
	Perjury   bool      `json:"perjury"`
	Signature string    `json:"signature,omitempty"` // the full name typed as a signature
	SignedAt  time.Time `json:"signed_at,omitzero"`
}

// The declaration statements, as shown to the filer and kept with the
// complaint's wizard version; changing their meaning needs a new version
// of the statement, not an edit.
const (
	StatementGoodFaith = "I have a good-faith belief that the use of the material in the manner complained of is not authorised by the rights owner, its agent or the law."
	StatementAccurate  = "The information in this notice is accurate."
	StatementPerjury   = "Under penalty of perjury, I am the owner of the right said to be infringed, or authorised to act on the owner's behalf."
)

// Complete reports whether every statement was made and the declaration
// signed and dated.
func (d *Declaration) Complete() bool {
	return d != nil && d.GoodFaith && d.Accurate && d.Perjury && d.Signature != "" && !d.SignedAt.IsZero()
}

// Complaint is a report of a counterfeit or infringing listing. The answers
// the complainant gave are kept as typed; Contact is set only when Consent is
// true, and nothing else holds contact details.
type Complaint struct {
	ID      int64  `json:"-"`
	Ref     string `json:"ref"`     // human-friendly reference shown to users, e.g. IPD-7K3Q9
	Version int    `json:"version"` // incremented on every change, for optimistic concurrency

	Kind        Kind     `json:"kind"`
	Marketplace string   `json:"marketplace"` // a Marketplace ID
	ListingURLs []string `json:"listing_urls"`
	Seller      string   `json:"seller"`     // seller or shop name as given
	SellerKey   string   `json:"seller_key"` // normalised, for counting repeat reports
	OrderNumber string   `json:"order_number,omitempty"`
	OrderDate   string   `json:"order_date,omitempty"` // YYYY-MM-DD
	Problem     string   `json:"problem"`
	Right       Right    `json:"right,omitempty"`
	RegNumber   string   `json:"reg_number,omitempty"`
	// Jurisdiction is where the right is registered or protected: a code
	// of Jurisdictions ("US", "EU", "CN") or the country or office as the
	// filer typed it.
	Jurisdiction string    `json:"jurisdiction,omitempty"`
	FilerRole    FilerRole `json:"filer_role,omitempty"`
	// RightsOwner is the owner an agent acts for, as on the registration.
	RightsOwner string       `json:"rights_owner,omitempty"`
	Declaration *Declaration `json:"declaration,omitempty"`
	Evidence    []Evidence   `json:"evidence"`
	Remedy      Remedy       `json:"remedy"`
	Amount      int64        `json:"amount,omitempty"` // asked for, in minor units of Currency
	Currency    string       `json:"currency,omitempty"`
	Consent     bool         `json:"consent"` // staff may contact the complainant at Contact
	Contact     string       `json:"contact,omitempty"`
	// Authorisation is an agent's letter of authorisation from the
	// owner, as files or links (its pages); empty when the agent had none
	// at hand, and staff may ask for it.
	Authorisation []Evidence `json:"authorisation,omitempty"`

	// Lang is the language the complainant filed in ("en", "zh"): the
	// receipt, status updates and decisions they are sent use it.
	Lang string `json:"lang,omitempty"`

	Status   Status `json:"status"`
	Assignee string `json:"assignee,omitempty"` // "platform:userid" of the staff member who took it
	Platform string `json:"platform"`           // chat platform the complainant used
	UserID   string `json:"user_id"`            // the complainant's id on that platform
	CardRef  string `json:"-"`                  // the review card, as bot.MessageRef.String

	// WithdrawnAt is when the complainant withdrew the complaint.
	WithdrawnAt time.Time `json:"withdrawn_at,omitzero"`
	// ClosedNoResponseAt is when the bot closed the complaint because
	// staff's question went unanswered; an answer within ReopenWindow
	// reopens it.
	ClosedNoResponseAt time.Time `json:"closed_no_response_at,omitzero"`

	// Info is every question staff asked the complainant and the answer
	// to it, oldest first. Nothing in it is ever replaced: a second
	// question is a second round.
	Info []InfoRound `json:"info,omitempty"`
	// InfoQuestion and InfoAnswer repeat the latest round of Info, for
	// readers of the flat export columns. Complaints stored before Info
	// existed have only these (see InfoRounds).
	InfoQuestion string `json:"info_question,omitempty"`
	InfoAnswer   string `json:"info_answer,omitempty"`
	// StatusBeforeInfo is the status the complaint had when staff asked
	// InfoQuestion, kept while the complaint waits for the answer: the
	// answer returns it there, so an escalated complaint stays escalated.
	StatusBeforeInfo Status `json:"status_before_info,omitempty"`

	// Decision is the current decision, nil while undecided. While the
	// status is StatusAwaitingConfirmation it is the first approval.
	Decision *Decision `json:"decision,omitempty"`
	// Appeal is the complainant's appeal of a rejection, with that
	// rejection; a complaint is appealed at most once.
	Appeal *Appeal `json:"appeal,omitempty"`
	// Payouts are staff's records of paying an approved amount, in
	// order: failed attempts, then the payment.
	Payouts []Payout `json:"payouts,omitempty"`

	// Warnings are notes for staff found while filing, such as an order
	// outside the marketplace's claim window.
	Warnings []string `json:"warnings,omitempty"`

	// FiledBy are the delivery ids of the events that built the draft
	// this complaint was filed from and of the one that filed it (see
	// Draft.Events): one of them handled again after a crash is answered
	// with this complaint, not taken as a new message.
	FiledBy []string `json:"filed_by,omitempty"`

	// RepeatCount is how many complainants, this one included, had
	// reported the same seller within RepeatWindow when this one was
	// filed; 1 when the seller has no key.
	RepeatCount int `json:"repeat_count"`

	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// WaitingSince is when the complaint last began waiting for staff:
	// when it was filed, or when it moved on from waiting for the
	// complainant's answer. The SLA clock runs from here, so time the
	// complainant took to answer is not counted against staff.
	WaitingSince time.Time `json:"waiting_since,omitzero"`
}

// InfoRound is one question staff asked the complainant, and the answer.
type InfoRound struct {
	Question string    `json:"question"`
	AskedBy  string    `json:"asked_by,omitempty"` // "platform:userid" of the staff member
	AskedAt  time.Time `json:"asked_at,omitzero"`
	// Answer is what the complainant wrote, empty until they answer (or
	// when they sent files alone, which Evidence then holds).
	Answer     string    `json:"answer,omitempty"`
	AnsweredAt time.Time `json:"answered_at,omitzero"`
	// Evidence is what came with the answer; it also joined the
	// complaint's evidence.
	Evidence []Evidence `json:"evidence,omitempty"`
}

// Answered reports whether the complainant answered this round.
func (r InfoRound) Answered() bool { return !r.AnsweredAt.IsZero() || r.Answer != "" }

// InfoRounds returns every question and answer, oldest first. A complaint
// stored before rounds were kept yields its one question and answer.
func (c *Complaint) InfoRounds() []InfoRound {
	if len(c.Info) > 0 || c.InfoQuestion == "" {
		return c.Info
	}
	return []InfoRound{{Question: c.InfoQuestion, Answer: c.InfoAnswer}}
}

// AllEvidence returns every file and link the complaint holds: its
// evidence (which the answers to staff and an appeal joined) and an
// agent's letter of authorisation. Kept copies of files are deleted only
// when no complaint holds them here.
func (c *Complaint) AllEvidence() []Evidence {
	return append(append([]Evidence(nil), c.Evidence...), c.Authorisation...)
}

// Complainant returns the complainant's "platform:userid".
func (c *Complaint) Complainant() string { return c.Platform + ":" + c.UserID }

// RepeatWindow is the period over which reports against one seller are
// counted for the repeat-offender alert.
const RepeatWindow = 30 * 24 * time.Hour

// Decision is a staff decision on a complaint.
type Decision struct {
	Outcome  Status `json:"outcome"`
	Amount   int64  `json:"amount,omitempty"` // in minor units of Currency, for approvals
	Currency string `json:"currency,omitempty"`
	// Remedy is what an approval with an amount pays: a refund when the
	// complainant asked for one, otherwise compensation.
	Remedy      Remedy    `json:"remedy,omitempty"`
	ReasonCode  string    `json:"reason_code,omitempty"`
	Note        string    `json:"note,omitempty"`
	By          string    `json:"by"`                     // "platform:userid" of the deciding staff member
	ConfirmedBy string    `json:"confirmed_by,omitempty"` // the second staff member, for approvals above the limit
	At          time.Time `json:"at"`
}

// Appeal is a complainant's request to look again at a rejection. The
// rejection is kept here, so both decisions stay with the complaint; the
// staff member who made it may not decide the appeal.
type Appeal struct {
	Reason   string     `json:"reason"`
	At       time.Time  `json:"at"`
	Evidence []Evidence `json:"evidence,omitempty"` // new evidence sent with it; it also joined the complaint's
	// Rejection is the decision appealed.
	Rejection Decision `json:"rejection"`
}

// Payout is one record of paying an approved amount: paid, with the
// payment's reference and date, or failed, with the reason.
type Payout struct {
	Paid      bool      `json:"paid"`
	Reference string    `json:"reference,omitempty"` // the payment's reference, when paid
	PaidOn    string    `json:"paid_on,omitempty"`   // YYYY-MM-DD, when paid
	Reason    string    `json:"reason,omitempty"`    // why it failed
	By        string    `json:"by"`
	At        time.Time `json:"at"`
}

// Payout states of a complaint (see PayoutState).
const (
	PayoutNone   = ""       // nothing to pay: not approved, or approved without an amount
	PayoutDue    = "due"    // approved with an amount, not paid yet
	PayoutFailed = "failed" // the last attempt failed
	PayoutPaid   = "paid"   // paid
)

// PayoutState says where paying the complaint's approved amount stands.
func (c *Complaint) PayoutState() string {
	if c.Status != StatusApproved || c.Decision == nil || c.Decision.Amount == 0 {
		return PayoutNone
	}
	if n := len(c.Payouts); n > 0 {
		if c.Payouts[n-1].Paid {
			return PayoutPaid
		}
		return PayoutFailed
	}
	return PayoutDue
}

// ReasonCode is a documented reason for rejecting a complaint; every
// rejection carries one so decisions can be counted and explained.
type ReasonCode struct {
	Code  string
	Label string
}

// ReasonCodes lists the rejection reasons staff choose from.
var ReasonCodes = []ReasonCode{
	{"insufficient_evidence", "Not enough evidence"},
	{"not_counterfeit", "The item appears genuine"},
	{"outside_window", "Outside the claim window"},
	{"duplicate", "Duplicate of another complaint"},
	{"not_covered", "Not covered by this service"},
	{"other", "Other (explained in the note)"},
}

// ReasonLabel returns the label of a reason code, or the code itself.
func ReasonLabel(code string) string {
	for _, r := range ReasonCodes {
		if r.Code == code {
			return r.Label
		}
	}
	return code
}

// Summary returns a one-line description of the decision for people,
// without markup.
func (d *Decision) Summary() string {
	switch d.Outcome {
	case StatusApproved, StatusAwaitingConfirmation:
		return "approved " + d.Compensation()
	case StatusRejected:
		return "rejected: " + ReasonLabel(d.ReasonCode)
	}
	return string(d.Outcome)
}

// Compensation returns the amount approved, for people ("a refund of
// 89.90 USD" when it is a refund), or says that the approval grants
// listing removal without compensation.
func (d *Decision) Compensation() string {
	if d.Amount == 0 {
		return "without compensation (listing removal)"
	}
	if d.Remedy == RemedyRefund {
		return "a refund of " + FormatAmount(d.Amount, d.Currency)
	}
	return FormatAmount(d.Amount, d.Currency)
}

// Appealable reports whether the complainant may appeal at time at, given
// the window after a rejection in which appeals are taken, and if not,
// why, as a sentence for them.
func (c *Complaint) Appealable(at time.Time, window time.Duration) (bool, string) {
	ok, why := c.AppealableMsg(at, window)
	return ok, why.English
}

// AppealableMsg is Appealable with the reason as a catalog message.
func (c *Complaint) AppealableMsg(at time.Time, window time.Duration) (bool, Msg) {
	switch {
	case c.Appeal != nil:
		day := c.Appeal.At.UTC()
		return false, Msg{ID: "appeal.once", Args: []any{"Ref", c.Ref, "Date", Day(day)},
			English: fmt.Sprintf("%s was appealed already, on %s; a complaint can be appealed once.", c.Ref, day.Format("2006-01-02"))}
	case c.Status != StatusRejected || c.Decision == nil:
		return false, Msg{ID: "appeal.not_rejected", Args: []any{"Ref", c.Ref, "Status", c.Status.PublicMsg()},
			English: fmt.Sprintf("%s is %s; only a rejected complaint can be appealed.", c.Ref, c.Status.PublicLabel())}
	case window > 0 && at.Sub(c.Decision.At) > window:
		end, days := c.Decision.At.Add(window).UTC(), int(window.Hours()/24)
		return false, Msg{ID: "appeal.too_late", Args: []any{"Ref", c.Ref, "Date", Day(end), "Days", days},
			English: fmt.Sprintf("The time to appeal %s ended on %s, %d days after the rejection.", c.Ref, end.Format("2006-01-02"), days)}
	}
	return true, Msg{}
}

// Reopenable reports whether a complaint closed for lack of an answer may
// still be reopened by answering at time at.
func (c *Complaint) Reopenable(at time.Time) bool {
	return c.Status == StatusNoResponse && at.Sub(c.ClosedNoResponseAt) <= ReopenWindow
}

// LastAsked returns when staff asked the question the complaint waits
// for, or the zero time.
func (c *Complaint) LastAsked() time.Time {
	if r := c.InfoRounds(); len(r) > 0 {
		return r[len(r)-1].AskedAt
	}
	return time.Time{}
}

// PublicMsg is PublicLabel as a catalog message.
func (s Status) PublicMsg() Msg {
	if s == StatusAwaitingConfirmation {
		return Msg{ID: "status.public.awaiting_confirmation", English: s.PublicLabel()}
	}
	return Msg{ID: "status." + string(s), English: s.Label()}
}

// PublicLabel returns the status in words for the complainant. An approval
// waiting for its second staff member is not final and may be sent back,
// so the complainant is told only that a decision is being confirmed.
func (s Status) PublicLabel() string {
	if s == StatusAwaitingConfirmation {
		return "a decision is being confirmed by a second staff member"
	}
	return s.Label()
}

// RepeatSeller is a seller reported by at least the alert threshold number
// of complainants within RepeatWindow, with the references of their
// complaints.
type RepeatSeller struct {
	Key  string   // normalised seller key, "marketplace:name"
	Refs []string // complaint references, oldest first
	// Complainants is how many different users filed them.
	Complainants int
	AlertID      int64 // the recorded alert, for releasing it if sending fails
}

// Rating is a complainant's answer to "How did we handle this?", asked once
// when their complaint closed: a score from 1 (poor) to 5 (very good) and
// an optional comment. Staff is who made the decision rated.
type Rating struct {
	Ref     string    `json:"ref"`
	Staff   string    `json:"staff"`
	Score   int       `json:"score"`
	Comment string    `json:"comment,omitempty"`
	AskedAt time.Time `json:"asked_at"`
	RatedAt time.Time `json:"rated_at,omitzero"`
}
