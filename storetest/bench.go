package storetest

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// FileWorkers is how many filings FileComplaints keeps in flight at once,
// as many as the chat benchmarks' members.
const FileWorkers = 50

// FileComplaints files b.N complaints from FileWorkers goroutines at once,
// spread over dbs (replicas of one database), as the wizard does at its
// last step: the finished draft is saved, then filed (the complaint with
// its unique reference, the repeat count, the audit row, the draft
// removed, in one transaction). It then checks that every reference was
// handed out once and that count finds exactly b.N complaints, and
// reports filings/s. Each store's BenchmarkFileComplaints runs it.
func FileComplaints(b *testing.B, dbs []Store, count func(ctx context.Context) (int, error)) {
	b.Helper()
	var next atomic.Int64
	var failed atomic.Value
	refs := make([][]string, FileWorkers)
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for w := range FileWorkers {
		db := dbs[w%len(dbs)]
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
				c, created, err := db.FileDraft(ctx, draft.Platform, user, draft.ID)
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

	// None lost, none doubled.
	seen := map[string]bool{}
	for _, rs := range refs {
		for _, ref := range rs {
			if seen[ref] {
				b.Fatalf("reference %s handed out twice", ref)
			}
			seen[ref] = true
		}
	}
	n, err := count(ctx)
	if err != nil {
		b.Fatal(err)
	}
	if n != b.N || len(seen) != b.N {
		b.Fatalf("%d filings, %d references, %d complaints stored", b.N, len(seen), n)
	}
}
