package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk"
)

func openJournal(t *testing.T, db *DB) *Journal {
	t.Helper()
	j, err := db.OpenJournal(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { j.Close() })
	return j
}

func journalRows(t *testing.T, db *DB, table string) int {
	t.Helper()
	var n int
	if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A claim is in the file when Claim returns, and of many claims of one
// delivery at once exactly one wins, as with DB.Claim.
func TestJournalClaimIsDurableAndExclusive(t *testing.T) {
	db := openTest(t)
	j := openJournal(t, db)
	ctx := context.Background()
	fresh, err := j.Claim(ctx, "slack:Ev1")
	if err != nil || !fresh {
		t.Fatalf("first claim: %v, %v", fresh, err)
	}
	if n := journalRows(t, db, `deliveries WHERE id = 'slack:Ev1'`); n != 1 {
		t.Fatalf("claim returned before it was committed (%d rows)", n)
	}
	var wins atomic.Int32
	var wg sync.WaitGroup
	for range 50 {
		wg.Go(func() {
			f, err := j.Claim(ctx, "slack:Ev2")
			if err != nil {
				t.Error(err)
			}
			if f {
				wins.Add(1)
			}
		})
	}
	wg.Wait()
	if wins.Load() != 1 {
		t.Fatalf("%d of 50 claims of one delivery won, want 1", wins.Load())
	}
	if fresh, err := j.Claim(ctx, "slack:Ev1"); err != nil || fresh {
		t.Fatalf("claim of a claimed delivery: %v, %v", fresh, err)
	}
	if err := j.Release(ctx, "slack:Ev1"); err != nil {
		t.Fatal(err)
	}
	if fresh, err := j.Claim(ctx, "slack:Ev1"); err != nil || !fresh {
		t.Fatalf("claim after release: %v, %v", fresh, err)
	}
}

// Claims that arrive while a batch is being written are committed
// together in the next transaction, not one transaction each.
func TestJournalCommitsClaimsTogether(t *testing.T) {
	var commits atomic.Int32
	db, err := OpenWith(context.Background(), filepath.Join(t.TempDir(), "ipdesk.db"), Options{Observe: func(op string, _ time.Duration, _ error) {
		if op == "commit" {
			commits.Add(1)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	j := openJournal(t, db)
	ctx := context.Background()

	// A transaction elsewhere holds the write lock, so the writer waits
	// with the first claim while the others queue behind it.
	tx, err := db.SQL().BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var started atomic.Int32
	for i := range 100 {
		wg.Go(func() {
			started.Add(1)
			if fresh, err := j.Claim(ctx, fmt.Sprintf("ev-%d", i)); err != nil || !fresh {
				t.Errorf("claim %d: %v, %v", i, fresh, err)
			}
		})
	}
	// Wait until every claim is queued: all started, and the queue has
	// stopped growing.
	for started.Load() < 100 {
		time.Sleep(time.Millisecond)
	}
	for n := -1; n != len(j.ops); {
		n = len(j.ops)
		time.Sleep(50 * time.Millisecond)
	}
	before := commits.Load()
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	// The writer took the first claims before it waited for the lock,
	// and the rest after: two transactions at most.
	if n := commits.Load() - before - 1; n < 1 || n > 2 {
		t.Fatalf("100 claims took %d commits, want 1 or 2", n)
	}
	if n := journalRows(t, db, "deliveries"); n != 100 {
		t.Fatalf("%d claims in the file, want 100", n)
	}
}

// A question gets its id at once; a read through the journal finds it,
// with the asker kept only as a hash, and Close commits what is queued.
func TestJournalRecordsQuestions(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ipdesk.db")
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	j, err := db.OpenJournal(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := j.RecordQuestion(ctx, &ipdesk.Question{Platform: "slack", UserID: "U1", Text: "   "}); ipdesk.ErrorCode(err) != ipdesk.EINVALID {
		t.Fatalf("empty question: %v", err)
	}
	ids := map[int64]bool{}
	var last int64
	conv := j.ConversationPseudonym("slack", "U1", "D1", "")
	for i := range 300 {
		id, err := j.RecordQuestion(ctx, &ipdesk.Question{Platform: "slack", UserID: "U1", Conversation: conv,
			Text: fmt.Sprintf("how long does trademark %d last?", i), Lang: "en", Answered: true})
		if err != nil {
			t.Fatal(err)
		}
		if ids[id] || id <= last {
			t.Fatalf("question %d got id %d after %d", i, id, last)
		}
		ids[id], last = true, id
	}
	// The asker's latest question is found as soon as its id is handed
	// out, as the question before a follow-up must be.
	if lq, err := j.LastQuestion(ctx, "slack", "U1", conv, time.Time{}); err != nil || lq.ID != last {
		t.Fatalf("last question = %+v, %v; want question %d", lq, err, last)
	}
	q, err := j.Question(ctx, last)
	if err != nil {
		t.Fatal(err)
	}
	if q.Text != "how long does trademark 299 last?" || q.UserHash != db.Pseudonym("slack", "U1") || q.UserID != "" || q.AskedAt.IsZero() ||
		q.Conversation != conv {
		t.Fatalf("question as stored: %+v", q)
	}
	if changed, err := j.RecordFeedback(ctx, last, "slack", "U1", true); err != nil || changed {
		t.Fatalf("feedback: %v, %v", changed, err)
	}
	for range 50 {
		if _, err := j.RecordQuestion(ctx, &ipdesk.Question{Platform: "discord", UserID: "9", Text: "刚问的问题", Lang: "zh"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := j.RecordQuestion(ctx, &ipdesk.Question{Platform: "slack", UserID: "U1", Text: "after close"}); err == nil {
		t.Fatal("a question was taken after Close")
	}
	db.Close()
	db, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n := journalRows(t, db, "questions"); n != 350 {
		t.Fatalf("%d questions in the file after Close, want 350", n)
	}
}

// Ids handed out for questions whose rows a crash lost are not handed out
// again: an answer's buttons never come to name someone else's question.
func TestJournalNeverReusesIDs(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	j, err := db.OpenJournal(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	var handed []int64
	for i := range 20 {
		id, err := j.RecordQuestion(ctx, &ipdesk.Question{Platform: "slack", UserID: "U1", Text: fmt.Sprintf("question %d", i)})
		if err != nil {
			t.Fatal(err)
		}
		handed = append(handed, id)
	}
	j.Close()
	// A crash lost the last ten rows after their answers were shown.
	if _, err := db.SQL().Exec(`DELETE FROM questions WHERE id > ?`, handed[9]); err != nil {
		t.Fatal(err)
	}
	j2 := openJournal(t, db)
	id, err := j2.RecordQuestion(ctx, &ipdesk.Question{Platform: "slack", UserID: "U2", Text: "a new question"})
	if err != nil {
		t.Fatal(err)
	}
	if id <= handed[len(handed)-1] {
		t.Fatalf("after a restart the new question got id %d, already handed out (last %d)", id, handed[len(handed)-1])
	}
}
