package knowledge

import (
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/longbridgeapp/opencc"
	"golang.org/x/text/unicode/norm"
)

// A query is a question parsed once, for every scorer to read: the clean
// text, its language, its content words with their terms, what it asks
// for and from which side.
type query struct {
	// text is the question as searched: mentions stripped, cut to
	// MaxQuestion, a long story reduced to its questions (see reduce).
	text string
	zh   bool
	// match holds the distinct terms of the question the base knows.
	match []string
	// units are the question's content words, each covered by a section
	// that holds any of its terms.
	units []unit
	// asks are the kinds of fact the question wants, most specific first.
	asks []ask
	// intent is the side of a complaint the question is asked from (see
	// questionIntent).
	intent string
	// seller is set for a seller's question about goods they sell (see
	// sellsGoods).
	seller bool
	// owner is set for a question asked by the owner of a right (see
	// ownerCues).
	owner bool
	// buyer is set for a question asked by a buyer of the goods who
	// reports a fake (see buyerCues).
	buyer bool
	// span is what a question asking for a duration asks the duration
	// of: how long something lasts, or a process takes (see
	// questionSpan).
	span span
	// nextStep is set for a question that asks what to do now ("what
	// now", "what should I do"), without naming a step.
	nextStep bool
	// contrast is set for a question comparing two things ("difference
	// between a design patent and a utility patent").
	contrast bool
	// context are the terms a part of a question has from the whole
	// question, not from its own words, and contextSearch is the share
	// of their weight they have in its search (see addContext).
	context       []string
	contextSearch float64
	// length is the question's length in characters before a long story
	// is reduced.
	length int
	// desk is set for a question that speaks to the desk (see
	// speaksToDesk).
	desk bool
	// deskForm is set when desk is set only by the words of the desk's
	// complaint form (see deskFormWords).
	deskForm bool
	// traditional is set for a question written in traditional Chinese
	// characters (see simplified).
	traditional bool
	// otherLanguage is set for a question written in a language the base
	// is not written in (see otherLanguage).
	otherLanguage bool
	// ownPlace is set for a follow-up that names a place of its own
	// (see contextPick).
	ownPlace bool
	// within, when set, are the only articles (by ID) a follow-up is
	// answered from: those the earlier answer drew on (see AskAfter).
	within []string
	// followUp is set for a question read after an earlier one (see
	// after).
	followUp bool
	// ownAsk is set for a follow-up that asks for a kind of fact of its
	// own (see after and sectionQuery).
	ownAsk bool
}

// nextStepCues are the ways of asking what to do next.
var nextStepCues = cueList(`what now|what next|what do i do|what should i do|what can i do|what to do|where do i start|
what are my options|my options|first step|怎么办|该怎么做|下一步|第一步`)

// The kinds of a question's content word, for the answer decision.
type unitKind int

const (
	// unitKnown is a word the base uses.
	unitKnown unitKind = iota
	// unitName is a word no word list knows as a common word that the
	// base never uses, or uses only in running text (an example that
	// names a brand): most likely a brand, a product, a place or a model
	// number. It neither helps nor sinks the question.
	unitName
	// unitForeign is a common word the base never uses ("storage",
	// 运费): the question is probably about something else.
	unitForeign
)

// A unit is one content word of a question.
type unit struct {
	word string
	// terms are the word's terms that the base knows.
	terms  []string
	weight float64
	kind   unitKind
	// commerce is set for an everyday word of online selling (see
	// commerceTerms).
	commerce bool
	// ip is set for a word of a thesaurus entry about intellectual
	// property (any entry but the everyday words of selling).
	ip bool
	// context is set for a word a part or a follow-up has from the
	// question around it or before it (see addContext).
	context bool
}

// totalWeight is the sum of the weights of q's units.
func (q *query) totalWeight() float64 {
	total := 0.0
	for _, u := range q.units {
		total += u.weight
	}
	return total
}

// commerceTerms are the everyday words of online selling: marketplaces,
// sellers and buyers, listings and stores, products, prices, countries,
// and the words of any platform dispute (registering, applying,
// appealing, a suspension, account health, a reinstatement, a refund,
// evidence), which are not about intellectual property by themselves.
// They help find the article, but a question is not about intellectual
// property because it names Amazon or a fee: "how much are Amazon's
// storage fees" shares them with the article on Amazon's patent
// evaluation. In the answer decision they weigh commerceShare of their
// weight, and cannot alone show where the article says what it is about.
//
// The list is read on first use, not as the program starts: its English
// words are analysed with the thesaurus, whose parsing was a tenth of the
// program's start-up before main.
var commerceTerms = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`
=amazon =ebay =aliexpress =taobao =tmall =alibaba =lazada =shopee =tiktok =walmart =mercado_libre
=seller =buyer =listing =store =account =fee =title =description
=keyword =supplier =information =us =china =eu =uk
=registration =application =appeal =suspension =refund =evidence
=account_health =reinstate
etsy temu shopify walmart wish sell sells selling sold buy buys bought
product products item items order orders shop online ship shipping shipment
market marketplace platform pay paid payment payout payouts sale sales
卖 买 产品 商品 平台 订单 站 发货 物流 付款 收款
`) {
		if strings.HasPrefix(w, "=") || isChinese(w) {
			m[w] = true
			continue
		}
		if t := englishTok(w); !t.stop() {
			m[t.terms[0]] = true
		}
	}
	return m
})

// commerceShare is the share of its weight an everyday word of online
// selling has in the answer decision.
var commerceShare = 0.4

// storyShare is the share of its weight a word the base uses only in
// running text has in the answer decision: it says little of what the
// question is about ("started", "week"), but a question made of such
// words is not about what the base covers.
var storyShare = 0.3

// foreignWeight is how much a common word the base never uses weighs
// against the question, as a share of the weight of a word the base
// has never seen. It is well below one: a seller's question names the
// product ("hair dryer", "earrings") in common words the base cannot
// know, while the word that makes a question off-topic ("storage",
// "freight") is usually one of several.
var foreignWeight = 0.2

// parseQuery turns a question into a query.
// A question is read in Unicode's compatibility form (NFKC): letters
// and digits typed full-width by a Chinese input method (ＤＭＣＡ, ２０２２)
// are the ASCII ones, and so is full-width punctuation. With every
// question's letters and digits full-width (TestArrival's -arrival.wide),
// the tuning files gave 179 of 747 sections right and eval-k to eval-r
// 181 of 765; read this way, 496 and 464, as typed plainly (the judges'
// own questions gained two, from their full-width punctuation).
func (s *snapshot) parseQuery(question string) query {
	plain := norm.NFKC.String(question)
	simple := simplified(plain)
	full := zhBreaks(trimCourtesy(stripMentions(stripMarkup(dropCodes(s.siteNames(expandShorthand(joinInitials(clip(simple)))))))))
	full = dropFigurativeMarks(s.homophones.correct(full, s.usesWord))
	text, story := reduceStory(full)
	q := s.parseText(text)
	q.length = utf8.RuneCountInString(full)
	q.traditional = simple != plain
	q.otherLanguage = s.otherLanguage(clip(plain))
	if story != "" {
		sq := s.parseText(story)
		for k := range sq.units {
			sq.units[k].weight *= storyContext
		}
		q.addContext(sq, 0.5, 1)
	}
	return q
}

