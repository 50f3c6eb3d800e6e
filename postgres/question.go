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

func noQuestion() error {
	return ipdesk.ErrQuestionGone()
}

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
	var id int64
	err := d.q.QueryRow(ctx, `INSERT INTO questions
		(platform, user_hash, text, normalized, lang, answered, article, section, score, asked_at, conversation)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
		q.Platform, d.Pseudonym(q.Platform, q.UserID), text, norm, q.Lang, q.Answered,
		q.Article, q.Section, q.Score, d.now(), q.Conversation).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("record question: %w", err)
	}
	return id, nil
}

// Question returns one logged question, or ENOTFOUND. UserID is empty:
// only the pseudonym is kept.
func (d *DB) Question(ctx context.Context, id int64) (*ipdesk.Question, error) {
	q, err := scanQuestion(d.q.QueryRow(ctx, `SELECT `+questionColumns+` FROM questions WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, noQuestion()
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
		return nil, noQuestion()
	}
	return qs[0], nil
}

// LastQuestions returns up to limit of the latest questions a person
// asked in a conversation (its ConversationPseudonym) at or after since,
// the latest first, so that a short question can be read as a follow-up
// of them on another replica or after a restart. A question logged
// without a conversation is never found. UserID is empty, as with
// Question.
func (d *DB) LastQuestions(ctx context.Context, platform, userID, conversation string, since time.Time, limit int) ([]*ipdesk.Question, error) {
	if conversation == "" || limit <= 0 {
		return nil, nil
	}
	var out []*ipdesk.Question
	err := d.each(ctx, func(rows pgx.Rows) error {
		q, err := scanQuestion(rows)
		out = append(out, q)
		return err
	}, `SELECT `+questionColumns+` FROM questions
		WHERE user_hash = $1 AND conversation = $2 AND platform = $3 AND asked_at >= $4 ORDER BY asked_at DESC, id DESC LIMIT $5`,
		d.Pseudonym(platform, userID), conversation, platform, ts(since), limit)
	if err != nil {
		return nil, fmt.Errorf("last questions: %w", err)
	}
	return out, nil
}

// questionColumns are the columns of a question that scanQuestion reads,
// in its order.
const questionColumns = `id, platform, user_hash, text, lang, answered, article, section, score, asked_at, escalated_at, conversation`

// scanQuestion reads a row of questionColumns, so that every read of one
// question fills it alike, its times in UTC; it returns pgx.ErrNoRows as
// it is.
func scanQuestion(row pgx.Row) (*ipdesk.Question, error) {
	var q ipdesk.Question
	var escalated *time.Time
	if err := row.Scan(&q.ID, &q.Platform, &q.UserHash, &q.Text, &q.Lang, &q.Answered,
		&q.Article, &q.Section, &q.Score, &q.AskedAt, &escalated, &q.Conversation); err != nil {
		return nil, err
	}
	q.AskedAt = q.AskedAt.UTC()
	if escalated != nil {
		q.Escalated = escalated.UTC()
	}
	return &q, nil
}

