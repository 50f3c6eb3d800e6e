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

// Dedupe drops events whose ID was already claimed. When the handler fails
// with an internal error the claim is released so the platform's retry can
// succeed; a user-facing error (bad input) keeps it, since a retry would only
// repeat the same answer.
func Dedupe(store DeliveryStore, log *slog.Logger) Middleware {
	return func(next Handler) Handler {
		return HandlerFunc(func(ctx context.Context, w ResponseWriter, e *Event) error {
			if e.ID == "" {
				return next.ServeEvent(ctx, w, e)
			}
			fresh, err := store.Claim(ctx, e.ID)
			if err != nil {
				return fmt.Errorf("claim delivery: %w", err)
			}
			if !fresh {
				log.Debug("duplicate delivery dropped", "delivery", e.ID)
				return nil
			}
			err = next.ServeEvent(ctx, w, e)
			if err != nil && ipdesk.ErrorCode(err) == ipdesk.EINTERNAL && !isFormError(err) {
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
			msg := ipdesk.ErrorMessage(err)
			if ipdesk.ErrorCode(err) == ipdesk.EINTERNAL {
				ref := NewRef()
				attrs := []any{"ref", ref, "err", err, "kind", e.Kind.String(), "platform", e.Where.Platform}
				var p *panicError
				if errors.As(err, &p) {
					attrs = append(attrs, "stack", string(p.stack))
				}
				log.Error("handler failed", attrs...)
				msg = fmt.Sprintf("Something went wrong (ref %s). Please try again; if it keeps happening, tell staff this reference.", ref)
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
			return Refused(RefusedNotStaff, ipdesk.Errorf(ipdesk.EUNAUTHORIZED, "Only staff can do that."))
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
