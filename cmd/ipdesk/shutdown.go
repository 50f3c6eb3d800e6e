package main

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ipdesk/ipdesk/bot"
)

// shutdown is the App's graceful stop. When the run's context ends (SIGTERM
// or SIGINT), the adapters stop taking events; readiness turns false at
// once; events already being handled may finish within the shutdown
// timeout, after which their context is cancelled so that none holds the
// process (or the database) any longer. Run then waits for the background
// loops and returns, and Close closes the database.
type shutdown struct {
	hard     context.Context // cancelled when the grace period is over
	cancel   context.CancelFunc
	once     sync.Once
	begun    atomic.Bool
	inFlight atomic.Int64
}

func (s *shutdown) init() {
	s.hard, s.cancel = context.WithCancel(context.Background())
}

// track is bot middleware: it counts the events in flight and gives each a
// context that ends when the grace period does.
func (s *shutdown) track(next bot.Handler) bot.Handler {
	return bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		s.inFlight.Add(1)
		defer s.inFlight.Add(-1)
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		stop := context.AfterFunc(s.hard, cancel)
		defer stop()
		return next.ServeEvent(ctx, w, e)
	})
}

// begin starts the grace period, once.
func (s *shutdown) begin(log *slog.Logger, grace time.Duration) {
	s.once.Do(func() {
		s.begun.Store(true)
		if n := s.inFlight.Load(); n > 0 {
			log.Info("shutting down; finishing events in flight", "in_flight", n, "timeout", grace)
		}
		time.AfterFunc(grace, func() {
			if n := s.inFlight.Load(); n > 0 {
				log.Warn("shutdown timeout passed; cancelling events still in flight", "in_flight", n)
			}
			s.cancel()
		})
	})
}

func (s *shutdown) stopping() bool { return s.begun.Load() }
