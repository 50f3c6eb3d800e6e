package knowledge

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A term is one index term: a stemmed English word, a number, a Chinese
// word, or a thesaurus entry ("=trademark"). Articles and questions are
// both turned into terms by analyse, which is what makes them comparable.

// A tok is one word of a text as analysed.
type tok struct {
	// word is the lower-case English word, the Chinese word, or the
	// thesaurus phrase, as written.
	word string
	// terms are the word's index terms: its own (a stem, a Chinese word,
	// or the character pairs of a run of unknown characters) and those of
	// the thesaurus entries it belongs to. A stop word has none.
	terms []string
	han   bool
	// own is how many of terms, from the start, are the word's own rather
	// than its thesaurus entries'.
	own int
	// single is set for a lone Chinese character the dictionary does not
	// join into a word.
	single bool
}

func (t tok) stop() bool { return len(t.terms) == 0 }

// ofDomain reports whether t is a word of a thesaurus entry other than
// the everyday words of selling (see commerceTerms).
func (t tok) ofDomain() bool {
	for _, term := range t.terms[t.own:] {
		if strings.HasPrefix(term, "=") && !commerceTerms()[term] {
			return true
		}
	}
	return false
}

// analyse splits text into words and their index terms. English words
// are stemmed; Chinese runs are cut into words (see segmenter);
// thesaurus phrases are matched on the words as written, stop words
// included ("cease and desist"), and become one word.
func analyse(text string) []tok {
	var an analyser
	toks, _ := an.analyse(text)
	return toks
}

// An analyser analyses texts one after another in the same scratch
// space: building the index reads every section's text, and growing new
// slices for each was a sixth of what the build allocates.
type analyser struct {
	rs   []rawWord
	toks []tok
	ws   []string
	cuts []string
	sc   cutScratch
	// words, when not nil, keeps each word's analysis for the next time
	// it is read (its terms are shared: callers copy them). Building
	// the index gives each of its workers one for the whole build.
	words map[string]tok
}

// wordTok returns englishTok(w) or chineseTok(w), kept in an.words.
func (an *analyser) wordTok(w string, han bool) tok {
	if an.words == nil {
		if han {
			return chineseTok(w)
		}
		return englishTok(w)
	}
	t, ok := an.words[w]
	if !ok {
		if han {
			t = chineseTok(w)
		} else {
			t = englishTok(w)
		}
		an.words[w] = t
	}
	return t
}

type rawWord struct {
	w   string
	han bool
}

// analyse is the package's analyse that also returns the text's words
// as words returns them, from the same reading of the text. Both slices
// are the analyser's own: they are valid until its next call.
func (an *analyser) analyse(text string) ([]tok, []string) {
	rs, ws := an.rs[:0], an.ws[:0]
	seg := chineseSegmenter()
	eachToken(text, func(t string, han bool) {
		if !han {
			w := strings.ToLower(t)
			rs = append(rs, rawWord{w, false})
			ws = append(ws, w)
			return
		}
		an.cuts = seg.appendCut(an.cuts[:0], collapseAnotA(t), &an.sc)
		for _, w := range an.cuts {
			rs = append(rs, rawWord{w, true})
		}
	})
	th := theThesaurus()
	out := an.toks[:0]
	if cap(out) < len(rs) {
		out = make([]tok, 0, len(rs))
	}
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if !r.han {
			if n := th.otherSense(rs, i); n > 0 {
				// A phrase in which a word of the domain means something
				// else: that word is no word, the others themselves.
				for _, x := range rs[i : i+n] {
					t := an.wordTok(x.w, x.han)
					if t.ofDomain() {
						t = tok{word: x.w}
					}
					out = append(out, t)
				}
				i += n - 1
				continue
			}
			matched := false
			for _, p := range th.phrase[r.w] {
				if i+len(p.words) > len(rs) {
					continue
				}
				ok := true
				for k, w := range p.words {
					if rs[i+k].han || rs[i+k].w != w {
						ok = false
						break
					}
				}
				if ok {
					if lead := an.wordTok(r.w, false); namesPlace(lead) {
						// "EU design" is a design right and names the EU:
						// the place word stays a word of its own.
						out = append(out, lead)
					}
					out = append(out, tok{word: strings.Join(p.words, " "), terms: []string{p.term}})
					i += len(p.words) - 1
					matched = true
					break
				}
			}
			if matched {
				continue
			}
			out = append(out, an.wordTok(r.w, false))
			continue
		}
		if zhStopWords[r.w] || th.otherZh[r.w] {
			out = append(out, tok{word: r.w, han: true})
			continue
		}
		if first, size := utf8.DecodeRuneInString(r.w); size == len(r.w) {
			if hanFunction[first] {
				out = append(out, tok{word: r.w, han: true})
				continue
			}
			// A run of characters the dictionary could not join is most
			// likely one word it lacks: its pairs stand for it.
			j := i
			for j < len(rs) && rs[j].han && singleRune(rs[j].w) && !zhStopWords[rs[j].w] {
				j++
			}
			if j-i >= 2 {
				var run strings.Builder
				for _, x := range rs[i:j] {
					run.WriteString(x.w)
				}
				t := tok{word: run.String(), han: true, terms: appendBigrams(nil, run.String())}
				t.own = len(t.terms)
				out = append(out, t)
				i = j - 1
				continue
			}
		}
		out = append(out, an.wordTok(r.w, true))
	}
	an.rs, an.toks, an.ws = rs, out, ws
	return out, ws
}

