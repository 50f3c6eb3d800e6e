package knowledge

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestDbgParts(t *testing.T) {
	ix := openTest(t, Options{})
	s := ix.snap
	h := newHeldOut(t, ix)
	defer h.use("")
	files, _ := filepath.Glob("testdata/eval-[e-j]*.jsonl")
	var cases []blindCase
	for _, f := range files {
		cases = append(cases, loadQuestionFile(t, f)...)
	}
	counts := map[string]int{}
	for _, c := range cases {
		if len(c.Parts) < 2 {
			continue
		}
		h.use(strings.TrimSuffix(c.file, ".jsonl"))
		ans, _ := ix.Ask(context.Background(), c.Q)
		if !ans.Answered {
			continue
		}
		if sec, _ := blindJudge(c, ans); sec {
			continue
		}
		q := s.parseQuery(c.Q)
		parts := splitParts(q.text)
		if len(parts) < 2 {
			continue
		}
		var pas []*partAnswer
		for _, p := range parts {
			pq := s.parseQuery(p)
			pq.addContext(q, partContext, partContextSearch)
			pa, _ := s.answerPart(context.Background(), pq, ans.Lang)
			pas = append(pas, pa)
		}
		fmt.Printf("\n%s:%d %q\n", c.file, c.line, c.Q)
		for k, p := range parts {
			if pas[k] == nil {
				fmt.Printf("  part %q: nil\n", p)
				continue
			}
			fmt.Printf("  part %q -> %s › %s (answered %v)\n", p, pas[k].sections[0].article.ID, pas[k].sections[0].Name(), pas[k].answered)
		}
		fmt.Printf("  shown: %s\n", describe(ans))
		for j, part := range c.Parts {
			if slices.ContainsFunc(ans.Sections, func(sec *Section) bool { return shows(sec, part) }) {
				continue
			}
			kind := "article missed"
			for _, pa := range pas {
				if pa != nil && showsArticle(pa.sections[0], part) {
					kind = "section missed in right article"
				}
			}
			// Is the wanted section anywhere in the ranked list of a part with right article?
			counts[kind]++
			var alts []string
			for _, a := range part {
				alts = append(alts, a.Article+" › "+a.Section)
			}
			fmt.Printf("  MISSING part %d (%s): %s\n", j, kind, strings.Join(alts, " | "))
		}
	}
	fmt.Println(counts)
}
