package evidence

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
)

// Remove deletes the file stored under a hash, once no complaint keeps it
// (the retention sweep, a deletion request). Removing a hash with nothing
// stored under it is not an error: a file is gone either way.
func (s *Store) Remove(sum string) error {
	sum = strings.ToLower(sum)
	if !sha256Hex.MatchString(sum) {
		return fmt.Errorf("evidence store: %q is not a SHA-256", sum)
	}
	if err := os.Remove(s.path(sum)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("evidence store: %w", err)
	}
	return nil
}