// collapseAnotA reads the A-not-A form of Chinese text (a question's,
// and an article's alike) as its verb: 需不需要 as 需要, 能不能 as 能,
// 可不可以 as 可以, 有没有 as 有, and 有木有, chat's way of typing
// 有没有, as 有 too. The form
// asks a yes-or-no question, which the asks read from the text as it is
// (see questionAsks); cut as it was typed, it gave words the question
// does not mean (能不能 gave 不能, "cannot"; 要不要 gave 不要, "do not")
// or one word no text uses (需不需要). Read so, three aliases became
// near copies of test questions and were dropped. With both models
// refitted: the tuning files 2,807 -> 2,810 of 3,607 sections right,
// their in-scope questions declined 128 -> 119, their out-of-scope
// questions declined 1,429 -> 1,425 of 1,496; the judges 2,086 -> 2,091
// of 2,907, declined 1,210 -> 1,207 of 1,283.
func collapseAnotA(t string) string {
	if !strings.ContainsAny(t, "不没木") || !hasAnotA(t) {
		return t
	}
	rs := []rune(t)
	out := make([]rune, 0, len(rs))
	for i := 0; i < len(rs); i++ {
		if i+2 < len(rs) && anotANegative(rs[i], rs[i+1]) && rs[i] == rs[i+2] {
			out = append(out, rs[i])
			i += 2
			continue
		}
		out = append(out, rs[i])
	}
	if len(out) == len(rs) {
		return t
	}
	return string(out)
}

// hasAnotA reports whether t holds an A-not-A form, without the copy
// collapseAnotA makes: most text with 不 or 没 has none, and building the
// index reads every section's.
func hasAnotA(t string) bool {
	var a, b rune
	for _, r := range t {
		if r == a && anotANegative(a, b) {
			return true
		}
		a, b = b, r
	}
	return false
}

// anotANegative reports whether n, after verb v, is the negative of an
// A-not-A form: 不 or 没, or 木 after 有 (有木有).
func anotANegative(v, n rune) bool {
	if v == '不' || v == '没' || v == '木' {
		return false
	}
	return n == '不' || n == '没' || n == '木' && v == '有'
}

// singleRune reports whether w is one character that is not a function
// character (see hanFunction).
func singleRune(w string) bool {
	r, size := utf8.DecodeRuneInString(w)
	return size == len(w) && !hanFunction[r]
}

// englishTok analyses one lower-case English word.
func englishTok(w string) tok {
	t := tok{word: w}
	first, _ := utf8.DecodeRuneInString(w)
	if utf8.RuneCountInString(w) < 2 && !markSymbol(first) || stopWords[w] || theThesaurus().otherWord[w] {
		return t
	}
	s := stem(w)
	if stopWords[s] {
		return t
	}
	t.terms = append(t.terms, s)
	t.own = 1
	th := theThesaurus()
	for _, e := range th.word[w] {
		if !containsString(t.terms, e) {
			t.terms = append(t.terms, e)
		}
	}
	for _, e := range th.word[stem(s)] {
		if !containsString(t.terms, e) {
			t.terms = append(t.terms, e)
		}
	}
	return t
}

