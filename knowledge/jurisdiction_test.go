package knowledge

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"testing/fstest"
)

// renewalArticle is an article about keeping a trademark alive in one
// jurisdiction; the bases below hold the same text for two of them, so
// only the place a question names can tell which one it asks about.
func renewalArticle(title, jurisdiction, lang string) []byte {
	return []byte(fmt.Sprintf(`---
title: %s
tags: [trademark, renewal]
aliases: ["trademark renewal"]
lang: %s
jurisdiction: %s
reviewed: 2026-01-31
---

A registered trademark lasts ten years from registration and can be renewed for ten more, again and again; offices in the US, China and Germany each set their own fees.

## Renewing before the deadline

File the renewal in the last year before the registration expires and pay the renewal fee for each class.

## Sources
- The trademark office's renewal guide
`, title, lang, jurisdiction))
}

func TestQuestionNamingAPlaceGetsThatPlacesArticle(t *testing.T) {
	ctx := context.Background()
	for _, order := range [][2]string{{"a", "b"}, {"b", "a"}} {
		// File names decide the order articles are indexed in; both
		// orders must give the same answers.
		fsys := fstest.MapFS{
			"en/" + order[0] + "-us.md":  {Data: renewalArticle("Keeping a trademark registration", "US", "en")},
			"en/" + order[1] + "-cn.md":  {Data: renewalArticle("Keeping a trademark registration", "CN", "en")},
			"en/" + order[0] + "-all.md": {Data: renewalArticle("Keeping a trademark registration", "global", "en")},
		}
		ix := openTest(t, Options{Base: fsys})
		for q, want := range map[string]string{
			"how long does a trademark last in the us before renewal": "US",
			"how long does a trademark last in china before renewal":  "CN",
			"中国商标多久需要续展":                                              "CN",
			"美国商标多久需要续展":                                              "US",
			"how long does a trademark last in germany":               "global",
		} {
			ans, err := ix.Ask(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			a := ans.Article()
			if a == nil || !ans.Answered {
				t.Errorf("%q: declined, want the %s article", q, want)
				continue
			}
			if a.Jurisdiction != want {
				t.Errorf("%q (files %v): answered from %s (%s), want the %s article", q, order, a.File, a.Jurisdiction, want)
			}
		}
	}
}

func TestJurisdictionsNamed(t *testing.T) {
	ix := openTest(t, Options{})
	for q, want := range map[string]string{
		"can i sell on amazon.de if my trademark is only registered in the us": "US",
		"我在德国站卖货":                       "EU",
		"how do i register a trademark": "",
		"selling in mexico and brazil":  "LATAM",
		// A place inside a thesaurus phrase read as one word.
		"how long does a registered eu design last": "EU",
		// Where the goods come from is not where they are sold.
		"从日本进口正品相机，放在英国的ebay上卖，合法吗":                                          "UK",
		"i import genuine lenses from japan and sell them on ebay in france": "EU",
		// The place a supplier is in, and one typed before the supplier.
		"we get branded speakers from a distributor in korea and sell them in canada": "CA",
		"正品耳机从韩国供应商进的货，在加拿大卖":                                                         "CA",
	} {
		got := ix.snap.parseQuery(q).jurisdictions()
		first := ""
		if len(got) > 0 {
			first = got[0]
		}
		if first != want {
			t.Errorf("%q names %v, want first %q", q, got, want)
		}
	}
}

func TestArticleJurisdictions(t *testing.T) {
	for j, want := range map[string][]string{
		"":              nil,
		"global":        nil,
		"US":            {"US"},
		"us":            {"US"},
		"United States": {"US"},
		"China":         {"CN"},
		"CN":            {"CN"},
		"EU, UK":        {"EU", "UK"},
		"Germany":       {"EU"},
		"JP":            {"JP"},
		"LATAM":         {"LATAM"},
	} {
		got := articleJurisdictions(j)
		slices.Sort(got)
		w := slices.Clone(want)
		slices.Sort(w)
		if !slices.Equal(got, w) {
			t.Errorf("jurisdiction %q: codes %v, want %v", j, got, want)
		}
	}
}

// TestQuestionNamingAPlaceGetsThatPlacesSection checks the same within
// one article: of two sections that say the same words about two
// places, the one whose heading names the place the question names is
// shown first, whichever comes first in the article.
func TestQuestionNamingAPlaceGetsThatPlacesSection(t *testing.T) {
	ctx := context.Background()
	section := func(place string) string {
		return fmt.Sprintf("## Importing into %s\n\nGenuine goods bought abroad may be resold when the trademark owner's rights are exhausted; check whether the goods differ from those sold locally before importing.\n\n", place)
	}
	for _, order := range [][2]string{{"the US", "the EU"}, {"the EU", "the US"}} {
		fsys := fstest.MapFS{"en/resale.md": {Data: []byte(`---
title: Reselling genuine goods bought abroad
tags: [parallel import, trademark]
lang: en
jurisdiction: global
reviewed: 2026-01-31
---

Reselling genuine branded goods bought in another country is lawful in some places and not in others.

` + section(order[0]) + section(order[1]) + `## Sources
- The trademark offices' guides on exhaustion
`)}}
		ix := openTest(t, Options{Base: fsys})
		for q, want := range map[string]string{
			"can i resell genuine goods i bought cheap in germany":          "Importing into the EU",
			"can i resell genuine goods in america if i bought them abroad": "Importing into the US",
		} {
			ans, err := ix.Ask(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if len(ans.Sections) == 0 || ans.Sections[0].Name() != want {
				t.Errorf("%q (sections in order %v): first section %v, want %q", q, order, names(ans.Sections), want)
			}
		}
	}
}

// A question naming two places asks across them: whether a mark of one
// place protects in the other is the general article's answer, not the
// article of either place.
func TestQuestionNamingTwoPlacesGetsTheGeneralArticle(t *testing.T) {
	ix := openTest(t, Options{})
	// Goods bought in one place and sold in another are sold in the
	// second: the rules of the first are no answer.
	ans, err := ix.Ask(context.Background(), "从日本进口正品相机，放在英国的ebay上卖，合法吗")
	if err != nil {
		t.Fatal(err)
	}
	if a := ans.Article(); a == nil || a.ID == "parallel-import-china-japan" {
		t.Errorf("goods from Japan sold in the UK: answered from %v", a)
	}
	for _, q := range []string{"中国注册的商标在美国有保护吗", "does my US trademark also protect me in Canada"} {
		ans, err := ix.Ask(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		if a := ans.Article(); a == nil || !ans.Answered || a.ID != "tm-basics" {
			t.Errorf("%q: answered from %v (answered %v), want tm-basics", q, a, ans.Answered)
		}
	}
}

// TestComparedPlacesEachGetTheirArticle checks that a question asking
// one thing of two places it compares is shown each place's article,
// and that one naming two places without comparing them is not split.
func TestComparedPlacesEachGetTheirArticle(t *testing.T) {
	ctx := context.Background()
	fsys := fstest.MapFS{
		"en/us.md": {Data: renewalArticle("Keeping a trademark registration", "US", "en")},
		"en/cn.md": {Data: renewalArticle("Keeping a trademark registration", "CN", "en")},
		"en/all.md": {Data: []byte(`---
title: Trademark basics
tags: [trademark]
lang: en
reviewed: 2026-01-31
---

What a trademark is and how it differs from other rights.

## Registered vs unregistered marks

A registered trademark is easier to enforce than an unregistered one; the difference is the certificate.

## Sources
- A trademark office's guide
`)},
	}
	ix := openTest(t, Options{Base: fsys})
	for _, q := range []string{
		"how long does a trademark last in the us vs china before renewal",
		"美国和中国的商标分别多久需要续展",
	} {
		ans, err := ix.Ask(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if !ans.Answered {
			t.Errorf("%q: declined", q)
			continue
		}
		var got []string
		for _, s := range ans.Sections {
			got = append(got, s.Article().Jurisdiction)
		}
		if !slices.Contains(got, "US") || !slices.Contains(got, "CN") {
			t.Errorf("%q: sections from %v, want both the US and the CN article", q, got)
		}
	}
	ans, err := ix.Ask(ctx, "does a trademark from china protect me in the us before renewal")
	if err != nil {
		t.Fatal(err)
	}
	if len(ans.Sections) != 1 {
		t.Errorf("a question naming two places without comparing them: %d sections, want 1", len(ans.Sections))
	}
}

// TestListedPlacesEachGetTheirSection: a question that asks one thing of
// places it lists ("in the UK, Japan and China", 英国、日本和中国) is shown
// each place's own section, three places as well as two; places joined
// by other words ("from China to the US") are no list.
func TestListedPlacesEachGetTheirSection(t *testing.T) {
	ix := openTest(t, Options{})
	for _, q := range []string{"how much does a trademark cost in the UK, Japan and China", "英国、日本和中国的商标官费是多少"} {
		answered, got := shownArticles(t, ix, q)
		for _, want := range []string{"tm-uk", "tm-japan", "tm-china"} {
			if !answered || !slices.Contains(got, want) {
				t.Errorf("%q: answered %v from %v, want a section of %s", q, answered, got, want)
			}
		}
	}
	for q, want := range map[string][]string{
		"what does a trademark cost in the US, the EU and China":    {"US", "EU", "CN"},
		"can I file in the US and EU based on my China application": {"US", "EU"},
		"美国、欧盟和中国商标多少钱":                                             {"US", "EU", "CN"},
		"we ship goods from China to the US":                        nil,
		"印度尼西亚和泰国的商标要多少钱":                                           {"ID", "TH"},
		"货从中国发到美国被扣了":                                               nil,
		"does my Chinese trademark protect me in the US":            nil,
	} {
		got := ix.snap.parseQuery(q).listedPlaces()
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%q: listed %v, want %v", q, got, want)
		}
	}
}

// TestPlaceArticleWithoutTheAskedFactIsNotLifted checks that an article
// on the place a question names is not lifted over a general one when it
// holds no fact of the kind asked: how long a US utility patent lasts is
// said in the general article on patents, not in one on US filing fees.
func TestPlaceArticleWithoutTheAskedFactIsNotLifted(t *testing.T) {
	fsys := fstest.MapFS{
		"en/us-patents.md": {Data: []byte("---\ntitle: US utility patents\ntags: [patent, utility patent, us, uspto]\nlang: en\njurisdiction: US\nreviewed: 2026-01-31\n---\n\nA US utility patent is granted by the USPTO.\n\n## Filing fees for a US utility patent\n\nThe USPTO charges a filing fee, a search fee and an examination fee for each utility patent application; small entities pay less.\n\n## Who may file for a US utility patent\n\nThe inventor, or a company the inventor assigned the utility patent to, files the application.\n\n## Sources\n- The USPTO's fee schedule\n")},
		"en/patents.md":    {Data: []byte("---\ntitle: Patents and designs\ntags: [patent, design]\nlang: en\njurisdiction: global\nreviewed: 2026-01-31\n---\n\nA patent protects an invention.\n\n## How long protection lasts\n\nA utility patent lasts 20 years from the filing date in most countries; a design lasts 15 years in some.\n\n## What a patent protects\n\nA utility patent protects how an invention works.\n\n## Sources\n- WIPO's guide\n")},
	}
	ix := openTest(t, Options{Base: fsys})
	wantAnswer(t, ix, "how long does a us utility patent last", "patents", "How long protection lasts")
}

// TestPlaceArticleOnAnotherRightIsNotLifted checks that an article on the
// named place is not lifted over a general one when its title names
// another kind of right than the question: the US design patent article
// does not answer how long a US utility patent lasts, and the design
// patent's own term still comes from it.
func TestPlaceArticleOnAnotherRightIsNotLifted(t *testing.T) {
	ix := openTest(t, Options{})
	wantAnswer(t, ix, "for how long is a utility patent valid in the US", "patent-design", "How long protection lasts")
	wantAnswer(t, ix, "how long is a us design patent good for", "design-us", "Term of a US design patent")
}

// TestPlaceSectionGoesBeforeTheGeneralOne checks placeFirst: a question
// on reselling genuine goods from abroad, naming where they are sold,
// gets the section on that place's law first, though most of its words
// are the general section's, which comes second when it is shown.
func TestPlaceSectionGoesBeforeTheGeneralOne(t *testing.T) {
	ix := openTest(t, Options{})
	for q, want := range map[string]string{
		"can i legally resell genuine branded watches I bought in Thailand in the US?":       "Importing into the US: first sale and material differences",
		"is it legal to resell authentic branded perfume I sourced in Singapore in Germany?": "Importing into the EU: exhaustion is EEA-only",
		// Nor does a section on another place go first.
		"原装耳机从越南批发商进的，拿到美国卖可以吗": "进口到美国：首次销售与\"实质差异\"",
	} {
		ans, err := ix.Ask(t.Context(), q)
		if err != nil {
			t.Fatal(err)
		}
		if len(ans.Sections) == 0 || ans.Sections[0].Name() != want {
			t.Errorf("%q got %s, want %q first", q, describe(ans), want)
		}
	}
}

// TestGeneralSectionNamingThePlaceIsLifted checks sectionPlaces: a
// section of an article of no jurisdiction that states the named place's
// law is lifted for the place as an article on that place is, so that
// a question on how long copyright lasts in the US gets the general
// article's section on copyright's term, which says what the US
// grants, not the US design patent's term (a US article whose title
// shares "us" and whose heading shares the ask).
func TestGeneralSectionNamingThePlaceIsLifted(t *testing.T) {
	ix := openTest(t, Options{})
	wantAnswer(t, ix, "how long does copyright last in the us", "copyright", "How long copyright lasts")
}