// shorthand matches the words chat shortens ("can u", "ur complaint",
// "w/o a licence", "b4 the deadline"), and chatLong gives each one's
// word. "u" and "ur" matter most: a question to "you" speaks to the desk
// (see deskAddress). Other shortenings are stop words once written out,
// but typed short they were words the base never uses.
var (
	shorthand = regexp.MustCompile(`(?i)(?:^|\b)(?:u|ur|urs|w/o|w/|b4|bc|bcuz|cuz|coz|thru|abt|smth|sth|pls|plz)(?:$|[\s,!?;:)])`)
	chatLong  = map[string]string{"u": "you", "ur": "your", "urs": "yours", "w/o": "without", "w/": "with", "b4": "before", "bc": "because",
		"bcuz": "because", "cuz": "because", "coz": "because", "thru": "through", "abt": "about", "smth": "something", "sth": "something",
		"pls": "please", "plz": "please"}
)

// initials matches a word written as its initials with full stops
// ("U.S.", "U.K.", "E.U.", "P.R.C.", or "U.S" without the last), and
// what follows it. As typed, each letter is a word of its own and the
// place is lost: "do i need a U.S. lawyer" was read as a question about
// lawyers anywhere.
var initials = regexp.MustCompile(`\b([A-Za-z])\.([A-Za-z])\b(?:\.([A-Za-z])\b)?(?:\.([A-Za-z])\b)?(\.?)(\s*\S?)`)

// joinInitials returns text with each word written as initials (see
// initials) joined into one word ("US"). A last full stop that was typed
// is kept where it may end a sentence too: at the end of the text, or
// before a capital letter ("we sell in the U.S. What…").
func joinInitials(text string) string {
	if !strings.Contains(text, ".") {
		return text
	}
	return initials.ReplaceAllStringFunc(text, func(m string) string {
		g := initials.FindStringSubmatch(m)
		word := g[1] + g[2] + g[3] + g[4]
		next := strings.TrimSpace(g[6])
		if g[5] != "" && (next == "" || next[0] >= 'A' && next[0] <= 'Z') {
			return word + "." + g[6]
		}
		return word + g[6]
	})
}

// expandShorthand returns text with chat's shortened words written out
// (see shorthand).
func expandShorthand(text string) string {
	return shorthand.ReplaceAllStringFunc(text, func(m string) string {
		w := strings.TrimRightFunc(m, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '/' })
		return chatLong[strings.ToLower(w)] + m[len(w):]
	})
}

// courtesyEnd ends a clause of a message: a comma, colon, semicolon or
// the end of a sentence (a full stop only before a space or the end, so
// that "amazon.co.uk" stays one word).
var courtesyEnd = regexp.MustCompile(`[,，、:：;；!！?？。\n]+|\.+(?:\s+|$)`)

// closingThanks matches thanks at the end of a message.
var closingThanks = regexp.MustCompile(`(?i)(?:\b(?:thanks?(?:\s+you)?(?:\s+(?:so|very)\s+much)?|thx|ty|tks|cheers)(?:\s+in\s+advance)?|谢谢(?:你|您)?|谢啦|多谢|感谢)[\s!！.。~]*$`)

// trimCourtesy returns text without the clauses that open or close it
// and only wrap the question ("hi team,", "quick question:", "thanks in
// advance!", 你好，请问一下): clauses of stop words alone that ask for no
// kind of fact and hold no question mark, and thanks at its end. Their
// words weigh nothing, but their length made the answer decision read a
// short question as a longer one (see signals.length). A text of such
// clauses alone ("hi!") is returned as it is.
func trimCourtesy(text string) string {
	t := text
	// Thanks end a message: only its end is searched for them.
	tail := max(0, len(t)-64)
	for tail > 0 && !utf8.RuneStart(t[tail]) {
		tail--
	}
	if end := strings.ToLower(t[tail:]); strings.Contains(end, "th") || strings.Contains(end, "ty") || strings.Contains(end, "cheers") || strings.ContainsAny(end, "谢感") {
		if m := closingThanks.FindStringIndex(t[tail:]); m != nil {
			t = strings.TrimRight(t[:tail+m[0]], " \t,，")
		}
	}
	var spans [][2]int
	start := 0
	for _, e := range courtesyEnd.FindAllStringIndex(t, -1) {
		spans = append(spans, [2]int{start, e[1]})
		start = e[1]
	}
	if start < len(t) {
		spans = append(spans, [2]int{start, len(t)})
	}
	known := map[int]bool{}
	courtesy := func(sp [2]int) bool {
		if v, ok := known[sp[0]]; ok {
			return v
		}
		v := courtesyClause(t[sp[0]:sp[1]])
		known[sp[0]] = v
		return v
	}
	if len(spans) < 2 && t == text {
		// One clause is either the question or all there is.
		return trimChatWords(strings.TrimSpace(text))
	}
	i, j := 0, len(spans)
	for i < j && courtesy(spans[i]) {
		i++
	}
	for j > i && courtesy(spans[j-1]) {
		j--
	}
	if i == j {
		return text
	}
	return trimChatWords(strings.TrimSpace(t[spans[i][0]:spans[j-1][1]]))
}

// chatWords are the words chat wraps a question in without a comma to
// set them apart ("omg guys how long …", "… lol pls help asap", "… 哈哈
// 求解答"): the words of greeting, thanks and hurry, interjections and
// chat abbreviations, and greetings from other languages that open an
// English question ("hola, how long …" had been declined: "hola" was
// read as a word of the question).
var chatWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`hi hello hey omg guys lol lmao haha hahaha btw fyi tbh pls plz please
thanks thank thx ty tks help asap urgent urgently quick question sorry everyone folks team ugh hmm um uh wow
hola bonjour hallo ciao salut namaste
哈哈 哈哈哈 呜呜 求解答 在线等 拜托 救命 紧急 急 急急急 帮忙 帮帮忙 请教 大佬 大神 谢谢 多谢 感谢 各位 大家好 你好 您好 请问 求助 在吗 打扰一下`) {
		m[w] = true
	}
	return m
}()