// chineseTok analyses one Chinese word: the word itself, the two-character
// words inside a longer one (so that 商标注册 meets 商标 and 注册), and the
// thesaurus entries of both.
func chineseTok(w string) tok {
	t := tok{word: w, han: true, terms: []string{w}}
	n := utf8.RuneCountInString(w)
	t.single = n == 1
	if n >= 3 {
		rs := []rune(w)
		seg := chineseSegmenter()
		for i := 0; i+2 <= len(rs); i++ {
			if sub := string(rs[i : i+2]); seg.known(sub) && !zhStopWords[sub] && !containsString(t.terms, sub) {
				t.terms = append(t.terms, sub)
			}
		}
	}
	t.own = len(t.terms)
	th := theThesaurus()
	for _, sub := range t.terms[:t.own] {
		for _, e := range th.word[sub] {
			if !containsString(t.terms, e) {
				t.terms = append(t.terms, e)
			}
		}
	}
	return t
}

// terms returns the index terms of text, in order.
func terms(text string) []string {
	var an analyser
	return an.terms(text)
}

// terms is the package's terms read in the analyser's scratch space; the
// slice it returns is the caller's.
func (an *analyser) terms(text string) []string {
	toks, _ := an.analyse(text)
	return termsOf(toks)
}

// termsOf returns the terms of toks in one slice of their number, nil
// when there are none.
func termsOf(toks []tok) []string {
	n := 0
	for _, t := range toks {
		n += len(t.terms)
	}
	if n == 0 {
		return nil
	}
	out := make([]string, 0, n)
	for _, t := range toks {
		out = append(out, t.terms...)
	}
	return out
}

// mention matches a mention as chat adapters deliver one, whatever the
// platform's markup was: @everyone, @here, @channel, @name or @id. They
// address people, not the question, and "channel" or "here" must not be
// searched for.
var mention = regexp.MustCompile(`@[\p{L}\p{N}_.\-]+`)

// markupMention matches a mention in Slack's markup (<!channel>,
// <!here>, <@U123>, <#C123|general>, <!subteam^S1|@team>). The Slack
// adapter turns them into the forms mention matches, but the same
// characters typed on another platform, or in the console, reach the
// question as they are, and "<!channel>" searched for "channel" found
// the sections on sales channels.
var markupMention = regexp.MustCompile(`<[!@#][^<>]*>`)

// stripMentions removes mentions from a question.
func stripMentions(q string) string {
	if strings.Contains(q, "<") {
		q = markupMention.ReplaceAllString(q, " ")
	}
	if !strings.Contains(q, "@") {
		return q
	}
	return mention.ReplaceAllString(q, " ")
}

// emphasis matches the markup of chat emphasis and code around words:
// runs of asterisks, tildes and backticks anywhere (**bold**, *bold*,
// ~~struck~~, `code`), and underscores that open or close a word
// (_italic_, __bold__) but not those inside one (snake_case).
var emphasis = regexp.MustCompile("[*~`]+|(?:^|[\\s(])_+|_+(?:[\\s).,!?:;，。！？]|$)")

// quoteMark matches the marker of a quoted line ("> ") at a line's start.
var quoteMark = regexp.MustCompile(`(?m)^[ \t]*>+[ \t]?`)

