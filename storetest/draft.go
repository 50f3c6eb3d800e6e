package storetest

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/ipdesk/ipdesk"
)

// A draft is saved only over the version it was read at: of two saves of
// one reading, the second fails with ErrDraftChanged and changes nothing.
func testDraftSavesOverTheVersionRead(t *testing.T, open Opener) {
	clk := NewClock()
	db := open(t, clk.Now)
	d := testDraft("d1", "consumer1", "ACME Store")
	if err := db.SaveDraft(ctx, d); err != nil {
		t.Fatal(err)
	}
	if d.Version != 1 {
		t.Fatalf("a new draft saved as version %d, want 1", d.Version)
	}
	a, _ := db.Draft(ctx, "console", "consumer1")
	b, _ := db.Draft(ctx, "console", "consumer1")
	a.Step, b.Step = "seller", "order"
	if err := db.SaveDraft(ctx, a); err != nil || a.Version != 2 {
		t.Fatalf("first save of a reading: %v, version %d", err, a.Version)
	}
	if err := db.SaveDraft(ctx, b); !errors.Is(err, ipdesk.ErrDraftChanged) || ipdesk.ErrorCode(err) != ipdesk.ECONFLICT {
		t.Fatalf("second save of the same reading: %v, want ErrDraftChanged", err)
	}
	if got, _ := db.Draft(ctx, "console", "consumer1"); got.Step != "seller" || got.Version != 2 {
		t.Fatalf("stored draft at %s version %d, want the first save's", got.Step, got.Version)
	}
	// A new draft does not replace one the user has.
	if err := db.SaveDraft(ctx, testDraft("d2", "consumer1", "Other")); !errors.Is(err, ipdesk.ErrDraftChanged) {
		t.Fatalf("a second new draft: %v, want ErrDraftChanged", err)
	}
	// A draft removed meanwhile (filed, cancelled, expired) is not saved
	// back.
	if err := db.DeleteDraft(ctx, "console", "consumer1"); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveDraft(ctx, a); !errors.Is(err, ipdesk.ErrDraftChanged) {
		t.Fatalf("save of a deleted draft: %v, want ErrDraftChanged", err)
	}
	if _, err := db.Draft(ctx, "console", "consumer1"); ipdesk.ErrorCode(err) != ipdesk.ENOTFOUND {
		t.Fatalf("a deleted draft came back: %v", err)
	}
}

// Messages of one user handled at once by three replicas: each reads the
// draft, adds its answer and saves, reading again when another save came
// first. No answer is lost.
func testDraftAnswersAcrossReplicasAreNeverLost(t *testing.T, open Opener) {
	clk := NewClock()
	replicas := []Store{open(t, clk.Now), open(t, clk.Now), open(t, clk.Now)}
	if err := replicas[0].SaveDraft(ctx, testDraft("d1", "consumer1", "ACME Store")); err != nil {
		t.Fatal(err)
	}
	const n = 24
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			db := replicas[i%len(replicas)]
			for attempt := 0; ; attempt++ {
				d, err := db.Draft(ctx, "console", "consumer1")
				if err != nil {
					t.Error(err)
					return
				}
				d.History = append(d.History, fmt.Sprintf("answer-%02d", i))
				err = db.SaveDraft(ctx, d)
				if err == nil {
					return
				}
				if !errors.Is(err, ipdesk.ErrDraftChanged) || attempt > 10*n {
					t.Errorf("answer %d: %v after %d attempts", i, err, attempt)
					return
				}
			}
		}()
	}
	wg.Wait()
	d, err := replicas[1].Draft(ctx, "console", "consumer1")
	if err != nil {
		t.Fatal(err)
	}
	var answers []string
	for _, h := range d.History {
		if len(h) > 7 && h[:7] == "answer-" {
			answers = append(answers, h)
		}
	}
	slices.Sort(answers)
	if len(answers) != n || len(slices.Compact(answers)) != n || d.Version != n+1 {
		t.Fatalf("%d answers kept (version %d), want all %d once: %v", len(answers), d.Version, n, answers)
	}
}
