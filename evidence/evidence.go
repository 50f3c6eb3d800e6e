// Package evidence keeps copies of the files complainants send, so that
// evidence outlives the chat platform's copy: Discord's attachment links
// are signed and expire within a day, and Slack files can be deleted.
//
// The store is a folder of files named by the SHA-256 of their content
// (content-addressed): the same photo sent twice is kept once, a name can
// never point at other content, and a file's name is its fingerprint, the
// one the complaint and the audit trail record.
package evidence

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// Store is a folder of evidence files. It is safe for concurrent use, also
// by several processes sharing the folder: a file appears under its final
// name only once it is complete.
type Store struct {
	dir string
}

// Open returns the store in dir, creating the folder when missing.
func Open(dir string) (*Store, error) {
	if dir == "" {
		return nil, errors.New("evidence store: no folder given")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("evidence store: %w", err)
	}
	return &Store{dir: dir}, nil
}

// Dir returns the store's folder.
func (s *Store) Dir() string { return s.dir }

// Saved describes a file as stored.
type Saved struct {
	SHA256 string // hex, lower case: the file's name in the store
	Size   int64
	// Type is the MIME type sniffed from the content, whatever the
	// sender called it ("image/jpeg", "application/pdf").
	Type string
}

// ErrTooLarge is returned by Put for content over the limit; nothing is
// kept.
var ErrTooLarge = errors.New("evidence: file too large")

// Put reads r to the end, at most max bytes, and keeps the content under
// its SHA-256. Content already stored is not written again. It returns
// ErrTooLarge, keeping nothing, when r holds more than max bytes, and the
// read error when r fails (a download cut off), keeping nothing either.
func (s *Store) Put(ctx context.Context, r io.Reader, max int64) (Saved, error) {
	tmp, err := os.CreateTemp(s.dir, ".incoming-*")
	if err != nil {
		return Saved{}, fmt.Errorf("evidence store: %w", err)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	h := sha256.New()
	sniff := &prefix{max: 512}
	n, err := io.Copy(io.MultiWriter(tmp, h, sniff), io.LimitReader(ctxReader{ctx, r}, max+1))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return Saved{}, fmt.Errorf("evidence store: %w", err)
	}
	if n > max {
		return Saved{}, ErrTooLarge
	}
	sv := Saved{SHA256: hex.EncodeToString(h.Sum(nil)), Size: n, Type: sniffType(sniff.b)}
	final := s.path(sv.SHA256)
	if _, err := os.Stat(final); err == nil {
		return sv, nil // kept before: same content, same name
	}
	if err := os.MkdirAll(filepath.Dir(final), 0o700); err != nil {
		return Saved{}, fmt.Errorf("evidence store: %w", err)
	}
	if err := os.Chmod(tmp.Name(), 0o400); err != nil {
		return Saved{}, fmt.Errorf("evidence store: %w", err)
	}
	if err := os.Rename(tmp.Name(), final); err != nil {
		return Saved{}, fmt.Errorf("evidence store: %w", err)
	}
	return sv, nil
}

// sha256Hex is what a stored file's name must look like.
var sha256Hex = regexp.MustCompile(`^[0-9a-f]{64}$`)

// path is where content with a hash lives: a folder per first two hex
// digits keeps folders small.
func (s *Store) path(sum string) string { return filepath.Join(s.dir, sum[:2], sum) }

// Path returns the file of a stored hash, or an error when the hash is
// malformed or nothing is stored under it.
func (s *Store) Path(sum string) (string, error) {
	sum = strings.ToLower(sum)
	if !sha256Hex.MatchString(sum) {
		return "", fmt.Errorf("evidence store: %q is not a SHA-256", sum)
	}
	p := s.path(sum)
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("evidence store: %w", err)
	}
	return p, nil
}

// Open opens a stored file by its hash and checks, as it is read to the
// end, that the content still has that hash: a file changed on disk
// returns an error at the end instead of passing as the original.
func (s *Store) Open(sum string) (io.ReadCloser, error) {
	p, err := s.Path(sum)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, fmt.Errorf("evidence store: %w", err)
	}
	return &verifying{f: f, h: sha256.New(), want: strings.ToLower(sum)}, nil
}

// ReadAll returns a stored file's content, checked against its hash.
func (s *Store) ReadAll(sum string) ([]byte, error) {
	rc, err := s.Open(sum)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

// verifying reads a stored file and fails at its end when the content's
// hash is not the file's name.
type verifying struct {
	f *os.File
	h interface {
		Write([]byte) (int, error)
		Sum([]byte) []byte
	}
	want string
}

func (v *verifying) Read(p []byte) (int, error) {
	n, err := v.f.Read(p)
	v.h.Write(p[:n])
	if errors.Is(err, io.EOF) && hex.EncodeToString(v.h.Sum(nil)) != v.want {
		return n, fmt.Errorf("evidence store: %s was changed on disk", v.want)
	}
	return n, err
}

func (v *verifying) Close() error { return v.f.Close() }

// Extension returns the usual file extension for a sniffed type, for
// naming copies of the files outside the store.
func Extension(typ string) string {
	switch typ {
	case "image/jpeg":
		return ".jpg"
	case "image/png":
		return ".png"
	case "image/webp":
		return ".webp"
	case "image/gif":
		return ".gif"
	case "application/pdf":
		return ".pdf"
	}
	return ".bin"
}

// sniffType names the content's type from its first bytes, the way web
// browsers do, without parameters.
func sniffType(head []byte) string {
	t := http.DetectContentType(head)
	t, _, _ = strings.Cut(t, ";")
	return t
}

// prefix keeps the first max bytes written to it.
type prefix struct {
	b   []byte
	max int
}

func (p *prefix) Write(b []byte) (int, error) {
	if room := p.max - len(p.b); room > 0 {
		p.b = append(p.b, b[:min(room, len(b))]...)
	}
	return len(b), nil
}

// ctxReader stops reading when ctx is done, so a stalled download ends at
// the caller's deadline.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
