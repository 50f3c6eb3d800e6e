package knowledge

import (
	"slices"
	"testing"
)

// TestDurationSpans: a question asking how long reads whether it asks how
// long something lasts or how long a process takes, and a heading whether
// it is about either; one that says both is about neither.
func TestDurationSpans(t *testing.T) {
	for q, want := range map[string]span{
		"how long does a design patent last":            spanLasts,
		"how long is a chinese trademark valid for":     spanLasts,
		"how long until my trademark expires":           spanLasts,
		"does a utility patent last for twenty years":   spanLasts,
		"外观专利能保护几年":                                     spanLasts,
		"商标有效期多久":                                       spanLasts,
		"how long does registration take":               spanTakes,
		"how long until my listing comes back":          spanTakes,
		"商标注册要多久":                                       spanTakes,
		"反通知后多久能恢复":                                     spanTakes,
		"how long do i have to reply":                   spanNone,
		"last month i got a notice, how long do i have": spanNone,
	} {
		if got := questionSpan(q, words(q)); got != want {
			t.Errorf("%q: span %d, want %d", q, got, want)
		}
	}
	for head, want := range map[string]span{
		"Keeping a US registration alive":    spanLasts,
		"How long it lasts and how to renew": spanLasts,
		"有效期多长，怎么续展":                         spanLasts,
		"From filing to registration":        spanTakes,
		"从申请到注册要多久":                          spanTakes,
		"Examination time and term":          spanNone,
		"How much does it cost to file":      spanNone,
	} {
		if got := headingSpan(&Section{Heading: []string{head}}); got != want {
			t.Errorf("heading %q: span %d, want %d", head, got, want)
		}
	}
}

// TestChineseTimeAsks checks zhTimeAsks: 多长时间 asks how long, and its
// 时间 is no word of the question's subject; 几天时间 after 有 and a time
// limit (时间限制) ask by when.
func TestChineseTimeAsks(t *testing.T) {
	ix := openTest(t, Options{})
	q := ix.snap.parseQuery("著作权保护期是多长时间")
	if slices.ContainsFunc(q.units, func(u unit) bool { return u.word == "时间" }) || !containsAsk(q.asks, askDuration) {
		t.Errorf("著作权保护期是多长时间: asks %v, units %v; want a duration, and no 时间", q.asks, q.units)
	}
	for _, s := range []string{"收到投诉后我有几天时间回应", "申诉有时间限制吗"} {
		if q := ix.snap.parseQuery(s); len(q.asks) == 0 || q.asks[0] != askDeadline {
			t.Errorf("%s: asks %v, want a deadline first", s, q.asks)
		}
	}
	wantAnswer(t, ix, "著作权保护期是多长时间", "copyright", "著作权保护多少年")
}
