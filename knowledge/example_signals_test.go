package knowledge

import (
	"testing"
	"testing/fstest"
)

// TestOutExamplesAreKeptAndFound checks that the tuning questions the
// base must decline are kept as examples, from the oldest files and the
// fresh rounds alike, and that a question asked as one of them was asked
// comes near it, while a question on what the base answers does not.
func TestOutExamplesAreKeptAndFound(t *testing.T) {
	base := fstest.MapFS{
		"en/notices.md": {Data: []byte("---\ntitle: Takedown notices\ntags: [dmca]\n---\n\n## Answering a takedown notice\n\nSend a counter-notice when the notice is wrong.\n")},
		"en/parcels.md": {Data: []byte("---\ntitle: Parcels\ntags: [shipping]\n---\n\n## Parcel times\n\nParcels take a week by sea freight; a courier is faster.\n")},
	}
	ix := openTest(t, Options{Base: base})
	s := ix.snap
	folds := map[string][]evalCase{"tuning": {
		{Q: "how do i answer a takedown notice", Article: "notices", Section: "Answering a takedown notice", Lang: "en"},
		{Q: "which courier sends parcels cheapest", Lang: "en"},
		{Q: "freight", Lang: "en"},
	}}
	fresh := map[string][]evalCase{"round": {
		{Q: "is sea freight slower than a courier", Lang: "en"},
	}}
	f := learnFrom(s, folds, fresh, "")
	if got := len(f.Examples[outExamplesLabel]); got != 3 {
		t.Fatalf("kept %d questions to decline as examples, want 3: %v", got, f.Examples[outExamplesLabel])
	}
	s.numberLearned(f.models())
	near := func(q string) (in, out float64) {
		pq := s.parseQuery(q)
		pa, err := s.answerPart(t.Context(), pq, "en")
		if err != nil || pa == nil {
			t.Fatalf("%q found nothing (%v)", q, err)
		}
		return pa.sig.exampleIn, pa.sig.exampleOut
	}
	// Words the base does not know ("cheapest") weigh in the question
	// but match nothing, so it comes less than fully near.
	if in, out := near("which courier sends parcels cheapest"); out < 0.5 || in >= out {
		t.Errorf("a question to decline asked again comes %.2f near the questions to decline and %.2f near the section's examples, want at least 0.5 and less", out, in)
	}
	if in, out := near("how do i answer a takedown notice"); out != 0 || in < 0.99 {
		t.Errorf("a question the base answers comes %.2f near the questions to decline and %.2f near the section's examples, want 0 and 1", out, in)
	}
}
