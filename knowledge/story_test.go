package knowledge

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"
)

// storyBase holds two articles whose sections on responding differ only
// in what is being responded to: a customs seizure or a marketplace
// complaint.
var storyBase = fstest.MapFS{
	"en/seizure.md": {Data: []byte(`---
title: Goods held at the border
tags: [border, seizure]
aliases: ["shipment detained at the port"]
lang: en
jurisdiction: EU
reviewed: 2026-01-01
---

What happens when an importer's goods are detained as suspected counterfeits.

## How long I have to respond after a seizure

Customs gives the importer 10 working days to answer after it seizes goods suspected of being counterfeit.

## Sources
- example
`)},
	"en/complaints.md": {Data: []byte(`---
title: Marketplace complaints
tags: [complaint, marketplace]
aliases: ["listing removed after a report"]
lang: en
jurisdiction: global
reviewed: 2026-01-01
---

What a seller does when a rights owner reports a listing.

## How long I have to respond to a complaint

A seller usually has 7 days to respond to a complaint before the listing stays down, and what comes next depends on the reply.

## Sources
- example
`)},
}

// A long story whose question sentence names nothing ("how long do I
// have to respond?") is answered about the situation its other
// sentences describe.
func TestStoryContext(t *testing.T) {
	ix := openTest(t, Options{Base: storyBase})
	story := "I import phone cases from a factory and sell them online. Last week a container of mine was seized by customs at the port as suspected counterfeit goods. " +
		"I have been selling for three years without any trouble and my supplier says everything looks fine. " +
		"A letter came in the post yesterday and I am very worried about what comes next. How long do I have to respond?"
	if len(story) <= longQuestion {
		t.Fatalf("the story is %d characters, not a long one", len(story))
	}
	ans, err := ix.Ask(context.Background(), story)
	if err != nil {
		t.Fatal(err)
	}
	if a := ans.Article(); !ans.Answered || a == nil || a.ID != "seizure" {
		t.Errorf("answered %v from %v, want the article on seizures", ans.Answered, names(ans.Sections))
	}
}

// reduceStory keeps the question sentences and gives back, apart, the
// sentences that use a word of intellectual property.
func TestReduceStory(t *testing.T) {
	story := "We sell garden tools on amazon.co.uk and have done so for years. Then a brand owner said our hoses infringe their design patent. " +
		"The weather was bad this spring so sales were slow. Our warehouse sits in Leeds and the staff joined recently. " +
		"We wrote back to them twice last month but heard nothing since then, and the season starts soon. What should we do now?"
	if len(story) <= longQuestion {
		t.Fatalf("the story is %d characters, not a long one", len(story))
	}
	asks, context := reduceStory(story)
	if !strings.Contains(asks, "What should we do now?") || strings.Contains(asks, "weather") {
		t.Errorf("question sentences %q", asks)
	}
	if !strings.Contains(context, "design patent") || strings.Contains(context, "weather") || strings.Contains(context, "What should") {
		t.Errorf("context %q, want the sentence on the design patent alone", context)
	}
	if strings.Contains(asks, "amazon.co ") || strings.Contains(context, "amazon.co ") {
		t.Error("a domain name was cut at its dots")
	}
	// A Chinese story typed without punctuation, its clauses set apart
	// by spaces, is reduced the same way.
	bare := "我们是一家做园林工具的小卖家 在亚马逊英国站已经卖了好几年 主要卖浇水用的软管和喷头 还有一些修剪花草用的小剪刀 " +
		"一直以来销量都还算稳定 店铺评分也不错 从来没有出过什么问题 上个月有个品牌方突然发邮件说我们的软管侵犯了他们的外观专利 " +
		"今年春天天气一直不好 下了很多雨 大家都不怎么出门做园艺 所以销量本来就比去年差了很多 仓库在利兹 员工大部分都是今年新招的 " +
		"对这种事情完全没有经验 老板也不太懂英文 我们给对方回了两次邮件 解释我们的款式早就在卖了 但是到现在都没有任何回音 " +
		"眼看旺季马上就要到了 备的货也已经发到仓库里了 几千根软管都压在那里 大家都很着急 不知道接下来会不会被平台下架 现在应该怎么办"
	if n := len([]rune(bare)); n <= longQuestion {
		t.Fatalf("the Chinese story is %d characters, not a long one", n)
	}
	asks, context = reduceStory(bare)
	if !strings.Contains(asks, "现在应该怎么办") || strings.Contains(asks, "天气") {
		t.Errorf("Chinese question clauses %q", asks)
	}
	if !strings.Contains(context, "外观专利") || strings.Contains(context, "天气") {
		t.Errorf("Chinese context %q, want the clause on the design patent", context)
	}
	short := "my listing was removed for a design patent, what now?"
	if a, c := reduceStory(short); a != short || c != "" {
		t.Errorf("a short question became %q and %q", a, c)
	}
}

