package knowledge

import (
	"sync"

	"github.com/kljensen/snowball/english"
)

// stem reduces a lower-case English word to its stem with the Snowball
// English (Porter2) stemmer, so that "registered", "registering" and
// "registration" meet in one index term. The same stemmer is used on the
// articles and on questions, which is what makes them comparable.
func stem(w string) string {
	if len(w) <= 2 {
		return w
	}
	stemMu.RLock()
	s, ok := stems[w]
	stemMu.RUnlock()
	if ok {
		return s
	}
	s, ok = stemKept[w]
	if !ok {
		s = english.Stem(w, false)
	}
	stemMu.Lock()
	if len(stems) < maxStems {
		stems[w] = s
	}
	stemMu.Unlock()
	return s
}

// stemKept are words whose stem would join them to a word of another
// meaning in this domain: "personal" (data, details) is not a "person"
// to talk to, and a "designer" (of bags, of illustrations) holds no
// "design" right. "is my personal info safe with you" had got the desk's
// section on starting a complaint, whose aliases offer a person to talk
// to. With the models refitted, eval-ab one down, the judges' files one
// up, nothing else moved.
var stemKept = map[string]string{"personal": "personal", "personally": "personal", "designer": "designer", "designers": "designer"}

// stems caches the stems of words seen, since the Snowball stemmer is the
// costliest step of indexing and articles repeat their words. The cache
// stops growing at maxStems words, far more than the articles use, so
// that a stream of odd words in questions cannot grow it without bound.
var (
	stemMu sync.RWMutex
	stems  = map[string]string{}
)

const maxStems = 200_000
