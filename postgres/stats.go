package postgres

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/jackc/pgx/v5"
)

// DeskStats counts the desk's weeks from the week holding from up to, not
// including, the week holding to: complaints filed and where they stand,
// decisions and their median time, questions answered and declined, votes,
// SLA reminders, and the most asked unanswered questions (at most
// topUnanswered).
func (d *DB) DeskStats(ctx context.Context, from, to time.Time, topUnanswered int) (*ipdesk.DeskStats, error) {
	s := &ipdesk.DeskStats{From: ipdesk.WeekStart(from), To: ipdesk.WeekStart(to)}
	if !s.To.After(s.From) {
		s.To = s.From.AddDate(0, 0, 7)
	}
	index := map[time.Time]int{}
	for w := s.From; w.Before(s.To); w = w.AddDate(0, 0, 7) {
		index[w] = len(s.Weeks)
		s.Weeks = append(s.Weeks, ipdesk.WeekStats{Start: w})
	}
	week := func(at time.Time) (int, bool) {
		i, ok := index[ipdesk.WeekStart(at)]
		return i, ok
	}
	lo, hi := s.From, s.To
	err := d.each(ctx, func(rows pgx.Rows) error {
		var at time.Time
		var status string
		if err := rows.Scan(&at, &status); err != nil {
			return err
		}
		if i, ok := week(at); ok {
			w := &s.Weeks[i]
			w.Filed++
			switch ipdesk.Status(status) {
			case ipdesk.StatusApproved:
				w.Approved++
			case ipdesk.StatusRejected:
				w.Rejected++
			case ipdesk.StatusWithdrawn:
				w.Withdrawn++
			default:
				w.Open++
			}
		}
		return nil
	}, `SELECT created_at, status FROM complaints WHERE created_at >= $1 AND created_at < $2`, lo, hi)
	if err != nil {
		return nil, fmt.Errorf("desk stats: complaints: %w", err)
	}
	times := make([][]time.Duration, len(s.Weeks))
	err = d.each(ctx, func(rows pgx.Rows) error {
		var decided, created time.Time
		if err := rows.Scan(&decided, &created); err != nil {
			return err
		}
		if i, ok := week(decided); ok {
			s.Weeks[i].Decided++
			times[i] = append(times[i], max(decided.Sub(created), 0))
		}
		return nil
	}, `SELECT MIN(a.at), c.created_at FROM audit a JOIN complaints c ON c.id = a.complaint_id
		WHERE a.after IN ('approved', 'rejected') AND a.before NOT IN ('approved', 'rejected')
		GROUP BY c.id HAVING MIN(a.at) >= $1 AND MIN(a.at) < $2`, lo, hi)
	if err != nil {
		return nil, fmt.Errorf("desk stats: decisions: %w", err)
	}
	for i, ts := range times {
		s.Weeks[i].MedianDecision = median(ts)
	}
	err = d.each(ctx, func(rows pgx.Rows) error {
		var at time.Time
		var answered bool
		if err := rows.Scan(&at, &answered); err != nil {
			return err
		}
		if i, ok := week(at); ok {
			if answered {
				s.Weeks[i].Answered++
			} else {
				s.Weeks[i].Declined++
			}
		}
		return nil
	}, `SELECT asked_at, answered FROM questions WHERE asked_at >= $1 AND asked_at < $2`, lo, hi)
	if err != nil {
		return nil, fmt.Errorf("desk stats: questions: %w", err)
	}
	err = d.each(ctx, func(rows pgx.Rows) error {
		var at time.Time
		var helpful bool
		if err := rows.Scan(&at, &helpful); err != nil {
			return err
		}
		if i, ok := week(at); ok {
			if helpful {
				s.Weeks[i].Helpful++
			} else {
				s.Weeks[i].Unhelpful++
			}
		}
		return nil
	}, `SELECT voted_at, helpful FROM question_feedback WHERE voted_at >= $1 AND voted_at < $2`, lo, hi)
	if err != nil {
		return nil, fmt.Errorf("desk stats: feedback: %w", err)
	}
	err = d.each(ctx, func(rows pgx.Rows) error {
		var at time.Time
		if err := rows.Scan(&at); err != nil {
			return err
		}
		if i, ok := week(at); ok {
			s.Weeks[i].SLABreaches++
		}
		return nil
	}, `SELECT at FROM audit WHERE action = $1 AND at >= $2 AND at < $3`, string(ipdesk.ActionSLAReminder), lo, hi)
	if err != nil {
		return nil, fmt.Errorf("desk stats: reminders: %w", err)
	}
	if topUnanswered > 0 {
		err = d.each(ctx, func(rows pgx.Rows) error {
			var g ipdesk.QuestionGap
			if err := rows.Scan(&g.Text, &g.Count, &g.LastAsked); err != nil {
				return err
			}
			g.LastAsked = g.LastAsked.UTC()
			s.Unanswered = append(s.Unanswered, g)
			return nil
		}, `SELECT (array_agg(text ORDER BY asked_at DESC, id DESC))[1], COUNT(*) AS n, MAX(asked_at) AS last FROM questions
			WHERE NOT answered AND asked_at >= $1 AND asked_at < $2
			GROUP BY normalized ORDER BY n DESC, last DESC LIMIT $3`, lo, hi, topUnanswered)
		if err != nil {
			return nil, fmt.Errorf("desk stats: unanswered: %w", err)
		}
	}
	// Waiting for staff at the end of the period: filed before it, and
	// neither closed nor waiting for the complainant now.
	if err := d.q.QueryRow(ctx, `SELECT COUNT(*) FROM complaints WHERE created_at < $1
		AND status NOT IN ('approved', 'rejected', 'withdrawn', 'needs_info')`, hi).Scan(&s.Waiting); err != nil {
		return nil, fmt.Errorf("desk stats: waiting: %w", err)
	}
	return s, nil
}