// RecordFeedback records one person's vote on the answer to a question. A
// person has one vote per question: voting again replaces the earlier vote,
// and changed reports whether it was different. It returns ENOTFOUND when
// the question is not on record.
func (d *DB) RecordFeedback(ctx context.Context, questionID int64, platform, userID string, helpful bool) (changed bool, err error) {
	who := d.Pseudonym(platform, userID)
	err = d.inTx(ctx, func(tx cleanTx) error {
		// The question row is locked so that one person's votes, sent
		// to two replicas at once, are counted one after the other.
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM questions WHERE id = $1 FOR UPDATE) q`, questionID).Scan(&n); err != nil {
			return err
		} else if n == 0 {
			return noQuestion()
		}
		var before bool
		err := tx.QueryRow(ctx, `SELECT helpful FROM question_feedback WHERE question_id = $1 AND user_hash = $2`, questionID, who).Scan(&before)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
		case err != nil:
			return err
		default:
			changed = before != helpful
		}
		_, err = tx.Exec(ctx, `INSERT INTO question_feedback (question_id, user_hash, helpful, voted_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (question_id, user_hash) DO UPDATE SET helpful = excluded.helpful, voted_at = excluded.voted_at,
				reason = CASE WHEN excluded.helpful THEN '' ELSE question_feedback.reason END`,
			questionID, who, helpful, d.now())
		if err != nil {
			return err
		}
		return d.markIn(ctx, tx)
	})
	if ipdesk.ErrorCode(err) == ipdesk.ENOTFOUND {
		return false, err
	} else if err != nil {
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
	err = d.effect(ctx, func(tx cleanTx) error {
		tag, err := tx.Exec(ctx, `UPDATE questions SET escalated_at = $1 WHERE id = $2 AND escalated_at IS NULL`, d.now(), id)
		n = tag.RowsAffected()
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
// question could not be posted to staff after all.
func (d *DB) UnescalateQuestion(ctx context.Context, id int64) error {
	if _, err := d.q.Exec(ctx, `UPDATE questions SET escalated_at = NULL WHERE id = $1`, id); err != nil {
		return fmt.Errorf("unescalate question: %w", err)
	}
	return nil
}

// QuestionGaps lists the questions the knowledge base could not answer,
// those asked most often first (then the most recent), counting the same
// words (ipdesk.NormalizeQuestion) as one question and showing the latest
// wording. A limit of zero or less means 20.
func (d *DB) QuestionGaps(ctx context.Context, limit int) ([]ipdesk.QuestionGap, error) {
	if limit <= 0 {
		limit = 20
	}
	rows, err := d.q.Query(ctx, `SELECT (array_agg(text ORDER BY asked_at DESC, id DESC))[1], COUNT(*) AS n, MAX(asked_at) AS last
		FROM questions WHERE NOT answered
		GROUP BY normalized
		ORDER BY n DESC, last DESC
		LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("question gaps: %w", err)
	}
	defer rows.Close()
	var out []ipdesk.QuestionGap
	for rows.Next() {
		var g ipdesk.QuestionGap
		if err := rows.Scan(&g.Text, &g.Count, &g.LastAsked); err != nil {
			return nil, fmt.Errorf("question gaps: %w", err)
		}
		g.LastAsked = g.LastAsked.UTC()
		out = append(out, g)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("question gaps: %w", err)
	}
	return out, nil
}

// UnhelpfulAnswers lists the sections that askers marked as not helpful,
// the most not-helpful votes first (then the most recent vote), each with
// the latest reasons given. A limit of zero or less means 20.
func (d *DB) UnhelpfulAnswers(ctx context.Context, limit int) ([]ipdesk.UnhelpfulAnswer, error) {
	if limit <= 0 {
		limit = 20
	}
	rows, err := d.q.Query(ctx, `SELECT q.article, q.section,
			COUNT(*) FILTER (WHERE NOT f.helpful) AS bad, COUNT(*) FILTER (WHERE f.helpful) AS good,
			MAX(f.voted_at) FILTER (WHERE NOT f.helpful) AS last,
			(SELECT q2.text FROM questions q2 JOIN question_feedback f2 ON f2.question_id = q2.id
				WHERE NOT f2.helpful AND q2.article = q.article AND q2.section = q.section
				ORDER BY f2.voted_at DESC, q2.id DESC LIMIT 1) AS example
		FROM question_feedback f JOIN questions q ON q.id = f.question_id
		WHERE q.article != ''
		GROUP BY q.article, q.section
		HAVING COUNT(*) FILTER (WHERE NOT f.helpful) > 0
		ORDER BY bad DESC, last DESC
		LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("unhelpful answers: %w", err)
	}
	defer rows.Close()
	var out []ipdesk.UnhelpfulAnswer
	for rows.Next() {
		var u ipdesk.UnhelpfulAnswer
		if err := rows.Scan(&u.Article, &u.Section, &u.Unhelpful, &u.Helpful, &u.LastVote, &u.Example); err != nil {
			return nil, fmt.Errorf("unhelpful answers: %w", err)
		}
		u.LastVote = u.LastVote.UTC()
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("unhelpful answers: %w", err)
	}
	rows.Close()
	return out, d.addReasons(ctx, out)
}

// PruneQuestions deletes the questions asked before a time, with the
// feedback on them, the follow-ups planned on them and the staff answers to
// them, and the languages detected before then, and returns how many
// questions went: the log keeps a user's own words, so it is kept only as
// long as the reports need it.
func (d *DB) PruneQuestions(ctx context.Context, before time.Time) (int64, error) {
	var n int64
	err := d.inTx(ctx, func(tx cleanTx) error {
		cutoff := ts(before)
		if _, err := tx.Exec(ctx, `DELETE FROM question_feedback WHERE question_id IN (SELECT id FROM questions WHERE asked_at < $1)`, cutoff); err != nil {
			return err
		}
		// A follow-up planned on the question goes with it (it holds the
		// asker's user id); staff answers go by their foreign key.
		if _, err := tx.Exec(ctx, `DELETE FROM followups WHERE question_id IN (SELECT id FROM questions WHERE asked_at < $1)`, cutoff); err != nil {
			return err
		}
		// A language detected from what someone wrote is kept as long as
		// what they wrote; one they chose is a setting and stays.
		if _, err := tx.Exec(ctx, `DELETE FROM user_langs WHERE NOT chosen AND updated_at < $1`, cutoff); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `DELETE FROM questions WHERE asked_at < $1`, cutoff)
		n = tag.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("prune questions: %w", err)
	}
	return n, nil
}
