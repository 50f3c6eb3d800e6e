package knowledge

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"
)

// thesaurusYAML is the curated list of equivalent words and phrases; its
// header says how to write it.
//
//go:embed thesaurus.yaml
var thesaurusYAML []byte

// otherSensesYAML lists the phrases in which a word of this domain means
// something else; its header says how to write it.
//
//go:embed othersenses.yaml
var otherSensesYAML []byte

// A thesaurus maps words and phrases to the entries they belong to. An
// entry's index term is "=" and its name, which no word can collide with.
type thesaurus struct {
	// entries lists each entry's items as written, for tests.
	entries [][]string
	// word maps a single English word or Chinese word to its entries'
	// terms.
	word map[string][]string
	// phrase maps the first word of an English phrase of two or more
	// words to the phrases that start with it, longest first.
	phrase map[string][]thesaurusPhrase
	// maxPhrase is the most words a phrase has.
	maxPhrase int
	// items holds every word of every item as written, for the speller
	// to leave alone: "tok" of "tik tok shop" is no misspelt "took".
	items map[string]bool
	// otherPhrase maps the first word of a phrase of othersenses.yaml to
	// the phrases that start with it, longest first; otherWord holds its
	// single English words and otherZh its Chinese words; otherItems
	// lists them as written, for tests.
	otherPhrase map[string][][]string
	otherItems  []string
	otherWord   map[string]bool
	otherZh     map[string]bool
}

// knows reports whether w is a word of one of the thesaurus's items.
func (t *thesaurus) knows(w string) bool { return t != nil && t.items[w] }

type thesaurusPhrase struct {
	words []string
	term  string
}

var (
	thesOnce sync.Once
	thes     *thesaurus
	thesErr  error
)

// theThesaurus returns the bundled thesaurus, parsed on first use. The
// file is embedded, so a parse error is a bug that TestThesaurus reports;
// the search then goes on without it.
func theThesaurus() *thesaurus {
	thesOnce.Do(func() {
		thes, thesErr = parseThesaurus(thesaurusYAML)
		if thesErr == nil {
			thesErr = thes.parseOtherSenses(otherSensesYAML)
		}
		if thesErr != nil {
			thes = &thesaurus{word: map[string][]string{}, phrase: map[string][]thesaurusPhrase{}}
		}
	})
	return thes
}

func parseThesaurus(data []byte) (*thesaurus, error) {
	var entries [][]string
	if err := yaml.Unmarshal(data, &entries); err != nil {
		return nil, fmt.Errorf("thesaurus: %w", err)
	}
	t := &thesaurus{entries: entries, word: map[string][]string{}, phrase: map[string][]thesaurusPhrase{}, items: map[string]bool{}}
	// stemOnly maps a stem to the entries it was added for as the stem of
	// an item, and surface maps each single-word item to its entries.
	stemOnly := map[string]map[string]bool{}
	surface := map[string][]string{}
	for i, e := range entries {
		if len(e) < 2 {
			return nil, fmt.Errorf("thesaurus: entry %d (%v) needs at least two items", i+1, e)
		}
		term := "=" + strings.Join(strings.Fields(strings.ToLower(e[0])), "_")
		for _, item := range e {
			ws := itemWords(item)
			for _, w := range ws {
				t.items[w] = true
			}
			switch {
			case len(ws) == 0:
				return nil, fmt.Errorf("thesaurus: entry %q has an empty item", e[0])
			case len(ws) == 1:
				// An English word is also found by its stem, so that
				// "fit" meets the entry of "fits".
				keys := []string{ws[0]}
				if r := []rune(ws[0]); len(r) > 0 && !isHan(r[0]) {
					if st := stem(ws[0]); st != ws[0] {
						keys = append(keys, st)
						if stemOnly[st] == nil {
							stemOnly[st] = map[string]bool{}
						}
						stemOnly[st][term] = true
					}
				}
				for _, k := range keys {
					if !containsString(t.word[k], term) {
						t.word[k] = append(t.word[k], term)
					}
				}
				surface[ws[0]] = append(surface[ws[0]], term)
			default:
				t.phrase[ws[0]] = append(t.phrase[ws[0]], thesaurusPhrase{words: ws, term: term})
				t.maxPhrase = max(t.maxPhrase, len(ws))
			}
		}
	}
	// Items of different entries may share a stem: "customs" and
	// "customer" are both "custom". The stem then says nothing of which
	// entry a word belongs to ("customized packaging" is no question
	// about customs), so it finds neither entry, and each item is found
	// as written.
	for st, terms := range stemOnly {
		if len(terms) < 2 {
			continue
		}
		var keep []string
		for _, term := range t.word[st] {
			if !terms[term] || containsString(surface[st], term) {
				keep = append(keep, term)
			}
		}
		if len(keep) == 0 {
			delete(t.word, st)
		} else {
			t.word[st] = keep
		}
	}
	for k, ps := range t.phrase {
		// Longest first, so "tik tok shop" wins over "tik tok".
		for i := 1; i < len(ps); i++ {
			for j := i; j > 0 && len(ps[j].words) > len(ps[j-1].words); j-- {
				ps[j], ps[j-1] = ps[j-1], ps[j]
			}
		}
		t.phrase[k] = ps
	}
	return t, nil
}