// trimChatWords returns text without the chat words (see chatWords) at
// its start and end, keeping at least one word.
func trimChatWords(text string) string {
	ws := strings.Fields(text)
	i, j := 0, len(ws)
	chat := func(w string) bool { return chatWords[strings.ToLower(strings.Trim(w, ".,!?;:，。！？；：~"))] }
	for i < j-1 && chat(ws[i]) {
		i++
	}
	for j > i+1 && chat(ws[j-1]) {
		j--
	}
	if i == 0 && j == len(ws) {
		return text
	}
	return strings.Join(ws[i:j], " ")
}

// Smalltalk says what a message that asks nothing says: "hello" for a
// greeting ("hi", "你好"), "thanks" for thanks ("thanks!", "谢谢"), and ""
// for anything else, a question among them. Such a message is not a
// question for the knowledge base: a chat answers it in kind.
func Smalltalk(text string) string {
	t := strings.ToLower(simplified(norm.NFKC.String(stripMarkup(dropCodes(text)))))
	switch strings.Trim(t, " \t\n.,!?。，！？~") {
	case "在吗", "在不在", "有人吗", "anyone there", "anybody there", "anyone here":
		// Asked as questions, these only greet.
		return "hello"
	}
	if greetingAsk.MatchString(strings.TrimSpace(t)) {
		return "hello"
	}
	praised := compliment.MatchString(t)
	if praised {
		t = compliment.ReplaceAllString(t, " ")
		if strings.Trim(t, " \t\n.,!?。，！？~") == "" {
			return "thanks"
		}
	}
	if strings.TrimSpace(t) == "" || strings.ContainsAny(t, "?？") || len(questionAsks(t)) > 0 || questionSentence.MatchString(t) {
		return ""
	}
	for _, tok := range analyse(t) {
		if !tok.stop() {
			return ""
		}
	}
	switch {
	case closingThanks.MatchString(t) || praised:
		return "thanks"
	case smalltalkHello.MatchString(t):
		return "hello"
	}
	return ""
}

// greetingAsk matches a greeting asked as a question ("hi, how are you
// today?", "what can you do", 你好吗, 你是谁), with nothing else in the
// message. Read as a question, "how are you" and "who are you" speak to
// the desk and nothing else (see speaksToDesk), so the desk's own article
// was shown with full evidence to a chat's opening.
var greetingAsk = regexp.MustCompile(`^(?:(?:hi|hello|hey|yo|good (?:morning|afternoon|evening))(?:\s+there)?[\s,!.]*)?` +
	`(?:how (?:are|r) (?:you|u|ya)(?: doing)?(?: today)?|how(?:'s|’s| is|s) (?:it going|your day)|what(?:'s|’s| is|s) up|how do you do|who are you|what (?:can|do) you do)[\s?!.~]*$` +
	`|^(?:你好|您好|嗨|哈喽)?[\s,，!！]*(?:你好吗|您好吗|最近好吗|最近怎么样|你是谁|你能做什么|你会做什么|你会什么|你可以做什么)[\s?？!！~。]*$`)

// compliment matches praise that thanks ("you're the best", "much
// appreciated", 辛苦了): said to the desk, its "you" had the desk's own
// article shown.
var compliment = regexp.MustCompile(`(?:\b(?:you(?:'re|’re| are| r)|ur|u r)\s+(?:the best|awesome|amazing|great|a star|a lifesaver|so helpful)|\byou rock\b|\b(?:much appreciated|appreciate it|great help|very helpful|so helpful)\b|太棒了|你真好|辛苦了|帮大忙了)`)

// smalltalkHello matches a greeting; thanks are closingThanks.
var smalltalkHello = regexp.MustCompile(`\b(?:hi|hello|hey|morning|afternoon|evening)\b|你好|您好|大家好|在吗|嗨|哈喽`)

// courtesyClause reports whether clause c only wraps a question (see
// trimCourtesy): stop words alone, asking for no kind of fact, with no
// question mark.
func courtesyClause(c string) bool {
	// Wrapping is short ("sorry if this is a dumb question"): a longer
	// clause is not read through.
	if utf8.RuneCountInString(c) > 48 || strings.ContainsAny(c, "?？") || len(questionAsks(c)) > 0 {
		return false
	}
	for _, tok := range analyse(c) {
		if !tok.stop() {
			return false
		}
	}
	return true
}

// webAddress matches a web address in a question: a consumer pastes the
// listing they report, a seller the page a notice names.
var webAddress = regexp.MustCompile(`(?i)\b(?:https?://|www\.)[^\s<>|"'，。）)]+`)

// siteNames returns text with each web address replaced by its site's
// name where the base uses it ("https://www.amazon.com/dp/B08..." is
// "amazon"), and left out otherwise: the name says which marketplace the
// question is about, and the rest of the address (its path, query and
// tracking words: item, share, source) is no word of the question.
// With an address pasted after every question (TestArrival's
// -arrival.link), the tuning files gave 403 of 747 sections right, 146
// in-scope questions declined, and eval-k to eval-r 405 of 765; read
// this way, 496 and 465, as without it.
func (s *snapshot) siteNames(text string) string {
	if !strings.Contains(text, "://") && !strings.Contains(strings.ToLower(text), "www.") {
		return text
	}
	return webAddress.ReplaceAllStringFunc(text, func(addr string) string {
		host := addr
		if i := strings.Index(host, "://"); i >= 0 {
			host = host[i+3:]
		}
		if i := strings.IndexAny(host, "/?#:"); i >= 0 {
			host = host[:i]
		}
		labels := strings.Split(strings.ToLower(host), ".")
		if len(labels) > 0 && labels[0] == "www" {
			labels = labels[1:]
		}
		if len(labels) == 0 {
			return " "
		}
		if t := englishTok(labels[0]); slices.ContainsFunc(t.terms, func(term string) bool { return s.terms.docFreq(term) > 0 }) {
			return " " + labels[0] + " "
		}
		return " "
	})
}

// zhClauseMark matches anything that sets Chinese clauses apart:
// punctuation or a space.
var zhClauseMark = regexp.MustCompile(`[，,。.？?！!；;、：:\s]`)

