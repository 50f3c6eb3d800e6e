package knowledge

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A term is one index term as FTS5 stores it: a stemmed English word, a
// number, or a pair of Chinese characters.
//
// Chinese is written without spaces and no segmenter is bundled, so text in
// Han script is cut into overlapping character bigrams ("商标注册" becomes
// "商标 标注 注册") on both the index and the query side. Real words of two
// characters then match exactly, longer words match as a run of bigrams,
// and the spurious bigrams that straddle two words ("标注" above) are
// filtered out of the answer decision by junctionTerms.

// terms splits text into index terms, dropping stop words. It is used on
// both article text and questions, which is what makes them comparable.
func terms(text string) []string {
	var out []string
	prev := ""
	eachToken(text, func(tok string, han bool) {
		lw := strings.ToLower(tok)
		if t, ok := phrasalTerm(prev, lw); ok {
			out = append(out, t)
		}
		prev = lw
		if han {
			for _, b := range appendBigrams(nil, tok) {
				if !zhStopWords[b] {
					out = append(out, zhTerm(b))
				}
			}
			return
		}
		if t, ok := normalizeWord(tok); ok {
			out = append(out, t)
		}
	})
	return out
}

// phrasalTakedown is the index term of "takedown" and its synonyms.
const phrasalTakedown = "remov"

// takeForms are the forms of "take" that make "take down" a takedown.
var takeForms = map[string]bool{"take": true, "takes": true, "took": true, "taken": true, "taking": true}

// phrasalTerm returns the term of a phrasal verb ending in word w after
// the word prev: "took down" is a takedown, though "took" and "down" are
// both stop words.
func phrasalTerm(prev, w string) (string, bool) {
	if w == "down" && takeForms[prev] {
		return phrasalTakedown, true
	}
	return "", false
}

// mention matches chat mentions: Slack's <@U123>, <#C123|name>,
// <!channel> and <!subteam^S1>, Discord's <@123>, <@!123>, <@&123> and
// <#123>, and plain @everyone, @here or @name. They address people, not
// the question, and "channel" or "here" must not be searched for.
var mention = regexp.MustCompile(`<[@#!][^<>]*>|@[\p{L}\p{N}_.\-]+`)

// stripMentions removes chat mentions from a question.
func stripMentions(q string) string {
	if !strings.ContainsAny(q, "@<") {
		return q
	}
	return mention.ReplaceAllString(q, " ")
}

// words splits text into lower-case words as written, before stemming; the
// spelling corrector works on these.
func words(text string) []string {
	var out []string
	eachToken(text, func(tok string, han bool) {
		if !han {
			out = append(out, strings.ToLower(tok))
		}
	})
	return out
}

// normalizeWord turns one alphanumeric token into its index term, or
// reports false for stop words and single letters.
func normalizeWord(tok string) (string, bool) {
	w := strings.ToLower(tok)
	if utf8.RuneCountInString(w) < 2 || stopWords[w] {
		return "", false
	}
	t := termOf(w)
	return t, !stopWords[t]
}

// termOf returns the index term for a lower-case word: its stem, or the
// stem that stands for its synonyms.
func termOf(w string) string {
	if c, ok := synonyms[w]; ok {
		return c
	}
	s := stem(w)
	if c, ok := synonyms[s]; ok {
		return c
	}
	return s
}

// eachToken calls fn for every run of letters and digits in text; runs of
// Han characters (and kana) are reported separately with han set, and
// Chinese function characters split them.
func eachToken(text string, fn func(tok string, han bool)) {
	start, han := -1, false
	flush := func(end int) {
		if start >= 0 {
			fn(text[start:end], han)
			start = -1
		}
	}
	for i, r := range text {
		switch {
		case isHan(r) && !hanStop[r]:
			if start >= 0 && !han {
				flush(i)
			}
			if start < 0 {
				start, han = i, true
			}
		case !isHan(r) && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if start >= 0 && han {
				flush(i)
			}
			if start < 0 {
				start, han = i, false
			}
		default:
			flush(i)
		}
	}
	flush(len(text))
}

// appendBigrams appends the overlapping character pairs of a run of Han
// characters; a lone character stands for itself.
func appendBigrams(out []string, run string) []string {
	rs := []rune(run)
	if len(rs) == 1 {
		return append(out, run)
	}
	for i := 0; i+1 < len(rs); i++ {
		out = append(out, string(rs[i:i+2]))
	}
	return out
}

