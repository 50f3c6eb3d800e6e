package knowledge

import (
	"context"
	"slices"
	"testing"
	"testing/fstest"
)

// TestQuestionSplitIntoItsAsks checks how a question that asks several
// things is cut into its asks, and that one that asks one thing is not.
func TestQuestionSplitIntoItsAsks(t *testing.T) {
	for _, c := range []struct {
		q    string
		want []string
	}{
		{"how much does a US trademark cost and how long does it last?",
			[]string{"how much does a US trademark cost", "how long does it last?"}},
		{"What is APEX? Who can start it?",
			[]string{"What is APEX?", "Who can start it?"}},
		// A lead-in that asks nothing goes with the ask after it.
		{"I sell phone cases on Amazon. Can I write 'for iPhone' in the title? And what about the pictures?",
			[]string{"I sell phone cases on Amazon. Can I write 'for iPhone' in the title?", "what about the pictures?"}},
		// A part of its own that asks nothing ("different" read as
		// asking for a difference) is left out: every part has the
		// whole question's words as context.
		{"the fake has a different colour than ours. can i report it? how long does it take?",
			[]string{"can i report it?", "how long does it take?"}},
		// More asks than sections shown: the first and the last ones.
		{"what is a TRO? how long does the freeze last? do i need a lawyer? can i get my money back?",
			[]string{"what is a TRO?", "do i need a lawyer?", "can i get my money back?"}},
		// "am I", "have we": a verb before its subject asks.
		{"customs held my parcel, am I in trouble and will I get my goods back?",
			[]string{"customs held my parcel, am I in trouble", "will I get my goods back?"}},
		{"美国商标注册要多少钱，以及多久能下来",
			[]string{"美国商标注册要多少钱，以及", "多久能下来"}},
		// So does one asking in everyday words (干嘛, 咋, 啥, 多长).
		{"店铺链接被投诉下架了 第一步该干嘛 有哪几种申诉办法",
			[]string{"店铺链接被投诉下架了 第一步该干嘛", "有哪几种申诉办法"}},
		{"商标被驳回了咋办，复审要多长时间",
			[]string{"商标被驳回了咋办，", "复审要多长时间"}},
		// A clause whose most specific ask is new starts a part, though
		// it names an ask already asked as well (流程, "the process",
		// reads as asking how to).
		{"商标被驳回了怎么办 复审流程要多久",
			[]string{"商标被驳回了怎么办", "复审流程要多久"}},
		// A Chinese clause with a question word of its own asks too.
		{"欧盟商标一共有多少个类，卖蓝牙耳机应该选哪个类",
			[]string{"欧盟商标一共有多少个类，", "卖蓝牙耳机应该选哪个类"}},
		// 几 before a unit of time asks "how many".
		{"商标续展要交哪些材料，一般几个月能办好",
			[]string{"商标续展要交哪些材料，", "一般几个月能办好"}},
		// Two clauses asking the same kind of fact about different things
		// are two asks; a clause with fewer words of its own asks it
		// again.
		{"how much is the uspto filing fee per class, how much does a trademark attorney usually charge",
			[]string{"how much is the uspto filing fee per class,", "how much does a trademark attorney usually charge"}},
		{"异议期有几个月 驳回复审一般要等多久",
			[]string{"异议期有几个月", "驳回复审一般要等多久"}},
		// "Who can" asks in Chinese too (谁可以).
		{"品牌备案是什么 谁可以申请",
			[]string{"品牌备案是什么", "谁可以申请"}},
		// A question word typed without its apostrophe ("whats") asks.
		{"whats a utility patent and how long does it last",
			[]string{"whats a utility patent", "how long does it last"}},
		// So does an English clause that starts as a question.
		{"what is a utility model, is it cheaper than an invention patent in china",
			[]string{"what is a utility model,", "is it cheaper than an invention patent in china"}},
		// A full stop typed for a question mark.
		{"what is a tro. how long does the freeze last",
			[]string{"what is a tro.", "how long does the freeze last"}},
		// A question typed with no comma or question mark before it
		// starts at its question word or its inverted verb.
		{"how do i report fake sellers on walmart do i need a registered trademark",
			[]string{"how do i report fake sellers on walmart", "do i need a registered trademark"}},
		{"can i sell used nike shoes on ebay what happens if they say they are fake",
			[]string{"can i sell used nike shoes on ebay", "what happens if they say they are fake"}},
		// A story before it is the question's lead-in, not an ask.
		{"my listing was removed under vero how long does an appeal take", nil},
		// A line break ends a clause as a comma does.
		{"how much does a us trademark cost\nand the deadline to renew",
			[]string{"how much does a us trademark cost", "and the deadline to renew"}},
		// A question word's own verb starts nothing.
		{"how many days do i have to answer a schedule a complaint", nil},
		{"what documents do i need for brand registry", nil},
		// One ask: "and" joins words, not questions.
		{"what is the difference between a trademark and a copyright", nil},
		{"can I sell genuine Nike shoes I bought at an outlet", nil},
		{"我是卖家。商标被抢注了怎么办", nil},
		// Inside a clause 还有, 另外 and 以及 are often no connective:
		// "still valid", "complain separately", "trademarks and patents".
		{"英国脱欧以后欧盟商标在英国还有效吗", nil},
		{"过了宽展期还有没有办法补救", nil},
		{"别人盗用我的图片，能不能另外投诉？", nil},
		{"商标以及专利有什么区别", nil},
		// Between two asks they join two questions.
		{"美国商标要多少钱以及多久能下来",
			[]string{"美国商标要多少钱以及", "多久能下来"}},
		{"续展要多久？还有宽展期能延长多久？",
			[]string{"续展要多久？ 还有", "宽展期能延长多久？"}},
		{"", nil},
	} {
		if got := splitParts(c.q); !slices.Equal(got, c.want) {
			t.Errorf("splitParts(%q) = %q, want %q", c.q, got, c.want)
		}
	}
}

