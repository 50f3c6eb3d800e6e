package knowledge

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func TestQuestionIntent(t *testing.T) {
	for q, want := range map[string]string{
		"I got a takedown notice":                        IntentRespond,
		"what do I do with a takedown notice?":           IntentRespond,
		"amazon took down my listing, what now":          IntentRespond,
		"walmart took my listing down for ip":            IntentRespond,
		"the platform pulled my products off overnight":  IntentRespond,
		"收到侵权投诉怎么办":                                      IntentRespond,
		"how do I send a DMCA notice":                    IntentReport,
		"someone copied my photos, how do I report them": IntentReport,
		// A complaint against someone else is filed, one against me
		// received.
		"where do i lodge an ip complaint against an etsy shop": IntentReport,
		"a rival lodged a complaint against my store":           IntentRespond,
		// Filing a complaint of a kind, a word or three between.
		"how do we file a trademark complaint on temu":     IntentReport,
		"can a design owner file an IP infringement claim": IntentReport,
		// One who says they own the right files.
		"what can i do about copies on walmart as the patent owner": IntentReport,
		"我是品牌方 速卖通上有人卖仿品怎么处理":                                       IntentReport,
		// A buyer receives goods, a seller a complaint.
		"i received a fake watch from a temu seller, what now": "",
		"got a counterfeit complaint on amazon":                IntentRespond,
		"收到的耳机是假货怎么退款":                                         "",
		"收到假货投诉怎么办":                                            IntentRespond,
		"how long does a US trademark last":                    "",
		// A listing suppressed, a complaint from someone: received.
		"half our listings suppressed overnight, amazon says a design patent": IntentRespond,
		"there was a complaint from a brand i never heard of":                 IntentRespond,
		// A claim from someone, an IP claim or notice got, a right
		// filed on one's own listings, a suit against one, listings
		// taken down by the dozen, goods held, a listing to get back:
		// all received.
		"there is a trademark claim from a sportswear company":     IntentRespond,
		"our shop got 3 ip claims this week":                       IntentRespond,
		"a toy maker filed a patent report on our listings":        IntentRespond,
		"a law firm sued us with a hundred other stores":           IntentRespond,
		"the marketplace removed thirty of our listings yesterday": IntentRespond,
		"the port authority seized our pallet of headphones":       IntentRespond,
		"how can i get my store back after the ip strikes":         IntentRespond,
		// A Chinese passive says what was done to the one asking; one
		// whose right was infringed, or a listing taken down that
		// someone else names, is no such thing.
		"速卖通被vero了怎么申诉":  IntentRespond,
		"我被同行举报了，要怎么处理":  IntentRespond,
		"商品被品牌方投诉下架了":    IntentRespond,
		"我的外观专利被侵权了怎么举报": IntentReport,
		"怎么举报被下架的假货链接":   "",
		// Reported, as a sentence says it of the one reported.
		"someone reported my listing for trademark infringement": IntentRespond,
		"a brand reported me to ebay":                            IntentRespond,
		"i was reported on amazon, what now":                     IntentRespond,
		// So is a listing delisted or flagged, and "our" store, as a
		// company writes.
		"taobao delisted my best seller after a patent complaint": IntentRespond,
		"amazon flagged our listing for ip, what now":             IntentRespond,
		// Asking what to do about a notice is asked by the one who
		// received it; a buyer asking what to do names no notice.
		"ebay vero notice, what do i do":      IntentRespond,
		"how do i respond to a dmca takedown": IntentRespond,
		// Only the one who received a takedown files a counter-notice.
		"i want to file a dmca counter notice": IntentRespond,
		// What is written or sent is the counter-notice, though "how
		// do I write" and "send a" are cues of filing.
		"how do i write a counter notice":       IntentRespond,
		"where do i send a dmca counter notice": IntentRespond,
		"反通知怎么提交":                               IntentRespond,
		// A platform that removed the seller's own listing, said in
		// Chinese as in English.
		"平台下架了我的产品怎么办": IntentRespond,
		"我的店铺被封了":      IntentRespond,
		"我们的店铺被封了":     IntentRespond,
		// How to reply to a complaint, or answer one, is asked by the
		// one who received it, in Chinese as "reply to" is in English.
		"lazada侵权投诉怎么回复": IntentRespond,
		"商标侵权投诉如何回应":     IntentRespond,
		// Dealing with fakes of one's own brand is no reply to a
		// complaint.
		"亚马逊上有人卖我们品牌的假货，如何应对": "",
		// "what now" is asked by a buyer as well as by a seller.
		"etsy seller sent me a knockoff what now":           "",
		"someone is selling my patented product on walmart": IntentReport,
		"i bought a fake bag, what should i do":             "",
		// Typed as one run, the question is cut after 怎么 (see
		// zhBreaks); the cue is read across the cut.
		"怎么投诉卖假货的店铺":  IntentReport,
		"怎么 投诉卖假货的店铺": IntentReport,
	} {
		if got := questionIntent(q); got != want {
			t.Errorf("questionIntent(%q) = %q, want %q", q, got, want)
		}
	}
}