// stripMarkup removes chat markup from a question: emphasis, code marks
// and quote markers. A question typed in bold, or with a notice quoted
// into it, asks what it asks plainly; the marks had cut it into parts
// where they stood (on the tuning files, 21 of 747 questions in bold
// and 18 in code marks got another answer than typed plainly).
func stripMarkup(q string) string {
	if strings.ContainsAny(q, "*~`_") {
		q = emphasis.ReplaceAllStringFunc(q, func(m string) string {
			return strings.Map(func(r rune) rune {
				if r == '*' || r == '~' || r == '`' || r == '_' {
					return -1
				}
				return r
			}, m)
		})
	}
	if strings.Contains(q, ">") {
		q = quoteMark.ReplaceAllString(q, "")
	}
	return q
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

// eachToken calls fn for every run of letters and digits in text; runs of
// Han characters (and kana) are reported separately with han set, and
// Chinese function characters split them.
// markSymbol reports whether r is the registered sign or the copyright
// sign. Neither is a letter, and both were dropped with the punctuation
// around them, so a question about the ® symbol lost the one word that
// said what it asked about. (™ and ℠ need no such care: a question is
// read in Unicode's compatibility form, where they are TM and SM.)
func markSymbol(r rune) bool { return r == '®' || r == '©' }

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
		case isHan(r):
			if start >= 0 && !han {
				flush(i)
			}
			if start < 0 {
				start, han = i, true
			}
		case markSymbol(r):
			// ® and © are words of their own: "can i put ® on the box".
			flush(i)
			fn(string(r), false)
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
	if r >= hanFirst && r <= hanLast {
		// The CJK Unified Ideographs block, all Han: Chinese text's
		// common case, checked without searching unicode.Han's ranges.
		return true
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
	// letters, so compare characters to letters at that rate. A question
	// whose grammar is Chinese is Chinese however many English words it
	// borrows (收到IP complaint怎么appeal, 我的listing被takedown了).
	return han > 0 && (han*4 >= latin || zhGrammar.MatchString(text))
}

// zhGrammar matches the Chinese words that make a sentence Chinese:
// particles, pronouns and question words.
var zhGrammar = regexp.MustCompile(`[的了吗呢吧我你]|怎么|什么|如何|为什么|哪|多少|多久|能不能|可不可以|是不是|有没有`)

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

// zhStopWords are Chinese words that say how something is asked, or who
// asks, not what about: particles, pronouns, question words and auxiliary
// verbs. Like English stop words they are not indexed. Those that say
// what kind of answer is wanted (多久, 多少钱) are read by questionAsks
// before they are dropped.
var zhStopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`
的 了 吗 嗎 呢 吧 啊 呀 哦 嘛 呗 诶 嗯 么 之 地 得 着 过
我 你 您 他 她 它 我们 你们 他们 她们 咱们 自己 人家 大家
是 很 请 请问 個 个 这 那 这个 那个 这些 那些 这样 那样 这种 那种 这么 那么
如何 怎么 怎样 怎麼 怎么样 什么 什麼 为什么 为啥 干嘛 干什么 啥 咋 哪 哪个 哪些 哪里 谁
可以 可不可以 能 能不能 能否 会 会不会 是否 是不是 有没有 没有 有 没 不
应该 应当 需要 要 想 想要 得要 必须 一定 该
一下 一个 一些 知道 觉得 现在 已经 刚 刚刚 刚才 还 还是 再 又 也 都 就 才 只 只是 就是
和 与 或 或者 跟 及 并 而 但 但是 如果 因为 所以 然后 还有 以及 另外 同时 并且
在 被 把 给 让 对 从 到 向 比 为 于 用 做 办 搞 弄 说 问 看 找
多少 几 多 一次 这里 那里 时候 的话 谢谢 你好 您好 麻烦
多久 多长 多长时间 多少钱 多少天 几天 几年 怎么办 会怎样 怎么样了
各位 大家好 打扰 打扰一下 多谢 感谢 求助 在吗 新手 小白 着急
急 急急急 哈哈 哈哈哈 呜呜 求解答 解答 求解 在线等 拜托 救命 紧急 帮忙 帮帮忙 请教 大佬 大神
`) {
		m[w] = true
	}
	return m
}()

// stopWords are English words too common to say anything about a topic.
// Question words are included: "how long does a US trademark last" should
// be matched on "us trademark last", which every article phrasing shares.
// So are contractions typed without the apostrophe ("whats", "dont"),
// which is how chat is written; with it they split into stop words. So
// are the words a chat message wraps a question in ("hi team, quick
// question", "sorry if this is a dumb question", "any advice
// appreciated"): they say how it is asked, not what about, and, being
// common words the base never uses, they counted against it (see
// unitForeign). With every question wrapped so (TestArrival's
// -arrival.chat), the tuning files gave 423 of 747 sections right, 137
// in-scope questions declined, and eval-k to eval-r 419 of 765; with
// these words and trimCourtesy, 495 and 462, as without the wrapping
// (496 and 462).
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
just still right now today yesterday tomorrow ago times already ever long
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
anywhere somewhere everywhere nowhere anyway anyways anyhow whatever
whenever wherever whoever whichever although though unless
question questions quick urgent urgently asap advice advise wondering wonder
curious sorry apologies dumb stupid silly newbie noob beginner everyone folks
team morning afternoon evening regards cheers appreciate appreciated kindly
hopefully omg lol lmao haha hahaha btw fyi tbh idk imo ugh hmm um uh wow yeah
yep nope tks
`) {
		m[w] = true
	}
	return m
}()

// namesPlace reports whether t is a word for a jurisdiction the
// thesaurus names ("eu", "us", "uk", "china"; see jurisdictionTerms).
func namesPlace(t tok) bool {
	return slices.ContainsFunc(t.terms, func(term string) bool { _, ok := jurisdictionTerms[term]; return ok })
}
