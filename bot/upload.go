package bot

import (
	"context"
	"errors"
	"fmt"
)

// Upload is a file to post, such as a chart.
type Upload struct {
	Name    string // file name shown, e.g. "ipdesk-week-2026-11-30.png"
	Type    string // MIME type, e.g. "image/png"
	Content []byte
	// Title is a short caption; Alt describes an image for people who
	// cannot see it. Both are plain text, escaped by the adapter.
	Title, Alt string
}

// Uploader is implemented by adapters that can post a file to an address.
type Uploader interface {
	Upload(ctx context.Context, to Address, f Upload) (MessageRef, error)
}

// ErrNoUpload is returned by Bot.Upload for a platform whose adapter
// cannot post files (the console).
var ErrNoUpload = errors.New("this platform cannot post files")

// Upload posts a file to an address on any connected platform that can
// post files; others return an error wrapping ErrNoUpload, and the caller
// shows the file another way.
func (b *Bot) Upload(ctx context.Context, to Address, f Upload) (MessageRef, error) {
	a, ok := b.adapters[to.Platform]
	if !ok {
		return MessageRef{}, fmt.Errorf("upload to %s: platform %q is not connected", to, to.Platform)
	}
	u, ok := a.(Uploader)
	if !ok {
		return MessageRef{}, fmt.Errorf("upload to %s: %w", to, ErrNoUpload)
	}
	return u.Upload(ctx, to, f)
}
