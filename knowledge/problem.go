package knowledge

import (
	"fmt"
	"sort"
	"strings"
)

// A Problem is one thing wrong with an article, located so that an editor
// can jump to it. Fatal problems stop the article from being served; the
// others are reported by Lint only.
type Problem struct {
	File    string
	Line    int
	Message string
	Fatal   bool
}

// String formats the problem the way compilers do, "file:line: message",
// which editors and CI logs turn into links.
func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Message)
	}
	return fmt.Sprintf("%s: %s", p.File, p.Message)
}

// A ParseError lists the fatal problems that kept one article from loading.
type ParseError struct {
	Problems []Problem
}

func (e *ParseError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

func sortProblems(ps []Problem) {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].File != ps[j].File {
			return ps[i].File < ps[j].File
		}
		return ps[i].Line < ps[j].Line
	})
}
