package knowledge

// stem reduces an English word to its stem with the original Porter
// algorithm (M.F. Porter, "An algorithm for suffix stripping", 1980), so
// that "registered", "registering" and "registration" meet in one index
// term. The input must be lower-case ASCII; anything else, and words of two
// letters or fewer, are returned unchanged.
//
// The index stems text here, in Go, rather than with FTS5's own porter
// tokenizer: the answer decision needs to know exactly which index terms a
// question contains (see coverage in search.go), and one stemmer used on
// both sides is the only way to be sure they agree.
func stem(w string) string {
	if len(w) <= 2 {
		return w
	}
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return w
		}
	}
	s := &stemmer{b: []byte(w)}
	s.step1a()
	s.step1b()
	s.step1c()
	s.step2()
	s.step3()
	s.step4()
	s.step5()
	return string(s.b)
}

type stemmer struct {
	b []byte
}

// cons reports whether b[i] is a consonant in Porter's sense: y is a
// consonant at the start of a word or after a vowel.
func (s *stemmer) cons(i int) bool {
	switch s.b[i] {
	case 'a', 'e', 'i', 'o', 'u':
		return false
	case 'y':
		return i == 0 || !s.cons(i-1)
	}
	return true
}

// measure counts the VC sequences in b[:n].
func (s *stemmer) measure(n int) int {
	m, i := 0, 0
	for i < n && s.cons(i) {
		i++
	}
	for i < n {
		for i < n && !s.cons(i) {
			i++
		}
		if i >= n {
			break
		}
		m++
		for i < n && s.cons(i) {
			i++
		}
	}
	return m
}

func (s *stemmer) hasVowel(n int) bool {
	for i := 0; i < n; i++ {
		if !s.cons(i) {
			return true
		}
	}
	return false
}

// doubleCons reports whether b[:n] ends in a double consonant.
func (s *stemmer) doubleCons(n int) bool {
	return n >= 2 && s.b[n-1] == s.b[n-2] && s.cons(n-1)
}

// cvc reports whether b[:n] ends consonant-vowel-consonant with the last
// consonant not w, x or y (as in "hop", not "snow").
func (s *stemmer) cvc(n int) bool {
	if n < 3 || !s.cons(n-1) || s.cons(n-2) || !s.cons(n-3) {
		return false
	}
	switch s.b[n-1] {
	case 'w', 'x', 'y':
		return false
	}
	return true
}

func (s *stemmer) ends(suffix string) bool {
	n := len(s.b)
	return n >= len(suffix) && string(s.b[n-len(suffix):]) == suffix
}

// replace swaps suffix (which must end b) for repl when the remaining stem
// has a measure above min.
func (s *stemmer) replace(suffix, repl string, min int) bool {
	stem := len(s.b) - len(suffix)
	if s.measure(stem) <= min {
		return false
	}
	s.b = append(s.b[:stem], repl...)
	return true
}

func (s *stemmer) step1a() {
	switch {
	case s.ends("sses"), s.ends("ies"):
		s.b = s.b[:len(s.b)-2]
	case s.ends("ss"):
	case s.ends("s"):
		s.b = s.b[:len(s.b)-1]
	}
}

func (s *stemmer) step1b() {
	if s.ends("eed") {
		s.replace("eed", "ee", 0)
		return
	}
	var cut int
	switch {
	case s.ends("ed"):
		cut = 2
	case s.ends("ing"):
		cut = 3
	default:
		return
	}
	if !s.hasVowel(len(s.b) - cut) {
		return
	}
	s.b = s.b[:len(s.b)-cut]
	n := len(s.b)
	switch {
	case s.ends("at"), s.ends("bl"), s.ends("iz"):
		s.b = append(s.b, 'e')
	case s.doubleCons(n):
		switch s.b[n-1] {
		case 'l', 's', 'z':
		default:
			s.b = s.b[:n-1]
		}
	case s.measure(n) == 1 && s.cvc(n):
		s.b = append(s.b, 'e')
	}
}

func (s *stemmer) step1c() {
	if s.ends("y") && s.hasVowel(len(s.b)-1) {
		s.b[len(s.b)-1] = 'i'
	}
}

var step2Rules = [][2]string{
	{"ational", "ate"}, {"tional", "tion"}, {"enci", "ence"}, {"anci", "ance"},
	{"izer", "ize"}, {"bli", "ble"}, {"alli", "al"}, {"entli", "ent"},
	{"eli", "e"}, {"ousli", "ous"}, {"ization", "ize"}, {"ation", "ate"},
	{"ator", "ate"}, {"alism", "al"}, {"iveness", "ive"}, {"fulness", "ful"},
	{"ousness", "ous"}, {"aliti", "al"}, {"iviti", "ive"}, {"biliti", "ble"},
	{"logi", "log"},
}

var step3Rules = [][2]string{
	{"icate", "ic"}, {"ative", ""}, {"alize", "al"}, {"iciti", "ic"},
	{"ical", "ic"}, {"ful", ""}, {"ness", ""},
}

var step4Suffixes = []string{
	"al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment",
	"ent", "ion", "ou", "ism", "ate", "iti", "ous", "ive", "ize",
}

// applyLongest applies the rule with the longest matching suffix, as
// Porter's table lookup does; a matching suffix whose stem is too short
// still ends the step.
func (s *stemmer) applyLongest(rules [][2]string, min int) {
	best := -1
	for i, r := range rules {
		if s.ends(r[0]) && (best < 0 || len(r[0]) > len(rules[best][0])) {
			best = i
		}
	}
	if best >= 0 {
		s.replace(rules[best][0], rules[best][1], min)
	}
}

func (s *stemmer) step2() { s.applyLongest(step2Rules, 0) }
func (s *stemmer) step3() { s.applyLongest(step3Rules, 0) }

func (s *stemmer) step4() {
	best := ""
	for _, suf := range step4Suffixes {
		if s.ends(suf) && len(suf) > len(best) {
			best = suf
		}
	}
	if best == "" {
		return
	}
	stem := len(s.b) - len(best)
	if best == "ion" && (stem == 0 || (s.b[stem-1] != 's' && s.b[stem-1] != 't')) {
		return
	}
	if s.measure(stem) > 1 {
		s.b = s.b[:stem]
	}
}

func (s *stemmer) step5() {
	n := len(s.b)
	if s.b[n-1] == 'e' {
		m := s.measure(n - 1)
		if m > 1 || (m == 1 && !s.cvc(n-1)) {
			s.b = s.b[:n-1]
			n--
		}
	}
	if s.b[n-1] == 'l' && s.doubleCons(n) && s.measure(n) > 1 {
		s.b = s.b[:n-1]
	}
}
