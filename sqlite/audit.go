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

func appendAudit(ctx context.Context, tx *sql.Tx, e *ipdesk.AuditEntry) error {
	var cid any
	if e.ComplaintID != 0 {
		cid = e.ComplaintID
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO audit (complaint_id, ref, at, actor, role, platform, action, before, after, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		cid, e.Ref, formatTime(e.At), e.Actor, string(e.Role), e.Platform, string(e.Action), e.Before, e.After, e.Note)
	if err != nil {
		return fmt.Errorf("append audit: %w", err)
	}
	e.ID, err = res.LastInsertId()
	return err
}

// AppendAudit records an event that changes no complaint, such as a refused
// action or a reminder. When the entry names an existing complaint by Ref it
// is linked to it; a Ref that matches none is kept as given.
func (d *DB) AppendAudit(ctx context.Context, e ipdesk.AuditEntry) error {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("append audit: %w", err)
	}
	defer tx.Rollback()
	if e.At.IsZero() {
		e.At = d.Now().UTC()
	}
	if e.ComplaintID == 0 && e.Ref != "" {
		err := tx.QueryRowContext(ctx, `SELECT id FROM complaints WHERE ref = ?`, storedRef(e.Ref)).Scan(&e.ComplaintID)
		if err == nil {
			e.Ref = storedRef(e.Ref)
		} else if !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("append audit: %w", err)
		}
	}
	if err := appendAudit(ctx, tx, &e); err != nil {
		return err
	}
	if err := d.markIn(ctx, tx); err != nil {
		return fmt.Errorf("append audit: %w", err)
	}
	return tx.Commit()
}

// AuditTrail returns a complaint's audit rows in the order they happened.
func (d *DB) AuditTrail(ctx context.Context, ref string) ([]ipdesk.AuditEntry, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT id, COALESCE(complaint_id, 0), ref, at, actor, role, platform, action, before, after, note FROM audit WHERE ref = ? ORDER BY id`, storedRef(ref))
	if err != nil {
		return nil, fmt.Errorf("audit trail: %w", err)
	}
	defer rows.Close()
	var out []ipdesk.AuditEntry
	for rows.Next() {
		var e ipdesk.AuditEntry
		var at, role, action string
		if err := rows.Scan(&e.ID, &e.ComplaintID, &e.Ref, &at, &e.Actor, &role, &e.Platform, &action, &e.Before, &e.After, &e.Note); err != nil {
			return nil, fmt.Errorf("audit trail: %w", err)
		}
		e.Role, e.Action = ipdesk.Role(role), ipdesk.Action(action)
		if e.At, err = parseTime(at); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Overdue returns open complaints that wait for staff (not for the
// complainant) and began waiting before cutoff, without a reminder of kind
// in their current waiting period, longest waiting first. Time spent
// waiting for the complainant's answer does not count: the wait starts
// again when the complaint moves on from needs_info.
func (d *DB) Overdue(ctx context.Context, cutoff time.Time, kind string) ([]ipdesk.Complaint, error) {
	return d.queryComplaints(ctx, `WHERE status NOT IN ('approved', 'rejected', 'withdrawn', 'needs_info', 'no_response') AND waiting_since < ?
		AND NOT EXISTS (SELECT 1 FROM reminders r WHERE r.complaint_id = complaints.id AND r.kind = ? AND r.period = complaints.waiting_since)
		ORDER BY waiting_since, id`, formatTime(cutoff), kind)
}

// ClaimReminder records that a reminder of kind (such as "sla:48h") is being
// sent for a complaint in its current waiting period and reports whether it
// was the first claim, so each reminder goes out once per waiting period
// even across restarts and concurrent loops. A complaint that waits for
// staff again after the complainant answered a question starts a new
// period, which may earn a new reminder.
func (d *DB) ClaimReminder(ctx context.Context, complaintID int64, kind string) (bool, error) {
	res, err := d.db.ExecContext(ctx, `INSERT OR IGNORE INTO reminders (complaint_id, kind, period, sent_at)
		SELECT id, ?, waiting_since, ? FROM complaints WHERE id = ?`, kind, formatTime(d.Now()), complaintID)
	if err != nil {
		return false, fmt.Errorf("claim reminder: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// ReleaseReminder forgets a claimed reminder of the current waiting period
// whose sending failed, so the next round tries again.
func (d *DB) ReleaseReminder(ctx context.Context, complaintID int64, kind string) error {
	if _, err := d.db.ExecContext(ctx, `DELETE FROM reminders WHERE complaint_id = ? AND kind = ?
		AND period = (SELECT waiting_since FROM complaints WHERE id = ?)`, complaintID, kind, complaintID); err != nil {
		return fmt.Errorf("release reminder: %w", err)
	}
	return nil
}

// ClaimRepeatAlerts finds sellers reported by at least threshold different
// complainants since since (one user filing again does not count twice;
// complaints without a seller key are not counted) and, for each that had no alert since then, records an alert
// and returns it. Finding and recording are one transaction, so one alert
// goes out per seller and window even with concurrent callers or restarts.
func (d *DB) ClaimRepeatAlerts(ctx context.Context, since time.Time, threshold int) ([]ipdesk.RepeatSeller, error) {
	if threshold < 2 {
		threshold = 2
	}
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("repeat alerts: %w", err)
	}
	defer tx.Rollback()
	s := formatTime(since)
	rows, err := tx.QueryContext(ctx, `
		SELECT seller_key, group_concat(ref, ' '), COUNT(DISTINCT complainant) FROM (
			SELECT seller_key, ref, platform || ':' || user_id AS complainant FROM complaints c
			WHERE created_at >= ? AND seller_key != '' AND seller_key NOT LIKE '%:'
			AND NOT EXISTS (SELECT 1 FROM repeat_alerts a WHERE a.seller_key = c.seller_key AND a.alerted_at >= ?)
			ORDER BY created_at, id)
		GROUP BY seller_key HAVING COUNT(DISTINCT complainant) >= ? ORDER BY seller_key`, s, s, threshold)
	if err != nil {
		return nil, fmt.Errorf("repeat alerts: %w", err)
	}
	var out []ipdesk.RepeatSeller
	for rows.Next() {
		var r ipdesk.RepeatSeller
		var refs string
		if err := rows.Scan(&r.Key, &refs, &r.Complainants); err != nil {
			rows.Close()
			return nil, fmt.Errorf("repeat alerts: %w", err)
		}
		r.Refs = strings.Fields(refs)
		out = append(out, r)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	now := formatTime(d.Now())
	for i := range out {
		res, err := tx.ExecContext(ctx, `INSERT INTO repeat_alerts (seller_key, alerted_at, refs) VALUES (?, ?, ?)`, out[i].Key, now, strings.Join(out[i].Refs, " "))
		if err != nil {
			return nil, fmt.Errorf("repeat alerts: %w", err)
		}
		out[i].AlertID, _ = res.LastInsertId()
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("repeat alerts: %w", err)
	}
	return out, nil
}

// ReleaseRepeatAlert forgets an alert whose sending failed, so the next round
// tries again.
func (d *DB) ReleaseRepeatAlert(ctx context.Context, alertID int64) error {
	if _, err := d.db.ExecContext(ctx, `DELETE FROM repeat_alerts WHERE id = ?`, alertID); err != nil {
		return fmt.Errorf("release repeat alert: %w", err)
	}
	return nil
}
