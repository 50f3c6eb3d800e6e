package knowledge

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"io"
	"math"
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
// which are not common words but are not misspellings either. Copyright 2000-2011 by Kevin Atkinson; permission to use,
// copy, modify, distribute and sell is granted provided the copyright and
// permission notice appear in supporting documentation.
//
// lexicon/zh-words.txt.gz holds the words of go-ego/gse's simplified
// Chinese dictionary (data/dict/zh/s_1.txt, Apache-2.0, itself derived
// from jieba's, MIT) that occur at least 20 times in its corpus, with
// their frequency and part of speech; it is the dictionary of the Chinese
// segmenter (see segmenter). Regenerate with:
//
//	awk '$2>=20 {print $1" "$2" "$3}' s_1.txt | grep -P '^\p{Han}+ ' | LC_ALL=C sort | gzip -9 -n
var (
	//go:embed lexicon/en-words.txt.gz
	enWordsGz []byte
	//go:embed lexicon/zh-words.txt.gz
	zhWordsGz []byte
)

// A lexicon is the two word lists, loaded once per process.
type lexicon struct {
	// en maps a lower-case English word to whether it is a common word
	// (true) or only a name (false); see english.
	en     map[string]bool
	enOnce sync.Once
	zh     map[string]zhWord
	// zhTotal is the sum of the frequencies, for the segmenter's
	// probabilities; zhMaxLen the longest word in characters.
	zhTotal  float64
	zhMaxLen int
}

// A zhWord is one entry of the Chinese dictionary.
type zhWord struct {
	logP float64 // log probability of the word in the dictionary's corpus
	name bool    // a proper noun: a person, place, organisation or brand
}

var (
	lexOnce sync.Once
	lex     *lexicon
)

// theLexicon returns the word lists, reading the Chinese one on first
// use (once per process; see BenchmarkOpenFirst).
func theLexicon() *lexicon {
	lexOnce.Do(func() {
		l := &lexicon{}
		data := gunzip(zhWordsGz)
		l.zh = make(map[string]zhWord, bytes.Count(data, []byte{'\n'})+1)
		// First the total, for the probabilities; the lines are
		// "word frequency part-of-speech".
		type entry struct {
			w    string
			f    float64
			name bool
		}
		entries := make([]entry, 0, len(l.zh))
		for line := range bytes.Lines(data) {
			f := strings.Fields(string(line))
			if len(f) < 2 {
				continue
			}
			n, err := strconv.ParseFloat(f[1], 64)
			if err != nil || n <= 0 {
				continue
			}
			pos := ""
			if len(f) > 2 {
				pos = f[2]
			}
			entries = append(entries, entry{f[0], n, properNoun(pos)})
			l.zhTotal += n
		}
		logTotal := math.Log(l.zhTotal)
		for _, e := range entries {
			l.zh[e.w] = zhWord{logP: math.Log(e.f) - logTotal, name: e.name}
			l.zhMaxLen = max(l.zhMaxLen, utf8.RuneCountInString(e.w))
		}
		lex = l
	})
	return lex
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
func (l *lexicon) english() map[string]bool {
	l.enOnce.Do(func() {
		data := gunzip(enWordsGz)
		l.en = make(map[string]bool, bytes.Count(data, []byte{'\n'})+1)
		for line := range bytes.Lines(data) {
			w := string(bytes.TrimSpace(line))
			if w == "" {
				continue
			}
			lw := strings.ToLower(w)
			l.en[lw] = l.en[lw] || lw == w
		}
	})
	return l.en
}

// commonEnglish reports whether a lower-case word is an ordinary English
// word, not a name.
func (l *lexicon) commonEnglish(w string) bool { return l.english()[w] }

// knownEnglish reports whether a lower-case word is in the list at all,
// as a common word or a name.
func (l *lexicon) knownEnglish(w string) bool {
	_, ok := l.english()[w]
	return ok
}

// commonChinese reports whether a Chinese word is an ordinary word of the
// dictionary, not a name.
func (l *lexicon) commonChinese(w string) bool {
	e, ok := l.zh[w]
	return ok && !e.name
}
