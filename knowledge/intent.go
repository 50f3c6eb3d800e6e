package knowledge

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// The values of an article's intent (see Article.Intent).
const (
	IntentRespond = "respond"
	IntentReport  = "report"
	// IntentBuyer marks an article for a buyer of a fake (refund
	// guarantees, chargebacks, consumer rights): on neither side of an
	// IP complaint, but not for a seller who received one.
	IntentBuyer = "buyer"
)

// Questions about a complaint come from both sides of it, in nearly the
// same words: "what do I do with a takedown notice" is asked by a seller
// who received one, "how do I send a takedown notice" by someone whose
// photos were copied. The topic words match the playbook for answering a
// notice and the article on writing one alike, and a shorter title can
// outscore the right one. The words that tell the sides apart are
// grammar ("I got", "my listing was", "how do I send") that the index
// drops as stop words, so the question's side is read from cue phrases
// and articles of that side are preferred (see intentBoost).

// respondCues are phrases of a seller who has received a complaint. A
// counter-notice is only ever sent by one: read with "send a" as a cue
// of filing, "can I send a counter notice" after a pasted Amazon notice
// had chosen, for that part, how a complaint affects the account.
// Tuning files 573 -> 578 of 747 sections right, eval-v to eval-x 197 ->
// 198, eval-r 78 -> 77, eval-t 32 -> 33 of 58 follow-ups.
// "Reported me", "my listing was reported" and the like are said by the
// one reported ("i was reported on amazon, what now" had been answered
// with Amazon's tool for filing a report): tuning files 585 of 747 as
// before, eval-z-oos declined 192 -> 190 of 200 (the refit moved the
// decision's weight of the ask's fit by 0.01), the judges' files 3
// questions from wrong to right and none the other way.
// Listings "delisted", "deleted", "disabled", "flagged" or "banned", and
// "our" listing or store as a company writes: tuning files 586 -> 587 (a
// Taobao seller whose best seller was delisted), eval-z-oos and the
// judges' files as before.
// How to reply to a complaint (怎么回复, 如何回应, 应对投诉, 答辩) is the
// receiving side's, as "reply to" and "respond to" are; the words were
// cues of headings only: tuning files 589 -> 590, the judges' files 2
// questions from wrong to right and none the other way. 怎么应对 and
// 如何应对 ("how to deal with") were cues at first, and read a brand
// owner asking how to deal with fakes of its products as the one
// reported; without them the judges' files lose one of the two
// questions, the tuning files none.
// A claim from someone, or a claim, complaint or notice got ("got an IP
// claim", a word or up to maxCueGap between), a report filed on or
// against one's own listings, a suit against one ("sued us"), listings
// taken down by the number ("removed 12 of my listings"), goods held or
// seized, and a listing, store or account to get back are the receiving
// side's too: "apple filed vero on my lightning cables, how to respond"
// had got how rights owners use VeRO. With the section model refitted:
// tuning files 2,873 of 3,607 as before (one question up, one down),
// the judges' files 2,368 -> 2,370 of 3,203 (three up, none down; one
// of them out of scope, now declined). The same in Chinese (告我,
// 扣了我的货, 申诉被驳回) lost three tuning questions: a brand that
// sues is named before 告我 as often as one who is sued, and goods held
// by customs are asked about by either side.
// English cues are sequences of lower-case words as words() splits them;
// Chinese cues are substrings.
var respondCues = cueList(`
i got|ive got|i ve got|just got|we got|got a|got an|got hit|hit with|
received|receive|receiving|counter notice|counter notices|counternotice|respond to|responding to|reply to|replying to|answer a|answer an|answer the|deal with|dealing with|
what do i do with|what to do with|
against me|against my|accused|
my listing was|my listing got|my listings were|my listings got|my store got|my shop got|my account got|
was removed|got removed|were removed|was taken down|got taken down|were taken down|
removed my|took down my|pulled my|deactivated my|suspended my|blocked my|froze my|
delisted my|deleted my|disabled my|flagged my|banned my|
against us|against our|our listing was|our listing got|our listings were|our listings got|our store got|our shop got|our account got|
removed our|took down our|pulled our|deactivated our|suspended our|blocked our|froze our|delisted our|deleted our|disabled our|flagged our|
reported me|reported us|reported my|reported our|was reported|were reported|got reported|been reported|
my listing down|my listings down|my product down|my products down|my asin down|my asins down|my item down|my items down|
my listing off|my listings off|my product off|my products off|
listing suppressed|listings suppressed|asin suppressed|asins suppressed|suppressed my|suppressed our|
complaint from|complaints from|claim from|claims from|got * claim|got * complaint|got * notice|filed * on my|filed * on our|filed * against my|filed * against our|
listing back|listings back|asin back|asins back|store back|shop back|account back|
sued me|sued us|suing me|suing us|removed * of my|removed * of our|pulled * of my|pulled * of our|took down * of my|took down * of our|deleted * of my|deleted * of our|
seized my|seized our|held my|held our|holding my|holding our|detained my|detained our|
收到|被投诉|怎么回复|如何回复|回复投诉|怎么回应|如何回应|回应投诉|应对投诉|答辩|被下架|被告|被起诉|被冻结|遭遇|遭到|反通知|
删了我的|删除了我的|下架了我的|封了我的|冻结了我的|我的链接被|我的商品被|我的产品被|我的店铺被|我的店被|我的账号被|我的账户被|
删了我们的|删除了我们的|下架了我们的|封了我们的|冻结了我们的|我们的链接被|我们的商品被|我们的产品被|我们的店铺被|我们的店被|我们的账号被|我们的账户被`)

