package knowledge

import "strings"

// A wordList is a set of words sorted in byte order and packed into one
// string, looked up by binary search. The word lists of the lexicon hold
// about 156,000 words; as Go maps (each key its own allocation, and a map
// of 32,000 prefixes beside them for the segmenter) they took about
// 13 MB of a 30 MB live heap, packed they take about 2 MB. Sorted, the
// words that begin with a given string are side by side, which answers
// the segmenter's two questions, "is this a word" and "does a longer
// word begin with it", in one search (see narrow).
type wordList struct {
	text string   // the words, back to back
	end  []uint32 // end[i] is the offset in text just past word i
}

// packWords packs words, which must be sorted and distinct.
func packWords(words []string) wordList {
	n := 0
	for _, w := range words {
		n += len(w)
	}
	var b strings.Builder
	b.Grow(n)
	end := make([]uint32, len(words))
	for i, w := range words {
		b.WriteString(w)
		end[i] = uint32(b.Len())
	}
	return wordList{text: b.String(), end: end}
}

func (l *wordList) len() int { return len(l.end) }

// at returns word i.
func (l *wordList) at(i int) string {
	var start uint32
	if i > 0 {
		start = l.end[i-1]
	}
	return l.text[start:l.end[i]]
}

// find returns the index of w, or -1 when the list lacks it.
func (l *wordList) find(w string) int {
	if i, _, word, _ := l.narrow(0, l.len(), w, 0); word {
		return i
	}
	return -1
}

// narrow finds the words that begin with w in [lo, hi), a range of words
// that all begin with w[:known] (the whole list begins with ""): they are
// [from, to), w itself first if it is a word (word), and longer reports
// whether any longer word is among them. A caller that extends w
// character by character passes the last [from, to) and the last w's
// length, so that each search is among the words that begin with what it
// had and compares only what follows.
func (l *wordList) narrow(lo, hi int, w string, known int) (from, to int, word, longer bool) {
	rest := w[known:]
	if rest == "" { // all of [lo, hi) begin with w
		word = lo < hi && l.after(lo, known) == ""
		longer = hi-lo > 1 || hi-lo == 1 && !word
		return lo, hi, word, longer
	}
	a, b := lo, hi
	for a < b {
		m := int(uint(a+b) >> 1)
		if less(l.after(m, known), rest) {
			a = m + 1
		} else {
			b = m
		}
	}
	from, to = a, a
	if to < hi && l.after(to, known) == rest {
		word = true
		to++
	}
	if to < hi && strings.HasPrefix(l.after(to, known), rest) {
		longer = true
		// The words that begin with w are usually few: gallop to
		// their end, then search the last step.
		step := 1
		for to+step < hi && strings.HasPrefix(l.after(to+step, known), rest) {
			to += step
			step *= 2
		}
		a, b = to+1, min(to+step, hi)
		for a < b {
			m := int(uint(a+b) >> 1)
			if strings.HasPrefix(l.after(m, known), rest) {
				a = m + 1
			} else {
				b = m
			}
		}
		to = a
	}
	return from, to, word, longer
}

// after returns word i without its first n bytes.
func (l *wordList) after(i, n int) string {
	var start uint32
	if i > 0 {
		start = l.end[i-1]
	}
	return l.text[int(start)+n : l.end[i]]
}

// less is a < b, written out: the strings compared here are a few bytes
// long, shorter than the runtime's comparison pays off for.
func less(a, b string) bool {
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return len(a) < len(b)
}

// A bitSet is a set of word indexes.
type bitSet []uint64

func newBitSet(n int) bitSet { return make(bitSet, (n+63)/64) }

func (s bitSet) set(i int)      { s[i/64] |= 1 << (i % 64) }
func (s bitSet) has(i int) bool { return s[i/64]&(1<<(i%64)) != 0 }
