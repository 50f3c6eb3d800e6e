package eventually_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk/internal/eventually"
)

func TestPollReturnsOnceTheConditionHolds(t *testing.T) {
	t.Parallel()
	var tries atomic.Int32
	err := eventually.Poll(context.Background(), func() error {
		if n := tries.Add(1); n < 5 {
			return fmt.Errorf("try %d", n)
		}
		return nil
	})
	if err != nil || tries.Load() != 5 {
		t.Fatalf("Poll = %v after %d tries, want nil after 5", err, tries.Load())
	}
}

func TestPollSaysWhatItLastSawWhenTimeRunsOut(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	var tries atomic.Int32
	err := eventually.Poll(ctx, func() error {
		if tries.Add(1) == 3 {
			cancel()
		}
		return fmt.Errorf("%d cards", tries.Load())
	})
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "last seen: 4 cards") {
		t.Fatalf("Poll = %v, want context.Canceled and the last try's state", err)
	}
}

func TestPollStopsAtAnErrorNoWaitCures(t *testing.T) {
	t.Parallel()
	broken := errors.New("database is closed")
	tries := 0
	err := eventually.Poll(context.Background(), func() error {
		tries++
		return eventually.Stop(broken)
	})
	if err != broken || tries != 1 {
		t.Fatalf("Poll = %v after %d tries, want the store's error after 1", err, tries)
	}
}

// recorder is a testing.TB that keeps the failure instead of failing.
type recorder struct {
	testing.TB
	msg string
}

func (r *recorder) Helper() {}
func (r *recorder) Fatalf(format string, args ...any) {
	r.msg = fmt.Sprintf(format, args...)
}

func TestCheckNamesWhatWasAwaited(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	r := &recorder{TB: t}
	eventually.Check(r, ctx, "a card for every complaint", func() error { return errors.New("2 cards, want 3") })
	if want := "waited for a card for every complaint: context deadline exceeded; last seen: 2 cards, want 3"; r.msg != want {
		t.Fatalf("failure message %q, want %q", r.msg, want)
	}
	r.msg = ""
	eventually.Check(r, context.Background(), "nothing", func() error { return nil })
	if r.msg != "" {
		t.Fatalf("a condition that holds failed the test: %q", r.msg)
	}
}