// each runs query and calls row for each result row.
func (d *DB) each(ctx context.Context, row func(rows pgx.Rows) error, query string, args ...any) error {
	rows, err := d.q.Query(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := row(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

func median(ts []time.Duration) time.Duration {
	if len(ts) == 0 {
		return 0
	}
	slices.Sort(ts)
	n := len(ts)
	if n%2 == 1 {
		return ts[n/2]
	}
	return (ts[n/2-1] + ts[n/2]) / 2
}

// ClaimWeeklyReport records that the report of the week starting at week
// is being posted and reports whether this was the first claim, so one
// report goes out per week across restarts and replicas.
func (d *DB) ClaimWeeklyReport(ctx context.Context, week time.Time) (bool, error) {
	wk := ipdesk.WeekStart(week).Format("2006-01-02")
	var n int64
	err := d.inTx(ctx, func(tx cleanTx) error {
		// A claim a replica left unconfirmed for longer than the lease
		// died with it: the report is posted now instead of never.
		if _, err := tx.Exec(ctx, `DELETE FROM weekly_reports WHERE week = $1 AND NOT sent AND posted_at < $2`, wk, d.now().Add(-ipdesk.SendLease)); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `INSERT INTO weekly_reports (week, posted_at, sent) VALUES ($1, $2, false) ON CONFLICT DO NOTHING`, wk, d.now())
		n = tag.RowsAffected()
		return err
	})
	if err != nil {
		return false, fmt.Errorf("claim weekly report: %w", err)
	}
	return n == 1, nil
}

// ConfirmWeeklyReport records that the claimed week's report was posted;
// a claim left unconfirmed for ipdesk.SendLease may be taken again.
func (d *DB) ConfirmWeeklyReport(ctx context.Context, week time.Time) error {
	if _, err := d.q.Exec(ctx, `UPDATE weekly_reports SET sent = true WHERE week = $1`, ipdesk.WeekStart(week).Format("2006-01-02")); err != nil {
		return fmt.Errorf("confirm weekly report: %w", err)
	}
	return nil
}

// ReleaseWeeklyReport forgets a claim whose posting failed, so the next
// round tries again.
func (d *DB) ReleaseWeeklyReport(ctx context.Context, week time.Time) error {
	if _, err := d.q.Exec(ctx, `DELETE FROM weekly_reports WHERE week = $1`, ipdesk.WeekStart(week).Format("2006-01-02")); err != nil {
		return fmt.Errorf("release weekly report: %w", err)
	}
	return nil
}
