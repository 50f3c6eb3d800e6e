package slack_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/ipdesk/ipdesk/bot"
)

// Files reach a channel through Slack's upload steps, whole, with the text
// as the comment of the first.
func TestUploadPostsFiles(t *testing.T) {
	t.Parallel()
	e := start(t, bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, ev *bot.Event) error { return nil }))
	if err := e.fake.WaitConnected(e.ctx, 1); err != nil {
		t.Fatal(err)
	}
	photo := append([]byte("\xff\xd8\xff"), bytes.Repeat([]byte{7}, 5000)...)
	files := []bot.Attachment{{Name: "label.jpg", Type: "image/jpeg", Data: photo}, {Name: "receipt.pdf", Type: "application/pdf", Data: []byte("%PDF-1.4 receipt")}}
	if _, err := e.bot.Upload(e.ctx, bot.Address{Platform: bot.Slack, Channel: "CREVIEW"}, "Evidence of **IPD-AAAAA** <!channel>", files); err != nil {
		t.Fatal(err)
	}
	first, second := e.shown(), e.shown()
	if first.Channel != "CREVIEW" || !strings.Contains(first.Visible(), "Evidence of *IPD-AAAAA*") || len(first.Pings()) != 0 {
		t.Errorf("first upload shown as %q in %s, pings %v", first.Visible(), first.Channel, first.Pings())
	}
	got := append(e.fake.FilesOf(first), e.fake.FilesOf(second)...)
	if len(got) != 2 || got[0].Name != "label.jpg" || !bytes.Equal(got[0].Content, photo) || got[1].Name != "receipt.pdf" || second.Text != "" {
		t.Fatalf("files shared = %+v", got)
	}
	if _, err := e.bot.Upload(e.ctx, bot.Address{Platform: bot.Slack, Channel: "CREVIEW"}, "", []bot.Attachment{{Name: "empty.jpg"}}); err == nil {
		t.Error("an empty file was uploaded")
	}
}
