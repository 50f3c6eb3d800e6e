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

func appendAudit(ctx context.Context, q querier, e *ipdesk.AuditEntry) error {
	var cid *int64
	if e.ComplaintID != 0 {
		cid = &e.ComplaintID
	}
	err := q.QueryRow(ctx, `INSERT INTO audit (complaint_id, ref, at, actor, role, platform, action, before, after, note)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		cid, e.Ref, ts(e.At), e.Actor, string(e.Role), e.Platform, string(e.Action), e.Before, e.After, e.Note).Scan(&e.ID)
	if err != nil {
		return fmt.Errorf("append audit: %w", err)
	}
	return nil
}

// AppendAudit records an event that changes no complaint, such as a refused
// action or a reminder. When the entry names an existing complaint by Ref it
// is linked to it; a Ref that matches none is kept as given.
func (d *DB) AppendAudit(ctx context.Context, e ipdesk.AuditEntry) error {
	if e.At.IsZero() {
		e.At = d.now()
	}
	if e.ComplaintID == 0 && e.Ref != "" {
		err := d.q.QueryRow(ctx, `SELECT id FROM complaints WHERE ref = $1`, storedRef(e.Ref)).Scan(&e.ComplaintID)
		if err == nil {
			e.Ref = storedRef(e.Ref)
		} else if !errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("append audit: %w", err)
		}
	}
	return d.effect(ctx, func(tx cleanTx) error { return appendAudit(ctx, tx, &e) })
}

// AuditTrail returns a complaint's audit rows in the order they happened.
func (d *DB) AuditTrail(ctx context.Context, ref string) ([]ipdesk.AuditEntry, error) {
	rows, err := d.q.Query(ctx, `SELECT id, COALESCE(complaint_id, 0), ref, at, actor, role, platform, action, before, after, note
		FROM audit WHERE ref = $1 ORDER BY id`, storedRef(ref))
	if err != nil {
		return nil, fmt.Errorf("audit trail: %w", err)
	}
	defer rows.Close()
	var out []ipdesk.AuditEntry
	for rows.Next() {
		var e ipdesk.AuditEntry
		var role, action string
		if err := rows.Scan(&e.ID, &e.ComplaintID, &e.Ref, &e.At, &e.Actor, &role, &e.Platform, &action, &e.Before, &e.After, &e.Note); err != nil {
			return nil, fmt.Errorf("audit trail: %w", err)
		}
		e.Role, e.Action, e.At = ipdesk.Role(role), ipdesk.Action(action), e.At.UTC()
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("audit trail: %w", err)
	}
	return out, nil
}

// Overdue returns open complaints that wait for staff (not for the
// complainant) and began waiting before cutoff, without a reminder of kind
// in their current waiting period, longest waiting first.
func (d *DB) Overdue(ctx context.Context, cutoff time.Time, kind string) ([]ipdesk.Complaint, error) {
	return d.queryComplaints(ctx, `WHERE status NOT IN ('approved', 'rejected', 'withdrawn', 'needs_info', 'no_response') AND waiting_since < $1
		AND NOT EXISTS (SELECT 1 FROM reminders r WHERE r.complaint_id = complaints.id AND r.kind = $2 AND r.period = complaints.waiting_since)
		ORDER BY waiting_since, id`, ts(cutoff), kind)
}

// ClaimReminder records that a reminder of kind is being sent for a
// complaint in its current waiting period and reports whether it was the
// first claim, so each reminder goes out once per waiting period across
// restarts and replicas.
func (d *DB) ClaimReminder(ctx context.Context, complaintID int64, kind string) (bool, error) {
	tag, err := d.q.Exec(ctx, `INSERT INTO reminders (complaint_id, kind, period, sent_at)
		SELECT id, $1, waiting_since, $2 FROM complaints WHERE id = $3
		ON CONFLICT DO NOTHING`, kind, d.now(), complaintID)
	if err != nil {
		return false, fmt.Errorf("claim reminder: %w", err)
	}
	return tag.RowsAffected() == 1, nil
}

// ReleaseReminder forgets a claimed reminder of the current waiting period
// whose sending failed, so the next round tries again.
func (d *DB) ReleaseReminder(ctx context.Context, complaintID int64, kind string) error {
	if _, err := d.q.Exec(ctx, `DELETE FROM reminders WHERE complaint_id = $1 AND kind = $2
		AND period = (SELECT waiting_since FROM complaints WHERE id = $1)`, complaintID, kind); err != nil {
		return fmt.Errorf("release reminder: %w", err)
	}
	return nil
}

// ClaimRepeatAlerts finds sellers reported by at least threshold different
// complainants since since (complaints without a seller key are not
// counted) and, for each that had no alert since then, records an alert and
// returns it. Callers take turns on an advisory lock, so one alert goes out
// per seller and window even with several replicas.
func (d *DB) ClaimRepeatAlerts(ctx context.Context, since time.Time, threshold int) ([]ipdesk.RepeatSeller, error) {
	if threshold < 2 {
		threshold = 2
	}
	var out []ipdesk.RepeatSeller
	err := d.inTx(ctx, func(tx cleanTx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(`+lockKey+`)`, "repeat alerts"); err != nil {
			return err
		}
		s := ts(since)
		rows, err := tx.Query(ctx, `
			SELECT seller_key, string_agg(ref, ' ' ORDER BY created_at, id), COUNT(DISTINCT platform || ':' || user_id)
			FROM complaints c
			WHERE created_at >= $1 AND seller_key != '' AND seller_key NOT LIKE '%:'
			AND NOT EXISTS (SELECT 1 FROM repeat_alerts a WHERE a.seller_key = c.seller_key AND a.alerted_at >= $1)
			GROUP BY seller_key HAVING COUNT(DISTINCT platform || ':' || user_id) >= $2 ORDER BY seller_key`, s, threshold)
		if err != nil {
			return err
		}
		for rows.Next() {
			var r ipdesk.RepeatSeller
			var refs string
			if err := rows.Scan(&r.Key, &refs, &r.Complainants); err != nil {
				rows.Close()
				return err
			}
			r.Refs = strings.Fields(refs)
			out = append(out, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		now := d.now()
		for i := range out {
			if err := tx.QueryRow(ctx, `INSERT INTO repeat_alerts (seller_key, alerted_at, refs) VALUES ($1, $2, $3) RETURNING id`,
				out[i].Key, now, strings.Join(out[i].Refs, " ")).Scan(&out[i].AlertID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("repeat alerts: %w", err)
	}
	return out, nil
}

// ReleaseRepeatAlert forgets an alert whose sending failed, so the next round
// tries again.
func (d *DB) ReleaseRepeatAlert(ctx context.Context, alertID int64) error {
	if _, err := d.q.Exec(ctx, `DELETE FROM repeat_alerts WHERE id = $1`, alertID); err != nil {
		return fmt.Errorf("release repeat alert: %w", err)
	}
	return nil
}
