// Package eventually waits, in tests, for something another goroutine or
// process brings about: a log line, a message in a fake's channel, a
// health status, a saved draft.
//
// Tests poll only what has no notification of its own; where a fake
// offers one (slackfake.Server.NextShown, discordfake.Server.WaitMessages)
// the test waits on that instead. Every wait is bounded by the test's
// context, so a hang ends at the test's budget with a message that names
// what was awaited and what was last seen, never at a fixed sleep.
package eventually

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// The pause between two tries starts at firstPause and doubles up to
// maxPause: a condition that holds soon is seen soon, and one that takes
// seconds (a rebuild under the race detector) costs few tries.
const (
	firstPause = time.Millisecond
	maxPause   = 50 * time.Millisecond
)

// Poll calls cond until it returns nil or ctx ends. It returns nil once
// cond has, or ctx's error wrapped with cond's last, so that the caller
// can say what the condition looked like when time ran out. A cond that
// meets an error no wait can cure reports it through Stop.
func Poll(ctx context.Context, cond func() error) error {
	pause := firstPause
	timer := time.NewTimer(pause)
	defer timer.Stop()
	for {
		err := cond()
		if err == nil {
			return nil
		}
		if s, ok := err.(stopped); ok {
			return s.err
		}
		timer.Reset(pause)
		select {
		case <-ctx.Done():
			// One last look: the condition may have come true while
			// this goroutine waited.
			if err = cond(); err == nil {
				return nil
			}
			return fmt.Errorf("%w; last seen: %v", ctx.Err(), err)
		case <-timer.C:
		}
		pause = min(2*pause, maxPause)
	}
}

// Check is Poll for a test: it fails tb, naming what, when ctx ends
// before cond returns nil. It must be called from the test's goroutine.
func Check(tb testing.TB, ctx context.Context, what string, cond func() error) {
	tb.Helper()
	if err := Poll(ctx, cond); err != nil {
		tb.Fatalf("waited for %s: %v", what, err)
	}
}

// Stop wraps an error after which polling is pointless (a store that
// fails, a process that exited): Poll returns it at once.
func Stop(err error) error {
	if err == nil {
		return nil
	}
	return stopped{err}
}

type stopped struct{ err error }

func (s stopped) Error() string { return s.err.Error() }
func (s stopped) Unwrap() error { return s.err }
