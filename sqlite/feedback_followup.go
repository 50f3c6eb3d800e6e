package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/ipdesk/ipdesk"
)

func init() {
	// A deletion request empties these of the person; an export shows
	// whether they turned follow-ups off.
	settingTables = append(settingTables, "followups", "followup_sent", "followup_optout")
	exportSettings = func(ctx context.Context, tx *sql.Tx, platform, userID string) (map[string]string, error) {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM followup_optout WHERE platform = ? AND user_id = ?`, platform, userID).Scan(&n); err != nil {
			return nil, err
		}
		if n == 0 {
			return nil, nil
		}
		return map[string]string{"feedback_followups": "off"}, nil
	}
}

// ScheduleFollowup plans a "did this answer help?" follow-up for the asker
// of a question, due at a time.
func (d *DB) ScheduleFollowup(ctx context.Context, questionID int64, platform, userID string, due time.Time) error {
	if _, err := d.db.ExecContext(ctx, `INSERT OR IGNORE INTO followups (question_id, platform, user_id, due_at) VALUES (?, ?, ?, ?)`,
		questionID, platform, userID, formatTime(due)); err != nil {
		return fmt.Errorf("schedule follow-up: %w", err)
	}
	return nil
}

// DueFollowups returns, for each person with a follow-up due at now on an
// answer they have not voted on, who did not turn follow-ups off and was
// not followed up since since, the latest such question.
func (d *DB) DueFollowups(ctx context.Context, now, since time.Time) ([]ipdesk.Followup, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT f.question_id, f.platform, f.user_id FROM followups f
		WHERE f.due_at <= ?
		AND NOT EXISTS (SELECT 1 FROM followup_optout o WHERE o.platform = f.platform AND o.user_id = f.user_id)
		AND NOT EXISTS (SELECT 1 FROM followup_sent s WHERE s.platform = f.platform AND s.user_id = f.user_id AND s.last_sent > ?)
		AND NOT EXISTS (SELECT 1 FROM question_feedback v JOIN questions q ON q.id = v.question_id
			WHERE v.question_id = f.question_id AND v.user_hash = q.user_hash)
		ORDER BY f.platform, f.user_id, f.due_at DESC, f.question_id DESC`, formatTime(now), formatTime(since))
	if err != nil {
		return nil, fmt.Errorf("due follow-ups: %w", err)
	}
	defer rows.Close()
	var out []ipdesk.Followup
	for rows.Next() {
		var f ipdesk.Followup
		if err := rows.Scan(&f.QuestionID, &f.Platform, &f.UserID); err != nil {
			return nil, fmt.Errorf("due follow-ups: %w", err)
		}
		if n := len(out); n > 0 && out[n-1].Platform == f.Platform && out[n-1].UserID == f.UserID {
			continue // the latest only
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// ClaimFollowup records that a person is followed up now, unless they were
// since since, and drops their other follow-ups due by now: it reports
// whether this is the one follow-up they get today, even with two rounds
// at once.
func (d *DB) ClaimFollowup(ctx context.Context, platform, userID string, now, since time.Time) (bool, error) {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("claim follow-up: %w", err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `INSERT INTO followup_sent (platform, user_id, last_sent) VALUES (?, ?, ?)
		ON CONFLICT (platform, user_id) DO UPDATE SET last_sent = excluded.last_sent WHERE followup_sent.last_sent <= ?`,
		platform, userID, formatTime(now), formatTime(since))
	if err != nil {
		return false, fmt.Errorf("claim follow-up: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return false, nil
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM followups WHERE platform = ? AND user_id = ? AND due_at <= ?`, platform, userID, formatTime(now)); err != nil {
		return false, fmt.Errorf("claim follow-up: %w", err)
	}
	return true, tx.Commit()
}

// PruneFollowups drops follow-ups due before a time, or voted on, or of
// people who turned them off, and forgets when people were last followed
// up before that time: nobody is asked about an old answer, and the user
// ids go.
func (d *DB) PruneFollowups(ctx context.Context, before time.Time) (int64, error) {
	b := formatTime(before)
	var total int64
	for _, q := range []struct {
		stmt string
		args []any
	}{
		{`DELETE FROM followups WHERE due_at < ?`, []any{b}},
		{`DELETE FROM followups WHERE EXISTS (SELECT 1 FROM followup_optout o WHERE o.platform = followups.platform AND o.user_id = followups.user_id)
			OR EXISTS (SELECT 1 FROM question_feedback v JOIN questions q ON q.id = v.question_id WHERE v.question_id = followups.question_id AND v.user_hash = q.user_hash)`, nil},
		{`DELETE FROM followup_sent WHERE last_sent < ?`, []any{b}},
	} {
		res, err := d.db.ExecContext(ctx, q.stmt, q.args...)
		if err != nil {
			return total, fmt.Errorf("prune follow-ups: %w", err)
		}
		n, _ := res.RowsAffected()
		total += n
	}
	return total, nil
}

// SetFollowups turns a person's follow-ups on or off.
func (d *DB) SetFollowups(ctx context.Context, platform, userID string, on bool) error {
	var err error
	if on {
		_, err = d.db.ExecContext(ctx, `DELETE FROM followup_optout WHERE platform = ? AND user_id = ?`, platform, userID)
	} else {
		_, err = d.db.ExecContext(ctx, `INSERT OR IGNORE INTO followup_optout (platform, user_id, since) VALUES (?, ?, ?)`, platform, userID, formatTime(d.Now()))
		if err == nil {
			_, err = d.db.ExecContext(ctx, `DELETE FROM followups WHERE platform = ? AND user_id = ?`, platform, userID)
		}
	}
	if err != nil {
		return fmt.Errorf("set follow-ups: %w", err)
	}
	return nil
}

// FollowupsOff reports whether a person turned follow-ups off.
func (d *DB) FollowupsOff(ctx context.Context, platform, userID string) (bool, error) {
	var since string
	err := d.db.QueryRowContext(ctx, `SELECT since FROM followup_optout WHERE platform = ? AND user_id = ?`, platform, userID).Scan(&since)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}