// reportCues are phrases of someone who wants to file a complaint
// against another seller or site. A complaint "against a", "an", "the"
// or "another" someone is filed by the one who asks (one "against me"
// or "my" store is received; see respondCues): tuning files 599 of 747
// as before, eval-aa 96 -> 97 of 149, the judges' files as before. So
// is a complaint by one who asks "as the brand owner" (我是品牌方,
// 作为权利人). With the models refitted: tuning files 596 -> 597 of 747,
// eval-aa 99 of 149 as before, eval-ab 105 -> 106 of 151; the section
// model judged on the other files 805 -> 808 of 930, the decision
// 78.6% -> 78.9% sections; the judges' files 896 -> 897 (none down).
// Filing a complaint, claim or report of a kind ("file a trademark
// complaint", "file an IP claim") has a word or up to maxCueGap between,
// which a cue's "*" stands for as in the asks' cues: "can I file an IP
// complaint for a design patent on eBay" had no side and got what a
// reported seller receives. With the section model refitted: eval-ag 196
// -> 197 of 276, nothing else moved. Asking where or to whom to report or
// complain ("where do i report it", "who do i complain to") is asking to
// report too: with the buyer who received fake goods (see query.buyer),
// no tuning file's section moved, and one judges' question already wrong
// was declined.
var reportCues = cueList(`
how do i report|how to report|report a|report someone|report the|report them|report it|report this|
where do i report|where to report|where can i report|where should i report|who do i report to|who do i complain to|where do i complain|where to complain|where can i complain|
how do i send|how to send|send a|where do i send|write a|how do i write|how to write a|submit a|
copied my|copying my|stole my|stolen my|steal my|fakes of my|counterfeits of my|infringing my|is selling my|are selling my|
complain about|file a complaint against|file a complaint|filing a complaint|file a report|to report|can report|
file a * complaint|file an * complaint|file a claim|file a * claim|file an * claim|file a * report|file an * report|submit a * complaint|submit an * complaint|
complaint against a|complaint against an|complaint against the|complaint against this|complaint against that|complaint against another|
as the brand owner|as brand owner|as a brand owner|as the owner|as the rights owner|as rights owner|as a rights owner|as the trademark owner|
as the ip owner|as the copyright owner|as the patent owner|我是品牌方|我是权利人|作为品牌方|作为权利人|
举报|投诉别人|投诉对方|怎么投诉|盗用我|抄袭我|仿冒我|盗我`)

// zhPassive is a Chinese passive of a complaint and what it does: 被, a
// few characters for who did it (人, 品牌方, 亚马逊), then the complaint
// (投诉, 举报, 起诉, VeRO, TRO) or what it did (下架, 删, 封, 冻结, 扣,
// 罚), not followed by 的: "被下架的假货链接" is a listing that was taken
// down, named by whoever asks. 被侵权 and 被抄袭 ("my mark was
// infringed", "copied") are said by the one who reports, and are not
// among them, nor can the characters between be. Read as no side,
// "ebay被vero了怎么办" got how rights owners report through VeRO, and
// "我被举报了怎么办" counted 举报 as filing. Tables relearned and the
// section model refitted: tuning files 587 -> 586 of 747 (none up, one
// down), the judges' files 883 -> 887 of 1,381 (6 up, 2 down; before the
// refit one each way), the section model judged by a fit on the others
// 790 -> 789 of 923.
var zhPassive = regexp.MustCompile(`被[^，。？！,.?!\s了怎么如何该要吗呢侵抄盗的]{0,5}?(?:投诉|举报|起诉|告|警告|下架|删|封|冻结|扣|罚|(?i:vero|tro|dmca))(?:[^的]|$)`)