func TestHeadingSide(t *testing.T) {
	for head, want := range map[string]string{
		"Sellers: answering a complaint":     IntentRespond,
		"I got a notice: my options":         IntentRespond,
		"How rights owners report a listing": IntentReport,
		"Filing a complaint as the owner":    IntentReport,
		"How long a registration lasts":      "",
		"收到投诉后怎么回应":                          IntentRespond,
		"权利人怎么举报":                            IntentReport,
		// The owner acted on is the other party of a seller who got a
		// complaint, and the heading is written for that seller; named
		// beside sellers, both sides.
		"Ask the rights owner for a retraction":      IntentRespond,
		"What a brand owner can claim":               IntentReport,
		"What changes for sellers and rights owners": "",
		"先联系权利人":                                     IntentRespond,
		"品牌方能拿到什么赔偿":                                 IntentReport,
	} {
		if got := headingSide(&Section{Heading: []string{head}}); got != want {
			t.Errorf("headingSide(%q) = %q, want %q", head, got, want)
		}
	}
}

// A two-part question shows a part's runner-up as a third section only
// when it comes at least runnerUpShare as close as its part's best.
func TestRunnerUp(t *testing.T) {
	a, b, c, d := &Section{Heading: []string{"a"}}, &Section{Heading: []string{"b"}}, &Section{Heading: []string{"c"}}, &Section{Heading: []string{"d"}}
	pas := []*partAnswer{
		{ranked: []rankedSection{{a, 1}, {c, runnerUpShare / 2}}},
		{ranked: []rankedSection{{b, 1}, {a, 0.9}, {d, runnerUpShare + 0.1}}},
	}
	if got := runnerUp(pas, []*Section{a, b}); got != d {
		t.Errorf("runner-up %v, want d", got)
	}
	if got := runnerUp(pas, []*Section{a, b, d}); got != nil {
		t.Errorf("runner-up %v, want none: c is too far behind", got.Heading)
	}
	// With room left after the whole question's best, however far behind.
	if got := runnerUpFrom(pas, []*Section{a, b, d}, 0); got != c {
		t.Errorf("runner-up from 0: %v, want c", got)
	}
}

// TestFollowUpLiftedByEarlierQuestion checks that a follow-up is
// associated with what tuning questions were answered from through the
// earlier question's words too (followUpLearned): asking whether copying
// on purpose pays more, after a question on photos another seller took,
// is answered with the higher damages for wilful copying. Without the
// association it was declined.
func TestFollowUpLiftedByEarlierQuestion(t *testing.T) {
	ix := openTest(t, Options{})
	prev, q := "my photos were stolen by another seller in the us", "can i get more money if it was on purpose"
	ans, err := ix.AskAfter(t.Context(), q, prev)
	if err != nil {
		t.Fatal(err)
	}
	if !ans.Answered || ans.After == "" || !strings.Contains(strings.ToLower(ans.Sections[0].Markdown), "willful") {
		t.Errorf("%q after %q: %s, want a section on damages for wilful copying, read with the earlier question", q, prev, describe(ans))
	}
}

// TestFollowUpReadWithEarlierQuestion checks which questions AskAfter
// reads with the question before them, and what they then find.
func TestFollowUpReadWithEarlierQuestion(t *testing.T) {
	ix := openTest(t, Options{})
	for _, c := range []struct {
		prev, q string
		follows bool
		article string // the answer's article, "" for no check
	}{
		{"how long does a us trademark last", "and in china?", true, "tm-china"},
		{"how long does a us trademark last", "how much does it cost?", true, "tm-us"},
		{"美国商标有效期多久", "那欧盟呢", true, "tm-eu"},
		{"my amazon listing was removed for trademark infringement", "what about on ebay?", true, "ebay-vero"},
		// "X呢" asks "and X?".
		{"中国商标注册要多少钱", "欧盟呢", true, "tm-eu"},
		// A question that names its own subject but cannot be answered
		// on its own is read with the one before.
		{"my paypal was frozen because of a lawsuit in illinois", "how long do i have to answer", true, "schedule-a"},
		// A short question answered on its own from another article is
		// read with the one before when that finds the earlier
		// question's article.
		{"how do i prove to amazon that my stock is genuine", "what should the letter say", true, "counterfeit-defences"},
		// No question, or a question of its own, about selling too.
		{"how long does a us trademark last", "thanks", false, ""},
		{"how long does a us trademark last", "how do i get more reviews on my listing", false, ""},
		{"how long does a us trademark last", "how do i set up fba", false, ""},
		{"my amazon listing was removed for trademark infringement", "can i change my store name", false, ""},
		{"how long does a us trademark last", "what is a tro", false, "schedule-a-tro"},
		{"how long does a us trademark last", "", false, ""},
		{"", "and in china?", false, ""},
	} {
		ans, err := ix.AskAfter(t.Context(), c.q, c.prev)
		if err != nil {
			t.Fatal(err)
		}
		if got := ans.After != ""; got != c.follows {
			t.Errorf("%q after %q: read as a follow-up %v, want %v", c.q, c.prev, got, c.follows)
		}
		if c.article != "" && (!ans.Answered || ans.Article().ID != c.article) {
			t.Errorf("%q after %q: %s, want an answer from %s", c.q, c.prev, describe(ans), c.article)
		}
		if !c.follows {
			alone, err := ix.Ask(t.Context(), c.q)
			if err != nil {
				t.Fatal(err)
			}
			if describe(alone) != describe(ans) {
				t.Errorf("%q after %q: %s, want %s as on its own", c.q, c.prev, describe(ans), describe(alone))
			}
		}
	}
}