func TestIntentFrontMatter(t *testing.T) {
	head := "---\ntitle: Alpha\ntags: [x]\naliases: [\"y\"]\nlang: en\njurisdiction: US\nreviewed: 2026-01-01\nintent: %s\n---\n\nIntro.\n\n## Sources\n- x\n"
	a, probs, err := ParseArticle("en/a.md", []byte(strings.Replace(head, "%s", "respond", 1)))
	if err != nil || len(probs) != 0 || a.Intent != IntentRespond {
		t.Errorf("intent respond: intent %q, problems %v, err %v", a.Intent, probs, err)
	}
	fsys := fstest.MapFS{"en/a.md": {Data: []byte(strings.Replace(head, "%s", "complain", 1))}}
	var got []string
	for _, p := range Lint(fsys) {
		got = append(got, p.String())
	}
	if want := `en/a.md:8: front matter: intent must be respond, report or buyer, got "complain"`; !strings.Contains(strings.Join(got, "\n"), want) {
		t.Errorf("lint: missing %q in %v", want, got)
	}
}

// A seller who received a complaint naming a marketplace is answered
// from the seller's side of it, not from the marketplace's refund rules
// for buyers, which share its name and the word "fake".
func TestSellerNotAnsweredFromBuyersArticles(t *testing.T) {
	ix := openTest(t, Options{})
	for _, q := range []string{"i got a complaint on ebay about a fake, what now", "got a counterfeit complaint on aliexpress against my shop",
		// A seller asking about goods they sell is no buyer either.
		"will i be punished for selling knockoff handbags on ebay", "我们在eBay卖仿款包包有什么风险",
		// Nor is one who speaks of their brand.
		"could my brand be blocked on aliexpress if a competitor reports it",
		// Nor one who says they run a brand in other words.
		"I run a small brand. How do I get fake listings taken off ebay?"} {
		ans, err := ix.Ask(t.Context(), q)
		if err != nil {
			t.Fatal(err)
		}
		if a := ans.Article(); a == nil || !ans.Answered || a.Intent == IntentBuyer {
			t.Errorf("%q: answered %v from %v", q, ans.Answered, a)
		}
	}
	for _, q := range []string{"i bought fake sneakers on ebay, how do i get my money back",
		// "Brand new" names no brand of the asker's.
		"my brand new headphones from ebay turned out fake, how do i get a refund",
		"i have a brand new ebay phone case that turned out fake, can i get a refund"} {
		ans, err := ix.Ask(t.Context(), q)
		if err != nil {
			t.Fatal(err)
		}
		if a := ans.Article(); a == nil || !ans.Answered || a.Intent != IntentBuyer {
			t.Errorf("a buyer's question %q: answered %v from %v", q, ans.Answered, a)
		}
	}
}

// TestBuyerReportingAFakeGetsBuyersArticles: a buyer who asks how to
// report a fake is answered from the buyers' articles, not from a
// marketplace's tool for rights owners, which takes no buyer's report.
// Asking where to report is asking to report, and one who received fake
// goods is a buyer: the last four got Temu's, eBay's, Shopee's and
// Alibaba's tools for rights owners (Alibaba's IPP is tagged as one).
func TestBuyerReportingAFakeGetsBuyersArticles(t *testing.T) {
	ix := openTest(t, Options{})
	for _, q := range []string{"as a customer how do i report a counterfeit listing on amazon", "我在亚马逊买到假的蓝牙耳机，怎么举报卖家",
		"bought a fake on temu, where do i report it",
		"received a fake watch from an ebay seller, how do i report the listing",
		"just got fake sneakers from a shopee store, where do i report it",
		"received fake airpods from an aliexpress store, how do i report them"} {
		ans, err := ix.Ask(t.Context(), q)
		if err != nil {
			t.Fatal(err)
		}
		if a := ans.Article(); a == nil || !ans.Answered || a.Intent != IntentBuyer {
			t.Errorf("%q: answered %v from %v", q, ans.Answered, a)
		}
	}
	// The owner of the right who reports keeps the marketplace's tool.
	ans, err := ix.Ask(t.Context(), "as the brand owner how do i report a counterfeit listing on amazon")
	if err != nil {
		t.Fatal(err)
	}
	if a := ans.Article(); a == nil || !ans.Answered || a.ID != "amazon-report-violation" {
		t.Errorf("a rights owner's report: answered %v from %v", ans.Answered, a)
	}
}

