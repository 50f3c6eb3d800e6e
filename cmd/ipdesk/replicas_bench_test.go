package main

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk/postgres/pgtest"
)

// BenchmarkReplicas files complaints end to end, each through the whole
// wizard (15 events: the command, buttons, typed answers, a photo, the
// confirm) from its own consumer in the fake Slack, 25 consumers at a
// time, against ipdesk processes: one on SQLite, and one and three on
// PostgreSQL (IPDESK_TEST_POSTGRES). It reports complaints and events per
// second.
//
//	.ci/postgres.sh go test -run '^$' -bench BenchmarkReplicas -benchtime 200x ./cmd/ipdesk/
func BenchmarkReplicas(b *testing.B) {
	for _, tc := range []struct {
		name     string
		replicas int
		postgres bool
	}{{"sqlite-1", 1, false}, {"postgres-1", 1, true}, {"postgres-3", 3, true}} {
		b.Run(tc.name, func(b *testing.B) {
			dsn := filepath.Join(b.TempDir(), "ipdesk.db")
			if tc.postgres {
				dsn = pgtest.Schema(b)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
			defer cancel()
			c := newClusterOn(b, ctx, tc.replicas, dsn)
			const parallel = 25
			work := make(chan int)
			var wg sync.WaitGroup
			var mu sync.Mutex
			var failed error
			b.ResetTimer()
			start := time.Now()
			for range parallel {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := range work {
						if _, err := c.consumer(fmt.Sprintf("B%05d", i), fmt.Sprintf("Shop %d", i)); err != nil {
							mu.Lock()
							failed = err
							mu.Unlock()
						}
					}
				}()
			}
			for i := range b.N {
				work <- i
			}
			close(work)
			wg.Wait()
			took := time.Since(start)
			b.StopTimer()
			if failed != nil {
				b.Fatal(failed)
			}
			b.ReportMetric(float64(b.N)/took.Seconds(), "complaints/s")
			b.ReportMetric(float64(b.N*15)/took.Seconds(), "events/s")
		})
	}
}
