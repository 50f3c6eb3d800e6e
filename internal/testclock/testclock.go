// Package testclock is a clock that moves only when a test moves it. The
// fakes read deadlines (Discord's 3 s for an interaction's first answer,
// its 15-minute interaction token, Slack's 3 s trigger_id) from a Now
// function; a test hands them a Clock's Now and expires a deadline with
// Advance instead of sleeping past it.
package testclock

import (
	"sync"
	"time"
)

// Clock is a settable time source, safe for concurrent use.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// New returns a Clock that reads start until advanced.
func New(start time.Time) *Clock { return &Clock{now: start} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}