// TestBuyerAskingForARefundGetsBuyersArticles: one who bought a fake
// and asks for their money, not to report, is a buyer too, and no
// marketplace's tool for rights owners answers them. Both had got
// Walmart's portal for brands.
func TestBuyerAskingForARefundGetsBuyersArticles(t *testing.T) {
	ix := openTest(t, Options{})
	for _, q := range []string{"my daughter bought fake skincare on walmart.com, is there a refund",
		"bought fake trainers off a walmart marketplace shop, can i be reimbursed"} {
		ans, err := ix.Ask(t.Context(), q)
		if err != nil {
			t.Fatal(err)
		}
		if a := ans.Article(); a == nil || !ans.Answered || a.Intent != IntentBuyer {
			t.Errorf("%q got %s, want an article for buyers", q, describe(ans))
		}
	}
}

// TestReportQuestionTypedAsOneRun: a Chinese question typed without
// punctuation asking how to report a store that sells fakes is read as
// someone filing a complaint, and gets the desk's own section on filing
// one, not a marketplace's penalty points for stores.
func TestReportQuestionTypedAsOneRun(t *testing.T) {
	ix := openTest(t, Options{})
	ans, err := ix.Ask(t.Context(), "怎么投诉卖假货的店铺")
	if err != nil {
		t.Fatal(err)
	}
	if !ans.Answered || ans.Article().ID != "ipdesk-complaints" {
		t.Errorf("got %s, want the article on filing a complaint here", describe(ans))
	}
}

// TestNoticeWhatToDoGetsTheSellersSection checks that a seller who names
// a notice and asks what to do, or says they were reported, is answered
// for the side that received it, and a buyer asking what to do is still
// answered as a buyer. "i was reported on amazon" had got Amazon's tool
// for filing a report, "a brand reported me to ebay" eBay's guarantee for
// buyers, and a company's "complaint against our store" Temu's portal for
// filing one.
func TestNoticeWhatToDoGetsTheSellersSection(t *testing.T) {
	ix := openTest(t, Options{})
	for _, c := range []struct{ q, article, section string }{
		{"i bought a fake bag what should i do", "consumer-claims", "First steps when you think you bought a fake"},
		{"etsy seller sent me a knockoff what now", "etsy-purchase-protection", "Opening a case for a fake or copied item"},
		{"i was reported on amazon what now", "amazon-ip-response", "Find out exactly what was reported"},
		{"a brand filed a complaint against our store on temu", "temu-ip-portal", "Sellers: answering a Temu IP complaint"},
		// Writing a counter-notice is no filing: read as one, it got the
		// DMCA notice's advice for the one who sends a takedown.
		{"how do i write a dmca counter notice", "dmca-counter-notice", "What a counter-notice must contain"},
		{"how do i write a counter notice", "dmca-counter-notice", "What a counter-notice must contain"},
		// "被vero了": VeRO was done to the seller asking; read as no
		// side, it got how rights owners report through VeRO.
		{"ebay被vero了怎么办", "ebay-vero", "链接被 VeRO 下架：我会收到什么"},
	} {
		wantAnswer(t, ix, c.q, c.article, c.section)
	}
	// A notice and "what do i do", or a report and no more, is answered
	// from one of eBay's sections for the seller whose listing was
	// removed: what was claimed, writing to the rights owner, or a
	// counter-notice and the other appeals. The one for rights owners
	// filing through VeRO is for the other side, and eBay's guarantee
	// for buyers is no seller's.
	for _, q := range []string{"ebay vero notice what do i do", "a brand reported me to ebay"} {
		ans, err := ix.Ask(t.Context(), q)
		if err != nil {
			t.Fatal(err)
		}
		if sellers := []string{"My listing was removed through VeRO: what I receive", "Contact the rights owner first", "Copyright counter-notice and other appeals"}; !ans.Answered || ans.Article().ID != "ebay-vero" || !slices.Contains(sellers, ans.Sections[0].Name()) {
			t.Errorf("%q got %s, want one of eBay's sections for the seller: %q", q, describe(ans), sellers)
		}
	}
}

