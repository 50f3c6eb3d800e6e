package knowledge

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"
)

// TestNameMentionedInPassingDoesNotLead checks that a brand the base
// names only in an example in running text does not draw a question that
// names it to that article: the name says nothing of what is asked, like
// a name the base never uses.
func TestNameMentionedInPassingDoesNotLead(t *testing.T) {
	fsys := fstest.MapFS{
		"en/renewal.md": {Data: []byte(`---
title: Renewing a trademark
tags: [trademark, renewal]
lang: en
jurisdiction: global
reviewed: 2026-01-31
---

A registration lasts ten years and is renewed for ten more.

## When to renew

File in the last year before the registration expires; the owner of the Zorblax mark, for example, renewed six months early, and Zorblax shoes kept their protection. A mark left to lapse can be taken by a seller of fakes.

## Sources
- A trademark office's renewal guide
`)},
		"en/penalties.md": {Data: []byte(`---
title: Penalties for selling counterfeits
tags: [counterfeit, penalty]
lang: en
jurisdiction: global
reviewed: 2026-01-31
---

Selling counterfeit goods can bring fines, damages and the loss of the stock.

## What penalties apply

Courts order damages and fines, and marketplaces close the seller's account.

## Sources
- A court's guide to counterfeiting cases
`)},
	}
	ix := openTest(t, Options{Base: fsys})
	q := "what happens if i sell fake zorblax shoes"
	ans, err := ix.Ask(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	if a := ans.Article(); a == nil || a.ID != "penalties" {
		t.Errorf("%q: answered from %v, want the penalties article", q, a)
	}
	for _, u := range ix.snap.parseQuery(q).units {
		if u.word == "zorblax" && (u.kind != unitName || len(u.terms) > 0) {
			t.Errorf("zorblax is read as %+v, want a name with no terms", u)
		}
	}
}

func TestTraditionalScript(t *testing.T) {
	for text, want := range map[string]bool{
		"商標被搶註了怎麼辦":                         true,
		"商标被抢注了怎么办":                         false,
		"how long does a US trademark last": false,
		"":                                  false,
		"Amazon 品牌":                         false, // the same in both scripts
	} {
		if got := IsTraditional(text); got != want {
			t.Errorf("IsTraditional(%q) = %v, want %v", text, got, want)
		}
	}
	if got := ToTraditional("商标被抢注了怎么办"); !strings.HasPrefix(got, "商標被搶") || !IsTraditional(got) {
		t.Errorf("ToTraditional = %q", got)
	}
}

func TestStripMarkup(t *testing.T) {
	for in, want := range map[string]string{
		"**bold** and *slack bold*":               "bold and slack bold",
		"`code` and ~~struck~~":                   "code and struck",
		"_italic_ and __under__ but snake_case":   "italic and under but snake_case",
		"> quoted notice\n>> nested\nmy question": "quoted notice\nnested\nmy question",
		"5 > 3 stays":                             "5 > 3 stays",
		"美国**商标**":                                "美国商标",
	} {
		if got := stripMarkup(in); got != want {
			t.Errorf("stripMarkup(%q) = %q, want %q", in, got, want)
		}
	}
}
