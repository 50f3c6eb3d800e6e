package knowledge

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
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

	row int // index in snapshot.sections
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

// candidates is how many of the best sections a search returns: Ask
// needs the best one and a few others' articles for related topics.
const candidates = 50

// commonShare sets which terms are common: those found in more than one
// section in commonShare, and in more than minCommon sections, so that in
// a base of a few hundred sections every term is looked up in full.
const (
	commonShare = 20
	minCommon   = 200
)

// search returns the best sections for q, best first, scored with the
// BM25F of termStats.
//
// FTS5 finds the candidates and Go scores them: FTS5's own bm25 reads the
// whole list of every term to weigh it and looks up each matching row's
// length, which for a word found in thousands of sections costs
// milliseconds, while Go holds the statistics already.
//
// Rare terms are looked up in every column. A common term is looked up in
// the title, headings and keywords only: a section that has the common
// words of a question only in its text scores at most the sum of their
// idf times the text's weight (each column's saturated frequency is below
// one), which is small because they are common. When no candidate beats
// that bound, those sections are fetched as well, so the best section is
// always the one an exhaustive search would find.
func (s *snapshot) search(ctx context.Context, q query) ([]Hit, error) {
	qts := s.terms.lookup(q.match)
	if len(qts) == 0 {
		return nil, nil
	}
	limit := max(len(s.sections)/commonShare, minCommon)
	var rare, common []string
	bodyBound := 0.0
	for _, qt := range qts {
		if int(s.terms.df[qt.id]) <= limit {
			rare = append(rare, qt.term)
		} else {
			common = append(common, qt.term)
			bodyBound += qt.idf * colWeights[colBody]
		}
	}
	want := make([]bool, len(s.sections))
	var rows []int32
	fetch := func(stmt *sql.Stmt, ts []string) error {
		if len(ts) == 0 {
			return nil
		}
		var list sql.NullString
		if err := stmt.QueryRowContext(ctx, matchExpr(ts)).Scan(&list); err != nil {
			return fmt.Errorf("search: %w", err)
		}
		for rest := list.String; rest != ""; {
			var field string
			field, rest, _ = strings.Cut(rest, ",")
			id, err := strconv.Atoi(field)
			if err != nil || id < 1 || id > len(s.sections) {
				return fmt.Errorf("search: bad row id %q", field)
			}
			if !want[id-1] {
				want[id-1] = true
				rows = append(rows, int32(id-1))
			}
		}
		return nil
	}
	if err := fetch(s.inAll, rare); err != nil {
		return nil, err
	}
	if err := fetch(s.inHead, common); err != nil {
		return nil, err
	}
	score := make([]float64, len(s.sections))
	s.terms.scoreInto(score, want, qts)
	best := 0.0
	for _, r := range rows {
		best = max(best, score[r])
	}
	if len(common) > 0 && best <= bodyBound {
		n := len(rows)
		if err := fetch(s.inBody, common); err != nil {
			return nil, err
		}
		clear(want)
		for _, r := range rows[n:] {
			want[r] = true
		}
		s.terms.scoreInto(score, want, qts)
	}
	var top topHits
	for _, r := range rows {
		top.add(candidates, scored{row: int(r), score: score[r]})
	}
	hits := make([]Hit, len(top))
	for k, c := range top {
		hits[k] = Hit{Section: s.sections[c.row], Score: c.score, Coverage: s.coverage(c.row, q.weigh), row: c.row}
	}
	return hits, nil
}

// A scored section is a candidate of a search.
type scored struct {
	row   int
	score float64
}

// topHits keeps the best candidates of a search, best first; among equal
// scores the earlier section, as the articles are ordered, comes first.
type topHits []scored

func (c scored) before(d scored) bool {
	return c.score > d.score || c.score == d.score && c.row < d.row
}

// add inserts c if it is among the best n seen so far. Most candidates of
// a large base fail the first comparison, so keeping n in order by
// insertion costs less than sorting them all.
func (t *topHits) add(n int, c scored) {
	h := *t
	if len(h) == n && !c.before(h[n-1]) {
		return
	}
	k, _ := slices.BinarySearchFunc(h, c, func(x, c scored) int {
		if x.before(c) {
			return -1
		}
		return 1
	})
	if len(h) < n {
		h = append(h, scored{})
	}
	copy(h[k+1:], h[k:len(h)-1])
	h[k] = c
	*t = h
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
