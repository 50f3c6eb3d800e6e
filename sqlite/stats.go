package sqlite

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/ipdesk/ipdesk"
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
	index := map[string]int{}
	for w := s.From; w.Before(s.To); w = w.AddDate(0, 0, 7) {
		index[w.Format("2006-01-02")] = len(s.Weeks)
		s.Weeks = append(s.Weeks, ipdesk.WeekStats{Start: w})
	}
	lo, hi := formatTime(s.From), formatTime(s.To)
	week := func(at string) *ipdesk.WeekStats {
		t, err := parseTime(at)
		if err != nil {
			return nil
		}
		if i, ok := index[ipdesk.WeekStart(t).Format("2006-01-02")]; ok {
			return &s.Weeks[i]
		}
		return nil
	}
	err := d.each(ctx, func(scan func(...any) error) error {
		var at, status string
		if err := scan(&at, &status); err != nil {
			return err
		}
		if w := week(at); w != nil {
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
	}, `SELECT created_at, status FROM complaints WHERE created_at >= ? AND created_at < ?`, lo, hi)
	if err != nil {
		return nil, fmt.Errorf("desk stats: complaints: %w", err)
	}
	times := make([][]time.Duration, len(s.Weeks))
	err = d.each(ctx, func(scan func(...any) error) error {
		var decided, created string
		if err := scan(&decided, &created); err != nil {
			return err
		}
		dt, err1 := parseTime(decided)
		ct, err2 := parseTime(created)
		if w := week(decided); w != nil && err1 == nil && err2 == nil {
			w.Decided++
			i := index[w.Start.Format("2006-01-02")]
			times[i] = append(times[i], max(dt.Sub(ct), 0))
		}
		return nil
	}, `SELECT MIN(a.at), c.created_at FROM audit a JOIN complaints c ON c.id = a.complaint_id
		WHERE a.after IN ('approved', 'rejected') AND a.before NOT IN ('approved', 'rejected')
		GROUP BY c.id HAVING MIN(a.at) >= ? AND MIN(a.at) < ?`, lo, hi)
	if err != nil {
		return nil, fmt.Errorf("desk stats: decisions: %w", err)
	}
	for i, ts := range times {
		s.Weeks[i].MedianDecision = median(ts)
	}
	err = d.each(ctx, func(scan func(...any) error) error {
		var at string
		var answered bool
		if err := scan(&at, &answered); err != nil {
			return err
		}
		if w := week(at); w != nil {
			if answered {
				w.Answered++
			} else {
				w.Declined++
			}
		}
		return nil
	}, `SELECT asked_at, answered FROM questions WHERE asked_at >= ? AND asked_at < ?`, lo, hi)
	if err != nil {
		return nil, fmt.Errorf("desk stats: questions: %w", err)
	}
	err = d.each(ctx, func(scan func(...any) error) error {
		var at string
		var helpful bool
		if err := scan(&at, &helpful); err != nil {
			return err
		}
		if w := week(at); w != nil {
			if helpful {
				w.Helpful++
			} else {
				w.Unhelpful++
			}
		}
		return nil
	}, `SELECT voted_at, helpful FROM question_feedback WHERE voted_at >= ? AND voted_at < ?`, lo, hi)
	if err != nil {
		return nil, fmt.Errorf("desk stats: feedback: %w", err)
	}
	err = d.each(ctx, func(scan func(...any) error) error {
		var at string
		if err := scan(&at); err != nil {
			return err
		}
		if w := week(at); w != nil {
			w.SLABreaches++
		}
		return nil
	}, `SELECT at FROM audit WHERE action = ? AND at >= ? AND at < ?`, string(ipdesk.ActionSLAReminder), lo, hi)
	if err != nil {
		return nil, fmt.Errorf("desk stats: reminders: %w", err)
	}
	if topUnanswered > 0 {
		err = d.each(ctx, func(scan func(...any) error) error {
			var g ipdesk.QuestionGap
			var last string
			if err := scan(&g.Text, &g.Count, &last); err != nil {
				return err
			}
			g.LastAsked, _ = parseTime(last)
			s.Unanswered = append(s.Unanswered, g)
			return nil
		}, `SELECT text, COUNT(*) AS n, MAX(asked_at) AS last FROM questions
			WHERE answered = 0 AND asked_at >= ? AND asked_at < ?
			GROUP BY normalized ORDER BY n DESC, last DESC LIMIT ?`, lo, hi, topUnanswered)
		if err != nil {
			return nil, fmt.Errorf("desk stats: unanswered: %w", err)
		}
	}
	// Waiting for staff at the end of the period: filed before it, and
	// neither closed nor waiting for the complainant now.
	if err := d.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM complaints WHERE created_at < ?
		AND status NOT IN ('approved', 'rejected', 'withdrawn', 'needs_info')`, hi).Scan(&s.Waiting); err != nil {
		return nil, fmt.Errorf("desk stats: waiting: %w", err)
	}
	return s, nil
}

// each runs query and calls row for each result row.
func (d *DB) each(ctx context.Context, row func(scan func(...any) error) error, query string, args ...any) error {
	rows, err := d.db.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := row(rows.Scan); err != nil {
			return err
		}
	}
	return rows.Err()
}

func median(ts []time.Duration) time.Duration {
	if len(ts) == 0 {
		return 0
	}
	sort.Slice(ts, func(i, j int) bool { return ts[i] < ts[j] })
	n := len(ts)
	if n%2 == 1 {
		return ts[n/2]
	}
	return (ts[n/2-1] + ts[n/2]) / 2
}

// ClaimWeeklyReport records that the report of the week starting at week
// is being posted and reports whether this was the first claim, so one
// report goes out per week across restarts and processes.
func (d *DB) ClaimWeeklyReport(ctx context.Context, week time.Time) (bool, error) {
	wk := ipdesk.WeekStart(week).Format("2006-01-02")
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("claim weekly report: %w", err)
	}
	defer tx.Rollback()
	// A claim a process left unconfirmed for longer than the lease died
	// with it: the report is posted now instead of never.
	if _, err := tx.ExecContext(ctx, `DELETE FROM weekly_reports WHERE week = ? AND sent = 0 AND posted_at < ?`,
		wk, formatTime(d.Now().Add(-ipdesk.SendLease))); err != nil {
		return false, fmt.Errorf("claim weekly report: %w", err)
	}
	res, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO weekly_reports (week, posted_at, sent) VALUES (?, ?, 0)`, wk, formatTime(d.Now()))
	if err != nil {
		return false, fmt.Errorf("claim weekly report: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("claim weekly report: %w", err)
	}
	return n == 1, tx.Commit()
}

// ConfirmWeeklyReport records that the claimed week's report was posted;
// a claim left unconfirmed for ipdesk.SendLease may be taken again.
func (d *DB) ConfirmWeeklyReport(ctx context.Context, week time.Time) error {
	if _, err := d.db.ExecContext(ctx, `UPDATE weekly_reports SET sent = 1 WHERE week = ?`, ipdesk.WeekStart(week).Format("2006-01-02")); err != nil {
		return fmt.Errorf("confirm weekly report: %w", err)
	}
	return nil
}

// ReleaseWeeklyReport forgets a claim whose posting failed, so the next
// round tries again.
func (d *DB) ReleaseWeeklyReport(ctx context.Context, week time.Time) error {
	if _, err := d.db.ExecContext(ctx, `DELETE FROM weekly_reports WHERE week = ?`, ipdesk.WeekStart(week).Format("2006-01-02")); err != nil {
		return fmt.Errorf("release weekly report: %w", err)
	}
	return nil
}
