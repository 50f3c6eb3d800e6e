package postgres

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
)

// LeaderPoll is how often a replica that is not the leader tries to take
// over, and how often the leader checks that its lock connection is alive.
// A new leader waits two polls before it starts, so a dead leader's work
// is taken over within three polls (15 s) of its death when its process
// died (its connection closes at once), and later when its host vanished
// without closing the connection (the server notices that by TCP
// keepalive, set on the lock's connection, after about 25 s).
const LeaderPoll = 5 * time.Second

// Lead runs work while this process is the leader of the database's
// replicas, and returns when ctx is done. Leadership is a PostgreSQL
// session advisory lock held on a connection of its own: exactly one
// replica holds it, and it is released the moment that connection ends,
// so when the leader dies another replica's next attempt (every poll)
// takes over. When the leader loses its connection, the ctx given to work
// is cancelled and work must return before Lead tries again; work running
// twice at once during a takeover is harmless because everything it sends
// is claimed in the database first.
func (d *DB) Lead(ctx context.Context, name string, poll time.Duration, log *slog.Logger, work func(ctx context.Context)) {
	if poll <= 0 {
		poll = LeaderPoll
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	for ctx.Err() == nil {
		led, err := d.leadOnce(ctx, name, poll, log, work)
		if err != nil && ctx.Err() == nil {
			log.Warn("leader election", "err", err)
		}
		if led && ctx.Err() == nil {
			log.Warn("lost the leader lock; background work stopped here until it is won again")
		}
		select {
		case <-ctx.Done():
		case <-time.After(poll):
		}
	}
}

// leadOnce tries once to take the lock and, when it does, runs work until
// ctx ends or the lock's connection fails. led reports whether it led.
func (d *DB) leadOnce(ctx context.Context, name string, poll time.Duration, log *slog.Logger, work func(ctx context.Context)) (led bool, err error) {
	cfg := d.pool.Config().ConnConfig.Copy()
	// The server drops a connection whose peer stopped answering after
	// about 25 s, which frees the lock of a leader whose host vanished.
	cfg.RuntimeParams["tcp_keepalives_idle"] = "10"
	cfg.RuntimeParams["tcp_keepalives_interval"] = "5"
	cfg.RuntimeParams["tcp_keepalives_count"] = "3"
	cctx, cancel := context.WithTimeout(ctx, poll+10*time.Second)
	conn, err := pgx.ConnectConfig(cctx, cfg)
	cancel()
	if err != nil {
		return false, fmt.Errorf("connect for the leader lock: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	for {
		var got bool
		if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock(`+lockKey+`)`, "leader:"+name).Scan(&got); err != nil {
			return false, fmt.Errorf("try the leader lock: %w", err)
		}
		if got {
			break
		}
		select {
		case <-ctx.Done():
			return false, nil
		case <-time.After(poll):
		}
	}
	// A leader that lost its connection stops its work within two polls
	// (its next ping fails or times out); waiting as long before starting
	// keeps two leaders from working at once.
	select {
	case <-ctx.Done():
		return false, nil
	case <-time.After(2 * poll):
	}
	log.Info("leading: this replica runs the background work", "work", name)
	wctx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		work(wctx)
	}()
	t := time.NewTicker(poll)
	defer t.Stop()
	for err == nil {
		select {
		case <-ctx.Done():
			stop()
			if done != nil {
				<-done
			}
			return true, nil
		case <-done:
			// work returned by itself; keep the lock until ctx ends, so
			// no other replica starts it again.
			done = nil
		case <-t.C:
			pctx, cancel := context.WithTimeout(ctx, poll)
			err = conn.Ping(pctx)
			cancel()
			if errors.Is(err, context.Canceled) && ctx.Err() != nil {
				err = nil
			}
		}
	}
	stop()
	if done != nil {
		<-done
	}
	return true, fmt.Errorf("the leader lock's connection failed: %w", err)
}
