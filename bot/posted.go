package bot

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Finder is implemented by adapters that can read back the messages the
// bot posted in a channel. A message sent just before its process died,
// and so never recorded as sent, is found this way rather than sent a
// second time: a complaint's review card posted by a replica killed
// before it stored where the card is would otherwise be posted again by
// the next one.
type Finder interface {
	// Posted returns the messages the bot itself posted to where at or
	// after since, newest first, at most limit of them.
	Posted(ctx context.Context, where Address, since time.Time, limit int) ([]Posted, error)
}

// Posted is a message the bot posted, as a Finder reads it back.
type Posted struct {
	Ref MessageRef
	// Text is the message's text as the platform keeps it.
	Text string
	// Buttons are the message's buttons with the ID and Value the
	// handler gave them (Label and Style are not read back). A button
	// whose ID and Value the adapter can no longer tell is left out.
	Buttons []Button
}

// ErrNoFind is returned by Bot.Posted for a platform whose adapter cannot
// read back its messages.
var ErrNoFind = errors.New("this platform cannot read back posted messages")

// Posted returns what the bot posted to where since a time, through the
// adapter that owns the platform (see Finder).
func (b *Bot) Posted(ctx context.Context, where Address, since time.Time, limit int) ([]Posted, error) {
	a, ok := b.adapters[where.Platform]
	if !ok {
		return nil, fmt.Errorf("read back %s: platform %q is not connected", where, where.Platform)
	}
	f, ok := a.(Finder)
	if !ok {
		return nil, fmt.Errorf("read back %s: %w", where, ErrNoFind)
	}
	return f.Posted(ctx, where, since, limit)
}

var _ Finder = (*Bot)(nil)
