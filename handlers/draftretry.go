package handlers

import (
	"context"
	"errors"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
)

// draftRetries bounds how often an event is handled again because another
// save of the user's draft came between its reading and its save.
const draftRetries = 5

// retryDraftChanges handles an event again when its draft save lost to
// another (ipdesk.ErrDraftChanged): two messages of one user handled at
// once by two replicas. The event is re-applied to the draft as the other
// save left it, so neither answer is lost. Every wizard path saves the
// draft before it replies, so a retried event has said nothing yet.
func retryDraftChanges(next bot.Handler) bot.Handler {
	return bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		for attempt := 0; ; attempt++ {
			err := next.ServeEvent(ctx, w, e)
			if !errors.Is(err, ipdesk.ErrDraftChanged) || attempt == draftRetries || ctx.Err() != nil {
				return err
			}
		}
	})
}

// seenBefore reports whether e already saved d: the event is handled again
// after the process that handled it died before it answered (see
// ipdesk.WithEvent). Its answer was taken, so it is answered with where the
// filing stands instead of being applied a second time.
func (c *Complaints) seenBefore(d *ipdesk.Draft, e *bot.Event) bool {
	return d != nil && e.ID != "" && d.LastEvent == e.ID
}
