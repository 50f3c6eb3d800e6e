package knowledge

import (
	"cmp"
	"hash/maphash"
	"slices"
	"unicode/utf8"
)

// speller corrects misspelt English words against the words of the
// articles ("trademrk" → "trademark"), so that a typo neither misses the
// right article nor, being unknown, makes the question look out of scope.
//
// Corrections are words of the articles' prose (title, headings, text),
// which is written with care; aliases are written the way sellers type,
// typos included ("trademrk renewel china"), so a word found only in
// aliases is corrected like an unknown one when the prose has a close,
// common word, and kept otherwise ("kirtsaeng").
//
// It uses symmetric deletion: every prose word is stored under each form
// with one letter deleted, and a query word is looked up the same way, so
// a lookup costs a few map probes however large the base grows. This
// finds words within one insertion, deletion, substitution or
// transposition, and many within two, which is then checked exactly.
type speller struct {
	count   map[string]int // prose word → occurrences
	aliases map[string]int // alias word → occurrences
	// words are the prose words a word can be corrected to, sorted, and
	// deletes holds each one's forms with one letter deleted, by their
	// hash, sorted (see near). As a map from form to words they took
	// about 2.3 MB for the bundled base; this takes about 0.5 MB.
	words   []string
	deletes []deletion
}

// A deletion is a form of words[word] with one letter deleted.
type deletion struct {
	hash uint64 // of the form
	word int32
}

var spellSeed = maphash.MakeSeed()

// minSpellLen is the shortest word worth correcting; shorter words have
// too many neighbours ("rate" is one edit from "date", "late", "race").
const minSpellLen = 5

// minCorrection is how often a word must occur in the prose for an
// unknown word to be corrected to it: "weather" is one letter from
// "leather", which one article mentions once.
const minCorrection = 3

// longWord is the length from which a word may be two edits from its
// correction, and the correction may be rare.
const longWord = 8

func newSpeller(prose, aliases map[string]int) *speller {
	sp := &speller{count: prose, aliases: aliases}
	for w := range prose {
		if utf8.RuneCountInString(w) >= minSpellLen && !isNumber(w) {
			sp.words = append(sp.words, w)
		}
	}
	slices.Sort(sp.words)
	for i, w := range sp.words {
		for _, d := range deletions(w) {
			sp.deletes = append(sp.deletes, deletion{maphash.String(spellSeed, d), int32(i)})
		}
	}
	slices.SortFunc(sp.deletes, func(a, b deletion) int {
		return cmp.Or(cmp.Compare(a.hash, b.hash), cmp.Compare(a.word, b.word))
	})
	sp.deletes = slices.Compact(sp.deletes)
	return sp
}

// near calls f with each word that has d as one of its forms with one
// letter deleted. A word whose form only shares d's 64-bit hash would be
// passed too, and turned away by the caller's distance check, but among
// the few tens of thousands of forms of a base that is not expected to
// happen.
func (sp *speller) near(d string, f func(string)) {
	h := maphash.String(spellSeed, d)
	i, _ := slices.BinarySearchFunc(sp.deletes, h, func(e deletion, h uint64) int { return cmp.Compare(e.hash, h) })
	for ; i < len(sp.deletes) && sp.deletes[i].hash == h; i++ {
		f(sp.words[sp.deletes[i].word])
	}
}

// correct returns the word w was probably meant to be: w itself when the
// prose uses it, else the most frequent prose word close to it, else w
// when an alias uses it, else "".
func (sp *speller) correct(w string) string {
	n := utf8.RuneCountInString(w)
	if n < minSpellLen || isNumber(w) || sp.count[w] > 0 {
		if sp.count[w] > 0 {
			return w
		}
		return ""
	}
	// Two edits turn too many short words into others ("weather" and
	// "whether"); only long words get the second. A long word one edit
	// from a prose word is hardly another real word, so any prose word
	// will do ("diffrence", "difference"); shorter ones must be common.
	maxDist, bestCount := 1, minCorrection-1
	if n >= longWord {
		maxDist, bestCount = 2, 0
	}
	best := ""
	consider := func(c string) {
		if c != w && sp.count[c] > bestCount && editDistance(w, c) <= maxDist && (sp.count[c] >= minCorrection || editDistance(w, c) == 1) {
			best, bestCount = c, sp.count[c]
		}
	}
	sp.near(w, consider)
	for _, d := range deletions(w) {
		if sp.count[d] > 0 && utf8.RuneCountInString(d) >= minSpellLen {
			consider(d)
		}
		sp.near(d, consider)
	}
	if best == "" && sp.aliases[w] > 0 {
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
