package evidence_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/ipdesk/ipdesk/evidence"
)

var jpegBytes = append([]byte("\xff\xd8\xff\xe0"), bytes.Repeat([]byte("photo"), 100)...)

func sum(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }

func TestPutKeepsContentUnderItsHash(t *testing.T) {
	s, err := evidence.Open(filepath.Join(t.TempDir(), "evidence"))
	if err != nil {
		t.Fatal(err)
	}
	sv, err := s.Put(context.Background(), bytes.NewReader(jpegBytes), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if sv.SHA256 != sum(jpegBytes) || sv.Size != int64(len(jpegBytes)) || sv.Type != "image/jpeg" {
		t.Fatalf("saved = %+v", sv)
	}
	got, err := s.ReadAll(sv.SHA256)
	if err != nil || !bytes.Equal(got, jpegBytes) {
		t.Fatalf("read back %d bytes, %v", len(got), err)
	}
	// The same content again is the same file; a PDF sniffs as one.
	if again, err := s.Put(context.Background(), bytes.NewReader(jpegBytes), 1<<20); err != nil || again != sv {
		t.Fatalf("second put = %+v, %v", again, err)
	}
	pdf := []byte("%PDF-1.7\n1 0 obj <<>> endobj\n")
	if sv, err := s.Put(context.Background(), bytes.NewReader(pdf), 1<<20); err != nil || sv.Type != "application/pdf" {
		t.Fatalf("pdf = %+v, %v", sv, err)
	}
	// No leftovers of the writes.
	entries, _ := os.ReadDir(s.Dir())
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".incoming") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
}

func TestPutRefusesTooLargeAndFailedReads(t *testing.T) {
	s, _ := evidence.Open(t.TempDir())
	if _, err := s.Put(context.Background(), bytes.NewReader(make([]byte, 101)), 100); !errors.Is(err, evidence.ErrTooLarge) {
		t.Fatalf("101 bytes with a limit of 100 = %v", err)
	}
	if _, err := s.Put(context.Background(), io.MultiReader(bytes.NewReader(jpegBytes), errReader{}), 1<<20); err == nil {
		t.Fatal("a failed read was kept")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Put(ctx, bytes.NewReader(jpegBytes), 1<<20); err == nil {
		t.Fatal("a cancelled read was kept")
	}
	n := 0
	filepath.Walk(s.Dir(), func(p string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			n++
		}
		return nil
	})
	if n != 0 {
		t.Fatalf("%d files kept after failures", n)
	}
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("connection reset") }

func TestOpenDetectsChangedFilesAndBadNames(t *testing.T) {
	s, _ := evidence.Open(t.TempDir())
	sv, _ := s.Put(context.Background(), bytes.NewReader(jpegBytes), 1<<20)
	p, err := s.Path(sv.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	os.Chmod(p, 0o600)
	if err := os.WriteFile(p, []byte("tampered"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ReadAll(sv.SHA256); err == nil || !strings.Contains(err.Error(), "changed on disk") {
		t.Fatalf("a changed file read back as %v", err)
	}
	for _, bad := range []string{"", "../../etc/passwd", strings.Repeat("z", 64), sum([]byte("never stored"))} {
		if _, err := s.Open(bad); err == nil {
			t.Errorf("Open(%q) succeeded", bad)
		}
	}
}

func TestConcurrentPutsOfTheSameFile(t *testing.T) {
	s, _ := evidence.Open(t.TempDir())
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := s.Put(context.Background(), bytes.NewReader(jpegBytes), 1<<20); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if got, err := s.ReadAll(sum(jpegBytes)); err != nil || !bytes.Equal(got, jpegBytes) {
		t.Fatalf("after concurrent puts: %v", err)
	}
}
