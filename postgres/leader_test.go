package postgres

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk/postgres/pgtest"
)

// Three replicas run for the leader lock: one leads at a time, and when
// the leader's connection dies (as when its process is killed) another
// takes over within the poll interval, well inside 30 seconds.
func TestLeaderElectionAndTakeover(t *testing.T) {
	dsn := pgtest.Schema(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var leading atomic.Int32
	var mu sync.Mutex
	var leaders []int
	started := make(chan int, 10)
	var wg sync.WaitGroup
	dbs := make([]*DB, 3)
	for i := range dbs {
		dbs[i] = openTest(t, dsn)
		wg.Add(1)
		go func() {
			defer wg.Done()
			dbs[i].Lead(ctx, "background", 200*time.Millisecond, nil, func(ctx context.Context) {
				if n := leading.Add(1); n != 1 {
					t.Errorf("%d leaders at once", n)
				}
				mu.Lock()
				leaders = append(leaders, i)
				mu.Unlock()
				started <- i
				<-ctx.Done()
				leading.Add(-1)
			})
		}()
	}
	first := <-started
	// Kill the leader's lock connection from the server side, as the
	// server does when the leader's process dies: only the holder of this
	// schema's leader lock (a bigint advisory lock shows its key's high
	// and low halves as classid and objid), since other tests share the
	// server at the same time and hold leader locks of their own.
	admin := openTest(t, dsn)
	tag, err := admin.pool.Exec(context.Background(), `SELECT pg_terminate_backend(pid) FROM pg_locks
		WHERE locktype = 'advisory' AND granted AND pid != pg_backend_pid() AND objsubid = 1
		AND ((classid::bigint << 32) | objid::bigint) = `+lockKey, "leader:background")
	if err != nil {
		t.Fatal(err)
	}
	if tag.RowsAffected() != 1 {
		t.Fatalf("%d holders of this test's leader lock, want 1", tag.RowsAffected())
	}
	began := time.Now()
	select {
	case next := <-started:
		if took := time.Since(began); took > 30*time.Second {
			t.Errorf("takeover took %v", took)
		}
		t.Logf("replica %d took over from replica %d after %v", next, first, time.Since(began).Round(time.Millisecond))
	case <-time.After(30 * time.Second):
		t.Fatal("no replica took over within 30 s")
	}
	cancel()
	wg.Wait()
	if leading.Load() != 0 {
		t.Errorf("%d leaders still running after shutdown", leading.Load())
	}
}
