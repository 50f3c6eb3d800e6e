package knowledge

import (
	"context"
	"slices"
	"strings"
	"testing"
)

// TestFigurativeMarkIsNoMark checks that a trademark used as a figure of
// speech is read as no word, and that one naming a real mark is read: the
// first kind of question is declined, the second answered.
func TestFigurativeMarkIsNoMark(t *testing.T) {
	for _, c := range []struct {
		text       string
		figurative bool
	}{
		{"Punctuality is my trademark, how do I show it in an interview", true},
		{"that smile is her trademark, so cute", true},
		{"honestly, fast replies have become our signature trademark", true},
		{"她这个口头禅简直就是她的商标", true},
		{"my logo is my trademark, can others copy it?", false},
		{`"Luna" is our trademark, someone on Etsy uses it`, false},
		{"SunnyPaws is my trademark, can another seller use it?", false},
		{"we sell mugs and the owl design is our trademark", false},
		{"这个名字是我的商标，别人能用吗", false},
	} {
		got := dropFigurativeMarks(c.text)
		kept := strings.Contains(strings.ToLower(got), "trademark") || strings.Contains(got, "商标")
		if kept == c.figurative {
			t.Errorf("dropFigurativeMarks(%q) = %q; figurative: %v", c.text, got, c.figurative)
		}
	}
	ix := openTest(t, Options{})
	for _, c := range []struct {
		q        string
		answered bool
	}{
		{"Punctuality is my trademark, how do I show it in an interview", false},
		{"that smile is her trademark, so cute", false},
		{"她这个口头禅简直就是她的商标", false},
		{"my logo is my trademark, can others copy it?", true},
		{`"Luna" is our trademark, someone on Etsy uses it`, true},
		{"SunnyPaws is my trademark, can another seller use it?", true},
	} {
		ans, err := ix.Ask(context.Background(), c.q)
		if err != nil {
			t.Fatal(err)
		}
		if ans.Answered != c.answered {
			t.Errorf("%q: answered %v, want %v (%s)", c.q, ans.Answered, c.answered, describe(ans))
		}
	}
}

// TestOtherSenses checks that a word of the domain in a phrase of
// othersenses.yaml is no word, that the phrase's other words are read,
// and that the same word elsewhere keeps its sense.
func TestOtherSenses(t *testing.T) {
	has := func(text, term string) bool {
		for _, tk := range analyse(text) {
			if slices.Contains(tk.terms, term) {
				return true
			}
		}
		return false
	}
	for _, c := range []struct {
		text, term string
		want       bool
	}{
		{"a brand new phone", "=brand", false},
		{"a brand new phone", "phone", true},
		{"my brand is new", "=brand", true},
		{"fake reviews on my listing", "=counterfeit", false},
		{"fake reviews on my listing", "review", true},
		{"fake bags on my listing", "=counterfeit", true},
		{"knock off work early", "=counterfeit", false},
		{"knock off bags", "=counterfeit", true},
		{"patently unfair", "=patent", false},
		{"a sales report", "=complaint", false},
		{"a report of infringement", "=complaint", true},
		{"what is my ip address", "=intellectual_property", false},
		{"店铺的IP地址被关联了", "=intellectual_property", false},
		{"ip protection for my brand", "=intellectual_property", true},
		{"fake orders to push sales", "=counterfeit", false},
		{"what ip rating do outdoor lights need", "=intellectual_property", false},
		{"户外灯需要什么IP防护等级", "=intellectual_property", false},
		{"我的品牌IP怎么防护", "=intellectual_property", true},
		{"卖假睫毛", "=counterfeit", false},
		{"卖假货", "=counterfeit", true},
	} {
		if got := has(c.text, c.term); got != c.want {
			t.Errorf("%q has %s: %v, want %v", c.text, c.term, got, c.want)
		}
	}
	ix := openTest(t, Options{})
	for _, q := range []string{"is this iphone brand new or refurbished", "sold fake plants on etsy, how do i price them"} {
		ans, err := ix.Ask(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		if ans.Answered {
			t.Errorf("%q was answered: %s", q, describe(ans))
		}
	}
}
