package knowledge

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// A Hit is one section found for a question.
type Hit struct {
	Section *Section
	// Score is the BM25F relevance over the weighted columns; larger is
	// better. It is only comparable between hits of one search.
	Score float64
	// Coverage is the share, from 0 to 1, of the question's terms (each
	// weighted by how rare it is in the base) that occur in the section.
	Coverage float64
}

// MaxQuestion is the longest question, in bytes, that is searched; the
// rest is ignored. Real questions are far shorter; the cap keeps a pasted
// document from turning into a query with thousands of terms.
const MaxQuestion = 1000

// Search returns up to limit sections for a question, best first.
func (ix *Index) Search(ctx context.Context, question string, limit int) ([]Hit, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.snap == nil {
		return nil, errClosed
	}
	hits, err := ix.snap.search(ctx, ix.snap.parseQuery(question))
	if len(hits) > limit {
		hits = hits[:max(limit, 0)]
	}
	return hits, err
}

// A query is a question turned into index terms.
type query struct {
	// match holds the distinct terms to look up.
	match []string
	// weigh holds the terms that count for coverage: match without the
	// Chinese bigrams that straddle two known words.
	weigh []string
	zh    bool
}

// parseQuery splits a question into terms the way the articles were split,
// correcting misspelt English words on the way.
func (s *snapshot) parseQuery(q string) query {
	q = truncate(q, MaxQuestion)
	var qu query
	qu.zh = isChinese(q)
	seen := map[string]bool{}
	add := func(t string, weigh bool) {
		if seen[t] {
			return
		}
		seen[t] = true
		qu.match = append(qu.match, t)
		if weigh {
			qu.weigh = append(qu.weigh, t)
		}
	}
	eachToken(q, func(tok string, han bool) {
		if han {
			bi := appendBigrams(nil, tok)
			for i, b := range bi {
				bi[i] = zhTerm(b)
			}
			known := make([]bool, len(bi))
			for i, b := range bi {
				known[i] = zhStopWords[b] || s.terms.docFreq(b) > 0
			}
			for i, b := range bi {
				if zhStopWords[b] {
					continue
				}
				// "美国注册" gives 美国, 国注, 注册: 国注 is an artefact of
				// cutting a sentence into pairs, not a word the seller used.
				junction := !known[i] && i > 0 && i < len(bi)-1 && known[i-1] && known[i+1]
				add(b, !junction)
			}
			return
		}
		t, ok := normalizeWord(tok)
		if !ok {
			return
		}
		if c := s.speller.correct(strings.ToLower(tok)); c != "" && !stopWords[c] {
			t = termOf(c)
		}
		add(t, true)
	})
	return qu
}

// truncate cuts s to at most n bytes at a character boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// matchExpr is the FTS5 query for a set of terms: any of them, ranked by
// bm25. Terms contain only letters and digits, and quoting them keeps
// words like "or" and "not" from being read as operators.
func matchExpr(ts []string) string {
	var b strings.Builder
	for i, t := range ts {
		if i > 0 {
			b.WriteString(" OR ")
		}
		b.WriteString(`"` + t + `"`)
	}
	return b.String()
}

// candidates is how many of FTS5's best sections are scored again with
// BM25F (see termStats). Eval questions find their section within FTS5's
// top ten; fifty leaves room for larger bases at a cost of microseconds.
const candidates = 50

// retrievalTerms picks the terms FTS5 looks up. FTS5 ranks every row
// that matches any term, so a term found in thousands of sections costs
// milliseconds and, with its near-zero idf, changes which sections come
// first hardly at all. Terms in more than one section in twenty are left
// to the re-scoring, as long as at least two rarer terms remain; otherwise
// the rarest few are used. In the bundled base of a few hundred sections
// this keeps almost every term; at 10,000 sections it is what keeps a
// question under a millisecond.
func (s *snapshot) retrievalTerms(ts []string) []string {
	limit := max(len(s.sections)/20, 20)
	var rare []string
	for _, t := range ts {
		if s.terms.docFreq(t) <= limit {
			rare = append(rare, t)
		}
	}
	if len(rare) >= 2 {
		return rare
	}
	sorted := slices.Clone(ts)
	slices.SortStableFunc(sorted, func(a, b string) int { return cmp.Compare(s.terms.docFreq(a), s.terms.docFreq(b)) })
	return sorted[:min(3, len(sorted))]
}

// search returns the candidate sections for q, best first.
func (s *snapshot) search(ctx context.Context, q query) ([]Hit, error) {
	if len(q.match) == 0 {
		return nil, nil
	}
	rows, err := s.query.QueryContext(ctx, matchExpr(s.retrievalTerms(q.match)), candidates)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	defer rows.Close()
	var hits []Hit
	for rows.Next() {
		var id int
		var rank float64
		if err := rows.Scan(&id, &rank); err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		hits = append(hits, Hit{
			Section:  s.sections[id-1],
			Score:    s.terms.score(id-1, q.match),
			Coverage: s.coverage(id-1, q.weigh),
		})
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	// FTS5's order breaks ties, so equal scores keep its ranking.
	slices.SortStableFunc(hits, func(a, b Hit) int { return cmp.Compare(b.Score, a.Score) })
	return hits, nil
}

// coverage is the idf-weighted share of terms found in section i;
// coverageIn is that share for several sections together.
func (s *snapshot) coverage(i int, ts []string) float64 {
	return s.coverageIn([]int{i}, ts)
}

func (s *snapshot) coverageIn(rows []int, ts []string) float64 {
	var have, total float64
	for _, t := range ts {
		w := s.terms.idf(t)
		total += w
		for _, i := range rows {
			if s.terms.contains(i, t) {
				have += w
				break
			}
		}
	}
	if total == 0 {
		return 0
	}
	return have / total
}
