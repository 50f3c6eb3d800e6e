package knowledge

import (
	"slices"
	"testing"
)

// TestAnotAQuestionReadsAsItsVerb checks that a Chinese question asked in
// the A-not-A form (能不能, "can or cannot") is searched for what it asks
// about, not for the negative half of the form: 能不能 had been cut as
// 不能 ("cannot"), which found sections saying what a seller cannot do.
func TestAnotAQuestionReadsAsItsVerb(t *testing.T) {
	for _, c := range []struct{ asked, plain string }{
		{"标题里能不能写别人的品牌", "标题里能写别人的品牌"},
		{"版权需不需要登记", "版权需要登记"},
		{"要不要找律师", "要找律师"},
		{"可不可以卖二手正品", "可以卖二手正品"},
		{"有没有期限", "有期限"},
		{"有木有期限", "有期限"},
	} {
		got, want := terms(c.asked), terms(c.plain)
		if !slices.Equal(got, want) {
			t.Errorf("%q is searched for %v, want %v (as %q)", c.asked, got, want, c.plain)
		}
		if slices.Contains(got, "不能") || slices.Contains(got, "不要") {
			t.Errorf("%q is searched for a negative: %v", c.asked, got)
		}
	}
	// Words that only look like the form keep their characters.
	for _, w := range []string{"不得不说", "防不胜防", "木有"} {
		if got := terms(w); len(got) == 0 {
			t.Errorf("%q gives no terms", w)
		}
	}
	// Asked so, the question still asks whether it may: the ask is read
	// from the text as typed.
	if asks := questionAsks("标题里能不能写别人的品牌"); len(asks) == 0 {
		t.Error("the A-not-A question asks nothing")
	}
}
