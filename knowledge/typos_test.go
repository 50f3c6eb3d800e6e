package knowledge

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/longbridgeapp/opencc"
)

// Sellers type fast, and the question files hold only the typos their
// writers happened to make. With -arrival.typos=SEED, TestArrival (and
// TestBlind, which then prints its totals without gating them) first
// makes typos of its own in every English question: one word of four
// letters or more that is not a stop word, and each other such word with
// a chance of one in five, gets one slip of the kinds people make most (a
// letter left out, two letters swapped, a neighbouring key, a letter
// typed twice), never in its first letter. Chinese is typed by its sound,
// and a slip picks another character of the same sound, mostly in the
// words of the trade that an input method knows less well than everyday
// ones (授全书, 商表, 冻节 in the question files): in every Chinese
// question one word of two to four characters that the base uses in a
// title, heading, tag or alias, and each other such word with a chance
// of one in five, gets one character replaced by another of its sound
// (its first reading, without tones) that the base's text uses at least
// five times, as an input method offers common characters first.
// The seed picks the words and
// slips, so a figure can be rerun; comparing it with the figure without
// typos says how much typing costs the answers.
//
//	go test ./knowledge -run TestArrival -v -args -arrival.typos=1 -arrival.files=testdata/eval-k-en.jsonl
var arrivalTypos = flag.Uint64("arrival.typos", 0, "make typos in the English questions with this seed (0: none)")

var typoWord = regexp.MustCompile(`[A-Za-z]{4,}`)

// With -arrival.chat, TestArrival (and TestBlind, ungated) wraps every
// question the way chat messages often are, in turn in each of
// chatWrappers of its language: a greeting before it, thanks after it.
var arrivalChat = flag.Bool("arrival.chat", false, "wrap every question in a greeting and thanks")

var chatWrappers = map[string][]string{
	"en": {"hi there, quick question: %s thanks!", "Hello team, %s", "hey guys! %s any advice appreciated",
		"Sorry if this is a dumb question. %s Thanks in advance", "omg guys %s lol pls help asap"},
	"zh": {"你好，请问一下，%s 谢谢！", "各位好，%s", "打扰一下，%s 多谢", "新手求助：%s", "急急急！%s 哈哈 求解答"},
}

// With -arrival.wide, TestArrival (and TestBlind, ungated) types every
// letter and digit of the questions in its full-width form (ＤＭＣＡ,
// ２０２２), as a Chinese input method left in full-width mode does.
var arrivalWide = flag.Bool("arrival.wide", false, "type the questions' letters and digits full-width")

// With -arrival.bare, TestArrival (and TestBlind, ungated) leaves out the
// questions' punctuation, as chat is often typed: question and
// exclamation marks, commas and full stops become spaces, apostrophes
// are dropped ("whats", "dont").
var arrivalBare = flag.Bool("arrival.bare", false, "leave out the questions' punctuation")

var (
	bareMarks = regexp.MustCompile(`[?？!！,，。]|\.(\s|$)`)
	bareApos  = regexp.MustCompile(`['’]`)
)

// With -arrival.trad, TestArrival (and TestBlind, ungated) writes every
// Chinese question in Taiwan's traditional characters and words
// (OpenCC's s2twp conversion), as a seller in Taiwan types it.
var arrivalTrad = flag.Bool("arrival.trad", false, "write the Chinese questions in traditional characters")

// With -arrival.link, TestArrival (and TestBlind, ungated) pastes a web
// address after every question, as a consumer pastes the listing they
// report.
var arrivalLink = flag.Bool("arrival.link", false, "paste a web address after every question")

// With -arrival.run, TestArrival (and TestBlind, ungated) types every
// Chinese question as one run, its punctuation and spaces left out, as a
// seller in a hurry types it.
var arrivalRun = flag.Bool("arrival.run", false, "type the Chinese questions as one run, without punctuation or spaces")

// With -arrival.short, TestArrival (and TestBlind, ungated) writes
// every English question as chat shortens it: US, UK and EU with full
// stops (U.S.), and you, your, without, because and before as u, ur,
// w/o, bc and b4.
var arrivalShort = flag.Bool("arrival.short", false, "write the English questions' US, UK, EU, you, your, without, because and before as chat shortens them")

