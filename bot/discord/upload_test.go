package discord_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/ipdesk/ipdesk/bot"
)

// Files reach a channel as attachments, whole, one a message, with the
// text on the first and no pings.
func TestUploadPostsAttachments(t *testing.T) {
	t.Parallel()
	e := start(t, bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, ev *bot.Event) error { return nil }), options{})
	photo := append([]byte("\xff\xd8\xff"), bytes.Repeat([]byte{7}, 5000)...)
	files := []bot.Attachment{{Name: "label.jpg", Type: "image/jpeg", Data: photo}, {Name: "receipt.pdf", Type: "application/pdf", Data: []byte("%PDF-1.4 receipt")}}
	if _, err := e.bot.Upload(context.Background(), bot.Address{Platform: bot.Discord, Channel: "7001"}, "Evidence of **IPD-AAAAA** @everyone", files); err != nil {
		t.Fatal(err)
	}
	first, err := e.srv.NextShown(wait)
	if err != nil {
		t.Fatal(err)
	}
	second, err := e.srv.NextShown(wait)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(first.Display(), "Evidence of") || second.Content != "" {
		t.Errorf("messages = %q, %q", first.Display(), second.Content)
	}
	got := append(e.srv.FilesOf(first), e.srv.FilesOf(second)...)
	if len(got) != 2 || got[0].Name != "label.jpg" || got[0].ContentType != "image/jpeg" || !bytes.Equal(got[0].Data, photo) || got[1].Name != "receipt.pdf" {
		t.Fatalf("files posted = %+v", got)
	}
}
