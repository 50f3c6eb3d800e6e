package bot

import (
	"sync"
	"time"
)

// How fast one user may send events. A person typing, pressing buttons or
// pasting a few lines at once sends a burst of a handful and then a message
// every few seconds; a script or a stuck client sends hundreds. Each user
// may send typingBurst events at once (enough to walk the whole complaint
// wizard without waiting) and one more every typingEvery after that,
// however far behind the bot is: the limit counts what the user sent, not
// only how many of their events still wait. (It used to count the waiting
// ones alone, so when the bot fell behind under load it refused people who
// had done nothing wrong.)
const (
	typingBurst = 60
	typingEvery = time.Second
)

// rateLimiter keeps a token bucket per key. Buckets that have refilled are
// dropped, so memory is bounded by the users active in the last
// typingBurst·typingEvery.
type rateLimiter struct {
	mu      sync.Mutex
	buckets map[string]*bucket
	swept   time.Time
}

type bucket struct {
	tokens float64
	at     time.Time // when tokens was counted
}

// allow takes one token from key's bucket and reports whether there was
// one.
func (l *rateLimiter) allow(key string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.buckets == nil {
		l.buckets = map[string]*bucket{}
	}
	full := typingBurst * typingEvery
	if now.Sub(l.swept) > full {
		for k, b := range l.buckets {
			if now.Sub(b.at) >= full {
				delete(l.buckets, k)
			}
		}
		l.swept = now
	}
	b := l.buckets[key]
	if b == nil {
		b = &bucket{tokens: typingBurst, at: now}
		l.buckets[key] = b
	}
	if elapsed := now.Sub(b.at); elapsed > 0 {
		b.tokens = min(typingBurst, b.tokens+float64(elapsed)/float64(typingEvery))
		b.at = now
	}
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}
