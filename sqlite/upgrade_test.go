package sqlite

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"path/filepath"
	"sort"
	"testing"
	"testing/fstest"
	"time"

	"github.com/ipdesk/ipdesk"
)

// replicaMigrations are the migrations that came with running several
// replicas: numbered after every migration of the release before, so that
// a database that release made takes them last.
var replicaMigrations = []string{"migration/0090_draft_version.sql", "migration/0091_inbox.sql"}

// A database made by the release before several replicas (every migration
// but the draft versions and the inbox) upgrades in place: the two are
// applied after all the others, and what was there (a draft in progress,
// a person's chosen language, a logged question under its pseudonym) is
// read and changed as before.
func TestUpgradeFromTheReleaseBeforeReplicas(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ipdesk.db")
	names, err := fs.Glob(migrationFS, "migration/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(names)
	older := fstest.MapFS{}
	var last string
	newer := 0
	for _, n := range names {
		if n == replicaMigrations[0] || n == replicaMigrations[1] {
			continue
		}
		if n > replicaMigrations[len(replicaMigrations)-1] {
			newer++ // of a later release, applied after the replica migrations
			continue
		}
		if n > replicaMigrations[0] {
			t.Fatalf("%s sorts after %s: a database of the release before would take it after the replica migrations", n, replicaMigrations[0])
		}
		data, err := fs.ReadFile(migrationFS, n)
		if err != nil {
			t.Fatal(err)
		}
		older[n] = &fstest.MapFile{Data: data}
		last = n
	}
	if len(older) != len(names)-len(replicaMigrations)-newer {
		t.Fatalf("the replica migrations %v are not all in %v", replicaMigrations, names)
	}

	db, err := open(ctx, path, older)
	if err != nil {
		t.Fatalf("migrate as the release before: %v", err)
	}
	// What the release before left: a draft row as it wrote drafts (no
	// version), a chosen language, a question.
	dr := testDraft("d-upgrade", "consumer1", "ACME Outlet")
	state, err := json.Marshal(dr)
	if err != nil {
		t.Fatal(err)
	}
	at := formatTime(time.Now().Add(-time.Hour))
	if _, err := db.db.ExecContext(ctx, `INSERT INTO drafts (platform, user_id, id, place, step, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		dr.Platform, dr.UserID, dr.ID, dr.Place, dr.Step, string(state), at, at); err != nil {
		t.Fatal(err)
	}
	if err := db.SetUserLang(ctx, "slack:U1", "zh", true); err != nil {
		t.Fatal(err)
	}
	// The question as the release before logged it: with no conversation,
	// a column it did not have.
	pseudonym := db.Pseudonym("slack", "U1")
	res, err := db.db.ExecContext(ctx, `INSERT INTO questions (platform, user_hash, text, normalized, lang, answered, asked_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		"slack", pseudonym, "how long does a trademark last", "how long does a trademark last", "en", false, formatTime(time.Now()))
	if err != nil {
		t.Fatal(err)
	}
	qid, err := res.LastInsertId()
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	db = openAt(t, path)
	defer db.Close()
	var applied []string
	rows, err := db.db.QueryContext(ctx, `SELECT name FROM migrations ORDER BY rowid`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		applied = append(applied, n)
	}
	rows.Close()
	tail := applied[:len(applied)-newer]
	if len(applied) != len(names) || tail[len(tail)-3] != last ||
		tail[len(tail)-2] != replicaMigrations[0] || tail[len(tail)-1] != replicaMigrations[1] {
		t.Fatalf("migrations applied in this order: %v; want the release before's, then %v", applied, replicaMigrations)
	}

	got, err := db.Draft(ctx, dr.Platform, dr.UserID)
	if err != nil {
		t.Fatalf("the draft in progress after the upgrade: %v", err)
	}
	if got.Version != 1 || got.Answers.Seller != "ACME Outlet" || got.Step != dr.Step {
		t.Fatalf("draft after the upgrade = version %d, seller %q, step %q", got.Version, got.Answers.Seller, got.Step)
	}
	// It is saved over the version it was read at; a save over the same
	// version again lost to it.
	stale := *got
	got.Answers.Seller = "ACME Store"
	if err := db.SaveDraft(ctx, got); err != nil {
		t.Fatalf("save the upgraded draft: %v", err)
	}
	stale.Answers.Seller = "Another Shop"
	if err := db.SaveDraft(ctx, &stale); !errors.Is(err, ipdesk.ErrDraftChanged) {
		t.Fatalf("a save over the version another save replaced = %v, want ErrDraftChanged", err)
	}
	// The inbox takes events.
	if fresh, err := db.ReceiveEvent(ctx, "slack:EvAfterUpgrade", "replica", []byte(`{}`), time.Now().Add(time.Minute)); err != nil || !fresh {
		t.Fatalf("receive an event after the upgrade = %v, %v", fresh, err)
	}
	if lang, chosen, err := db.UserLang(ctx, "slack:U1"); err != nil || lang != "zh" || !chosen {
		t.Errorf("language after the upgrade = %q, %v, %v", lang, chosen, err)
	}
	if db.Pseudonym("slack", "U1") != pseudonym {
		t.Error("the pseudonym secret changed in the upgrade")
	}
	if q, err := db.Question(ctx, qid); err != nil || q.UserHash != pseudonym || q.Conversation != "" {
		t.Errorf("question after the upgrade = %+v, %v", q, err)
	}
	// It was asked somewhere the log does not know: no follow-up, in a
	// direct message or in a channel, is read with it.
	for _, channel := range []string{"D1", "C1"} {
		if q, err := db.LastQuestion(ctx, "slack", "U1", db.ConversationPseudonym("slack", "U1", channel, ""), time.Time{}); ipdesk.ErrorCode(err) != ipdesk.ENOTFOUND {
			t.Errorf("last question in %s after the upgrade = %+v, %v; want ENOTFOUND", channel, q, err)
		}
	}
}
