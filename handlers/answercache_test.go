package handlers_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ipdesk/ipdesk/handlers"
	"github.com/ipdesk/ipdesk/knowledge"
)

// A question asked again in the same words, however spaced, is answered
// as the base answered it, with the asker's own text as the question.
func TestAnswerCacheAnswersRepeats(t *testing.T) {
	ctx := context.Background()
	index := openBase(t)
	c := handlers.NewAnswerCache(index, 8)
	const q = "how long does a us trademark last"
	want, err := index.Ask(ctx, q)
	if err != nil || !want.Answered {
		t.Fatalf("the base does not answer %q: %v", q, err)
	}
	for _, asked := range []string{q, "  how long does a us\ttrademark   last ", q} {
		got, err := c.Ask(ctx, asked)
		if err != nil {
			t.Fatal(err)
		}
		if got.Question != asked {
			t.Errorf("question %q, want %q", got.Question, asked)
		}
		if !got.Answered || got.Article() != want.Article() || got.Sections[0] != want.Sections[0] {
			t.Errorf("%q answered from %v, want %v", asked, got.Article(), want.Article())
		}
	}
	if n := c.Len(); n != 1 {
		t.Errorf("%d answers held for one question asked three ways", n)
	}
	// Case counts: "US" may mean something "us" does not.
	if _, err := c.Ask(ctx, "How long does a US trademark last"); err != nil {
		t.Fatal(err)
	}
	if n := c.Len(); n != 2 {
		t.Errorf("%d answers held, want 2", n)
	}
	// Declined questions are answered from memory too, declined.
	off := "what is the best pizza topping"
	for range 2 {
		if a, err := c.Ask(ctx, off); err != nil || a.Answered {
			t.Fatalf("%q answered (%v)", off, err)
		}
	}
}

// openBase opens the bundled knowledge base for one test.
func openBase(t *testing.T) *knowledge.Index {
	t.Helper()
	index, err := knowledge.Open(context.Background(), knowledge.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { index.Close() })
	return index
}

// After the base is reloaded, a question is answered from the new base,
// not from memory.
func TestAnswerCacheForgetsOnReload(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	index, err := knowledge.Open(ctx, knowledge.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer index.Close()
	c := handlers.NewAnswerCache(index, 8)
	const q = "alibaba ipp complaint"
	before, err := c.Ask(ctx, q)
	if err != nil || before.Article() == nil || before.Article().ID != "alibaba-ipp" {
		t.Fatalf("%q not answered from alibaba-ipp: %v", q, err)
	}
	if _, err := c.Ask(ctx, q); err != nil || c.Len() != 1 {
		t.Fatalf("not held: %d answers, %v", c.Len(), err)
	}
	// The operator replaces the article.
	src, err := os.ReadFile(filepath.Join("..", "knowledge", "articles", "en", "alibaba-ipp.md"))
	if err != nil {
		t.Fatal(err)
	}
	head, _, _ := strings.Cut(string(src), "\n---\n")
	body := head + "\n---\n\nComplaints about listings on Alibaba's sites now go to the zebra desk of the IPP platform, which answers within a day.\n\n## Sources\n- the operator's own notes\n"
	if err := os.MkdirAll(filepath.Join(dir, "en"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "en", "alibaba-ipp.md"), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := index.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	after, err := c.Ask(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if after.Article() == nil || after.Article() == before.Article() || !strings.Contains(after.Sections[0].Markdown, "zebra desk") {
		t.Errorf("after the reload, %q is answered from the old article: %+v", q, after.Sections)
	}
}

// A follow-up is answered as the base reads it after the question
// before, and that answer is not kept for the same words asked alone.
func TestAnswerCacheFollowUps(t *testing.T) {
	ctx := context.Background()
	index := openBase(t)
	c := handlers.NewAnswerCache(index, 8)
	for _, pair := range [][2]string{
		{"how long does a us trademark last", "and in china?"},
		// Not a follow-up by its words, but declined on its own.
		{"my paypal was frozen because of a lawsuit in illinois", "how long do i have to answer"},
		// Answered on its own, from another article than the question
		// before's: the cache has it, the base reads it with that one.
		{"how do i prove to amazon that my stock is genuine", "what should the letter say"},
	} {
		prev, q := pair[0], pair[1]
		want, err := index.AskAfter(ctx, q, prev)
		if err != nil || !want.Answered || want.After != prev {
			t.Fatalf("the base does not answer %q after %q: %v", q, prev, err)
		}
		for range 2 {
			got, err := c.AskAfter(ctx, q, prev)
			if err != nil {
				t.Fatal(err)
			}
			if got.After != prev || got.Article() != want.Article() || got.Sections[0] != want.Sections[0] {
				t.Errorf("%q after %q: from %v (after %q), want %v", q, prev, got.Article(), got.After, want.Article())
			}
		}
		alone, err := index.Ask(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Ask(ctx, q); err != nil {
			t.Fatal(err)
		}
		if got, err := c.AskAfter(ctx, q, prev); err != nil || got.After != prev {
			t.Errorf("%q after %q, once %q alone is cached: read on its own (%v)", q, prev, q, err)
		}
		if got, err := c.Ask(ctx, q); err != nil || got.After != "" || got.Answered != alone.Answered || got.Article() != alone.Article() {
			t.Errorf("%q asked alone: %+v (%v), want the answer to it alone", q, got, err)
		}
	}
}
