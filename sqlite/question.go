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

// RecordQuestion logs a question asked of the knowledge base and returns
// its id, which answer buttons carry. The asker's user id is stored only as
// their Pseudonym; the text is cut to ipdesk.MaxQuestionText.
func (d *DB) RecordQuestion(ctx context.Context, q *ipdesk.Question) (int64, error) {
	text, _ := ipdesk.ClipQuestion(strings.TrimSpace(q.Text))
	if text == "" || q.Platform == "" || q.UserID == "" {
		return 0, ipdesk.ErrQuestionIncomplete()
	}
	norm := ipdesk.NormalizeQuestion(text)
	if norm == "" {
		norm = text // all punctuation: still worth counting as itself
	}
	res, err := d.db.ExecContext(ctx, `INSERT INTO questions
		(platform, user_hash, text, normalized, lang, answered, article, section, score, asked_at, conversation)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		q.Platform, d.Pseudonym(q.Platform, q.UserID), text, norm, q.Lang, q.Answered,
		q.Article, q.Section, q.Score, formatTime(d.Now()), q.Conversation)
	if err != nil {
		return 0, fmt.Errorf("record question: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, fmt.Errorf("record question: %w", err)
	}
	return id, nil
}

// Question returns one logged question, or ENOTFOUND. UserID is empty:
// only the pseudonym is kept.
func (d *DB) Question(ctx context.Context, id int64) (*ipdesk.Question, error) {
	q, err := scanQuestion(d.db.QueryRowContext(ctx, `SELECT `+questionColumns+` FROM questions WHERE id = ?`, id).Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ipdesk.ErrQuestionGone()
	} else if err != nil {
		return nil, fmt.Errorf("question %d: %w", id, err)
	}
	return q, nil
}

// LastQuestion returns the latest question a person asked in a
// conversation (its ConversationPseudonym) at or after since, or
// ENOTFOUND: LastQuestions with a limit of one.
func (d *DB) LastQuestion(ctx context.Context, platform, userID, conversation string, since time.Time) (*ipdesk.Question, error) {
	qs, err := d.LastQuestions(ctx, platform, userID, conversation, since, 1)
	if err != nil {
		return nil, err
	}
	if len(qs) == 0 {
		return nil, ipdesk.ErrQuestionGone()
	}
	return qs[0], nil
}

// LastQuestions returns up to limit of the latest questions a person
// asked in a conversation (its ConversationPseudonym) at or after since,
// the latest first, so that a short question can be read as a follow-up
// of them after a restart. A question logged without a conversation is
// never found. UserID is empty, as with Question.
func (d *DB) LastQuestions(ctx context.Context, platform, userID, conversation string, since time.Time, limit int) ([]*ipdesk.Question, error) {
	if conversation == "" || limit <= 0 {
		return nil, nil
	}
	var out []*ipdesk.Question
	err := d.each(ctx, func(scan func(...any) error) error {
		q, err := scanQuestion(scan)
		out = append(out, q)
		return err
	}, `SELECT `+questionColumns+` FROM questions
		WHERE user_hash = ? AND conversation = ? AND platform = ? AND asked_at >= ? ORDER BY asked_at DESC, id DESC LIMIT ?`,
		d.Pseudonym(platform, userID), conversation, platform, formatTime(since), limit)
	if err != nil {
		return nil, fmt.Errorf("last questions: %w", err)
	}
	return out, nil
}

// questionColumns are the columns of a question that scanQuestion reads,
// in its order.
const questionColumns = `id, platform, user_hash, text, lang, answered, article, section, score, asked_at, escalated_at, conversation`

// scanQuestion reads a row of questionColumns, so that every read of one
// question fills it alike; it returns sql.ErrNoRows as it is.
func scanQuestion(scan func(...any) error) (*ipdesk.Question, error) {
	var q ipdesk.Question
	var asked string
	var escalated sql.NullString
	err := scan(&q.ID, &q.Platform, &q.UserHash, &q.Text, &q.Lang, &q.Answered,
		&q.Article, &q.Section, &q.Score, &asked, &escalated, &q.Conversation)
	if err != nil {
		return nil, err
	}
	if q.AskedAt, err = parseTime(asked); err != nil {
		return nil, err
	}
	if escalated.Valid {
		if q.Escalated, err = parseTime(escalated.String); err != nil {
			return nil, err
		}
	}
	return &q, nil
}

// RecordFeedback records one person's vote on the answer to a question. A
// person has one vote per question: voting again replaces the earlier vote,
// and changed reports whether it was different. It returns ENOTFOUND when
// the question is not on record.
func (d *DB) RecordFeedback(ctx context.Context, questionID int64, platform, userID string, helpful bool) (changed bool, err error) {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("record feedback: %w", err)
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM questions WHERE id = ?`, questionID).Scan(&n); err != nil {
		return false, fmt.Errorf("record feedback: %w", err)
	} else if n == 0 {
		return false, ipdesk.ErrQuestionGone()
	}
	who := d.Pseudonym(platform, userID)
	var before bool
	err = tx.QueryRowContext(ctx, `SELECT helpful FROM question_feedback WHERE question_id = ? AND user_hash = ?`, questionID, who).Scan(&before)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return false, fmt.Errorf("record feedback: %w", err)
	default:
		changed = before != helpful
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO question_feedback (question_id, user_hash, helpful, voted_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (question_id, user_hash) DO UPDATE SET helpful = excluded.helpful, voted_at = excluded.voted_at,
			reason = CASE WHEN excluded.helpful THEN '' ELSE question_feedback.reason END`,
		questionID, who, helpful, formatTime(d.Now()))
	if err != nil {
		return false, fmt.Errorf("record feedback: %w", err)
	}
	if err := d.markIn(ctx, tx); err != nil {
		return false, fmt.Errorf("record feedback: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("record feedback: %w", err)
	}
	return changed, nil
}

// EscalateQuestion marks a question as forwarded to staff and reports
// whether this was the first time, so a second press of "talk to staff"
// (or a re-delivered one) does not post the question twice. It returns
// ENOTFOUND when the question is not on record.
func (d *DB) EscalateQuestion(ctx context.Context, id int64) (first bool, err error) {
	var n int64
	err = d.effect(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE questions SET escalated_at = ? WHERE id = ? AND escalated_at IS NULL`, formatTime(d.Now()), id)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return false, fmt.Errorf("escalate question: %w", err)
	}
	if n == 1 {
		return true, nil
	}
	if _, err := d.Question(ctx, id); err != nil {
		return false, err
	}
	return false, nil
}

