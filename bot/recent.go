package bot

import lru "github.com/hashicorp/golang-lru/v2"

// RecentIDs remembers the most recent ids, up to a limit, forgetting the
// least recently seen first. Adapters use it for the few deliveries they
// answer themselves, outside the Bot's handler chain (a press of a button
// that only opens a form): a platform re-delivers those within seconds, to
// the same process, so memory is enough there, while events that reach
// handlers are de-duplicated in the store (see Dedupe). It is safe for
// concurrent use.
type RecentIDs struct {
	seen *lru.Cache[string, struct{}]
}

// NewRecentIDs returns an empty set that remembers up to limit ids.
func NewRecentIDs(limit int) *RecentIDs {
	c, err := lru.New[string, struct{}](max(limit, 1))
	if err != nil {
		panic(err) // only for a size below 1
	}
	return &RecentIDs{seen: c}
}

// Add remembers id and reports whether it was new. Exactly one of several
// concurrent Adds of the same id reports true. An empty id is always new.
func (r *RecentIDs) Add(id string) bool {
	if id == "" {
		return true
	}
	known, _ := r.seen.ContainsOrAdd(id, struct{}{})
	return !known
}
