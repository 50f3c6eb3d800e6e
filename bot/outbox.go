package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/ipdesk/ipdesk"
)

// OutboxStore keeps the messages a user must get (see Reply.Important) that
// could not be delivered when they were sent, until a background round
// delivers them. Kept in the database, they survive a restart.
type OutboxStore interface {
	// AddOutgoing keeps a message and returns its id.
	AddOutgoing(ctx context.Context, o ipdesk.Outgoing) (int64, error)
	// DueOutgoing returns up to limit kept messages due at now.
	DueOutgoing(ctx context.Context, now time.Time, limit int) ([]ipdesk.Outgoing, error)
	// OutgoingFailed counts a failed attempt and puts the next off until next.
	OutgoingFailed(ctx context.Context, id int64, next time.Time) error
	// OutgoingDelivered forgets a message once it was delivered.
	OutgoingDelivered(ctx context.Context, id int64) error
	// CountOutgoing returns how many messages wait.
	CountOutgoing(ctx context.Context) (int, error)
}

// OutboxStats counts what happened to important messages since the Bot
// started, for the metrics endpoint.
type OutboxStats struct {
	Kept      int64 // not delivered when sent, so kept for the background round
	Delivered int64 // kept ones the background round delivered
	Failed    int64 // background attempts that failed again
	Waiting   int   // kept messages waiting now, restarts included
}

// outboxBatch bounds the messages one background round tries, so a long
// outage does not make one round run for hours.
const outboxBatch = 100

// retryDelay is how long a kept message waits after its nth failed attempt:
// a minute after the first, doubling up to an hour.
func retryDelay(attempts int) time.Duration {
	return min(time.Minute<<min(max(attempts-1, 0), 6), time.Hour)
}

// replyError is a reply the platform would not take after the adapter tried
// every way it has (for a Discord interaction: its response, a follow-up
// message, a direct message).
type replyError struct{ err error }

func (e *replyError) Error() string { return e.err.Error() }
func (e *replyError) Unwrap() error { return e.err }

// ReplyFailed reports whether err is, or wraps, a handler's reply that the
// platform would not take. The handler's work is done by then: Dedupe keeps
// the delivery's claim rather than have a re-delivery repeat it.
func ReplyFailed(err error) bool {
	var re *replyError
	return errors.As(err, &re)
}

// replies wraps the ResponseWriter of every claimed event (it runs after
// Dedupe): an important reply that cannot be delivered is kept for the
// background round, and any other failed reply is marked for Dedupe.
func (b *Bot) replies(next Handler) Handler {
	return HandlerFunc(func(ctx context.Context, w ResponseWriter, e *Event) error {
		return next.ServeEvent(ctx, &replyWriter{w: w, b: b, e: e}, e)
	})
}

type replyWriter struct {
	w ResponseWriter
	b *Bot
	e *Event
}

// Unwrap returns the adapter's writer.
func (w *replyWriter) Unwrap() ResponseWriter { return w.w }

func (w *replyWriter) Reply(ctx context.Context, r Reply) (MessageRef, error) {
	ref, err := w.w.Reply(ctx, r)
	if err == nil {
		return ref, nil
	}
	if r.Important != "" && r.Form == nil {
		// Where the user would have seen it: the same conversation, or
		// their DM for a private reply in a shared channel.
		to, kept := w.e.Where, r
		if to.Channel == "" || r.Ephemeral && !to.DM {
			to = DirectTo(w.e.User.Platform, w.e.User.ID)
		}
		kept.Ephemeral = false
		if w.b.keep(ctx, to, kept, err) {
			return MessageRef{}, nil
		}
	}
	return ref, &replyError{err}
}

