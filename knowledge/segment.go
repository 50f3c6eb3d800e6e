package knowledge

import (
	"math"
	"slices"
	"sync"
)

// Chinese is written without spaces, so a run of Han characters is cut
// into words before it is indexed or searched: "卖高仿耐克在美国会被罚多少钱"
// becomes 卖 高仿 耐克 在 美国 会 被 罚 多少钱. The segmenter finds the most
// probable sequence of dictionary words (the unigram model of jieba and
// go-ego/gse): a dynamic programme over the run, each word scored by its
// log frequency. Its dictionary is the common words of gse's bundled one
// (see lexicon) plus the thesaurus's Chinese terms, so that the domain's
// words (反通知, 不侵权声明, 品牌备案) are cut as words.
//
// The segmentation is written here rather than taken from gse because
// gse, with its bundled dictionary, takes 5.5 s and 196 MB of heap to
// load (gse v0.80.3, LoadDictEmbed), and still 70 ms for a 20,000-word
// dictionary, against a budget of 200 ms for building the whole index;
// this one loads its 82,000 words into a packed sorted list (see
// wordList; about 1.6 MB) in tens of milliseconds and cuts a question in
// microseconds. The dictionary is gse's; only the search is ours.
//
// Characters the dictionary does not know come out one by one. A run of
// them is usually a word the dictionary lacks (a brand, a new term), so
// analyse also indexes its character pairs, on both sides, and a
// question's such word still meets the same word in an article.

// segmenter cuts Han runs into words.
type segmenter struct {
	lex   *lexicon
	extra map[string]float64 // thesaurus words → log probability
	max   int                // longest word, in characters
	// extraPrefix holds every proper prefix of a thesaurus word in extra,
	// so that the search goes on extending a candidate that such a word
	// continues; the dictionary's own words answer that from their
	// sorted list (see wordList.narrow).
	extraPrefix map[string]bool
	// extraFirst marks the characters of the CJK Unified Ideographs
	// block that begin a word of extra (see mayBeginExtra): most begin
	// none, and the search then looks none of the words that begin with
	// them up in extra or extraPrefix. Those two look-ups of every
	// candidate word were over a quarter of the time cutting the bundled
	// base's text took in a profile of its build.
	extraFirst bitSet
}

// mayBeginExtra reports whether a word of extra may begin with c.
func (s *segmenter) mayBeginExtra(c rune) bool {
	return c < hanFirst || c > hanLast || s.extraFirst.has(int(c-hanFirst))
}

var (
	segOnce sync.Once
	theSeg  *segmenter
)

// extraWordLogP is the log probability given to a thesaurus word the
// dictionary lacks or ranks low: that of a word seen about 2,000 times,
// frequent enough to be preferred to its characters apart.
const extraWordFreq = 2000

// chineseSegmenter returns the segmenter, built on first use.
func chineseSegmenter() *segmenter {
	segOnce.Do(func() {
		l := theLexicon()
		s := &segmenter{lex: l, extra: map[string]float64{}, max: l.zhMaxLen, extraPrefix: map[string]bool{}}
		lp := math.Log(extraWordFreq / l.zhTotal)
		for w := range thesaurusZhWords() {
			if i := l.zh.find(w); i < 0 || l.zhLogP[i] < lp {
				s.extra[w] = lp
			}
			s.max = max(s.max, len([]rune(w)))
		}
		s.extraFirst = newBitSet(hanLast - hanFirst + 1)
		for w := range s.extra {
			if c := firstRune(w); c >= hanFirst && c <= hanLast {
				s.extraFirst.set(int(c - hanFirst))
			}
			for k := range w {
				if k > 0 {
					s.extraPrefix[w[:k]] = true
				}
			}
		}
		theSeg = s
	})
	return theSeg
}

// logP returns the log probability of w as one word, or false when the
// dictionary does not know it.
func (s *segmenter) logP(w string) (float64, bool) {
	if p, ok := s.extra[w]; ok {
		return p, true
	}
	if i := s.lex.zh.find(w); i >= 0 {
		return s.lex.zhLogP[i], true
	}
	return 0, false
}

// known reports whether the dictionary holds w.
func (s *segmenter) known(w string) bool {
	_, ok := s.logP(w)
	return ok
}

// cut splits a run of Han characters into words, most probable first.
func (s *segmenter) cut(run string) []string {
	var sc cutScratch
	return s.appendCut(nil, run, &sc)
}

// cutScratch is the working space of cutting runs one after another.
type cutScratch struct {
	off, next []int
	best      []float64
}

// appendCut appends the words of run to out, as cut returns them.
func (s *segmenter) appendCut(out []string, run string, sc *cutScratch) []string {
	// off[i] is the byte offset of character i.
	off := sc.off[:0]
	for k := range run {
		off = append(off, k)
	}
	n := len(off)
	off = append(off, len(run))
	sc.off = off
	if n <= 1 {
		return append(out, run)
	}
	// An unknown character costs as much as the rarest word.
	unknown := math.Log(1 / s.lex.zhTotal)
	best := slices.Grow(sc.best[:0], n+1)[:n+1]
	next := slices.Grow(sc.next[:0], n+1)[:n+1]
	sc.best, sc.next = best, next
	best[n], next[n] = 0, 0
	dict := &s.lex.zh
	for i := n - 1; i >= 0; i-- {
		best[i] = math.Inf(-1)
		// The search for each longer w starts where the last one found
		// its prefix, among the words that begin with w's first
		// character.
		lo, hi := s.lex.zhStarting(run[off[i]:off[i+1]])
		known := off[i+1] - off[i]
		extra := s.mayBeginExtra(firstRune(run[off[i]:]))
		for j := i + 1; j <= n && j-i <= s.max; j++ {
			w := run[off[i]:off[j]]
			var word, longer bool
			lo, hi, word, longer = dict.narrow(lo, hi, w, known)
			known = len(w)
			// longer: some word, of the dictionary or the thesaurus,
			// continues w.
			longer = longer || extra && s.extraPrefix[w]
			var p float64
			var ok bool
			if extra {
				p, ok = s.extra[w]
			}
			if !ok && word {
				p, ok = s.lex.zhLogP[lo], true
			}
			if !ok {
				if j > i+1 {
					if !longer {
						break
					}
					continue
				}
				p = unknown
			}
			if v := p + best[j]; v > best[i] {
				best[i], next[i] = v, j
			}
			if j > i+1 && !longer {
				break
			}
		}
	}
	for i := 0; i < n; i = next[i] {
		out = append(out, run[off[i]:off[next[i]]])
	}
	return out
}
