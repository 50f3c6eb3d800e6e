package knowledge

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestQuestionIntent(t *testing.T) {
	for q, want := range map[string]string{
		"I got a takedown notice":                        IntentRespond,
		"what do I do with a takedown notice?":           IntentRespond,
		"amazon took down my listing, what now":          IntentRespond,
		"walmart took my listing down for ip":            IntentRespond,
		"the platform pulled my products off overnight":  IntentRespond,
		"收到侵权投诉怎么办":                                      IntentRespond,
		"how do I send a DMCA notice":                    IntentReport,
		"someone copied my photos, how do I report them": IntentReport,
		"how long does a US trademark last":              "",
	} {
		if got := questionIntent(q); got != want {
			t.Errorf("questionIntent(%q) = %q, want %q", q, got, want)
		}
	}
}

func TestIntentFrontMatter(t *testing.T) {
	head := "---\ntitle: Alpha\ntags: [x]\naliases: [\"y\"]\nlang: en\njurisdiction: US\nreviewed: 2026-01-01\nintent: %s\n---\n\nIntro.\n\n## Sources\n- x\n"
	a, probs, err := ParseArticle("en/a.md", []byte(strings.Replace(head, "%s", "respond", 1)))
	if err != nil || len(probs) != 0 || a.Intent != IntentRespond {
		t.Errorf("intent respond: intent %q, problems %v, err %v", a.Intent, probs, err)
	}
	fsys := fstest.MapFS{"en/a.md": {Data: []byte(strings.Replace(head, "%s", "complain", 1))}}
	var got []string
	for _, p := range Lint(fsys) {
		got = append(got, p.String())
	}
	if want := `en/a.md:8: front matter: intent must be respond or report, got "complain"`; !strings.Contains(strings.Join(got, "\n"), want) {
		t.Errorf("lint: missing %q in %v", want, got)
	}
}
