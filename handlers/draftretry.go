package handlers

import (
	"context"
	"errors"
	"slices"
	"strings"

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

// answeredBefore handles an event whose change was kept before: it is
// handled again after the process that handled it died before marking it
// handled (see ipdesk.WithEvent and bot.Event.Replayed), and its answer
// must not be applied a second time, to whatever step the draft is at now,
// nor read afresh as a question once the draft is filed.
//
//   - The draft's last save was this event's: its reply may not have gone
//     out, so the user is shown where the filing stands, with what the
//     wizard said of their answer when it was one ("Added label.jpg").
//   - A later event saved the draft: the user answered the question this
//     event's reply asked, so they saw it; nothing is said. (Only for a
//     replayed event: one retried after a concurrent save, see
//     retryDraftChanges, has not answered yet.)
//   - The draft was filed, by this event: its receipt may not have gone
//     out, so the user is told the complaint's reference.
//   - The draft was filed by a later event: nothing is said.
//
// It reports false, having done nothing, for any other event.
func (c *Complaints) answeredBefore(ctx context.Context, w bot.ResponseWriter, e *bot.Event, d *ipdesk.Draft) (bool, error) {
	switch {
	case e.ID == "":
		return false, nil
	case d != nil && d.LastEvent == e.ID && d.NoteEvent == e.ID && d.Note != "":
		return true, c.sayNote(ctx, w, e, d)
	case d != nil && d.LastEvent == e.ID:
		return true, c.say(ctx, w, e, c.prompt(d, ""))
	case d != nil && e.Replayed && d.Saw(e.ID):
		c.log.Info("an event handled again after later ones moved its draft on; nothing to say", "delivery", e.ID)
		return true, nil
	case d != nil || !e.Replayed:
		return false, nil
	}
	cs, err := c.store.ComplaintsByUser(ctx, e.User.Platform, e.User.ID)
	if err != nil {
		return true, err
	}
	for i := range cs {
		switch k := slices.Index(cs[i].FiledBy, e.ID); {
		case k < 0:
		case k == len(cs[i].FiledBy)-1 && c.toldFiled(ctx, e, &cs[i]):
			c.log.Info("an event handled again after its receipt went out; nothing to say", "delivery", e.ID, "ref", cs[i].Ref)
			return true, nil
		case k == len(cs[i].FiledBy)-1:
			return true, c.alreadyFiled(ctx, w, e, &cs[i])
		default:
			c.log.Info("an event handled again after its draft was filed; nothing to say", "delivery", e.ID, "ref", cs[i].Ref)
			return true, nil
		}
	}
	return false, nil
}

// alreadyFiled answers an event of a filed draft with its complaint's
// reference and how to follow it.
// toldFiled reports whether the user's direct messages hold a message of
// the bot's naming cpl since it was filed (read back through bot.Finder):
// the receipt went out before the process that filed it died, so the
// event handled again has nothing to add. It reports false when the
// platform cannot read back its messages.
func (c *Complaints) toldFiled(ctx context.Context, e *bot.Event, cpl *ipdesk.Complaint) bool {
	f, ok := c.send.(bot.Finder)
	if !ok {
		return false
	}
	posted, err := f.Posted(ctx, bot.DirectTo(e.User.Platform, e.User.ID), cpl.CreatedAt.Add(-cardReadBackSlack), maxReceiptReadBack)
	if err != nil {
		if !errors.Is(err, bot.ErrNoFind) {
			c.log.Warn("read back a complainant's direct messages", "ref", cpl.Ref, "err", err)
		}
		return false
	}
	for _, p := range posted {
		if strings.Contains(p.Text, cpl.Ref) {
			return true
		}
	}
	return false
}

// maxReceiptReadBack bounds the direct messages read back when looking
// for a receipt.
const maxReceiptReadBack = 20

func (c *Complaints) alreadyFiled(ctx context.Context, w bot.ResponseWriter, e *bot.Event, cpl *ipdesk.Complaint) error {
	tr := c.complaintTr(cpl)
	return c.say(ctx, w, e, bot.Reply{Text: tr.T("wizard.already_filed", "Ref", cpl.Ref, "Cmd", commandFor(tr, e.Platform(), e.Locale, "status"))})
}
