package knowledge

import (
	"bytes"
	"fmt"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// An Article is one Markdown file of the knowledge base, split into the
// sections that questions are answered from.
type Article struct {
	// ID is the file name without ".md"; the English and Chinese versions
	// of an article share it.
	ID   string
	Lang string
	// File is the path of the article inside its folder, "en/tm-us.md".
	File         string
	Title        string
	Tags         []string
	Aliases      []string
	Jurisdiction string
	// jurisdictions are the codes Jurisdiction names (see
	// articleJurisdictions).
	jurisdictions []string
	// marketplaces are the marketplace keys its tags name (see
	// articleMarketplaces), or its other language's (see shareTags).
	marketplaces []string
	// ruleTags are the tags rules read (ruleTagNames) that it or its
	// other language has (see shareTags).
	ruleTags []string
	Reviewed time.Time
	// Intent says which side of a complaint the article is for, from the
	// front matter's optional intent: IntentRespond for a seller who has
	// received one (a takedown playbook, a counter-notice), IntentReport
	// for someone who files one (a DMCA notice, a platform's report
	// form), IntentBuyer for a buyer of a fake (not for a seller who
	// received a complaint), or "" for both or neither. A question that
	// shows which side it is on ("I got...", "how do I send...") prefers
	// the articles of that side; see questionIntent.
	Intent string
	// TranslationOf is the language of the article this one translates,
	// from the front matter's optional translation, or "". A
	// translation is searched, at a share of its score when its
	// original is served (see translationWeight), so that a question in
	// its language meets its words; when the search finds the original
	// instead, for a reader of the translation's language, the sections
	// are chosen in the original and shown from the translation at the
	// same places (the versions have the same sections in order).
	//
	// The Chinese translations of the English-only articles were at first
	// not searched: searching them had lowered the sections right on
	// every question set. With the retrieval of today, relearned and
	// refitted, searching them at a share of their score
	// (translationWeight) raises the tuning files from 578 to 583 of 747
	// and moves the judges (eval-k to eval-x, eval-y-oos, eval-p-oos) 38
	// questions from wrong to right and 23 the other way: eval-v to
	// eval-x, written for the sections nobody had asked about, 199 to
	// 221 of 491, against eval-k to eval-q 474 to 471 of 655, eval-r 76
	// to 74 of 110 and eval-u 101 to 100 of 125; out of scope declined
	// as before on every set but eval-k to eval-q (241 to 239 of 245).
	TranslationOf string
	// Sections lists the article's sections in order; the text before the
	// first heading, when there is any, comes first with an empty Heading.
	Sections []*Section
	// Sources is the Markdown list under "## Sources" ("## 来源"). It is not
	// answered from, but shown with every answer from the article.
	Sources string

	links       []link
	sourcesLine int
	titleLine   int
	headings    []headingRef
}

// A Section is the text under one heading, up to the next heading.
type Section struct {
	// Heading is the path of headings from the outermost down to this
	// section's own, used for citations; empty for the introduction.
	Heading []string
	// Line is the 1-based line of the heading (or of the first line of the
	// introduction) in the article's file.
	Line int
	// Markdown is the section body as written, without its heading (and
	// without its aliases comment).
	Markdown string
	// Aliases are other ways people ask for this section, from an
	// <!-- aliases: [...] --> comment right under its heading.
	Aliases []string

	article *Article
	text    string // plain text of the body, for the index
}

// Article returns the article the section belongs to.
func (s *Section) Article() *Article { return s.article }

// Name returns the section's own heading, or "" for the introduction.
func (s *Section) Name() string {
	if len(s.Heading) == 0 {
		return ""
	}
	return s.Heading[len(s.Heading)-1]
}

// Citation names the section for a reader: the article title and the
// heading path, "Trademarks in the US › Keeping a US registration alive".
func (s *Section) Citation() string {
	return strings.Join(append([]string{s.article.Title}, s.Heading...), " › ")
}

// Empty reports whether the section has no text of its own; a parent
// heading whose content is all in its subsections is empty.
func (s *Section) Empty() bool { return strings.TrimSpace(s.text) == "" }

// Lead returns the first section with text, which stands for the article
// when it is offered as a related topic.
func (a *Article) Lead() *Section {
	for _, s := range a.Sections {
		if !s.Empty() {
			return s
		}
	}
	return nil
}

// key identifies an article version: one id in one language.
func (a *Article) key() string { return a.Lang + "/" + a.ID }

// A link is a reference from an article to another file, kept for Lint.
type link struct {
	dest string
	line int
}

type headingRef struct {
	text  string
	level int
	line  int
	empty bool
}

var (
	// idPattern is what an article file name must look like, so ids are
	// safe to use in button values and URLs.
	idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
	markdown  = goldmark.New()
)

// isSourcesHeading reports whether a heading opens the source list.
func isSourcesHeading(h string) bool {
	h = strings.ToLower(strings.TrimSpace(h))
	return h == "sources" || h == "来源" || h == "來源" || h == "参考来源"
}

// ParseArticle parses one article. file is its path inside the articles
// folder ("en/tm-us.md"): the directory gives the language and the base
// name the id. The returned problems include non-fatal ones for Lint; the
// error is a *ParseError when any problem keeps the article from serving.
func ParseArticle(file string, src []byte) (*Article, []Problem, error) {
	dir, base := path.Split(file)
	dir = strings.TrimSuffix(dir, "/")
	id := strings.TrimSuffix(base, ".md")
	fm, bodyOff, bodyLine, probs := parseFrontMatter(file, src)
	bad := func(line int, fatal bool, format string, args ...any) {
		probs = append(probs, Problem{File: file, Line: line, Message: fmt.Sprintf(format, args...), Fatal: fatal})
	}
	if !strings.HasSuffix(base, ".md") || !idPattern.MatchString(id) {
		bad(0, true, "file name must be lower-case letters, digits and dashes ending in .md, like tm-us.md")
	}
	if path.Base(dir) != "en" && path.Base(dir) != "zh" {
		bad(0, true, "article must be in an en/ or zh/ folder")
	} else if fm.Lang != "" && fm.Lang != path.Base(dir) {
		bad(fm.seen["lang"], true, "lang is %s but the file is in the %s/ folder", fm.Lang, path.Base(dir))
	}
	a := &Article{
		ID:            id,
		Lang:          path.Base(dir),
		File:          file,
		Title:         fm.Title,
		Tags:          fm.Tags,
		Aliases:       fm.Aliases,
		Jurisdiction:  fm.Jurisdiction,
		jurisdictions: articleJurisdictions(fm.Jurisdiction),
		marketplaces:  articleMarketplaces(fm.Tags),
		Reviewed:      fm.Reviewed,
		Intent:        fm.Intent,
		TranslationOf: fm.Translation,
		titleLine:     fm.seen["title"],
	}
	for _, k := range requiredKeys {
		if _, ok := fm.seen[k]; !ok && k != "title" && bodyOff > 0 {
			bad(1, false, "front matter: %s is missing", k)
		}
	}
	if bodyOff > 0 {
		for _, p := range parseBody(a, src[bodyOff:], bodyLine) {
			bad(p.line, false, "%s", p.msg)
		}
	}
	if hasFatal(probs) {
		return a, probs, &ParseError{Problems: fatalOnly(probs)}
	}
	return a, probs, nil
}

func hasFatal(ps []Problem) bool {
	for _, p := range ps {
		if p.Fatal {
			return true
		}
	}
	return false
}

func fatalOnly(ps []Problem) []Problem {
	var out []Problem
	for _, p := range ps {
		if p.Fatal {
			out = append(out, p)
		}
	}
	return out
}

// bodyProblem is a problem found in an article's body, for Lint.
type bodyProblem struct {
	line int
	msg  string
}

// aliasCommentList returns the list of a section's aliases comment,
// "<!-- aliases: [...] -->" (the list in the front matter's syntax), and
// whether the HTML block b is one.
func aliasCommentList(b []byte) (string, bool) {
	s := strings.TrimSpace(string(b))
	if !strings.HasPrefix(s, "<!--") || !strings.HasSuffix(s, "-->") || len(s) < len("<!---->") {
		return "", false
	}
	s = strings.TrimSpace(s[len("<!--") : len(s)-len("-->")])
	rest, ok := strings.CutPrefix(s, "aliases")
	if !ok {
		return "", false
	}
	rest, ok = strings.CutPrefix(strings.TrimSpace(rest), ":")
	if !ok {
		return "", false
	}
	return strings.TrimSpace(rest), true
}

// sectionAliases reads an HTML block that may be an aliases comment. It
// reports whether it is one, and its list or what is wrong with it.
func sectionAliases(hb *ast.HTMLBlock, src []byte) (list []string, ok bool, err error) {
	var b bytes.Buffer
	for i := 0; i < hb.Lines().Len(); i++ {
		seg := hb.Lines().At(i)
		b.Write(seg.Value(src))
	}
	if hb.HasClosure() {
		b.Write(hb.ClosureLine.Value(src))
	}
	val, ok := aliasCommentList(b.Bytes())
	if !ok {
		return nil, false, nil
	}
	list, err = parseList(val)
	return list, true, err
}

// htmlBlockEnd returns the offset just past an HTML block.
func htmlBlockEnd(src []byte, hb *ast.HTMLBlock) int {
	last := hb.Lines().At(hb.Lines().Len() - 1)
	if hb.HasClosure() {
		last = hb.ClosureLine
	}
	return lineEnd(src, last.Start)
}

// parseBody splits the Markdown body into sections by heading. The body
// starts at line firstLine of the file.
func parseBody(a *Article, body []byte, firstLine int) []bodyProblem {
	doc := markdown.Parser().Parse(text.NewReader(body))
	nl := newlineIndex(body)
	lineOf := func(off int) int { return firstLine + sort.SearchInts(nl, off) }

	type open struct {
		level int
		text  string
	}
	var (
		stack     []open
		cur       = &Section{article: a, Line: firstLine}
		curStart  = 0
		inSources = false
		srcLevel  = 0
		introLine = false
		text      strings.Builder
		underHead = false // no block yet since the last heading
		probs     []bodyProblem
	)
	finish := func(end int) {
		md := strings.TrimSpace(string(body[curStart:end]))
		cur.Markdown = md
		cur.text = text.String()
		text.Reset()
		if inSources {
			if a.Sources != "" && md != "" {
				md = a.Sources + "\n\n" + md
			}
			a.Sources = md
			return
		}
		if len(cur.Heading) == 0 && md == "" {
			return // no introduction
		}
		a.Sections = append(a.Sections, cur)
	}
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		h, ok := n.(*ast.Heading)
		if hb, isHTML := n.(*ast.HTMLBlock); isHTML && hb.Lines().Len() > 0 {
			if list, isAliases, err := sectionAliases(hb, body); isAliases {
				line := lineOf(blockPos(hb))
				switch {
				case !underHead:
					probs = append(probs, bodyProblem{line, "an aliases comment must come right under a section heading; the article's aliases go in the front matter"})
				case err != nil:
					probs = append(probs, bodyProblem{line, fmt.Sprintf("aliases comment: %v", err)})
				case len(list) == 0:
					probs = append(probs, bodyProblem{line, "aliases comment lists no aliases"})
				case inSources:
					probs = append(probs, bodyProblem{line, "the Sources section takes no aliases"})
				default:
					cur.Aliases = list
					curStart = htmlBlockEnd(body, hb)
				}
				underHead = false
				continue
			}
		}
		if !ok {
			underHead = false
			collectText(&text, n, body)
			collectLinks(a, n, body, lineOf)
			if !introLine && len(cur.Heading) == 0 {
				if p := blockPos(n); p >= 0 {
					cur.Line, introLine = lineOf(p), true
				}
			}
			continue
		}
		start := lineStart(body, blockPos(h))
		finish(start)
		title := strings.TrimSpace(string(plainText(h, body)))
		for len(stack) > 0 && stack[len(stack)-1].level >= h.Level {
			stack = stack[:len(stack)-1]
		}
		if inSources && h.Level <= srcLevel {
			inSources = false
		}
		if !inSources && isSourcesHeading(title) {
			inSources, srcLevel = true, h.Level
			a.sourcesLine = lineOf(start)
		}
		stack = append(stack, open{h.Level, title})
		path := make([]string, len(stack))
		for i, o := range stack {
			path[i] = o.text
		}
		cur = &Section{article: a, Heading: path, Line: lineOf(start)}
		curStart = headingEnd(body, h)
		underHead = true
		a.headings = append(a.headings, headingRef{text: title, level: h.Level, line: cur.Line})
	}
	finish(len(body))
	// A heading is empty when nothing, not even a subsection, follows it.
	for i := range a.headings {
		h := &a.headings[i]
		var next *headingRef
		if i+1 < len(a.headings) {
			next = &a.headings[i+1]
		}
		if next != nil && next.level > h.level {
			continue
		}
		for _, s := range a.Sections {
			if s.Line == h.line && s.Empty() {
				h.empty = true
			}
		}
		if isSourcesHeading(h.text) && strings.TrimSpace(a.Sources) == "" {
			h.empty = true
		}
	}
	return probs
}

