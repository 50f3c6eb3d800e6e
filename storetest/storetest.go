// Package storetest is the contract every ipdesk store passes: one suite of
// tests, run from the tests of package sqlite against an SQLite file and from
// those of package postgres against a PostgreSQL database, so that the two
// stores behave alike (litestream's shared backend tests are the model).
//
// A store's test calls Run with a function that makes a fresh, empty
// database for one test and returns how to open it. Each call of that
// opener is another process on the same data: a restart, or a second
// replica running at the same time.
package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/dbcopy"
)

// Store is everything a store offers the rest of ipdesk: the handlers' and
// the bot's store interfaces, and what the tools and the runtime need.
// cmd/ipdesk checks at compile time that this set covers each interface the
// handlers and the bot declare.
type Store interface {
	// drafts
	Draft(ctx context.Context, platform, userID string) (*ipdesk.Draft, error)
	SaveDraft(ctx context.Context, d *ipdesk.Draft) error
	DeleteDraft(ctx context.Context, platform, userID string) error
	ExpireDrafts(ctx context.Context, idleSince, warnedBefore time.Time) ([]ipdesk.Draft, error)
	IdleDrafts(ctx context.Context, idleSince time.Time) ([]ipdesk.Draft, error)
	ClaimDraftWarning(ctx context.Context, draftID string, updatedAt time.Time) (bool, error)
	ConfirmDraftWarning(ctx context.Context, draftID string, updatedAt time.Time) error
	ReleaseDraftWarning(ctx context.Context, draftID string, updatedAt time.Time) error
	FileDraft(ctx context.Context, platform, userID, draftID string) (*ipdesk.Complaint, bool, error)

	// complaints
	Complaint(ctx context.Context, ref string) (*ipdesk.Complaint, error)
	ComplaintsByUser(ctx context.Context, platform, userID string) ([]ipdesk.Complaint, error)
	ComplaintsSince(ctx context.Context, since time.Time) ([]ipdesk.Complaint, error)
	Queue(ctx context.Context) ([]ipdesk.Complaint, error)
	Unpaid(ctx context.Context) ([]ipdesk.Complaint, error)
	ComplaintsBetween(ctx context.Context, from, to time.Time) ([]ipdesk.Complaint, error)
	CountFiled(ctx context.Context, platform, userID string, since time.Time) (int, error)
	UpdateComplaint(ctx context.Context, ref string, change func(c *ipdesk.Complaint) (ipdesk.AuditEntry, error)) (*ipdesk.Complaint, error)
	SetCardRef(ctx context.Context, ref, cardRef string) error

	// ratings
	ClaimRatingRequest(ctx context.Context, complaintID int64, ref, staff string) (bool, error)
	ReleaseRatingRequest(ctx context.Context, complaintID int64) error
	Rate(ctx context.Context, ref string, score int) (*ipdesk.Rating, error)
	CommentRating(ctx context.Context, ref, comment string) error
	RatingsBetween(ctx context.Context, from, to time.Time) ([]ipdesk.Rating, error)

	// pending answers
	SavePendingAnswer(ctx context.Context, p *ipdesk.PendingAnswer) error
	PendingAnswer(ctx context.Context, platform, userID string) (*ipdesk.PendingAnswer, error)
	DeletePendingAnswer(ctx context.Context, platform, userID string) error

	// audit
	AppendAudit(ctx context.Context, e ipdesk.AuditEntry) error
	AuditTrail(ctx context.Context, ref string) ([]ipdesk.AuditEntry, error)

	// reminders and alerts
	Overdue(ctx context.Context, cutoff time.Time, kind string) ([]ipdesk.Complaint, error)
	ClaimReminder(ctx context.Context, complaintID int64, kind string) (bool, error)
	ConfirmReminder(ctx context.Context, complaintID int64, kind string) error
	ReminderSentAt(ctx context.Context, complaintID int64, kind string) (time.Time, bool, error)
	WaitingForComplainant(ctx context.Context) ([]ipdesk.Complaint, error)
	ReleaseReminder(ctx context.Context, complaintID int64, kind string) error
	ClaimRepeatAlerts(ctx context.Context, since time.Time, threshold int) ([]ipdesk.RepeatSeller, error)
	ReleaseRepeatAlert(ctx context.Context, alertID int64) error
	ConfirmRepeatAlert(ctx context.Context, alertID int64) error

	// questions
	RecordQuestion(ctx context.Context, q *ipdesk.Question) (int64, error)
	Question(ctx context.Context, id int64) (*ipdesk.Question, error)
	LastQuestion(ctx context.Context, platform, userID, conversation string, since time.Time) (*ipdesk.Question, error)
	LastQuestions(ctx context.Context, platform, userID, conversation string, since time.Time, limit int) ([]*ipdesk.Question, error)
	RecordFeedback(ctx context.Context, questionID int64, platform, userID string, helpful bool) (changed bool, err error)
	EscalateQuestion(ctx context.Context, id int64) (first bool, err error)
	UnescalateQuestion(ctx context.Context, id int64) error
	QuestionGaps(ctx context.Context, limit int) ([]ipdesk.QuestionGap, error)
	UnhelpfulAnswers(ctx context.Context, limit int) ([]ipdesk.UnhelpfulAnswer, error)
	PruneQuestions(ctx context.Context, before time.Time) (int64, error)
	Pseudonym(platform, userID string) string
	ConversationPseudonym(platform, userID, channel, thread string) string
	RecordFeedbackReason(ctx context.Context, questionID int64, platform, userID, reason string) error

	// languages
	UserLang(ctx context.Context, user string) (lang string, chosen bool, err error)
	SetUserLang(ctx context.Context, user, lang string, chosen bool) error

	// privacy
	ExportUser(ctx context.Context, platform, userID string, by ipdesk.Actor) (*ipdesk.DataExport, error)
	ForgetUser(ctx context.Context, platform, userID string, by ipdesk.Actor) (*ipdesk.ForgetReport, error)
	SetLegalHold(ctx context.Context, ref string, hold bool, by ipdesk.Actor, reason string) (changed bool, err error)
	LegalHold(ctx context.Context, ref string) (*ipdesk.LegalHold, error)
	AnonymiseClosed(ctx context.Context, cutoff time.Time, limit int) (refs, files []string, err error)
	ExpireEvidence(ctx context.Context, cutoff time.Time, limit int) (n int, files []string, err error)
	AnonymousID(platform, userID string) string

	// learning from the desk
	LatestEscalated(ctx context.Context, platform, userID string, since time.Time) (*ipdesk.Question, error)
	SaveStaffAnswer(ctx context.Context, questionID int64, staff, text string) (int64, error)
	StaffAnswer(ctx context.Context, id int64) (*ipdesk.StaffAnswer, error)
	ClaimDraft(ctx context.Context, id int64) (first bool, path string, err error)
	SetDraftPath(ctx context.Context, id int64, path string) error
	RecordDeflection(ctx context.Context, platform, lang, article string) (int64, error)
	DecideDeflection(ctx context.Context, id int64, outcome string) (first bool, err error)
	DeflectionStats(ctx context.Context, since time.Time) (ipdesk.DeflectionStats, error)

	// "did this answer help?" follow-ups
	ScheduleFollowup(ctx context.Context, questionID int64, platform, userID string, due time.Time) error
	DueFollowups(ctx context.Context, now, since time.Time) ([]ipdesk.Followup, error)
	ClaimFollowup(ctx context.Context, platform, userID string, now, since time.Time) (bool, error)
	PruneFollowups(ctx context.Context, before time.Time) (int64, error)
	SetFollowups(ctx context.Context, platform, userID string, on bool) error
	FollowupsOff(ctx context.Context, platform, userID string) (bool, error)

	// deliveries
	Claim(ctx context.Context, id string) (bool, error)
	Release(ctx context.Context, id string) error
	PruneDeliveries(ctx context.Context, cutoff time.Time) (int64, error)

	// kept messages
	AddOutgoing(ctx context.Context, o ipdesk.Outgoing) (int64, error)
	DueOutgoing(ctx context.Context, now time.Time, limit int) ([]ipdesk.Outgoing, error)
	OutgoingDelivered(ctx context.Context, id int64) error
	OutgoingFailed(ctx context.Context, id int64, next time.Time) error
	CountOutgoing(ctx context.Context) (int, error)

	// weekly reports
	DeskStats(ctx context.Context, from, to time.Time, topUnanswered int) (*ipdesk.DeskStats, error)
	ClaimWeeklyReport(ctx context.Context, week time.Time) (bool, error)
	ReleaseWeeklyReport(ctx context.Context, week time.Time) error
	ConfirmWeeklyReport(ctx context.Context, week time.Time) error

	// the inbox of inbound events
	ReceiveEvent(ctx context.Context, id, owner string, body []byte, lease time.Time) (bool, error)
	HandledEvent(ctx context.Context, id string) error
	ForgetEvent(ctx context.Context, id string) error
	ClaimEvents(ctx context.Context, owner string, now, lease time.Time, limit int) ([]ipdesk.InboxEvent, error)
	PruneEvents(ctx context.Context, cutoff time.Time) (int64, error)

	// Writable proves the database takes a committed write now.
	Writable(ctx context.Context) error
	// Every table can be read and written as ipdesk db copy does; the
	// suite reads them all to prove what a deletion left.
	dbcopy.Store
	Close() error
}

