package slack

import (
	"context"
	"errors"
	"sync/atomic"
	"time"

	"github.com/slack-go/slack"

	"github.com/ipdesk/ipdesk/bot"
)

// responder answers one event where it happened. It is the
// bot.ResponseWriter handed to handlers.
type responder struct {
	a           *Adapter
	where       bot.Address
	user        string // who caused the event: the viewer of ephemeral replies
	trigger     string // trigger_id, needed to open a modal
	responseURL string // slash commands and clicks: works where the bot is not a member
	// duplicate is set when the Bot dropped the event as a re-delivery:
	// its trigger_id and response_url belong to the delivery being
	// handled, and nothing is posted for this one.
	duplicate atomic.Bool
}

var (
	_ bot.ResponseWriter = (*responder)(nil)
	_ bot.ClaimObserver  = (*responder)(nil)
)

// errDuplicate refuses a reply for a re-delivered event. The Bot never runs
// a handler for one, so this only guards the rule.
var errDuplicate = errors.New("slack: no reply for a duplicate delivery")

// ClaimPending is part of bot.ClaimObserver. A responder answers nothing
// on its own, so it has nothing to hold back.
func (w *responder) ClaimPending() {}

// ClaimDecided silences the responder of a duplicate delivery.
func (w *responder) ClaimDecided(duplicate bool) { w.duplicate.Store(duplicate) }

// Reply posts r in the event's channel and thread. A form opens as a modal
// (its text shown above the inputs); when Slack gives no usable trigger for
// it (a typed message, or a trigger that expired while the handler waited)
// the form is offered behind a button instead (see offerForm). An ephemeral
// reply is seen by the event's user only and cannot be edited later, so its
// ref has no ID.
func (w *responder) Reply(ctx context.Context, r bot.Reply) (bot.MessageRef, error) {
	a := w.a
	if w.duplicate.Load() {
		return bot.MessageRef{}, errDuplicate
	}
	if r.Form != nil {
		view, err := renderModal(r.Form, r.Text, w.where, w.user)
		if err != nil {
			return bot.MessageRef{}, err
		}
		if w.trigger == "" {
			return w.offerForm(ctx, r, view, "no trigger")
		}
		if _, err := a.api.OpenViewContext(ctx, w.trigger, view); err != nil {
			if triggerUnusable(err) {
				return w.offerForm(ctx, r, view, err.Error())
			}
			return bot.MessageRef{}, apiError("views.open", err)
		}
		return bot.MessageRef{Where: w.where}, nil
	}
	where := w.where
	if where.Channel == "" {
		// A modal submitted without a known origin: answer in the DM.
		where = bot.DirectTo(bot.Slack, w.user)
	}
	ch, err := a.channel(ctx, where)
	if err != nil {
		return bot.MessageRef{}, err
	}
	where.Channel = ch
	opts := a.messageOptions(r, where.Thread)
	if r.Ephemeral && w.user != "" {
		_, err := a.api.PostEphemeralContext(ctx, ch, w.user, opts...)
		if err != nil && w.responseURL != "" && notMember(err) {
			err = w.viaResponseURL(ctx, opts, slack.ResponseTypeEphemeral)
		}
		if err != nil {
			return bot.MessageRef{}, apiError("chat.postEphemeral", err)
		}
		return bot.MessageRef{Where: where}, nil
	}
	_, ts, err := a.api.PostMessageContext(ctx, ch, opts...)
	if err != nil && w.responseURL != "" && notMember(err) {
		// A slash command in a conversation the bot is not in: Slack's
		// response_url still reaches it, but the message cannot be edited.
		if err = w.viaResponseURL(ctx, opts, slack.ResponseTypeInChannel); err == nil {
			return bot.MessageRef{Where: where}, nil
		}
	}
	if err != nil {
		return bot.MessageRef{}, apiError("chat.postMessage", err)
	}
	return bot.MessageRef{Where: where, ID: ts}, nil
}

func (w *responder) viaResponseURL(ctx context.Context, opts []slack.MsgOption, responseType string) error {
	opts = append(opts, slack.MsgOptionResponseURL(w.responseURL, responseType))
	_, _, err := w.a.api.PostMessageContext(ctx, "", opts...)
	return err
}

// notMember reports whether Slack refused a post because the bot cannot
// reach the conversation.
func notMember(err error) bool {
	switch err.Error() {
	case "channel_not_found", "not_in_channel", "is_archived":
		return true
	}
	return false
}

// submitWait is how long a modal submission waits for its handler before
// acknowledging without field errors; Slack allows 3 seconds in all.
const submitWait = 2500 * time.Millisecond

// serve runs h for one event and logs what the Bot's middleware did not
// turn into a message (a failed reply, a form error that came too late).
func (a *Adapter) serve(ctx context.Context, h bot.Handler, e *bot.Event, w *responder) error {
	if e.Locale == "" {
		e.Locale = a.locale(e.User.ID)
	}
	err := h.ServeEvent(ctx, w, e)
	var fe *bot.FormError
	if err != nil && !errors.As(err, &fe) {
		a.log.Error("event not handled", "kind", e.Kind.String(), "delivery", e.ID, "err", err)
	}
	return err
}

// handleAsync translates and serves one delivery in the background, after
// it was acknowledged. The work outlives the request or envelope that
// brought it (context.WithoutCancel) and is bounded by handlerTimeout; track
// registers the goroutine with its owner, which waits for it on shutdown.
func (a *Adapter) handleAsync(ctx context.Context, h bot.Handler, track func(func()), translate func(context.Context) (*bot.Event, *responder)) {
	track(func() {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), handlerTimeout)
		defer cancel()
		if e, w := translate(ctx); e != nil {
			a.serve(ctx, h, e, w)
		}
	})
}

// serveSubmit runs h for a modal submission and returns the response Slack
// expects in the acknowledgement: field errors, or nil to close the modal.
// A handler slower than submitWait finishes in the background; its field
// errors can then no longer be shown.
func (a *Adapter) serveSubmit(ctx context.Context, h bot.Handler, track func(func()), ic slack.InteractionCallback) *slack.ViewSubmissionResponse {
	done := make(chan error, 1)
	track(func() {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), handlerTimeout)
		defer cancel()
		e, w := a.fromInteraction(ctx, ic)
		if e == nil {
			done <- nil
			return
		}
		done <- a.serve(ctx, h, e, w)
	})
	timer := time.NewTimer(submitWait)
	defer timer.Stop()
	select {
	case err := <-done:
		var fe *bot.FormError
		if errors.As(err, &fe) && len(fe.Fields) > 0 {
			return slack.NewErrorsViewSubmissionResponse(fe.Fields)
		}
		return nil
	case <-timer.C:
		a.log.Warn("form handler slower than Slack allows; closed the modal without waiting", "form", ic.View.CallbackID)
		return nil
	}
}
