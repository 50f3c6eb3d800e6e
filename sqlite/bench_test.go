package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fileWorkers is how many filings are in flight at once in
// BenchmarkFileComplaints, as many as the chat benchmarks' members.
const fileWorkers = 50

// BenchmarkFileComplaints files b.N complaints into a database file, from
// fileWorkers goroutines at once, as the wizard does at its last step: the
// finished draft is saved, then filed (the complaint row with its unique
// reference, the audit entry, the draft removed, in one transaction). It
// then checks that every complaint is in the file, each once, and reports
// filings/s.
//
//	go test -run '^$' -bench FileComplaints ./sqlite
func BenchmarkFileComplaints(b *testing.B) {
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "ipdesk.db")
	db, err := Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	var next atomic.Int64
	var failed atomic.Value
	refs := make([][]string, fileWorkers)
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for w := range fileWorkers {
		wg.Go(func() {
			for {
				k := next.Add(1) - 1
				if k >= int64(b.N) {
					return
				}
				user := fmt.Sprintf("U%d", k)
				draft := testDraft(fmt.Sprintf("draft-%d", k), user, fmt.Sprintf("seller %d", k%97))
				if err := db.SaveDraft(ctx, draft); err != nil {
					failed.CompareAndSwap(nil, err)
					return
				}
				c, created, err := db.FileDraft(ctx, "console", user, draft.ID)
				if err != nil || !created {
					failed.CompareAndSwap(nil, fmt.Errorf("file %s: created %v, %v", draft.ID, created, err))
					return
				}
				refs[w] = append(refs[w], c.Ref)
			}
		})
	}
	wg.Wait()
	took := time.Since(start)
	b.StopTimer()
	if err, _ := failed.Load().(error); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/took.Seconds(), "filings/s")

	// None lost, none doubled: every reference handed out names its own
	// complaint, and the file holds exactly b.N of them.
	seen := map[string]bool{}
	for _, rs := range refs {
		for _, ref := range rs {
			if seen[ref] {
				b.Fatalf("reference %s handed out twice", ref)
			}
			seen[ref] = true
		}
	}
	var n int
	if err := db.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM complaints`).Scan(&n); err != nil {
		b.Fatal(err)
	}
	if n != b.N || len(seen) != b.N {
		b.Fatalf("%d filings, %d references, %d complaints in the file", b.N, len(seen), n)
	}
}
