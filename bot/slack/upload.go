package slack

import (
	"bytes"
	"context"
	"errors"

	"github.com/slack-go/slack"

	"github.com/ipdesk/ipdesk/bot"
)

// slackFiles is the part of the slack-go client that posts files: the
// three-step external upload (files.getUploadURLExternal, a POST of the
// bytes, files.completeUploadExternal).
type slackFiles interface {
	UploadFileContext(ctx context.Context, params slack.UploadFileParameters) (*slack.FileSummary, error)
}

var (
	_ slackFiles   = (*slack.Client)(nil)
	_ bot.Uploader = (*Adapter)(nil)
)

// Upload posts a file to a channel or a member's DM. The message Slack
// makes for it has no timestamp in the answer, so the reference carries
// only where it went.
func (a *Adapter) Upload(ctx context.Context, to bot.Address, f bot.Upload) (bot.MessageRef, error) {
	if len(f.Content) == 0 || f.Name == "" {
		return bot.MessageRef{}, errors.New("slack upload: a file needs a name and content")
	}
	ch, err := a.channel(ctx, to)
	if err != nil {
		return bot.MessageRef{}, err
	}
	where := to
	where.Channel = ch
	var files slackFiles = a.client
	_, err = files.UploadFileContext(ctx, slack.UploadFileParameters{
		Filename:        f.Name,
		FileSize:        len(f.Content),
		Reader:          bytes.NewReader(f.Content),
		Title:           f.Title,
		AltTxt:          f.Alt,
		Channel:         ch,
		ThreadTimestamp: to.Thread,
	})
	if err != nil {
		return bot.MessageRef{}, apiError("files.upload", err)
	}
	return bot.MessageRef{Where: where}, nil
}
