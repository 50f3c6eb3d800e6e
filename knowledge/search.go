package knowledge

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"
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
	// units are what coverage counts: each English term, and each
	// Chinese character with the bigrams of the question that contain it.
	units []unit
	zh    bool
	// text is the question as asked.
	text string
	// intent is the side of a complaint the question is asked from
	// (see questionIntent).
	intent string
}

// A unit is one part of a question that a section covers when it
// contains any of the unit's terms, weighted by how rare it is.
type unit struct {
	terms  []string
	weight float64
}

// parseQuery splits a question into terms the way the articles were split,
// correcting misspelt English words on the way.
func (s *snapshot) parseQuery(q string) query {
	q = stripMentions(truncate(q, MaxQuestion))
	qu := query{text: q}
	qu.zh = isChinese(q)
	qu.intent = questionIntent(q)
	seen := map[string]bool{}
	add := func(t string) {
		if !seen[t] {
			seen[t] = true
			qu.match = append(qu.match, t)
		}
	}
	prev := ""
	eachToken(q, func(tok string, han bool) {
		if han {
			qu.units = s.appendHanUnits(qu.units, tok, add)
			prev = ""
			return
		}
		lw := strings.ToLower(tok)
		t, ok := normalizeWord(tok)
		if pt, isPhrase := phrasalTerm(prev, lw); isPhrase {
			t, ok = pt, true
		}
		prev = lw
		if !ok {
			return
		}
		// A word with a synonym is known whatever the articles say:
		// "auction" is not a typo of "action".
		if !hasSynonym(lw) && t != phrasalTakedown {
			if c := s.speller.correct(lw); c != "" && !stopWords[c] {
				t = termOf(c)
			}
		}
		if !seen[t] {
			qu.units = append(qu.units, unit{terms: []string{t}, weight: s.terms.idf(t)})
		}
		add(t)
	})
	return qu
}

// appendHanUnits adds the terms of a run of Han characters to the query
// and appends a coverage unit for each of its characters.
//
// The run is looked up as overlapping bigrams, but coverage counts
// characters: "美国注册" gives 美国, 国注, 注册, and 国注 is an artefact of
// cutting a sentence into pairs, not something the seller asked about;
// its characters are covered by 美国 and 注册. So a character is covered
// when any bigram of the question containing it is in the section. It
// weighs as much as the most common of those bigrams the base knows: an
// artefact may happen to occur once in the base and so look rare, while
// the word the character really belongs to is the common one. A
// character of a question word (怎么) weighs nothing, as English stop
// words do, and so does a function character (才, 该, 还...): in a word
// like 有效 the other character carries it. A character in no known
// bigram weighs as much as an unknown English word: a question about 运费
// is not covered by an article on 美国商标.
func (s *snapshot) appendHanUnits(units []unit, run string, add func(string)) []unit {
	rs := []rune(run)
	bi := appendBigrams(nil, run)
	for k, b := range bi {
		bi[k] = zhTerm(b)
		if !zhStopWords[bi[k]] {
			add(bi[k])
		}
	}
	for i, r := range rs {
		var u unit
		stop := false
		// Bigram k holds characters k and k+1; a lone character is its
		// own term.
		for k := max(i-1, 0); k <= min(i, len(bi)-1); k++ {
			switch {
			case zhStopWords[bi[k]]:
				stop = true
			case s.terms.docFreq(bi[k]) > 0:
				w := s.terms.idf(bi[k])
				if len(u.terms) == 0 || w < u.weight {
					u.weight = w
				}
				u.terms = append(u.terms, bi[k])
			}
		}
		switch {
		case stop || hanFunction[r]:
			// part of a question word, or grammar
		case len(u.terms) > 0:
			units = append(units, u)
		default:
			units = append(units, unit{weight: s.terms.idf(string(r))})
		}
	}
	return units
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

// candidates is how many of the best sections a search returns: Ask
// needs the best one and a few others' articles for related topics.
const candidates = 50

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
	total := 0.0
	for _, u := range q.units {
		total += u.weight
	}
	// Units of one term (every English word) are counted with their
	// term's score; only Chinese characters, covered by either of two
	// bigrams, need a pass of their own.
	var multi []unit
	for _, u := range q.units {
		if len(u.terms) != 1 {
			multi = append(multi, u)
			continue
		}
		for k := range qts {
			if qts[k].term == u.terms[0] {
				qts[k].cover += u.weight
			}
		}
	}
	sc := s.scratch.Get().(*scratch)
	want, score, covered := sc.want, sc.score, sc.covered
	var rows []int32
	defer func() {
		for _, r := range rows {
			want[r], score[r], covered[r], sc.stamp[r] = false, 0, 0, 0
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
	s.terms.scoreInto(score, covered, want, qts)
	s.coverInto(covered, sc.stamp, want, multi)
	// Sections are ranked by score times coverage, the coordination
	// factor of classic Lucene scoring: bm25 sums over terms, so a section
	// that repeats the question's most frequent words in its title and
	// keywords ("amazon", "brand") can outscore one that answers every
	// part of it; weighing by the share covered favours the latter.
	rank := func(r int32) float64 {
		if total == 0 {
			return 0
		}
		return score[r] * covered[r] / total * intentBoost(s.sections[r].article, q.intent)
	}
	var top topHits
	for _, r := range rows {
		top.add(candidates, scored{row: int(r), score: rank(r)})
	}
	hits := make([]Hit, len(top))
	for k, c := range top {
		hits[k] = Hit{Section: s.sections[c.row], Score: c.score, Coverage: covered[c.row] / total, row: c.row}
	}
	return hits, nil
}

// A scratch holds a search's per-section arrays, kept between searches
// so that a question does not allocate and clear them for every section
// of the base; only the sections a search touched are reset.
type scratch struct {
	want           []bool
	score, covered []float64
	stamp          []int32
}

func newScratch(n int) *scratch {
	return &scratch{want: make([]bool, n), score: make([]float64, n), covered: make([]float64, n), stamp: make([]int32, n)}
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

// bodyCredit is how much of its weight a unit found only in the running
// text of the sections earns towards coverage, against one found in a
// title, heading, keyword or alias. An out-of-scope question's words meet
// the articles mostly in passing ("can you recommend a good phone case
// factory" meets "recommended", "case" and "factory" in three different
// paragraphs), an answered question's words mostly where the article
// says what it is about. Measured with TestEval: from 0.75 to 0.85 the
// same questions are answered.
const bodyCredit = 0.8

// coverageIn is the weighted share of q's units that rows, together,
// cover (see unit and bodyCredit).
func (s *snapshot) coverageIn(rows []int, q query) float64 {
	var have, total float64
	for _, u := range q.units {
		total += u.weight
		credit := 0.0
		for _, t := range u.terms {
			for _, i := range rows {
				if s.terms.inHead(i, t) {
					credit = 1
				} else if s.terms.contains(i, t) {
					credit = max(credit, bodyCredit)
				}
			}
		}
		have += credit * u.weight
	}
	if total == 0 {
		return 0
	}
	return have / total
}
