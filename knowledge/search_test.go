package knowledge

import (
	"context"
	"fmt"
	"math"
	"testing"
	"testing/fstest"
)

// TestSearchMatchesExhaustiveRanking checks that scoring through the
// terms' postings (see search) finds the same best section as scoring
// every section one by one, on a base large enough for words to be
// common.
func TestSearchMatchesExhaustiveRanking(t *testing.T) {
	ix := openTest(t, Options{Base: generatedBase(t, 200, 10)})
	s := ix.snap
	n := len(s.sections)
	questions := append([]string{
		"trademark registration amazon",
		"how long does a listing stay removed",
		"seller brand complaint counter notice days",
		"supplier invoice authorization",
	}, benchQuestions...)
	for _, question := range questions {
		q := s.parseQuery(question)
		qts := s.terms.lookup(q.match)
		for k := range qts {
			// As the search weighs them: a word of running text only
			// weighs less (see storySearch).
			if !s.isTopic(qts[k].term) {
				qts[k].idf *= storySearch
			}
		}
		hits, err := s.search(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		// Every section, scored without FTS5.
		score := s.terms.rangeScores(0, n-1, qts)
		total := 0.0
		for _, u := range q.units {
			total += u.weight
		}
		best := 0.0
		for i := range n {
			covered := 0.0
			for _, u := range q.units {
				for _, term := range u.terms {
					if s.terms.contains(i, term) {
						covered += u.weight
						break
					}
				}
			}
			if total > 0 {
				best = max(best, score[i]*covered/total*sideBoost(s.sections[i].article, &q)*s.askBoost(i, q.asks, q.span, askSearchWeight))
			}
		}
		got := 0.0
		if len(hits) > 0 {
			got = hits[0].Score
		}
		if math.Abs(got-best) > 1e-9*max(1, best) {
			t.Errorf("%q: search's best scores %v, the best of all sections %v", question, got, best)
		}
	}
}

// TestWordOnlyInASectionsAliasesFindsIt: a section's own aliases ask for
// it in words its text may not use, and a question in those words finds
// it.
func TestWordOnlyInASectionsAliasesFindsIt(t *testing.T) {
	base := fstest.MapFS{
		"en/parcels.md": {Data: []byte("---\ntitle: Parcels\ntags: [shipping]\n---\n\n" +
			"## Sending abroad\n<!-- aliases: [\"which courier is cheapest for small parcels\"] -->\n\nPost offices and express firms both carry small parcels abroad.\n\n" +
			"## Returns\n\nA returned parcel is sent back at the buyer's cost.\n")},
		"en/labels.md": {Data: []byte("---\ntitle: Labels\ntags: [labels]\n---\n\n## Printing labels\n\nPrint the label on sticky paper.\n")},
	}
	ix := openTest(t, Options{Base: base})
	hits, err := ix.Search(t.Context(), "cheapest courier", 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) == 0 || hits[0].Section.Name() != "Sending abroad" || hits[0].Score <= 0 {
		t.Fatalf("hits for a question in an alias's words: %v; want the section of that alias first, with a score", describeHits(hits))
	}
}

func describeHits(hits []Hit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, fmt.Sprintf("%s (%.2f)", h.Section.Name(), h.Score))
	}
	return out
}

// TestSearchBoundChangesNoHit checks that the search's bound (see
// boundSearch) passes over no section that belongs among its candidates:
// on the bundled base for every tuning question and on a generated base
// whose words are common, the hits are the same, in the same order and
// with the same scores, with and without it.
func TestSearchBoundChangesNoHit(t *testing.T) {
	var questions []string
	for _, c := range loadEvalFile(t, "testdata/eval.jsonl") {
		questions = append(questions, c.Q)
	}
	for _, c := range loadEvalFile(t, "testdata/eval-e-zh.jsonl") {
		questions = append(questions, c.Q)
	}
	questions = append(questions, benchQuestions...)
	for _, opts := range []Options{{}, {Base: generatedBase(t, 200, 10)}} {
		s := openTest(t, opts).snap
		skipped := 0
		for _, question := range questions {
			q := s.parseQuery(question)
			boundSearch = false
			want, err := s.search(t.Context(), q)
			boundSearch = true
			if err != nil {
				t.Fatal(err)
			}
			got, err := s.search(t.Context(), q)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Fatalf("%q: %d hits with the bound, %d without", question, len(got), len(want))
			}
			for k := range got {
				if got[k].row != want[k].row || got[k].Score != want[k].Score || got[k].plain != want[k].plain {
					t.Fatalf("%q: hit %d is %s (%v) with the bound, %s (%v) without", question, k,
						got[k].Section.Name(), got[k].Score, want[k].Section.Name(), want[k].Score)
				}
			}
			if len(got) == candidates {
				skipped++
			}
		}
		if skipped == 0 {
			t.Errorf("no question had more sections than candidates: the bound was never tried")
		}
	}
}
