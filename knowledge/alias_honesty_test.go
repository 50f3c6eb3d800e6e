package knowledge

import (
	"slices"
	"strings"
	"testing"
)

// aliasKey normalises a question or an alias the way the index sees it:
// its distinct index terms (lower case, stemmed, synonyms merged, stop
// words, punctuation and spacing gone), sorted. Chinese runs split only
// by particles or punctuation are joined first, so that "投诉了，怎么办"
// and "投诉怎么办" agree. Two phrasings with the same key are the same
// question to the search.
func aliasKey(s string) string {
	var b strings.Builder
	prevHan := false
	eachToken(s, func(tok string, han bool) {
		if !(han && prevHan) {
			b.WriteByte(' ')
		}
		b.WriteString(tok)
		prevHan = han
	})
	ts := terms(b.String())
	slices.Sort(ts)
	return strings.Join(slices.Compact(ts), " ")
}

// TestAliasesAreNotTestQuestions fails when an alias, in an article's
// front matter or under a section heading, is an evaluation or headline
// question in other clothes: the same index terms, or a question word
// that the articles never use (a typo) copied into an alias. Such an
// alias answers the question by lookup, so the measured accuracy would
// say nothing about questions nobody wrote down. Aliases must be other
// ways people ask, not the test's questions.
func TestAliasesAreNotTestQuestions(t *testing.T) {
	files, err := readArticles(Bundled())
	if err != nil {
		t.Fatal(err)
	}
	type alias struct{ file, text string }
	var aliases []alias
	prose := map[string]bool{}
	for _, f := range files {
		a, _, err := ParseArticle(f.path, f.data)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range words(a.Title) {
			prose[w] = true
		}
		for _, x := range a.Aliases {
			aliases = append(aliases, alias{f.path, x})
		}
		for _, s := range a.Sections {
			for _, w := range words(strings.Join(s.Heading, " ") + " " + s.text) {
				prose[w] = true
			}
			for _, x := range s.Aliases {
				aliases = append(aliases, alias{f.path + " › " + s.Name(), x})
			}
		}
	}
	var questions []string
	for _, c := range loadEvalFile(t, "testdata/eval.jsonl") {
		questions = append(questions, c.Q)
	}
	for _, h := range headlineCases {
		questions = append(questions, h.q)
	}
	byKey := map[string][]alias{}
	typos := map[string][]alias{}
	for _, a := range aliases {
		byKey[aliasKey(a.text)] = append(byKey[aliasKey(a.text)], a)
		for _, w := range words(a.text) {
			if len(w) >= minSpellLen && !prose[w] && !isNumber(w) {
				typos[w] = append(typos[w], a)
			}
		}
	}
	for _, q := range questions {
		for _, a := range byKey[aliasKey(q)] {
			t.Errorf("%s: alias %q is the test question %q", a.file, a.text, q)
		}
		for _, w := range words(q) {
			for _, a := range typos[w] {
				t.Errorf("%s: alias %q copies %q, a word the articles never use, from the test question %q", a.file, a.text, w, q)
			}
		}
	}
}

func TestAliasKey(t *testing.T) {
	for _, c := range []struct {
		a, b string
		same bool
	}{
		{"US TM fee", "us  tm fee?", true},
		{"how do I file a DMCA counter notice", "how to file a dmca counter-notice", true},
		{"fees for a US trademark", "us tm fee", true},
		{"收到侵权投诉怎么办", "收到侵权投诉了，怎么办？", true},
		{"收到侵权投诉怎么办", "侵权投诉怎么回应", false},
		{"us tm fee", "us tm renewal", false},
	} {
		if got := aliasKey(c.a) == aliasKey(c.b); got != c.same {
			t.Errorf("aliasKey(%q) = %q, aliasKey(%q) = %q; same = %v, want %v", c.a, aliasKey(c.a), c.b, aliasKey(c.b), got, c.same)
		}
	}
}
