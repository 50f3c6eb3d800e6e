package handlers_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/bottest"
)

// Files sent as evidence are copied into the evidence store at intake, so
// they outlive the platform's link: the complaint records the copy, staff
// get the copy posted to the review channel on request, checked against
// its hash, and the request is audited.
func TestEvidenceIsKeptAndShownToStaff(t *testing.T) {
	h := newHarness(t)
	cpl := h.file("consumer1", "ACME Store")
	ev := cpl.Evidence[0]
	photo := jpegMagic + "a photo of the label"
	want := sha256.Sum256([]byte(photo))
	if !ev.Stored || ev.SHA256 != hex.EncodeToString(want[:]) || ev.Type != "image/jpeg" {
		t.Fatalf("evidence = %+v", ev)
	}
	kept, err := h.evidence.ReadAll(ev.SHA256)
	if err != nil || string(kept) != photo {
		t.Fatalf("kept copy = %q, %v", kept, err)
	}

	card := h.cardFor(cpl.Ref)
	mustContain(t, "card", card, "A copy is kept", "[Show files (1)]")
	// Only staff.
	b, _ := bottest.Button(card, "Show files (1)")
	if err := h.serveRaw(&bot.Event{Kind: bot.KindAction, User: bot.User{Platform: bot.Console, ID: "consumer2"}, Where: review, Action: bot.Action{ID: b.ID, Value: b.Value}}); ipdesk.ErrorCode(err) != ipdesk.EUNAUTHORIZED {
		t.Fatalf("a non-staff press = %v", err)
	}
	h.press("staff", card, "Show files (1)")
	var up *bottest.Sent
	for _, s := range h.rec.Sent() {
		if s.To == review && len(s.Files) > 0 {
			up = &s
		}
	}
	if up == nil {
		t.Fatal("no files were posted to the review channel")
	}
	if len(up.Files) != 1 || !bytes.Equal(up.Files[0].Data, []byte(photo)) || up.Files[0].Type != "image/jpeg" || !strings.HasSuffix(up.Files[0].Name, "label.jpg") {
		t.Fatalf("posted = %+v", up.Files)
	}
	if !strings.Contains(up.Reply.Text, "Evidence of "+cpl.Ref) || !strings.Contains(up.Reply.Text, ev.SHA256) {
		t.Errorf("upload text = %q", up.Reply.Text)
	}
	if tr := actions(h.trail(cpl.Ref)); tr != "file,refused,show_evidence" {
		t.Errorf("trail = %s", tr)
	}

	// A copy changed on disk is not passed off as the original.
	p := h.evidence.Dir() + "/" + ev.SHA256[:2] + "/" + ev.SHA256
	os.Chmod(p, 0o600)
	if err := os.WriteFile(p, []byte("something else"), 0o600); err != nil {
		t.Fatal(err)
	}
	before := len(h.rec.Sent())
	h.press("staff", card, "Show files (1)")
	sent := h.rec.Sent()[before:]
	if len(sent) != 1 || len(sent[0].Files) != 0 || !strings.Contains(sent[0].Reply.Text, "missing or was changed") {
		t.Fatalf("after tampering: %+v", sent)
	}
}

// A file whose content is not what its name says is refused; one the bot
// cannot fetch is kept as a record with the reason, and the user told.
func TestEvidenceContentAndFetchFailures(t *testing.T) {
	h := newHarness(t)
	r := h.walk("consumer1", "evidence", otherProblem)
	send := func(f bot.File) bot.Reply {
		e := h.event("consumer1")
		e.Kind, e.Files = bot.KindMessage, []bot.File{f}
		return h.do(e)
	}
	exe := "MZ\x90\x00 this is a program"
	mustContain(t, "disguised", send(bot.File{ID: "F9", Name: "photo.jpg", Type: "image/jpeg", Size: int64(len(exe)),
		Open: func(context.Context) (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(exe)), nil }}), "is not really a JPEG, PNG, WebP or PDF file")
	if d := h.draft("consumer1"); len(d.Answers.Evidence) != 0 {
		t.Fatalf("the disguised file was kept: %+v", d.Answers.Evidence)
	}
	r = send(bot.File{ID: "F8", Name: "expired.jpg", Type: "image/jpeg", Size: 1000, URL: "https://cdn.example.com/attachments/1/2/expired.jpg?ex=1&hm=secret",
		Open: func(context.Context) (io.ReadCloser, error) {
			return nil, errors.New("GET https://cdn.example.com/attachments/1/2/expired.jpg?ex=1&hm=secret: 403 Forbidden")
		}})
	mustContain(t, "unfetched", r, "I could not fetch expired.jpg")
	d := h.draft("consumer1")
	if len(d.Answers.Evidence) != 1 || d.Answers.Evidence[0].Unfetched != "the platform refused the download (HTTP 403)" || d.Answers.Evidence[0].Stored {
		t.Fatalf("unfetched evidence = %+v", d.Answers.Evidence)
	}
}
