package knowledge

import (
	"context"
	"slices"

	"github.com/ipdesk/ipdesk"
)

// A Hit is one section found for a question.
type Hit struct {
	Section *Section
	// Score is the relevance over the weighted columns (see
	// termStats.scoreInto) times Coverage; larger is better. It is only
	// comparable between hits of one search.
	Score float64
	// Coverage is the share, from 0 to 1, of the question's terms (each
	// weighted by how rare it is in the base) that occur in the section.
	Coverage float64

	row int // index in snapshot.sections
	// plain is Score without the section's own aliases (see
	// searchAliasWeight).
	plain float64
}

// MaxQuestion is the longest question, in characters, that is searched:
// a longer one is read from its beginning and its end (see
// ipdesk.ClipQuestion). Real questions are far shorter; the cap keeps a
// pasted document from turning into a query with thousands of terms.
const MaxQuestion = ipdesk.MaxQuestionText

// Search returns up to limit sections for a question, best first.
func (ix *Index) Search(ctx context.Context, question string, limit int) ([]Hit, error) {
	if err := ix.wait(ctx); err != nil {
		return nil, err
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.snap == nil {
		return nil, ix.noSnapshot()
	}
	hits, err := ix.snap.search(ctx, ix.snap.parseQuery(question))
	if len(hits) > limit {
		hits = hits[:max(limit, 0)]
	}
	return hits, err
}

// clip cuts a question to MaxQuestion characters (see
// ipdesk.ClipQuestion).
func clip(s string) string {
	s, _ = ipdesk.ClipQuestion(s)
	return s
}

// candidates is how many of the best sections a search returns: Ask
// needs the best one and a few others' articles for related topics.
const candidates = 50

// boundSearch lets a search pass over the sections that cannot be among
// its candidates (see snapshot.search); off only to check that the
// bound changes no hit (TestSearchBoundChangesNoHit).
var boundSearch = true

// translationWeight is the share of its score a section of a
// translation keeps in the search, when its original is served (see
// Article.TranslationOf); a translation without one is searched as an
// article of its own. The original's words meet a question in the other
// language through the thesaurus, which was written for what sellers ask
// most; the translation's words meet everything else, but also compete
// with the articles on the same subject written in that language
// (counterfeit-us beside counterfeit). Chosen on the tuning files,
// tables relearned and both models refitted at each share: sections
// right 578 of 747 at 1, 581 at 0.8, 583 at 0.6 and 0.4 (eval-z-oos
// declined 192, 192, 192, 189 of 200); 0 is not searching them, 578.
// The judges at 0.6, against not searching them: eval-v to eval-x 199
// -> 221 of 491, eval-k to eval-q 474 -> 471 of 655, eval-r 76 -> 74 of
// 110, eval-u 101 -> 100 of 125 (38 questions from wrong to right, 23
// the other way); at 1, 233, 470, 73 and 98.
const translationWeight = 0.6

// search returns the best sections for q, best first, scored with the
// BM25F of termStats. Every section that holds a term of the question is
// scored, through the terms' postings: at 10,000 sections that is a few
// hundred thousand additions at most, well under a millisecond, and the
// best section is by construction the one an exhaustive search finds.
func (s *snapshot) search(ctx context.Context, q query) ([]Hit, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	qts := s.terms.lookup(q.match)
	if len(qts) == 0 {
		return nil, nil
	}
	for k := range qts {
		// A word of running text only weighs less (see storySearch).
		if !s.isTopic(qts[k].term) {
			qts[k].idf *= storySearch
		}
		if slices.Contains(q.context, qts[k].term) {
			qts[k].idf *= q.contextSearch
		}
	}
	total := q.totalWeight()
	sc := s.scratch.Get().(*scratch)
	want, score, covered, plain := sc.want, sc.score, sc.covered, sc.plain
	var rows []int32
	defer func() {
		for _, r := range rows {
			want[r], score[r], covered[r], plain[r], sc.stamp[r] = false, 0, 0, 0, 0
		}
		s.scratch.Put(sc)
	}()
	for _, qt := range qts {
		for _, p := range s.terms.post[qt.id] {
			if !want[p.row] {
				want[p.row] = true
				rows = append(rows, p.row)
			}
		}
	}
	s.terms.scoreInto(score, plain, want, qts)
	s.coverInto(covered, sc.stamp, want, q.units)
	// Sections are ranked by score times coverage, the coordination
	// factor of classic Lucene scoring: bm25 sums over terms, so a section
	// that repeats the question's most frequent words in its title and
	// keywords ("amazon", "brand") can outscore one that answers every
	// part of it; weighing by the share covered favours the latter.
	rank := func(r int32, score []float64) float64 {
		if total == 0 {
			return 0
		}
		v := score[r] * covered[r] / total * sideBoost(s.sections[r].article, &q) * s.askBoost(int(r), q.asks, q.span, askSearchWeight)
		if s.translated[r] {
			v *= translationWeight
		}
		return v
	}
	// A section whose score and coverage could not put it among the best
	// candidates with the largest factors for its side and its ask is
	// not read further: on a large base most of the sections a question
	// touches share one of its common words and little more. Exact, as
	// the factors are at most bound (an ask's fit is at most 1).
	bound := max(1, intentMatch, intentMismatch, buyerMismatch) * (1 + askSearchWeight) * max(1, translationWeight)
	var top topHits
	for _, r := range rows {
		if boundSearch && len(top) == candidates && total > 0 && score[r]*covered[r]/total*bound < top[candidates-1].score {
			continue
		}
		top.add(candidates, scored{row: int(r), score: rank(r, score)})
	}
	hits := make([]Hit, len(top))
	for k, c := range top {
		hits[k] = Hit{Section: s.sections[c.row], Score: c.score, Coverage: covered[c.row] / total, row: c.row, plain: rank(int32(c.row), plain)}
	}
	return hits, nil
}

// A scratch holds a search's per-section arrays, kept between searches
// so that a question does not allocate and clear them for every section
// of the base; only the sections a search touched are reset.
type scratch struct {
	want                  []bool
	score, covered, plain []float64
	stamp                 []int32
}

func newScratch(n int) *scratch {
	return &scratch{want: make([]bool, n), score: make([]float64, n), covered: make([]float64, n), plain: make([]float64, n), stamp: make([]int32, n)}
}

// coverInto adds to covered[i] the weight of the units that each section
// i marked in want covers. Going through the units' postings costs less
// than looking them up in every candidate; stamp, zero on entry, keeps a
// unit with two terms from counting twice.
func (s *snapshot) coverInto(covered []float64, stamp []int32, want []bool, units []unit) {
	for k, u := range units {
		for _, t := range u.terms {
			id, ok := s.terms.ids[t]
			if !ok {
				continue
			}
			for _, p := range s.terms.post[id] {
				if want[p.row] && stamp[p.row] != int32(k+1) {
					stamp[p.row] = int32(k + 1)
					covered[p.row] += u.weight
				}
			}
		}
	}
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