// TestFollowUpAskingForAFactGetsItsSection checks that a follow-up whose
// own words name nothing but the kind of fact it wants ("what goes in
// it?", "how long is it good for?") gets the section that holds that
// fact, not the article's opening sections, and that a question about
// something else is not answered so.
func TestFollowUpAskingForAFactGetsItsSection(t *testing.T) {
	ix := openTest(t, Options{})
	checkFollowUpSections(t, ix, []followUpSection{
		{"what is a dmca counter notice", "what goes in it?", "dmca-counter-notice", "What a counter-notice must contain"},
		{"what is a design patent", "how long is it good for?", "design-us", "Term of a US design patent"},
		// The word that names the kind of fact ("last") does not choose
		// the article: the Chinese trade mark article's heading has it.
		// The general article's table of terms, which has a row for the
		// Chinese design patent, answers it too.
		{"how much does a design patent cost in china", "how long does it last?", "design-china|patent-design", "Examination time and term|How long protection lasts"},
		// Nor do the earlier question's words for its own kind of fact
		// choose the section of a follow-up that asks another kind.
		{"how much does a US trademark cost", "and how long does it last", "tm-us", "Keeping a US registration alive"},
		{"how much does a madrid application cost", "how long does it take", "madrid", "How a Madrid application works"},
	})
	// A question with everyday words the base never uses asks about
	// something else: it is not answered from the earlier question's
	// article by the kind of fact it wants.
	checkDeclinedAfter(t, ix, "i got a dmca notice for my product photos", "红烧鱼怎么做？")
	// Nor is one whose everyday words the base never uses (周末, 天气)
	// have a character that is a word of the base (天, as in 15天).
	checkDeclinedAfter(t, ix, "淘宝被投诉侵权了怎么办", "这周末天气怎么样")
	checkDeclinedAfter(t, ix, "how long does a us trademark last", "明天会下雨吗")
}

// checkDeclinedAfter checks that q, asked right after prev, is declined.
func checkDeclinedAfter(t *testing.T, ix *Index, prev, q string) {
	t.Helper()
	ans, err := ix.AskAfter(t.Context(), q, prev)
	if err != nil {
		t.Fatal(err)
	}
	if ans.Answered {
		t.Errorf("%q after %q: %s, want it declined", q, prev, describe(ans))
	}
}

// TestShortFollowUpDeclinedElsewhereStaysOnTopic checks that a short
// follow-up whose own words draw it to another article, where it is
// declined, is answered from the article the earlier answer showed; and
// that a selling question after an IP question is still declined.
func TestShortFollowUpDeclinedElsewhereStaysOnTopic(t *testing.T) {
	ix := openTest(t, Options{})
	// Read with the earlier question, it went to an article on answering
	// a Temu complaint ("answer") and was declined.
	checkFollowUpSections(t, ix, []followUpSection{
		{"my paypal buyer protection claim for a fake handbag", "how long does the seller have to answer", "paypal-buyer-protection", "Time limits for a PayPal dispute and claim"},
	})
	// Its common words the base never uses (a company, an offshore
	// account) say it is about something else: read within the earlier
	// answer's article, it had been answered from it.
	checkDeclinedAfter(t, ix, "淘宝被投诉侵权了怎么办", "想在香港注册个公司再开个离岸账户收款，流程是怎样的")
}

