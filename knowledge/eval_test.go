package knowledge

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// evalCase is one line of testdata/eval.jsonl: a question and the article
// and section that should answer it, or an empty article for a question
// the knowledge base must decline.
//
// Also lists other sections that answer the question as well, added when
// an article written later answers it more specifically than the one
// named first (the base grew from 30 articles to over 100).
//
// Later files are written in the blind set's form instead (see
// blindCase): one list of alternatives per ask of the question, an empty
// list for a question to decline, null for one no article answered when
// it was written, and tags. For these, Article and Section are set from
// the first alternative, so that "Article is empty" still means out of
// scope.
type evalCase struct {
	Q       string          `json:"q"`
	Article string          `json:"article"`
	Section string          `json:"section"`
	Lang    string          `json:"lang"`
	Also    []evalAlt       `json:"also,omitempty"`
	Parts   json.RawMessage `json:"parts,omitempty"`
	Tags    []string        `json:"tags,omitempty"`

	// parts are the decoded Parts; uncovered is set for null Parts.
	parts     [][]evalAlt
	uncovered bool
}

// judge says whether ans is right for c: the article, a section among
// those shown, and the first section shown. For a question in the blind
// set's form, a section is right as TestBlind judges it: the first shown
// for a single ask, and for several asks one shown for each.
func (c evalCase) judge(ix *Index, ans *Answer) (article, any, first bool) {
	a := ans.Article()
	if a == nil {
		return false, false, false
	}
	if c.Parts == nil {
		names := names(ans.Sections)
		article, any = c.accepts(ix, a, names)
		_, first = c.accepts(ix, a, names[:1])
		return article, any, first
	}
	bc := blindCase{Q: c.Q, Lang: c.Lang}
	for _, part := range c.parts {
		var alts []blindAlt
		for _, alt := range part {
			alts = append(alts, blindAlt(alt))
		}
		bc.Parts = append(bc.Parts, alts)
	}
	answered := *ans
	answered.Answered = true
	sec, art := blindJudge(bc, &answered)
	return art, sec, sec
}

// An evalAlt is another article section that answers a question.
type evalAlt struct {
	Article string `json:"article"`
	Section string `json:"section"`
}

// accepts reports whether the answer's article and section names answer c.
func (c evalCase) accepts(ix *Index, a *Article, sections []string) (article, section bool) {
	alts := append([]evalAlt{{c.Article, c.Section}}, c.Also...)
	for _, alt := range alts {
		want := c
		want.Article = alt.Article
		if a.ID == alt.Article && a.Lang == wantLang(ix, want) {
			article = true
			if sectionNamed(alt.Article, alt.Section, sections) {
				section = true
			}
		}
	}
	return article, section
}

