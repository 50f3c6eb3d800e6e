package sqlite

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk"
)

// benchDB is a database of n complaints by n/5 people, half of them closed
// long ago, and ten questions per person.
func benchDB(b *testing.B, n int) *DB {
	b.Helper()
	db := openTestB(b)
	clk := withClock(db)
	ctx := context.Background()
	for i := 0; i < n; i++ {
		user := fmt.Sprintf("U%d", i%(n/5))
		d := testDraft(fmt.Sprintf("d%d", i), user, fmt.Sprintf("Shop %d", i%50))
		if err := db.SaveDraft(ctx, d); err != nil {
			b.Fatal(err)
		}
		c, _, err := db.FileDraft(ctx, "console", user, d.ID)
		if err != nil {
			b.Fatal(err)
		}
		if i%2 == 0 {
			if _, err := db.UpdateComplaint(ctx, c.Ref, func(c *ipdesk.Complaint) (ipdesk.AuditEntry, error) {
				return c.Apply(ipdesk.Change{Action: ipdesk.ActionWithdraw, By: ipdesk.Actor{Key: c.Complainant(), Platform: "console", Role: ipdesk.RoleUser}}, db.Now())
			}); err != nil {
				b.Fatal(err)
			}
		}
		if i < n/5 {
			for k := 0; k < 10; k++ {
				if _, err := db.RecordQuestion(ctx, &ipdesk.Question{Platform: "console", UserID: user, Text: fmt.Sprintf("question %d of %s", k, user), Lang: "en"}); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	clk.Add(3 * 365 * 24 * time.Hour)
	return db
}

func openTestB(b *testing.B) *DB {
	b.Helper()
	db, err := Open(context.Background(), b.TempDir()+"/ipdesk.db")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}

// BenchmarkAnonymiseClosed measures one batch of the retention sweep (200
// closed complaints anonymised, in a database of 5,000).
func BenchmarkAnonymiseClosed(b *testing.B) {
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db := benchDB(b, 5000)
		b.StartTimer()
		refs, _, err := db.AnonymiseClosed(context.Background(), db.Now().Add(-730*24*time.Hour), 200)
		if err != nil || len(refs) != 200 {
			b.Fatalf("anonymised %d, %v", len(refs), err)
		}
	}
}

// BenchmarkForgetUser measures a deletion request for a person with ten
// questions and five complaints, in a database of 5,000 complaints and
// 10,000 questions.
func BenchmarkForgetUser(b *testing.B) {
	db := benchDB(b, 5000)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		user := fmt.Sprintf("U%d", i%1000)
		if _, err := db.ForgetUser(ctx, "console", user, ipdesk.Actor{Key: "console:" + user, Platform: "console", Role: ipdesk.RoleUser}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExportUser measures "my data" for a person with ten questions
// and five complaints, in the same database.
func BenchmarkExportUser(b *testing.B) {
	db := benchDB(b, 5000)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		user := fmt.Sprintf("U%d", i%1000)
		x, err := db.ExportUser(ctx, "console", user, ipdesk.Actor{Key: "console:" + user, Platform: "console", Role: ipdesk.RoleUser})
		if err != nil || len(x.Complaints) != 5 {
			b.Fatalf("export: %d complaints, %v", len(x.Complaints), err)
		}
	}
}
