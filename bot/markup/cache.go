package markup

import (
	"container/list"
	"hash/maphash"
	"sync"
)

// splitCache remembers Split's results for the texts the bot sends again
// and again. Parsing and rendering CommonMark was a tenth of the bot's CPU
// under load, most of it spent on the same few hundred knowledge-base
// sections every time they answered a question. The cache is keyed by the
// text itself with its format and limit, so it is per platform and per
// language without knowing either, and a knowledge base reload that
// changes a section changes its key: the old rendering is never served
// again and ages out.
//
// A text is kept only the second time it is rendered within the last
// doorkeeperSize renderings (the first time only its hash is noted), so
// one-off texts, such as a wizard's summary of a complaint, never displace
// the answers that repeat, and are not held longer than the reply that
// carried them.
//
// It is written here rather than on golang-lru (which the adapters' id and
// form caches use) because it is bounded by the bytes it holds as well as
// by entries, and admits a text only on its second rendering; golang-lru
// bounds entries only, and a few long answers would hold megabytes.
type splitCache struct {
	mu      sync.Mutex
	entries map[splitKey]*list.Element // of *splitEntry
	lru     list.List                  // most recently used first
	size    int                        // bytes of text held, keys and chunks
	seen    map[uint64]struct{}        // hashes of texts rendered once
	seed    maphash.Seed

	maxEntries, maxBytes int
}

type splitKey struct {
	f     Format
	limit int
	text  string
}

type splitEntry struct {
	key    splitKey
	chunks []string
	size   int
}

// Bounds of the cache: the bundled knowledge base has a few hundred
// sections; an operator's larger one keeps its most asked.
const (
	cacheEntries   = 1024
	cacheBytes     = 8 << 20
	doorkeeperSize = 4096
)

var splits = newSplitCache(cacheEntries, cacheBytes)

func newSplitCache(maxEntries, maxBytes int) *splitCache {
	return &splitCache{
		entries:    map[splitKey]*list.Element{},
		seen:       map[uint64]struct{}{},
		seed:       maphash.MakeSeed(),
		maxEntries: maxEntries,
		maxBytes:   maxBytes,
	}
}

// split returns the chunks of markdown rendered for f within limit, from
// the cache when it has them. The slice is the caller's to change.
func (c *splitCache) split(f Format, markdown string, limit int) []string {
	key := splitKey{f, limit, markdown}
	c.mu.Lock()
	if e, ok := c.entries[key]; ok {
		c.lru.MoveToFront(e)
		out := append([]string(nil), e.Value.(*splitEntry).chunks...)
		c.mu.Unlock()
		return out
	}
	h := maphash.String(c.seed, markdown) ^ uint64(f)<<56 ^ uint64(limit)
	_, again := c.seen[h]
	if !again {
		if len(c.seen) >= doorkeeperSize {
			clear(c.seen)
		}
		c.seen[h] = struct{}{}
	}
	c.mu.Unlock()

	chunks := split(f, markdown, limit)
	if !again {
		return chunks
	}
	size := len(markdown)
	for _, s := range chunks {
		size += len(s)
	}
	if size > c.maxBytes/16 {
		return chunks // one text must not take the cache
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.entries[key]; !ok {
		c.entries[key] = c.lru.PushFront(&splitEntry{key: key, chunks: chunks, size: size})
		c.size += size
		for len(c.entries) > c.maxEntries || c.size > c.maxBytes {
			old := c.lru.Back()
			e := old.Value.(*splitEntry)
			c.lru.Remove(old)
			delete(c.entries, e.key)
			c.size -= e.size
		}
	}
	return append([]string(nil), chunks...)
}
