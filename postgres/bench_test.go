package postgres

import (
	"context"
	"fmt"
	"testing"

	"github.com/ipdesk/ipdesk/postgres/pgtest"
	"github.com/ipdesk/ipdesk/storetest"
)

// BenchmarkFileComplaints files b.N complaints, from storetest.FileWorkers
// goroutines at once, as the wizard does at its last step, through one
// replica's pool and through three replicas' pools on the same database
// (the workers spread over them). It checks that every complaint is in the
// database once and reports filings/s (see storetest.FileComplaints); the
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
			dbs := make([]storetest.Store, replicas)
			var first *DB
			for i := range dbs {
				db, err := Open(ctx, dsn)
				if err != nil {
					b.Fatal(err)
				}
				defer db.Close()
				dbs[i] = db
				if first == nil {
					first = db
				}
			}
			storetest.FileComplaints(b, dbs, func(ctx context.Context) (n int, err error) {
				err = first.pool.QueryRow(ctx, `SELECT COUNT(*) FROM complaints`).Scan(&n)
				return n, err
			})
		})
	}
}
