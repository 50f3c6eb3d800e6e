package knowledge

import (
	"bytes"
	_ "embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// The topic map (topics.yaml) lists the questions sellers and consumers
// meet, by area, each with the public source it was drawn from and the
// article section that answers it. It is written from office manuals,
// marketplace help centres and statutes, never from test questions, and
// it is what "is the knowledge base broad enough" is checked against:
// Coverage reports every entry whose article or section does not exist.
//
//go:embed topics.yaml
var bundledTopics []byte

// BundledTopics returns the topic map shipped with the bundled articles.
func BundledTopics() []byte { return bundledTopics }

// A TopicArea is one area of the map ("trademarks", "enforcement") and the
// entries in it.
type TopicArea struct {
	Area    string       `yaml:"area"`
	Entries []TopicEntry `yaml:"entries"`
}

// A TopicEntry is one need ("responding to a USPTO office action"), where
// it comes from, and the English article section that covers it. An empty
// Section names the article's opening summary.
type TopicEntry struct {
	Topic   string `yaml:"topic"`
	Source  string `yaml:"source"`
	Article string `yaml:"article"`
	Section string `yaml:"section"`
	// Line is the entry's line in the map file, for problems.
	Line int `yaml:"-"`
}

// ParseTopics reads a topic map. Problems are located by line in name; a
// map that is not YAML of the documented shape is one fatal problem.
func ParseTopics(name string, data []byte) ([]TopicArea, []Problem) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, []Problem{{File: name, Message: "topic map: " + err.Error(), Fatal: true}}
	}
	if len(root.Content) == 0 {
		return nil, []Problem{{File: name, Line: 1, Message: "topic map is empty", Fatal: true}}
	}
	list := root.Content[0]
	if list.Kind != yaml.SequenceNode {
		return nil, []Problem{{File: name, Line: list.Line, Message: "topic map: want a list of areas (- area: NAME, entries: [...])", Fatal: true}}
	}
	var (
		areas []TopicArea
		probs []Problem
	)
	seen := map[string]int{} // area + topic → line
	for _, an := range list.Content {
		var a TopicArea
		if err := an.Decode(&a); err != nil {
			probs = append(probs, Problem{File: name, Line: an.Line, Message: "topic map: " + err.Error(), Fatal: true})
			continue
		}
		if strings.TrimSpace(a.Area) == "" {
			probs = append(probs, Problem{File: name, Line: an.Line, Message: "topic map: an area has no name", Fatal: true})
		}
		// Find the entries' nodes for their lines.
		var entryNodes []*yaml.Node
		for i := 0; i+1 < len(an.Content); i += 2 {
			if an.Content[i].Value == "entries" && an.Content[i+1].Kind == yaml.SequenceNode {
				entryNodes = an.Content[i+1].Content
			}
		}
		for i := range a.Entries {
			e := &a.Entries[i]
			if i < len(entryNodes) {
				e.Line = entryNodes[i].Line
			}
			switch {
			case strings.TrimSpace(e.Topic) == "":
				probs = append(probs, Problem{File: name, Line: e.Line, Message: "topic map: entry has no topic"})
			case strings.TrimSpace(e.Source) == "":
				probs = append(probs, Problem{File: name, Line: e.Line, Message: fmt.Sprintf("topic map: %q names no source", e.Topic)})
			case strings.TrimSpace(e.Article) == "":
				probs = append(probs, Problem{File: name, Line: e.Line, Message: fmt.Sprintf("topic map: %q names no article", e.Topic)})
			}
			k := a.Area + "\x00" + strings.ToLower(strings.TrimSpace(e.Topic))
			if prev, dup := seen[k]; dup {
				probs = append(probs, Problem{File: name, Line: e.Line, Message: fmt.Sprintf("topic map: %q is listed twice in %s (also line %d)", e.Topic, a.Area, prev)})
			} else {
				seen[k] = e.Line
			}
		}
		areas = append(areas, a)
	}
	return areas, probs
}

// An AreaCoverage counts one area's entries and lists those not covered.
type AreaCoverage struct {
	Area      string
	Entries   int
	Uncovered []Problem
}

// Coverage checks every entry of the map against the English articles of
// fsys (laid out as en/*.md): the article must exist and hold a section
// with exactly the entry's heading. It returns one result per area, in
// the map's order.
func Coverage(name string, areas []TopicArea, fsys fs.FS) ([]AreaCoverage, error) {
	files, err := readArticles(fsys)
	if err != nil {
		return nil, err
	}
	sections := map[string]map[string]bool{} // article id → section names
	for _, f := range files {
		if !strings.HasPrefix(f.path, "en/") {
			continue
		}
		a, _, err := ParseArticle(f.path, f.data)
		if err != nil {
			continue // Lint reports it
		}
		names := map[string]bool{}
		for _, s := range a.Sections {
			names[s.Name()] = true
		}
		names[""] = true // the opening summary
		sections[a.ID] = names
	}
	var out []AreaCoverage
	for _, a := range areas {
		c := AreaCoverage{Area: a.Area, Entries: len(a.Entries)}
		for _, e := range a.Entries {
			names, ok := sections[e.Article]
			switch {
			case !ok:
				c.Uncovered = append(c.Uncovered, Problem{File: name, Line: e.Line, Message: fmt.Sprintf("%q: no English article %q", e.Topic, e.Article)})
			case !names[e.Section]:
				c.Uncovered = append(c.Uncovered, Problem{File: name, Line: e.Line, Message: fmt.Sprintf("%q: article %q has no section %q", e.Topic, e.Article, e.Section)})
			}
		}
		sortProblems(c.Uncovered)
		out = append(out, c)
	}
	return out, nil
}

// CoverageReport formats a coverage result as plain text: one line per
// area with its count, then each uncovered entry as "file:line: message".
func CoverageReport(cov []AreaCoverage) string {
	var b bytes.Buffer
	total, missing := 0, 0
	sorted := append([]AreaCoverage(nil), cov...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Area < sorted[j].Area })
	for _, c := range sorted {
		total += c.Entries
		missing += len(c.Uncovered)
		fmt.Fprintf(&b, "%-28s %4d entries, %4d covered, %d uncovered\n", c.Area, c.Entries, c.Entries-len(c.Uncovered), len(c.Uncovered))
	}
	fmt.Fprintf(&b, "%-28s %4d entries, %4d covered, %d uncovered\n", "all areas", total, total-missing, missing)
	for _, c := range sorted {
		for _, p := range c.Uncovered {
			fmt.Fprintln(&b, p.String())
		}
	}
	return b.String()
}
