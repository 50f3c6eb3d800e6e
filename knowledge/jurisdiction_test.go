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
