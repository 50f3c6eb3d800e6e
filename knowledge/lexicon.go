package knowledge

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// Two word lists from outside the articles tell the answer decision what
// kind of word a question uses that the base has never seen. A common
// English or Chinese word the base never uses ("storage", "python", 运费)
// says the question is about something else and counts against it; a
// word in neither list is most likely a name (a brand, a product, a city,
// a model number) and neither helps nor sinks the question (see
// unitKind).
//
// lexicon/en-words.txt.gz holds the entries of SCOWL's American English
// list (Debian's wamerican package) made of letters only: lower-case
// entries are common words, capitalised ones names ("Nike", "Shenzhen"),
// which are not common words but are not misspellings either. Copyright
// 2000-2011 by Kevin Atkinson; permission to use, copy, modify,
// distribute and sell is granted provided the copyright and permission
// notice appear in supporting documentation. Each word appears once,
// sorted by its lower-case form, and in lower case when the list has it
// so (a word both common and a name, "bill" and "Bill", is common), so
// that it loads without sorting:
//
//	grep -x '[A-Za-z]*' words | awk '{l=tolower($0); if (!(l in w) || $0==l) w[l]=$0} END {for (l in w) print l "\t" w[l]}' | LC_ALL=C sort | cut -f2 | gzip -9 -n
//
// lexicon/zh-words.txt.gz holds the words of go-ego/gse's simplified
// Chinese dictionary (data/dict/zh/s_1.txt, Apache-2.0, itself derived
// from jieba's, MIT) that occur at least 20 times in its corpus, with
// their frequency and part of speech; it is the dictionary of the Chinese
// segmenter (see segmenter). Regenerate with:
//
//	awk '$2>=20 {print $1" "$2" "$3}' s_1.txt | grep -P '^\p{Han}+ ' | LC_ALL=C sort | gzip -9 -n
//
// Three lists written for this base supplement the English one with words
// it lacks, each a header of '#' lines and a word per line:
// lexicon/en-brands.txt holds brands of goods, their products and
// characters; lexicon/en-names.txt other names (marketplaces, payment
// and shipping providers, tools, manufacturing cities); both are read
// as the list's names are; lexicon/en-commerce.txt holds the
// everyday words and acronyms of selling online (ad metrics, fulfilment,
// product compliance, product codes), read as common words. Without
// them, the speller took such words for slips of the base's words:
// "crocs" was read as "cross", "lego" as "logo", "acos" as "acts", "weee"
// as "were".
var (
	//go:embed lexicon/en-names.txt
	enNamesTxt string
	//go:embed lexicon/en-brands.txt
	enBrandsTxt string
	//go:embed lexicon/en-commerce.txt
	enCommerceTxt string
	//go:embed lexicon/en-words.txt.gz
	enWordsGz []byte
	//go:embed lexicon/zh-words.txt.gz
	zhWordsGz []byte
)

// A lexicon is the two word lists, loaded once per process and packed
// (see wordList).
type lexicon struct {
	// en holds the English list's words in lower case; enCommon marks
	// the common words among them (those the list writes in lower case),
	// the others being only names; see english.
	en       wordList
	enCommon bitSet
	enOnce   sync.Once
	// enNames, enBrands and enCommerce are the supplementary lists.
	enNames, enBrands, enCommerce wordList
	// brandTerms holds the terms of enBrands' words (see brandTerm).
	brandTerms     map[string]bool
	brandTermsOnce sync.Once
	// zh holds the Chinese dictionary's words; zhLogP is each one's log
	// probability in the dictionary's corpus, and zhName marks the proper
	// nouns: a person, place, organisation or brand.
	zh     wordList
	zhLogP []float64
	zhName bitSet
	// zhFirst[c-hanFirst] is the index of the first word that begins
	// with the character c of the CJK Unified Ideographs block or a later
	// one, so that the words beginning with c are found without a search
	// (see zhStarting).
	zhFirst []uint32
	// zhTotal is the sum of the frequencies, for the segmenter's
	// probabilities; zhMaxLen the longest word in characters.
	zhTotal  float64
	zhMaxLen int
}

// hanFirst and hanLast bound the CJK Unified Ideographs block, where
// nearly every word of the dictionary begins.
const (
	hanFirst = 0x4E00
	hanLast  = 0x9FFF
)

var (
	lexOnce sync.Once
	lex     *lexicon
)

// theLexicon returns the word lists, reading the Chinese one on first
// use (once per process; see BenchmarkLexicon).
func theLexicon() *lexicon {
	lexOnce.Do(func() {
		lex = &lexicon{}
		lex.loadChinese(string(gunzip(zhWordsGz)))
	})
	return lex
}

