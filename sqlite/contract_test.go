package sqlite

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk/storetest"
)

func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Opener {
		path := filepath.Join(t.TempDir(), "ipdesk.db")
		return func(t *testing.T, now func() time.Time) storetest.Store {
			t.Helper()
			db, err := Open(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			db.Now = now
			t.Cleanup(func() { db.Close() })
			return db
		}
	})
}
