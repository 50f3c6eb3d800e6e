package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/jackc/pgx/v5"
)

// LatestEscalated returns the latest question a person forwarded to staff
// at or after since, or ENOTFOUND.
func (d *DB) LatestEscalated(ctx context.Context, platform, userID string, since time.Time) (*ipdesk.Question, error) {
	var id int64
	err := d.q.QueryRow(ctx, `SELECT id FROM questions WHERE user_hash = $1 AND escalated_at >= $2 ORDER BY escalated_at DESC, id DESC LIMIT 1`,
		d.Pseudonym(platform, userID), ts(since)).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, ipdesk.ErrNothingForwarded()
	} else if err != nil {
		return nil, fmt.Errorf("latest escalated question: %w", err)
	}
	return d.Question(ctx, id)
}

// SaveStaffAnswer keeps a staff member's answer to a question and returns
// its id, which the "Save as article draft" button carries.
func (d *DB) SaveStaffAnswer(ctx context.Context, questionID int64, staff, text string) (int64, error) {
	text = strings.TrimSpace(text)
	if text == "" || staff == "" {
		return 0, ipdesk.ErrStaffAnswerIncomplete()
	}
	var id int64
	err := d.q.QueryRow(ctx, `INSERT INTO staff_answers (question_id, staff, text, answered_at) VALUES ($1, $2, $3, $4) RETURNING id`,
		questionID, staff, text, d.now()).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("save staff answer: %w", err)
	}
	return id, nil
}

// StaffAnswer returns a kept staff answer with its question, or ENOTFOUND
// (also when the question was deleted since).
func (d *DB) StaffAnswer(ctx context.Context, id int64) (*ipdesk.StaffAnswer, error) {
	a := &ipdesk.StaffAnswer{ID: id}
	err := d.q.QueryRow(ctx, `SELECT question_id, staff, text, answered_at, draft_path FROM staff_answers WHERE id = $1`, id).
		Scan(&a.QuestionID, &a.Staff, &a.Text, &a.At, &a.DraftPath)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, ipdesk.ErrAnswerGone()
	} else if err != nil {
		return nil, fmt.Errorf("staff answer %d: %w", id, err)
	}
	a.At = a.At.UTC()
	if a.Question, err = d.Question(ctx, a.QuestionID); err != nil {
		return nil, err
	}
	return a, nil
}

// ClaimDraft marks a staff answer as being saved as a draft and reports
// whether this was the first claim, so that two presses of the button (on
// one replica or two) write one file. It returns the path of the draft
// saved before, if any.
func (d *DB) ClaimDraft(ctx context.Context, id int64) (first bool, path string, err error) {
	tag, err := d.q.Exec(ctx, `UPDATE staff_answers SET drafted_at = $1 WHERE id = $2 AND drafted_at IS NULL`, d.now(), id)
	if err != nil {
		return false, "", fmt.Errorf("claim draft: %w", err)
	}
	if tag.RowsAffected() == 1 {
		return true, "", nil
	}
	err = d.q.QueryRow(ctx, `SELECT draft_path FROM staff_answers WHERE id = $1`, id).Scan(&path)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, "", ipdesk.ErrAnswerGone()
	} else if err != nil {
		return false, "", fmt.Errorf("claim draft: %w", err)
	}
	return false, path, nil
}

// SetDraftPath records where a claimed draft was written; an empty path
// releases the claim, so the button can be pressed again.
func (d *DB) SetDraftPath(ctx context.Context, id int64, path string) error {
	q := `UPDATE staff_answers SET draft_path = $1 WHERE id = $2`
	if path == "" {
		q = `UPDATE staff_answers SET draft_path = $1, drafted_at = NULL WHERE id = $2`
	}
	if _, err := d.q.Exec(ctx, q, path, id); err != nil {
		return fmt.Errorf("set draft path: %w", err)
	}
	return nil
}

// RecordFeedbackReason keeps the one line a person gave with their
// not-helpful vote on a question, replacing any earlier one. It returns
// ENOTFOUND when they have no not-helpful vote on it.
func (d *DB) RecordFeedbackReason(ctx context.Context, questionID int64, platform, userID, reason string) error {
	tag, err := d.q.Exec(ctx, `UPDATE question_feedback SET reason = $1 WHERE question_id = $2 AND user_hash = $3 AND NOT helpful`,
		reason, questionID, d.Pseudonym(platform, userID))
	if err != nil {
		return fmt.Errorf("record feedback reason: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return ipdesk.ErrVoteGone()
	}
	return nil
}

// maxReasons is how many reasons kb gaps shows for one answer.
const maxReasons = 3

// addReasons fills in the latest reasons given with not-helpful votes on
// each answer.
func (d *DB) addReasons(ctx context.Context, list []ipdesk.UnhelpfulAnswer) error {
	for i := range list {
		rows, err := d.q.Query(ctx, `SELECT f.reason FROM question_feedback f JOIN questions q ON q.id = f.question_id
			WHERE NOT f.helpful AND f.reason != '' AND q.article = $1 AND q.section = $2
			ORDER BY f.voted_at DESC, f.question_id DESC LIMIT $3`, list[i].Article, list[i].Section, maxReasons)
		if err != nil {
			return fmt.Errorf("not-helpful reasons: %w", err)
		}
		reasons, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return fmt.Errorf("not-helpful reasons: %w", err)
		}
		list[i].Reasons = reasons
	}
	return nil
}

// RecordDeflection records that an article was offered at the start of a
// complaint and returns the offer's id, which its buttons carry.
func (d *DB) RecordDeflection(ctx context.Context, platform, lang, article string) (int64, error) {
	var id int64
	err := d.q.QueryRow(ctx, `INSERT INTO deflections (platform, lang, article, offered_at) VALUES ($1, $2, $3, $4) RETURNING id`,
		platform, lang, article, d.now()).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("record deflection: %w", err)
	}
	return id, nil
}

// DecideDeflection records what came of an offer, "continued" or
// "answered", and reports whether it was the first answer: a second press
// (or the other button afterwards, on any replica) changes nothing.
func (d *DB) DecideDeflection(ctx context.Context, id int64, outcome string) (bool, error) {
	if outcome != ipdesk.DeflectionContinued && outcome != ipdesk.DeflectionAnswered {
		return false, fmt.Errorf("decide deflection: unknown outcome %q", outcome)
	}
	tag, err := d.q.Exec(ctx, `UPDATE deflections SET outcome = $1, decided_at = $2 WHERE id = $3 AND outcome = ''`, outcome, d.now(), id)
	if err != nil {
		return false, fmt.Errorf("decide deflection: %w", err)
	}
	return tag.RowsAffected() == 1, nil
}

// DeflectionStats counts the offers made at or after since and what came
// of them.
func (d *DB) DeflectionStats(ctx context.Context, since time.Time) (ipdesk.DeflectionStats, error) {
	s := ipdesk.DeflectionStats{Since: since}
	err := d.q.QueryRow(ctx, `SELECT COUNT(*), COUNT(*) FILTER (WHERE outcome = 'continued'), COUNT(*) FILTER (WHERE outcome = 'answered')
		FROM deflections WHERE offered_at >= $1`, ts(since)).Scan(&s.Offered, &s.Continued, &s.Answered)
	if err != nil {
		return s, fmt.Errorf("deflection stats: %w", err)
	}
	return s, nil
}
