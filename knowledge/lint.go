package knowledge

import (
	"bytes"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"strings"
	"time"
)

// Lint checks a folder of articles laid out as en/*.md and zh/*.md and
// returns its problems, sorted by file and line: front matter, empty
// sections, duplicate titles, links to articles that do not exist,
// section aliases comments out of place or malformed, and a missing
// Sources section. An operator's folder is checked as it will be
// served, on top of the bundled articles: a link to a bundled article is
// fine, and a title may repeat only the bundled article it overrides.
func Lint(fsys fs.FS) []Problem {
	files, err := readArticles(fsys)
	if err != nil {
		return []Problem{{File: ".", Message: err.Error(), Fatal: true}}
	}
	var probs []Problem
	exists := map[string]bool{}
	titles := map[string]string{}    // lang + title → file
	versions := map[string]version{} // file → what its twin is checked against
	for _, f := range files {
		exists[f.path] = true
	}
	// The bundled articles are the layer underneath; record them first so
	// that the folder's own files are the ones reported.
	if base, err := readArticles(Bundled()); err == nil {
		for _, f := range base {
			if exists[f.path] {
				continue // overridden by this folder
			}
			exists[f.path] = true
			if a, _, err := ParseArticle(f.path, f.data); err == nil {
				titles[a.Lang+"\x00"+strings.ToLower(a.Title)] = f.path
				versions[f.path] = version{len(a.Sections), a.Reviewed, a.Intent}
			}
		}
	}
	if len(files) == 0 {
		if drafts, _ := readDrafts(fsys); len(drafts) > 0 {
			return nil // a folder of drafts alone, checked by LintDrafts
		}
		return []Problem{{File: ".", Message: "no articles found: expected en/*.md or zh/*.md", Fatal: true}}
	}
	parsed := make([]*Article, len(files))
	fatal := make([]bool, len(files))
	for i, f := range files {
		a, ps, err := ParseArticle(f.path, f.data)
		if err == nil {
			versions[f.path] = version{len(a.Sections), a.Reviewed, a.Intent}
		}
		parsed[i], fatal[i] = a, hasFatal(ps)
		probs = append(probs, ps...)
	}
	for i, f := range files {
		a := parsed[i]
		probs = append(probs, twinProblems(f.path, versions)...)
		if a.TranslationOf != "" {
			switch orig := path.Join(a.TranslationOf, path.Base(f.path)); {
			case a.TranslationOf == a.Lang:
				probs = append(probs, Problem{File: f.path, Line: 1, Message: "front matter: translation names the article's own language; it must name the original's"})
			case !exists[orig]:
				probs = append(probs, Problem{File: f.path, Line: 1, Message: fmt.Sprintf("translation of %s, which does not exist", orig)})
			}
		}
		if a.Title != "" {
			k := a.Lang + "\x00" + strings.ToLower(a.Title)
			if other, dup := titles[k]; dup && other != f.path {
				probs = append(probs, Problem{File: f.path, Line: lineOr1(a.titleLine), Message: fmt.Sprintf("duplicate title %q, also used by %s", a.Title, other)})
			} else {
				titles[k] = f.path
			}
		}
		for _, h := range a.headings {
			if h.empty {
				probs = append(probs, Problem{File: f.path, Line: h.line, Message: fmt.Sprintf("section %q is empty", h.text)})
			}
			if h.level == 1 {
				probs = append(probs, Problem{File: f.path, Line: h.line, Message: "use ## for sections: the title comes from the front matter"})
			}
		}
		if a.sourcesLine == 0 && !fatal[i] {
			probs = append(probs, Problem{File: f.path, Line: bytes.Count(f.data, []byte("\n")), Message: `missing "## Sources" section: every article cites where its facts come from`})
		}
		for _, l := range a.links {
			if target, ok := articleLink(f.path, l.dest); ok && !exists[target] && !existsInAnyLang(exists, target) {
				probs = append(probs, Problem{File: f.path, Line: l.line, Message: fmt.Sprintf("broken link %q: no article %s", l.dest, target)})
			}
		}
	}
	sortProblems(probs)
	return probs
}

func lineOr1(n int) int { return max(n, 1) }

// A version is what Lint compares between an article's languages.
type version struct {
	sections int
	reviewed time.Time
	intent   string
}

// twinProblems reports an article whose other language has another
// number of sections, or was reviewed on another date. A question is
// answered in the asker's language by the section at the same place in
// that language's version, so the versions must have the same sections
// in the same order; and a reader of either language must be told the
// same facts, so a version checked later than the other may say what
// the other does not. Both versions are searched, for questions in
// either language, so they must be written for the same side of a
// complaint (intent): a Chinese version without the English one's
// intent was neither held back for a seller who received a complaint
// nor kept from the learned tables' lift, and answered "how do I
// respond to a DMCA takedown" with how to write one.
func twinProblems(file string, versions map[string]version) []Problem {
	v, ok := versions[file]
	if !ok {
		return nil
	}
	var probs []Problem
	for _, lang := range Languages {
		twin := path.Join(lang, path.Base(file))
		w, ok := versions[twin]
		if !ok || twin == file {
			continue
		}
		if w.sections != v.sections {
			probs = append(probs, Problem{File: file, Line: 1, Message: fmt.Sprintf("sections: %d here, %d in %s: an article's languages must have the same sections in the same order", v.sections, w.sections, twin)})
		}
		if w.intent != v.intent {
			probs = append(probs, Problem{File: file, Line: 1, Message: fmt.Sprintf("intent %q here, %q in %s: an article's languages must be for the same side", v.intent, w.intent, twin)})
		}
		if !w.reviewed.IsZero() && !v.reviewed.IsZero() && !w.reviewed.Equal(v.reviewed) {
			probs = append(probs, Problem{File: file, Line: 1, Message: fmt.Sprintf("reviewed %s, but %s was reviewed %s: check that the two say the same, then give both the date", v.reviewed.Format(time.DateOnly), twin, w.reviewed.Format(time.DateOnly))})
		}
	}
	return probs
}

// articleLink resolves a link to another article, relative to the file it
// is in. It reports false for links that are not to a Markdown file of
// the knowledge base: web addresses, mail, anchors within the page.
func articleLink(file, dest string) (string, bool) {
	u, err := url.Parse(dest)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Path == "" {
		return "", false
	}
	if !strings.HasSuffix(u.Path, ".md") {
		return "", false
	}
	if strings.HasPrefix(u.Path, "/") {
		return strings.TrimPrefix(path.Clean(u.Path), "/"), true
	}
	return path.Join(path.Dir(file), u.Path), true
}

// existsInAnyLang reports whether the article a link points to exists in
// another language: a Chinese article may link to a topic written only in
// English, which is what a Chinese reader is then shown.
func existsInAnyLang(exists map[string]bool, target string) bool {
	for _, lang := range Languages {
		if exists[path.Join(lang, path.Base(target))] {
			return true
		}
	}
	return false
}
