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
}
