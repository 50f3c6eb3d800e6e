package ipdesk

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
)

// Privacy actions on the audit trail. The rows say that a request was
// carried out, by whom and for which pseudonym, never what was deleted.
const (
	ActionCaseViewed   Action = "case_viewed"    // staff opened the private case view (contact details included)
	ActionLegalHold    Action = "legal_hold"     // staff put the case under legal hold
	ActionHoldReleased Action = "hold_released"  // staff released the legal hold
	ActionDataExport   Action = "privacy_export" // a person's data was exported (ref PrivacyRef)
	ActionDataForget   Action = "privacy_forget" // a person's data was deleted and their complaints anonymised (ref PrivacyRef)
)

// PrivacyRef is the audit trail's reference for rows that concern a
// person rather than one complaint (exports and deletions). It cannot be
// read as a complaint reference (see ParseRef).
const PrivacyRef = "privacy-request"

// Removed replaces free text removed from a complaint or an audit row, so
// that readers see that something was there.
const Removed = "(removed)"

// AnonPrefix starts the id that replaces a complainant's platform user id
// once their complaint is anonymised.
const AnonPrefix = "anon-"

// SecretSize is the size in bytes of an installation's pseudonym secret.
const SecretSize = 32

// Pseudonym returns the key under which the question log keeps a person:
// an HMAC-SHA-256, under the installation's secret, of HashUser. Without
// the secret, a copied question log cannot be matched to platform user
// ids by hashing guessed ids, and two installations give the same person
// different keys. The same person always gets the same key in one
// installation, which is what one vote per person and "my data" need.
func Pseudonym(secret []byte, platform, userID string) string {
	return PseudonymOfHash(secret, HashUser(platform, userID))
}

// PseudonymOfHash turns a key written by HashUser into the Pseudonym of
// the same person, for rows logged before pseudonyms had a secret.
func PseudonymOfHash(secret []byte, hashed string) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("ipdesk pseudonym\x00" + hashed))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// ConversationPseudonym returns the key under which the question log
// keeps where a person asked a question: an HMAC-SHA-256, under the
// installation's secret, of the platform, the person's user id and the
// channel and thread they asked in. The same person in the same channel
// and thread always gets the same key, which is all a follow-up needs to
// be read with the question asked there before it; the log keeps no
// channel or thread id, and two people asking in one channel get
// different keys, so that it does not tell who asked in the same place
// either.
func ConversationPseudonym(secret []byte, platform, userID, channel, thread string) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("ipdesk conversation\x00" + platform + "\x00" + userID + "\x00" + channel + "\x00" + thread))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// AnonymousID returns what replaces a complainant's platform user id when
// their complaints are anonymised: "anon-" and 12 hex digits, the same for
// every complaint of one person, so that counting reports per complainant
// (the repeat-seller alert) still counts a person once, and different from
// their question-log Pseudonym.
func AnonymousID(secret []byte, platform, userID string) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("ipdesk complainant\x00" + platform + "\x00" + userID))
	return AnonPrefix + hex.EncodeToString(m.Sum(nil)[:6])
}

// IsAnonymous reports whether a complainant's user id is one AnonymousID
// wrote.
func IsAnonymous(userID string) bool { return strings.HasPrefix(userID, AnonPrefix) }

// Retention is how long personal data is kept.
type Retention struct {
	// Questions is how long a logged question and the votes on it are
	// kept after it was asked.
	Questions time.Duration
	// ClosedComplaints is how long a closed complaint keeps its
	// complainant's identity and free text after its last change (the
	// decision or the withdrawal); then it is anonymised.
	ClosedComplaints time.Duration
	// Evidence is how long a closed complaint keeps its evidence (file
	// names, links and any copies of files) after its last change; the
	// SHA-256, type and size stay as the record of what there was.
	Evidence time.Duration
}

// Default retention periods.
const (
	DefaultQuestionRetention  = 180 * 24 * time.Hour
	DefaultComplaintRetention = 730 * 24 * time.Hour
	DefaultEvidenceRetention  = 365 * 24 * time.Hour
)

// DefaultRetention returns the retention periods used unless configured.
func DefaultRetention() Retention {
	return Retention{Questions: DefaultQuestionRetention, ClosedComplaints: DefaultComplaintRetention, Evidence: DefaultEvidenceRetention}
}