var (
	chatShortPlaces = regexp.MustCompile(`\b(?:US|UK|EU)\b`)
	chatShortWords  = regexp.MustCompile(`(?i)\b(?:you|your|without|because|before)\b`)
	chatShortOf     = map[string]string{"you": "u", "your": "ur", "without": "w/o", "because": "bc", "before": "b4"}
)

var runMarks = regexp.MustCompile(`[，。？！、；：,.?!;:\s]+`)

// perturb changes the questions of cases as the flags ask (see
// arrivalTypos, arrivalChat, arrivalWide, arrivalTrad, arrivalLink,
// arrivalShort, arrivalRun and arrivalBare) and says how, or returns "".
func perturb(cases []blindCase, s *snapshot) string {
	var how []string
	if *arrivalTypos != 0 {
		addTypos(*arrivalTypos, cases, s)
		how = append(how, fmt.Sprintf("typos made (seed %d)", *arrivalTypos))
	}
	if *arrivalChat {
		n := map[string]int{}
		for k := range cases {
			c := &cases[k]
			if ws := chatWrappers[c.Lang]; len(ws) > 0 {
				c.Q = fmt.Sprintf(ws[n[c.Lang]%len(ws)], c.Q)
				n[c.Lang]++
			}
		}
		how = append(how, "wrapped as chat")
	}
	if *arrivalWide {
		for k := range cases {
			cases[k].Q = strings.Map(func(r rune) rune {
				if r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' {
					return r - '!' + '！'
				}
				return r
			}, cases[k].Q)
		}
		how = append(how, "full-width letters and digits")
	}
	if *arrivalTrad {
		conv, err := opencc.New("s2twp")
		if err != nil {
			panic(err)
		}
		for k := range cases {
			if cases[k].Lang == "zh" {
				if q, err := conv.Convert(cases[k].Q); err == nil {
					cases[k].Q = q
				}
			}
		}
		how = append(how, "traditional characters")
	}
	if *arrivalLink {
		for k := range cases {
			cases[k].Q += " https://www.example-shop.com/item/8839201?ref=share&utm_source=chat"
		}
		how = append(how, "a web address pasted")
	}
	if *arrivalShort {
		for k := range cases {
			if cases[k].Lang != "en" {
				continue
			}
			q := chatShortPlaces.ReplaceAllStringFunc(cases[k].Q, func(w string) string { return w[:1] + "." + w[1:] + "." })
			cases[k].Q = chatShortWords.ReplaceAllStringFunc(q, func(w string) string { return chatShortOf[strings.ToLower(w)] })
		}
		how = append(how, "English shortened as in chat")
	}
	if *arrivalRun {
		for k := range cases {
			if cases[k].Lang == "zh" {
				cases[k].Q = runMarks.ReplaceAllString(cases[k].Q, "")
			}
		}
		how = append(how, "Chinese typed as one run")
	}
	if *arrivalBare {
		for k := range cases {
			cases[k].Q = bareMarks.ReplaceAllString(bareApos.ReplaceAllString(cases[k].Q, ""), " ")
		}
		how = append(how, "no punctuation")
	}
	return strings.Join(how, ", ")
}

// typoKeys are the keys next to each letter, for the slips addTypos
// makes: a smaller map than the speller's, so that a slip it makes is
// not by construction one the speller expects.
var typoKeys = map[byte]string{
	'q': "wa", 'w': "qes", 'e': "wrd", 'r': "etf", 't': "ryg", 'y': "tuh", 'u': "yij", 'i': "uok", 'o': "ipl", 'p': "ol",
	'a': "qsz", 's': "adwx", 'd': "sfe", 'f': "dgr", 'g': "fht", 'h': "gjy", 'j': "hku", 'k': "jli", 'l': "ko",
	'z': "xa", 'x': "zcs", 'c': "xvd", 'v': "cbf", 'b': "vng", 'n': "bmh", 'm': "nj",
}