// counterNoticeCues name a counter-notice, and sendCues are the cues of
// filing that say only that something is written, sent or submitted.
// "How do I write a counter notice" counted two cues of filing against
// one of answering, and got the DMCA notice's advice for the one who
// sends a takedown. Tables relearned and the section model refitted:
// tuning files 590 -> 589 of 747 (none up; one down, a question on
// withdrawing one's own complaint whose two sections were near a tie,
// which the refit flipped), the judges' files one question up and one
// down.
var (
	counterNoticeCues = cueList(`counter notice|counter notices|counternotice|counter notification|反通知`)
	sendCues          = cueList(`how do i send|how to send|send a|where do i send|write a|how do i write|how to write a|submit a`)
)

// whatNowCues ask what to do, and noticeWords name what a seller
// receives; together they are a cue of the side that received it. Alone,
// "what now" was a cue of that side, and "etsy seller sent me a knockoff
// what now" was answered for a seller reported on Etsy instead of the
// buyer it is.
var (
	whatNowCues = cueList(`what now|what do i do|what should i do|what do we do|what should we do|what can i do|what can we do`)
	noticeWords = map[string]bool{"notice": true, "notices": true, "complaint": true, "complaints": true, "claim": true,
		"claims": true, "takedown": true, "vero": true, "strike": true, "warning": true, "letter": true}
)

// A buyer receives goods as a seller receives a complaint: "I received a
// fake", "got a counterfeit item", 收到假货. receiveCues are the
// answering side's cues that say only that something was received, and
// receivedGoods reports whether what was received is goods that are fake
// or an order, not a complaint about them ("got a counterfeit
// complaint"). Read as a complaint received, a buyer's question had the
// buyers' articles (refunds, guarantees) weighed down as for a seller
// reported. Tuning files 599 of 747 and eval-aa 97 of 149 as before,
// the judges' files 893 -> 894 (none down); tables and models as
// before.
var (
	receiveCues  = cueList(`i got|ive got|i ve got|just got|we got|got a|got an|received|receive|receiving|收到`)
	receiveVerbs = map[string]bool{"received": true, "receive": true, "got": true, "get": true, "gotten": true}
	goodsWords   = map[string]bool{"fake": true, "fakes": true, "counterfeit": true, "counterfeits": true, "knockoff": true, "knockoffs": true,
		"replica": true, "replicas": true, "item": true, "items": true, "product": true, "products": true, "package": true, "parcel": true,
		"order": true, "goods": true}
	complaintWords = map[string]bool{"complaint": true, "complaints": true, "notice": true, "notices": true, "report": true, "reports": true,
		"claim": true, "claims": true, "strike": true, "warning": true, "violation": true, "email": true, "letter": true, "takedown": true}
	zhReceivedGoods  = regexp.MustCompile(`收到[了的]*[^，。？！,.?!\s]{0,4}?(?:是|居然是|竟然是)?(?:假货|假的|仿品|高仿|山寨|冒牌)`)
	zhComplaintAfter = regexp.MustCompile(`^(?:的)?(?:投诉|举报|通知|警告|侵权)`)
)

func receivedGoods(q string, ws []string) bool {
	zq := joinHan(q)
	for _, m := range zhReceivedGoods.FindAllStringIndex(zq, -1) {
		if !zhComplaintAfter.MatchString(zq[m[1]:]) {
			return true
		}
	}
	for i, w := range ws {
		if !receiveVerbs[w] {
			continue
		}
		// Up to three words on: an article, a word or two, then goods
		// not followed by what a seller receives.
		for j := i + 1; j < len(ws) && j <= i+3; j++ {
			if complaintWords[ws[j]] {
				break
			}
			if goodsWords[ws[j]] {
				if j+1 < len(ws) && complaintWords[ws[j+1]] {
					break
				}
				return true
			}
		}
	}
	return false
}

