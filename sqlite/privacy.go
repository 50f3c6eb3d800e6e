package sqlite

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ipdesk/ipdesk"
)

// goMigrations are the steps of a migration that SQL cannot take, run in
// the migration's transaction after its file, keyed by the file's name.
var goMigrations = map[string]func(ctx context.Context, d *DB, tx *sql.Tx) error{
	"migration/0080_privacy.sql": pseudonymSecret,
}

// pseudonymSecret makes the installation's pseudonym secret and re-keys
// the question log with it. Rows logged before kept the asker as an
// unsalted hash (ipdesk.HashUser), which anyone can compute from a guessed
// user id; each becomes ipdesk.PseudonymOfHash of itself, the pseudonym
// the same person gets from now on, so their earlier votes still count as
// theirs and "my data" and "forget me" still find their questions.
func pseudonymSecret(ctx context.Context, d *DB, tx *sql.Tx) error {
	secret := make([]byte, ipdesk.SecretSize)
	if _, err := rand.Read(secret); err != nil {
		return fmt.Errorf("make pseudonym secret: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO install_secrets (name, value, created_at) VALUES ('pseudonym', ?, ?)`, secret, formatTime(d.Now())); err != nil {
		return fmt.Errorf("store pseudonym secret: %w", err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT user_hash FROM questions UNION SELECT user_hash FROM question_feedback`)
	if err != nil {
		return fmt.Errorf("re-key question log: %w", err)
	}
	var old []string
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			rows.Close()
			return fmt.Errorf("re-key question log: %w", err)
		}
		old = append(old, h)
	}
	if err := rows.Close(); err != nil {
		return fmt.Errorf("re-key question log: %w", err)
	}
	for _, h := range old {
		p := ipdesk.PseudonymOfHash(secret, h)
		if _, err := tx.ExecContext(ctx, `UPDATE questions SET user_hash = ? WHERE user_hash = ?`, p, h); err != nil {
			return fmt.Errorf("re-key question log: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE question_feedback SET user_hash = ? WHERE user_hash = ?`, p, h); err != nil {
			return fmt.Errorf("re-key question log: %w", err)
		}
	}
	return nil
}

// loadSecret reads the pseudonym secret made by the privacy migration. A
// database built from a partial set of migrations (some tests) has none,
// and its pseudonyms are keyed with an empty secret.
func (d *DB) loadSecret(ctx context.Context) error {
	var n int
	if err := d.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'install_secrets'`).Scan(&n); err != nil {
		return fmt.Errorf("load pseudonym secret: %w", err)
	}
	if n == 0 {
		return nil
	}
	err := d.db.QueryRowContext(ctx, `SELECT value FROM install_secrets WHERE name = 'pseudonym'`).Scan(&d.secret)
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

// keptNotes is the SQL list of ipdesk.KeptNotes.
var keptNotes = func() string {
	q := make([]string, len(ipdesk.KeptNotes))
	for i, a := range ipdesk.KeptNotes {
		q[i] = "'" + string(a) + "'"
	}
	return "(" + strings.Join(q, ", ") + ")"
}()

// anonymise removes a complainant's identity (and, unless held, the free
// text) from one complaint and its audit trail, within tx, and marks it
// done. It returns the SHA-256 of the evidence it expired.
func (d *DB) anonymise(ctx context.Context, tx *sql.Tx, c *ipdesk.Complaint, held bool) ([]string, error) {
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
	if _, err := tx.ExecContext(ctx, `UPDATE complaints SET user_id = ?, version = ?, body = ? WHERE id = ?`, anon, c.Version, string(body), c.ID); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE audit SET actor = ? WHERE complaint_id = ? AND actor = ?`, anon, c.ID, who); err != nil {
		return nil, err
	}
	now := formatTime(d.Now())
	expired := any(nil)
	if !held {
		if _, err := tx.ExecContext(ctx, `UPDATE audit SET note = ? WHERE complaint_id = ? AND note NOT IN ('', ?) AND action NOT IN `+keptNotes,
			ipdesk.Removed, c.ID, ipdesk.Removed); err != nil {
			return nil, err
		}
		// The comment with a rating is the complainant's own words.
		if _, err := tx.ExecContext(ctx, `UPDATE ratings SET comment = ? WHERE complaint_id = ? AND comment != ''`, ipdesk.Removed, c.ID); err != nil {
			return nil, err
		}
		expired = now
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO complaint_privacy (complaint_id, anonymised_at, evidence_expired_at) VALUES (?, ?, ?)
		ON CONFLICT (complaint_id) DO UPDATE SET anonymised_at = excluded.anonymised_at,
			evidence_expired_at = COALESCE(complaint_privacy.evidence_expired_at, excluded.evidence_expired_at)`, c.ID, now, expired)
	return sums, err
}

// unreferenced returns those of sums that no complaint still keeping its
// evidence refers to: the kept copies of those files may go.
func unreferenced(ctx context.Context, tx *sql.Tx, sums []string) ([]string, error) {
	if len(sums) == 0 {
		return nil, nil
	}
	// An agent's letter of authorisation is kept like evidence (see
	// ipdesk.Complaint.AllEvidence).
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT json_extract(e.value, '$.sha256')
		FROM complaints c LEFT JOIN complaint_privacy p ON p.complaint_id = c.id,
			json_each(c.body, '$.evidence') e
		WHERE p.evidence_expired_at IS NULL AND json_extract(e.value, '$.sha256') IS NOT NULL
		UNION
		SELECT DISTINCT json_extract(e.value, '$.sha256')
		FROM complaints c LEFT JOIN complaint_privacy p ON p.complaint_id = c.id,
			json_each(c.body, '$.authorisation') e
		WHERE p.evidence_expired_at IS NULL AND json_extract(e.value, '$.sha256') IS NOT NULL`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	kept := map[string]bool{}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		kept[s] = true
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []string
	seen := map[string]bool{}
	for _, s := range sums {
		if !kept[s] && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out, nil
}

// AnonymiseClosed anonymises up to limit closed complaints last changed
// before cutoff that are not under legal hold and were not anonymised
// before (see ipdesk.Complaint.Anonymise), oldest first, in one
// transaction, and returns their references and the SHA-256 of evidence
// files no complaint keeps any more.
func (d *DB) AnonymiseClosed(ctx context.Context, cutoff time.Time, limit int) (refs, files []string, err error) {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("anonymise closed complaints: %w", err)
	}
	defer tx.Rollback()
	list, err := queryComplaintsTx(ctx, tx, `WHERE status IN `+closedStatuses+` AND updated_at < ?
		AND NOT EXISTS (SELECT 1 FROM complaint_privacy p WHERE p.complaint_id = complaints.id AND (p.anonymised_at IS NOT NULL OR p.hold_since IS NOT NULL))
		ORDER BY updated_at, id LIMIT ?`, formatTime(cutoff), max(limit, 1))
	if err != nil {
		return nil, nil, fmt.Errorf("anonymise closed complaints: %w", err)
	}
	var sums []string
	for i := range list {
		s, err := d.anonymise(ctx, tx, &list[i], false)
		if err != nil {
			return nil, nil, fmt.Errorf("anonymise %s: %w", list[i].Ref, err)
		}
		sums = append(sums, s...)
		refs = append(refs, list[i].Ref)
	}
	if files, err = unreferenced(ctx, tx, sums); err != nil {
		return nil, nil, fmt.Errorf("anonymise closed complaints: %w", err)
	}
	if err := tx.Commit(); err != nil {
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
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, nil, fmt.Errorf("expire evidence: %w", err)
	}
	defer tx.Rollback()
	list, err := queryComplaintsTx(ctx, tx, `WHERE status IN `+closedStatuses+` AND updated_at < ?
		AND NOT EXISTS (SELECT 1 FROM complaint_privacy p WHERE p.complaint_id = complaints.id AND (p.evidence_expired_at IS NOT NULL OR p.hold_since IS NOT NULL))
		ORDER BY updated_at, id LIMIT ?`, formatTime(cutoff), max(limit, 1))
	if err != nil {
		return 0, nil, fmt.Errorf("expire evidence: %w", err)
	}
	now := formatTime(d.Now())
	var sums []string
	for i := range list {
		c := &list[i]
		if len(c.AllEvidence()) > 0 {
			sums = append(sums, c.ExpireEvidence()...)
			c.Version++
			body, err := json.Marshal(c)
			if err != nil {
				return 0, nil, fmt.Errorf("expire evidence of %s: %w", c.Ref, err)
			}
			if _, err := tx.ExecContext(ctx, `UPDATE complaints SET version = ?, body = ? WHERE id = ?`, c.Version, string(body), c.ID); err != nil {
				return 0, nil, fmt.Errorf("expire evidence of %s: %w", c.Ref, err)
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO complaint_privacy (complaint_id, evidence_expired_at) VALUES (?, ?)
			ON CONFLICT (complaint_id) DO UPDATE SET evidence_expired_at = excluded.evidence_expired_at`, c.ID, now); err != nil {
			return 0, nil, fmt.Errorf("expire evidence of %s: %w", c.Ref, err)
		}
	}
	if files, err = unreferenced(ctx, tx, sums); err != nil {
		return 0, nil, fmt.Errorf("expire evidence: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return 0, nil, fmt.Errorf("expire evidence: %w", err)
	}
	return len(list), files, nil
}

func queryComplaintsTx(ctx context.Context, tx *sql.Tx, where string, args ...any) ([]ipdesk.Complaint, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+complaintColumns+` FROM complaints `+where, args...)
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
func heldTx(ctx context.Context, tx *sql.Tx, complaintID int64) (bool, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM complaint_privacy WHERE complaint_id = ? AND hold_since IS NOT NULL`, complaintID).Scan(&n)
	return n > 0, err
}

// ForgetUser carries out a deletion request for one person, in one
// transaction: their questions and the votes on them, their complaint
// draft, a held answer, and undelivered messages to them are deleted; each
// of their complaints still open is withdrawn on their behalf; every one of
// their complaints is anonymised (ipdesk.Complaint.Anonymise: the free text
// stays only on cases under legal hold); and wherever the audit trail names
// them as who acted, it names their anonymous id instead. One audit row
// (ref ipdesk.PrivacyRef) records that the request was carried out, by
// whom, for which anonymous id, and nothing of what was deleted. Doing it
// twice finds nothing the second time.
func (d *DB) ForgetUser(ctx context.Context, platform, userID string, by ipdesk.Actor) (*ipdesk.ForgetReport, error) {
	if platform == "" || userID == "" {
		return nil, ipdesk.ErrBadPerson()
	}
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("forget user: %w", err)
	}
	defer tx.Rollback()
	rep := &ipdesk.ForgetReport{}
	pseudo, key := d.Pseudonym(platform, userID), platform+":"+userID
	anon := d.AnonymousID(platform, userID)
	count := func(res sql.Result, err error) (int64, error) {
		if err != nil {
			return 0, err
		}
		return res.RowsAffected()
	}
	steps := []struct {
		n    *int64
		stmt string
		args []any
	}{
		{&rep.Votes, `DELETE FROM question_feedback WHERE user_hash = ? OR question_id IN (SELECT id FROM questions WHERE user_hash = ?)`, []any{pseudo, pseudo}},
		{&rep.Questions, `DELETE FROM questions WHERE user_hash = ?`, []any{pseudo}},
		{&rep.Drafts, `DELETE FROM drafts WHERE platform = ? AND user_id = ?`, []any{platform, userID}},
		{&rep.Pending, `DELETE FROM pending_answers WHERE platform = ? AND user_id = ?`, []any{platform, userID}},
	}
	for _, s := range steps {
		if *s.n, err = count(tx.ExecContext(ctx, s.stmt, s.args...)); err != nil {
			return nil, fmt.Errorf("forget user: %w", err)
		}
	}
	list, err := queryComplaintsTx(ctx, tx, `WHERE platform = ? AND user_id = ? ORDER BY created_at, id`, platform, userID)
	if err != nil {
		return nil, fmt.Errorf("forget user: %w", err)
	}
	now := d.Now().UTC()
	var sums []string
	for i := range list {
		c := &list[i]
		if c.Status.Open() {
			// Nobody could be told the outcome any more: the request
			// withdraws it, on the complainant's behalf.
			entry, err := c.Apply(ipdesk.Change{Action: ipdesk.ActionWithdraw, By: ipdesk.Actor{Key: key, Platform: platform, Role: ipdesk.RoleUser}}, now)
			if err != nil {
				return nil, fmt.Errorf("forget user: withdraw %s: %w", c.Ref, err)
			}
			c.UpdatedAt = now
			entry.ComplaintID, entry.Ref = c.ID, c.Ref
			if err := appendAudit(ctx, tx, &entry); err != nil {
				return nil, fmt.Errorf("forget user: %w", err)
			}
			if _, err := tx.ExecContext(ctx, `UPDATE complaints SET status = ?, assignee = ?, updated_at = ?, waiting_since = ? WHERE id = ?`,
				c.Status, c.Assignee, formatTime(now), waitingSince(c), c.ID); err != nil {
				return nil, fmt.Errorf("forget user: %w", err)
			}
		}
		held, err := heldTx(ctx, tx, c.ID)
		if err != nil {
			return nil, fmt.Errorf("forget user: %w", err)
		}
		s, err := d.anonymise(ctx, tx, c, held)
		if err != nil {
			return nil, fmt.Errorf("forget user: anonymise %s: %w", c.Ref, err)
		}
		sums = append(sums, s...)
		rep.Complaints++
		if held {
			rep.Held++
		}
		rep.Refs = append(rep.Refs, c.Ref)
	}
	if rep.Files, err = unreferenced(ctx, tx, sums); err != nil {
		return nil, fmt.Errorf("forget user: %w", err)
	}
	// Undelivered receipts and decisions: to their DM, or about their
	// complaints wherever they were to go.
	q, args := `DELETE FROM outbox WHERE address = ?`, []any{platform + ":@" + userID}
	for _, ref := range rep.Refs {
		q += ` OR about = ?`
		args = append(args, ref)
	}
	if rep.Outbox, err = count(tx.ExecContext(ctx, q, args...)); err != nil {
		return nil, fmt.Errorf("forget user: %w", err)
	}
	if rep.Settings, err = d.forgetSettings(ctx, tx, platform, userID); err != nil {
		return nil, fmt.Errorf("forget user: %w", err)
	}
	// Refused attempts and any other row naming them as who acted.
	if _, err := tx.ExecContext(ctx, `UPDATE audit SET actor = ? WHERE actor = ?`, anon, key); err != nil {
		return nil, fmt.Errorf("forget user: %w", err)
	}
	entry := ipdesk.PrivacyEntry(by, key, anon, ipdesk.ActionDataForget, now)
	if err := appendAudit(ctx, tx, &entry); err != nil {
		return nil, fmt.Errorf("forget user: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("forget user: %w", err)
	}
	return rep, nil
}

// forgetSettings deletes a person's per-person settings and returns how
// many there were.
func (d *DB) forgetSettings(ctx context.Context, tx *sql.Tx, platform, userID string) (int64, error) {
	// The language, chosen or detected, is keyed by "platform:id".
	res, err := tx.ExecContext(ctx, `DELETE FROM user_langs WHERE user = ?`, platform+":"+userID)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, err
	}
	for _, table := range settingTables {
		res, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE platform = ? AND user_id = ?`, platform, userID)
		if err != nil {
			return 0, err
		}
		m, err := res.RowsAffected()
		if err != nil {
			return 0, err
		}
		n += m
	}
	return n, nil
}

// settingTables are the tables of per-person settings, each keyed by
// platform and user_id: a deletion request empties them of the person.
var settingTables []string

// ExportUser gathers everything held about one person (see
// ipdesk.DataExport) and records the export on the audit trail, by whom and
// for which anonymous id.
func (d *DB) ExportUser(ctx context.Context, platform, userID string, by ipdesk.Actor) (*ipdesk.DataExport, error) {
	if platform == "" || userID == "" {
		return nil, ipdesk.ErrBadPerson()
	}
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("export user: %w", err)
	}
	defer tx.Rollback()
	now := d.Now().UTC()
	x := &ipdesk.DataExport{Generated: now, Platform: platform, UserID: userID,
		About:     "Everything ipdesk holds about this person: questions asked of the knowledge base, votes on the answers, complaints with their history, and anything in progress.",
		Questions: []ipdesk.ExportedQuery{}, Complaints: []ipdesk.ExportedComplaint{}}
	if x.Questions, err = exportQuestions(ctx, tx, d.Pseudonym(platform, userID)); err != nil {
		return nil, fmt.Errorf("export user: %w", err)
	}
	dr, err := scanDraft(tx.QueryRowContext(ctx, `SELECT `+draftColumns+` FROM drafts WHERE platform = ? AND user_id = ?`, platform, userID))
	if err == nil {
		x.Draft = &dr.Answers
	} else if !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("export user: %w", err)
	}
	list, err := queryComplaintsTx(ctx, tx, `WHERE platform = ? AND user_id = ? ORDER BY created_at, id`, platform, userID)
	if err != nil {
		return nil, fmt.Errorf("export user: %w", err)
	}
	key := platform + ":" + userID
	for _, c := range list {
		h, err := exportHistory(ctx, tx, c.ID, key)
		if err != nil {
			return nil, fmt.Errorf("export user: %w", err)
		}
		rating, err := exportRating(ctx, tx, c.ID)
		if err != nil {
			return nil, fmt.Errorf("export user: %w", err)
		}
		x.Complaints = append(x.Complaints, ipdesk.ExportedComplaint{Complaint: c.ForExport(), History: h, Rating: rating})
	}
	var body string
	err = tx.QueryRowContext(ctx, `SELECT body FROM pending_answers WHERE platform = ? AND user_id = ?`, platform, userID).Scan(&body)
	if err == nil {
		var b pendingBody
		if json.Unmarshal([]byte(body), &b) == nil {
			x.PendingAnswer = b.Text
		}
	} else if !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("export user: %w", err)
	}
	if x.Settings, err = exportSettings(ctx, tx, platform, userID); err != nil {
		return nil, fmt.Errorf("export user: %w", err)
	}
	var lang string
	var chosen bool
	switch err := tx.QueryRowContext(ctx, `SELECT lang, chosen FROM user_langs WHERE user = ?`, platform+":"+userID).Scan(&lang, &chosen); {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return nil, fmt.Errorf("export user: %w", err)
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
	if err := appendAudit(ctx, tx, &entry); err != nil {
		return nil, fmt.Errorf("export user: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("export user: %w", err)
	}
	return x, nil
}

// exportSettings is filled in by the tables of per-person settings.
var exportSettings = func(ctx context.Context, tx *sql.Tx, platform, userID string) (map[string]string, error) {
	return nil, nil
}

func exportQuestions(ctx context.Context, tx *sql.Tx, pseudo string) ([]ipdesk.ExportedQuery, error) {
	rows, err := tx.QueryContext(ctx, `SELECT q.asked_at, q.text, q.lang, q.answered, q.section, q.escalated_at, f.helpful, COALESCE(f.reason, '')
		FROM questions q LEFT JOIN question_feedback f ON f.question_id = q.id AND f.user_hash = q.user_hash
		WHERE q.user_hash = ? ORDER BY q.asked_at, q.id`, pseudo)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []ipdesk.ExportedQuery{}
	for rows.Next() {
		var q ipdesk.ExportedQuery
		var asked string
		var escalated sql.NullString
		var helpful sql.NullBool
		if err := rows.Scan(&asked, &q.Text, &q.Lang, &q.Answered, &q.Answer, &escalated, &helpful, &q.Reason); err != nil {
			return nil, err
		}
		if q.AskedAt, err = parseTime(asked); err != nil {
			return nil, err
		}
		if escalated.Valid {
			t, err := parseTime(escalated.String)
			if err != nil {
				return nil, err
			}
			q.Escalated = &t
		}
		if !q.Answered {
			q.Answer = "" // the best guess was not shown
		}
		if helpful.Valid {
			q.Vote = "not helpful"
			if helpful.Bool {
				q.Vote = "helpful"
			}
		}
		out = append(out, q)
	}
	return out, rows.Err()
}

// exportHistory is a complaint's audit trail as its complainant may see
// it (see ipdesk.ExportedEventOf).
func exportHistory(ctx context.Context, tx *sql.Tx, complaintID int64, key string) ([]ipdesk.ExportedEvent, error) {
	rows, err := tx.QueryContext(ctx, `SELECT at, actor, role, action, before, after FROM audit WHERE complaint_id = ? ORDER BY id`, complaintID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []ipdesk.ExportedEvent{}
	for rows.Next() {
		var at, role, action string
		var e ipdesk.AuditEntry
		if err := rows.Scan(&at, &e.Actor, &role, &action, &e.Before, &e.After); err != nil {
			return nil, err
		}
		if e.At, err = parseTime(at); err != nil {
			return nil, err
		}
		e.Role, e.Action = ipdesk.Role(role), ipdesk.Action(action)
		if ev, ok := ipdesk.ExportedEventOf(e, key); ok {
			out = append(out, ev)
		}
	}
	return out, rows.Err()
}

// SetLegalHold puts a complaint under legal hold, or with hold false
// releases it, recording the change on its audit trail. It reports
// whether anything changed (holding a held case changes nothing), and
// returns ENOTFOUND for an unknown reference.
func (d *DB) SetLegalHold(ctx context.Context, ref string, hold bool, by ipdesk.Actor, reason string) (bool, error) {
	r, ok := ipdesk.ParseRef(ref)
	if !ok {
		return false, badRef()
	}
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("legal hold: %w", err)
	}
	defer tx.Rollback()
	var id int64
	var status string
	err = tx.QueryRowContext(ctx, `SELECT id, status FROM complaints WHERE ref = ?`, r).Scan(&id, &status)
	if errors.Is(err, sql.ErrNoRows) {
		return false, ipdesk.ErrNoComplaint(r)
	} else if err != nil {
		return false, fmt.Errorf("legal hold: %w", err)
	}
	held, err := heldTx(ctx, tx, id)
	if err != nil {
		return false, fmt.Errorf("legal hold: %w", err)
	}
	if held == hold {
		return false, nil
	}
	now := d.Now().UTC()
	entry := ipdesk.AuditEntry{ComplaintID: id, Ref: r, At: now, Actor: by.Key, Role: by.Role, Platform: by.Platform, Before: status, After: status}
	if hold {
		_, err = tx.ExecContext(ctx, `INSERT INTO complaint_privacy (complaint_id, hold_since, hold_by, hold_reason) VALUES (?, ?, ?, ?)
			ON CONFLICT (complaint_id) DO UPDATE SET hold_since = excluded.hold_since, hold_by = excluded.hold_by, hold_reason = excluded.hold_reason`,
			id, formatTime(now), by.Key, reason)
		entry.Action, entry.Note = ipdesk.ActionLegalHold, reason
	} else {
		_, err = tx.ExecContext(ctx, `UPDATE complaint_privacy SET hold_since = NULL, hold_by = '', hold_reason = '' WHERE complaint_id = ?`, id)
		entry.Action = ipdesk.ActionHoldReleased
	}
	if err != nil {
		return false, fmt.Errorf("legal hold: %w", err)
	}
	if err := appendAudit(ctx, tx, &entry); err != nil {
		return false, fmt.Errorf("legal hold: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("legal hold: %w", err)
	}
	return true, nil
}

// LegalHold returns a complaint's legal hold, or nil when it has none.
func (d *DB) LegalHold(ctx context.Context, ref string) (*ipdesk.LegalHold, error) {
	var since sql.NullString
	var h ipdesk.LegalHold
	err := d.db.QueryRowContext(ctx, `SELECT p.hold_since, p.hold_by, p.hold_reason FROM complaint_privacy p JOIN complaints c ON c.id = p.complaint_id
		WHERE c.ref = ?`, storedRef(ref)).Scan(&since, &h.By, &h.Reason)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !since.Valid) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("legal hold: %w", err)
	}
	if h.Since, err = parseTime(since.String); err != nil {
		return nil, fmt.Errorf("legal hold: %w", err)
	}
	return &h, nil
}

// exportRating is the complainant's rating of how a complaint was handled,
// or nil when they gave none.
func exportRating(ctx context.Context, tx *sql.Tx, complaintID int64) (*ipdesk.ExportedRating, error) {
	var score sql.NullInt64
	var comment string
	var at sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT score, comment, rated_at FROM ratings WHERE complaint_id = ?`, complaintID).Scan(&score, &comment, &at)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !score.Valid) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	r := &ipdesk.ExportedRating{Score: int(score.Int64), Comment: comment}
	if at.Valid {
		if r.At, err = parseTime(at.String); err != nil {
			return nil, err
		}
	}
	return r, nil
}
