package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ipdesk/ipdesk/bot/slack/slackfake"
)

// TestSlackStaffReplyBecomesADraft: a seller's question the knowledge base
// cannot answer goes to staff, who answer it with reply and save the answer
// as an article draft; the draft is in the article folder, lint-clean, not
// served, listed by kb drafts and shown beside its gap.
func TestSlackStaffReplyBecomesADraft(t *testing.T) {
	t.Parallel()
	kb := t.TempDir()
	w := newSlackWorld(t, map[string]string{"IPDESK_KB_DIR": kb})
	const q = "what are the shipping rates to Canada"
	ans := w.dm(consumer, q, "[Talk to staff]")
	w.click(consumer, ans, "Talk to staff")
	w.slackUntil(reviewChannel, "Question for staff")
	w.slash(reviewChannel, staffMember, "reply slack:"+consumer+" Rates depend on the carrier you pick in the marketplace's shipping settings; IP rules do not set them.")
	w.slackUntil(slackfake.IMChannel(consumer), "Message from staff")
	sent := w.slackUntil(reviewChannel, "Sent to Slack user "+consumer)
	w.click(staffMember, sent, "Save as article draft")
	saved := w.slackUntil(reviewChannel, "Saved as")
	if !saved.Ephemeral || saved.User != staffMember {
		t.Errorf("the draft's confirmation ephemeral=%v to %q", saved.Ephemeral, saved.User)
	}
	drafts, _ := filepath.Glob(filepath.Join(kb, "drafts", "en", "*.md"))
	if len(drafts) != 1 {
		t.Fatalf("drafts in the folder: %v", drafts)
	}
	body, _ := os.ReadFile(drafts[0])
	if !strings.Contains(string(body), q) || !strings.Contains(string(body), "depend on the carrier") || !strings.Contains(string(body), "status: draft") {
		t.Errorf("draft:\n%s", body)
	}

	// kb lint checks the folder with its drafts: clean.
	env := map[string]string{"IPDESK_DB": w.vars["IPDESK_DB"], "IPDESK_KB_DIR": kb}
	if code, out, errOut := runMain(t, "", env, "kb", "lint", kb); code != 0 {
		t.Errorf("kb lint: exit %d\n%s%s", code, out, errOut)
	}
	code, out, _ := runMain(t, "", env, "kb", "drafts")
	if code != 0 || !strings.Contains(out, filepath.Base(drafts[0])) || !strings.Contains(out, "ready to review") {
		t.Errorf("kb drafts: exit %d\n%s", code, out)
	}
	code, out, _ = runMain(t, "", env, "kb", "gaps")
	if code != 0 || !strings.Contains(out, "draft drafts/en/"+filepath.Base(drafts[0])) {
		t.Errorf("kb gaps: exit %d\n%s", code, out)
	}
	// A draft that lost its Sources fails the lint, naming the file.
	os.WriteFile(drafts[0], []byte(strings.Split(string(body), "## Sources")[0]), 0o644)
	if code, out, _ := runMain(t, "", env, "kb", "lint", kb); code != 1 || !strings.Contains(out, "drafts/en/"+filepath.Base(drafts[0])) {
		t.Errorf("kb lint of a broken draft: exit %d\n%s", code, out)
	}
}
