package knowledge

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"testing/fstest"
)

// reportArticle is an article about reporting a copycat listing on the
// marketplaces its tags name, with an alias of its own wording; the
// bases below hold the same text for several.
func reportArticle(tags, alias string) []byte {
	return []byte(fmt.Sprintf(`---
title: Reporting a copycat listing
tags: [%s]
aliases: ["%s"]
lang: en
jurisdiction: global
reviewed: 2026-01-31
---

A rights owner reports a copycat listing through the marketplace's report form, with the registration number of the trademark and the listing's address.

## What the report needs

The registration number, the listing's address and a statement that the report is accurate.

## Sources
- The marketplace's IP policy
`, tags, alias))
}

func TestQuestionNamingAMarketplaceGetsThatMarketplacesArticle(t *testing.T) {
	ctx := context.Background()
	for _, order := range [][3]string{{"a", "b", "c"}, {"c", "b", "a"}} {
		fsys := fstest.MapFS{
			"en/" + order[0] + "-amazon.md": {Data: reportArticle("amazon, report", "report a copycat listing")},
			"en/" + order[1] + "-tiktok.md": {Data: reportArticle("tiktok-shop, report", "report an infringing product")},
			"en/" + order[2] + "-any.md":    {Data: reportArticle("report", "report an infringing product")},
		}
		ix := openTest(t, Options{Base: fsys})
		// The Amazon article's alias matches the questions' words best;
		// a question naming another marketplace still wants that
		// marketplace's article, or failing one the general article.
		for q, want := range map[string]string{
			"how do i report a copycat listing on tiktok shop": "tiktok",
			"how do i report a copycat listing on amazon":      "amazon",
			"亚马逊上怎么举报copycat listing":                          "amazon",
			"how do i report a copycat listing on ebay":        "any",
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
			if a.ID != order[map[string]int{"amazon": 0, "tiktok": 1, "any": 2}[want]]+"-"+want {
				t.Errorf("%q: answered from %s, want the %s article", q, a.ID, want)
			}
		}
	}
}

// On the bundled base, a question about one marketplace is not answered
// from an article about other marketplaces only.
func TestBundledMarketplaceQuestions(t *testing.T) {
	ix := openTest(t, Options{})
	for q, market := range map[string]string{
		"how do i sign up my brand on tiktok shop so i can take down copycats": "tiktok",
		"how do i report a fake seller on walmart":                             "walmart",
		"美客多上有人卖我们品牌的假货怎么投诉":                                                   "mercadolibre",
		"沃尔玛被投诉了会扣分吗":                                                          "walmart",
	} {
		ans, err := ix.Ask(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		if !ans.Answered {
			continue
		}
		for _, sec := range ans.Sections {
			if keys := articleMarketplaces(sec.Article().Tags); len(keys) > 0 && !slices.Contains(keys, market) {
				t.Errorf("%q: answered from %s, an article about %v", q, sec.Article().ID, keys)
			}
		}
	}
}

// An article of no marketplace counts, for a question naming one, as
// that marketplace's when its section found names it in a heading: the
// consumer article's eBay section is as much eBay's as eBay's own
// article.
func TestHeadingNamesAMarketplace(t *testing.T) {
	ix := openTest(t, Options{})
	for _, lang := range []string{"en", "zh"} {
		art, ok := ix.Article("consumer-claims", lang)
		if !ok {
			t.Fatalf("no %s consumer-claims article", lang)
		}
		if keys := articleMarketplaces(art.Tags); len(keys) > 0 {
			t.Fatalf("consumer-claims is tagged for %v; the test needs an article of no marketplace", keys)
		}
		var named []string
		for _, sec := range art.Sections {
			named = append(named, headingMarketplaces(sec)...)
		}
		for _, want := range []string{"ebay", "amazon"} {
			if !slices.Contains(named, want) {
				t.Errorf("%s: no heading of consumer-claims names %s (found %v)", lang, want, named)
			}
		}
	}
}

// A marketplace is named by its English or Chinese name, its tag or a
// phrase of the thesaurus.
func TestMarketplacesNamed(t *testing.T) {
	ix := openTest(t, Options{})
	for q, want := range map[string]string{
		"how do i report fakes on mercado libre": "mercadolibre",
		"美客多上怎么投诉":                               "mercadolibre",
		"虾皮扣分怎么算":                                "shopee",
		"tik tok shop appeal":                    "tiktok",
	} {
		if got := ix.snap.parseQuery(q).marketplaces(); !slices.Equal(got, []string{want}) {
			t.Errorf("%q names %v, want [%s]", q, got, want)
		}
	}
}

// TestComparedMarketplacesEachGetTheirArticle checks that a question
// asking one thing of two marketplaces it compares is shown each
// marketplace's article.
func TestComparedMarketplacesEachGetTheirArticle(t *testing.T) {
	claims := func(title, tag string) []byte {
		return []byte(`---
title: ` + title + `
tags: [` + tag + `, refund, counterfeit]
lang: en
reviewed: 2026-01-31
---

A buyer who received a fake can ask the marketplace for a refund.

## Deadline for a claim

File the claim within 30 days of the latest delivery date.

## What the claim needs

Photos of the item and the order number.

## Sources
- The marketplace's help pages
`)
	}
	fsys := fstest.MapFS{
		"en/amazon-claims.md": {Data: claims("Amazon buyer claims", "amazon")},
		"en/ebay-claims.md":   {Data: claims("eBay buyer claims", "ebay")},
	}
	ix := openTest(t, Options{Base: fsys})
	for _, q := range []string{
		"is the deadline for a claim over a counterfeit on amazon the same as on ebay",
		"买到假货，亚马逊和ebay退款申请期限分别是多久",
	} {
		answered, got := shownArticles(t, ix, q)
		if !answered || !slices.Contains(got, "amazon-claims") || !slices.Contains(got, "ebay-claims") {
			t.Errorf("%q: answered %v from %v, want both marketplaces' articles", q, answered, got)
		}
	}
}

// shownArticles asks ix question q and returns whether it was answered
// and the article of each section shown, in order.
func shownArticles(t *testing.T, ix *Index, q string) (bool, []string) {
	t.Helper()
	ans, err := ix.Ask(t.Context(), q)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, s := range ans.Sections {
		ids = append(ids, s.Article().ID)
	}
	return ans.Answered, ids
}

// headingMarketplaces returns the marketplace keys that the headings of
// sec name ("Refunds under the eBay Money Back Guarantee"), as the build
// reads them into snapshot.headMarkets.
func headingMarketplaces(sec *Section) []string { return headingQuery(sec).marketplaces() }
