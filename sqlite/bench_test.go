package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/ipdesk/ipdesk/storetest"
)

// BenchmarkFileComplaints files b.N complaints into a database file, from
// storetest.FileWorkers goroutines at once, as the wizard does at its last
// step, checks that every complaint is in the file once, and reports
// filings/s (see storetest.FileComplaints).
//
//	go test -run '^$' -bench FileComplaints ./sqlite
func BenchmarkFileComplaints(b *testing.B) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(b.TempDir(), "ipdesk.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	storetest.FileComplaints(b, []storetest.Store{db}, func(ctx context.Context) (n int, err error) {
		err = db.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM complaints`).Scan(&n)
		return n, err
	})
}
