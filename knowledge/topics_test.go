package knowledge

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// TestBundledTopicsCovered is the breadth gate: every need in the topic
// map must point to an English article and section that exist.
func TestBundledTopicsCovered(t *testing.T) {
	areas, probs := ParseTopics("topics.yaml", BundledTopics())
	for _, p := range probs {
		t.Error(p)
	}
	cov, err := Coverage("topics.yaml", areas, Bundled())
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range cov {
		n += c.Entries
		for _, p := range c.Uncovered {
			t.Error(p)
		}
	}
	if n == 0 {
		t.Fatal("the bundled topic map has no entries")
	}
	t.Logf("\n%s", CoverageReport(cov))
}

func TestCoverageReportsMissingArticleAndSection(t *testing.T) {
	fsys := fstest.MapFS{"en/alpha.md": {Data: []byte(topicArticle("Alpha", "## Fees\n\nTen dollars.\n\n## Sources\n- x\n"))}}
	m := `- area: a
  entries:
    - topic: fees
      source: s
      article: alpha
      section: Fees
    - topic: intro
      source: s
      article: alpha
      section: ""
    - topic: deadline
      source: s
      article: alpha
      section: Deadline
    - topic: other
      source: s
      article: beta
      section: Fees
`
	areas, probs := ParseTopics("map.yaml", []byte(m))
	if len(probs) != 0 {
		t.Fatalf("problems: %v", probs)
	}
	cov, err := Coverage("map.yaml", areas, fsys)
	if err != nil {
		t.Fatal(err)
	}
	if len(cov) != 1 || cov[0].Entries != 4 || len(cov[0].Uncovered) != 2 {
		t.Fatalf("coverage = %+v", cov)
	}
	got := CoverageReport(cov)
	for _, want := range []string{
		`map.yaml:11: "deadline": article "alpha" has no section "Deadline"`,
		`map.yaml:15: "other": no English article "beta"`,
		"4 entries,    2 covered, 2 uncovered",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("report lacks %q:\n%s", want, got)
		}
	}
}

func TestParseTopicsRejectsBadMaps(t *testing.T) {
	for name, m := range map[string]string{
		"not yaml":     "- area: [",
		"not a list":   "area: x\n",
		"empty":        "",
		"no source":    "- area: a\n  entries:\n    - topic: t\n      article: x\n      section: y\n",
		"duplicate":    "- area: a\n  entries:\n    - {topic: t, source: s, article: x, section: y}\n    - {topic: T, source: s, article: x, section: y}\n",
		"unnamed area": "- entries:\n    - {topic: t, source: s, article: x, section: y}\n",
	} {
		if _, probs := ParseTopics("m.yaml", []byte(m)); len(probs) == 0 {
			t.Errorf("%s: no problem reported", name)
		}
	}
}

func TestStaleFacts(t *testing.T) {
	body := "Fee: $350 (checked 2024-01-10).\n\n官费350美元（2026-11-26 核对）。\n\n## Sources\n- USPTO — https://www.uspto.gov (checked 2026-11-20)\n"
	fsys := fstest.MapFS{"en/alpha.md": {Data: []byte(topicArticle("Alpha", body))}}
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	probs, err := StaleFacts(fsys, now, 365*24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if len(probs) != 1 || !strings.Contains(probs[0].Message, "checked 2024-01-10") || probs[0].Line != 12 || probs[0].Fatal {
		t.Fatalf("got %v, want one warning for the 2024 date on line 12", probs)
	}
	// A shorter limit also reports the recent dates and the front matter.
	probs, _ = StaleFacts(fsys, now, 24*time.Hour)
	if len(probs) != 4 {
		t.Fatalf("with a 1-day limit got %d warnings, want 4: %v", len(probs), probs)
	}
}

func topicArticle(title, body string) string {
	return "---\ntitle: " + title + "\ntags: [x]\naliases: []\nlang: en\njurisdiction: US\nreviewed: 2026-11-01\n---\n\nOpening summary.\n\n" + body
}
