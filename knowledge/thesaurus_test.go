package knowledge

import (
	"slices"
	"strings"
	"testing"
)

// TestThesaurus checks that the bundled thesaurus parses and that its
// items meet as the search sees them: a compound written apart, a lay
// word and a Chinese word reach the same entry as the word the articles
// use.
func TestThesaurus(t *testing.T) {
	if _, err := parseThesaurus(thesaurusYAML); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ a, b string }{
		{"trade mark", "trademark"},
		{"counter notice", "counter-notice"},
		{"knockoff", "counterfeit"},
		{"商标", "trademark"},
		{"A-to-z", "a to z"},
		{"3rd party", "third-party"},
		{"taken down", "takedown"},
		{"inspired by", "dupe"},
		{"跟卖", "hijacked"},
		{"原告", "plaintiff"},
	} {
		ta, tb := terms(c.a), terms(c.b)
		if !slices.ContainsFunc(ta, func(x string) bool { return strings.HasPrefix(x, "=") && slices.Contains(tb, x) }) {
			t.Errorf("%q %v and %q %v share no thesaurus entry", c.a, ta, c.b, tb)
		}
	}
	if _, err := parseThesaurus([]byte("- [alone]\n")); err == nil {
		t.Error("an entry of one item parses")
	}
}

// TestSharedStemFindsNeitherEntry checks that a stem which items of two
// entries share ("customs" and "customer" both stem to "custom") leads to
// neither: a question about a customer, or about customized packaging, is
// no question about customs, while each item still finds its own entry.
func TestSharedStemFindsNeitherEntry(t *testing.T) {
	th, err := parseThesaurus([]byte("- [customs, border]\n- [buyer, customer, customers]\n- [fits, compatible]\n"))
	if err != nil {
		t.Fatal(err)
	}
	for word, want := range map[string][]string{
		"customs":    {"=customs"},
		"customer":   {"=buyer"},
		"customers":  {"=buyer"},
		"custom":     nil,
		"customized": nil,
		// A stem of one entry alone still finds it.
		"fit": {"=fits"},
	} {
		// As englishTok looks words up: as written and by stem.
		got := slices.Clone(th.word[word])
		for _, e := range th.word[stem(stem(word))] {
			if !slices.Contains(got, e) {
				got = append(got, e)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%q finds %v, want %v", word, got, want)
		}
	}
}
