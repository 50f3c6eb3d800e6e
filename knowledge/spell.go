package knowledge

import "unicode/utf8"

// speller corrects misspelt English words against the words of the
// articles ("trademrk" → "trademark"), so that a typo neither misses the
// right article nor, being unknown, makes the question look out of scope.
//
// It uses symmetric deletion: every known word is stored under each form
// with one letter deleted, and a query word is looked up the same way, so
// a lookup costs a few map probes however large the base grows. This
// finds words within one insertion, deletion, substitution or
// transposition, and many within two, which is then checked exactly.
type speller struct {
	count   map[string]int      // known word → occurrences
	deletes map[string][]string // word with one letter deleted → known words
}

// minSpellLen is the shortest word worth correcting; shorter words have
// too many neighbours ("fee" is one edit from "see", "fed", "feel").
const minSpellLen = 4

// minCorrection is how often a word must occur in the articles for an
// unknown word to be corrected to it.
const minCorrection = 3

func newSpeller(vocab map[string]int) *speller {
	sp := &speller{count: vocab, deletes: map[string][]string{}}
	for w := range vocab {
		if utf8.RuneCountInString(w) < minSpellLen || isNumber(w) {
			continue
		}
		for _, d := range deletions(w) {
			sp.deletes[d] = append(sp.deletes[d], w)
		}
	}
	return sp
}

// rareWord is how often a known word may occur and still be taken for a
// typo of a neighbour at least three times as common: an alias written "trademrk" must not
// make every "trademrk" question about that one article.
const rareWord = 2

// correct returns the word w was probably meant to be: w itself when it is
// known and not a rare neighbour of a common word, else the most frequent
// known word close to it, else "".
func (sp *speller) correct(w string) string {
	n := utf8.RuneCountInString(w)
	if n < minSpellLen || isNumber(w) {
		return ""
	}
	known := sp.count[w]
	if known > rareWord {
		return w
	}
	// Two edits turn too many short words into others ("weather" and
	// "whether"); only long words get the second.
	maxDist := 1
	if n >= 8 {
		maxDist = 2
	}
	best, bestCount := "", known*3-1
	if known == 0 {
		// A correction must be a word the articles use more than in
		// passing: "weather" is one letter from "leather", which one
		// article mentions once.
		bestCount = minCorrection - 1
	}
	consider := func(c string) {
		if c != w && sp.count[c] > bestCount && editDistance(w, c) <= maxDist {
			best, bestCount = c, sp.count[c]
		}
	}
	for _, c := range sp.deletes[w] {
		consider(c)
	}
	for _, d := range deletions(w) {
		if sp.count[d] > 0 && utf8.RuneCountInString(d) >= minSpellLen {
			consider(d)
		}
		for _, c := range sp.deletes[d] {
			consider(c)
		}
	}
	if best == "" && known > 0 {
		return w
	}
	return best
}

func deletions(w string) []string {
	rs := []rune(w)
	out := make([]string, 0, len(rs))
	for i := range rs {
		out = append(out, string(rs[:i])+string(rs[i+1:]))
	}
	return out
}

func isNumber(w string) bool {
	for _, r := range w {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// editDistance is the optimal string alignment distance: insertions,
// deletions, substitutions and adjacent transpositions each cost one.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
