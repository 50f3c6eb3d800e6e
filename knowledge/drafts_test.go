package knowledge

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

func TestWriteDraftIsLintCleanAndNeverServed(t *testing.T) {
	dir := t.TempDir()
	at := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	answer := "# Refurbished phones\n\nYes, if the listing says **refurbished** and names what was replaced.\n\nSee [counter-notices](dmca-counter-notice.md)."
	q := `Can I sell "renewed" phones under the brand's name? \ @everyone`
	p, err := WriteDraft(dir, NewDraft{Question: q, Answer: answer, Lang: "en", Asked: at.Add(-time.Hour), Answered: at})
	if err != nil {
		t.Fatal(err)
	}
	if p != "drafts/en/can-i-sell-renewed-phones-under-the-brand-s-name-everyone.md" {
		t.Errorf("draft written as %s", p)
	}
	if probs := LintDrafts(os.DirFS(dir)); len(probs) != 0 {
		t.Fatalf("a new draft has problems: %v", probs)
	}
	ds, err := Drafts(os.DirFS(dir))
	if err != nil || len(ds) != 1 {
		t.Fatalf("drafts = %+v, %v", ds, err)
	}
	d := ds[0]
	if d.File != p || d.Lang != "en" || len(d.Aliases) != 1 || d.Aliases[0] != strings.Join(strings.Fields(q), " ") || !d.Reviewed.Equal(at.Truncate(24*time.Hour)) {
		t.Errorf("draft read back = %+v", d)
	}
	if !strings.HasPrefix(d.Title, "Can I sell") {
		t.Errorf("title %q", d.Title)
	}
	// The same question again gets a file of its own.
	p2, err := WriteDraft(dir, NewDraft{Question: q, Answer: "Another answer.", Lang: "en", Asked: at, Answered: at})
	if err != nil || p2 == p {
		t.Fatalf("second draft %s, %v", p2, err)
	}
	// Chinese: named by the date, with a Chinese Sources heading.
	pz, err := WriteDraft(dir, NewDraft{Question: "翻新手机可以用原品牌名卖吗", Answer: "可以，但要写明翻新。", Lang: "zh", Asked: at, Answered: at})
	if err != nil || pz != "drafts/zh/draft-2026-12-02.md" {
		t.Fatalf("Chinese draft %s, %v", pz, err)
	}
	// Drafts of one question may share a title until one is published.
	if probs := LintDrafts(os.DirFS(dir)); len(probs) != 0 {
		t.Errorf("drafts have problems: %v", probs)
	}
	// Never served: an index on the folder does not know them.
	ix, err := Open(context.Background(), Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for _, a := range ix.Articles() {
		if strings.Contains(a.File, "drafts") || strings.HasPrefix(a.Title, "Can I sell") {
			t.Errorf("a draft is served: %s", a.File)
		}
	}
	// Published by moving the file: it serves, and the folder lints clean.
	if err := os.MkdirAll(filepath.Join(dir, "en"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(dir, p2), filepath.Join(dir, "en", "refurbished-phones.md")); err != nil {
		t.Fatal(err)
	}
	if probs := Lint(os.DirFS(dir)); len(probs) != 0 {
		t.Errorf("the published draft has problems: %v", probs)
	}
	if err := ix.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, ok := ix.Article("refurbished-phones", "en"); !ok {
		t.Error("the published draft is not served")
	}
}

func TestLintDraftsFindsWhatIsMissing(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		p := filepath.Join(dir, "drafts", "en", name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("no-status.md", "---\ntitle: No status\ntags: [x]\naliases: [\"a question\"]\nlang: en\njurisdiction: global\nreviewed: 2026-12-01\n---\n\nText.\n\n## Sources\n\n- x\n")
	write("no-alias.md", "---\ntitle: No alias\ntags: [x]\naliases: []\nlang: en\njurisdiction: global\nreviewed: 2026-12-01\nstatus: draft\n---\n\nText.\n")
	write("served-title.md", "---\ntitle: Trademarks in the US\ntags: [x]\naliases: [\"q\"]\nlang: en\njurisdiction: US\nreviewed: 2026-12-01\nstatus: draft\n---\n\nText [x](no-such.md).\n\n## Sources\n\n- x\n")
	got := map[string]string{}
	for _, p := range LintDrafts(os.DirFS(dir)) {
		got[p.File] += p.Message + "; "
	}
	for file, want := range map[string][]string{
		"drafts/en/no-status.md":    {"status: draft"},
		"drafts/en/no-alias.md":     {"alias", "Sources"},
		"drafts/en/served-title.md": {"already served by en/tm-us.md", "broken link"},
	} {
		for _, w := range want {
			if !strings.Contains(got[file], w) {
				t.Errorf("%s: want a problem with %q, got %q", file, w, got[file])
			}
		}
	}
	// The served folder's lint knows nothing of drafts.
	if probs := LintDrafts(os.DirFS(t.TempDir())); probs != nil {
		t.Errorf("a folder without drafts: %v", probs)
	}
}

// TestDraftQuotesAnyQuestion writes drafts for questions holding what YAML
// treats specially (quotes, backslashes, ": ", "#", control characters)
// and reads each back with its question as the alias.
func TestDraftQuotesAnyQuestion(t *testing.T) {
	for _, q := range []string{
		`can I write "compatible with" in a title?`,
		`path C:\shop\listing: is it ok`,
		"fakes: what now # urgent",
		"a bell \a and an escape \x1b in it",
		"- starts like a list item",
		"[brackets] and {braces}",
		strings.Repeat("a long question about trademarks in the US and the EU ", 8),
	} {
		src := yamlQuote(q)
		var got string
		if err := yaml.Unmarshal([]byte(src), &got); err != nil {
			t.Errorf("%q written as %s: %v", q, src, err)
			continue
		}
		if strings.Contains(src, "\n") {
			t.Errorf("%q written on more than one line: %s", q, src)
		}
		if got != strings.Join(strings.Fields(q), " ") {
			t.Errorf("%q read back as %q", q, got)
		}
	}
}
