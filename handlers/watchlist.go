package handlers

import (
	"bufio"
	_ "embed"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// bundledWatchlist is the brand list the listing check ships with; operators
// extend it with a file of the same format.
//
//go:embed watchlist.txt
var bundledWatchlist string

// brand is one watchlist entry.
type brand struct {
	name   string   // as listed, for messages
	words  []string // normalised words
	common bool     // also an ordinary word: match only when capitalised
}

// watchlist finds brand names, misspelled brands and brand hashtags in
// normalised words. Lookups are by map, so a listing costs a few map
// probes per word whatever the size of the list.
type watchlist struct {
	byFirst  map[string][]*brand // by first word
	joined   map[string]*brand   // words run together, for hashtags
	single   map[string]*brand   // one-word brands the misspelling check uses
	deletes  map[string][]*brand // those brands with one letter deleted
	ordinary map[string]bool     // words never reported as misspellings
	// han holds the Chinese brand names, for cutting runs of Chinese
	// characters (which have no spaces) into words; see split.
	han    map[string]bool
	hanMax int // the longest entry of han, in characters
	brands int
}

func newWatchlist() *watchlist {
	return &watchlist{
		byFirst:  map[string][]*brand{},
		joined:   map[string]*brand{},
		single:   map[string]*brand{},
		deletes:  map[string][]*brand{},
		ordinary: map[string]bool{},
		han:      map[string]bool{},
	}
}

// minMisspelt is the shortest word the misspelling check looks at, and
// minBrandForMisspelt the shortest brand: below these, one edit turns too
// many ordinary words into brands ("bike" is one letter from "Nike").
const (
	minMisspelt         = 5
	minBrandForMisspelt = 4
)

// parse reads watchlist lines: a brand per line, "~Brand" for a brand that
// is also an ordinary word, "!word" for a word that is not a misspelling, and
// "#" comments. source names the input in errors.
func (wl *watchlist) parse(r io.Reader, source string) error {
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		switch {
		case strings.HasPrefix(line, "!"):
			for _, w := range splitWords(line[1:]) {
				wl.ordinary[w.norm] = true
			}
		case strings.HasPrefix(line, "~"):
			if err := wl.add(line[1:], true); err != nil {
				return fmt.Errorf("%s line %d: %w", source, n, err)
			}
		default:
			if err := wl.add(line, false); err != nil {
				return fmt.Errorf("%s line %d: %w", source, n, err)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read %s: %w", source, err)
	}
	return nil
}

func (wl *watchlist) add(name string, common bool) error {
	name = strings.TrimSpace(name)
	ws := splitWords(name)
	if len(ws) == 0 {
		return fmt.Errorf("brand %q has no letters or digits", name)
	}
	if len(ws) > 8 {
		return fmt.Errorf("brand %q has more than 8 words", name)
	}
	b := &brand{name: name, common: common}
	for _, w := range ws {
		b.words = append(b.words, w.norm)
		if hasHan(w.norm) {
			wl.han[w.norm] = true
			wl.hanMax = max(wl.hanMax, utf8.RuneCountInString(w.norm))
		}
	}
	wl.byFirst[b.words[0]] = append(wl.byFirst[b.words[0]], b)
	if j := strings.Join(b.words, ""); wl.joined[j] == nil {
		wl.joined[j] = b
	}
	w := b.words[0]
	if len(b.words) == 1 && !common && utf8.RuneCountInString(w) >= minBrandForMisspelt && isLetters(w) && !hasHan(w) {
		wl.single[w] = b
		for _, d := range deletions(w) {
			wl.deletes[d] = append(wl.deletes[d], b)
		}
	}
	wl.brands++
	return nil
}

// match returns the longest brand starting at ws[i] and how many words it
// spans. A trailing plural "s" on the last word still matches ("Nikes").
func (wl *watchlist) match(ws []listingWord, i int) (*brand, int) {
	var best *brand
	bestN := 0
	try := func(first string) {
		for _, b := range wl.byFirst[first] {
			if len(b.words) <= bestN || i+len(b.words) > len(ws) {
				continue
			}
			if b.common && !ws[i].capital {
				continue
			}
			ok := true
			for k := 1; k < len(b.words) && ok; k++ {
				w := ws[i+k]
				ok = (w.norm == b.words[k] || (k == len(b.words)-1 && w.norm == b.words[k]+"s")) && joinedBy(w.sep)
			}
			if ok && (first == ws[i].norm || len(b.words) == 1) {
				best, bestN = b, len(b.words)
			}
		}
	}
	try(ws[i].norm)
	if n := ws[i].norm; len(n) > 3 && strings.HasSuffix(n, "s") {
		try(n[:len(n)-1])
	}
	return best, bestN
}

// joinedBy reports whether sep can join the words of one brand name: a
// space, a hyphen, an apostrophe, "&" and the like, but not a line break or
// a sentence.
func joinedBy(sep string) bool {
	return utf8.RuneCountInString(sep) <= 3 && !strings.ContainsAny(sep, "\n.,;:!?()[]")
}

// misspelt returns the brand that w is one edit (insertion, deletion,
// substitution or swap of neighbours) away from, or nil.
func (wl *watchlist) misspelt(w string) *brand {
	if utf8.RuneCountInString(w) < minMisspelt || wl.ordinary[w] || !isLetters(w) || hasHan(w) {
		return nil
	}
	if _, ok := wl.single[w]; ok {
		return nil
	}
	var cands []*brand
	cands = append(cands, wl.deletes[w]...) // w lacks a letter
	for _, d := range deletions(w) {
		if b := wl.single[d]; b != nil { // w has an extra letter
			cands = append(cands, b)
		}
		cands = append(cands, wl.deletes[d]...) // a letter differs
	}
	for _, b := range cands {
		if oneEdit(w, b.words[0]) {
			return b
		}
	}
	return nil
}

// hashtag returns the brand a hashtag names or starts with ("#nike",
// "#louisvuitton", "#gucciaddict"). Only brands of five letters or more
// count as a prefix, so "#diorama" is not Dior.
func (wl *watchlist) hashtag(tag listingWord) *brand {
	if b := wl.joined[tag.norm]; b != nil && (!b.common || tag.capital) {
		return b
	}
	for l := len(tag.norm) - 1; l >= 5; l-- {
		if !utf8.RuneStart(tag.norm[l]) {
			continue
		}
		if b := wl.joined[tag.norm[:l]]; b != nil && !b.common {
			return b
		}
	}
	return nil
}

// deletions returns w with each one of its letters removed.
func deletions(w string) []string {
	out := make([]string, 0, len(w))
	for i, r := range w {
		out = append(out, w[:i]+w[i+utf8.RuneLen(r):])
	}
	return out
}

// oneEdit reports whether a and b differ by exactly one insertion, deletion,
// substitution or transposition of neighbouring letters.
func oneEdit(a, b string) bool {
	x, y := []rune(a), []rune(b)
	if len(x) < len(y) {
		x, y = y, x
	}
	switch len(x) - len(y) {
	case 1:
		i := 0
		for i < len(y) && x[i] == y[i] {
			i++
		}
		return string(x[i+1:]) == string(y[i:])
	case 0:
		var diff []int
		for i := range x {
			if x[i] != y[i] {
				diff = append(diff, i)
				if len(diff) > 2 {
					return false
				}
			}
		}
		switch len(diff) {
		case 1:
			return true
		case 2:
			i, j := diff[0], diff[1]
			return j == i+1 && x[i] == y[j] && x[j] == y[i]
		}
	}
	return false
}

func isLetters(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return s != ""
}

// listingWord is one word of a listing: letters and digits between other
// characters, normalised for matching, with where it came from.
type listingWord struct {
	norm       string
	start, end int    // byte offsets in the original text
	sep        string // original text between the previous word and this one
	capital    bool   // written with a capital first letter
	hashtag    bool   // directly after #
	lineStart  bool   // first word of its line
}

// split cuts a listing into words: as splitWords does, and then each run
// of Chinese characters at the Chinese brand names and risk terms it
// contains, so "高仿香奈儿包包" reads as 高仿 · 香奈儿 · 包包.
func (wl *watchlist) split(s string) []listingWord {
	ws := splitWords(s)
	var out []listingWord
	for _, w := range ws {
		if !hasHan(w.norm) {
			out = append(out, w)
			continue
		}
		out = append(out, wl.segment(s, w)...)
	}
	return out
}

// segment cuts one word of Chinese characters at the longest known term
// starting at each character; the characters between terms stay together
// as one word.
func (wl *watchlist) segment(s string, w listingWord) []listingWord {
	text := s[w.start:w.end]
	maxLen := max(wl.hanMax, hanTermMax)
	var out []listingWord
	pending := -1 // byte offset in text where unmatched characters began
	emit := func(from, to int) {
		nw := listingWord{norm: strings.ToLower(text[from:to]), start: w.start + from, end: w.start + to}
		if len(out) == 0 {
			nw.sep, nw.hashtag, nw.lineStart, nw.capital = w.sep, w.hashtag, w.lineStart, w.capital
		}
		out = append(out, nw)
	}
	for i := 0; i < len(text); {
		n := 0
		end := i
		for k, j := 0, i; k < maxLen && j < len(text); k++ {
			_, size := utf8.DecodeRuneInString(text[j:])
			j += size
			if t := strings.ToLower(text[i:j]); wl.han[t] || hanTerms[t] {
				n, end = k+1, j
			}
		}
		if n == 0 {
			if pending < 0 {
				pending = i
			}
			_, size := utf8.DecodeRuneInString(text[i:])
			i += size
			continue
		}
		if pending >= 0 {
			emit(pending, i)
			pending = -1
		}
		emit(i, end)
		i = end
	}
	if pending >= 0 {
		emit(pending, len(text))
	}
	return out
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// splitWords cuts s into words, where Chinese characters meeting Latin
// letters or digits also end a word. Matching ignores case (Unicode case folding),
// full-width forms ("ＮＩＫＥ") and common Latin accents ("Hermès").
func splitWords(s string) []listingWord {
	var out []listingWord
	var b strings.Builder
	start, prevEnd := -1, 0
	lineStart := true
	flush := func(end int) {
		if start < 0 {
			return
		}
		first, _ := utf8.DecodeRuneInString(s[start:])
		sep := s[prevEnd:start]
		out = append(out, listingWord{
			norm:      b.String(),
			start:     start,
			end:       end,
			sep:       sep,
			capital:   unicode.IsUpper(widen(first)),
			hashtag:   strings.HasSuffix(sep, "#") || strings.HasSuffix(sep, "＃"),
			lineStart: lineStart,
		})
		b.Reset()
		start, prevEnd, lineStart = -1, end, false
	}
	prevHan := false
	for i, r := range s {
		f := foldRune(r)
		if unicode.IsLetter(f) || unicode.IsDigit(f) {
			han := unicode.Is(unicode.Han, f)
			if start >= 0 && han != prevHan {
				// Chinese next to Latin letters or digits ("高仿LV包包")
				// are separate words, joined by nothing.
				flush(i)
			}
			prevHan = han
			if start < 0 {
				start = i
			}
			b.WriteRune(f)
			continue
		}
		flush(i)
		if r == '\n' {
			lineStart = true
		}
	}
	flush(len(s))
	return out
}

// widen maps a full-width form to its ASCII letter.
func widen(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E:
		return r - 0xFEE0
	case r == 0x3000:
		return ' '
	}
	return r
}

// foldRune normalises one character for matching.
func foldRune(r rune) rune {
	r = unicode.ToLower(widen(r))
	if a, ok := unaccent[r]; ok {
		return a
	}
	return r
}

// unaccent strips the accents brand names are written with or without.
var unaccent = map[rune]rune{
	'à': 'a', 'á': 'a', 'â': 'a', 'ã': 'a', 'ä': 'a', 'å': 'a',
	'ç': 'c', 'è': 'e', 'é': 'e', 'ê': 'e', 'ë': 'e',
	'ì': 'i', 'í': 'i', 'î': 'i', 'ï': 'i', 'ñ': 'n',
	'ò': 'o', 'ó': 'o', 'ô': 'o', 'õ': 'o', 'ö': 'o', 'ø': 'o',
	'ù': 'u', 'ú': 'u', 'û': 'u', 'ü': 'u', 'ý': 'y', 'ÿ': 'y',
}
