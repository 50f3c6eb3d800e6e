package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk/internal/eventually"
)

func TestKBLintBundled(t *testing.T) {
	t.Parallel()
	// The articles' check dates age; a century keeps this test about lint.
	code, out, errOut := runMain(t, "", map[string]string{"IPDESK_KB_STALE_DAYS": "36500"}, "kb", "lint")
	if code != 0 || out != "" || !strings.Contains(errOut, "no problems") {
		t.Fatalf("bundled articles: exit %d\nstdout:\n%s\nstderr: %s", code, out, errOut)
	}
}

func TestKBLintFolderWithProblems(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "en"), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "en", "refurbished.md"), customArticle)
	write(t, filepath.Join(dir, "en", "nofront.md"), "Just text.\n")
	write(t, filepath.Join(dir, "en", "links.md"), strings.Replace(customArticle, "Refurbished goods may",
		"See [the missing page](no-such-article.md). Refurbished goods may", 1))
	write(t, filepath.Join(dir, "en", "empty.md"), strings.Replace(customArticle, "## Sources", "## Nothing here\n\n## Sources", 1))
	code, out, errOut := runMain(t, "", nil, "kb", "lint", dir)
	if code != 1 {
		t.Fatalf("exit %d, want 1\nstdout:\n%s\nstderr: %s", code, out, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	line := regexp.MustCompile(`^` + regexp.QuoteMeta(dir) + `/en/[a-z-]+\.md:\d+: .+$`)
	for _, l := range lines {
		if !line.MatchString(l) {
			t.Errorf("line %q is not file:line: message", l)
		}
	}
	for _, want := range []string{
		filepath.Join(dir, "en", "nofront.md") + ":1: missing front matter",
		filepath.Join(dir, "en", "links.md") + ":", "broken link \"no-such-article.md\"",
		filepath.Join(dir, "en", "empty.md") + ":", `section "Nothing here" is empty`,
		// Two files share the title of refurbished.md.
		"duplicate title",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "refurbished.md:") && !strings.Contains(out, "duplicate title") {
		t.Errorf("the good article was reported:\n%s", out)
	}

	code, _, errOut = runMain(t, "", nil, "kb", "lint", filepath.Join(dir, "missing"))
	if code != 1 || !strings.Contains(errOut, "is not a folder") {
		t.Errorf("missing folder: exit %d, %q", code, errOut)
	}
	code, _, errOut = runMain(t, "", nil, "kb", "frob")
	if code != 1 || !strings.Contains(errOut, `unknown kb command "frob"`) {
		t.Errorf("unknown kb command: exit %d, %q", code, errOut)
	}
}

// TestConsoleQuestionsAndGaps asks at the console as the run command
// serves it, votes, forwards a question to staff, and then reads the gaps
// on the command line from the same database.
func TestConsoleQuestionsAndGaps(t *testing.T) {
	t.Parallel()
	env := map[string]string{"IPDESK_DB": filepath.Join(t.TempDir(), "ipdesk.db")}
	out := runConsole(t, env,
		"/as seller1",
		"how long does a US trademark last?",
		"2", // Not helpful
		"What are the shipping rates to Canada?",
		"1", // Talk to staff
		"/as seller2",
		"what are the shipping rates to canada",
		"/as staff",
		"kb gaps",
	)
	checkTranscript(t, out,
		"Trademarks in the US", "Source: Trademarks in the US › ", "General information, not legal advice.",
		"[1] Helpful", "[2] Not helpful", "[3] Talk to staff",
		"Thanks for telling us",
		"I don't have a good answer to “What are the shipping rates to Canada?”", "Report a listing",
		"[#review] Question for staff from console:seller1", "passed your question to staff",
		"Unanswered questions", "“what are the shipping rates to canada” — asked 2×",
		"Answers marked not helpful",
	)

	code, out, errOut := runMain(t, "", env, "kb", "gaps", "--limit", "5")
	if code != 0 {
		t.Fatalf("kb gaps: exit %d; %s", code, errOut)
	}
	if !strings.Contains(out, "1. “what are the shipping rates to canada” — asked 2×") ||
		!regexp.MustCompile(`Trademarks in the US › .+ \(en/tm-us\) — 1 not helpful, 0 helpful`).MatchString(out) {
		t.Errorf("kb gaps:\n%s", out)
	}
	if code, _, errOut := runMain(t, "", env, "kb", "gaps", "--limit", "0"); code != 1 || !strings.Contains(errOut, "--limit: want a number") {
		t.Errorf("--limit 0: exit %d, %q", code, errOut)
	}
}

// TestRunReportsAndReloadsOperatorArticles runs the console bot on an
// operator folder holding a broken article: staff are told in the review
// channel, and an article added while the bot runs is answered from
// without a restart.
func TestRunReportsAndReloadsOperatorArticles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "en"), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "en", "broken.md"), "no front matter\n")
	in, feed := io.Pipe()
	var out, errOut syncBuffer
	env := &Env{Stdin: in, Stdout: &out, Stderr: &errOut, Getenv: func(k string) string {
		return map[string]string{"IPDESK_DB": filepath.Join(t.TempDir(), "ipdesk.db"), "IPDESK_KB_DIR": dir}[k]
	}}
	// Generous: a rebuild of the whole base under the race detector on a
	// busy machine takes tens of seconds. The wait is for the change.
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	done := make(chan int, 1)
	go func() { done <- Main(ctx, env, nil) }()
	defer func() {
		feed.Close()
		if code := <-done; code != 0 {
			t.Errorf("exit %d; %s", code, errOut.String())
		}
	}()
	waitFor := func(what string, ok func(string) bool, poke func()) {
		t.Helper()
		var poked time.Time
		eventually.Check(t, ctx, what, func() error {
			s := out.String()
			if ok(s) {
				return nil
			}
			// Ask again now and then, not at every look: every question
			// asked is answered, and the transcript would fill with them.
			if poke != nil && time.Since(poked) >= 200*time.Millisecond {
				poke()
				poked = time.Now()
			}
			return fmt.Errorf("not in the transcript:\n%s", s)
		})
	}
	waitFor("the review notice", func(s string) bool {
		return strings.Contains(s, "[#review] Knowledge base: a problem in the operator's article folder") && strings.Contains(s, "broken.md")
	}, nil)
	if !strings.Contains(errOut.String(), "knowledge base problem") {
		t.Errorf("the problem was not logged: %s", errOut.String())
	}

	write(t, filepath.Join(dir, "en", "refurbished.md"), customArticle)
	waitFor("the new article", func(s string) bool {
		return strings.Contains(s, "Selling refurbished branded electronics")
	}, func() { io.WriteString(feed, "can I sell refurbished phones under the original brand\n") })
}

