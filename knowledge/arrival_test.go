package knowledge

import (
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
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
	arrivalSave     = flag.String("arrival.save", "", "write which questions TestArrival got right to this file")
	arrivalAgainst  = flag.String("arrival.against", "", "count the questions that changed against a file written by -arrival.save")
)

// A change worth a question or two on a set cannot be told from the
// questions that the refits it causes move back and forth: -arrival.save
// keeps which questions a measurement got right (by file and line, not
// their words), and -arrival.against, on the next measurement, counts
// those that went from wrong to right and from right to wrong, over all
// the files measured. A net gain of 3 made of 4 gained and 1 lost says
// more than one made of 20 and 17.

func TestArrival(t *testing.T) {
	if *arrivalFiles == "" {
		t.Skip("no -arrival.files given")
	}
	ix := openTest(t, Options{})
	var cases []blindCase
	for _, path := range strings.Split(*arrivalFiles, ",") {
		if filepath.Base(path) == "blind.jsonl" {
			t.Fatal("the blind set is measured by TestBlind, which prints totals only")
		}
		cases = append(cases, loadQuestionFile(t, path)...)
	}
	name := *arrivalFiles
	if how := perturb(cases, ix.snap); how != "" {
		name += " with " + how
	}
	m := measureBlindForm(t, ix, cases)
	t.Log(m.report(name))
	if *arrivalAgainst != "" {
		gained, lost, err := compareRight(*arrivalAgainst, m.right)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("against %s: %d questions went from wrong to right, %d from right to wrong", *arrivalAgainst, gained, lost)
	}
	if *arrivalSave != "" {
		if err := saveRight(*arrivalSave, m.right); err != nil {
			t.Fatal(err)
		}
	}
	if *arrivalFailures {
		t.Log("failures:\n" + strings.Join(m.failures, "\n"))
	}
}

// saveRight writes right, one "file:line<TAB>1" or "…<TAB>0" per line.
func saveRight(path string, right map[string]bool) error {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(right)) {
		v := 0
		if right[k] {
			v = 1
		}
		fmt.Fprintf(&b, "%s\t%d\n", k, v)
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// compareRight counts the questions of right that a file written by
// saveRight had wrong and now are right (gained), and the reverse (lost).
// Questions in only one of the two are not counted.
func compareRight(path string, right map[string]bool) (gained, lost int, err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, 0, err
	}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		k, v, ok := strings.Cut(line, "\t")
		if !ok {
			return 0, 0, fmt.Errorf("%s: malformed line %q", path, line)
		}
		now, seen := right[k]
		switch {
		case !seen:
		case v == "0" && now:
			gained++
		case v == "1" && !now:
			lost++
		}
	}
	return gained, lost, nil
}

// TestCompareRight checks the counts -arrival.against prints: one
// question gained, one lost, one unchanged, one new (not counted).
func TestCompareRight(t *testing.T) {
	path := filepath.Join(t.TempDir(), "right")
	if err := saveRight(path, map[string]bool{"a.jsonl:1": false, "a.jsonl:2": true, "a.jsonl:3": true}); err != nil {
		t.Fatal(err)
	}
	gained, lost, err := compareRight(path, map[string]bool{"a.jsonl:1": true, "a.jsonl:2": false, "a.jsonl:3": true, "b.jsonl:1": true})
	if err != nil || gained != 1 || lost != 1 {
		t.Errorf("compareRight = %d gained, %d lost, %v; want 1, 1, nil", gained, lost, err)
	}
	if err := os.WriteFile(path, []byte("no tab here\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := compareRight(path, nil); err == nil {
		t.Error("a malformed file was read without an error")
	}
}
