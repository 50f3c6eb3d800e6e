package knowledge

import "github.com/kljensen/snowball/english"

// stem reduces a lower-case English word to its stem with the Snowball
// English (Porter2) stemmer, so that "registered", "registering" and
// "registration" meet in one index term. The same stemmer is used on the
// articles and on questions, which is what makes them comparable.
func stem(w string) string {
	if len(w) <= 2 {
		return w
	}
	return english.Stem(w, false)
}
