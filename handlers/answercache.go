package handlers

import (
	"context"
	"strings"
	"sync"

	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/ipdesk/ipdesk/knowledge"
)

// AnswerCache answers a question asked again from memory instead of
// searching the knowledge base again. The search is the largest part of
// the bot's own work on a question (about a sixth of the process's CPU
// under load; see docs/performance.md), and sellers ask the same things in
// the same words: the headline questions, the questions that come with
// the same news.
//
// A question is the same when its words are, whatever the spacing; case
// counts, as it does to the index ("US" is a country, "us" is not). The
// answers are the index's own, shared, never changed. A reload of the
// base builds new articles, and the cache forgets everything when it sees
// that the base no longer returns the article it noted from the base its
// answers came from.
type AnswerCache struct {
	KnowledgeBase
	mu      sync.Mutex
	answers *lru.Cache[string, *knowledge.Answer]
	// mark is an article of the base the cached answers came from; nil
	// until the base is built.
	mark *knowledge.Article
}

var _ KnowledgeBase = (*AnswerCache)(nil)

// NewAnswerCache keeps the answers to the last size questions asked of
// kb.
func NewAnswerCache(kb KnowledgeBase, size int) *AnswerCache {
	c, _ := lru.New[string, *knowledge.Answer](max(size, 1)) // errs only for size < 1
	return &AnswerCache{KnowledgeBase: kb, answers: c}
}

// Ask answers question from the cache, or from the base and notes it.
func (c *AnswerCache) Ask(ctx context.Context, question string) (*knowledge.Answer, error) {
	key := strings.Join(strings.Fields(question), " ")
	c.mu.Lock()
	c.refresh()
	if ans, ok := c.answers.Get(key); ok {
		c.mu.Unlock()
		cp := *ans
		cp.Question = question
		return &cp, nil
	}
	mark := c.mark
	c.mu.Unlock()
	ans, err := c.KnowledgeBase.Ask(ctx, question)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	// Noted only if the base is the one it was before the search: an
	// answer from before a reload must not outlive it.
	c.refresh()
	if mark != nil && c.mark == mark {
		c.answers.Add(key, ans)
	}
	return ans, nil
}

// AskAfter answers a question asked after another in the same
// conversation from the base, which may read it with the one before
// (see knowledge.Index.AskAfter): such an answer holds for that pair of
// questions only, so it is not kept. A question asked first is answered
// as Ask answers it, from the cache.
func (c *AnswerCache) AskAfter(ctx context.Context, question, previous string) (*knowledge.Answer, error) {
	if previous == "" {
		return c.Ask(ctx, question)
	}
	return c.KnowledgeBase.AskAfter(ctx, question, previous)
}

// refresh forgets every answer when the base no longer returns the
// article noted, and notes one once the base is built.
func (c *AnswerCache) refresh() {
	if c.mark != nil {
		if a, ok := c.Article(c.mark.ID, c.mark.Lang); ok && a == c.mark {
			return
		}
		c.answers.Purge()
		c.mark = nil
	}
	if !c.built() {
		return
	}
	if arts := c.Articles(); len(arts) > 0 {
		c.mark = arts[0]
	}
}

// built reports whether the base has been built, so that looking at its
// articles does not wait for it (a knowledge.Index builds in the
// background; see knowledge.Start).
func (c *AnswerCache) built() bool {
	r, ok := c.KnowledgeBase.(interface{ Ready() <-chan struct{} })
	if !ok {
		return true
	}
	select {
	case <-r.Ready():
		return true
	default:
		return false
	}
}

// Len returns how many answers the cache holds.
func (c *AnswerCache) Len() int { return c.answers.Len() }