type cue struct {
	words []string // an English cue
	stems []string // its words' stems
	gap   int      // the index of "*" in words, or -1
	zh    string   // a Chinese cue
}

// joinHan returns text without the spaces between two Han characters. A
// Chinese cue is read in the text so joined: a question typed as one run
// is cut with spaces where a question may end or start (see zhBreaks),
// and every 么 is such a place, so "怎么投诉卖假货的店铺" ("how do I report a
// store that sells fakes") was read as "怎么 投诉…", in which the cue 怎么投诉
// of someone filing a complaint no longer stood, and the question was
// answered from Shopee's penalty points. A space typed between Chinese
// words is no word boundary a cue could need either.
func joinHan(text string) string {
	if !strings.ContainsFunc(text, unicode.IsSpace) || !hasHan(text) {
		return text
	}
	rs := []rune(text)
	var b strings.Builder
	b.Grow(len(text))
	for i := 0; i < len(rs); i++ {
		if !unicode.IsSpace(rs[i]) {
			b.WriteRune(rs[i])
			continue
		}
		j := i
		for j < len(rs) && unicode.IsSpace(rs[j]) {
			j++
		}
		if !(i > 0 && j < len(rs) && isHan(rs[i-1]) && isHan(rs[j])) {
			b.WriteString(string(rs[i:j]))
		}
		i = j - 1
	}
	return b.String()
}

func cueList(s string) []cue {
	var out []cue
	for _, f := range strings.Split(s, "|") {
		f = strings.TrimSpace(f)
		switch {
		case f == "":
		case isChinese(f):
			out = append(out, cue{zh: f})
		default:
			ws := strings.Fields(f)
			out = append(out, cue{words: ws, stems: stemAll(ws), gap: slices.Index(ws, "*")})
		}
	}
	return out
}

// questionIntent returns the side a question is asked from, or "" when it
// shows none or both: a cue of one side, and more of them than of the
// other.
func questionIntent(q string) string { return intentOf(q, words(q)) }

// intentOf is questionIntent given q's words (see words).
func intentOf(q string, ws []string) string {
	zq := joinHan(q)
	// "被…投诉", "被vero了", "被人举报": what was done to the one asking,
	// who is then the one reported; the filing cue inside (举报) is no
	// cue of filing.
	passive := zhPassive.MatchString(zq)
	text := zq
	count := func(cues []cue) int {
		n := 0
		for _, c := range cues {
			if c.zh != "" {
				if strings.Contains(text, c.zh) {
					n++
				}
				continue
			}
			if c.gap >= 0 {
				if matchesGap(ws, c.words[:c.gap], c.words[c.gap+1:]) {
					n++
				}
				continue
			}
			for i := 0; i+len(c.words) <= len(ws); i++ {
				if equalWords(ws[i:i+len(c.words)], c.words) {
					n++
					break
				}
			}
		}
		return n
	}
	respond := count(respondCues)
	if receivedGoods(q, ws) {
		// "I received a fake", 收到假货: the buyer of a fake, who
		// received goods, not a complaint.
		respond -= count(receiveCues)
	}
	if passive {
		respond++
		text = zhPassive.ReplaceAllString(zq, "，")
	}
	report := count(reportCues)
	if count(counterNoticeCues) > 0 {
		// "How do I write a counter notice": what is written, sent or
		// submitted is the counter-notice, which only the one who
		// received a takedown files.
		report -= count(sendCues)
	}
	if count(whatNowCues) > 0 && slices.ContainsFunc(ws, func(w string) bool { return noticeWords[w] }) {
		// "VeRO notice, what do I do": asking what to do about a
		// notice is asked by the one who received it.
		respond++
	}
	switch {
	case respond > report:
		return IntentRespond
	case report > respond:
		return IntentReport
	}
	return ""
}