// TestSectionSidesReadInBothLanguages checks that a section's side is
// read from its heading in both languages: one that says a side gives it
// to the other, which says none, and two that disagree give neither.
func TestSectionSidesReadInBothLanguages(t *testing.T) {
	article := func(path, lang, first, second string) *Article {
		t.Helper()
		src := "---\ntitle: " + path + "\ntags: [x]\naliases: [\"y\"]\nlang: " + lang + "\njurisdiction: US\nreviewed: 2026-01-01\n---\n\nIntro.\n\n## " +
			first + "\n\nText.\n\n## " + second + "\n\nText.\n\n## Sources\n- x\n"
		a, probs, err := ParseArticle(path, []byte(src))
		if err != nil || len(probs) > 0 {
			t.Fatalf("%s: %v %v", path, err, probs)
		}
		return a
	}
	en := article("en/a.md", "en", "I am a seller and got an IPP complaint", "How rights owners report on IPP")
	zh := article("zh/a.md", "zh", "IPP 投诉的处理", "我收到了投诉")
	var secs []*Section
	for _, a := range []*Article{en, zh} {
		for _, s := range a.Sections[1:3] {
			secs = append(secs, s)
		}
	}
	if got := []string{headingSide(secs[0]), headingSide(secs[1]), headingSide(secs[2]), headingSide(secs[3])}; !slices.Equal(got, []string{IntentRespond, IntentReport, "", IntentRespond}) {
		t.Fatalf("headings read as %v", got)
	}
	want := []string{IntentRespond, "", IntentRespond, ""}
	if got := sectionSides(secs); !slices.Equal(got, want) {
		t.Errorf("sectionSides = %v, want %v", got, want)
	}
}

// TestRightsOwnerIsNoBuyer checks that a rights owner reporting fakes is
// not answered from a buyer's refund rules, and a buyer still is.
func TestRightsOwnerIsNoBuyer(t *testing.T) {
	ix := openTest(t, Options{})
	for q, want := range map[string]string{
		"as the trademark owner, how can i get fakes of my goods on aliexpress taken down": "alibaba-ipp",
		"the watch i ordered on aliexpress is a fake, can i open a dispute":                "aliexpress-buyer-protection",
	} {
		wantAnswer(t, ix, q, want, "")
	}
}

// TestColloquialHowIsReadAsHow: chat's 咋 asks what 怎么 asks, so a
// question typed with it is shown what the same question with 怎么 is:
// "被投诉侵权了 咋整" had the playbook's opening summary first, as if it
// asked nothing, where "…怎么办" gets the first hour's steps.
func TestColloquialHowIsReadAsHow(t *testing.T) {
	ix := openTest(t, Options{})
	for colloquial, plain := range map[string]string{
		"被投诉侵权了 咋整":  "被投诉侵权了 怎么办",
		"亚马逊商标投诉咋处理": "亚马逊商标投诉怎么处理",
	} {
		a, err := ix.Ask(t.Context(), colloquial)
		if err != nil {
			t.Fatal(err)
		}
		b, err := ix.Ask(t.Context(), plain)
		if err != nil {
			t.Fatal(err)
		}
		if !a.Answered || len(a.Sections) == 0 || len(b.Sections) == 0 || a.Sections[0] != b.Sections[0] || a.Sections[0].Name() == "" {
			t.Errorf("%q got %s, want what %q gets: %s", colloquial, describe(a), plain, describe(b))
		}
	}
	if asks := questionAsks(colloquialZH.Replace("反通知咋写")); !containsAsk(asks, askHowTo) {
		t.Errorf("反通知咋写 asks %v, want how-to", asks)
	}
}

// TestTranslationsShareMarketplacesAndRuleTags checks that an article's
// Chinese version, whose tags are written in Chinese, names the
// marketplace and carries the rule tags its English version's tags give
// (see shareTags), and what a buyer sees of it: a Chinese buyer who
// asks where to report a fake bought on Temu gets the buyers' article,
// as in English, not Temu's portal for rights owners.
func TestTranslationsShareMarketplacesAndRuleTags(t *testing.T) {
	ix := openTest(t, Options{})
	a, ok := ix.Article("amazon-report-violation", "zh")
	if !ok || a.Lang != "zh" {
		t.Fatal("no Chinese article on Amazon's Report a Violation")
	}
	if !slices.Contains(a.marketplaces, "amazon") || !a.hasRuleTag(rightsOwnerTag) {
		t.Errorf("the Chinese article on Report a Violation names marketplaces %v and rights owners %v, want amazon and true", a.marketplaces, a.hasRuleTag(rightsOwnerTag))
	}
	wantAnswer(t, ix, "在Temu上买到假货了，要去哪里举报", "consumer-claims", "")
}
