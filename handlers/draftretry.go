package handlers

import (
	"context"
	"errors"
	"slices"

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
// ipdesk.WithEvent), perhaps after later events moved the draft on. Its
// answer was taken, so it is answered with where the filing stands instead
// of being applied a second time, to whatever step the draft is at now.
func (c *Complaints) seenBefore(d *ipdesk.Draft, e *bot.Event) bool {
	return d != nil && e.ID != "" && d.Saw(e.ID)
}

// filedBefore answers an event handled again from the inbox once the
// draft it saved was filed: its answer was taken into the complaint, and it
// must not be read afresh (an answer to a step would otherwise be taken
// for a question). It is answered with the complaint's reference and how
// to follow it. It reports false, having said nothing, for any other
// event.
func (c *Complaints) filedBefore(ctx context.Context, w bot.ResponseWriter, e *bot.Event) (bool, error) {
	if !e.Replayed || e.ID == "" {
		return false, nil
	}
	cs, err := c.store.ComplaintsByUser(ctx, e.User.Platform, e.User.ID)
	if err != nil {
		return true, err
	}
	for i := range cs {
		if slices.Contains(cs[i].FiledBy, e.ID) {
			return true, c.alreadyFiled(ctx, w, e, &cs[i])
		}
	}
	return false, nil
}

// alreadyFiled answers an event of a filed draft with its complaint's
// reference and how to follow it.
func (c *Complaints) alreadyFiled(ctx context.Context, w bot.ResponseWriter, e *bot.Event, cpl *ipdesk.Complaint) error {
	tr := c.complaintTr(cpl)
	return c.say(ctx, w, e, bot.Reply{Text: tr.T("wizard.already_filed", "Ref", cpl.Ref, "Cmd", commandFor(tr, e.Platform(), e.Locale, "status"))})
}