// Anonymise removes the complainant's identity from a closed complaint:
// their platform user id becomes anonID, and their email, signature name
// and consent to be emailed go. Unless keepText (a case under legal hold),
// the free text goes too: the description, the order number, the owner an
// agent acted for, the questions and answers exchanged with staff, the
// decision's note, an appeal's reason, payment references, and the names
// and links of evidence and of an agent's letter of authorisation. What
// remains (kind, marketplace, listings, seller, right, remedy, amounts,
// status, decision and dates) still counts in statistics and repeat-seller
// alerts.
func (c *Complaint) Anonymise(anonID string, keepText bool) {
	c.UserID = anonID
	c.Contact, c.Consent = "", false
	if c.Declaration != nil && c.Declaration.Signature != "" {
		c.Declaration.Signature = Removed
	}
	if keepText {
		return
	}
	c.Problem = removed(c.Problem)
	c.OrderNumber = removed(c.OrderNumber)
	c.RightsOwner = removed(c.RightsOwner)
	c.InfoQuestion = removed(c.InfoQuestion)
	c.InfoAnswer = removed(c.InfoAnswer)
	for i := range c.Info {
		c.Info[i].Question = removed(c.Info[i].Question)
		c.Info[i].Answer = removed(c.Info[i].Answer)
	}
	if c.Decision != nil {
		c.Decision.Note = removed(c.Decision.Note)
	}
	if c.Appeal != nil {
		c.Appeal.Reason = removed(c.Appeal.Reason)
		c.Appeal.Rejection.Note = removed(c.Appeal.Rejection.Note)
	}
	for i := range c.Payouts {
		c.Payouts[i].Reference = removed(c.Payouts[i].Reference)
		c.Payouts[i].Reason = removed(c.Payouts[i].Reason)
	}
	c.ExpireEvidence()
}

// ExpireEvidence removes the names and links of a complaint's evidence,
// keeping each item's SHA-256, type and size as the record of what there
// was, and returns the SHA-256 of every item that had one, so that kept
// copies of the files can be deleted.
func (c *Complaint) ExpireEvidence() []string {
	var sums []string
	expire := func(list []Evidence) {
		for i := range list {
			ev := &list[i]
			if ev.Uploaded() {
				ev.Upload = true // Type may be all that marks it as a file
			}
			ev.Name, ev.URL, ev.Stored = removed(ev.Name), "", false
			if ev.SHA256 != "" {
				sums = append(sums, ev.SHA256)
			}
		}
	}
	expire(c.Evidence)
	expire(c.Authorisation)
	for i := range c.Info {
		expire(c.Info[i].Evidence)
	}
	if c.Appeal != nil {
		expire(c.Appeal.Evidence)
	}
	return sums
}

func removed(s string) string {
	if s == "" {
		return ""
	}
	return Removed
}

// LegalHold marks a complaint that must be kept as it is (a dispute or a
// court case): the retention sweep leaves it alone and a deletion request
// keeps its free text, while still removing the complainant's identity.
type LegalHold struct {
	Since  time.Time
	By     string // "platform:userid" of the staff member
	Reason string
}

// DataExport is everything ipdesk holds about one person, as given to them
// for an access request. Staff identities are left out: the person learns
// that staff acted, not which staff member.
type DataExport struct {
	Generated time.Time       `json:"generated_at"`
	Platform  string          `json:"platform"`
	UserID    string          `json:"user_id"`
	About     string          `json:"about"`
	Questions []ExportedQuery `json:"questions"`
	// Draft is the complaint being filed, if any.
	Draft      *Complaint          `json:"complaint_in_progress,omitempty"`
	Complaints []ExportedComplaint `json:"complaints"`
	// PendingAnswer is an answer to staff held until the person confirms
	// it.
	PendingAnswer string `json:"answer_waiting_to_be_sent,omitempty"`
	// Settings are per-person choices, by name.
	Settings map[string]string `json:"settings,omitempty"`
}

// ExportedQuery is one logged question with the person's vote on its
// answer.
type ExportedQuery struct {
	AskedAt   time.Time  `json:"asked_at"`
	Text      string     `json:"text"`
	Lang      string     `json:"lang"`
	Answered  bool       `json:"answered"`
	Answer    string     `json:"answer_shown,omitempty"` // the section cited
	Escalated *time.Time `json:"sent_to_staff_at,omitempty"`
	Vote      string     `json:"vote,omitempty"` // "helpful" or "not helpful"
	Reason    string     `json:"vote_reason,omitempty"`
}

// ExportedComplaint is one complaint with what happened to it.
type ExportedComplaint struct {
	Complaint
	History []ExportedEvent `json:"history"`
	Rating  *ExportedRating `json:"rating,omitempty"`
}

