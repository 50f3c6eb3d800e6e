package markup

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// The cache gives what rendering gives, keeps a text only when it comes
// back, stays within its bounds, and hands out copies.
func TestSplitCache(t *testing.T) {
	c := newSplitCache(3, 1<<20)
	doc := "**Trademarks in the US**\n\nA registration lasts ten years.\n\n- renew\n- every ten years\n\n_Source: USPTO_"
	want := split(Slack, doc, 40)
	if got := c.split(Slack, doc, 40); !slices.Equal(got, want) {
		t.Fatalf("first split: %q, want %q", got, want)
	}
	if len(c.entries) != 0 {
		t.Fatal("a text rendered once was kept")
	}
	got := c.split(Slack, doc, 40)
	if !slices.Equal(got, want) || len(c.entries) != 1 {
		t.Fatalf("second split: %q (%d kept), want %q kept", got, len(c.entries), want)
	}
	got[0] = "changed by the caller"
	if again := c.split(Slack, doc, 40); !slices.Equal(again, want) {
		t.Fatalf("a caller's change reached the cache: %q", again)
	}
	// The format and the limit are part of the key.
	for range 2 {
		if got := c.split(Discord, doc, 40); !slices.Equal(got, split(Discord, doc, 40)) {
			t.Fatalf("Discord from the cache: %q", got)
		}
		if got := c.split(Slack, doc, 3000); !slices.Equal(got, split(Slack, doc, 3000)) {
			t.Fatalf("another limit from the cache: %q", got)
		}
	}
	// A reloaded section is a new text: its rendering, never the old one.
	edited := strings.Replace(doc, "ten years", "10 years", 1)
	if got := c.split(Slack, edited, 40); !slices.Equal(got, split(Slack, edited, 40)) {
		t.Fatalf("edited text: %q", got)
	}
	for i := range 10 {
		text := fmt.Sprintf("section %d", i)
		c.split(Plain, text, 100)
		c.split(Plain, text, 100)
	}
	if len(c.entries) != 3 || c.lru.Len() != 3 {
		t.Fatalf("%d entries (%d in order), want the bound of 3", len(c.entries), c.lru.Len())
	}
	if _, ok := c.entries[splitKey{Plain, 100, "section 9"}]; !ok {
		t.Fatal("the most recent text was evicted")
	}
}

func TestSplitCacheBytes(t *testing.T) {
	c := newSplitCache(100, 64*16)
	long := strings.Repeat("word ", 300)
	c.split(Plain, long, 100)
	c.split(Plain, long, 100)
	if len(c.entries) != 0 {
		t.Fatal("a text larger than a sixteenth of the cache was kept")
	}
	for i := range 40 {
		text := fmt.Sprintf("a short section, number %d", i)
		c.split(Plain, text, 100)
		c.split(Plain, text, 100)
	}
	if c.size > 64*16 {
		t.Fatalf("cache holds %d bytes, bound %d", c.size, 64*16)
	}
}

func BenchmarkSplitAnswer(b *testing.B) {
	doc := strings.Repeat("**A heading**\n\nSome text with a [link](https://example.com) and `code`.\n\n- one\n- two\n\n", 20)
	b.Run("uncached", func(b *testing.B) {
		for b.Loop() {
			split(Slack, doc, 3000)
		}
	})
	b.Run("cached", func(b *testing.B) {
		for b.Loop() {
			Split(Slack, doc, 3000)
		}
	})
}
