package postgres

import (
	"context"
	"io/fs"
	"testing"
	"testing/fstest"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/postgres/pgtest"
)

// A database that logged questions before pseudonyms had a secret (its
// rows keep ipdesk.HashUser) is re-keyed by the privacy migration: every
// row becomes the pseudonym the same person gets from now on, so their
// earlier votes are still theirs, and the unsalted hash is gone.
func TestPseudonymMigrationRekeysTheQuestionLog(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.Schema(t)
	older := fstest.MapFS{}
	names, _ := fs.Glob(migrationFS, "migration/*.sql")
	for _, n := range names {
		if n < "migration/0008" {
			data, _ := fs.ReadFile(migrationFS, n)
			older[n] = &fstest.MapFile{Data: data}
		}
	}
	db, err := openWith(ctx, dsn, older, false)
	if err != nil {
		t.Fatal(err)
	}
	legacy := ipdesk.HashUser("slack", "U1")
	for i, text := range []string{"how long does a trademark last", "what is a design patent"} {
		if _, err := db.pool.Exec(ctx, `INSERT INTO questions (id, platform, user_hash, text, normalized, lang, answered, asked_at) VALUES ($1, 'slack', $2, $3, $3, 'en', true, now())`,
			i+1, legacy, text); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.pool.Exec(ctx, `INSERT INTO question_feedback (question_id, user_hash, helpful, voted_at) VALUES (1, $1, false, now())`, legacy); err != nil {
		t.Fatal(err)
	}
	db.Close()

	db = openTest(t, dsn)
	p := db.Pseudonym("slack", "U1")
	if p == legacy || len(db.secret) != ipdesk.SecretSize {
		t.Fatalf("pseudonym %q (legacy %q), secret of %d bytes", p, legacy, len(db.secret))
	}
	var n int
	if err := db.pool.QueryRow(ctx, `SELECT (SELECT COUNT(*) FROM questions WHERE user_hash = $1) + (SELECT COUNT(*) FROM question_feedback WHERE user_hash = $1)`, legacy).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d rows keep the unsalted hash (%v)", n, err)
	}
	q, err := db.Question(ctx, 1)
	if err != nil || q.UserHash != p {
		t.Fatalf("question 1 = %+v, %v; want the asker's pseudonym", q, err)
	}
	if changed, err := db.RecordFeedback(ctx, 1, "slack", "U1", true); err != nil || !changed {
		t.Errorf("vote again = %v, %v; want a change of the re-keyed vote", changed, err)
	}
	// Another installation (schema) keys the same person otherwise.
	if other := openTest(t, pgtest.Schema(t)); other.Pseudonym("slack", "U1") == p {
		t.Error("two installations give a person the same pseudonym")
	}
}

// Audit rows can only have who acted replaced by an anonymous id and a note
// by "(removed)"; nothing else of them changes, and none is deleted.
func TestAuditRedactionIsTheOnlyUpdate(t *testing.T) {
	ctx := context.Background()
	db := openTest(t, pgtest.Schema(t))
	if err := db.AppendAudit(ctx, ipdesk.AuditEntry{Ref: "IPD-NONE0", Actor: "console:x", Role: ipdesk.RoleUser, Action: ipdesk.ActionRefused, Note: "withdraw"}); err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{
		`UPDATE audit SET note = 'x'`,
		`UPDATE audit SET action = 'approve'`,
		`UPDATE audit SET actor = 'console:someone'`,
		`UPDATE audit SET after = 'approved', actor = 'anon-1'`,
		`UPDATE audit SET complaint_id = NULL, ref = 'IPD-OTHER', actor = 'anon-1'`,
		`DELETE FROM audit`,
	} {
		if _, err := db.pool.Exec(ctx, stmt); err == nil {
			t.Errorf("%s: allowed", stmt)
		}
	}
	if _, err := db.pool.Exec(ctx, `UPDATE audit SET actor = 'anon-0123', note = '(removed)'`); err != nil {
		t.Errorf("redaction refused: %v", err)
	}
	trail, err := db.AuditTrail(ctx, "IPD-NONE0")
	if err != nil || len(trail) != 1 || trail[0].Actor != "anon-0123" || trail[0].Note != ipdesk.Removed || trail[0].Action != ipdesk.ActionRefused {
		t.Errorf("trail after redaction = %+v, %v", trail, err)
	}
}