// zhQuestionEnd matches the words that end a Chinese question (侵权吗,
// 怎么办, 有时间限制没), zhQuestionStart those that start one (是不是,
// 要不要, 如果, and the adverbs and modals a second question often
// starts with: 一般, 大概, 还能, 能否), and zhQuestionWord the question
// words. Cutting after every 么 and 没 also cuts inside 什么 and before a
// verb 没有 negates; the parts are joined again where a piece asks
// nothing (see splitParts), and on the tuning files' Chinese questions
// typed as one run the cuts gained more than cutting only after a final
// 吗 or 呢 (477 of 747 sections right against 465). The words that start
// a question after an adverb or modal, and the end of a question counted
// as an ask after a question word (see zhBreaks), took the tuning files
// typed so from 576 to 580 of 747 (5 up, 1 down) and the judges' files
// from 853 to 858 of 1,381 (6 up, 2 down); as written, and with no
// punctuation, no question moved. The everyday 干嘛, 干啥, 咋办 (what to
// do), 啥 and 哪几 (what, which), and 现在 (now) starting a question:
// tuning files typed so 580 -> 581, the judges' files 858 as before.
var (
	zhQuestionEnd   = regexp.MustCompile(`吗|呢|吧|么|没有?|怎么办|会怎样|会怎么样|怎么样|行不行|好不好|对不对|干嘛|干啥|咋办`)
	zhQuestionWord  = regexp.MustCompile(`多少钱|多少|多久|多长时间|几天|几年|几个月|什么|哪里|哪个|哪些|哪几|怎么|如何|啥`)
	zhQuestionStart = regexp.MustCompile(`是不是|要不要|能不能|会不会|有没有|可不可以|需不需要|还要不要|如果|要是|另外|还有|那么|一般|大概|请问|顺便|还能|还可以|能否|现在`)
)

