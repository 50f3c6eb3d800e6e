package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSlackEvidenceKeptShownAndExported: the photo a consumer sends in
// Slack is kept at intake; staff press Show files and Slack shows them the
// kept copy in the review channel; the export writes it beside the records,
// named by its hash.
func TestSlackEvidenceKeptShownAndExported(t *testing.T) {
	t.Parallel()
	w := newSlackWorld(t)
	card, ref := w.confirm(consumer, w.fileUntilSummary(consumer, acme))
	sum := sha256.Sum256(labelPhoto)
	hash := hex.EncodeToString(sum[:])
	if ev := w.complaint(ref).Evidence; len(ev) != 1 || !ev[0].Stored || ev[0].SHA256 != hash {
		t.Fatalf("evidence = %+v", ev)
	}
	w.click(staffMember, card, "Show files (1)")
	m := w.shown(reviewChannel, "Evidence of "+ref, hash)
	if files := w.fake.FilesOf(m); len(files) != 1 || !bytes.Equal(files[0].Content, labelPhoto) || !strings.HasSuffix(files[0].Name, "label.jpg") {
		t.Fatalf("files shown = %+v", files)
	}

	dir := filepath.Join(t.TempDir(), "export")
	_, rec := exportCSV(t, map[string]string{"IPDESK_DB": w.vars["IPDESK_DB"]}, "--evidence", dir)
	if rec["evidence_files"] != hash+".jpg" {
		t.Errorf("evidence_files = %q", rec["evidence_files"])
	}
	if got, err := os.ReadFile(filepath.Join(dir, hash+".jpg")); err != nil || !bytes.Equal(got, labelPhoto) {
		t.Errorf("exported file = %q, %v", got, err)
	}
}

// TestDiscordEvidenceShown: on Discord, Show files posts the kept copy as an
// attachment in the review channel.
func TestDiscordEvidenceShown(t *testing.T) {
	t.Parallel()
	w := newDiscordWorld(t)
	card, ref := w.confirm(dConsumer, w.continueFrom(dConsumer, acme, w.startFiling(dConsumer), ""))
	w.click(dListed, card, "Show files (1)")
	m := w.shown(dReview, "Evidence of "+ref)
	if files := w.srv.FilesOf(m); len(files) != 1 || !bytes.Equal(files[0].Data, labelPhoto) || files[0].ContentType != "image/jpeg" {
		t.Fatalf("files shown = %+v", files)
	}
}
