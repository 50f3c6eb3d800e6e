package sqlite

import (
	"context"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk"
)

// Questions older than the cutoff go with their feedback; newer ones and
// their votes stay, and the reports count only what is left.
func TestPruneQuestionsDeletesOldQuestionsAndTheirFeedback(t *testing.T) {
	db := openTest(t)
	clk := withClock(db)
	ctx := context.Background()
	old := ask(t, db, "U1", "how long does a us trademark last", true)
	if _, err := db.RecordFeedback(ctx, old, "slack", "U1", false); err != nil {
		t.Fatal(err)
	}
	oldGap := ask(t, db, "U2", "can i sell a parody t-shirt", false)
	clk.Add(100 * 24 * time.Hour)
	kept := ask(t, db, "U3", "how long does a us trademark last", true)
	if _, err := db.RecordFeedback(ctx, kept, "slack", "U3", false); err != nil {
		t.Fatal(err)
	}
	clk.Add(81 * 24 * time.Hour) // the first two are now 181 days old

	n, err := db.PruneQuestions(ctx, clk.Now().Add(-180*24*time.Hour))
	if err != nil || n != 2 {
		t.Fatalf("PruneQuestions = %d, %v; want 2 deleted", n, err)
	}
	for _, id := range []int64{old, oldGap} {
		if _, err := db.Question(ctx, id); ipdesk.ErrorCode(err) != ipdesk.ENOTFOUND {
			t.Errorf("question %d after the sweep: %v, want ENOTFOUND", id, err)
		}
	}
	if _, err := db.Question(ctx, kept); err != nil {
		t.Errorf("question asked 81 days ago was deleted: %v", err)
	}
	var votes int
	if err := db.db.QueryRow(`SELECT COUNT(*) FROM question_feedback`).Scan(&votes); err != nil || votes != 1 {
		t.Errorf("%d feedback rows left (%v), want only the vote on the kept question", votes, err)
	}
	bad, err := db.UnhelpfulAnswers(ctx, 0)
	if err != nil || len(bad) != 1 || bad[0].Unhelpful != 1 {
		t.Errorf("unhelpful answers after the sweep = %+v, %v; want one vote", bad, err)
	}
	if gaps, err := db.QuestionGaps(ctx, 0); err != nil || len(gaps) != 0 {
		t.Errorf("gaps after the sweep = %+v, %v; want none", gaps, err)
	}
	// A vote on a deleted question is told it is gone, not stored.
	if _, err := db.RecordFeedback(ctx, old, "slack", "U1", true); ipdesk.ErrorCode(err) != ipdesk.ENOTFOUND {
		t.Errorf("vote on a deleted question: %v, want ENOTFOUND", err)
	}
	if n, err := db.PruneQuestions(ctx, clk.Now().Add(-180*24*time.Hour)); err != nil || n != 0 {
		t.Errorf("second sweep = %d, %v; want nothing to do", n, err)
	}
}
