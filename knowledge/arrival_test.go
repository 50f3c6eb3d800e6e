package knowledge

import (
	"flag"
	"path/filepath"
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
	if *arrivalFailures {
		t.Log("failures:\n" + strings.Join(m.failures, "\n"))
	}
}