// loadChinese reads the dictionary's lines, "word frequency part-of-
// speech", sorted by word.
func (l *lexicon) loadChinese(data string) {
	n := strings.Count(data, "\n") + 1
	words := make([]string, 0, n)
	freqs := make([]float64, 0, n)
	names := newBitSet(n)
	for line := range strings.Lines(data) {
		w, rest, _ := strings.Cut(strings.TrimSpace(line), " ")
		f, pos, _ := strings.Cut(rest, " ")
		v, err := strconv.ParseFloat(f, 64)
		if w == "" || err != nil || v <= 0 {
			continue
		}
		if len(words) > 0 && w <= words[len(words)-1] {
			panic("knowledge: embedded Chinese word list is not sorted at " + w) // fixed at build time
		}
		if properNoun(pos) {
			names.set(len(words))
		}
		words = append(words, w)
		freqs = append(freqs, v)
		l.zhTotal += v
	}
	logTotal := math.Log(l.zhTotal)
	l.zh = packWords(words)
	l.zhLogP = make([]float64, len(freqs))
	for i, f := range freqs {
		l.zhLogP[i] = math.Log(f) - logTotal
		l.zhMaxLen = max(l.zhMaxLen, utf8.RuneCountInString(words[i]))
	}
	l.zhName = names
	l.zhFirst = make([]uint32, hanLast-hanFirst+2)
	i := 0
	for c := rune(hanFirst); c <= hanLast+1; c++ {
		for i < len(words) && firstRune(words[i]) < c {
			i++
		}
		l.zhFirst[c-hanFirst] = uint32(i)
	}
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// zhStarting returns the range of the dictionary's words that begin with
// the character c.
func (l *lexicon) zhStarting(c string) (lo, hi int) {
	if r := firstRune(c); r >= hanFirst && r <= hanLast {
		return int(l.zhFirst[r-hanFirst]), int(l.zhFirst[r-hanFirst+1])
	}
	lo, hi, _, _ = l.zh.narrow(0, l.zh.len(), c, 0)
	return lo, hi
}

// properNoun reports whether a part-of-speech tag of the dictionary
// (ICTCLAS style) marks a name: nr person, ns place, nt organisation, nz
// other proper noun (brands among them).
func properNoun(pos string) bool {
	return strings.HasPrefix(pos, "nr") || pos == "ns" || pos == "nt" || pos == "nz"
}

func gunzip(gz []byte) []byte {
	r, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		panic("knowledge: embedded word list: " + err.Error()) // fixed at build time
	}
	data, err := io.ReadAll(r)
	if err != nil {
		panic("knowledge: embedded word list: " + err.Error())
	}
	return data
}

// english returns the English list, read on first use: only questions
// need it, so building the index does not wait for it.
func (l *lexicon) english() *wordList {
	l.enOnce.Do(func() {
		data := gunzip(enWordsGz)
		n := bytes.Count(data, []byte{'\n'}) + 1
		text := make([]byte, 0, len(data))
		end := make([]uint32, 0, n)
		common := newBitSet(n)
		prev := 0 // where the last word starts in text
		for line := range bytes.Lines(data) {
			w := bytes.TrimSpace(line)
			if len(w) == 0 {
				continue
			}
			start := len(text)
			lower := true
			for _, c := range w {
				if 'A' <= c && c <= 'Z' {
					c += 'a' - 'A'
					lower = false
				}
				text = append(text, c)
			}
			if len(end) > 0 && bytes.Compare(text[prev:start], text[start:]) >= 0 {
				panic("knowledge: embedded English word list is not sorted at " + string(w)) // fixed at build time
			}
			if lower {
				common.set(len(end))
			}
			end = append(end, uint32(len(text)))
			prev = start
		}
		l.en, l.enCommon = wordList{text: string(text), end: end}, common
		l.enNames, l.enBrands, l.enCommerce = extraWords(enNamesTxt), extraWords(enBrandsTxt), extraWords(enCommerceTxt)
	})
	return &l.en
}

// extraWords packs the words of a supplementary list.
func extraWords(list string) wordList {
	var words []string
	for line := range strings.Lines(list) {
		w := strings.ToLower(strings.TrimSpace(line))
		if w == "" || strings.HasPrefix(w, "#") {
			continue
		}
		words = append(words, w)
		// The speller reads the letters of "l'oreal" or "coca-cola"
		// apart (see spellable).
		for _, p := range strings.FieldsFunc(w, func(r rune) bool { return r < 'a' || r > 'z' }) {
			if len(p) >= 3 && p != w {
				words = append(words, p)
			}
		}
	}
	slices.Sort(words)
	return packWords(slices.Compact(words))
}

// commonEnglish reports whether a lower-case word is an ordinary English
// word, not a name.
func (l *lexicon) commonEnglish(w string) bool {
	i := l.english().find(w)
	return i >= 0 && l.enCommon.has(i) || l.enCommerce.find(w) >= 0
}

// brandName reports whether a lower-case word is on the list of brands
// (lexicon/en-brands.txt): a brand of goods, one of its products, or a
// character or franchise.
func (l *lexicon) brandName(w string) bool {
	l.english()
	return l.enBrands.find(w) >= 0
}

// brandTerm reports whether t is the term of a word on the list of
// brands (terms are stems: "nikes" and "nike" are one term).
func (l *lexicon) brandTerm(t string) bool {
	l.brandTermsOnce.Do(func() {
		l.english()
		l.brandTerms = map[string]bool{}
		for i := range l.enBrands.len() {
			for _, t := range terms(l.enBrands.at(i)) {
				l.brandTerms[t] = true
			}
		}
	})
	return l.brandTerms[t]
}

// knownEnglish reports whether a lower-case word is in the lists at all,
// as a common word or a name.
func (l *lexicon) knownEnglish(w string) bool {
	return l.english().find(w) >= 0 || l.enNames.find(w) >= 0 || l.enBrands.find(w) >= 0 || l.enCommerce.find(w) >= 0
}

// frequentChinese reports whether the dictionary has seen w at least
// freq times.
func (l *lexicon) frequentChinese(w string, freq float64) bool {
	i := l.zh.find(w)
	return i >= 0 && l.zhLogP[i] >= math.Log(freq/l.zhTotal)
}

// commonChinese reports whether a Chinese word is an ordinary word of the
// dictionary, not a name.
func (l *lexicon) commonChinese(w string) bool {
	i := l.zh.find(w)
	return i >= 0 && !l.zhName.has(i)
}