// TestAskReadInEveryForm checks that a question asks what its words ask
// in any form: "what happened to my", "what did they charge" and "it
// expired" are read like the cues "happen to my", "charge" and "expire",
// and 几 before a unit of time ("how many days", "how many months")
// asks for a duration as 多久 does; "what should the letter say" asks
// for requirements as "what should it say" does.
func TestAskReadInEveryForm(t *testing.T) {
	for _, c := range []struct {
		q    string
		want ask
	}{
		{"what happened to my parcel after customs took it", askConsequences},
		{"what did the agent charge you for the filing", askCost},
		{"my mark expired in march", askDuration},
		{"we got penalized twice, are we in trouble", askConsequences},
		{"外观专利审查一般几个月", askDuration},
		{"日本商标申请费多少", askCost},
		{"欧盟外观设计贵吗", askCost},
		{"投诉提交以后几天会有结果", askDuration},
		{"欧盟商标下证要几周", askDuration},
		// A cue's "*" stands for the thing named in between.
		{"what should my authorization letter say", askRequirements},
		{"what must a dmca notice include", askRequirements},
		{"what do we have to send the platform with the appeal", askRequirements},
		{"the receipts, what has to be on them", askRequirements},
		// What we can do is how, not what something is.
		{"our shop was frozen, what can we do now", askHowTo},
		// How to file is how, not what is required.
		{"how do i file a report about a copied design", askHowTo},
		// Whether we may, as whether I may; whether that is legal.
		{"can we sell refurbished phones under the maker's name", askEligibility},
		{"genuine goods from an outlet, is that legal", askEligibility},
		// How many of something, not of a unit of time or money.
		{"how many asins can one report name", askCount},
		{"tiktok 侵权最多能申诉几次", askCount},
	} {
		if got := questionAsks(c.q); !slices.Contains(got, c.want) {
			t.Errorf("%q asks %v; want %v among them", c.q, got, c.want)
		}
	}
}

