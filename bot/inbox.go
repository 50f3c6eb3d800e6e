package bot

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
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
	// ForgetEvent removes it, for an event the platform will send again.
	ForgetEvent(ctx context.Context, id string) error
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

type eventKey struct{}

// stashEvent puts the event in ctx for inboxClaims, which Dedupe calls
// with the delivery id only.
func stashEvent(next Handler) Handler {
	return HandlerFunc(func(ctx context.Context, w ResponseWriter, e *Event) error {
		return next.ServeEvent(context.WithValue(ctx, eventKey{}, e), w, e)
	})
}

// inboxClaims is the delivery store Dedupe uses when the Bot keeps an
// inbox: a delivery is claimed only once the event is in the inbox, and
// the inbox decides between copies. A process that died after claiming a
// delivery and before keeping its event left a claim without an event;
// the platform, never acknowledged, sends the event again, and that copy
// is kept and handled.
type inboxClaims struct {
	DeliveryStore
	b *Bot
}

func (c inboxClaims) Claim(ctx context.Context, id string) (bool, error) {
	fresh, err := c.DeliveryStore.Claim(ctx, id)
	if err != nil {
		return false, err
	}
	e, _ := ctx.Value(eventKey{}).(*Event)
	if e == nil {
		return fresh, nil
	}
	body, err := json.Marshal(e)
	if err != nil {
		return false, fmt.Errorf("keep event: %w", err)
	}
	kept, err := c.b.inbox.ReceiveEvent(ctx, id, c.b.replica, body, c.b.now().Add(c.b.lease))
	if err != nil {
		return false, fmt.Errorf("keep event: %w", err)
	}
	if !fresh && kept {
		c.b.log.Warn("an event claimed by a process that died before keeping it was delivered again", "delivery", id)
	}
	return kept, nil
}

// Release forgets the claim and the kept event, so the platform's next
// delivery of it is handled afresh (Dedupe releases after a failure).
func (c inboxClaims) Release(ctx context.Context, id string) error {
	if err := c.DeliveryStore.Release(ctx, id); err != nil {
		return err
	}
	return c.b.inbox.ForgetEvent(ctx, id)
}

// keepInInbox runs after the event was kept (see inboxClaims): it lets the
// adapter acknowledge it, runs the handler with the event's id in its
// context, so the store marks it applied in the transaction of its first
// change, and marks it handled after. A process that dies in between
// leaves the event for ReplayInbox.
func (b *Bot) keepInInbox(next Handler) Handler {
	return HandlerFunc(func(ctx context.Context, w ResponseWriter, e *Event) error {
		if e.ID == "" {
			return next.ServeEvent(ctx, w, e)
		}
		if e.Accept != nil {
			e.Accept()
		}
		err := next.ServeEvent(ipdesk.WithEvent(ctx, e.ID), w, e)
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
	// The event was kept before its language was resolved: it is
	// resolved again, so the replay answers in the user's language.
	inner := []Middleware{b.replies, Recover, b.markStaff, b.serialize, Languages(b.cat, b.langs, b.defLang, b.log)}
	chain := Chain(h, append([]Middleware{Logging(b.log), ShowErrors(b.log)}, inner...)...)
	applied := Chain(h, append([]Middleware{Logging(b.log)}, inner...)...)
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
		b.reopenFiles(&e)
		e.Replayed = true
		c := chain
		if ie.Applied {
			// Its change was kept before its process died, and its
			// answer most likely went out with it: an error now (the
			// draft it answered has been filed since) is the user's
			// state having moved on, and is logged, not shown to them.
			c = applied
		}
		err := c.ServeEvent(ipdesk.WithEvent(ctx, e.ID), replayWriter{b: b, e: &e}, &e)
		if err != nil && ctx.Err() != nil {
			return n, err // shutting down: leave it for the next round
		}
		if err != nil && ie.Applied {
			b.log.Warn("an event handled again after its change was kept failed; not shown to the user", "delivery", ie.ID, "err", err)
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

// FileOpener is implemented by adapters that can fetch a file of an event
// again from its URL, as they fetched it when the event arrived: an event
// kept in the inbox keeps its files' URLs, not the means to open them.
type FileOpener interface {
	OpenFile(ctx context.Context, f File) (io.ReadCloser, error)
}

// reopenFiles gives a replayed event's files the means to open them, from
// the adapter of the event's platform.
func (b *Bot) reopenFiles(e *Event) {
	fo, ok := b.adapters[e.Where.Platform].(FileOpener)
	if !ok {
		return
	}
	for i := range e.Files {
		f := e.Files[i]
		if f.Open == nil && f.URL != "" {
			e.Files[i].Open = func(ctx context.Context) (io.ReadCloser, error) { return fo.OpenFile(ctx, f) }
		}
	}
}