// ExportedRating is how the complainant rated the handling of a complaint.
type ExportedRating struct {
	Score   int       `json:"score"`
	Comment string    `json:"comment,omitempty"`
	At      time.Time `json:"at,omitzero"`
}

// ExportedEvent is one step in a complaint's history, without staff
// identities or internal notes.
type ExportedEvent struct {
	At     time.Time `json:"at"`
	By     string    `json:"by"` // "you", "staff" or "ipdesk"
	Action Action    `json:"action"`
	Before string    `json:"status_before,omitempty"`
	After  string    `json:"status_after,omitempty"`
}

// ForgetReport counts what a deletion request removed, for the person and
// the log (never for the audit trail).
type ForgetReport struct {
	Questions  int64 // questions deleted, with the votes on them
	Votes      int64 // votes deleted
	Drafts     int64 // complaint drafts deleted
	Pending    int64 // held answers deleted
	Outbox     int64 // undelivered messages to the person deleted
	Settings   int64 // per-person settings deleted
	Complaints int   // complaints anonymised
	Held       int   // of those, under legal hold (free text kept)
	// Refs are the anonymised complaints, so their review cards can be
	// updated.
	Refs []string
	// Files are the SHA-256 of kept evidence files no complaint refers to
	// any more, to be deleted.
	Files []string
}

// Empty reports whether nothing was held about the person.
func (r *ForgetReport) Empty() bool {
	return r.Questions+r.Votes+r.Drafts+r.Pending+r.Outbox+r.Settings == 0 && r.Complaints == 0
}

// ClosedBefore reports whether the complaint is closed and was last changed
// before t, as retention measures it.
func (c *Complaint) ClosedBefore(t time.Time) bool {
	return !c.Status.Open() && c.UpdatedAt.Before(t)
}

// KeptNotes lists the audit actions whose notes ipdesk wrote itself (no
// one's free text): they are kept when a complaint is anonymised. Every
// other note (a question to the complainant, their answer, a decision's
// explanation, and any action added later) is removed.
var KeptNotes = []Action{ActionFile, ActionRefused, ActionRepeatAlert, ActionSLAReminder, ActionCaseViewed, ActionLegalHold, ActionHoldReleased}

// PrivacyEntry is the audit row of an export or a deletion of a person's
// data: by whom, for the person's anonymous id (who acts for themselves
// appears as that id), never what was found.
func PrivacyEntry(by Actor, subject, anon string, action Action, at time.Time) AuditEntry {
	actor := by.Key
	if actor == subject || actor == "" {
		actor = anon
	}
	return AuditEntry{Ref: PrivacyRef, At: at, Actor: actor, Role: by.Role, Platform: by.Platform, Action: action, Note: "for " + anon}
}

// ForExport returns the complaint as its complainant sees it in their
// data export: who took it is left out, and staff who decided, paid, asked
// or rejected an appeal appear as "staff".
func (c Complaint) ForExport() Complaint {
	c.Assignee = ""
	if c.Decision != nil {
		dec := *c.Decision
		dec.By, dec.ConfirmedBy = staffOr(dec.By), staffOr(dec.ConfirmedBy)
		c.Decision = &dec
	}
	if c.Payouts != nil {
		c.Payouts = append([]Payout(nil), c.Payouts...)
		for i := range c.Payouts {
			c.Payouts[i].By = staffOr(c.Payouts[i].By)
		}
	}
	if c.Info != nil {
		c.Info = append([]InfoRound(nil), c.Info...)
		for i := range c.Info {
			c.Info[i].AskedBy = staffOr(c.Info[i].AskedBy)
		}
	}
	if c.Appeal != nil {
		a := *c.Appeal
		a.Rejection.By, a.Rejection.ConfirmedBy = staffOr(a.Rejection.By), staffOr(a.Rejection.ConfirmedBy)
		c.Appeal = &a
	}
	return c
}

func staffOr(s string) string {
	if s == "" {
		return ""
	}
	return "staff"
}

// ExportedEventOf is an audit row of the complaint of the person with key
// ("platform:userid") as their export shows it: who acted only as "you",
// "staff" or "ipdesk", no note. Staff's internal notes and others' refused
// attempts are left out (false).
func ExportedEventOf(e AuditEntry, key string) (ExportedEvent, bool) {
	ev := ExportedEvent{At: e.At, Action: e.Action, Before: e.Before, After: e.After}
	switch {
	case e.Actor == key:
		ev.By = "you"
	case e.Action == ActionRefused || e.Action == ActionNote:
		return ExportedEvent{}, false
	case e.Role == RoleStaff:
		ev.By = "staff"
	default:
		ev.By = "ipdesk"
	}
	return ev, true
}