// The evaluation set is kept in parts and merged into eval.jsonl, which
// is what TestEval measures: eval-a (rights and law articles), eval-b
// (platforms and processes), eval-c (questions written after the first
// method was built) and eval-d (questions in sellers' own words: stories,
// brand and product names, two asks, and everyday selling questions that
// are not about intellectual property). The questions that must be
// declined are in eval.jsonl and eval-d. This is the set the method is
// tuned on; testdata/blind.jsonl (TestBlind) is the one it is judged on.
//
// eval-e-en and eval-e-zh were written later from the domain (office
// manuals, marketplace help pages, sellers' forums), not from the
// articles, in the blind set's form; their first scores were measured
// before any change was made for them. So were eval-f-en and eval-f-zh,
// written from the domain notes before their writers opened an article
// (58.0% and 59.1% section right on arrival). eval-g-oos holds near
// misses to decline, and eval-h-en and eval-h-zh were written the same
// way as eval-f (62.2% and 58.0% section right, 85.0% and 86.7% declined
// on arrival), and eval-i-en and eval-i-zh the same way again (62.7% and
// 48.5%, 87.5% and 92.9% on arrival; 56.6% and 48.5% on the main of the
// day before), and eval-j-en and eval-j-zh once more (62.9% and 66.7%,
// 94.4% and 93.3% on arrival; 58.1% and 64.8% on the main of the day
// before). eval-k-en and eval-k-zh, written the same way, are not tuning
// files: they were measured on arrival (TestArrival) to judge the change
// that made eval-j one. Nor are eval-l-en and eval-l-zh, written the same
// way later (61.2% section right, 80.8% of the out-of-scope questions
// declined on arrival; 60.2% and 80.8% on the main of the day before),
// kept to judge the changes made after them. eval-m-en and eval-m-zh,
// written the same way when the blind set and eval-k disagreed on one
// change, decided it (58.9% section right without it, 57.1% with it;
// 94.7% declined either way) and are not tuning files either. Nor are
// eval-n-en and eval-n-zh, written the same way for the next changes
// (51.9% section right, 77.8% article, 92.9% declined on arrival; two
// questions of eval-n-en ask one thing more that no section answers:
// that ask is left out and the question tagged part-uncovered). eval-n
// has since judged changes; eval-o-en and eval-o-zh, written the same way
// after them, wait for the next (57.3% section right, 76.4% article,
// 90.0% declined on arrival). eval-p-oos, 100 out-of-scope near misses
// written the same way (88.0% declined on arrival), is not one either:
// made a tuning file, the refitted decision declined no more of the
// judges' out-of-scope questions and answered two fewer of eval-k, eval-l
// and eval-m's right, so it judges declines instead. eval-q-en and
// eval-q-zh, written the same way last (55.5% section right, 75.5%
// article, 97.5% declined on arrival), judged one change and wait for
// the next.
var evalParts = []string{"testdata/eval-a.jsonl", "testdata/eval-b.jsonl", "testdata/eval-c.jsonl", "testdata/eval-d.jsonl",
	"testdata/eval-e-en.jsonl", "testdata/eval-e-zh.jsonl", "testdata/eval-f-en.jsonl", "testdata/eval-f-zh.jsonl",
	"testdata/eval-g-oos.jsonl", "testdata/eval-h-en.jsonl", "testdata/eval-h-zh.jsonl",
	"testdata/eval-i-en.jsonl", "testdata/eval-i-zh.jsonl", "testdata/eval-j-en.jsonl", "testdata/eval-j-zh.jsonl",
	"testdata/eval-z-oos.jsonl"}

const heldOutPart = "testdata/eval-c.jsonl"

func loadEvalFile(t testing.TB, name string) []evalCase {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []evalCase
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var c evalCase
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatalf("%s:%d: %v", name, n, err)
		}
		if c.Lang != "en" && c.Lang != "zh" {
			t.Fatalf("%s:%d: lang %q, want en or zh", name, n, c.Lang)
		}
		if c.Parts != nil {
			if err := json.Unmarshal(c.Parts, &c.parts); err != nil {
				t.Fatalf("%s:%d: parts: %v", name, n, err)
			}
			c.uncovered = c.parts == nil
			if len(c.parts) > 0 && len(c.parts[0]) > 0 {
				c.Article, c.Section = c.parts[0][0].Article, c.parts[0][0].Section
			}
		}
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return cases
}