// zhBreaks returns a Chinese question typed as one run, with no
// punctuation or space in it (侵权吗国内是不是谁先申请就归谁), with a space
// where one question ends and another starts: after a word that ends a
// question, and before one that starts a question when the text before
// it already asks something. The question is then read as one typed with
// spaces for punctuation, whose asks are split apart (see splitParts)
// and whose story is reduced (see reduce). Other text is returned as it
// is.
func zhBreaks(text string) string {
	if !isChinese(text) || zhClauseMark.MatchString(text) {
		return text
	}
	rs := []rune(text)
	var cuts []int // rune offsets to put a space before
	for _, m := range zhQuestionEnd.FindAllStringIndex(text, -1) {
		if end := utf8.RuneCountInString(text[:m[1]]); len(rs)-end >= 2 {
			cuts = append(cuts, end)
		}
	}
	// Two question words far apart ask two things (要多少钱 登记了有什么
	// 好处): the first ask ends with its question word. A word that ends
	// a question counts as the second (要多少钱 被驳回了会怎样).
	asks := zhQuestionWord.FindAllStringIndex(text, -1)
	asks = append(asks, zhQuestionEnd.FindAllStringIndex(text, -1)...)
	slices.SortFunc(asks, func(x, y []int) int { return x[0] - y[0] })
	for k := 0; k+1 < len(asks); k++ {
		end, next := utf8.RuneCountInString(text[:asks[k][1]]), utf8.RuneCountInString(text[:asks[k+1][0]])
		if next-end >= 3 && !slices.ContainsFunc(cuts, func(c int) bool { return c >= end && c <= next }) {
			cuts = append(cuts, end)
		}
	}
	for _, m := range zhQuestionStart.FindAllStringIndex(text, -1) {
		at := utf8.RuneCountInString(text[:m[0]])
		last := 0
		for _, c := range cuts {
			if c <= at {
				last = max(last, c)
			}
		}
		if at-last >= 4 && questionSentence.MatchString(string(rs[last:at])) {
			cuts = append(cuts, at)
		}
	}
	if len(cuts) == 0 {
		return text
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	var b strings.Builder
	prev := 0
	for _, c := range cuts {
		b.WriteString(string(rs[prev:c]))
		b.WriteByte(' ')
		prev = c
	}
	b.WriteString(string(rs[prev:]))
	return b.String()
}

// codeLike matches a product, order or tracking number: seven or more
// letters, digits and hyphens with a digit among them (B08XK2L9QZ,
// 113-4829301-2291045). Years, amounts and "1688" are shorter.
var codeLike = regexp.MustCompile(`\b[A-Za-z0-9]*[0-9][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*\b`)

// dropCodes returns text without product, order and tracking numbers,
// and without emoji and other pictographs (® and © are words: see
// markSymbol): they say nothing of what is
// asked, but they made a question longer, and a longer question with a
// word of intellectual property is read as a story and answered more
// readily (see signals.length).
func dropCodes(text string) string {
	// Most questions have neither: the checks spare the patterns' work
	// on every question.
	if strings.ContainsAny(text, "0123456789") {
		text = codeLike.ReplaceAllStringFunc(text, func(c string) string {
			if len(c) < 7 || !isCode(c) {
				return c
			}
			return " "
		})
	}
	if !isASCII(text) {
		text = strings.Map(func(r rune) rune {
			if unicode.In(r, unicode.So, unicode.Sk, unicode.Variation_Selector) && !markSymbol(r) || r == 0x200d {
				return ' '
			}
			return r
		}, text)
	}
	if strings.Contains(text, "  ") || strings.Contains(text, "\t") {
		text = spaces.ReplaceAllString(text, " ")
	}
	return strings.TrimSpace(text)
}

// isCode reports whether c, seven or more letters, digits and hyphens
// with a digit among them, is a number rather than a word with a number
// ("iPhone15", "compatiblewithiPhone15"): three digits or more, and no
// run of five letters.
func isCode(c string) bool {
	digits, run := 0, 0
	for _, r := range c {
		switch {
		case r >= '0' && r <= '9':
			digits++
			run = 0
		case r == '-':
			run = 0
		default:
			if run++; run >= 5 {
				return false
			}
		}
	}
	return digits >= 3
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// spaces matches a run of spaces and tabs.
var spaces = regexp.MustCompile(`[ \t]{2,}`)

// simplified returns a question written in traditional Chinese
// characters (商標被搶註了怎麼辦) in the simplified ones the base is
// written in (商标被抢注了怎么办), by OpenCC's tables (its t2s
// conversion). Sellers in Taiwan and Hong Kong write so; their questions
// found a word here and there. Text in simplified characters or none is
// returned as it is. With every Chinese question converted to Taiwan's
// characters and words (OpenCC's s2twp; TestArrival's -arrival.trad),
// the tuning files gave 450 of 747 sections right and eval-k to eval-r
// 394 of 765; read this way, 492 and 462 (496 and 465 as written, which
// it leaves unchanged). Converting Taiwan's words into the mainland's
// too (tw2sp) changed some words of questions written in simplified
// characters: 490 and 453 as written.
func simplified(text string) string { return toSimplified.convert(text) }

// ToTraditional returns text with its simplified Chinese characters in
// traditional ones (OpenCC's s2tw tables: Taiwan's forms of the
// characters, 為 rather than 爲), for an answer to a question written in
// them (see Answer.Traditional). Other characters, web addresses and
// Markdown among them, are left as they are.
func ToTraditional(text string) string { return toTraditional.convert(text) }

// IsTraditional reports whether text is written in traditional Chinese
// characters: it has Chinese characters that read differently once
// simplified. A reply to someone who wrote so is shown in them (see
// ToTraditional).
func IsTraditional(text string) bool { return hasHan(text) && simplified(text) != text }

var (
	toSimplified  = &script{config: "t2s"}
	toTraditional = &script{config: "s2tw"}
)

// A script converts Chinese text between simplified and traditional
// characters with one of OpenCC's conversions, loaded when first used.
type script struct {
	config string
	once   sync.Once
	cc     *opencc.OpenCC
}

// convert returns text converted, or as it is when it has no Chinese
// character. The tables are built into the program: an error loading
// them is a broken build, and text is then returned as it is.
func (c *script) convert(text string) string {
	if !hasHan(text) {
		return text
	}
	c.once.Do(func() { c.cc, _ = opencc.New(c.config) })
	if c.cc == nil {
		return text
	}
	out, err := c.cc.Convert(text)
	if err != nil {
		return text
	}
	return out
}

// storyContext is the weight of the words of a story's sentences left
// out of its reduction, as a share of their weight (see reduceStory),
// before addContext halves it.
var storyContext = 0.25

// colloquialZH turns chat's 咋 ("how", "what") into the 怎么 that the
// cues of asks, sides and next steps are written with: "反通知咋写" asked
// nothing, "被投诉侵权了 咋整" no next step. Only what a question asks is
// read so; it is searched as typed. Tables and models as before: eval-ab
// and eval-ah one up each, nothing down on the tuning files.
//
// So are chat's 肿么 and 神马, typed for the sound of 怎么 and 什么, and
// 怎么破 ("how to break it"), chat's "what do I do".
var colloquialZH = strings.NewReplacer("咋整", "怎么办", "咋办", "怎么办", "咋搞", "怎么办", "咋破", "怎么办", "咋回事", "怎么回事", "咋样", "怎么样", "咋", "怎么",
	"肿么办", "怎么办", "肿么破", "怎么办", "怎么破", "怎么办", "肿么", "怎么", "神马", "什么")

// zhTimeAsks are the Chinese ways of asking how long or by when that
// spell out 时间 ("time"): 多长时间 ("how long"), 几天时间 ("how many
// days"), 时间限制 ("a time limit"). The segmenter cuts 时间 off as a
// word of its own, and, as a word several headings hold (审查时间, 登记
// 时间), it weighed more than the question's subject: "版权保护期是多长时
// 间" was answered from the section on when a US registration is made,
// not how long copyright lasts. They are read as the shorter forms the
// cues of asks and stop words already hold (多久, 几天, 期限), and a
// time limit as the deadline it is; 有几天 ("how many days do I have")
// asks a deadline, as "how long do I have" does. With the models
// refitted: eval-ad, eval-ae and eval-ag one up each, nothing down on
// the tuning files; the judges' files as before (two up, two down).
var zhTimeAsks = strings.NewReplacer("多长的时间", "多久", "多长时间", "多久", "多少时间", "多久",
	"几天的时间", "几天", "几天时间", "几天", "几个月时间", "几个月", "几年时间", "几年", "时间限制", "期限", "时间限定", "期限")

// parseText is parseQuery of a text already reduced.
func (s *snapshot) parseText(text string) query {
	if strings.Contains(text, "时间") {
		text = zhTimeAsks.Replace(text)
	}
	// The question is searched with its unknown words corrected (see
	// respell), the words and phrases of its sections' text
	// (surfaceUnits) included; what it asks is read with its
	// misspellings corrected: "whats the diffrence" asks for a
	// difference.
	read, searched := s.respell(text)
	read = colloquialZH.Replace(read)
	q := query{text: searched, zh: isChinese(text)}
	ws := words(read)
	q.intent, q.asks = intentOf(read, ws), questionAsks(read)
	q.seller = sellsGoods(read, ws)
	q.owner = isOwner(read, ws)
	// A buyer who reports, or who asks of no side, is told apart (see
	// sideBoost). One who received fake goods (see receivedGoods) and
	// reports them is a buyer too, though no buyer's cue is said ("just
	// got fake sneakers from a shopee store, where do i report it").
	q.buyer = (q.intent == IntentReport || q.intent == "") && !q.seller && !q.owner && (matchesCue(read, ws, buyerCues) || receivedGoods(read, ws))
	if containsAsk(q.asks, askDuration) {
		q.span = questionSpan(read, ws)
	}
	q.contrast = containsAsk(q.asks, askDifference)
	q.desk = speaksToDesk(read)
	q.nextStep = matchesCue(read, ws, nextStepCues)
	lex := theLexicon()
	seen := map[string]bool{}
	maxIdf := s.terms.idf("")
	for _, t := range s.splitUnknownPairs(analyse(q.text)) {
		if t.stop() || seen[t.word] {
			continue
		}
		seen[t.word] = true
		if !t.han && t.own == 1 && s.terms.docFreq(t.terms[0]) == 0 && len(t.terms) == 1 && !lex.knownEnglish(t.word) {
			// A misspelt word: the base does not know it, and no
			// thesaurus entry does.
			if c := s.speller.correct(t.word); c != "" && c != t.word {
				if ct := englishTok(c); !ct.stop() {
					t = ct
				}
			}
		}
		u := unit{word: t.word}
		for _, term := range t.terms {
			if s.terms.docFreq(term) > 0 {
				u.terms = append(u.terms, term)
			}
		}
		switch {
		case len(u.terms) > 0 && t.single && len(t.terms) == t.own:
			// A lone character the dictionary left over (钱 of 多少钱)
			// helps find sections but is too vague to weigh, unless the
			// thesaurus names it (假, "fake").
			u.kind = unitName
		case len(u.terms) > 0 && !t.han && len(t.terms) == t.own && !lex.commonEnglish(t.word) && !s.topicalTerm(u.terms):
			// A name the base mentions only in passing, in running text
			// ("Nike" in an example): it says nothing of what the
			// question is about, like a name the base never uses.
			u.kind, u.terms = unitName, nil
		case len(u.terms) > 0:
			u.kind = unitKnown
			u.weight = maxIdf
			for _, term := range u.terms {
				u.weight = min(u.weight, s.terms.idf(term))
			}
		case !t.han && lex.commonEnglish(t.word) && !isNumber(t.word),
			t.han && !t.single && lex.commonChinese(t.word):
			u.kind, u.weight = unitForeign, foreignWeight*maxIdf
		default:
			u.kind = unitName
		}
		if u.kind == unitKnown && !s.topicalTerm(u.terms) {
			u.weight *= storySearch // see storySearch
		}
		if u.kind == unitKnown && containsAsk(q.asks, askDefinition) && slices.ContainsFunc(u.terms, func(t string) bool { return definitionWords[t] }) {
			u.weight = 0 // see definitionWords
		}
		if q.intent == IntentRespond && u.kind == unitKnown && slices.ContainsFunc(u.terms, func(t string) bool { return sideWordStems[t] }) {
			u.weight *= sideWordShare
		}
		for _, term := range u.terms {
			u.commerce = u.commerce || commerceTerms()[term]
			u.ip = u.ip || strings.HasPrefix(term, "=") && !commerceTerms()[term]
		}
		q.units = append(q.units, u)
	}
	if !q.desk && ownCase.MatchString(read) && len(q.marketplaces()) == 0 && len(q.jurisdictions()) == 0 {
		// "how long until my report is reviewed", asked of the desk
		// with no marketplace or place named, is about the report made
		// here.
		q.desk = true
	}
	if !q.desk && asksDeskForm(q, read, ws) {
		// "what file types can i upload", asked with no marketplace,
		// place or other matter named, is about the desk's own form.
		q.desk, q.deskForm = true, true
	}
	if q.desk && !seen[deskTag] {
		// A question that speaks to the desk asks about it as if it had
		// named it.
		if t := englishTok(deskTag); len(t.terms) > 0 && s.terms.docFreq(t.terms[0]) > 0 {
			matter := deskMatter.MatchString(read) || deskFormWords.MatchString(read)
			w := deskWeight
			if !matter {
				w = deskWeightBare
			}
			q.units = append(q.units, unit{word: deskTag, terms: t.terms[:1], weight: w * s.terms.idf(t.terms[0]), kind: unitKnown, ip: matter})
		}
	}
	if q.contrast {
		q.splitContrast()
	}
	add := map[string]bool{}
	for _, u := range q.units {
		for _, t := range u.terms {
			if !add[t] {
				add[t] = true
				q.match = append(q.match, t)
			}
		}
	}
	return q
}

func containsAsk(as []ask, a ask) bool {
	for _, x := range as {
		if x == a {
			return true
		}
	}
	return false
}

// splitContrast keeps the two sides of a comparison apart: a thesaurus
// entry that two of the question's words share ("fake or knockoff") would
// make them one, so it is dropped from both and each word keeps its own
// term.
func (q *query) splitContrast() {
	count := map[string]int{}
	for _, u := range q.units {
		for _, t := range u.terms {
			if strings.HasPrefix(t, "=") {
				count[t]++
			}
		}
	}
	for k := range q.units {
		u := &q.units[k]
		var keep []string
		for _, t := range u.terms {
			if count[t] < 2 || len(u.terms) == 1 {
				keep = append(keep, t)
			}
		}
		u.terms = keep
	}
}

// longQuestion is the length, in characters, from which a question is a
// story to be reduced (see reduce).
const longQuestion = 300

// sentenceEnd splits a story into sentences: a full stop ends one only
// before a space or the end, so that "amazon.co.uk" stays one word.
var sentenceEnd = regexp.MustCompile(`[!?。！？\n]+|\.+(?:\s+|$)|[;；]`)

// sentenceEndBare splits a Chinese story typed without punctuation, its
// sentences and clauses set apart by spaces (我们是卖家 上周收到投诉
// 该怎么办), as often in chat: such a story was kept whole. With every
// question's punctuation left out (TestArrival's -arrival.bare), the
// tuning files went from 487 to 488 of 747 sections right and eval-k to
// eval-r from 455 to 459 of 765; as written, eval-k to eval-m gained one
// (209 to 210 of 327), from a story typed so, and the rest did not move.
var sentenceEndBare = regexp.MustCompile(`[!?。！？\n]+|\.+(?:\s+|$)|[;；]|\s+`)

// storyEnds returns how text's sentences end: sentenceEnd, or for a
// Chinese text with no end of a sentence in it, sentenceEndBare.
func storyEnds(text string) *regexp.Regexp {
	if isChinese(text) && !sentenceEnd.MatchString(text) {
		return sentenceEndBare
	}
	return sentenceEnd
}

// questionSentence matches a sentence that asks something. "am", "was",
// "were", "has" and "have" ask only before their subject ("am I in
// trouble"); standing after it they state ("I am a seller"). Chinese
// asks in everyday words too (啥 "what", 咋 "how", 干嘛 "what for",
// 多长 "how long"): with them, tuning files as served 494 -> 495 of 747
// section right, eval-k, eval-l and eval-m 200 -> 201 of 327, eval-n
// unchanged. 几 before a unit of time asks "how many" as 多少 does
// (一般几天能处理完 "how many days does it usually take"): tuning files
// unchanged (496 of 747), eval-k to eval-q 395 -> 398 of 655, declines
// unchanged.
var questionSentence = regexp.MustCompile(`(?i)\?|？|\b(?:how|what|whats|hows|wheres|whos|when|where|which|who|why|can|could|should|do|does|did|is|are|will|would|must)\b|\b(?:am|was|were|has|have)\s+(?:i|we|you|they|it)\b|吗|呢|怎么|怎样|如何|什么|哪|谁|多少|多久|多长|能不能|可不可以|是否|是不是|有没有|会不会|啥|咋|干嘛|干啥|几天|几周|几个月|几年|几个工作日`)

// reduce turns a long question, a seller's whole story, into what it
// asks: its question sentences, the sentence before each one, which
// usually names what it is about, and the sentences that name the
// situation in words of intellectual property (a customs seizure, a
// "Schedule A" case, a design patent), which the question sentences
// often leave to the story ("how long do I have to respond"). A
// question of up to longQuestion characters is returned as it is.
func reduce(text string) string {
	if len([]rune(text)) <= longQuestion {
		return text
	}
	idx := storyEnds(text).FindAllStringIndex(text, -1)
	var sents []string
	start := 0
	for _, m := range idx {
		if s := strings.TrimSpace(text[start:m[1]]); s != "" {
			sents = append(sents, s)
		}
		start = m[1]
	}
	if s := strings.TrimSpace(text[start:]); s != "" {
		sents = append(sents, s)
	}
	keep := make([]bool, len(sents))
	any := false
	for i, s := range sents {
		if strings.ContainsAny(s, "?？") || questionSentence.MatchString(s) && i >= len(sents)/2 {
			keep[i] = true
			any = true
			if i > 0 {
				keep[i-1] = true
			}
		}
	}
	if !any {
		return text
	}
	var out []string
	for i, s := range sents {
		if keep[i] {
			out = append(out, s)
		}
	}
	return strings.Join(out, " ")
}

// reduceStory is reduce, and the sentences of the story it left out that
// name the situation in words of intellectual property (a customs
// seizure, a "Schedule A" case, a design patent): the question sentences
// often leave those to the story ("how long do I have to respond"), so
// they are the question's context (see addContext).
func reduceStory(text string) (asks, story string) {
	asks = reduce(text)
	if asks == text {
		return text, ""
	}
	var out []string
	for _, s := range splitKeep(text, storyEnds(text)) {
		if s = strings.TrimSpace(s); s != "" && !strings.Contains(asks, s) && namesIP(s) {
			out = append(out, s)
		}
	}
	return asks, strings.Join(out, " ")
}

// namesIP reports whether text uses a word of intellectual property: a
// thesaurus entry other than the everyday words of selling.
func namesIP(text string) bool {
	for _, t := range analyse(text) {
		for _, term := range t.terms {
			if strings.HasPrefix(term, "=") && !commerceTerms()[term] {
				return true
			}
		}
	}
	return false
}

// topicalTerm reports whether any of terms is in a title, heading, tag or
// alias of the base (see isTopic).
func (s *snapshot) topicalTerm(terms []string) bool {
	return slices.ContainsFunc(terms, s.isTopic)
}

// usesWord reports whether the base uses w as a word of its own, so that
// a homophone pass leaves it alone: w is in a title, heading, tag or
// alias, or in the running text of more than one section. A word cut
// once from running text may be a cut across two words (产品上标注 gives
// 上标, "superscript", where the text means 上 | 标注, "marked on"), and
// then it would hide a slip of the same sound (上标 for 商标).
func (s *snapshot) usesWord(w string) bool { return s.terms.docFreq(w) > 1 || s.isTopic(w) }

// isTopic reports whether term is in a title, heading, tag or alias of
// the base, not only in running text.
func (s *snapshot) isTopic(term string) bool { return s.headVocab[term] || s.aliasVocab[term] }

// storySearch is the share of its weight, in finding the article and
// the section, of a question's word that the base uses only in running
// text, in no title, heading, tag or alias ("发到", "started", "week"):
// such a word says little of what the question is about, though being
// rare it weighed heavily. Measured on the tuning files, every question
// answered: article right 84.1% at 1, 84.6% at 0.75 and 0.5, 84.2% at 0.3;
// judged by a decision fitted on the other files, declines were the
// same at 0.75 and one fewer at 0.5.
const storySearch = 0.75

// sideWordStems are the words with which a question says it answers a
// complaint ("how do I respond to a DMCA takedown", 怎么回复): the side
// cues read them already (see questionIntent), and as words searched
// they found the article whose text happens to say "respond" (the DMCA
// safe harbour's, on what platforms must do) before the one on answering
// (the counter-notice's). Read from that side, such a word keeps
// sideWordShare of its weight. Chosen on the tuning files (0.5 changed
// nothing, 0.3 and 0.1 gained one question of 747, 584 -> 585); the
// judges did not move. Made stop words instead, they had lost three of
// the tuning files' questions.
var sideWordStems = map[string]bool{"respond": true, "repli": true, "回复": true, "答复": true, "回应": true}

// sideWordShare is the share of its weight a word of sideWordStems keeps
// in a question asked from the side that received a complaint.
const sideWordShare = 0.3

// spellable matches a word the speller may correct (see minSpellLen).
var spellable = regexp.MustCompile(`[A-Za-z]{3,}`)

// respell returns text with the English words no word list knows
// corrected by the speller, twice: read, for the cues of what is asked
// to read them, and searched, for the question's words, where a word the
// base knows by its stem ("registering") is left alone, as the search
// finds it.
//
// The words searched are corrected before the question is cut into
// words and phrases: a typo in one word of a phrase the thesaurus knows
// ("first sael doctrine", "countr notice") hid the phrase when each word
// was corrected on its own. With typos made by TestArrival's
// -arrival.typos (seeds 1 to 3), the tuning files' English questions
// went from 261, 260 and 245 of 432 section right to 281, 276 and 270
// (290 without typos, unchanged), and eval-k to eval-r's from 225, 226
// and 213 of 411 to 236, 233 and 233 (248 without typos, 247 before).
func (s *snapshot) respell(text string) (read, searched string) {
	lex := theLexicon()
	var r, q strings.Builder
	last := 0
	ms := spellable.FindAllStringIndex(text, -1)
	// neighbour returns the word of match k when only spaces part it
	// from the word of match j.
	neighbour := func(j, k int) string {
		if k < 0 || k >= len(ms) {
			return ""
		}
		lo, hi := min(ms[j][1], ms[k][1]), max(ms[j][0], ms[k][0])
		if strings.TrimSpace(text[lo:hi]) != "" {
			return ""
		}
		return strings.ToLower(text[ms[k][0]:ms[k][1]])
	}
	for j, m := range ms {
		w := text[m[0]:m[1]]
		r.WriteString(text[last:m[0]])
		q.WriteString(text[last:m[0]])
		last = m[1]
		fixed, known := w, false
		lw := strings.ToLower(w)
		// A misspelling that stems like a word ("penaltys") finds the
		// word in the search, but not the cue.
		if !lex.knownEnglish(lw) && !theThesaurus().knows(lw) {
			if t := englishTok(lw); !t.stop() {
				known = slices.ContainsFunc(t.terms, func(term string) bool { return s.terms.docFreq(term) > 0 })
				if base, ok := strings.CutSuffix(lw, "s"); ok && len(base) >= 3 && (lex.knownEnglish(base) || s.speller.count[base] > 0) {
					// A name's possessive typed without its apostrophe
					// ("sonys", "rolexs") is the name, not the nearest
					// prose word ("sons", "roles"). Tuning files 590 of
					// 747 as before (eval-z-oos declined 190 -> 189, the
					// refit moving the decision's evidence weight by
					// 0.01), the judges' files one question up; with
					// typos (seeds 1 to 3), the judges' English questions
					// one up on two seeds.
					fixed = base
				} else if c := s.speller.correct(lw); c != "" {
					fixed = c
				} else if parts := s.speller.split(lw); parts != "" {
					fixed = parts
				}
			}
		} else if !theThesaurus().knows(lw) && lex.commonEnglish(lw) {
			// A slip that makes another word ("brad" for "brand") is
			// read from the words around it; a name is no slip ("lego
			// figures" is not "logo figures").
			if t := englishTok(lw); !t.stop() && !slices.ContainsFunc(t.terms, func(term string) bool { return s.terms.docFreq(term) > 0 }) {
				if c := s.speller.inContext(neighbour(j, j-1), lw, neighbour(j, j+1)); c != "" {
					fixed = c
				}
			}
		}
		r.WriteString(fixed)
		if known && !sameTerms(lw, fixed) {
			q.WriteString(w)
		} else {
			q.WriteString(fixed)
		}
	}
	if last == 0 {
		return text, text
	}
	r.WriteString(text[last:])
	q.WriteString(text[last:])
	return r.String(), q.String()
}

// sameTerms reports whether the words a and b are searched as the same
// terms ("trustes" and "trusted" both as "trust"). A misspelling whose
// stem the base knows is searched as typed, since its correction may be
// another word; when the correction is searched the same, it is searched
// as corrected, and makes the phrase it belongs to with its neighbour:
// "trustes flagger" had been "trust" and "flagger", and the trusted
// flagger of the EU's rules was not found. With slips made by
// TestArrival's -arrival.typos (seeds 1 to 3): the oldest tuning files
// 577, 574 and 575 of 747 as before, eval-aa to eval-ae 565, 580 and
// 575 -> 565, 583 and 576 of 770, eval-af as before; eval-k to eval-r
// 572, 574 and 561 -> 571, 573 and 561 of 765. As written, nothing
// moved.
func sameTerms(a, b string) bool {
	return slices.Equal(englishTok(a).terms, englishTok(b).terms)
}

// splitUnknownPairs reads a two-character Chinese word the base never
// uses, where one of its characters is a word of the base, as its two
// characters: the dictionary joins characters that happen to meet into a
// rarer word, and "寄到美国的货扣了" ("the goods sent to the US were
// detained"), cut as 货扣, lost 扣, "detained", to the question and got
// the section on recording a mark with US customs. With the tables
// relearned and both models refitted: tuning files 587 of 747 as before
// (3 up, 4 down with the near misses: in scope declined 22 -> 20, out of
// scope declined 432 -> 431 of 441), the judges' files 881 -> 883 of
// 1,381 (in scope declined 106 -> 101), each tuning file judged by a
// decision fitted on the others 77.5% -> 77.7% sections right, 96.5%
// declined as before; out-of-scope questions answered after an IP
// question 8 -> 5 of 474.
//
// A pair everyday Chinese uses often (天气, 周末, 下雨; seen at least
// everydayPairFreq times in the dictionary's counts) is no chance join
// and stays whole: a common word the base never uses, it says the
// question is about something else. Read as its characters, "这周末天气
// 怎么样" was a question of names only, read after an IP question as a
// follow-up to it and answered from it. With the tables relearned and
// both models refitted: tuning files 594 -> 595 of 747, eval-aa 106 ->
// 107, eval-ab 113 -> 112, eval-ad 112 -> 111 (both with the decision's
// refit), the judges' files 926 as before; out-of-scope questions
// answered after an IP question 9 -> 7 of 474. Any threshold from 1 to
// 10,000 gave the same on the tuning files before the refits; at 10,000
// 天气 (about 2,700) and 下雨 (about 500) were still read as characters.
func (s *snapshot) splitUnknownPairs(toks []tok) []tok {
	var out []tok
	for k, t := range toks {
		if !t.han || t.single || utf8.RuneCountInString(t.word) != 2 || slices.ContainsFunc(t.terms, func(term string) bool { return s.terms.docFreq(term) > 0 }) || theLexicon().frequentChinese(t.word, everydayPairFreq) {
			if out != nil {
				out = append(out, t)
			}
			continue
		}
		var parts []tok
		useful := false
		for _, r := range t.word {
			for _, c := range analyse(string(r)) {
				parts = append(parts, c)
				useful = useful || !c.stop() && slices.ContainsFunc(c.terms, func(term string) bool { return s.terms.docFreq(term) > 0 })
			}
		}
		if !useful {
			if out != nil {
				out = append(out, t)
			}
			continue
		}
		if out == nil {
			out = append(out, toks[:k]...)
		}
		out = append(out, parts...)
	}
	if out == nil {
		return toks
	}
	return out
}

// everydayPairFreq is how often the dictionary must have seen a
// two-character word for splitUnknownPairs to keep it whole.
const everydayPairFreq = 100

// deskMatter matches the words of what the desk does with a complaint
// (a case, a decision, an appeal, a refund; 投诉, 申诉, 进度). A question
// speaking to the desk in those words is about its complaint service,
// which is what the desk answers, as a question naming a right is about
// intellectual property: the desk's name then counts as such a word in
// the answer decision. Such questions name no right, and "your team
// closed my case, can i ask again" was declined. A question that only
// says "you" ("the kind you get at takeaway places") gets nothing: with
// every question speaking to the desk counted so, a recipe was
// answered. With the models refitted: tuning files 597 -> 599 of 747
// (in scope declined 20 -> 18), eval-aa 99 as before, eval-ab 106 ->
// 107 of 151; out of scope declined 432 -> 431 of 441 (a Chinese near
// miss on invoices for a category review, which no desk word names,
// moved by the refit); the decision judged on the other files 78.9% ->
// 79.0% sections; the judges' files 897 -> 900 of 1,381 (in scope
// declined 111 -> 107, out of scope declined 602 -> 601).
// Who sees the asker's personal details, the privacy of the form and who
// decides (个人信息, 联系方式, 隐私, 表单) are the desk's matters as well:
// "is my personal info safe with you" was declined. eval-af 209 -> 211
// of 278 (in scope declined 14 -> 12), nothing else moved; the models
// refitted to the same values.
//
// Filing, submitting and uploading, a bot or a human, staff, and the
// asker's name, phone and identity card (提交, 上传, 人工, 客服, 电话, 名字,
// 身份证) are its words as well since the desk's name weighs more (see
// deskWeight, whose figures are with them).
var deskMatter = regexp.MustCompile(`(?i)\b(?:complaint|complaints|report|reports|reported|case|cases|appeal|decision|reference|withdraw|evidence|refund|compensation|compensated|decide|decides|form|privacy|personal|contact details|file|filed|filing|submit|submitted|upload|uploads|uploaded|bot|human|staff)\b|投诉|举报|案件|案子|申诉|撤回|进度|证据|赔偿|退款|个人信息|联系方式|隐私|表单|表格|上传|提交|人工|客服|电话|名字|身份证`)

// definitionWords are the stems of the words with which a question asks
// what something is ("how does it work", "what does it mean", 啥意思):
// in a question asking for a definition they say what kind of fact is
// asked, not what it is about, and weigh nothing in what a section
// covers (they are still searched). The section that says what a thing
// is seldom uses them, and "how do transparency codes work" was
// declined on "work". With the models refitted: eval-ab 107 -> 109 of
// 151 (in scope declined 5 -> 3), the tuning files 599 and eval-aa 99
// as before, the decision judged on the other files 79.0% -> 78.9%
// sections; the judges' files 900 -> 901.
var definitionWords = map[string]bool{"work": true, "mean": true, "explain": true, "cover": true, "includ": true, "意思": true, "运作": true}
