package postgres

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/postgres/pgtest"
)

// fileWorkers is how many filings are in flight at once, as in the SQLite
// store's BenchmarkFileComplaints.
const fileWorkers = 50

// BenchmarkFileComplaints files b.N complaints, from fileWorkers goroutines
// at once, as the wizard does at its last step (the finished draft saved,
// then filed: the complaint with its unique reference, the repeat count
// under the seller's lock, the audit row, the draft removed, in one
// transaction), through one replica's pool and through three replicas'
// pools on the same database (the workers spread over them). It checks
// that every complaint is in the database once and reports filings/s; the
// SQLite store's benchmark of the same name is the figure to set beside
// it.
//
//	.ci/postgres.sh go test -run '^$' -bench FileComplaints ./postgres
func BenchmarkFileComplaints(b *testing.B) {
	pgtest.URL(b)
	for _, replicas := range []int{1, 3} {
		b.Run(fmt.Sprintf("replicas-%d", replicas), func(b *testing.B) {
			ctx := context.Background()
			dsn := pgtest.Schema(b)
			dbs := make([]*DB, replicas)
			for i := range dbs {
				db, err := Open(ctx, dsn)
				if err != nil {
					b.Fatal(err)
				}
				defer db.Close()
				dbs[i] = db
			}
			var next atomic.Int64
			var failed atomic.Value
			refs := make([][]string, fileWorkers)
			b.ReportAllocs()
			b.ResetTimer()
			start := time.Now()
			var wg sync.WaitGroup
			for w := range fileWorkers {
				db := dbs[w%replicas]
				wg.Go(func() {
					for {
						k := next.Add(1) - 1
						if k >= int64(b.N) {
							return
						}
						user := fmt.Sprintf("U%d", k)
						draft := &ipdesk.Draft{ID: fmt.Sprintf("draft-%d", k), Platform: "console", UserID: user, Place: "console:@" + user, Step: "confirm",
							Answers: ipdesk.Complaint{Kind: ipdesk.KindCounterfeit, Marketplace: "amazon", Seller: fmt.Sprintf("seller %d", k%97),
								ListingURLs: []string{"https://www.amazon.com/dp/B0EXAMPLE1"}, Problem: "The logo is misprinted and the stitching is loose.",
								Remedy: ipdesk.RemedyCompensation, Amount: 4999, Currency: "USD",
								Evidence: []ipdesk.Evidence{{Name: "label.jpg", Type: "image/jpeg", Size: 1234, SHA256: strings.Repeat("ab", 32)}}}}
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
			if err := dbs[0].pool.QueryRow(ctx, `SELECT COUNT(*) FROM complaints`).Scan(&n); err != nil {
				b.Fatal(err)
			}
			if n != b.N || len(seen) != b.N {
				b.Fatalf("%d filings, %d references, %d complaints in the database", b.N, len(seen), n)
			}
		})
	}
}
