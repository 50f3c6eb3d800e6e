package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot/slack/slackfake"
)

// TestSlackSavedReplies: with IPDESK_REPLIES set, Reject in Slack offers
// the saved replies; the modal opens filled in for the complaint.
func TestSlackSavedReplies(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "replies.yaml")
	if err := os.WriteFile(path, []byte("reject:\n  - title: Photos too blurry\n    reason: insufficient_evidence\n    text: The photos sent with {ref} from {marketplace} do not show the label clearly.\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	fake := slackfake.New(slackfake.Config{PingInterval: time.Second})
	t.Cleanup(fake.Close)
	fake.AddUser(slackfake.User{ID: consumer, Name: "consumer"})
	fake.AddUser(slackfake.User{ID: staffMember, Name: "reviewer"})
	w := &slackWorld{fake: fake}
	w.testApp = newTestApp(t, testBudget, map[string]string{
		"SLACK_BOT_TOKEN": fake.BotToken(), "SLACK_APP_TOKEN": fake.AppToken(), "SLACK_API_URL": fake.URL,
		"IPDESK_REVIEW_CHANNEL": "slack:" + reviewChannel, "IPDESK_STAFF": "slack:" + staffMember, "IPDESK_REPLIES": path,
	}, func() func() { return slackConnected(t, w.ctx, fake) })
	w.stopped = fake.DropSockets
	w.start()

	card, ref := w.confirm(consumer, w.fileUntilSummary(consumer, acme))
	w.click(staffMember, card, "Reject")
	choose := w.shown(reviewChannel, "Choose a saved reply for *"+ref+"*", "[Photos too blurry] [Write my own]")
	if !choose.Ephemeral {
		t.Error("the saved replies were shown to the whole channel")
	}
	w.click(staffMember, choose, "Photos too blurry")
	v, err := fake.WaitView(w.ctx, staffMember, 0)
	if err != nil {
		t.Fatal(err)
	}
	filled := "The photos sent with " + ref + " from Amazon do not show the label clearly."
	if !strings.Contains(string(v.Blocks), filled) || !strings.Contains(string(v.Blocks), "insufficient_evidence") {
		t.Fatalf("the modal is not filled in:\n%s", v.Blocks)
	}
	if errs := w.submit(staffMember, v, map[string]string{"reason": "insufficient_evidence", "note": filled}); errs != nil {
		t.Fatalf("rejection refused: %v", errs)
	}
	w.shown(reviewChannel, "Status: *rejected*", filled)
	if c := w.complaint(ref); c.Status != ipdesk.StatusRejected || c.Decision.Note != filled {
		t.Errorf("complaint = %s %+v", c.Status, c.Decision)
	}
}