// TestWholeQuestionsBestSectionIsShown checks that a question of several
// asks, whose asks found their own sections and left room for one more,
// also shows the section that best answers the question read whole: the
// asks cut apart lose what the question says around them.
func TestWholeQuestionsBestSectionIsShown(t *testing.T) {
	ix := openTest(t, Options{})
	s := ix.snap
	q := "我的外观专利是2022年在国内申请的，能保护多少年？拿国内的外观专利能在亚马逊美国站投诉跟卖吗"
	ans, err := ix.Ask(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	whole, err := s.answerPart(context.Background(), s.parseQuery(q), ans.Lang)
	if err != nil || whole == nil || !whole.answered {
		t.Fatalf("the question read whole found no answer: %v", err)
	}
	if !ans.Answered || len(ans.Sections) < 2 {
		t.Fatalf("%q: want an answer of several sections, got answered=%v %v", q, ans.Answered, names(ans.Sections))
	}
	if !slices.Contains(ans.Sections, whole.sections[0]) {
		t.Errorf("%q shows %v, not %q, the best section for the question read whole", q, names(ans.Sections), whole.sections[0].Heading)
	}
}

// TestPartWithFewWordsStaysOnTheQuestion checks that a part of a
// question with few words of its own ("how long does an appeal take")
// is answered from what the whole question is about, not from another
// article that its one word matches best.
func TestPartWithFewWordsStaysOnTheQuestion(t *testing.T) {
	base := fstest.MapFS{
		"en/toys.md": {Data: []byte("---\ntitle: Trademarks for toys\ntags: [trademark]\n---\n\n" +
			"## Filing a trademark for toys\n\nFile the trademark for toys with the office in class 28.\n\n" +
			"## When the office refuses it\n\nThe office can refuse a toy trademark that describes the toys. You may answer the refusal, then ask the board to review it: the board decides in about a year.\n")},
		"en/toy-safety.md": {Data: []byte("---\ntitle: Safety marks for toys\ntags: [safety]\n---\n\n## When the office refuses toys\n\nThe office refuses toys without safety marks; a refused toy cannot be sold.\n")},
		"en/classes.md":    {Data: []byte("---\ntitle: Trademark classes for toys\ntags: [trademark]\n---\n\n## Class 28\n\nA trademark for toys is filed in class 28, with games.\n")},
		"en/appeals.md":    {Data: []byte("---\ntitle: Marketplace appeals\ntags: [marketplace]\n---\n\n## How long an appeal takes\n\nA marketplace answers an appeal within five days; a second appeal takes ten days.\n")},
	}
	ix := openTest(t, Options{Base: base})
	q := "the office refused my toys trademark, it says the mark describes the toys. what can i do? and how long does an appeal take"
	ans, err := ix.Ask(t.Context(), q)
	if err != nil {
		t.Fatal(err)
	}
	if !ans.Answered || !slices.ContainsFunc(ans.Sections, func(s *Section) bool { return s.Name() == "When the office refuses it" }) {
		t.Fatalf("%q got %s, want the section on a refusal", q, describe(ans))
	}
	for _, s := range ans.Sections {
		if s.Article().ID == "appeals" {
			t.Errorf("%q got %s: a marketplace's appeal times for a trademark the office refused", q, describe(ans))
		}
	}
}

// TestDefinitionAsked checks that a question asking what something is
// asks for a definition only when it asks for no other kind of fact, and
// that the section saying what it is answers it.
func TestDefinitionAsked(t *testing.T) {
	for q, want := range map[string][]ask{
		"what does a TRO mean":                  {askDefinition},
		"madrid system what is it":              {askDefinition},
		"零计划是什么":                                {askDefinition},
		"什么是品牌备案":                               {askDefinition},
		"中国商标跟美国商标有啥不一样":                        {askDifference},
		"what is the fee for a madrid filing":   {askCost},
		"what about the eu?":                    nil,
		"what are my options after a takedown":  nil,
		"what is the best way to stop copycats": nil,
		// Any modal and verb of holding asks the requirements.
		"what does a counter notice have to contain": {askRequirements},
		"the letter has to mention which facts":      {askRequirements},
		// Being banned, sued or jailed asks the consequences.
		"will my shop get suspended for this": {askConsequences},
		"这样做会被封号吗":                            {askConsequences},
		"is it free to record a mark":         {askCost},
	} {
		if got := questionAsks(q); !slices.Equal(got, want) {
			t.Errorf("%q asks %v; want %v", q, got, want)
		}
	}
	ix := openTest(t, Options{})
	wantAnswer(t, ix, "what is a pct application", "patent-international", "How the PCT route works")
	// "work" says what is asked, not what it is about.
	wantAnswer(t, ix, "how does amazon transparency work", "amazon-transparency", "What Transparency does and where it runs")
}

// TestHeadingsNamingStepsAskNoDefinition checks which headings answer a
// question asking what something is: one saying how a thing works,
// however long its name, does; one saying what to do, or what someone
// must or can do, names steps or duties and does not, though the
// definition cues "what * do" and 的内容 are in it.
func TestHeadingsNamingStepsAskNoDefinition(t *testing.T) {
	for head, want := range map[string]bool{
		"How a Schedule A case works":             true,
		"What Project Zero includes":              true,
		"零计划包括什么":                                 true,
		"My account was frozen: what to do first": false,
		"What not to do":                          false,
		"What an importer can do":                 false,
		"What platforms must do":                  false,
		"举报需要写明的内容和材料":                            false,
	} {
		if got := headAsks(joinHan(head), hasHan(joinHan(head)), stemAll(words(head)), askDefinition); got != want {
			t.Errorf("heading %q names a definition: %v; want %v", head, got, want)
		}
	}
	ix := openTest(t, Options{})
	for _, q := range []string{"explain schedule a cases to me", "what does schedule a mean"} {
		wantAnswer(t, ix, q, "schedule-a", "How a Schedule A case works")
	}
}

// TestPartDrawnAwayKeepsTheQuestionsArticle checks that a part drawn by
// its own words to another article than the whole question's also gets
// its section in the whole question's article, when there is room: in
// "what is the uspto fee per class, and how long does a registration
// stay valid" the second part goes to a section on classes that says
// how long a registration is valid for its classes, and the US
// article's section on keeping a registration must still be shown.
func TestPartDrawnAwayKeepsTheQuestionsArticle(t *testing.T) {
	fsys := fstest.MapFS{
		"en/us.md":      {Data: []byte("---\ntitle: Trademarks in the US\ntags: [trademark, us, uspto]\nlang: en\njurisdiction: US\nreviewed: 2026-01-31\n---\n\nA US trademark is filed with the USPTO.\n\n## Filing fees\n\nThe USPTO charges $350 for each class of goods in an application.\n\n## Keeping a registration alive\n\nA registration stays valid for 10 years and can be renewed for 10 more years again and again, with a declaration of use between the fifth and sixth year.\n\n## Sources\n- The USPTO's fee schedule\n")},
		"en/classes.md": {Data: []byte("---\ntitle: Trademark classes\ntags: [trademark, class]\nlang: en\njurisdiction: global\nreviewed: 2026-01-31\n---\n\nGoods and services are grouped into 45 classes.\n\n## How classes work\n\nEach class is a group of goods or services; an application names the classes its goods are in, and a registration covers only the classes named. A new edition of the classification comes into force every year and a registration keeps the class it was filed in.\n\n## Is a registration valid for every class\n\nA registration stays valid only for the classes named in it; phone cases are in class 9, clothing in class 25.\n\n## Sources\n- The Nice Classification\n")},
	}
	ix := openTest(t, Options{Base: fsys})
	for _, q := range []string{
		"what is the uspto fee per class, and how long does a registration stay valid",
		"uspto fee per class? and how long is a registration valid",
	} {
		ans, err := ix.Ask(t.Context(), q)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(ans.Sections, func(s *Section) bool { return s.Article().ID == "us" && s.Name() == "Keeping a registration alive" }) {
			t.Errorf("%q: %s; want the US article's section on keeping a registration among them", q, describe(ans))
		}
	}
}
