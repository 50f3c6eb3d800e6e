package metrics

import (
	"context"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/handlers"
)

// QuestionStore wraps the question log to count questions by language and
// result, and feedback votes.
func (m *Metrics) QuestionStore(s handlers.QuestionStore) handlers.QuestionStore {
	return &questionStore{QuestionStore: s, m: m}
}

type questionStore struct {
	handlers.QuestionStore
	m *Metrics
}

func (s *questionStore) RecordQuestion(ctx context.Context, q *ipdesk.Question) (int64, error) {
	id, err := s.QuestionStore.RecordQuestion(ctx, q)
	if err != nil {
		return id, err
	}
	result := "declined"
	if q.Answered {
		result = "answered"
	}
	s.m.questions.WithLabelValues(lang(q.Lang), result).Inc()
	return id, nil
}

func (s *questionStore) RecordFeedback(ctx context.Context, questionID int64, platform, userID string, helpful bool) (bool, error) {
	changed, err := s.QuestionStore.RecordFeedback(ctx, questionID, platform, userID, helpful)
	if err == nil {
		vote := "unhelpful"
		if helpful {
			vote = "helpful"
		}
		s.m.feedback.WithLabelValues(vote).Inc()
	}
	return changed, err
}

// lang bounds a language to the knowledge base's.
func lang(l string) string {
	switch l {
	case "en", "zh":
		return l
	}
	return "other"
}

// ComplaintStore wraps the complaint store to count filings, decisions,
// withdrawals and SLA breaches, and to time the first staff response and
// the decision. What it counts is what the store committed: a duplicate
// confirm that finds the complaint already filed counts once.
func (m *Metrics) ComplaintStore(s handlers.WorkflowStore) handlers.WorkflowStore {
	return &complaintStore{WorkflowStore: s, m: m}
}

type complaintStore struct {
	handlers.WorkflowStore
	m *Metrics
}

func (s *complaintStore) FileDraft(ctx context.Context, platformName, userID, draftID string) (*ipdesk.Complaint, bool, error) {
	c, created, err := s.WorkflowStore.FileDraft(ctx, platformName, userID, draftID)
	if err == nil && created {
		s.m.filed.WithLabelValues(platform(c.Platform)).Inc()
	}
	return c, created, err
}

func (s *complaintStore) AppendAudit(ctx context.Context, e ipdesk.AuditEntry) error {
	err := s.WorkflowStore.AppendAudit(ctx, e)
	if err == nil && e.Action == ipdesk.ActionSLAReminder {
		s.m.slaBreaches.Inc()
	}
	return err
}

func (s *complaintStore) UpdateComplaint(ctx context.Context, ref string, change func(c *ipdesk.Complaint) (ipdesk.AuditEntry, error)) (*ipdesk.Complaint, error) {
	var entry ipdesk.AuditEntry
	c, err := s.WorkflowStore.UpdateComplaint(ctx, ref, func(c *ipdesk.Complaint) (ipdesk.AuditEntry, error) {
		var err error
		entry, err = change(c)
		return entry, err
	})
	if err != nil {
		return c, err
	}
	at := entry.At
	if at.IsZero() {
		at = c.UpdatedAt
	}
	if entry.Before != entry.After {
		switch ipdesk.Status(entry.After) {
		case ipdesk.StatusApproved, ipdesk.StatusRejected:
			s.m.decided.WithLabelValues(entry.After).Inc()
			s.m.toDecision.Observe(nonNegative(at.Sub(c.CreatedAt)).Seconds())
		case ipdesk.StatusWithdrawn:
			s.m.withdrawn.Inc()
		}
	}
	if entry.Role == ipdesk.RoleStaff && s.firstStaffAction(ctx, c.Ref) {
		s.m.firstResponse.Observe(nonNegative(at.Sub(c.CreatedAt)).Seconds())
	}
	return c, nil
}

// firstStaffAction reports whether the complaint's trail holds exactly one
// staff action, the one just made; refusals do not count.
func (s *complaintStore) firstStaffAction(ctx context.Context, ref string) bool {
	trail, err := s.WorkflowStore.AuditTrail(ctx, ref)
	if err != nil {
		return false
	}
	n := 0
	for _, e := range trail {
		if e.Role == ipdesk.RoleStaff && e.Action != ipdesk.ActionRefused {
			n++
		}
	}
	return n == 1
}

func nonNegative(d time.Duration) time.Duration { return max(d, 0) }
