package knowledge

import "testing"

// TestInitialsAndShorthandAreJoined checks how a question's words
// written as initials with full stops, and chat's shortened words, are
// read: joined and written out, with a sentence's full stop kept.
func TestInitialsAndShorthandAreJoined(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"U.S. patent fees", "US patent fees"},
		{"selling in the U.K.", "selling in the UK."},
		{"we sell in the U.S. What should we register first", "we sell in the US. What should we register first"},
		{"an E.U. design or a U.S.A. one", "an EU design or a USA one"},
		{"a U.S lawyer, a U.S.-based seller", "a US lawyer, a US-based seller"},
		{"e.g. a logo, i.e. a mark", "eg a logo, ie a mark"},
		{"can u check ur notes w/o delay", "can you check your notes without delay"},
		{"is it ok bc it was b4 the sale?", "is it ok because it was before the sale?"},
		// Words that hold the letters are left alone.
		{"a menu, a bus, a url", "a menu, a bus, a url"},
		{"U-turn in the U-Bahn", "U-turn in the U-Bahn"},
		{"", ""},
	} {
		if got := expandShorthand(joinInitials(c.in)); got != c.want {
			t.Errorf("%q read as %q, want %q", c.in, got, c.want)
		}
	}
}

// TestShortenedQuestionsGetTheWrittenOutAnswer checks that a question
// typed with initials and chat's shortenings gets the answer it gets
// written out: "U.S." names the place, and "ur" speaks to the desk.
func TestShortenedQuestionsGetTheWrittenOutAnswer(t *testing.T) {
	ix := openTest(t, Options{})
	for _, c := range []struct{ typed, meant string }{
		{"is a U.S. attorney required for my filing", "is a US attorney required for my filing"},
		{"what does filing a trade mark in the U.K. cost", "what does filing a trade mark in the UK cost"},
		{"what happens after i send ur team a complaint", "what happens after i send your team a complaint"},
	} {
		got, want := askBoth(t, ix, c.typed, c.meant)
		if !want.Answered || len(want.Sections) == 0 {
			t.Fatalf("%q is not answered; the test needs a question that is", c.meant)
		}
		if !got.Answered || len(got.Sections) == 0 || got.Sections[0].Name() != want.Sections[0].Name() || got.Article().ID != want.Article().ID {
			t.Errorf("%q gets %s, want what %q gets: %s", c.typed, describe(got), c.meant, describe(want))
		}
	}
}
