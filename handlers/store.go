package handlers

import (
	"context"
	"time"

	"github.com/ipdesk/ipdesk"
)

// The store interfaces, one per noun, are what the handlers need of a
// database. Every store (sqlite, postgres) implements all of them and passes
// one contract suite; the rules of what filing sets and what a change keeps
// live in the root package, so the stores behave alike. A method returns an
// *ipdesk.Error for what the user should be told (ENOTFOUND, EINVALID,
// ECONFLICT) and a plain error for a failure of the database.

// DraftStore keeps each user's unfinished complaint (one per user and
// platform) and files it. Draft returns ENOTFOUND when the user has none;
// FileDraft returns ENOTFOUND when the draft is gone and was never filed,
// or is another user's (audited as refused), and the complaint filed the
// first time, with created false, for a second confirm of the same draft.
type DraftStore interface {
	Draft(ctx context.Context, platform, userID string) (*ipdesk.Draft, error)
	SaveDraft(ctx context.Context, d *ipdesk.Draft) error
	DeleteDraft(ctx context.Context, platform, userID string) error
	ExpireDrafts(ctx context.Context, idleSince, warnedBefore time.Time) ([]ipdesk.Draft, error)
	IdleDrafts(ctx context.Context, idleSince time.Time) ([]ipdesk.Draft, error)
	ClaimDraftWarning(ctx context.Context, draftID string, updatedAt time.Time) (bool, error)
	ConfirmDraftWarning(ctx context.Context, draftID string, updatedAt time.Time) error
	ReleaseDraftWarning(ctx context.Context, draftID string, updatedAt time.Time) error
	FileDraft(ctx context.Context, platform, userID, draftID string) (c *ipdesk.Complaint, created bool, err error)
}

// ComplaintStore keeps filed complaints. Complaint returns ENOTFOUND for a
// reference that names none and EINVALID for text that is no reference;
// UpdateComplaint returns whatever error its change function returns, and
// ECONFLICT when another change won.
type ComplaintStore interface {
	Complaint(ctx context.Context, ref string) (*ipdesk.Complaint, error)
	ComplaintsByUser(ctx context.Context, platform, userID string) ([]ipdesk.Complaint, error)
	Queue(ctx context.Context) ([]ipdesk.Complaint, error)
	Unpaid(ctx context.Context) ([]ipdesk.Complaint, error)
	ComplaintsBetween(ctx context.Context, from, to time.Time) ([]ipdesk.Complaint, error)
	CountFiled(ctx context.Context, platform, userID string, since time.Time) (int, error)
	UpdateComplaint(ctx context.Context, ref string, change func(c *ipdesk.Complaint) (ipdesk.AuditEntry, error)) (*ipdesk.Complaint, error)
	SetCardRef(ctx context.Context, ref, cardRef string) error
}

// RatingStore keeps complainants' ratings of how their complaint was
// handled: asked once per complaint, rated once, commented once.
type RatingStore interface {
	ClaimRatingRequest(ctx context.Context, complaintID int64, ref, staff string) (bool, error)
	ReleaseRatingRequest(ctx context.Context, complaintID int64) error
	Rate(ctx context.Context, ref string, score int) (*ipdesk.Rating, error)
	CommentRating(ctx context.Context, ref, comment string) error
	RatingsBetween(ctx context.Context, from, to time.Time) ([]ipdesk.Rating, error)
}

// AnswerStore keeps a complainant's answer to a staff question on its way
// to the complaint (one per user and platform). PendingAnswer returns
// ENOTFOUND when there is none.
type AnswerStore interface {
	SavePendingAnswer(ctx context.Context, p *ipdesk.PendingAnswer) error
	PendingAnswer(ctx context.Context, platform, userID string) (*ipdesk.PendingAnswer, error)
	DeletePendingAnswer(ctx context.Context, platform, userID string) error
}

// AuditStore keeps the append-only audit trail of complaints.
type AuditStore interface {
	AppendAudit(ctx context.Context, e ipdesk.AuditEntry) error
	AuditTrail(ctx context.Context, ref string) ([]ipdesk.AuditEntry, error)
}

// ReminderStore records which reminders and repeat-seller alerts went out,
// so each goes out once across restarts and replicas: a claim is taken
// before sending and released when sending failed.
type ReminderStore interface {
	Overdue(ctx context.Context, cutoff time.Time, kind string) ([]ipdesk.Complaint, error)
	ClaimReminder(ctx context.Context, complaintID int64, kind string) (bool, error)
	ConfirmReminder(ctx context.Context, complaintID int64, kind string) error
	ReminderSentAt(ctx context.Context, complaintID int64, kind string) (time.Time, bool, error)
	WaitingForComplainant(ctx context.Context) ([]ipdesk.Complaint, error)
	ReleaseReminder(ctx context.Context, complaintID int64, kind string) error
	ClaimRepeatAlerts(ctx context.Context, since time.Time, threshold int) ([]ipdesk.RepeatSeller, error)
	ReleaseRepeatAlert(ctx context.Context, alertID int64) error
	ConfirmRepeatAlert(ctx context.Context, alertID int64) error
}

// QuestionStore logs questions asked of the knowledge base and the feedback
// on their answers. Question, RecordFeedback and EscalateQuestion return
// ENOTFOUND for a question that is not on record; RecordQuestion returns
// EINVALID for an empty question.
type QuestionStore interface {
	RecordQuestion(ctx context.Context, q *ipdesk.Question) (int64, error)
	Question(ctx context.Context, id int64) (*ipdesk.Question, error)
	// LastQuestions is up to limit of the latest questions a person
	// asked in a conversation (a ConversationPseudonym; never an empty
	// one) at or after since (by when they were asked), the latest
	// first: what a follow-up is read with when this process did not
	// see the questions before it.
	LastQuestions(ctx context.Context, platform, userID, conversation string, since time.Time, limit int) ([]*ipdesk.Question, error)
	RecordFeedback(ctx context.Context, questionID int64, platform, userID string, helpful bool) (changed bool, err error)
	EscalateQuestion(ctx context.Context, id int64) (first bool, err error)
	UnescalateQuestion(ctx context.Context, id int64) error
	QuestionGaps(ctx context.Context, limit int) ([]ipdesk.QuestionGap, error)
	UnhelpfulAnswers(ctx context.Context, limit int) ([]ipdesk.UnhelpfulAnswer, error)
	// Pseudonym is the key the log keeps a person under (UserHash).
	Pseudonym(platform, userID string) string
	// ConversationPseudonym is the key the log keeps where a person
	// asked under (Conversation): their channel and thread, never stored
	// as they are.
	ConversationPseudonym(platform, userID, channel, thread string) string
	// RecordFeedbackReason keeps the line given with a not-helpful vote;
	// ENOTFOUND without such a vote.
	RecordFeedbackReason(ctx context.Context, questionID int64, platform, userID, reason string) error
	// DeflectionStats counts the articles offered before complaints.
	DeflectionStats(ctx context.Context, since time.Time) (ipdesk.DeflectionStats, error)
}

// WorkflowStore is everything the complaint workflow needs.
type WorkflowStore interface {
	DraftStore
	ComplaintStore
	RatingStore
	AnswerStore
	AuditStore
	ReminderStore
}
