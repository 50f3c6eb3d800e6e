package knowledge

import (
	"context"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/ipdesk/ipdesk/i18n"
)

func TestSpeaksToDesk(t *testing.T) {
	for q, want := range map[string]bool{
		"can i appeal if you reject my complaint":               true,
		"what evidence do you need from me":                     true,
		"will the seller see my email if i report them here":    true,
		"how long does your team take to decide":                true,
		"你们这个投诉台怎么用":                                            true,
		"我在这里提交的投诉怎么查进度":                                        true,
		"can you write a product description for me":            false,
		"could you translate my listing into german":            false,
		"do you know how long a us trademark lasts":             false,
		"thank you! how long does a us trademark last":          false,
		"youtube music in my product video":                     false,
		"how long does a us trademark last":                     false,
		"rights holder here - how do i get etsy copies removed": false,
		"hi, new seller from shenzhen here. what is a TRO":      false,
		"i sent a complaint here - when will i hear back":       true,
		"seller here, can i report a fake shop here":            true,
	} {
		if got := speaksToDesk(q); got != want {
			t.Errorf("speaksToDesk(%q) = %v, want %v", q, got, want)
		}
	}
}

// TestQuestionToTheDeskGetsTheDesksArticle checks that a question that
// speaks to the desk is answered from the desk's own article (tagged
// deskTag), though a marketplace's article repeats its words more, and
// that the same question about the marketplace is not.
func TestQuestionToTheDeskGetsTheDesksArticle(t *testing.T) {
	fsys := fstest.MapFS{
		"en/marketplace-appeals.md": {Data: []byte(`---
title: Appealing a marketplace complaint decision
tags: [complaint, appeal, marketplace]
lang: en
jurisdiction: global
reviewed: 2026-01-31
---

A marketplace that rejects your complaint or appeal tells you why; you may appeal a rejected complaint once more.

## Appeal a rejected complaint

Appeal a rejected complaint within 30 days: the appeal of a complaint names the complaint, the decision you appeal, and new evidence. A second rejected appeal is final.

## Sources
- A marketplace's seller help pages
`)},
		"en/desk.md": {Data: []byte(`---
title: Reporting a listing through ipdesk
tags: [ipdesk, complaint, report]
lang: en
jurisdiction: global
reviewed: 2026-01-31
---

Staff review every report sent in this chat and tell you the decision.

## If staff reject your report

Staff say why they rejected it, and you can appeal: ask them to look again with more evidence.

## Sources
- This help desk's own rules
`)},
	}
	ix := openTest(t, Options{Base: fsys})
	for q, want := range map[string]string{
		"can i appeal if you reject my complaint":              "desk",
		"can i appeal if the marketplace rejects my complaint": "marketplace-appeals",
	} {
		ans, err := ix.Ask(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		if a := ans.Article(); a == nil || a.ID != want {
			t.Errorf("%q: answered from %v, want %s", q, a, want)
		}
	}
}

// TestOwnComplaintSpeaksToTheDesk: a question about the asker's own
// report or complaint, naming no marketplace, is about the one made
// here; naming a marketplace, it is about that marketplace's.
func TestOwnComplaintSpeaksToTheDesk(t *testing.T) {
	ix := openTest(t, Options{})
	for _, c := range []struct {
		q    string
		desk bool
	}{
		{"can i add more photos to my complaint", true},
		{"my complaint was rejected, can i appeal", true},
		{"amazon rejected my complaint against a hijacker", false},
		// One who says they reported or complained speaks of their own
		// complaint as well (both got a marketplace's article before:
		// Etsy's reports, Amazon's retractions).
		{"i reported a shop last week, can i take the report back", true},
		{"我投诉了一个卖家，现在想撤回可以吗", true},
		// Chinese leaves out "I": one who says only 投诉了 ("complained")
		// means their own complaint; 被投诉了 ("was complained about")
		// is the reported seller's.
		{"投诉了三天还没回复，正常吗", true},
		{"被投诉了三天还没回复，正常吗", false},
		{"i reported a seller on amazon, how long does amazon take", false},
	} {
		ans, err := ix.Ask(t.Context(), c.q)
		if err != nil {
			t.Fatal(err)
		}
		if got := ans.Answered && ans.Article().ID == "ipdesk-complaints"; got != c.desk {
			t.Errorf("%q: %s; answered from the desk's article: %v, want %v", c.q, describe(ans), got, c.desk)
		}
	}
}

// TestDeskMattersAreInScope checks that a question to the desk about its
// own complaint service is answered from the desk's article though it
// names no right, and that one that only says "you" is not.
func TestDeskMattersAreInScope(t *testing.T) {
	ix := openTest(t, Options{})
	wantAnswer(t, ix, "your team closed my case, can i ask again", "ipdesk-complaints", "")
	// Who sees the asker's details is a matter of the desk's service too.
	wantAnswer(t, ix, "is my personal info safe with you", "ipdesk-complaints", "Who sees your contact details")
	wantAnswer(t, ix, "你们会不会泄露我的隐私", "ipdesk-complaints", "谁能看到你的联系方式")
	ans, err := ix.Ask(t.Context(), "what is a good recipe for the noodles you get in shops")
	if err != nil {
		t.Fatal(err)
	}
	if ans.Answered {
		t.Errorf("a recipe got %s, want it declined", describe(ans))
	}
}

// TestDeskQuestionInAProgrammesWords checks deskWeight and deskMatter on
// the bundled base: a question to the desk in the words of a
// marketplace's programme or of a DMCA notice, or of its service, is
// answered from the desk's article.
func TestDeskQuestionInAProgrammesWords(t *testing.T) {
	ix := openTest(t, Options{})
	wantAnswer(t, ix, "if I use your complaint form is that the same as a DMCA notice", "ipdesk-complaints", "")
	// Submitting, and who reads it, are words of the desk's service.
	wantAnswer(t, ix, "does a human or a bot look at what I submit to you", "ipdesk-complaints", "")
}

// TestDeskCompensationIsAnswered checks the desk article's section on
// how much compensation staff approve and how it is paid, in both
// languages.
func TestDeskCompensationIsAnswered(t *testing.T) {
	ix := openTest(t, Options{})
	wantAnswer(t, ix, "when will the compensation you approved be paid to me?", "ipdesk-complaints", "Compensation amounts and payment")
	wantAnswer(t, ix, "你们批准的赔偿什么时候打给我", "ipdesk-complaints", "赔偿：能赔多少，什么时候付")
}

// TestWhoDecidesIsAnswered checks that the desk's section on what follows
// a complaint, which says who decides it (a person on the staff, not the
// bot), is shown for the question; the section on starting a complaint,
// which offers a person to talk to, may come first.
func TestWhoDecidesIsAnswered(t *testing.T) {
	ix := openTest(t, Options{})
	wantShown(t, ix, "does a real person decide on my complaint, or is it the bot?", "ipdesk-complaints", "After you submit: reference number and updates")
	// Asking for a person to talk to is asked at the start, where the
	// Talk to staff button is offered.
	wantAnswer(t, ix, "想转人工", "ipdesk-complaints", "怎么开始举报")
}

// wantShown fails t unless Ask answers q with the section named of
// article among the sections it shows.
func wantShown(t *testing.T, ix *Index, q, article, section string) {
	t.Helper()
	ans, err := ix.Ask(t.Context(), q)
	if err != nil {
		t.Fatal(err)
	}
	if !ans.Answered || !slices.ContainsFunc(ans.Sections, func(s *Section) bool { return isSection(s, article, section) }) {
		t.Errorf("%q got %s, want %s › %s among the sections shown", q, describe(ans), article, section)
	}
}

// TestAgentFilingGetsTheDesk checks agentFiling: one who files for a
// brand, naming no marketplace, is shown what the desk's form needs from
// an agent; naming a marketplace, that marketplace's programme answers.
func TestAgentFilingGetsTheDesk(t *testing.T) {
	ix := openTest(t, Options{})
	wantAnswer(t, ix, "as an agent reporting fakes for a brand, what do I have to provide?", "ipdesk-complaints", "What information to have ready")
	wantShown(t, ix, "律师事务所替品牌投诉要交什么材料", "ipdesk-complaints", "举报前要准备哪些信息和材料")
	ans, err := ix.Ask(t.Context(), "as an agent, how do I file a complaint on Amazon for a brand?")
	if err != nil {
		t.Fatal(err)
	}
	if !ans.Answered || ans.Article().ID == "ipdesk-complaints" {
		t.Errorf("got %s, want Amazon's programme", describe(ans))
	}
}

// TestDeskFormQuestionGetsTheDesk checks asksDeskForm: a question about
// what the complaint form takes, naming no marketplace, place or right, is
// answered from the desk's article, in the section that says it; named
// with a marketplace, or asked by the seller a complaint is against, it
// is not the desk's.
func TestDeskFormQuestionGetsTheDesk(t *testing.T) {
	ix := openTest(t, Options{})
	wantAnswer(t, ix, "which attachments are accepted for my evidence, and how large may each be?", "ipdesk-complaints", "Evidence that helps your case")
	wantAnswer(t, ix, "证据附件支持什么格式", "ipdesk-complaints", "哪些证据有帮助")
	wantAnswer(t, ix, "is there a limit on the links i can list in one complaint?", "ipdesk-complaints", "What information to have ready")
	wantAnswer(t, ix, "想转人工", "ipdesk-complaints", "")
	// The papers a complaint takes, asked with no marketplace named.
	wantAnswer(t, ix, "投诉卖家需要交身份证吗", "ipdesk-complaints", "")
	wantAnswer(t, ix, "举报要不要提供身份证复印件", "ipdesk-complaints", "")
	// In the form's words alone the question is about the desk's
	// service, and answered though it names no right.
	wantAnswer(t, ix, "i would like to talk to a real person please", "ipdesk-complaints", "How to start a complaint")
	wantAnswer(t, ix, "what is the minimum length for the explanation", "ipdesk-complaints", "What information to have ready")
	for _, q := range []string{
		"how many links can I list in one Amazon report?",
		"a rival reported my listing, can I withdraw from the process?",
	} {
		ans, err := ix.Ask(t.Context(), q)
		if err != nil {
			t.Fatal(err)
		}
		if ans.Answered && ans.Article().ID == "ipdesk-complaints" {
			t.Errorf("%q: %s, want another article than the desk's", q, describe(ans))
		}
	}
}

// TestDeskReviewWordsGetTheDesk checks the words of how the desk handles
// a complaint that name no marketplace: whether a machine or a person
// judges it, the further papers staff ask for, and when compensation is
// paid (赔款, 到账). Asked so, the question is the desk's, not a
// marketplace's or a court's.
func TestDeskReviewWordsGetTheDesk(t *testing.T) {
	ix := openTest(t, Options{})
	for _, q := range []string{
		"are reports of fake goods judged automatically",
		"is every counterfeit report looked at by a machine",
		"结果是不是机器判的",
		"补充材料最晚哪天交",
		"赔款一般几天能到账",
	} {
		wantAnswer(t, ix, q, "ipdesk-complaints", "")
	}
}

// TestDeskArticlesNameTheButtonsShown checks that each language's article
// on the desk names the buttons as the bot labels them in that language:
// a Chinese complainant is shown **回答**, not **Answer**, under staff's
// question, and the article told them to press Answer.
func TestDeskArticlesNameTheButtonsShown(t *testing.T) {
	cat := i18n.Default()
	ix := openTest(t, Options{})
	for _, lang := range []i18n.Lang{i18n.EN, i18n.ZH} {
		a, ok := ix.Article("ipdesk-complaints", string(lang))
		if !ok {
			t.Fatalf("no %s article on the desk", lang)
		}
		var text strings.Builder
		for _, s := range a.Sections {
			text.WriteString(s.Markdown + "\n")
		}
		for _, key := range []string{"notify.answer_button", "notify.appeal_button", "wizard.btn.done", "wizard.btn.staff"} {
			want := "**" + cat.Printer(lang).T(key) + "**"
			if !strings.Contains(text.String(), want) {
				t.Errorf("the %s desk article does not name the button %s (%s)", lang, want, key)
			}
			for _, other := range []i18n.Lang{i18n.EN, i18n.ZH} {
				if other == lang {
					continue
				}
				if label := "**" + cat.Printer(other).T(key) + "**"; strings.Contains(text.String(), label) {
					t.Errorf("the %s desk article names the button %s as the bot labels it in %s", lang, label, other)
				}
			}
		}
	}
}
