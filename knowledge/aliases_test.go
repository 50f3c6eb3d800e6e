package knowledge

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"
)

// refundArticle is an English article whose sections carry their own
// aliases, one of them in Chinese: a Chinese question shares no word with
// the English text, so only the alias can lead it to the right section.
const refundArticle = `---
title: Getting your money back for a counterfeit
tags: [refund, counterfeit, payment dispute]
aliases: ["refund for a fake"]
lang: en
jurisdiction: global
reviewed: 2026-01-31
---

Buyers of counterfeits can usually get a refund.

## First steps
<!-- aliases: ["买到假货怎么退款", "what to do first"] -->

Keep the order page and photos of the item.

## Card chargebacks
<!--
  aliases: ["dispute the payment with my bank"]
-->

Ask your card issuer for a chargeback.

## Sources
- Marketplace guarantee pages
`

func TestSectionAliases(t *testing.T) {
	a, probs, err := ParseArticle("en/refunds.md", []byte(refundArticle))
	if err != nil {
		t.Fatal(err)
	}
	if len(probs) != 0 {
		t.Errorf("problems: %v", probs)
	}
	first, card := a.Sections[1], a.Sections[2]
	if got := strings.Join(first.Aliases, "|"); got != "买到假货怎么退款|what to do first" {
		t.Errorf("first steps aliases = %q", got)
	}
	if got := strings.Join(card.Aliases, "|"); got != "dispute the payment with my bank" {
		t.Errorf("chargeback aliases = %q", got)
	}
	for _, s := range a.Sections {
		if strings.Contains(s.Markdown, "aliases") || strings.Contains(s.Markdown, "<!--") {
			t.Errorf("section %q shows its aliases comment: %q", s.Name(), s.Markdown)
		}
	}
	if first.Markdown != "Keep the order page and photos of the item." {
		t.Errorf("first steps markdown = %q", first.Markdown)
	}

	ix := openTest(t, Options{Base: fstest.MapFS{"en/refunds.md": {Data: []byte(refundArticle)}}})
	for q, want := range map[string]string{
		"买到假货了怎么退款":                                         "First steps",
		"can i dispute the payment for a fake with my bank": "Card chargebacks",
	} {
		ans, err := ix.Ask(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		if !ans.Answered || ans.Sections[0].Name() != want {
			t.Errorf("%q: answered=%v sections=%v, want %q first", q, ans.Answered, names(ans.Sections), want)
		}
	}
}

func TestSectionAliasesLint(t *testing.T) {
	head := "---\ntitle: Alpha\ntags: [x]\naliases: [\"y\"]\nlang: en\njurisdiction: US\nreviewed: 2026-01-01\n---\n\n"
	fsys := fstest.MapFS{"en/a.md": {Data: []byte(head +
		"<!-- aliases: [\"in the intro\"] -->\n\nIntro.\n\n" + // line 10
		"## One\n\nText.\n\n<!-- aliases: [\"after text\"] -->\n\n" + // line 18
		"## Two\n<!-- aliases: [\"unclosed\" -->\n\nText.\n\n" + // line 21
		"## Three\n<!-- aliases: [] -->\n\nText.\n\n" + // line 26
		"## Sources\n<!-- aliases: [\"sources\"] -->\n- x\n")}} // line 31
	var got []string
	for _, p := range Lint(fsys) {
		got = append(got, p.String())
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{
		`en/a.md:10: an aliases comment must come right under a section heading`,
		`en/a.md:18: an aliases comment must come right under a section heading`,
		`en/a.md:21: aliases comment: not a valid list`,
		`en/a.md:26: aliases comment lists no aliases`,
		`en/a.md:31: the Sources section takes no aliases`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("missing %q in:\n%s", want, all)
		}
	}
	// A problem with aliases is the author's to fix, not a reason to stop
	// serving the article.
	if _, _, err := ParseArticle("en/a.md", fsys["en/a.md"].Data); err != nil {
		t.Errorf("ParseArticle: %v", err)
	}
}

func names(ss []*Section) []string {
	var out []string
	for _, s := range ss {
		out = append(out, s.Name())
	}
	return out
}