// UnescalateQuestion clears the mark set by EscalateQuestion, for when the
// question could not be posted to staff after all and the asker should be
// able to try again.
func (d *DB) UnescalateQuestion(ctx context.Context, id int64) error {
	if _, err := d.db.ExecContext(ctx, `UPDATE questions SET escalated_at = NULL WHERE id = ?`, id); err != nil {
		return fmt.Errorf("unescalate question: %w", err)
	}
	return nil
}

// QuestionGaps lists the questions the knowledge base could not answer,
// those asked most often first (then the most recent), counting the same
// words (ipdesk.NormalizeQuestion) as one question. A limit of zero or less
// means 20.
func (d *DB) QuestionGaps(ctx context.Context, limit int) ([]ipdesk.QuestionGap, error) {
	if limit <= 0 {
		limit = 20
	}
	// With a single MAX() aggregate, SQLite takes the bare column text
	// from the row holding the maximum: the latest wording of the group.
	rows, err := d.db.QueryContext(ctx, `SELECT text, COUNT(*) AS n, MAX(asked_at) AS last
		FROM questions WHERE answered = 0
		GROUP BY normalized
		ORDER BY n DESC, last DESC
		LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("question gaps: %w", err)
	}
	defer rows.Close()
	var out []ipdesk.QuestionGap
	for rows.Next() {
		var g ipdesk.QuestionGap
		var last string
		if err := rows.Scan(&g.Text, &g.Count, &last); err != nil {
			return nil, fmt.Errorf("question gaps: %w", err)
		}
		if g.LastAsked, err = parseTime(last); err != nil {
			return nil, fmt.Errorf("question gaps: %w", err)
		}
		out = append(out, g)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("question gaps: %w", err)
	}
	return out, nil
}

// UnhelpfulAnswers lists the sections that askers marked as not helpful,
// the most not-helpful votes first (then the most recent vote), each with
// the latest reasons given. A limit of
// zero or less means 20.
func (d *DB) UnhelpfulAnswers(ctx context.Context, limit int) ([]ipdesk.UnhelpfulAnswer, error) {
	if limit <= 0 {
		limit = 20
	}
	rows, err := d.db.QueryContext(ctx, `SELECT q.article, q.section,
			SUM(f.helpful = 0) AS bad, SUM(f.helpful = 1) AS good,
			MAX(CASE WHEN f.helpful = 0 THEN f.voted_at END) AS last,
			(SELECT q2.text FROM questions q2 JOIN question_feedback f2 ON f2.question_id = q2.id
				WHERE f2.helpful = 0 AND q2.article = q.article AND q2.section = q.section
				ORDER BY f2.voted_at DESC, q2.id DESC LIMIT 1) AS example
		FROM question_feedback f JOIN questions q ON q.id = f.question_id
		WHERE q.article != ''
		GROUP BY q.article, q.section
		HAVING bad > 0
		ORDER BY bad DESC, last DESC
		LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("unhelpful answers: %w", err)
	}
	defer rows.Close()
	var out []ipdesk.UnhelpfulAnswer
	for rows.Next() {
		var u ipdesk.UnhelpfulAnswer
		var last string
		if err := rows.Scan(&u.Article, &u.Section, &u.Unhelpful, &u.Helpful, &last, &u.Example); err != nil {
			return nil, fmt.Errorf("unhelpful answers: %w", err)
		}
		if u.LastVote, err = parseTime(last); err != nil {
			return nil, fmt.Errorf("unhelpful answers: %w", err)
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("unhelpful answers: %w", err)
	}
	rows.Close()
	return out, d.addReasons(ctx, out)
}

// PruneQuestions deletes the questions asked before a time, with the
// feedback on them and the languages detected before then, and returns
// how many questions went: the log keeps a
// user's own words, so it is kept only as long as the reports need it. An
// answer button on a deleted question then says it is no longer on record.
func (d *DB) PruneQuestions(ctx context.Context, before time.Time) (int64, error) {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("prune questions: %w", err)
	}
	defer tx.Rollback()
	cutoff := formatTime(before)
	if _, err := tx.ExecContext(ctx, `DELETE FROM question_feedback WHERE question_id IN (SELECT id FROM questions WHERE asked_at < ?)`, cutoff); err != nil {
		return 0, fmt.Errorf("prune questions: %w", err)
	}
	// A follow-up planned on the question goes with it (it holds the
	// asker's user id).
	if _, err := tx.ExecContext(ctx, `DELETE FROM followups WHERE question_id IN (SELECT id FROM questions WHERE asked_at < ?)`, cutoff); err != nil {
		return 0, fmt.Errorf("prune questions: %w", err)
	}
	// A language detected from what someone wrote is kept as long as what
	// they wrote; one they chose is a setting and stays.
	if _, err := tx.ExecContext(ctx, `DELETE FROM user_langs WHERE chosen = 0 AND updated_at < ?`, cutoff); err != nil {
		return 0, fmt.Errorf("prune questions: %w", err)
	}
	res, err := tx.ExecContext(ctx, `DELETE FROM questions WHERE asked_at < ?`, cutoff)
	if err != nil {
		return 0, fmt.Errorf("prune questions: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("prune questions: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("prune questions: %w", err)
	}
	return n, nil
}
