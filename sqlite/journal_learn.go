package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/ipdesk/ipdesk"
)

// The privacy and learning reads and changes of the question log, through
// the Journal: those that touch questions wait for the ones handed out.

// Pseudonym is DB.Pseudonym.
func (j *Journal) Pseudonym(platform, userID string) string { return j.db.Pseudonym(platform, userID) }

// ConversationPseudonym is DB.ConversationPseudonym.
func (j *Journal) ConversationPseudonym(platform, userID, channel, thread string) string {
	return j.db.ConversationPseudonym(platform, userID, channel, thread)
}

// RecordFeedbackReason is DB.RecordFeedbackReason after Sync.
func (j *Journal) RecordFeedbackReason(ctx context.Context, questionID int64, platform, userID, reason string) error {
	if err := j.Sync(ctx); err != nil {
		return fmt.Errorf("record feedback reason: %w", err)
	}
	return j.db.RecordFeedbackReason(ctx, questionID, platform, userID, reason)
}

// DeflectionStats is DB.DeflectionStats.
func (j *Journal) DeflectionStats(ctx context.Context, since time.Time) (ipdesk.DeflectionStats, error) {
	return j.db.DeflectionStats(ctx, since)
}
