package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/jackc/pgx/v5"
)

// ScheduleFollowup plans a "did this answer help?" follow-up for the asker
// of a question, due at a time.
func (d *DB) ScheduleFollowup(ctx context.Context, questionID int64, platform, userID string, due time.Time) error {
	if _, err := d.q.Exec(ctx, `INSERT INTO followups (question_id, platform, user_id, due_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
		questionID, platform, userID, ts(due)); err != nil {
		return fmt.Errorf("schedule follow-up: %w", err)
	}
	return nil
}

// DueFollowups returns, for each person with a follow-up due at now on an
// answer they have not voted on, who did not turn follow-ups off and was
// not followed up since since, the latest such question.
func (d *DB) DueFollowups(ctx context.Context, now, since time.Time) ([]ipdesk.Followup, error) {
	rows, err := d.q.Query(ctx, `SELECT DISTINCT ON (f.platform, f.user_id) f.question_id, f.platform, f.user_id FROM followups f
		WHERE f.due_at <= $1
		AND NOT EXISTS (SELECT 1 FROM followup_optout o WHERE o.platform = f.platform AND o.user_id = f.user_id)
		AND NOT EXISTS (SELECT 1 FROM followup_sent s WHERE s.platform = f.platform AND s.user_id = f.user_id AND s.last_sent > $2)
		AND NOT EXISTS (SELECT 1 FROM question_feedback v JOIN questions q ON q.id = v.question_id
			WHERE v.question_id = f.question_id AND v.user_hash = q.user_hash)
		ORDER BY f.platform, f.user_id, f.due_at DESC, f.question_id DESC`, ts(now), ts(since))
	if err != nil {
		return nil, fmt.Errorf("due follow-ups: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (ipdesk.Followup, error) {
		var f ipdesk.Followup
		err := row.Scan(&f.QuestionID, &f.Platform, &f.UserID)
		return f, err
	})
	if err != nil {
		return nil, fmt.Errorf("due follow-ups: %w", err)
	}
	return out, nil
}

// ClaimFollowup records that a person is followed up now, unless they were
// since since, and drops their other follow-ups due by now: it reports
// whether this is the one follow-up they get today, even with two rounds
// at once on two replicas.
func (d *DB) ClaimFollowup(ctx context.Context, platform, userID string, now, since time.Time) (bool, error) {
	claimed := false
	err := d.inTx(ctx, func(tx cleanTx) error {
		tag, err := tx.Exec(ctx, `INSERT INTO followup_sent (platform, user_id, last_sent) VALUES ($1, $2, $3)
			ON CONFLICT (platform, user_id) DO UPDATE SET last_sent = excluded.last_sent WHERE followup_sent.last_sent <= $4`,
			platform, userID, ts(now), ts(since))
		if err != nil || tag.RowsAffected() != 1 {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM followups WHERE platform = $1 AND user_id = $2 AND due_at <= $3`, platform, userID, ts(now)); err != nil {
			return err
		}
		claimed = true
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("claim follow-up: %w", err)
	}
	return claimed, nil
}

// PruneFollowups drops follow-ups due before a time, or voted on, or of
// people who turned them off, and forgets when people were last followed
// up before that time: nobody is asked about an old answer, and the user
// ids go.
func (d *DB) PruneFollowups(ctx context.Context, before time.Time) (int64, error) {
	b := ts(before)
	var total int64
	for _, q := range []struct {
		stmt string
		args []any
	}{
		{`DELETE FROM followups WHERE due_at < $1`, []any{b}},
		{`DELETE FROM followups WHERE EXISTS (SELECT 1 FROM followup_optout o WHERE o.platform = followups.platform AND o.user_id = followups.user_id)
			OR EXISTS (SELECT 1 FROM question_feedback v JOIN questions q ON q.id = v.question_id WHERE v.question_id = followups.question_id AND v.user_hash = q.user_hash)`, nil},
		{`DELETE FROM followup_sent WHERE last_sent < $1`, []any{b}},
	} {
		tag, err := d.q.Exec(ctx, q.stmt, q.args...)
		if err != nil {
			return total, fmt.Errorf("prune follow-ups: %w", err)
		}
		total += tag.RowsAffected()
	}
	return total, nil
}

// SetFollowups turns a person's follow-ups on or off.
func (d *DB) SetFollowups(ctx context.Context, platform, userID string, on bool) error {
	err := d.inTx(ctx, func(tx cleanTx) error {
		if on {
			_, err := tx.Exec(ctx, `DELETE FROM followup_optout WHERE platform = $1 AND user_id = $2`, platform, userID)
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO followup_optout (platform, user_id, since) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, platform, userID, d.now()); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `DELETE FROM followups WHERE platform = $1 AND user_id = $2`, platform, userID)
		return err
	})
	if err != nil {
		return fmt.Errorf("set follow-ups: %w", err)
	}
	return nil
}

// FollowupsOff reports whether a person turned follow-ups off.
func (d *DB) FollowupsOff(ctx context.Context, platform, userID string) (bool, error) {
	var since time.Time
	err := d.q.QueryRow(ctx, `SELECT since FROM followup_optout WHERE platform = $1 AND user_id = $2`, platform, userID).Scan(&since)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	} else if err != nil {
		return false, fmt.Errorf("follow-ups setting: %w", err)
	}
	return true, nil
}
