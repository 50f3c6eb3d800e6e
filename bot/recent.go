package bot

import "sync"

// RecentIDs remembers the most recent ids, up to a limit, forgetting the
// oldest first. Adapters use it for the few deliveries they answer
// themselves, outside the Bot's handler chain (a press of a button that
// only opens a form): a platform re-delivers those within seconds, to the
// same process, so memory is enough there, while events that reach
// handlers are de-duplicated in the store (see Dedupe). It is safe for
// concurrent use.
type RecentIDs struct {
	mu   sync.Mutex
	seen map[string]bool
	ring []string // ids in the order added; next is overwritten first
	next int
}

// NewRecentIDs returns an empty set that remembers up to limit ids.
func NewRecentIDs(limit int) *RecentIDs {
	return &RecentIDs{seen: make(map[string]bool, limit), ring: make([]string, max(limit, 1))}
}

// Add remembers id and reports whether it was new. Exactly one of several
// concurrent Adds of the same id reports true. An empty id is always new.
func (r *RecentIDs) Add(id string) bool {
	if id == "" {
		return true
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.seen[id] {
		return false
	}
	if old := r.ring[r.next]; old != "" {
		delete(r.seen, old)
	}
	r.ring[r.next] = id
	r.next = (r.next + 1) % len(r.ring)
	r.seen[id] = true
	return true
}
