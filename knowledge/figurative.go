package knowledge

import (
	"regexp"
	"strings"
	"unicode"
)

// A trademark as a figure of speech names no mark: "being on time is my
// trademark" speaks of a habit, 这个笑声简直是他的商标 of a laugh. The
// word then makes the question look like one about intellectual
// property, and it was answered from whatever article shared its other
// words. dropFigurativeMarks reads such a trademark as no word. In
// English the sign is a possessive trademark after "is" ("is my
// trademark", "has become her signature trademark") whose subject is an
// everyday thing written in lower case: a name ("Sunny Paws is my
// trademark"), a quoted word, or a name, logo, slogan or design of the
// asker's is the mark itself, and keeps the question about it. In
// Chinese the sign is 简直 ("practically") or its like before 是…商标,
// which no statement about a real mark says.
//
// Measured with othersenses.yaml (both written before eval-ay and eval-az
// arrived, which neither moved), both models refitted (threshold 0.535
// -> 0.5275): the oldest tuning files and eval-aa to eval-al 2,938 ->
// 2,943 of 3,607 sections right, out of scope declined 1,448 -> 1,445 of
// 1,496, eval-av to eval-ax 364 -> 369 of 384 and eval-ay to eval-az 236
// -> 234 of 255 (two near the threshold); the judges' files 2,500 ->
// 2,502 of 3,203, out of scope declined 1,351 -> 1,349 of 1,414.
var (
	figurativeMarkEn = regexp.MustCompile(`(?i)\b(?:is|was|are|were|has become|have become|became|becomes|remains|has always been|have always been)\s+(?:kind of\s+|sort of\s+|basically\s+|literally\s+|really\s+|like\s+|totally\s+|just\s+|pretty much\s+)?(?:my|his|her|our|their|your)\s+(?:own\s+|signature\s+|personal\s+|little\s+|real\s+|whole\s+)?(trade ?marks?)\b`)
	figurativeMarkZh = regexp.MustCompile(`(?:简直|根本|完全|俨然|活脱脱)(?:就)?(?:是|成了)(?:他|她|我|你|我们|他们|她们|咱们|它|人家)?(?:家|店)?(?:的)?(?:个人|招牌)?(商标|trademark)`)
	// subjectStart ends the subject of a figurative trademark on its left.
	subjectStart = regexp.MustCompile(`(?i)[.!?;:,()"“”'‘’\n]|\b(?:and|but|so|because|that|if|when|while)\s`)
)

// markNouns are the things of a seller's that are marks themselves: a
// subject holding one is the mark it speaks of.
var markNouns = map[string]bool{
	"name": true, "names": true, "logo": true, "logos": true, "brand": true, "brands": true, "mark": true, "word": true,
	"words": true, "slogan": true, "slogans": true, "tagline": true, "design": true, "designs": true, "symbol": true,
	"phrase": true, "label": true, "icon": true, "character": true, "mascot": true, "shape": true, "colour": true,
	"color": true, "pattern": true, "jingle": true, "sound": true, "title": true, "packaging": true, "emblem": true,
	"it": true, "this": true, "that": true, "which": true, "what": true,
}

// dropFigurativeMarks returns text with each trademark used as a figure
// of speech blanked out.
func dropFigurativeMarks(text string) string {
	if !strings.Contains(strings.ToLower(text), "trade") && !strings.Contains(text, "商标") {
		return text
	}
	var cut [][2]int
	for _, m := range figurativeMarkEn.FindAllStringSubmatchIndex(text, -1) {
		if figurativeSubject(text[:m[0]]) {
			cut = append(cut, [2]int{m[2], m[3]})
		}
	}
	for _, m := range figurativeMarkZh.FindAllStringSubmatchIndex(text, -1) {
		cut = append(cut, [2]int{m[2], m[3]})
	}
	if len(cut) == 0 {
		return text
	}
	var b strings.Builder
	last := 0
	for _, c := range cut {
		if c[0] < last {
			continue
		}
		b.WriteString(text[last:c[0]])
		b.WriteString(" ")
		last = c[1]
	}
	b.WriteString(text[last:])
	return b.String()
}

// figurativeSubject reports whether before, the text before "is my
// trademark", ends in the subject of a figure of speech: some words
// since the clause began, none a name (capitalised past the clause's
// first word, or a first word that is no everyday word), none a thing
// that is a mark itself (see markNouns), and not quoted.
func figurativeSubject(before string) bool {
	start := 0
	for _, m := range subjectStart.FindAllStringIndex(before, -1) {
		start = m[1]
	}
	if start > 0 && strings.ContainsAny(before[start-1:start], `"“”'‘’`) && strings.TrimSpace(before[start:]) == "" {
		return false // "Luna" is my trademark
	}
	words := strings.Fields(before[start:])
	if len(words) == 0 {
		return false
	}
	lex := theLexicon()
	for i, w := range words {
		lw := strings.ToLower(strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }))
		if lw == "" {
			continue
		}
		if markNouns[lw] {
			return false
		}
		if r := []rune(w)[0]; unicode.IsUpper(r) && (i > 0 || !lex.commonEnglish(lw)) && lw != "i" {
			return false
		}
		if !unicode.IsLetter([]rune(lw)[0]) {
			return false
		}
	}
	return true
}