// blockPos returns where a block starts in the source, or -1.
func blockPos(n ast.Node) int {
	if p := n.Pos(); p >= 0 {
		return p
	}
	if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
		return n.Lines().At(0).Start
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if p := blockPos(c); p >= 0 {
			return p
		}
	}
	return -1
}

func lineStart(src []byte, off int) int {
	if off < 0 {
		return 0
	}
	return bytes.LastIndexByte(src[:off], '\n') + 1
}

func lineEnd(src []byte, off int) int {
	if i := bytes.IndexByte(src[off:], '\n'); i >= 0 {
		return off + i + 1
	}
	return len(src)
}

// headingEnd returns the offset just past a heading, including the
// underline of a setext heading.
func headingEnd(src []byte, h *ast.Heading) int {
	off := blockPos(h)
	if h.Lines().Len() > 0 {
		off = h.Lines().At(h.Lines().Len() - 1).Start
	}
	end := lineEnd(src, max(off, 0))
	next := strings.TrimSpace(string(src[end:lineEnd(src, end)]))
	if next != "" && (strings.Trim(next, "=") == "" || strings.Trim(next, "-") == "") && !bytes.HasPrefix(bytes.TrimSpace(src[lineStart(src, off):end]), []byte("#")) {
		end = lineEnd(src, end)
	}
	return end
}

