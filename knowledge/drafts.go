package knowledge

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"time"
	"unicode"

	"gopkg.in/yaml.v3"
)

// DraftsDir is the folder of article drafts inside an operator's article
// folder (IPDESK_KB_DIR), laid out like it: drafts/en/*.md, drafts/zh/*.md.
// Drafts are never served (only en/ and zh/ are read); publishing one is
// moving its file from drafts/en/ to en/.
const DraftsDir = "drafts"

// StatusDraft is the front-matter status of a draft.
const StatusDraft = "draft"

// Draft is one article draft, as read back from its folder.
type Draft struct {
	File     string // "drafts/en/can-i-sell-refurbished-phones.md"
	Title    string
	Lang     string
	Aliases  []string
	Reviewed time.Time // when it was written, or last reviewed
	// Problems are what LintDrafts reports about it.
	Problems []Problem
}

// Drafts reads the drafts of an operator's folder, sorted by file, each
// with its problems. A folder without drafts/ has none.
func Drafts(fsys fs.FS) ([]Draft, error) {
	files, err := readDrafts(fsys)
	if err != nil {
		return nil, err
	}
	probs := lintDrafts(fsys, files)
	var out []Draft
	for _, f := range files {
		a, _, _ := ParseArticle(f.path, f.data)
		d := Draft{File: f.path, Title: a.Title, Lang: a.Lang, Aliases: a.Aliases, Reviewed: a.Reviewed}
		for _, p := range probs {
			if p.File == f.path {
				d.Problems = append(d.Problems, p)
			}
		}
		out = append(out, d)
	}
	return out, nil
}

func readDrafts(fsys fs.FS) ([]articleFile, error) {
	sub, err := fs.Sub(fsys, DraftsDir)
	if err != nil {
		return nil, err
	}
	files, err := readArticles(sub)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	for i := range files {
		files[i].path = path.Join(DraftsDir, files[i].path)
	}
	return files, err
}

// LintDrafts checks the drafts of an operator's folder the way Lint checks
// articles, so that a draft is ready to publish once it is clean: front
// matter with status: draft and at least one alias, no empty sections, a
// Sources section, links to articles that exist (served from the folder or
// bundled), and a title no served article already has. Problems name the
// file as "drafts/en/….md".
func LintDrafts(fsys fs.FS) []Problem {
	files, err := readDrafts(fsys)
	if err != nil {
		return []Problem{{File: DraftsDir, Message: err.Error(), Fatal: true}}
	}
	return lintDrafts(fsys, files)
}

func lintDrafts(fsys fs.FS, files []articleFile) []Problem {
	if len(files) == 0 {
		return nil
	}
	exists := map[string]bool{}
	titles := map[string]string{}
	for _, layer := range []fs.FS{fsys, Bundled()} {
		served, err := readArticles(layer)
		if err != nil {
			continue
		}
		for _, f := range served {
			if exists[f.path] {
				continue
			}
			exists[f.path] = true
			if a, _, err := ParseArticle(f.path, f.data); err == nil {
				titles[a.Lang+"\x00"+strings.ToLower(a.Title)] = f.path
			}
		}
	}
	var probs []Problem
	for _, f := range files {
		a, ps, _ := ParseArticle(f.path, f.data)
		probs = append(probs, ps...)
		fm, _, _, _ := parseFrontMatter(f.path, f.data)
		if fm.Status != StatusDraft && !hasFatal(ps) {
			probs = append(probs, Problem{File: f.path, Line: 1, Message: "front matter: a draft carries status: draft (publish it by moving the file out of drafts/)"})
		}
		if len(a.Aliases) == 0 && !hasFatal(ps) {
			probs = append(probs, Problem{File: f.path, Line: lineOr1(fm.seen["aliases"]), Message: "front matter: a draft needs the question it answers as an alias"})
		}
		if other, dup := titles[a.Lang+"\x00"+strings.ToLower(a.Title)]; dup && a.Title != "" {
			probs = append(probs, Problem{File: f.path, Line: lineOr1(a.titleLine), Message: fmt.Sprintf("title %q is already served by %s", a.Title, other)})
		}
		for _, h := range a.headings {
			if h.empty {
				probs = append(probs, Problem{File: f.path, Line: h.line, Message: fmt.Sprintf("section %q is empty", h.text)})
			}
		}
		if a.sourcesLine == 0 && !hasFatal(ps) {
			probs = append(probs, Problem{File: f.path, Line: 1, Message: `missing "## Sources" section: every article cites where its facts come from`})
		}
		for _, l := range a.links {
			// Links are written as they will be once published, relative
			// to en/ or zh/.
			published := strings.TrimPrefix(f.path, DraftsDir+"/")
			if target, ok := articleLink(published, l.dest); ok && !exists[target] && !existsInAnyLang(exists, target) {
				probs = append(probs, Problem{File: f.path, Line: l.line, Message: fmt.Sprintf("broken link %q: no article %s", l.dest, target)})
			}
		}
	}
	sortProblems(probs)
	return probs
}

