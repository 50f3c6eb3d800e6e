package i18n

import (
	"strings"
	"unicode"
)

// Detect returns the language text is written in, when the text says so
// clearly: Chinese when Chinese characters carry much of it (one character
// counting as three Latin letters, at least as many as the letters), so
// "投诉" and "高仿LV包包" are Chinese but "what does 高仿 mean?" is not;
// English when it reads as an English sentence (at least three words, one
// of them a common English function word). A brand name, an order number,
// a link or "ok" says nothing, and Detect reports false, so a Chinese
// speaker who pastes "Nike Air Max 90" keeps Chinese.
func Detect(text string) (Lang, bool) {
	han, latin := 0, 0
	for _, r := range text {
		switch {
		case unicode.Is(unicode.Han, r):
			han++
		case r < 0x80 && unicode.IsLetter(r):
			latin++
		}
	}
	if han > 0 && 3*han >= latin {
		return ZH, true
	}
	words, function := 0, false
	for _, f := range strings.Fields(text) {
		if strings.Contains(f, "://") || strings.Contains(f, "@") {
			continue
		}
		w := strings.ToLower(strings.TrimFunc(f, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' }))
		if w == "" || !isASCIILetters(w) {
			continue
		}
		words++
		if englishFunctionWords[w] {
			function = true
		}
	}
	if words >= 3 && function {
		return EN, true
	}
	return "", false
}

func isASCIILetters(s string) bool {
	for _, r := range s {
		if (r < 'a' || r > 'z') && r != '\'' {
			return false
		}
	}
	return true
}

// englishFunctionWords are short words nearly every English sentence has
// and brand names and codes rarely do.
var englishFunctionWords = map[string]bool{
	"i": true, "i'm": true, "my": true, "me": true, "we": true, "you": true, "your": true, "it": true, "it's": true,
	"the": true, "a": true, "an": true, "is": true, "are": true, "was": true, "were": true, "be": true,
	"to": true, "of": true, "and": true, "or": true, "in": true, "on": true, "with": true, "from": true,
	"this": true, "that": true, "what": true, "how": true, "why": true, "when": true, "can": true,
	"do": true, "does": true, "did": true, "not": true, "have": true, "has": true, "should": true,
}
