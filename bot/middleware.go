package bot

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"

	"github.com/ipdesk/ipdesk"
)

// Recover turns a panic in a handler into an internal error carrying the
// stack, so one bad event never takes the bot down.
func Recover(next Handler) Handler {
	return HandlerFunc(func(ctx context.Context, w ResponseWriter, e *Event) (err error) {
		defer func() {
			if p := recover(); p != nil {
				err = &panicError{value: p, stack: debug.Stack()}
			}
		}()
		return next.ServeEvent(ctx, w, e)
	})
}

type panicError struct {
	value any
	stack []byte
}

func (p *panicError) Error() string { return fmt.Sprintf("panic: %v", p.value) }

// DeliveryStore remembers platform delivery ids, so that an event delivered
// twice (a Slack retry, a socket re-delivery, a Discord resume replay) has
// one effect, even across restarts.
type DeliveryStore interface {
	// Claim records id and reports whether it was new.
	Claim(ctx context.Context, id string) (bool, error)
	// Release forgets id, so a re-delivery of an event whose handling
	// failed is handled again.
	Release(ctx context.Context, id string) error
}

// ClaimObserver is implemented by a ResponseWriter that answers the
// platform on its own, not only when a handler replies: Discord's
// interaction writer defers a slow interaction and acknowledges one nobody
// answered. An interaction accepts exactly one initial response, so a
// duplicate delivery that acknowledged it would take the response that the
// delivery being handled needs for its reply. Dedupe tells such a writer
// when it starts to claim the delivery and whether the event turned out to
// be a duplicate; the writer answers nothing for a duplicate, and nothing on
// its own before the claim is decided.
type ClaimObserver interface {
	// ClaimPending is called before the delivery id is claimed.
	ClaimPending()
	// ClaimDecided is called once the claim is decided: duplicate is true
	// when another delivery of the event holds it, and the handler will
	// not run for this one.
	ClaimDecided(duplicate bool)
}

// claimObserver finds the ClaimObserver behind w, looking through writers
// that wrap another (with an Unwrap method), or returns nil.
func claimObserver(w ResponseWriter) ClaimObserver {
	for w != nil {
		if o, ok := w.(ClaimObserver); ok {
			return o
		}
		u, ok := w.(interface{ Unwrap() ResponseWriter })
		if !ok {
			return nil
		}
		w = u.Unwrap()
	}
	return nil
}

// Dedupe drops events whose ID was already claimed, without a word to the
// platform: the delivery that holds the claim answers. When the handler
// fails with an internal error the claim is released so the platform's
// retry can succeed; a user-facing error (bad input) keeps it, since a retry
// would only repeat the same answer, and so does a reply the platform would
// not take (see ReplyFailed): the handler's work is done, and running it
// again would repeat it.
func Dedupe(store DeliveryStore, log *slog.Logger) Middleware {
	return func(next Handler) Handler {
		return HandlerFunc(func(ctx context.Context, w ResponseWriter, e *Event) error {
			if e.ID == "" {
				return next.ServeEvent(ctx, w, e)
			}
			obs := claimObserver(w)
			if obs != nil {
				obs.ClaimPending()
			}
			fresh, err := store.Claim(ctx, e.ID)
			if obs != nil {
				// A failed claim is no duplicate: its error is shown.
				obs.ClaimDecided(err == nil && !fresh)
			}
			if err != nil {
				return fmt.Errorf("claim delivery: %w", err)
			}
			if !fresh {
				log.Debug("duplicate delivery dropped", "delivery", e.ID)
				return nil
			}
			err = next.ServeEvent(ctx, w, e)
			if err != nil && ipdesk.ErrorCode(err) == ipdesk.EINTERNAL && !isFormError(err) && !ReplyFailed(err) {
				if rerr := store.Release(context.WithoutCancel(ctx), e.ID); rerr != nil {
					log.Error("release delivery", "delivery", e.ID, "err", rerr)
				}
			}
			return err
		})
	}
}

// ShowErrors is the one place where a handler's error becomes what the user
// sees. An *ipdesk.Error shows its message; anything else is logged with a
// short random reference that the user can quote to staff. A *FormError is
// passed back to the adapter, which shows it inside the form.
func ShowErrors(log *slog.Logger) Middleware {
	return func(next Handler) Handler {
		return HandlerFunc(func(ctx context.Context, w ResponseWriter, e *Event) error {
			err := next.ServeEvent(ctx, w, e)
			if err == nil || isFormError(err) {
				return err
			}
			msg := e.Printer().Error(err)
			if ipdesk.ErrorCode(err) == ipdesk.EINTERNAL {
				ref := NewRef()
				attrs := []any{"ref", ref, "err", err, "kind", e.Kind.String(), "platform", e.Where.Platform}
				var p *panicError
				if errors.As(err, &p) {
					attrs = append(attrs, "stack", string(p.stack))
				}
				log.Error("handler failed", attrs...)
				msg = e.Printer().T("bot.internal", "Ref", ref)
			} else {
				log.Info("refused", "code", ipdesk.ErrorCode(err), "user", e.User.Key(), "kind", e.Kind.String())
			}
			if _, rerr := w.Reply(context.WithoutCancel(ctx), Reply{Text: msg, Ephemeral: true}); rerr != nil {
				log.Error("reply with error message", "err", rerr)
			}
			return nil
		})
	}
}

func isFormError(err error) bool {
	var fe *FormError
	return errors.As(err, &fe)
}

// Logging logs one line per event with its outcome and duration. It logs
// ids and kinds, never message text, so contact details typed into a
// complaint do not end up in the log.
func Logging(log *slog.Logger) Middleware {
	return func(next Handler) Handler {
		return HandlerFunc(func(ctx context.Context, w ResponseWriter, e *Event) error {
			start := time.Now()
			err := next.ServeEvent(ctx, w, e)
			attrs := []any{"kind", e.Kind.String(), "platform", e.Where.Platform, "user", e.User.Key(), "took", time.Since(start).Round(time.Microsecond)}
			switch e.Kind {
			case KindCommand:
				attrs = append(attrs, "command", e.Command)
			case KindAction:
				attrs = append(attrs, "action", e.Action.ID)
			case KindSubmit:
				attrs = append(attrs, "form", e.Form.ID)
			}
			if err != nil {
				attrs = append(attrs, "err", err)
			}
			log.Debug("event", attrs...)
			return err
		})
	}
}

// RequireStaff refuses the event unless its user is staff. Use it on action
// and form routes that only staff may take; the check runs on the server for
// every event, whatever the platform showed.
func RequireStaff(next Handler) Handler {
	return HandlerFunc(func(ctx context.Context, w ResponseWriter, e *Event) error {
		if !e.User.Staff {
			return Refused(RefusedNotStaff, &ipdesk.Error{Code: ipdesk.EUNAUTHORIZED, Message: e.Printer().T("bot.staff_only")})
		}
		return next.ServeEvent(ctx, w, e)
	})
}

// NewRef returns a short random reference such as "k3q9x2", for error
// messages that users can quote and operators can grep.
func NewRef() string {
	const alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}
