package knowledge

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// A new file of tuning questions is measured on arrival, before anything
// is changed with it in view: that first figure is a fair estimate for
// questions nobody has written yet, like the blind set's. TestArrival
// measures files in the blind set's form given with -arrival.files and
// prints the figures TestBlind prints; -arrival.failures also prints the
// misses, for reading once the figures are on record. It refuses the
// blind set, whose questions are never read one by one.
//
//	go test ./knowledge -run TestArrival -v -args -arrival.files=testdata/eval-h-en.jsonl
var (
	arrivalFiles    = flag.String("arrival.files", "", "comma-separated question files to measure, in the blind set's form")
	arrivalFailures = flag.Bool("arrival.failures", false, "print the questions TestArrival gets wrong")
)

func TestArrival(t *testing.T) {
	if *arrivalFiles == "" {
		t.Skip("no -arrival.files given")
	}
	ix := openTest(t, Options{})
	type tally struct{ n, section, article int }
	var all tally
	byTag := map[string]*tally{}
	var oos, declined, inScopeDeclined int
	var failures []string
	for _, path := range strings.Split(*arrivalFiles, ",") {
		if filepath.Base(path) == "blind.jsonl" {
			t.Fatal("the blind set is measured by TestBlind, which prints totals only")
		}
		for _, c := range loadQuestionFile(t, path) {
			for _, part := range c.Parts {
				for _, alt := range part {
					if !sectionExists(ix, alt) {
						t.Errorf("%s:%d: no section %q in article %q (in either language)", path, c.line, alt.Section, alt.Article)
					}
				}
			}
			ans, err := ix.Ask(context.Background(), c.Q)
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case c.Parts == nil:
				continue
			case len(c.Parts) == 0:
				oos++
				if !ans.Answered {
					declined++
				} else {
					failures = append(failures, fmt.Sprintf("%s:%d %q\n\twant declined\n\tgot  %s", path, c.line, c.Q, describe(ans)))
				}
				continue
			}
			if !ans.Answered {
				inScopeDeclined++
			}
			sec, art := blindJudge(c, ans)
			for _, k := range append([]string{"", "lang:" + c.Lang}, c.Tags...) {
				x := &all
				if k != "" {
					if byTag[k] == nil {
						byTag[k] = &tally{}
					}
					x = byTag[k]
				}
				x.n++
				if sec {
					x.section++
				}
				if art {
					x.article++
				}
			}
			if !sec {
				failures = append(failures, fmt.Sprintf("%s:%d %q\n\twant %s\n\tgot  %s", path, c.line, c.Q, wantParts(c), describe(ans)))
			}
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "section top-1 %.1f%% (%d/%d), article %.1f%%, in scope but declined %d; out of scope declined %.1f%% (%d/%d)\n",
		pct(all.section, all.n), all.section, all.n, pct(all.article, all.n), inScopeDeclined, pct(declined, oos), declined, oos)
	tags := make([]string, 0, len(byTag))
	for k := range byTag {
		tags = append(tags, k)
	}
	sort.Strings(tags)
	for _, k := range tags {
		fmt.Fprintf(&b, "  %-10s section %5.1f%% article %5.1f%% (%d)\n", k, pct(byTag[k].section, byTag[k].n), pct(byTag[k].article, byTag[k].n), byTag[k].n)
	}
	t.Log(b.String())
	if *arrivalFailures {
		t.Log("failures:\n" + strings.Join(failures, "\n"))
	}
}

// loadQuestionFile reads a file in the blind set's form.
func loadQuestionFile(t testing.TB, path string) []blindCase {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []blindCase
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for n := 1; sc.Scan(); n++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var c blindCase
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatalf("%s:%d: %v", path, n, err)
		}
		c.line = n
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return cases
}