func equalWords(a, b []string) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// sellerCues are phrases of a seller asking about goods they sell or
// mean to sell ("can I sell", "caught selling", 我在卖): whatever side of
// a complaint the question is on, it is no buyer's, and a buyer's refund
// rules do not answer it ("what happens if I get caught selling fakes on
// eBay" had been answered from eBay's guarantee for buyers). Saying one
// is a seller is no cue: a seller asks about buyers' claims too.
// buyerClaimCues name a buyer's claim; a question with one may be a
// seller's question about it, which the buyers' articles answer.
var (
	sellerCues = cueList(`i sell|im selling|i m selling|i am selling|i was selling|we sell|we re selling|we are selling|
caught selling|for selling|can i sell|could i sell|can we sell|if i sell|if we sell|allowed to sell|legal to sell|ok to sell|okay to sell|
i resell|we resell|can i resell|can we resell|allowed to resell|legal to resell|
能不能卖|能卖|可以卖|可不可以卖|允许卖`)
	buyerClaimCues = cueList(`refund|refunds|refunded|money back|chargeback|chargebacks|claim|claims|guarantee|dispute|disputes|
bought a fake|bought fake|bought a counterfeit|received a fake|ordered a fake|
退款|退钱|退货|拒付|索赔|纠纷|保障|买到|我买|买了`)
	// zhSeller is a Chinese seller's "I (or we) … sell", with a few
	// characters between for the place or the goods: 我在速卖通卖.
	zhSeller = regexp.MustCompile(`我们?[^，。？！,.?!\s]{0,6}?(?:卖|转卖|售卖|销售)`)
)

// sellsGoods reports whether question q, with words ws, is a seller's
// about goods they sell (see sellerCues).
func sellsGoods(q string, ws []string) bool {
	if matchesCue(q, ws, buyerClaimCues) {
		return false
	}
	return matchesCue(q, ws, sellerCues) || zhSeller.MatchString(joinHan(q))
}

// ownerCues are phrases of the owner of a right: a buyer's refund rules
// answer none of their questions, though a rights owner reports a fake
// as a buyer does ("how do i report a fake seller on aliexpress as the
// brand owner" got AliExpress's buyer protection). One who speaks of
// "my brand" owns one ("can my brand get blocked on AliExpress if someone
// reports it" had AliExpress's buyer protection; eval-ah 212 -> 213 of
// 308, nothing else moved), but "my brand new phone" is a buyer's (see
// isOwner).
var ownerCues = cueList(`as the brand owner|as a brand owner|as the rights owner|as a rights owner|as the right holder|
as the trademark owner|as the patent owner|as the copyright owner|brand owner here|i own the brand|we own the brand|
my brand|our brand|my own brand|our own brand|my trademark|our trademark|my registered trademark|my patent|our patent|my design patent|our design patent|my copyright|
我是品牌方|我们是品牌方|作为品牌方|作为权利人|我是权利人|我们是权利人|我的商标|我们的商标|我的品牌|我们的品牌|自己的品牌|我的专利|我们的专利`)

// buyerCues are phrases of one who bought the goods ("I bought", "as a
// customer", 买到). A buyer who asks how to report a fake is helped by
// the buyers' articles (keep evidence, report the listing, ask for a
// refund), not by a marketplace's portal for rights owners, which takes
// reports only from the owner of the right and its agents: "bought a
// charger on Shopee that melted, should I report the seller" got Shopee's
// Brand IP Portal. So a buyer who reports has the buyers' articles lifted
// as the reporting side's are (intentMatch), and the rights owners'
// articles (intent report, or tagged rightsOwnerTag) weighed as the other
// side's (intentMismatch); the desk's own article, where anyone may
// report, is left as it is. A seller who bought stock to resell ("we
// bought a pallet of returns, can we resell them") and an owner of a
// right are no buyers (see sellerCues, ownerCues). Tables and models as
// before: eval-ah 210 -> 212 of 308, no other tuning file moved; the
// judges' files one question up and one down, eval-ai as before.
var buyerCues = cueList(`as a buyer|as a customer|as a consumer|as the buyer|bought|i ordered|we ordered|i purchased|we purchased|
我买|买到|买了`)

// rightsOwnerTag marks an article, or a marketplace's article on both
// sides, that tells owners of a right how to report (see buyerCues).
const rightsOwnerTag = "rights-owner"

// isOwner reports whether question q, with words ws, is asked by the
// owner of a right (see ownerCues and ownBrand); "brand new" names no
// brand.
func isOwner(q string, ws []string) bool {
	if i := slices.Index(ws, "brand"); i >= 0 && slices.Contains(ws[i:], "new") {
		var kept []string
		for j, w := range ws {
			if w == "brand" && j+1 < len(ws) && ws[j+1] == "new" {
				continue
			}
			kept = append(kept, w)
		}
		ws = kept
	}
	return matchesCue(q, ws, ownerCues) || slices.Contains(ws, "brand") && ownBrand.MatchString(strings.Join(ws, " "))
}

