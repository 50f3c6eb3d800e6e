package ipdesk

import "time"

// Status is where a complaint stands in review. The set follows the
// marketplace programmes the bot is modelled on: a complaint is submitted,
// may wait for more information, is reviewed (possibly escalated), and ends
// approved, rejected or withdrawn.
type Status string

// Complaint statuses.
const (
	StatusSubmitted Status = "submitted"  // filed, waiting for staff
	StatusNeedsInfo Status = "needs_info" // staff asked the complainant a question
	StatusInReview  Status = "in_review"  // a staff member took it
	StatusEscalated Status = "escalated"  // waiting for a senior decision
	StatusApproved  Status = "approved"   // compensation approved
	StatusRejected  Status = "rejected"   // rejected with a reason
	StatusWithdrawn Status = "withdrawn"  // the complainant withdrew it
)

// Open reports whether a complaint in this status still needs staff action.
func (s Status) Open() bool {
	switch s {
	case StatusApproved, StatusRejected, StatusWithdrawn:
		return false
	}
	return true
}

// Complaint is a report of a counterfeit or infringing listing.
type Complaint struct {
	ID        int64
	Ref       string // human-friendly reference shown to users, e.g. IPD-7K3Q9
	Status    Status
	Platform  string // chat platform the complainant used
	UserID    string // the complainant's id on that platform
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Decision is a staff decision on a complaint.
type Decision struct {
	ComplaintID int64
	Outcome     Status
	Amount      int64  // in minor units of Currency (cents), for approvals
	Currency    string // ISO 4217 code
	Reason      string
	By          string // "platform:userid" of the deciding staff member
	At          time.Time
}
