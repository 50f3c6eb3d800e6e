package slack

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/markup"
	"github.com/slack-go/slack"
)

var _ bot.Uploader = (*Adapter)(nil)

// Upload posts files to an address, one file per upload (Slack's
// files.getUploadURLExternal, the upload, files.completeUploadExternal),
// the text with the first.
func (a *Adapter) Upload(ctx context.Context, to bot.Address, text string, files []bot.Attachment) (bot.MessageRef, error) {
	if len(files) == 0 {
		return bot.MessageRef{}, errors.New("slack upload: no files")
	}
	ch, err := a.channel(ctx, to)
	if err != nil {
		return bot.MessageRef{}, err
	}
	comment := markup.Render(markup.Slack, text)
	for i, f := range files {
		if len(f.Data) == 0 {
			return bot.MessageRef{}, fmt.Errorf("slack upload: %s is empty", f.Name)
		}
		title := f.Title
		if title == "" {
			title = f.Name
		}
		p := slack.UploadFileParameters{Reader: bytes.NewReader(f.Data), FileSize: len(f.Data), Filename: f.Name, Title: title,
			AltTxt: f.Alt, Channel: ch, ThreadTimestamp: to.Thread}
		if i == 0 {
			p.InitialComment = comment
		}
		if _, err := a.api.UploadFileContext(ctx, p); err != nil {
			return bot.MessageRef{}, apiError("files.upload", err)
		}
	}
	where := to
	where.Channel = ch
	return bot.MessageRef{Where: where}, nil
}
