package handlers_test

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/ipdesk/ipdesk/bot"
)

// failingReader fails partway, as a connection cut during a download does.
type failingReader struct{ n int }

func (r *failingReader) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return 0, errors.New("connection reset by peer")
	}
	n := min(len(p), r.n)
	r.n -= n
	return n, nil
}

// A file the bot cannot fetch is still evidence: it is kept by name, type
// and size without a fingerprint, and the user is told.
func TestEvidenceThatCannotBeFetchedIsKeptWithoutACopy(t *testing.T) {
	h := newHarness(t)
	r := h.walk("consumer1", "evidence", otherProblem)
	mustContain(t, "evidence", r, "Send your evidence")
	denied := bot.File{ID: "F1", Name: "box.jpg", Type: "image/jpeg", Size: 5000, Open: func(context.Context) (io.ReadCloser, error) {
		return nil, errors.New("files:read scope missing (HTTP 403)")
	}}
	cut := bot.File{ID: "F2", Name: "receipt.pdf", Type: "application/pdf", Size: 9000, Open: func(context.Context) (io.ReadCloser, error) {
		return io.NopCloser(&failingReader{n: 100}), nil
	}}
	fine := jpeg("a photo of the label")
	e := h.event("consumer1")
	e.Kind, e.Files = bot.KindMessage, []bot.File{denied, cut, fine}
	r = h.do(e)
	mustContain(t, "reply", r, "Added", "box.jpg", "receipt.pdf", "label.jpg", "could not fetch box.jpg, receipt.pdf", "without a copy", "You have 3 items")
	if strings.Contains(r.Text, "went wrong") {
		t.Fatalf("reply: %s", r.Text)
	}
	ev := h.draft("consumer1").Answers.Evidence
	if len(ev) != 3 || ev[0].SHA256 != "" || ev[0].Size != 5000 || ev[0].Type != "image/jpeg" || ev[1].SHA256 != "" || ev[1].Size != 9000 || ev[2].SHA256 == "" {
		t.Fatalf("evidence = %+v", ev)
	}
}
