//go:build !sqlite_fts5

package knowledge

import (
	"context"
	"errors"
	"testing"
)

// TestOpenWithoutFTS5 runs only in a build without the sqlite_fts5 tag and
// checks that the index then refuses to start with a one-line hint.
func TestOpenWithoutFTS5(t *testing.T) {
	_, err := Open(context.Background(), Options{})
	if !errors.Is(err, ErrNoFTS5) {
		t.Fatalf("Open = %v, want %v", err, ErrNoFTS5)
	}
}