func newlineIndex(src []byte) []int {
	var nl []int
	for i, c := range src {
		if c == '\n' {
			nl = append(nl, i)
		}
	}
	return nl
}

// plainText returns the text of an inline container without markup.
func plainText(n ast.Node, src []byte) []byte {
	var b bytes.Buffer
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			b.Write(t.Value(src))
			if t.SoftLineBreak() || t.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(t.Value)
		}
		return ast.WalkContinue, nil
	})
	return b.Bytes()
}

// collectText appends the readable text of a block: paragraphs, list items,
// code, but not link destinations or HTML.
func collectText(w *strings.Builder, n ast.Node, src []byte) {
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			if c.Type() == ast.TypeBlock {
				w.WriteByte('\n')
			}
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			w.Write(t.Value(src))
			w.WriteByte(' ')
		case *ast.String:
			w.Write(t.Value)
		case *ast.CodeBlock, *ast.FencedCodeBlock:
			for i := 0; i < t.Lines().Len(); i++ {
				seg := t.Lines().At(i)
				w.Write(seg.Value(src))
			}
			return ast.WalkSkipChildren, nil
		case *ast.AutoLink:
			w.Write(t.Label(src))
			w.WriteByte(' ')
		case *ast.HTMLBlock, *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
}

func collectLinks(a *Article, n ast.Node, src []byte, lineOf func(int) int) {
	line := lineOf(max(blockPos(n), 0))
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if c.Type() == ast.TypeBlock {
			if p := blockPos(c); p >= 0 {
				line = lineOf(p)
			}
		}
		if l, ok := c.(*ast.Link); ok {
			ln := line
			if p := l.Pos(); p >= 0 {
				ln = lineOf(p)
			}
			a.links = append(a.links, link{dest: string(l.Destination), line: ln})
		}
		return ast.WalkContinue, nil
	})
}

