package knowledge

import (
	"bytes"
	"fmt"
	"io/fs"
	"regexp"
	"time"
)

// DefaultStaleDays is how old a fact's check date may be before StaleFacts
// reports it: fees, deadlines and penalties change, typically once a year
// or less often.
const DefaultStaleDays = 365

// checkedDate finds the date a fact was last checked, written after the
// fact as "(checked 2026-11-26)" or in Chinese as "（2026-11-26 核对）", and
// the article's own "reviewed: 2026-11-26" front-matter line.
var checkedDate = regexp.MustCompile(`(?:checked|核对|reviewed:)\s*(\d{4}-\d{2}-\d{2})|(\d{4}-\d{2}-\d{2})\s*核对`)

// StaleFacts reports every check date in the articles of fsys that is
// older than maxAge at now, one warning per line, so that an operator
// knows which facts to re-verify. The problems are never fatal: a stale
// fact keeps being served (with its date) until someone checks it.
func StaleFacts(fsys fs.FS, now time.Time, maxAge time.Duration) ([]Problem, error) {
	files, err := readArticles(fsys)
	if err != nil {
		return nil, err
	}
	cutoff := now.Add(-maxAge)
	var probs []Problem
	for _, f := range files {
		for i, line := range bytes.Split(f.data, []byte("\n")) {
			for _, m := range checkedDate.FindAllSubmatch(line, -1) {
				ds := m[1]
				if len(ds) == 0 {
					ds = m[2]
				}
				d, err := time.Parse(time.DateOnly, string(ds))
				if err != nil || !d.Before(cutoff) {
					continue
				}
				probs = append(probs, Problem{File: f.path, Line: i + 1,
					Message: fmt.Sprintf("warning: checked %s, %d days ago: re-verify against the source", ds, int(now.Sub(d).Hours()/24))})
			}
		}
	}
	sortProblems(probs)
	return probs, nil
}
