package knowledge

import (
	"fmt"
	"testing"
)

// TestFollowUps measures follow-ups on pairs of a question and the
// message after it: testdata/eval-s-followup.jsonl, written before the
// follow-up reading was measured on it and tuned on since, and
// testdata/eval-t-followup.jsonl, written after, never tuned on. Each
// second message is answered twice, on its own (Ask) and after the first
// (AskAfter), and judged as the blind set judges. It prints totals only,
// by file and kind: "followup" messages need the first one, "new-topic"
// ones stand on their own and must not be read with it.
func TestFollowUps(t *testing.T) {
	ix := openTest(t, Options{})
	for _, file := range []string{"testdata/eval-s-followup.jsonl", "testdata/eval-t-followup.jsonl"} {
		t.Log(file)
		measureFollowUps(t, ix, file)
	}
	measureOffTopicAfter(t, ix, "testdata/eval-g-oos.jsonl")
}

// offTopicAfter are questions on intellectual property that a question
// out of scope may follow in a chat (see measureOffTopicAfter).
var offTopicAfter = []string{
	"how long does a us trademark last",
	"my amazon listing was removed for trademark infringement",
	"i got a dmca notice for my product photos",
	"how do i report a counterfeit on ebay",
	"什么是马德里商标",
	"淘宝被投诉侵权了怎么办",
}

// measureOffTopicAfter counts the out-of-scope questions of file that are
// answered when asked right after each of offTopicAfter: read as
// follow-ups, they must not be answered from the earlier question's
// article. It prints the count beside the number of those questions
// answered on their own.
func measureOffTopicAfter(t *testing.T, ix *Index, file string) {
	var questions, alone, pairs, after int
	for _, c := range loadQuestionFile(t, file) {
		if c.Parts == nil || len(c.Parts) > 0 {
			continue
		}
		questions++
		a, err := ix.Ask(t.Context(), c.Q)
		if err != nil {
			t.Fatal(err)
		}
		if a.Answered {
			alone++
		}
		for _, prev := range offTopicAfter {
			ans, err := ix.AskAfter(t.Context(), c.Q, prev)
			if err != nil {
				t.Fatal(err)
			}
			pairs++
			if ans.Answered {
				after++
			}
		}
	}
	t.Log(fmt.Sprintf("%s after an IP question: %d of %d out-of-scope questions answered on their own; %d of %d pairs answered after an IP question",
		file, alone, questions, after, pairs))
}

// measureFollowUps measures one file of pairs (see TestFollowUps).
func measureFollowUps(t *testing.T, ix *Index, file string) {
	type tally struct{ n, alone, after, read int }
	byTag := map[string]*tally{}
	for _, c := range loadQuestionFile(t, file) {
		if c.Prev == "" || len(c.Parts) == 0 {
			t.Fatalf("%s:%d: a pair needs a first message and an answer key", c.file, c.line)
		}
		alone, err := ix.Ask(t.Context(), c.Q)
		if err != nil {
			t.Fatal(err)
		}
		after, err := ix.AskAfter(t.Context(), c.Q, c.Prev)
		if err != nil {
			t.Fatal(err)
		}
		r1, _ := blindJudge(c, alone)
		r2, _ := blindJudge(c, after)
		for _, tag := range append([]string{"all", "lang:" + c.Lang}, c.Tags...) {
			if byTag[tag] == nil {
				byTag[tag] = &tally{}
			}
			b := byTag[tag]
			b.n++
			if r1 {
				b.alone++
			}
			if r2 {
				b.after++
			}
			if after.After != "" {
				b.read++
			}
		}
	}
	for _, tag := range []string{"all", "followup", "new-topic", "lang:en", "lang:zh", "place", "platform", "fact", "side", "typo"} {
		if b := byTag[tag]; b != nil {
			t.Log(fmt.Sprintf("%-10s %3d: section right on its own %3d (%.1f%%), after the first message %3d (%.1f%%); read as a follow-up %d",
				tag, b.n, b.alone, pct(b.alone, b.n), b.after, pct(b.after, b.n), b.read))
		}
	}
}