// Opener opens the database of one test, with now as its clock. Every call
// is another process on the same data; the test closes what it opens, and
// whatever is still open is closed when the test ends.
type Opener func(t *testing.T, now func() time.Time) Store

// NewFunc makes a fresh, empty database for t and returns how to open it.
type NewFunc func(t *testing.T) Opener

// Run runs the whole contract against the store that newDB makes.
func Run(t *testing.T, newDB NewFunc) {
	for _, tc := range contract {
		t.Run(tc.name, func(t *testing.T) {
			tc.test(t, newDB(t))
		})
	}
}

var contract = []struct {
	name string
	test func(t *testing.T, open Opener)
}{
	{"DraftSurvivesReopenAndExpires", testDraftSurvivesReopenAndExpires},
	{"DraftHoldsHostileAndHugeAnswers", testDraftHoldsHostileAndHugeAnswers},
	{"DraftSavesOverTheVersionRead", testDraftSavesOverTheVersionRead},
	{"DraftAnswersAcrossReplicasAreNeverLost", testDraftAnswersAcrossReplicasAreNeverLost},
	{"FileDraftIsIdempotentAndAudited", testFileDraftIsIdempotentAndAudited},
	{"FileDraftOnceAcrossReplicas", testFileDraftOnceAcrossReplicas},
	{"FileDraftOfAnotherUser", testFileDraftOfAnotherUser},
	{"FileDraftAppliesTheFilingRules", testFileDraftAppliesTheFilingRules},
	{"ConcurrentDecisionsHaveOneWinner", testConcurrentDecisionsHaveOneWinner},
	{"UpdateComplaintErrors", testUpdateComplaintErrors},
	{"ComplaintsSinceQueueAndCardRef", testComplaintsSinceQueueAndCardRef},
	{"CountFiled", testCountFiled},
	{"AuditLinksAndOrders", testAuditLinksAndOrders},
	{"OverdueCountsOnlyTheWaitForStaff", testOverdueCountsOnlyTheWaitForStaff},
	{"RepeatAlertsOncePerWindow", testRepeatAlertsOncePerWindow},
	{"RepeatAlertsCountComplainants", testRepeatAlertsCountComplainants},
	{"RepeatAlertsOnceAcrossReplicas", testRepeatAlertsOnceAcrossReplicas},
	{"UnsentClaimsAreTakenAgain", testUnsentClaimsAreTakenAgain},
	{"PendingAnswers", testPendingAnswers},
	{"RecordQuestionKeepsNoUserID", testRecordQuestionKeepsNoUserID},
	{"FeedbackOneVotePerPerson", testFeedbackOneVotePerPerson},
	{"UnhelpfulAnswersOrder", testUnhelpfulAnswersOrder},
	{"QuestionGapsGroupWordings", testQuestionGapsGroupWordings},
	{"EscalateQuestionOnce", testEscalateQuestionOnce},
	{"PruneQuestions", testPruneQuestions},
	{"LastQuestion", testLastQuestion},
	{"ConversationPseudonym", testConversationPseudonym},
	{"DeliveryClaimsHaveOneWinner", testDeliveryClaimsHaveOneWinner},
	{"Outbox", testOutbox},
	{"Writable", testWritable},
	{"DeskStatsWeeks", testDeskStatsWeeks},
	{"UnpaidAndBetween", testUnpaidAndBetween},
	{"DraftWarningsAndFollowUps", testDraftWarningsAndFollowUps},
	{"InboxKeepsEventsUntilHandled", testInboxKeepsEventsUntilHandled},
	{"InboxMarksAppliedWithTheEffect", testInboxMarksAppliedWithTheEffect},
	{"InboxClaimsOnceAcrossReplicas", testInboxClaimsOnceAcrossReplicas},
	{"UserLangs", testUserLangs},
	{"PseudonymsAreStable", testPseudonymsAreStable},
	{"FeedbackReasons", testFeedbackReasons},
	{"StaffAnswersAndDraftClaims", testStaffAnswersAndDraftClaims},
	{"Deflections", testDeflections},
	{"FeedbackFollowups", testFeedbackFollowups},
	{"ForgetUserLeavesNothingOfThem", testForgetUserLeavesNothingOfThem},
	{"ForgetUserOnceAcrossReplicas", testForgetUserOnceAcrossReplicas},
	{"LegalHold", testLegalHold},
	{"RetentionSweep", testRetentionSweep},
	{"LetterOfAuthorisationIsKeptLikeEvidence", testLetterOfAuthorisationIsKeptLikeEvidence},
	{"ExportUser", testExportUser},
}