// makeTypo returns w with one slip, not in its first letter; w itself
// when the slip drawn cannot be made.
func makeTypo(r *rand.Rand, w string) string {
	b := []byte(w)
	i := 1 + r.IntN(len(b)-1)
	switch r.IntN(4) {
	case 0: // a letter left out
		return string(b[:i]) + string(b[i+1:])
	case 1: // two letters swapped
		if i == len(b)-1 {
			i--
		}
		if i < 1 {
			return w
		}
		b[i], b[i+1] = b[i+1], b[i]
		return string(b)
	case 2: // a neighbouring key
		n := typoKeys[b[i]|0x20]
		if n == "" {
			return w
		}
		b[i] = n[r.IntN(len(n))]
		return string(b)
	default: // a letter doubled
		return string(b[:i]) + string(b[i]) + string(b[i:])
	}
}

// addTypos makes typos in the questions of cases (see arrivalTypos), the
// Chinese ones with the characters the base s uses.
func addTypos(seed uint64, cases []blindCase, s *snapshot) {
	r := rand.New(rand.NewPCG(seed, 1))
	sameSound := sameSoundChars(s)
	for k := range cases {
		c := &cases[k]
		if c.Lang == "zh" {
			c.Q = chineseSlips(r, c.Q, sameSound, s.isTopic)
			continue
		}
		if c.Lang != "en" {
			continue
		}
		idx := typoWord.FindAllStringIndex(c.Q, -1)
		var cand [][]int
		for _, m := range idx {
			if !englishTok(strings.ToLower(c.Q[m[0]:m[1]])).stop() {
				cand = append(cand, m)
			}
		}
		if len(cand) == 0 {
			continue
		}
		pick := map[int]bool{r.IntN(len(cand)): true}
		for j := range cand {
			if r.Float64() < 0.2 {
				pick[j] = true
			}
		}
		var out strings.Builder
		last := 0
		for j, m := range cand {
			if !pick[j] {
				continue
			}
			out.WriteString(c.Q[last:m[0]])
			out.WriteString(makeTypo(r, c.Q[m[0]:m[1]]))
			last = m[1]
		}
		out.WriteString(c.Q[last:])
		c.Q = out.String()
	}
}

// sameSoundChars returns, for each sound, the characters of the base's
// text that have it as a reading and occur there at least five times,
// sorted.
func sameSoundChars(s *snapshot) map[uint16][]rune {
	count := map[rune]int{}
	for _, sec := range s.sections {
		for _, r := range sec.text {
			if isHan(r) {
				count[r]++
			}
		}
	}
	out := map[uint16][]rune{}
	for r, n := range count {
		if n < 5 {
			continue
		}
		for _, x := range readings(r) {
			out[x] = append(out[x], r)
		}
	}
	for x := range out {
		slices.Sort(out[x])
	}
	return out
}

// chineseSlips returns q with slips of the same sound made in its words
// (see arrivalTypos).
func chineseSlips(r *rand.Rand, q string, sameSound map[uint16][]rune, topical func(string) bool) string {
	seg := chineseSegmenter()
	rs := []rune(q)
	type word struct{ at, n int }
	var words []word
	for i := 0; i < len(rs); {
		if !isHan(rs[i]) {
			i++
			continue
		}
		j := i
		for j < len(rs) && isHan(rs[j]) {
			j++
		}
		at := i
		for _, p := range seg.cut(string(rs[i:j])) {
			n := utf8.RuneCountInString(p)
			if n >= 2 && n <= 4 && topical(p) {
				words = append(words, word{at, n})
			}
			at += n
		}
		i = j
	}
	if len(words) == 0 {
		return q
	}
	pick := map[int]bool{r.IntN(len(words)): true}
	for j := range words {
		if r.Float64() < 0.2 {
			pick[j] = true
		}
	}
	for j, w := range words {
		if !pick[j] {
			continue
		}
		i := w.at + r.IntN(w.n)
		rd := readings(rs[i])
		if len(rd) == 0 {
			continue
		}
		var others []rune
		for _, x := range sameSound[rd[0]] {
			if x != rs[i] {
				others = append(others, x)
			}
		}
		if len(others) > 0 {
			rs[i] = others[r.IntN(len(others))]
		}
	}
	return string(rs)
}