// ownBrand matches one who says they own or run a brand in other words
// than ownerCues ("I own a small brand", "we're a UK brand"): a few
// words may stand between the article and "brand". "I own a small brand.
// How do I report fake listings on eBay?" got eBay's refund guarantee for
// buyers; with it, eBay's VeRO. eval-ai 190 -> 191 of 295, no other file
// moved.
var ownBrand = regexp.MustCompile(`\b(?:i|we) (?:own|run|have|manage|represent|started|launched) (?:a|an|the|our|my|this)(?: [a-z0-9]+){0,2} brand\b|\b(?:we are|we re|i am|i m) (?:a|an|the)(?: [a-z0-9]+){0,2} brand\b`)

// sideBoost is intentBoost for question q, which also lowers an article
// for buyers answering a seller about their goods (see sellerCues), and
// weighs a buyer's report as the buyers' own side (see buyerCues).
//
// So it weighs a buyer's question that asks from no side of a complaint
// ("bought a fake on walmart, is there a refund"): a buyer asking for
// their money had got the marketplace's portal for brands, where a
// buyer's cue read only with one of reporting. With the section model
// refitted: tuning files 2,873 of 3,607 as before (one up, one down: a
// buyer asking whether buying a fake for personal use is unlawful got
// the buyers' article on refunds, not the one on counterfeits), the
// judges' files 2,370 -> 2,374 of 3,203 (four up, none down); each
// tuning file's section choices judged by a fit on the others 3,725 of
// 4,159 (3,722 before the receiving side's cues above). Lowering only
// the articles for rights owners, not lifting those for buyers, left
// every tuning question as it was and raised the judges' files by one
// (3,724 judged by a fit on the others).
func sideBoost(a *Article, q *query) float64 {
	if (q.intent == "" && q.seller || q.owner) && a.Intent == IntentBuyer {
		return buyerMismatch
	}
	if q.buyer && (q.intent == IntentReport || q.intent == "") {
		switch {
		case a.Intent == IntentBuyer:
			return intentMatch
		case a.Intent == IntentReport && !a.hasRuleTag(deskTag), a.hasRuleTag(rightsOwnerTag):
			return intentMismatch
		}
	}
	return intentBoost(a, q.intent)
}

// intentMatch and intentMismatch multiply the score of a section whose
// article is for the question's side, or for the other side. Articles
// for both sides, and questions that show none, are left as they are.
// Measured with TestEval and TestHeadlineQuestions. buyerMismatch
// multiplies the score of an article for buyers (IntentBuyer) answering
// a seller who received a complaint: at intentMismatch, "i got a
// complaint on ebay about a fake" was still answered from eBay's refund
// guarantee, at 0.5 and at 0.3 from VeRO; at 0.5, out of scope declined
// rose from 238 to 239 of the tuning files' 241 and from 232 to 233 of
// eval-k to eval-q's 245, no section right changed on either, and one
// of eval-t's 20 new questions after another was no longer right.
var (
	intentMatch    = 1.3
	intentMismatch = 0.8
	buyerMismatch  = 0.5
)

// intentBoost returns the factor for a section of article a answering a
// question asked from side q.
func intentBoost(a *Article, q string) float64 {
	switch {
	case q == "" || a.Intent == "":
		return 1
	case a.Intent == IntentBuyer:
		// A buyer's refund rules answer no seller whose listing was
		// taken down, and a rights owner's report is not a buyer's
		// claim either, though both report a fake.
		if q == IntentRespond {
			return buyerMismatch
		}
		return 1
	case a.Intent == q:
		return intentMatch
	}
	return intentMismatch
}

// Headings name their side in words of their own: "Sellers: answering a
// Temu IP complaint" is for the seller who received one, "How rights
// owners report on TikTok Shop" for the one who files. respondHeadCues
// and reportHeadCues are those words, beside the cues of questions.
var (
	respondHeadCues = cueList(`answering|answer a|responding|respond to|reply to|replying|defending|defend|
if you receive|when you receive|you received|appealing|appeal a|counter notice|counter notices|
应对|回应|答辩|被投诉|收到`)
	reportHeadCues = cueList(`reporting|report infringement|file a complaint|filing a complaint|filing a report|submitting a complaint|
submit a complaint|as the owner|as a rights owner|as a brand owner|enforcing|
举报|发起投诉|提交投诉|维权|作为权利人|作为品牌方`)
)

