package postgres

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/jackc/pgx/v5"
)

// goMigrations are the steps of a migration that SQL cannot take, run in
// the migration's transaction after its file, keyed by the file's name.
var goMigrations = map[string]func(ctx context.Context, d *DB, tx pgx.Tx) error{
	"migration/0008_langs_privacy_learning.sql": pseudonymSecret,
}

// pseudonymSecret makes the installation's pseudonym secret and re-keys
// the question log with it, as the SQLite store's privacy migration does:
// rows logged before kept the asker as ipdesk.HashUser, which anyone can
// compute from a guessed user id; each becomes ipdesk.PseudonymOfHash of
// itself, so a person's earlier votes and questions stay theirs.
func pseudonymSecret(ctx context.Context, d *DB, tx pgx.Tx) error {
	secret := make([]byte, ipdesk.SecretSize)
	if _, err := rand.Read(secret); err != nil {
		return fmt.Errorf("make pseudonym secret: %w", err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO install_secrets (name, value, created_at) VALUES ('pseudonym', $1, $2)`, secret, d.now()); err != nil {
		return fmt.Errorf("store pseudonym secret: %w", err)
	}
	rows, err := tx.Query(ctx, `SELECT user_hash FROM questions UNION SELECT user_hash FROM question_feedback`)
	if err != nil {
		return fmt.Errorf("re-key question log: %w", err)
	}
	old, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return fmt.Errorf("re-key question log: %w", err)
	}
	for _, h := range old {
		p := ipdesk.PseudonymOfHash(secret, h)
		if _, err := tx.Exec(ctx, `UPDATE questions SET user_hash = $1 WHERE user_hash = $2`, p, h); err != nil {
			return fmt.Errorf("re-key question log: %w", err)
		}
		if _, err := tx.Exec(ctx, `UPDATE question_feedback SET user_hash = $1 WHERE user_hash = $2`, p, h); err != nil {
			return fmt.Errorf("re-key question log: %w", err)
		}
	}
	return nil
}

// loadSecret reads the pseudonym secret the privacy migration made.
func (d *DB) loadSecret(ctx context.Context) error {
	err := d.pool.QueryRow(ctx, `SELECT value FROM install_secrets WHERE name = 'pseudonym'`).Scan(&d.secret)
	if err != nil {
		return fmt.Errorf("load pseudonym secret: %w", err)
	}
	if len(d.secret) < ipdesk.SecretSize {
		return errors.New("load pseudonym secret: the stored secret is too short")
	}
	return nil
}

// Pseudonym returns the key under which the question log keeps a person
// (see ipdesk.Pseudonym).
func (d *DB) Pseudonym(platform, userID string) string {
	return ipdesk.Pseudonym(d.secret, platform, userID)
}

// ConversationPseudonym returns the key under which the question log
// keeps where a person asked (see ipdesk.ConversationPseudonym).
func (d *DB) ConversationPseudonym(platform, userID, channel, thread string) string {
	return ipdesk.ConversationPseudonym(d.secret, platform, userID, channel, thread)
}

// AnonymousID returns what replaces the person's user id on their
// complaints once anonymised (see ipdesk.AnonymousID).
func (d *DB) AnonymousID(platform, userID string) string {
	return ipdesk.AnonymousID(d.secret, platform, userID)
}

// closedStatuses is the SQL list of the statuses Status.Open rejects.
const closedStatuses = `('approved', 'rejected', 'withdrawn', 'no_response')`

// keptNotes is ipdesk.KeptNotes, for a query argument.
var keptNotes = func() []string {
	out := make([]string, len(ipdesk.KeptNotes))
	for i, a := range ipdesk.KeptNotes {
		out[i] = string(a)
	}
	return out
}()

// anonymise removes a complainant's identity (and, unless held, the free
// text) from one complaint and its audit trail, within tx, and marks it
// done. It returns the SHA-256 of the evidence it expired. The caller holds
// the complaint's row lock.
func (d *DB) anonymise(ctx context.Context, tx cleanTx, c *ipdesk.Complaint, held bool) ([]string, error) {
	who := c.Complainant()
	anon := c.UserID
	if !ipdesk.IsAnonymous(anon) {
		anon = d.AnonymousID(c.Platform, c.UserID)
	}
	var sums []string
	for _, ev := range c.AllEvidence() {
		if ev.SHA256 != "" && !held {
			sums = append(sums, ev.SHA256)
		}
	}
	c.Anonymise(anon, held)
	c.Version++
	body, err := json.Marshal(c)
	if err != nil {
		return nil, err
	}
	if _, err := tx.Exec(ctx, `UPDATE complaints SET user_id = $1, version = $2, body = $3 WHERE id = $4`, anon, c.Version, string(body), c.ID); err != nil {
		return nil, err
	}
	if _, err := tx.Exec(ctx, `UPDATE audit SET actor = $1 WHERE complaint_id = $2 AND actor = $3`, anon, c.ID, who); err != nil {
		return nil, err
	}
	now := d.now()
	var expired *time.Time
	if !held {
		if _, err := tx.Exec(ctx, `UPDATE audit SET note = $1 WHERE complaint_id = $2 AND note NOT IN ('', $1) AND action != ALL($3)`,
			ipdesk.Removed, c.ID, keptNotes); err != nil {
			return nil, err
		}
		// The comment with a rating is the complainant's own words.
		if _, err := tx.Exec(ctx, `UPDATE ratings SET comment = $1 WHERE complaint_id = $2 AND comment != ''`, ipdesk.Removed, c.ID); err != nil {
			return nil, err
		}
		expired = &now
	}
	_, err = tx.Exec(ctx, `INSERT INTO complaint_privacy (complaint_id, anonymised_at, evidence_expired_at) VALUES ($1, $2, $3)
		ON CONFLICT (complaint_id) DO UPDATE SET anonymised_at = excluded.anonymised_at,
			evidence_expired_at = COALESCE(complaint_privacy.evidence_expired_at, excluded.evidence_expired_at)`, c.ID, now, expired)
	return sums, err
}

// unreferenced returns those of sums that no complaint still keeping its
// evidence refers to: the kept copies of those files may go.
func unreferenced(ctx context.Context, tx cleanTx, sums []string) ([]string, error) {
	if len(sums) == 0 {
		return nil, nil
	}
	// An agent's letter of authorisation is kept like evidence (see
	// ipdesk.Complaint.AllEvidence).
	rows, err := tx.Query(ctx, `SELECT DISTINCT e ->> 'sha256'
		FROM complaints c LEFT JOIN complaint_privacy p ON p.complaint_id = c.id,
			jsonb_array_elements(
				CASE WHEN jsonb_typeof(c.body::jsonb -> 'evidence') = 'array' THEN c.body::jsonb -> 'evidence' ELSE '[]'::jsonb END ||
				CASE WHEN jsonb_typeof(c.body::jsonb -> 'authorisation') = 'array' THEN c.body::jsonb -> 'authorisation' ELSE '[]'::jsonb END) e
		WHERE p.evidence_expired_at IS NULL AND e ->> 'sha256' = ANY($1)`, sums)
	if err != nil {
		return nil, err
	}
	kept, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, err
	}
	keep := map[string]bool{}
	for _, s := range kept {
		keep[s] = true
	}
	var out []string
	for _, s := range sums {
		if !keep[s] {
			keep[s] = true
			out = append(out, s)
		}
	}
	return out, nil
}

// queryComplaintsTx lists complaints within tx.
func queryComplaintsTx(ctx context.Context, tx cleanTx, where string, args ...any) ([]ipdesk.Complaint, error) {
	rows, err := tx.Query(ctx, `SELECT `+complaintColumns+` FROM complaints `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ipdesk.Complaint
	for rows.Next() {
		c, err := scanComplaint(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *c)
	}
	return out, rows.Err()
}

// heldTx reports whether a complaint is under legal hold.
func heldTx(ctx context.Context, tx cleanTx, complaintID int64) (bool, error) {
	var n int
	err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM complaint_privacy WHERE complaint_id = $1 AND hold_since IS NOT NULL`, complaintID).Scan(&n)
	return n > 0, err
}

// AnonymiseClosed anonymises up to limit closed complaints last changed
// before cutoff that are not under legal hold and were not anonymised
// before (see ipdesk.Complaint.Anonymise), oldest first, in one
// transaction, and returns their references and the SHA-256 of evidence
// files no complaint keeps any more. The complaints are locked, so a
// decision or a deletion request on another replica waits and sees the
// result.
func (d *DB) AnonymiseClosed(ctx context.Context, cutoff time.Time, limit int) (refs, files []string, err error) {
	err = d.inTx(ctx, func(tx cleanTx) error {
		list, err := queryComplaintsTx(ctx, tx, `WHERE status IN `+closedStatuses+` AND updated_at < $1
			AND NOT EXISTS (SELECT 1 FROM complaint_privacy p WHERE p.complaint_id = complaints.id AND (p.anonymised_at IS NOT NULL OR p.hold_since IS NOT NULL))
			ORDER BY updated_at, id LIMIT $2 FOR UPDATE`, ts(cutoff), max(limit, 1))
		if err != nil {
			return err
		}
		var sums []string
		for i := range list {
			s, err := d.anonymise(ctx, tx, &list[i], false)
			if err != nil {
				return fmt.Errorf("anonymise %s: %w", list[i].Ref, err)
			}
			sums = append(sums, s...)
			refs = append(refs, list[i].Ref)
		}
		files, err = unreferenced(ctx, tx, sums)
		return err
	})
	if err != nil {
		return nil, nil, fmt.Errorf("anonymise closed complaints: %w", err)
	}
	return refs, files, nil
}

// ExpireEvidence removes the evidence names and links (see
// ipdesk.Complaint.ExpireEvidence) of up to limit closed complaints last
// changed before cutoff that are not under legal hold, oldest first, and
// returns how many complaints it went through and the SHA-256 of evidence
// files no complaint keeps any more.
func (d *DB) ExpireEvidence(ctx context.Context, cutoff time.Time, limit int) (n int, files []string, err error) {
	err = d.inTx(ctx, func(tx cleanTx) error {
		list, err := queryComplaintsTx(ctx, tx, `WHERE status IN `+closedStatuses+` AND updated_at < $1
			AND NOT EXISTS (SELECT 1 FROM complaint_privacy p WHERE p.complaint_id = complaints.id AND (p.evidence_expired_at IS NOT NULL OR p.hold_since IS NOT NULL))
			ORDER BY updated_at, id LIMIT $2 FOR UPDATE`, ts(cutoff), max(limit, 1))
		if err != nil {
			return err
		}
		now := d.now()
		var sums []string
		for i := range list {
			c := &list[i]
			if len(c.AllEvidence()) > 0 {
				sums = append(sums, c.ExpireEvidence()...)
				c.Version++
				body, err := json.Marshal(c)
				if err != nil {
					return fmt.Errorf("expire evidence of %s: %w", c.Ref, err)
				}
				if _, err := tx.Exec(ctx, `UPDATE complaints SET version = $1, body = $2 WHERE id = $3`, c.Version, string(body), c.ID); err != nil {
					return fmt.Errorf("expire evidence of %s: %w", c.Ref, err)
				}
			}
			if _, err := tx.Exec(ctx, `INSERT INTO complaint_privacy (complaint_id, evidence_expired_at) VALUES ($1, $2)
				ON CONFLICT (complaint_id) DO UPDATE SET evidence_expired_at = excluded.evidence_expired_at`, c.ID, now); err != nil {
				return fmt.Errorf("expire evidence of %s: %w", c.Ref, err)
			}
		}
		n = len(list)
		files, err = unreferenced(ctx, tx, sums)
		return err
	})
	if err != nil {
		return 0, nil, fmt.Errorf("expire evidence: %w", err)
	}
	return n, files, nil
}

// settingTables are the tables of per-person settings, each keyed by
// platform and user_id: a deletion request empties them of the person.
var settingTables = []string{"followups", "followup_sent", "followup_optout"}

// ForgetUser carries out a deletion request for one person, in one
// transaction, as the SQLite store does: their questions and the votes on
// them, their complaint draft, a held answer, undelivered messages to them
// and their settings (their language too) are deleted; each of their complaints still open is
// withdrawn on their behalf; every one of their complaints is anonymised
// (the free text stays only on cases under legal hold); and wherever the
// audit trail names them as who acted, it names their anonymous id
// instead. One audit row (ref ipdesk.PrivacyRef) records that the request
// was carried out. Doing it twice, on one replica or two at once, finds
// nothing the second time.
func (d *DB) ForgetUser(ctx context.Context, platform, userID string, by ipdesk.Actor) (*ipdesk.ForgetReport, error) {
	if platform == "" || userID == "" {
		return nil, ipdesk.ErrBadPerson()
	}
	var rep *ipdesk.ForgetReport
	pseudo, key := d.Pseudonym(platform, userID), platform+":"+userID
	anon := d.AnonymousID(platform, userID)
	err := d.inTx(ctx, func(tx cleanTx) error {
		rep = &ipdesk.ForgetReport{}
		steps := []struct {
			n    *int64
			stmt string
			args []any
		}{
			{&rep.Votes, `DELETE FROM question_feedback WHERE user_hash = $1 OR question_id IN (SELECT id FROM questions WHERE user_hash = $1)`, []any{pseudo}},
			{&rep.Questions, `DELETE FROM questions WHERE user_hash = $1`, []any{pseudo}},
			{&rep.Drafts, `DELETE FROM drafts WHERE platform = $1 AND user_id = $2`, []any{platform, userID}},
			{&rep.Pending, `DELETE FROM pending_answers WHERE platform = $1 AND user_id = $2`, []any{platform, userID}},
		}
		for _, s := range steps {
			tag, err := tx.Exec(ctx, s.stmt, s.args...)
			if err != nil {
				return err
			}
			*s.n = tag.RowsAffected()
		}
		list, err := queryComplaintsTx(ctx, tx, `WHERE platform = $1 AND user_id = $2 ORDER BY created_at, id FOR UPDATE`, platform, userID)
		if err != nil {
			return err
		}
		now := d.now()
		var sums []string
		for i := range list {
			c := &list[i]
			if c.Status.Open() {
				// Nobody could be told the outcome any more: the
				// request withdraws it, on the complainant's behalf.
				entry, err := c.Apply(ipdesk.Change{Action: ipdesk.ActionWithdraw, By: ipdesk.Actor{Key: key, Platform: platform, Role: ipdesk.RoleUser}}, now)
				if err != nil {
					return fmt.Errorf("withdraw %s: %w", c.Ref, err)
				}
				c.UpdatedAt = now
				entry.ComplaintID, entry.Ref = c.ID, c.Ref
				if err := appendAudit(ctx, tx, &entry); err != nil {
					return err
				}
				if _, err := tx.Exec(ctx, `UPDATE complaints SET status = $1, assignee = $2, updated_at = $3, waiting_since = $4, payout = $5 WHERE id = $6`,
					string(c.Status), c.Assignee, now, ts(waitingSince(c)), c.PayoutState(), c.ID); err != nil {
					return err
				}
			}
			held, err := heldTx(ctx, tx, c.ID)
			if err != nil {
				return err
			}
			s, err := d.anonymise(ctx, tx, c, held)
			if err != nil {
				return fmt.Errorf("anonymise %s: %w", c.Ref, err)
			}
			sums = append(sums, s...)
			rep.Complaints++
			if held {
				rep.Held++
			}
			rep.Refs = append(rep.Refs, c.Ref)
		}
		if rep.Files, err = unreferenced(ctx, tx, sums); err != nil {
			return err
		}
		// Undelivered receipts and decisions: to their DM, or about
		// their complaints wherever they were to go.
		tag, err := tx.Exec(ctx, `DELETE FROM outbox WHERE address = $1 OR about = ANY($2)`, platform+":@"+userID, append([]string{}, rep.Refs...))
		if err != nil {
			return err
		}
		rep.Outbox = tag.RowsAffected()
		// The language, chosen or detected, is keyed by "platform:id".
		tag, err = tx.Exec(ctx, `DELETE FROM user_langs WHERE "user" = $1`, key)
		if err != nil {
			return err
		}
		rep.Settings = tag.RowsAffected()
		for _, table := range settingTables {
			tag, err := tx.Exec(ctx, `DELETE FROM `+table+` WHERE platform = $1 AND user_id = $2`, platform, userID)
			if err != nil {
				return err
			}
			rep.Settings += tag.RowsAffected()
		}
		// Refused attempts and any other row naming them as who acted.
		if _, err := tx.Exec(ctx, `UPDATE audit SET actor = $1 WHERE actor = $2`, anon, key); err != nil {
			return err
		}
		entry := ipdesk.PrivacyEntry(by, key, anon, ipdesk.ActionDataForget, now)
		return appendAudit(ctx, tx, &entry)
	})
	if err != nil {
		return nil, fmt.Errorf("forget user: %w", err)
	}
	return rep, nil
}

// ExportUser gathers everything held about one person (see
// ipdesk.DataExport) and records the export on the audit trail, by whom and
// for which anonymous id.
func (d *DB) ExportUser(ctx context.Context, platform, userID string, by ipdesk.Actor) (*ipdesk.DataExport, error) {
	if platform == "" || userID == "" {
		return nil, ipdesk.ErrBadPerson()
	}
	var x *ipdesk.DataExport
	key := platform + ":" + userID
	err := d.inTx(ctx, func(tx cleanTx) error {
		now := d.now()
		x = &ipdesk.DataExport{Generated: now, Platform: platform, UserID: userID,
			About:     "Everything ipdesk holds about this person: questions asked of the knowledge base, votes on the answers, complaints with their history, and anything in progress.",
			Questions: []ipdesk.ExportedQuery{}, Complaints: []ipdesk.ExportedComplaint{}}
		var err error
		if x.Questions, err = exportQuestions(ctx, tx, d.Pseudonym(platform, userID)); err != nil {
			return err
		}
		dr, err := scanDraft(tx.QueryRow(ctx, `SELECT `+draftColumns+` FROM drafts WHERE platform = $1 AND user_id = $2`, platform, userID))
		if err == nil {
			x.Draft = &dr.Answers
		} else if !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		list, err := queryComplaintsTx(ctx, tx, `WHERE platform = $1 AND user_id = $2 ORDER BY created_at, id`, platform, userID)
		if err != nil {
			return err
		}
		for _, c := range list {
			h, err := exportHistory(ctx, tx, c.ID, key)
			if err != nil {
				return err
			}
			rating, err := exportRating(ctx, tx, c.ID)
			if err != nil {
				return err
			}
			x.Complaints = append(x.Complaints, ipdesk.ExportedComplaint{Complaint: c.ForExport(), History: h, Rating: rating})
		}
		var body string
		err = tx.QueryRow(ctx, `SELECT body FROM pending_answers WHERE platform = $1 AND user_id = $2`, platform, userID).Scan(&body)
		if err == nil {
			var b pendingBody
			if json.Unmarshal([]byte(body), &b) == nil {
				x.PendingAnswer = b.Text
			}
		} else if !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		var off int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM followup_optout WHERE platform = $1 AND user_id = $2`, platform, userID).Scan(&off); err != nil {
			return err
		}
		if off > 0 {
			x.Settings = map[string]string{"feedback_followups": "off"}
		}
		var lang string
		var chosen bool
		switch err := tx.QueryRow(ctx, `SELECT lang, chosen FROM user_langs WHERE "user" = $1`, key).Scan(&lang, &chosen); {
		case errors.Is(err, pgx.ErrNoRows):
		case err != nil:
			return err
		default:
			if x.Settings == nil {
				x.Settings = map[string]string{}
			}
			how := "detected from what you wrote"
			if chosen {
				how = "chosen"
			}
			x.Settings["language"] = lang + " (" + how + ")"
		}
		entry := ipdesk.PrivacyEntry(by, key, d.AnonymousID(platform, userID), ipdesk.ActionDataExport, now)
		return appendAudit(ctx, tx, &entry)
	})
	if err != nil {
		return nil, fmt.Errorf("export user: %w", err)
	}
	return x, nil
}

func exportQuestions(ctx context.Context, tx cleanTx, pseudo string) ([]ipdesk.ExportedQuery, error) {
	rows, err := tx.Query(ctx, `SELECT q.asked_at, q.text, q.lang, q.answered, q.section, q.escalated_at, f.helpful, COALESCE(f.reason, '')
		FROM questions q LEFT JOIN question_feedback f ON f.question_id = q.id AND f.user_hash = q.user_hash
		WHERE q.user_hash = $1 ORDER BY q.asked_at, q.id`, pseudo)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []ipdesk.ExportedQuery{}
	for rows.Next() {
		var q ipdesk.ExportedQuery
		var escalated *time.Time
		var helpful *bool
		if err := rows.Scan(&q.AskedAt, &q.Text, &q.Lang, &q.Answered, &q.Answer, &escalated, &helpful, &q.Reason); err != nil {
			return nil, err
		}
		q.AskedAt = q.AskedAt.UTC()
		if escalated != nil {
			t := escalated.UTC()
			q.Escalated = &t
		}
		if !q.Answered {
			q.Answer = "" // the best guess was not shown
		}
		if helpful != nil {
			q.Vote = "not helpful"
			if *helpful {
				q.Vote = "helpful"
			}
		}
		out = append(out, q)
	}
	return out, rows.Err()
}

// exportHistory is a complaint's audit trail as its complainant may see
// it (see ipdesk.ExportedEventOf).
func exportHistory(ctx context.Context, tx cleanTx, complaintID int64, key string) ([]ipdesk.ExportedEvent, error) {
	rows, err := tx.Query(ctx, `SELECT at, actor, role, action, before, after FROM audit WHERE complaint_id = $1 ORDER BY id`, complaintID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []ipdesk.ExportedEvent{}
	for rows.Next() {
		var e ipdesk.AuditEntry
		var role, action string
		if err := rows.Scan(&e.At, &e.Actor, &role, &action, &e.Before, &e.After); err != nil {
			return nil, err
		}
		e.At, e.Role, e.Action = e.At.UTC(), ipdesk.Role(role), ipdesk.Action(action)
		if ev, ok := ipdesk.ExportedEventOf(e, key); ok {
			out = append(out, ev)
		}
	}
	return out, rows.Err()
}

// exportRating is the complainant's rating of how a complaint was handled,
// or nil when they gave none.
func exportRating(ctx context.Context, tx cleanTx, complaintID int64) (*ipdesk.ExportedRating, error) {
	var score *int
	var comment string
	var at *time.Time
	err := tx.QueryRow(ctx, `SELECT score, comment, rated_at FROM ratings WHERE complaint_id = $1`, complaintID).Scan(&score, &comment, &at)
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && score == nil) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	r := &ipdesk.ExportedRating{Score: *score, Comment: comment}
	if at != nil {
		r.At = at.UTC()
	}
	return r, nil
}

// SetLegalHold puts a complaint under legal hold, or with hold false
// releases it, recording the change on its audit trail. It reports
// whether anything changed (holding a held case changes nothing, also when
// two staff press at once on two replicas), and returns ENOTFOUND for an
// unknown reference.
func (d *DB) SetLegalHold(ctx context.Context, ref string, hold bool, by ipdesk.Actor, reason string) (bool, error) {
	r, ok := ipdesk.ParseRef(ref)
	if !ok {
		return false, badRef()
	}
	changed := false
	err := d.inTx(ctx, func(tx cleanTx) error {
		var id int64
		var status string
		err := tx.QueryRow(ctx, `SELECT id, status FROM complaints WHERE ref = $1 FOR UPDATE`, r).Scan(&id, &status)
		if errors.Is(err, pgx.ErrNoRows) {
			return noComplaint(r)
		} else if err != nil {
			return err
		}
		held, err := heldTx(ctx, tx, id)
		if err != nil || held == hold {
			return err
		}
		now := d.now()
		entry := ipdesk.AuditEntry{ComplaintID: id, Ref: r, At: now, Actor: by.Key, Role: by.Role, Platform: by.Platform, Before: status, After: status}
		if hold {
			_, err = tx.Exec(ctx, `INSERT INTO complaint_privacy (complaint_id, hold_since, hold_by, hold_reason) VALUES ($1, $2, $3, $4)
				ON CONFLICT (complaint_id) DO UPDATE SET hold_since = excluded.hold_since, hold_by = excluded.hold_by, hold_reason = excluded.hold_reason`,
				id, now, by.Key, reason)
			entry.Action, entry.Note = ipdesk.ActionLegalHold, reason
		} else {
			_, err = tx.Exec(ctx, `UPDATE complaint_privacy SET hold_since = NULL, hold_by = '', hold_reason = '' WHERE complaint_id = $1`, id)
			entry.Action = ipdesk.ActionHoldReleased
		}
		if err != nil {
			return err
		}
		if err := appendAudit(ctx, tx, &entry); err != nil {
			return err
		}
		changed = true
		return nil
	})
	if ipdesk.ErrorCode(err) == ipdesk.ENOTFOUND {
		return false, err
	} else if err != nil {
		return false, fmt.Errorf("legal hold: %w", err)
	}
	return changed, nil
}

// LegalHold returns a complaint's legal hold, or nil when it has none.
func (d *DB) LegalHold(ctx context.Context, ref string) (*ipdesk.LegalHold, error) {
	var since *time.Time
	var h ipdesk.LegalHold
	err := d.q.QueryRow(ctx, `SELECT p.hold_since, p.hold_by, p.hold_reason FROM complaint_privacy p JOIN complaints c ON c.id = p.complaint_id
		WHERE c.ref = $1`, storedRef(ref)).Scan(&since, &h.By, &h.Reason)
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && since == nil) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("legal hold: %w", err)
	}
	h.Since = since.UTC()
	return &h, nil
}