func isHan(r rune) bool {
	if r < 0x2E80 { // below the CJK blocks: the common case, checked fast
		return false
	}
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r)
}

// isChinese reports whether a question is written mainly in Chinese: more
// Han characters than Latin letters. "亚马逊 Brand Registry 怎么申请" counts
// as Chinese, "What does 商标 mean" does not.
func isChinese(text string) bool {
	han, latin := 0, 0
	for _, r := range text {
		switch {
		case isHan(r):
			han++
		case unicode.IsLetter(r):
			latin++
		}
	}
	// A Chinese word carries about as much as an English word of five
	// letters, so compare characters to letters at that rate.
	return han > 0 && han*4 >= latin
}

// hanStop holds Chinese particles and pronouns that carry no topic; they
// end a bigram run so that "我的商标" indexes as "商标".
var hanStop = map[rune]bool{
	'的': true, '了': true, '吗': true, '嗎': true, '呢': true, '吧': true,
	'啊': true, '呀': true, '哦': true, '嘛': true, '我': true, '你': true,
	'您': true, '他': true, '她': true, '它': true, '们': true, '們': true,
	'是': true, '很': true, '请': true, '請': true, '个': true, '個': true,
	'这': true, '那': true,
}

// hanFunction holds characters that are mostly grammar rather than topic
// in a question: "才有" in "版权需要登记才有吗", "该" in "第一步该干嘛".
// They still form bigrams ("有效" in "有效期"), so they are not split on
// like hanStop; they only weigh nothing for coverage (see
// appendHanUnits).
var hanFunction = func() map[rune]bool {
	m := map[rune]bool{}
	for _, r := range "去才有该干嘛能会还要就都也又被把给在和与或说想让用做过得着么办样几怎为如何哪谁啥咋刚已经再先后里上对从到跟比没不别时候可以呗诶吶嗯" {
		m[r] = true
	}
	return m
}()

// zhStopWords are Chinese question words that say how something is asked,
// not what about; like their English counterparts they are not indexed.
var zhStopWords = map[string]bool{
	"如何": true, "怎么": true, "怎样": true, "怎麼": true, "什么": true,
	"什麼": true, "为什": true, "請問": true, "请问": true, "一下": true,
	"可以": true, "是否": true, "有没": true, "没有": true, "应该": true,
	"需要": true, "哪些": true, "哪个": true, "一个": true, "知道": true,
	// the counterparts of English stop words: much/many, once, still, can
	"多少": true, "一次": true, "还能": true, "能不": true, "会不": true,
}

// stopWords are English words too common to say anything about a topic.
// Question words are included: "how long does a US trademark last" should
// be matched on "us trademark last", which every article phrasing shares.
// So are contractions typed without the apostrophe ("whats", "dont"),
// which is how chat is written; with it they split into stop words.
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`
a about above after again against all am an and any are aren as at be
because been before being below between both but by can cannot could
couldn did didn do does doesn doing don down during each few for from
further had hadn has hasn have haven having he her here hers herself him
himself his how however i if in into is isn it its itself just let ll me
more most my myself no nor not of off on once only or other ought our ours
ourselves out over own re same shall she should shouldn so some such than
that the their theirs them themselves then there these they this those
through to too under until up ve very was wasn we were weren what when
where which while who whom why will with won would wouldn you your yours
yourself yourselves hi hello hey please thanks thank pls plz get got gets
im ive id want wants need needs know tell anyone someone something thing
things really also yes ok okay whether use
just still right now today yesterday tomorrow ago times already ever
never always sometimes maybe
gave give gives given giving wrote write writes written say says said tell
told ask asked asking go goes going went gone come comes came coming make
makes made making do done doing saw look looking looks think
thought thinking guess feel felt freaking freak worried worry scared help
helps helped try tried trying keep kept put puts take takes took taken
nothing anything everything somebody anybody everybody good bad lot lots
much many
little few bit way ways kind sort stuff guys guy man pls thx cool great
sure actually basically literally honestly seriously probably definitely
even else another same different every each own able possible happen
happened happens happening mean means meant
whats hows wheres whos whens thats theres dont doesnt didnt cant couldnt
wont wouldnt isnt arent wasnt werent havent hasnt shouldnt youre theyre
`) {
		m[w] = true
	}
	return m
}()