// keep stores an important message that could not be delivered, for the
// background round, and reports whether it was stored. The log names what
// the message is about, never its text.
func (b *Bot) keep(ctx context.Context, to Address, r Reply, cause error) bool {
	if b.outbox == nil {
		b.log.Error("important message not delivered", "about", r.Important, "to", to.String(), "err", cause)
		return false
	}
	ctx = context.WithoutCancel(ctx)
	body, err := json.Marshal(r)
	if err != nil {
		b.log.Error("important message not delivered and not kept", "about", r.Important, "to", to.String(), "err", cause, "keep_err", err)
		return false
	}
	now := b.now()
	// Due at once: the next background round makes the second attempt.
	id, err := b.outbox.AddOutgoing(ctx, ipdesk.Outgoing{To: to.String(), About: r.Important, Body: body, Attempts: 1, CreatedAt: now, NextAt: now})
	if err != nil {
		b.log.Error("important message not delivered and not kept", "about", r.Important, "to", to.String(), "err", cause, "keep_err", err)
		return false
	}
	b.kept.Add(1)
	b.log.Error("important message not delivered; kept to retry", "about", r.Important, "to", to.String(), "outbox", id, "err", cause)
	return true
}

// RetryOutbox makes one round of delivering kept messages that are due, and
// returns how many it delivered. A message that fails again is put off,
// longer after each failure, and logged at error level with what it is
// about; it stays until it is delivered.
func (b *Bot) RetryOutbox(ctx context.Context) (int, error) {
	if b.outbox == nil {
		return 0, nil
	}
	// One round at a time, so that no message is sent by two.
	b.outboxMu.Lock()
	defer b.outboxMu.Unlock()
	due, err := b.outbox.DueOutgoing(ctx, b.now(), outboxBatch)
	if err != nil {
		return 0, fmt.Errorf("kept messages: %w", err)
	}
	delivered := 0
	for _, o := range due {
		if ctx.Err() != nil {
			return delivered, ctx.Err()
		}
		to, err := ParseAddress(o.To)
		var r Reply
		if err == nil {
			err = json.Unmarshal(o.Body, &r)
		}
		if err != nil {
			// Nothing can deliver it; say so once, loudly.
			b.log.Error("kept message unreadable; dropped", "about", o.About, "outbox", o.ID, "err", err)
			if err := b.outbox.OutgoingDelivered(ctx, o.ID); err != nil {
				return delivered, err
			}
			continue
		}
		sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		_, err = b.send(sctx, to, r)
		cancel()
		if err != nil {
			next := b.now().Add(retryDelay(o.Attempts + 1))
			b.failed.Add(1)
			b.log.Error("important message still not delivered", "about", o.About, "to", o.To, "outbox", o.ID, "attempts", o.Attempts+1, "next", next, "err", err)
			if err := b.outbox.OutgoingFailed(ctx, o.ID, next); err != nil {
				return delivered, err
			}
			continue
		}
		// A crash right here delivers the message again after the restart:
		// twice is better than never for a receipt.
		if err := b.outbox.OutgoingDelivered(ctx, o.ID); err != nil {
			return delivered, err
		}
		delivered++
		b.delivered.Add(1)
		b.log.Info("kept message delivered", "about", o.About, "to", o.To, "outbox", o.ID, "attempts", o.Attempts+1)
	}
	return delivered, nil
}

// RunOutbox runs RetryOutbox at once and then every interval until ctx is
// done. The caller owns it and waits for it.
func (b *Bot) RunOutbox(ctx context.Context, interval time.Duration) {
	if b.outbox == nil {
		return
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if _, err := b.RetryOutbox(ctx); err != nil && ctx.Err() == nil {
			b.log.Error("retry kept messages", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// OutboxStats reports the important messages kept and delivered since the
// Bot started, and how many wait now.
func (b *Bot) OutboxStats(ctx context.Context) (OutboxStats, error) {
	st := OutboxStats{Kept: b.kept.Load(), Delivered: b.delivered.Load(), Failed: b.failed.Load()}
	if b.outbox == nil {
		return st, nil
	}
	n, err := b.outbox.CountOutgoing(ctx)
	if err != nil {
		return st, fmt.Errorf("kept messages: %w", err)
	}
	st.Waiting = n
	return st, nil
}