// TestEvalSetMerged checks that eval.jsonl holds every question of its
// parts with the same expected answer, once: a part edited without
// merging would otherwise leave the gate measuring stale expectations.
func TestEvalSetMerged(t *testing.T) {
	merged := map[string]evalCase{}
	for _, c := range loadEvalFile(t, "testdata/eval.jsonl") {
		k := strings.ToLower(strings.TrimSpace(c.Q))
		if _, dup := merged[k]; dup {
			t.Errorf("eval.jsonl: question %q appears twice", c.Q)
		}
		merged[k] = c
	}
	for _, part := range evalParts {
		for _, c := range loadEvalFile(t, part) {
			got, ok := merged[strings.ToLower(strings.TrimSpace(c.Q))]
			switch {
			case !ok:
				t.Errorf("%s: question %q is missing from eval.jsonl", part, c.Q)
			case !slices.Equal(got.Also, c.Also) || got.Q != c.Q || got.Article != c.Article || got.Section != c.Section || got.Lang != c.Lang ||
				!reflect.DeepEqual(got.parts, c.parts) || got.uncovered != c.uncovered || !slices.Equal(got.Tags, c.Tags):
				t.Errorf("%s: question %q differs in eval.jsonl: %+v, want %+v", part, c.Q, got, c)
			}
		}
	}
}

// evalResult is what Ask did with one evaluation question.
type evalResult struct {
	c        evalCase
	heldOut  bool
	answered bool
	article  bool // the answer's article is the expected one
	section  bool // and the expected section is among those shown
	coverage float64
	got      string
}

func (r evalResult) ok() bool {
	if r.c.Article == "" {
		return !r.answered
	}
	return r.answered && r.section
}

// TestEval measures the bundled knowledge base against the questions in
// testdata/eval.jsonl. Top-1 accuracy counts a question answered right
// when the answer's article is the expected one, in the question's
// language where the article exists in it, and the expected section is
// among the sections shown; article-level accuracy asks only for the
// article. Rejection is the share of out-of-scope questions declined.
//
// The gate is top-1 65% and rejection 90%. It was 90% and 90% while
// headings, aliases, a synonym and cues had been written to this set's
// questions; with those removed (TestAliasesAreNotTestQuestions) and the
// sellers' own wording of eval-d added, the method scores about 69% and
// 95%, and the gate guards that against regressions. With -v it prints
// every miss. TestDecisionModel reports the figures by file.
//
// The files in the blind set's form (eval-e to eval-j) are gated apart,
// judged as TestBlind judges, so that the older files keep their gate:
// eval-e scored 42.0% and 93.9% on the code that met them, and 48.5% and
// 93.9% once the method had been worked on with them; eval-f 58.4% and
// 96.9% on arrival; eval-h 60.4% and 85.7% on arrival (English 62.2% and
// 85.0%, Chinese 58.0% and 86.7%); eval-i 56.4% and 90.0%; eval-j 64.7%
// and 93.9%.
const (
	evalMinTop1      = 65.0
	evalMinDeclined  = 90.0
	evalEMinTop1     = 45.0
	evalEMinDeclined = 90.0
)