// TestFollowUpNamingAPlaceGetsThatPlacesSection checks that a follow-up
// asking the earlier question again about another place ("what about
// the US?") gets the section on that place, not again the earlier
// place's.
func TestFollowUpNamingAPlaceGetsThatPlacesSection(t *testing.T) {
	ix := openTest(t, Options{})
	checkFollowUpSections(t, ix, []followUpSection{
		// Japan is where the goods were bought, not where they are sold
		// (see query.jurisdictions): after the follow-up they are sold
		// in the US, and the US article on gray-market goods answers as
		// well as the general article's US section: its section on
		// selling them, or on the test that decides when genuine
		// imports infringe, which tuning questions on reselling goods
		// bought abroad in the US were answered from.
		{"can i sell genuine goods bought in japan in the eu", "what about the us?", "parallel-import|parallel-import-us|parallel-import-us", "Importing into the US: first sale and material differences|Selling gray goods on US marketplaces|When genuine imports infringe: the material differences test"},
		{"can i sell genuine goods bought in japan in the eu", "and in the uk?", "parallel-import-eu-uk", "The UK regime after Brexit"},
		{"从日本买的正品在欧盟卖违法吗", "美国呢", "parallel-import|parallel-import-us", "进口到美国：首次销售与\"实质差异\"|"},
		// The earlier question's place is replaced, not added to: read
		// as naming both places, these were answered from the EU
		// article.
		{"how long does an EU trade mark last", "and in China?", "tm-china", "How long protection lasts and how to renew"},
		{"欧盟商标注册要多少钱", "英国呢", "tm-uk", "英国商标申请费用"},
		// In a chain of follow-ups, the latest place is the one asked
		// about: read as one text, the chain named the US and China, and
		// the EU question met the EU trade mark article.
		{"how much does a design patent cost in the us\nand in china?", "what about the eu?", "design-eu", "Fees for a registered EU design"},
		// A chain that names one place keeps it.
		{"how long does a us trademark last\nand how much does it cost?", "can i file it myself?", "tm-us", "Do I need a US lawyer to file"},
	})
	// A whole question naming another place is that place's question,
	// whether or not it is read with the one before.
	ans, err := ix.AskAfter(t.Context(), "how long does a chinese trademark last", "how long does an EU trade mark last")
	if err != nil {
		t.Fatal(err)
	}
	if !ans.Answered || ans.Article().ID != "tm-china" || ans.Sections[0].Name() != "How long protection lasts and how to renew" {
		t.Errorf("a Chinese trademark's term after an EU one's: %s, want tm-china › How long protection lasts and how to renew", describe(ans))
	}
}

// A followUpSection is a question asked after prev and the section that
// must answer it first.
// A followUpSection's article and heading may list alternatives, split
// by "|" and paired in order.
type followUpSection struct{ prev, q, article, heading string }

// checkFollowUpSections asks each case's question after its earlier one
// and checks that it is read as a follow-up and answered first from the
// case's section (or one of its alternatives).
func checkFollowUpSections(t *testing.T, ix *Index, cases []followUpSection) {
	t.Helper()
	for _, c := range cases {
		ans, err := ix.AskAfter(t.Context(), c.q, c.prev)
		if err != nil {
			t.Fatal(err)
		}
		articles, headings := strings.Split(c.article, "|"), strings.Split(c.heading, "|")
		right := false
		for k := range articles {
			right = right || ans.Answered && ans.Article().ID == articles[k] && ans.Sections[0].Name() == headings[k]
		}
		if !right || ans.After == "" {
			t.Errorf("%q after %q: %s (after %q), want %s › %s first, read as a follow-up", c.q, c.prev, describe(ans), ans.After, c.article, c.heading)
		}
	}
}

// TestQuestionInTheOtherLanguageStandsOnItsOwn checks that a whole
// question asked after one in the other language is answered on its own,
// not read as a follow-up to it, while a follow-up in the other language
// ("那ebay呢") still is.
func TestQuestionInTheOtherLanguageStandsOnItsOwn(t *testing.T) {
	ix := openTest(t, Options{})
	prev := "my amazon account got suspended for ip complaints what do i do"
	ans, err := ix.AskAfter(t.Context(), "亚马逊账号因为侵权被封了怎么办", prev)
	if err != nil {
		t.Fatal(err)
	}
	if !ans.Answered || ans.After != "" || ans.Lang != "zh" || ans.Article().ID != "amazon-account-reinstatement" {
		t.Errorf("a whole Chinese question after an English one: %s (after %q), want it answered on its own from amazon-account-reinstatement", describe(ans), ans.After)
	}
	ans, err = ix.AskAfter(t.Context(), "那ebay呢", prev)
	if err != nil {
		t.Fatal(err)
	}
	if ans.After != prev {
		t.Errorf("那ebay呢 after an English question: read after %q, want it read as a follow-up", ans.After)
	}
}