// Facts checked too long ago are warnings: printed, counted, not failing.
func TestKBLintWarnsAboutStaleFacts(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "en"), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "en", "refurbished.md"), strings.Replace(customArticle, "Refurbished goods may",
		"The fee was $10 (checked 2020-01-02). Refurbished goods may", 1))
	code, out, errOut := runMain(t, "", nil, "kb", "lint", "--kb-stale-days", "400", dir)
	if code != 0 {
		t.Fatalf("exit %d, want 0\nstdout:\n%s\nstderr: %s", code, out, errOut)
	}
	want := filepath.Join(dir, "en", "refurbished.md") + ":"
	if !strings.Contains(out, want) || !strings.Contains(out, "warning: checked 2020-01-02") || !strings.Contains(errOut, "checked more than 400 days ago") {
		t.Fatalf("no stale warning\nstdout:\n%s\nstderr: %s", out, errOut)
	}
}

func TestKBCoverage(t *testing.T) {
	t.Parallel()
	code, out, errOut := runMain(t, "", nil, "kb", "coverage")
	if code != 0 || !strings.Contains(out, "all areas") || !strings.Contains(out, " 0 uncovered") {
		t.Fatalf("bundled map: exit %d\nstdout:\n%s\nstderr: %s", code, out, errOut)
	}
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "en"), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "en", "refurbished.md"), customArticle)
	m := filepath.Join(dir, "map.yaml")
	write(t, m, `- area: listings
  entries:
    - topic: Labelling refurbished goods
      source: FTC guides
      article: refurbished
      section: How to label refurbished goods
    - topic: Opposing a US application
      source: TTAB manual
      article: tm-us-opposition
      section: Deadline to oppose
`)
	code, out, errOut = runMain(t, "", nil, "kb", "coverage", "--map", m, dir)
	if code != 1 || !strings.Contains(out, m+":7: \"Opposing a US application\": no English article \"tm-us-opposition\"") ||
		!strings.Contains(out, "2 entries,    1 covered, 1 uncovered") {
		t.Fatalf("exit %d, want 1 with the missing article named\nstdout:\n%s\nstderr: %s", code, out, errOut)
	}
}
