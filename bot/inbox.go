package bot

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/ipdesk/ipdesk"
)

// InboxStore keeps each inbound event from the moment it is taken until it
// is handled, so that an event a process took and then died with is
// handled again (see ipdesk.WithEvent for how a store marks it applied
// together with its first change).
type InboxStore interface {
	// ReceiveEvent keeps an event about to be handled by owner, leased to
	// it until lease; false means it was received before.
	ReceiveEvent(ctx context.Context, id, owner string, body []byte, lease time.Time) (bool, error)
	// HandledEvent marks it handled: its handling ended.
	HandledEvent(ctx context.Context, id string) error
	// ClaimEvents takes events not handled whose lease ran out by now,
	// leasing them to owner until lease.
	ClaimEvents(ctx context.Context, owner string, now, lease time.Time, limit int) ([]ipdesk.InboxEvent, error)
}

// DefaultInboxLease is how long an event taken by a replica is its own to
// handle; past it, another replica (the leader) handles it again. Events
// take milliseconds; a minute leaves room for a slow platform.
const DefaultInboxLease = time.Minute

// maxReplays is how often a left-over event is handled again before it is
// given up (marked handled and logged): an event that kills whoever
// handles it must not take every replica down in turn.
const maxReplays = 3

// newReplicaID names this process in the inbox: host, process id and a
// random part, so that a restarted process is another owner.
func newReplicaID() string {
	host, _ := os.Hostname()
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%s/%d/%s", host, os.Getpid(), hex.EncodeToString(b))
}

// keepInInbox records each event with a delivery id in the inbox before it
// is handled and marks it handled after; the handler runs with the event's
// id in its context, so the store marks it applied in the transaction of
// its first change. A process that dies in between leaves the event for
// ReplayInbox.
func (b *Bot) keepInInbox(next Handler) Handler {
	return HandlerFunc(func(ctx context.Context, w ResponseWriter, e *Event) error {
		if e.ID == "" {
			return next.ServeEvent(ctx, w, e)
		}
		body, err := json.Marshal(e)
		if err != nil {
			return fmt.Errorf("keep event: %w", err)
		}
		fresh, err := b.inbox.ReceiveEvent(ctx, e.ID, b.replica, body, b.now().Add(b.lease))
		if err != nil {
			return fmt.Errorf("keep event: %w", err)
		}
		if !fresh {
			// Its delivery claim was released after a failure, and the
			// inbox still holds it from then: handle it now.
			b.log.Debug("event received again", "delivery", e.ID)
		}
		err = next.ServeEvent(ipdesk.WithEvent(ctx, e.ID), w, e)
		if herr := b.inbox.HandledEvent(context.WithoutCancel(ctx), e.ID); herr != nil {
			b.log.Error("mark event handled", "delivery", e.ID, "err", herr)
		}
		return err
	})
}

// ReplayInbox handles again, through h, the events that a process took
// and did not finish (it died, or hung past its lease), up to limit of
// them, claimed as of now: each by exactly one replica. An event whose
// change was kept before the process died is handled again too, so that
// its user is answered: the handlers make a repeated event change nothing
// twice (a filing finds its complaint, a decision its version, a draft
// remembers the event that saved it). Replies go to where each event
// happened (a private reply in a channel to the user's direct messages),
// since the original interaction may have expired. It returns how many
// events it handled.
func (b *Bot) ReplayInbox(ctx context.Context, h Handler, now time.Time, limit int) (int, error) {
	if b.inbox == nil {
		return 0, nil
	}
	evs, err := b.inbox.ClaimEvents(ctx, b.replica, now, b.now().Add(b.lease), limit)
	if err != nil {
		return 0, fmt.Errorf("left-over events: %w", err)
	}
	chain := Chain(h, Logging(b.log), ShowErrors(b.log), b.replies, Recover, b.markStaff, b.serialize)
	n := 0
	for _, ie := range evs {
		var e Event
		if err := json.Unmarshal(ie.Body, &e); err != nil || ie.Attempts > maxReplays+1 {
			b.log.Error("left-over event given up", "delivery", ie.ID, "attempts", ie.Attempts, "err", err)
			if herr := b.inbox.HandledEvent(ctx, ie.ID); herr != nil {
				return n, herr
			}
			continue
		}
		b.log.Warn("handling an event a process took and did not handle", "delivery", ie.ID, "kind", e.Kind.String(), "attempt", ie.Attempts)
		err := chain.ServeEvent(ipdesk.WithEvent(ctx, e.ID), replayWriter{b: b, e: &e}, &e)
		if err != nil && ctx.Err() != nil {
			return n, err // shutting down: leave it for the next round
		}
		if herr := b.inbox.HandledEvent(context.WithoutCancel(ctx), ie.ID); herr != nil {
			return n, herr
		}
		n++
	}
	return n, nil
}

// replayWriter answers a replayed event where it happened.
type replayWriter struct {
	b *Bot
	e *Event
}

func (w replayWriter) Reply(ctx context.Context, r Reply) (MessageRef, error) {
	to := w.e.Where
	if r.Ephemeral && !to.DM {
		to = DirectTo(w.e.User.Platform, w.e.User.ID)
	}
	r.Ephemeral = false
	return w.b.Send(ctx, to, r)
}
