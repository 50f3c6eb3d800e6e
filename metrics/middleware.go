package metrics

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
)

// platform is the label of a platform id: the ids come from the adapters
// that run (events, delivery ids, store writes), so they are few; anything
// that cannot be a platform's id is "other".
func platform(p string) string {
	if bot.ValidPlatformID(p) {
		return p
	}
	return "other"
}

// Middleware counts every event and times its handling. Give it to the Bot
// (bot.Config.Middleware), where it runs after errors are shown to the user
// and so sees the error each event's handling returned.
func (m *Metrics) Middleware(next bot.Handler) bot.Handler {
	return bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		kind := e.Kind.String()
		m.events.WithLabelValues(platform(e.User.Platform), kind).Inc()
		m.inFlight.Inc()
		defer m.inFlight.Dec()
		start := time.Now()
		err := next.ServeEvent(ctx, w, e)
		m.handling.WithLabelValues(kind).Observe(time.Since(start).Seconds())
		if err == nil {
			return nil
		}
		var fe *bot.FormError
		code := ipdesk.ErrorCode(err)
		if errors.As(err, &fe) {
			code = ipdesk.EINVALID // a form answered with its fields' problems
		}
		m.errors.WithLabelValues(code).Inc()
		switch reason := bot.RefusalReason(err); {
		case reason != "":
			m.refusals.WithLabelValues(reason).Inc()
		case code == ipdesk.EUNAUTHORIZED:
			m.refusals.WithLabelValues("not_allowed").Inc()
		}
		return err
	})
}

// Deliveries wraps the store of delivery ids to count the duplicates it
// drops.
func (m *Metrics) Deliveries(s bot.DeliveryStore) bot.DeliveryStore {
	return &deliveries{DeliveryStore: s, m: m}
}

type deliveries struct {
	bot.DeliveryStore
	m *Metrics
}

func (d *deliveries) Claim(ctx context.Context, id string) (bool, error) {
	fresh, err := d.DeliveryStore.Claim(ctx, id)
	if err == nil && !fresh {
		p, _, _ := strings.Cut(id, ":")
		d.m.duplicates.WithLabelValues(platform(p)).Inc()
	}
	return fresh, err
}