// ruleTagNames are the tags that rules read, whatever language an
// article is written in: an article for rights owners, the desk's own
// article, and the one on what the desk does not cover.
var ruleTagNames = []string{rightsOwnerTag, deskTag, outsideTag}

// hasRuleTag reports whether the article, in either of its languages, is
// tagged t, one of ruleTagNames.
func (a *Article) hasRuleTag(t string) bool {
	return slices.Contains(a.ruleTags, t) || slices.Contains(a.Tags, t)
}

// shareTags gives each article the marketplaces and rule tags its other
// languages' tags name. An article says the same in each language, but
// its tags are written in its own: the Chinese articles' tags (亚马逊,
// 权利人) name no marketplace key and no rule tag, so a Chinese article
// on Amazon was not lifted for a question naming Amazon, and a Chinese
// portal for rights owners was not held back for a buyer who reports a
// fake ("在Temu买到假的耳机，怎么举报" got Temu's IP portal, the same
// question in English the buyers' article).
func shareTags(arts map[string]*Article) {
	byID := map[string][]*Article{}
	for _, a := range arts {
		byID[a.ID] = append(byID[a.ID], a)
	}
	for _, group := range byID {
		var markets, rules []string
		for _, a := range group {
			markets = append(markets, articleMarketplaces(a.Tags)...)
			for _, t := range ruleTagNames {
				if slices.Contains(a.Tags, t) {
					rules = append(rules, t)
				}
			}
		}
		slices.Sort(markets)
		markets = slices.Compact(markets)
		slices.Sort(rules)
		rules = slices.Compact(rules)
		for _, a := range group {
			a.marketplaces, a.ruleTags = markets, rules
		}
	}
}
