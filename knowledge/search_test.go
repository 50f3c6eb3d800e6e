package knowledge

import (
	"context"
	"math"
	"testing"
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