func TestEval(t *testing.T) {
	ctx := context.Background()
	ix, err := Open(ctx, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	cases := loadEvalFile(t, "testdata/eval.jsonl")
	heldOut := map[string]bool{}
	for _, c := range loadEvalFile(t, heldOutPart) {
		heldOut[c.Q] = true
	}

	var results []evalResult
	var inScope, outScope, zh int
	for _, c := range cases {
		if c.uncovered {
			continue
		}
		switch {
		case c.Parts != nil:
			for _, part := range c.parts {
				for _, alt := range part {
					if !sectionExists(ix, blindAlt(alt)) {
						t.Errorf("eval question %q: no section %q in article %q (in either language)", c.Q, alt.Section, alt.Article)
					}
				}
			}
		case c.Article != "":
			checkExpected(t, ix, c)
			for _, alt := range c.Also {
				alt := evalCase{Q: c.Q, Article: alt.Article, Section: alt.Section, Lang: c.Lang}
				checkExpected(t, ix, alt)
			}
		}
		ans, err := ix.Ask(ctx, c.Q)
		if err != nil {
			t.Fatal(err)
		}
		r := evalResult{c: c, heldOut: heldOut[c.Q], answered: ans.Answered, coverage: ans.Coverage, got: "(nothing)"}
		if a := ans.Article(); a != nil {
			r.got = a.File + " › " + strings.Join(names(ans.Sections), " + ")
			r.article, r.section, _ = c.judge(ix, ans)
		}
		results = append(results, r)
		if c.Article == "" {
			outScope++
		} else {
			inScope++
		}
		if c.Lang == "zh" {
			zh++
		}
	}
	if inScope < 60 || outScope < 10 || zh < 15 {
		t.Errorf("eval.jsonl has %d questions to answer, %d out of scope, %d in Chinese; want at least 60, 10 and 15", inScope, outScope, zh)
	}

	type tally struct{ in, out, top1, article, rejected int }
	var older, later tally
	var held, heldRight int
	for _, r := range results {
		tl := &older
		if r.c.Parts != nil {
			tl = &later
		}
		switch {
		case r.c.Article == "":
			tl.out++
			if !r.answered {
				tl.rejected++
			}
		default:
			tl.in++
			if r.answered && r.article {
				tl.article++
			}
			if r.ok() {
				tl.top1++
			}
			if r.heldOut {
				held++
				if r.ok() {
					heldRight++
				}
			}
		}
		if !r.ok() {
			want := "decline"
			if r.c.Parts != nil && r.c.Article != "" {
				want = r.c.Lang + ":" + string(r.c.Parts)
			} else if r.c.Article != "" {
				want = r.c.Lang + ":" + r.c.Article + " › " + r.c.Section
			}
			t.Logf("MISS cov=%.2f %q\n\twant %s\n\tgot  %s (answered=%v)", r.coverage, r.c.Q, want, r.got, r.answered)
		}
	}
	t.Logf("eval-a to d and eval.jsonl's own: top-1 %.1f%% (%d/%d), article %.1f%%, held-out top-1 %d/%d; out of scope declined %.1f%% (%d/%d)",
		pct(older.top1, older.in), older.top1, older.in, pct(older.article, older.in), heldRight, held, pct(older.rejected, older.out), older.rejected, older.out)
	t.Logf("eval-e to eval-j: section %.1f%% (%d/%d), article %.1f%%; out of scope declined %.1f%% (%d/%d)",
		pct(later.top1, later.in), later.top1, later.in, pct(later.article, later.in), pct(later.rejected, later.out), later.rejected, later.out)
	for _, g := range []struct {
		name          string
		tl            tally
		top1, decline float64
	}{{"eval-a to d", older, evalMinTop1, evalMinDeclined}, {"eval-e to eval-j", later, evalEMinTop1, evalEMinDeclined}} {
		if pct(g.tl.top1, g.tl.in) < g.top1 {
			t.Errorf("%s: top-1 accuracy %.1f%%, want at least %.0f%%", g.name, pct(g.tl.top1, g.tl.in), g.top1)
		}
		if pct(g.tl.rejected, g.tl.out) < g.decline {
			t.Errorf("%s: out-of-scope rejection %.1f%%, want at least %.0f%%", g.name, pct(g.tl.rejected, g.tl.out), g.decline)
		}
	}
}

func pct(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return 100 * float64(n) / float64(of)
}

// wantLang is the language the answer to c must be in: the question's,
// when the article exists in it, else English.
func wantLang(ix *Index, c evalCase) string {
	if _, ok := ix.Article(c.Article, c.Lang); ok {
		return c.Lang
	}
	return "en"
}

// checkExpected fails the test when an evaluation line names an article
// or section that does not exist, which would count as a miss forever.
func checkExpected(t *testing.T, ix *Index, c evalCase) {
	t.Helper()
	a, ok := ix.Article(c.Article, wantLang(ix, c))
	if !ok {
		t.Errorf("eval question %q: no article %s", c.Q, c.Article)
		return
	}
	var names []string
	for _, s := range a.Sections {
		names = append(names, s.Name())
	}
	if sectionNamed(a.ID, c.Section, names) {
		return
	}
	t.Errorf("eval question %q: article %s has no section %q", c.Q, a.File, c.Section)
}
