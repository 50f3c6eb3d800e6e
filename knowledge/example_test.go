package knowledge

import (
	"math"
	"strings"
	"testing"
)

// TestExampleFitFindsTheNearestExample: a question asked as one of a
// section's examples asks fits it fully, and its siblings, whose examples
// share some of its words, less; an example that asks another kind of
// fact counts for less.
func TestExampleFitFindsTheNearestExample(t *testing.T) {
	ix := openTest(t, Options{})
	s := ix.snap
	fits := func(q, id string) map[string]float64 { return exampleFits(s, q, id) }
	// An example of "Do I need a US lawyer to file".
	f := fits("can a chinese agent file my us trademark", "tm-us")
	if f["Do I need a US lawyer to file"] < 0.99 {
		t.Errorf("the section's own example fits %.2f, want 1", f["Do I need a US lawyer to file"])
	}
	for name, v := range f {
		if name != "Do I need a US lawyer to file" && v >= 0.8 {
			t.Errorf("%q fits %.2f, want less than 0.8", name, v)
		}
	}
	// "When do I file the section 8 declaration" asks no kind of fact
	// the asks know: the same words asking what it costs fit half as
	// well.
	when := fits("when do i file the section 8 declaration", "tm-us")["Keeping a US registration alive"]
	cost := fits("how much to file the section 8 declaration", "tm-us")["Keeping a US registration alive"]
	if when < 0.9 || cost > when/2+0.01 {
		t.Errorf("asking the example's fact fits %.2f, asking a cost %.2f; want about 1 and half of it", when, cost)
	}
}

// TestExampleQuestionsLiftTheirArticle checks that an article one of
// whose sections has an example question near the question is chosen
// over one that only shares its words: "what is it" of the Madrid
// system is answered from the article on filing through it, not from
// the one on managing a registration (it got the other article without
// the lift). A renewal question naming China is shown China's renewal
// window: the lift chose China's article over the one comparing
// offices, until the learned tables' weight rose to 0.4 and chose the
// comparison, whose list gives China's window too; with the lift at
// 1.25 it is China's article again.
func TestExampleQuestionsLiftTheirArticle(t *testing.T) {
	ix := openTest(t, Options{})
	wantAnswer(t, ix, "madrid protocol, what is it", "madrid", "")
	q := "my trademark in china expires soon, how early can i renew it"
	ans, err := ix.Ask(t.Context(), q)
	if err != nil {
		t.Fatal(err)
	}
	sec := ans.Sections[0]
	china := sec.Article().ID == "tm-china" || strings.Contains(sec.Markdown, "China")
	if !ans.Answered || !china || !strings.Contains(sec.Markdown, "12 months before expiry") {
		t.Errorf("%q got %s, want a section giving China's renewal window", q, describe(ans))
	}
}

// TestExampleFitIgnoresTheBrandNamed checks that the brand a question
// names neither brings it nearer nor takes it further from a section's
// examples: a tuning question about Nike in a listing title is no nearer
// a question on writing "compatible with Nike" than one on "compatible
// with Dyson".
func TestExampleFitIgnoresTheBrandNamed(t *testing.T) {
	ix := openTest(t, Options{})
	s := ix.snap
	fits := func(q string) map[string]float64 { return exampleFits(s, q, "listing-keywords") }
	want := fits("can my title say compatible with dyson")
	for _, brand := range []string{"nike", "lego", "gucci"} {
		q := "can my title say compatible with " + brand
		for name, v := range fits(q) {
			if math.Abs(v-want[name]) > 1e-9 {
				t.Errorf("%q fits %q %.3f, with dyson %.3f", q, name, v, want[name])
			}
		}
	}
}

// exampleFits returns how close q comes to the examples of each section
// of the English article id, by section name.
func exampleFits(s *snapshot, q, id string) map[string]float64 {
	pq := s.parseQuery(q)
	total := 0.0
	for _, u := range pq.units {
		total += u.weight
	}
	out := map[string]float64{}
	fq := s.fitQueryOf(&pq, total)
	for _, row := range s.rowsOf[s.articles["en/"+id]] {
		out[s.sections[row].Name()] = s.exampleFit(row, fq)
	}
	return out
}