// ownerSubject reports whether a heading names the owner of a right as
// the one who acts ("How rights owners report on TikTok Shop", "Civil
// remedies a brand owner can win", 权利人怎样用 VeRO 举报): a heading for
// the one who files. Named as the one acted on ("Ask the rights owner
// for a retraction", "Contact the rights owner first", 先联系权利人), the
// owner is the other party of a seller who received a complaint (see
// ownerAddressed); named beside sellers ("for sellers and rights
// owners"), both sides.
func ownerSubject(head string, ws []string) bool {
	for _, zh := range []string{"权利人", "品牌方"} {
		if strings.HasPrefix(strings.TrimSpace(head), zh) {
			return true
		}
	}
	for i := 0; i+1 < len(ws); i++ {
		if (ws[i] == "rights" || ws[i] == "brand") && (ws[i+1] == "owner" || ws[i+1] == "owners") {
			if i == 0 {
				return true
			}
			switch ws[i-1] {
			case "the", "and", "or", "for", "to", "with", "by", "of", "from":
			default:
				return true
			}
		}
	}
	return false
}

// ownerAddressed matches a heading that tells its reader to reach the
// owner of a right ("Contact the rights owner first", "Ask the rights
// owner for a retraction", 先联系权利人): the reader is the seller the
// owner complained about, and the heading is written for the side that
// answers a complaint. Read as for neither side, "ebay vero notice what
// do i do" had its first steps pass to the section on appeals once the
// section model was fitted on the fresh tuning files too. With the
// models refitted, the tuning files 2,819 -> 2,820 of 3,607 sections
// right, the judges' 2,321 -> 2,319 of 3,203, declines as before.
var ownerAddressed = regexp.MustCompile(`(?i)^\s*(?:first,?\s+)?(?:contact|ask|write to|email|message|reach out to|negotiate with|settle with)\s+(?:the\s+)?(?:rights|brand|trademark|copyright|patent)\s+owners?\b|联系(?:权利人|品牌方)`)

// headingSide returns the side of a complaint a section's heading is
// written for, or "" for both or neither.
func headingSide(sec *Section) string {
	head := strings.Join(sec.Heading, " ")
	if head == "" {
		return ""
	}
	ws := words(head)
	side := intentOf(head, ws)
	respond := side == IntentRespond || matchesCue(head, ws, respondHeadCues) || ownerAddressed.MatchString(head)
	report := side == IntentReport || matchesCue(head, ws, reportHeadCues) || ownerSubject(head, ws)
	switch {
	case respond && !report:
		return IntentRespond
	case report && !respond:
		return IntentReport
	}
	return ""
}

// sectionSides returns headingSide of each of sections, read in both
// languages of its article: a heading says its side in one language and
// not in the other ("I am a seller and got an IPP complaint", 卖家被 IPP
// 投诉了怎么办), and the two versions of a section, both searched, must be
// for the same side. A side one version's heading says, where the other
// says none, is the side of both; where they disagree, neither has one.
func sectionSides(sections []*Section) []string {
	own := make([]string, len(sections))
	for i, sec := range sections {
		own[i] = headingSide(sec)
	}
	return sidesOf(own, sectionTwins(sections))
}

// sidesOf is sectionSides given each section's headingSide, own (read
// while the build analyses the sections, on all processors), and the
// sections' twins (see sectionTwins).
func sidesOf(own []string, twins []int32) []string {
	out := make([]string, len(own))
	for i, side := range own {
		if t := twins[i]; t >= 0 {
			switch other := own[t]; {
			case side == "":
				side = other
			case other != "" && other != side:
				side = ""
			}
		}
		out[i] = side
	}
	return out
}

// sectionTwins returns, for each of sections, the index in sections of
// the same section in its article's other language (the languages of an
// article have the same sections, in order), or -1 where there is none.
func sectionTwins(sections []*Section) []int32 {
	type key struct {
		id  string
		pos int
	}
	first := map[key]int32{}
	out := make([]int32, len(sections))
	for i, sec := range sections {
		out[i] = -1
		a := sec.article
		k := key{a.ID, slices.Index(a.Sections, sec)}
		j, ok := first[k]
		if !ok {
			first[k] = int32(i)
			continue
		}
		if other := sections[j].article; other.Lang != a.Lang && len(other.Sections) == len(a.Sections) {
			out[i], out[j] = j, int32(i)
		}
	}
	return out
}

// stemAll returns the stems of words ws.
func stemAll(ws []string) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = stem(w)
	}
	return out
}
