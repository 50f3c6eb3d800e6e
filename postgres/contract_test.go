package postgres

import (
	"context"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk/postgres/pgtest"
	"github.com/ipdesk/ipdesk/storetest"
)

// openSchema returns an opener of the fresh schema dsn: each call is one
// more replica on it.
func openSchema(dsn string) storetest.Opener {
	return func(t *testing.T, now func() time.Time) storetest.Store {
		t.Helper()
		db, err := Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		db.Now = now
		t.Cleanup(func() { db.Close() })
		return db
	}
}

func TestContract(t *testing.T) {
	pgtest.URL(t)
	storetest.Run(t, func(t *testing.T) storetest.Opener { return openSchema(pgtest.Schema(t)) })
}