// parseOtherSenses reads the phrases of othersenses.yaml into t.
func (t *thesaurus) parseOtherSenses(data []byte) error {
	var items []string
	if err := yaml.Unmarshal(data, &items); err != nil {
		return fmt.Errorf("other senses: %w", err)
	}
	t.otherPhrase, t.otherWord, t.otherZh, t.otherItems = map[string][][]string{}, map[string]bool{}, map[string]bool{}, items
	for _, item := range items {
		ws := itemWords(item)
		switch {
		case len(ws) == 0:
			return fmt.Errorf("other senses: empty item %q", item)
		case len(ws) > 1:
			t.otherPhrase[ws[0]] = append(t.otherPhrase[ws[0]], ws)
			t.maxPhrase = max(t.maxPhrase, len(ws))
		case isHan([]rune(ws[0])[0]):
			t.otherZh[ws[0]] = true
		default:
			t.otherWord[ws[0]] = true
		}
	}
	for _, ps := range t.otherPhrase {
		slices.SortStableFunc(ps, func(a, b []string) int { return len(b) - len(a) })
	}
	return nil
}

// otherSense returns how many words of rs from i on are a phrase of
// othersenses.yaml at least as long as any thesaurus phrase there, or 0.
func (t *thesaurus) otherSense(rs []rawWord, i int) int {
	longest := 0
	for _, p := range t.phrase[rs[i].w] {
		if matchesAt(rs, i, p.words) {
			longest = len(p.words)
			break
		}
	}
	for _, p := range t.otherPhrase[rs[i].w] {
		if len(p) >= longest && matchesAt(rs, i, p) {
			return len(p)
		}
	}
	return 0
}

// matchesAt reports whether the words of rs from i on are ws.
func matchesAt(rs []rawWord, i int, ws []string) bool {
	if i+len(ws) > len(rs) {
		return false
	}
	for k, w := range ws {
		if rs[i+k].w != w {
			return false
		}
	}
	return true
}

// itemWords splits a thesaurus item into the words analyse sees: lower
// case, letters and digits, a Chinese item whole.
func itemWords(item string) []string {
	var ws []string
	eachToken(item, func(tok string, han bool) {
		ws = append(ws, strings.ToLower(tok))
	})
	return ws
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// thesaurusZhWords returns the Chinese words of the thesaurus, for the
// segmenter's dictionary.
func thesaurusZhWords() map[string]bool {
	out := map[string]bool{}
	th := theThesaurus()
	for w := range th.word {
		if w != "" && isHan([]rune(w)[0]) {
			out[w] = true
		}
	}
	for w := range th.otherZh {
		out[w] = true
	}
	return out
}
