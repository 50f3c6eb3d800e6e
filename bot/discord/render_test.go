package discord

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ipdesk/ipdesk/bot"
)

func newTestAdapter(t testing.TB) *Adapter {
	a, err := New(Config{Token: "t"})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestCustomIDsRoundTrip(t *testing.T) {
	t.Parallel()
	a := newTestAdapter(t)
	cases := []bot.Button{
		{ID: "review.approve", Value: "IPD-12"},
		{ID: "review.approve", Value: ""},
		{ID: "x", Value: "a|b|c"},
		{ID: "pipe|in|id", Value: "v"},
		{ID: "long", Value: strings.Repeat("é", 120)},
	}
	for i, b := range cases {
		id := a.actionID(i, b)
		if len(id) > maxCustomID {
			t.Errorf("%+v: custom id of %d bytes", b, len(id))
		}
		got, ok := a.parseAction(id)
		if !ok || got.ID != b.ID || got.Value != b.Value {
			t.Errorf("%+v → %q → %+v %v", b, id, got, ok)
		}
	}
	for _, f := range []*bot.Form{{ID: "complaint", Value: "draft|1"}, {ID: "f", Value: strings.Repeat("v", 200)}} {
		id := a.formID(f)
		got, ok := a.parseForm(id)
		if len(id) > maxCustomID || !ok || got.ID != f.ID || got.Value != f.Value {
			t.Errorf("form %q/%q → %q → %+v", f.ID, f.Value, id, got)
		}
	}
	if _, ok := a.parseAction("k|unknown"); ok {
		t.Error("unknown key parsed")
	}
	if _, ok := a.parseAction("garbage"); ok {
		t.Error("garbage parsed")
	}
}

func TestRenderLimits(t *testing.T) {
	t.Parallel()
	a := newTestAdapter(t)
	// One paragraph longer than a message still fits, cut between words.
	msgs := a.render(bot.Reply{Text: strings.Repeat("word ", 1000)})
	if len(msgs) < 3 {
		t.Fatalf("%d messages", len(msgs))
	}
	for _, m := range msgs {
		if n := utf8.RuneCountInString(m.Content); n == 0 || n > maxContent {
			t.Errorf("message of %d characters", n)
		}
	}
	// Field names are cut to an embed field's limit.
	msgs = a.render(bot.Reply{Text: "x", Fields: []bot.Field{{Label: strings.Repeat("L", 300), Value: "short"}}})
	if f := msgs[0].Embeds[0].Fields[0]; utf8.RuneCountInString(f.Name) > maxFieldName || f.Value != "short" {
		t.Errorf("field %d characters, value %q", utf8.RuneCountInString(f.Name), f.Value)
	}
	// A value too long for an embed field is not cut: every field moves
	// into the embed's description, in order, and the text is split to fit.
	long := strings.Repeat("v ", 1000) + "END"
	msgs = a.render(bot.Reply{Text: "Complaint", Fields: []bot.Field{{Label: "Seller", Value: "ACME"}, {Label: "What is wrong", Value: long}, {Label: "Filed", Value: "today"}}})
	var text strings.Builder
	for _, m := range msgs {
		if len(m.Embeds) != 1 || len(m.Embeds[0].Fields) != 0 {
			t.Fatalf("message %+v; want one embed without fields", m)
		}
		if n := utf8.RuneCountInString(m.Embeds[0].Description); n > maxDescription {
			t.Errorf("description of %d characters", n)
		}
		text.WriteString(m.Embeds[0].Description + "\n")
	}
	got := text.String()
	seller, wrong, end, filed := strings.Index(got, "**Seller:** ACME"), strings.Index(got, "**What is wrong:** v v"), strings.Index(got, "END"), strings.Index(got, "**Filed:** today")
	if seller != 0+len("Complaint\n\n") || wrong < seller || end < wrong || filed < end {
		t.Errorf("fields out of order or missing (%d %d %d %d):\n%s", seller, wrong, end, filed, got)
	}
	// A reply with only buttons still has something to read.
	msgs = a.render(bot.Reply{Buttons: []bot.Button{{ID: "a", Label: "A"}}})
	if len(msgs) != 1 || msgs[0].Content == "" {
		t.Errorf("buttons only: %+v", msgs)
	}
}

func BenchmarkRender(b *testing.B) {
	a := newTestAdapter(b)
	r := bot.Reply{
		Text:    strings.Repeat("**Amazon Brand Registry** protects a registered trademark. See [the guide](https://example.com).\n\n", 40),
		Fields:  []bot.Field{{Label: "Status", Value: "open"}, {Label: "Listing", Value: "https://shop.example/item/1"}},
		Buttons: []bot.Button{{ID: "review.approve", Label: "Approve", Value: "IPD-1"}, {ID: "review.reject", Label: "Reject", Value: "IPD-1"}},
	}
	b.ReportAllocs()
	for b.Loop() {
		a.render(r)
	}
}
