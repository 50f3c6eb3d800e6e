package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ipdesk/ipdesk"
)

// LatestEscalated returns the latest question a person forwarded to staff
// at or after since, or ENOTFOUND.
func (d *DB) LatestEscalated(ctx context.Context, platform, userID string, since time.Time) (*ipdesk.Question, error) {
	var id int64
	err := d.db.QueryRowContext(ctx, `SELECT id FROM questions WHERE user_hash = ? AND escalated_at >= ? ORDER BY escalated_at DESC, id DESC LIMIT 1`,
		d.Pseudonym(platform, userID), formatTime(since)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
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
	res, err := d.db.ExecContext(ctx, `INSERT INTO staff_answers (question_id, staff, text, answered_at) VALUES (?, ?, ?, ?)`,
		questionID, staff, text, formatTime(d.Now()))
	if err != nil {
		return 0, fmt.Errorf("save staff answer: %w", err)
	}
	return res.LastInsertId()
}

// StaffAnswer returns a kept staff answer with its question, or ENOTFOUND
// (also when the question was deleted since).
func (d *DB) StaffAnswer(ctx context.Context, id int64) (*ipdesk.StaffAnswer, error) {
	a := &ipdesk.StaffAnswer{ID: id}
	var at string
	err := d.db.QueryRowContext(ctx, `SELECT question_id, staff, text, answered_at, draft_path FROM staff_answers WHERE id = ?`, id).
		Scan(&a.QuestionID, &a.Staff, &a.Text, &at, &a.DraftPath)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ipdesk.ErrAnswerGone()
	} else if err != nil {
		return nil, fmt.Errorf("staff answer %d: %w", id, err)
	}
	if a.At, err = parseTime(at); err != nil {
		return nil, err
	}
	if a.Question, err = d.Question(ctx, a.QuestionID); err != nil {
		return nil, err
	}
	return a, nil
}

// ClaimDraft marks a staff answer as being saved as a draft and reports
// whether this was the first claim, so that two presses of the button
// write one file. It returns the path of the draft saved before, if any.
func (d *DB) ClaimDraft(ctx context.Context, id int64) (first bool, path string, err error) {
	res, err := d.db.ExecContext(ctx, `UPDATE staff_answers SET drafted_at = ? WHERE id = ? AND drafted_at IS NULL`, formatTime(d.Now()), id)
	if err != nil {
		return false, "", fmt.Errorf("claim draft: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return true, "", nil
	}
	err = d.db.QueryRowContext(ctx, `SELECT draft_path FROM staff_answers WHERE id = ?`, id).Scan(&path)
	if errors.Is(err, sql.ErrNoRows) {
		return false, "", ipdesk.ErrAnswerGone()
	}
	return false, path, err
}

// SetDraftPath records where a claimed draft was written; an empty path
// releases the claim, so the button can be pressed again.
func (d *DB) SetDraftPath(ctx context.Context, id int64, path string) error {
	q := `UPDATE staff_answers SET draft_path = ? WHERE id = ?`
	if path == "" {
		q = `UPDATE staff_answers SET draft_path = ?, drafted_at = NULL WHERE id = ?`
	}
	if _, err := d.db.ExecContext(ctx, q, path, id); err != nil {
		return fmt.Errorf("set draft path: %w", err)
	}
	return nil
}

// RecordFeedbackReason keeps the one line a person gave with their
// not-helpful vote on a question, replacing any earlier one. It returns
// ENOTFOUND when they have no not-helpful vote on it.
func (d *DB) RecordFeedbackReason(ctx context.Context, questionID int64, platform, userID, reason string) error {
	res, err := d.db.ExecContext(ctx, `UPDATE question_feedback SET reason = ? WHERE question_id = ? AND user_hash = ? AND helpful = 0`,
		reason, questionID, d.Pseudonym(platform, userID))
	if err != nil {
		return fmt.Errorf("record feedback reason: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
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
		rows, err := d.db.QueryContext(ctx, `SELECT f.reason FROM question_feedback f JOIN questions q ON q.id = f.question_id
			WHERE f.helpful = 0 AND f.reason != '' AND q.article = ? AND q.section = ?
			ORDER BY f.voted_at DESC, f.question_id DESC LIMIT ?`, list[i].Article, list[i].Section, maxReasons)
		if err != nil {
			return fmt.Errorf("not-helpful reasons: %w", err)
		}
		for rows.Next() {
			var r string
			if err := rows.Scan(&r); err != nil {
				rows.Close()
				return fmt.Errorf("not-helpful reasons: %w", err)
			}
			list[i].Reasons = append(list[i].Reasons, r)
		}
		if err := rows.Close(); err != nil {
			return fmt.Errorf("not-helpful reasons: %w", err)
		}
	}
	return nil
}

// RecordDeflection records that an article was offered at the start of a
// complaint and returns the offer's id, which its buttons carry.
func (d *DB) RecordDeflection(ctx context.Context, platform, lang, article string) (int64, error) {
	res, err := d.db.ExecContext(ctx, `INSERT INTO deflections (platform, lang, article, offered_at) VALUES (?, ?, ?, ?)`,
		platform, lang, article, formatTime(d.Now()))
	if err != nil {
		return 0, fmt.Errorf("record deflection: %w", err)
	}
	return res.LastInsertId()
}

// DecideDeflection records what came of an offer, "continued" or
// "answered", and reports whether it was the first answer: a second press
// (or the other button afterwards) changes nothing.
func (d *DB) DecideDeflection(ctx context.Context, id int64, outcome string) (bool, error) {
	if outcome != ipdesk.DeflectionContinued && outcome != ipdesk.DeflectionAnswered {
		return false, fmt.Errorf("decide deflection: unknown outcome %q", outcome)
	}
	res, err := d.db.ExecContext(ctx, `UPDATE deflections SET outcome = ?, decided_at = ? WHERE id = ? AND outcome = ''`, outcome, formatTime(d.Now()), id)
	if err != nil {
		return false, fmt.Errorf("decide deflection: %w", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// DeflectionStats counts the offers made at or after since and what came
// of them.
func (d *DB) DeflectionStats(ctx context.Context, since time.Time) (ipdesk.DeflectionStats, error) {
	var s ipdesk.DeflectionStats
	s.Since = since
	err := d.db.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(outcome = 'continued'), 0), COALESCE(SUM(outcome = 'answered'), 0)
		FROM deflections WHERE offered_at >= ?`, formatTime(since)).Scan(&s.Offered, &s.Continued, &s.Answered)
	if err != nil {
		return s, fmt.Errorf("deflection stats: %w", err)
	}
	return s, nil
}
