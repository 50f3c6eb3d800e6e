package knowledge

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The base is written in English and Chinese, and a question in another
// language is read with those two languages' words: "¿Cómo registro una
// marca en México?" met the Mercado Libre article on "México" and
// "marca", and "combien coûte une marque en france" an article on EU
// penalties on "france". Such a question is declined with a hint that
// says which languages the desk reads, not answered from whichever
// article shares a name with it.
//
// Telling the language is written here, not taken from a library: a
// trigram detector (whatlanggo) read "how long does a us trademark
// last" as Spanish and "trademrk renewel china" as Spanish too; short
// questions with names and typos are what a chat brings. What tells
// another language here is a question of which at most half the words
// are common English words or the base's, with a sign of the other language
// besides: a script of its own, a letter with an accent, inverted
// punctuation or its everyday small words (otherWords). A question
// typed in abbreviations ("pls hlp tm amz vero?") has none of those.

// minOtherWords is the fewest words of three letters or more a question
// needs before it can be read as written in another language: "tm?" or
// "hola" says too little.
const minOtherWords = 3

// otherWords are everyday small words of languages sellers write in
// besides English and Chinese (Spanish, Portuguese, French, Italian,
// German, Dutch, Indonesian and Malay) that are not English words.
var otherWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`
el en la los las una del que qué como cómo para por puedo cuánto cuanto cuesta está es mi mis hay
um uma não posso meu minha você quanto custa da do dos
une les des est pour comment combien dans avec mon mes peut je vous le du
il della sono posso mio quanto costa di gli
wie ist und der das eine nicht ich mein meine kann wird auf für
hoe een het ik mijn wat
bagaimana cara yang dan untuk saya apa ini itu bisa berapa`) {
		m[w] = true
	}
	return m
}()

// otherLanguage reports whether question is written in a language the
// base is not (see otherWords). A Chinese question, and an English one
// with names, abbreviations and typos in it, is not.
func (s *snapshot) otherLanguage(question string) bool {
	kana := 0
	for _, r := range question {
		if unicode.In(r, unicode.Hiragana, unicode.Katakana) && r != 'ー' && r != '・' {
			kana++
		}
	}
	// Japanese is written with Chinese characters too, and kana, which
	// Chinese is not.
	if kana >= 2 {
		return true
	}
	if isChinese(question) {
		return false
	}
	known, small, script, latin, accents := 0, 0, 0, 0, 0
	for _, r := range question {
		switch {
		case r == '¿' || r == '¡':
			accents++
		case !unicode.IsLetter(r) || isHan(r):
		case unicode.Is(unicode.Latin, r):
			latin++
			if r > unicode.MaxASCII {
				accents++
			}
		default:
			script++ // Hangul, Cyrillic, Greek, Arabic, Thai …
		}
	}
	// A question mostly in a script of its own is in its language,
	// whatever brand it names in Latin letters.
	if script >= 2 && script > latin {
		return true
	}
	// Small words first: most questions show no sign of another language,
	// and the words are then not looked up (a lookup stems the word).
	lower := strings.ToLower(question)
	english, n := 0, 0
	eachWord(lower, func(w string) {
		if otherWords[w] {
			small++
		}
		if stopWords[w] {
			english++
		}
		if utf8.RuneCountInString(w) >= 3 {
			n++
		}
	})
	// English small words ("is", "or", "the") around names it does not
	// know ("Moët", "Häagen-Dazs") make an English question.
	if n < minOtherWords || english >= 2 && english > small || script < 2 && accents == 0 && small < 2 {
		return false
	}
	lex := theLexicon()
	eachWord(lower, func(w string) {
		if utf8.RuneCountInString(w) >= 3 && (lex.commonEnglish(w) || s.knowsWord(w)) {
			known++
		}
	})
	return 2*known <= n
}

// eachWord calls f with each word of letters of text that holds no
// Chinese character, read in place: the check runs on every question,
// and a slice of words cost an allocation each time.
func eachWord(text string, f func(w string)) {
	for start := 0; start < len(text); {
		r, size := utf8.DecodeRuneInString(text[start:])
		if !unicode.IsLetter(r) {
			start += size
			continue
		}
		end := start + size
		for end < len(text) {
			r, size := utf8.DecodeRuneInString(text[end:])
			if !unicode.IsLetter(r) {
				break
			}
			end += size
		}
		if w := text[start:end]; !isHanWord(w) {
			f(w)
		}
		start = end
	}
}

// isHanWord reports whether w holds a Chinese character.
func isHanWord(w string) bool {
	for _, r := range w {
		if isHan(r) {
			return true
		}
	}
	return false
}

// knowsWord reports whether the base uses one of the terms of English
// word w.
func (s *snapshot) knowsWord(w string) bool {
	for _, t := range englishTok(w).terms {
		if s.terms.docFreq(t) > 0 {
			return true
		}
	}
	return false
}

// otherLanguageHint says which languages the desk reads, in both.
const otherLanguageHint = "I can read questions in English and Chinese only: please ask again in English, or in Chinese. 我只能读懂英文和中文的问题，请用中文或英文再问一次。"