// NewDraft is what a draft is written from: a question people asked and
// the answer staff gave.
type NewDraft struct {
	Question string
	Answer   string // CommonMark
	Lang     string // "en" or "zh"
	Asked    time.Time
	Answered time.Time
	// By names who answered, for the Sources note ("staff").
	By string
}

// maxTitle bounds a draft's title, taken from the question.
const maxTitle = 90

// WriteDraft writes a draft article into dir's drafts folder, never over
// an existing file, and returns its path relative to dir
// ("drafts/en/….md"). The question becomes the title and the one alias,
// the answer the body, with status: draft, the date, and a Sources section
// that says where the answer came from and asks for public sources before
// publishing: a draft is lint-clean as written.
func WriteDraft(dir string, d NewDraft) (string, error) {
	if d.Lang != "zh" {
		d.Lang = "en"
	}
	q := strings.Join(strings.Fields(d.Question), " ")
	answer := strings.TrimSpace(strings.ReplaceAll(d.Answer, "\r\n", "\n"))
	if q == "" || answer == "" {
		return "", errors.New("write draft: a draft needs a question and an answer")
	}
	folder := filepath.Join(dir, DraftsDir, d.Lang)
	if err := os.MkdirAll(folder, 0o755); err != nil {
		return "", fmt.Errorf("write draft: %w", err)
	}
	base := draftSlug(q, d.Answered)
	body := draftMarkdown(q, answer, d)
	for i := 1; i < 100; i++ {
		name := base + ".md"
		if i > 1 {
			name = fmt.Sprintf("%s-%d.md", base, i)
		}
		f, err := os.OpenFile(filepath.Join(folder, name), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("write draft: %w", err)
		}
		_, werr := f.WriteString(body)
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			os.Remove(f.Name())
			return "", fmt.Errorf("write draft: %w", werr)
		}
		return path.Join(DraftsDir, d.Lang, name), nil
	}
	return "", fmt.Errorf("write draft: too many drafts named %s", base)
}

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

// draftSlug makes a file name from the question's Latin letters and
// digits; a question without them (Chinese) is named by the date.
func draftSlug(q string, at time.Time) string {
	s := strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(q), "-"), "-")
	if len(s) > 60 {
		s = strings.TrimRight(s[:60], "-")
		if i := strings.LastIndex(s, "-"); i > 30 {
			s = s[:i]
		}
	}
	if s == "" {
		s = "draft-" + at.UTC().Format("2006-01-02")
	}
	return s
}

func draftMarkdown(q, answer string, d NewDraft) string {
	title := []rune(q)
	if len(title) > maxTitle {
		title = append(title[:maxTitle-1], '…')
	}
	if len(title) > 0 {
		title[0] = unicode.ToUpper(title[0])
	}
	date := d.Answered.UTC().Format("2006-01-02")
	by := d.By
	if by == "" {
		by = "staff"
	}
	var b strings.Builder
	b.WriteString("---\n")
	b.WriteString("title: " + yamlQuote(string(title)) + "\n")
	b.WriteString("tags: [draft]\n")
	b.WriteString("aliases: [" + yamlQuote(q) + "]\n")
	b.WriteString("lang: " + d.Lang + "\n")
	b.WriteString("jurisdiction: global\n")
	b.WriteString("reviewed: " + date + "\n")
	b.WriteString("status: " + StatusDraft + "\n")
	b.WriteString("---\n\n")
	// A heading in the answer would start a section; the lead comes
	// first, so a bare answer is the article's lead.
	b.WriteString(demoteTitles(answer) + "\n\n")
	if d.Lang == "zh" {
		b.WriteString("## 来源\n\n")
	} else {
		b.WriteString("## Sources\n\n")
	}
	fmt.Fprintf(&b, "- Answered by %s in chat on %s, to a question asked on %s. Check the answer and cite its public sources here before publishing.\n",
		by, date, d.Asked.UTC().Format("2006-01-02"))
	return b.String()
}

// demoteTitles turns "# " lines of an answer into "## " sections: the
// title comes from the front matter.
func demoteTitles(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "# ") {
			lines[i] = "#" + l
		}
	}
	return strings.Join(lines, "\n")
}

// yamlQuote writes a value as one double-quoted YAML scalar (escapes and
// control characters included), on one line.
func yamlQuote(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	out, err := yaml.Marshal(&yaml.Node{Kind: yaml.ScalarNode, Style: yaml.DoubleQuotedStyle, Value: s})
	if err != nil {
		return `""`
	}
	return strings.TrimSuffix(string(out), "\n")
}
