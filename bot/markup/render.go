package markup

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// nodeRenderer renders one goldmark node kind per function into a *writer.
// It holds only the target format; everything that changes while a document
// renders lives in the writer.
type nodeRenderer struct {
	f Format
}

var _ renderer.NodeRenderer = (*nodeRenderer)(nil)

// rule is the thematic break on every platform: none of them draws one.
const rule = "──────────"

// RegisterFuncs registers a function for every node kind goldmark and the
// enabled extensions produce, so no kind falls through unrendered.
func (r *nodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindDocument, nop)
	reg.Register(ast.KindParagraph, r.block)
	reg.Register(ast.KindTextBlock, r.block)
	reg.Register(ast.KindList, r.list)
	reg.Register(ast.KindHeading, r.heading)
	reg.Register(ast.KindThematicBreak, r.thematicBreak)
	reg.Register(ast.KindCodeBlock, r.codeBlock)
	reg.Register(ast.KindFencedCodeBlock, r.codeBlock)
	reg.Register(ast.KindBlockquote, r.blockquote)
	reg.Register(ast.KindListItem, r.listItem)
	reg.Register(ast.KindHTMLBlock, r.htmlBlock)
	reg.Register(ast.KindLinkReferenceDefinition, skip)

	reg.Register(ast.KindText, r.text)
	reg.Register(ast.KindString, r.string)
	reg.Register(ast.KindCodeSpan, r.codeSpan)
	reg.Register(ast.KindEmphasis, r.emphasis)
	reg.Register(ast.KindLink, r.link)
	reg.Register(ast.KindImage, r.link)
	reg.Register(ast.KindAutoLink, r.autoLink)
	reg.Register(ast.KindRawHTML, r.rawHTML)

	reg.Register(east.KindStrikethrough, r.strikethrough)
	reg.Register(east.KindTable, r.table)
	reg.Register(east.KindTableHeader, r.tableRow)
	reg.Register(east.KindTableRow, r.tableRow)
	reg.Register(east.KindTableCell, r.tableCell)
}

func nop(util.BufWriter, []byte, ast.Node, bool) (ast.WalkStatus, error) {
	return ast.WalkContinue, nil
}

func skip(util.BufWriter, []byte, ast.Node, bool) (ast.WalkStatus, error) {
	return ast.WalkSkipChildren, nil
}

// block renders a block whose look comes entirely from its children.
func (r *nodeRenderer) block(bw util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	w := bw.(*writer)
	if entering {
		w.beginBlock(n)
	} else {
		w.endBlock(n)
	}
	return ast.WalkContinue, nil
}

// list is a container: its first item needs no separator.
func (r *nodeRenderer) list(bw util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	w := bw.(*writer)
	if entering {
		w.beginBlock(n)
		w.containers = append(w.containers, len(w.buf))
	} else {
		w.containers = w.containers[:len(w.containers)-1]
		w.endBlock(n)
	}
	return ast.WalkContinue, nil
}

// heading renders a heading as a bold line (Slack, Discord) or an underlined
// line (Plain). Discord's # headings would also work in messages but not in
// embed fields, and bold reads the same everywhere a reply may land.
func (r *nodeRenderer) heading(bw util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	w := bw.(*writer)
	if entering {
		w.beginBlock(n)
		w.strong++
		w.mark()
		return ast.WalkContinue, nil
	}
	w.strong--
	c := strings.TrimSpace(strings.ReplaceAll(w.take(), "\n", " "))
	if c != "" {
		switch r.f {
		case Slack:
			w.buf = append(w.buf, '*')
			w.buf = append(w.buf, c...)
			w.buf = append(w.buf, '*')
		case Discord:
			w.buf = append(w.buf, "**"...)
			w.buf = append(w.buf, c...)
			w.buf = append(w.buf, "**"...)
		default:
			underline := "-"
			if n.(*ast.Heading).Level == 1 {
				underline = "="
			}
			w.buf = append(w.buf, c...)
			w.buf = append(w.buf, '\n')
			w.buf = append(w.buf, strings.Repeat(underline, utf8.RuneCountInString(c))...)
		}
	}
	w.endBlock(n)
	return ast.WalkContinue, nil
}

func (r *nodeRenderer) thematicBreak(bw util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	w := bw.(*writer)
	if entering {
		w.beginBlock(n)
		w.buf = append(w.buf, rule...)
	} else {
		w.endBlock(n)
	}
	return ast.WalkContinue, nil
}

// codeBlock renders indented and fenced code: fenced on Slack and Discord
// (Discord keeps the language for highlighting), indented on the terminal.
func (r *nodeRenderer) codeBlock(bw util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	w := bw.(*writer)
	if !entering {
		w.endBlock(n)
		return ast.WalkContinue, nil
	}
	w.beginBlock(n)
	var raw []byte
	lines := n.Lines()
	for i := range lines.Len() {
		seg := lines.At(i)
		raw = append(raw, seg.Value(source)...)
	}
	code := strings.TrimRight(string(raw), "\n")
	switch r.f {
	case Plain:
		for i, line := range strings.Split(code, "\n") {
			if i > 0 {
				w.buf = append(w.buf, '\n')
			}
			if line != "" {
				w.buf = append(w.buf, "    "...)
				w.buf = appendPlain(w.buf, line)
			}
		}
	default:
		w.buf = append(w.buf, "```"...)
		if f, ok := n.(*ast.FencedCodeBlock); ok && r.f == Discord {
			w.buf = append(w.buf, language(f.Language(source))...)
		}
		w.buf = append(w.buf, '\n')
		w.buf = appendCode(w.buf, r.f, code, false)
		w.buf = append(w.buf, "\n```"...)
	}
	return ast.WalkSkipChildren, nil
}

// language keeps a fence's info word only if it looks like a language name,
// so it cannot carry markup onto the fence line.
func language(info []byte) string {
	if len(info) > 20 {
		return ""
	}
	for _, c := range info {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("+#._-", c) >= 0
		if !ok {
			return ""
		}
	}
	return string(info)
}

func (r *nodeRenderer) blockquote(bw util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	w := bw.(*writer)
	if entering {
		w.beginBlock(n)
		w.mark()
		w.containers = append(w.containers, len(w.buf))
		return ast.WalkContinue, nil
	}
	w.containers = w.containers[:len(w.containers)-1]
	c := w.take()
	for i, line := range strings.Split(c, "\n") {
		if i > 0 {
			w.buf = append(w.buf, '\n')
		}
		if line == "" {
			w.buf = append(w.buf, '>')
		} else {
			w.buf = append(w.buf, "> "...)
			w.buf = append(w.buf, line...)
		}
	}
	w.endBlock(n)
	return ast.WalkContinue, nil
}

// listItem prefixes the item's rendered content with its marker and indents
// its other lines under the marker, so nested lists and paragraphs line up.
func (r *nodeRenderer) listItem(bw util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	w := bw.(*writer)
	if entering {
		w.beginBlock(n)
		w.mark()
		w.containers = append(w.containers, len(w.buf))
		return ast.WalkContinue, nil
	}
	w.containers = w.containers[:len(w.containers)-1]
	c := w.take()
	marker := r.marker(n)
	indent := strings.Repeat(" ", utf8.RuneCountInString(marker)+1)
	w.buf = append(w.buf, marker...)
	for i, line := range strings.Split(c, "\n") {
		switch {
		case i == 0 && line != "":
			w.buf = append(w.buf, ' ')
			w.buf = append(w.buf, line...)
		case i > 0:
			w.buf = append(w.buf, '\n')
			if line != "" {
				w.buf = append(w.buf, indent...)
				w.buf = append(w.buf, line...)
			}
		}
	}
	w.endBlock(n)
	return ast.WalkContinue, nil
}

// marker returns an item's bullet or number. Slack has no list syntax, so
// its bullets are the characters its own editor inserts, varied by depth.
func (r *nodeRenderer) marker(item ast.Node) string {
	list, ok := item.Parent().(*ast.List)
	if !ok {
		return "-"
	}
	if list.IsOrdered() {
		i := 0
		for s := item.PreviousSibling(); s != nil; s = s.PreviousSibling() {
			i++
		}
		return strconv.Itoa(list.Start+i) + "."
	}
	if r.f != Slack {
		return "-"
	}
	depth := 0
	for p := list.Parent(); p != nil; p = p.Parent() {
		if p.Kind() == ast.KindList {
			depth++
		}
	}
	return [...]string{"•", "◦", "▪"}[min(depth, 2)]
}

// htmlBlock shows raw HTML as the literal text it is.
func (r *nodeRenderer) htmlBlock(bw util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	w := bw.(*writer)
	if !entering {
		w.endBlock(n)
		return ast.WalkContinue, nil
	}
	w.beginBlock(n)
	h := n.(*ast.HTMLBlock)
	var raw []byte
	lines := h.Lines()
	for i := range lines.Len() {
		seg := lines.At(i)
		raw = append(raw, seg.Value(source)...)
	}
	if h.HasClosure() {
		raw = append(raw, h.ClosureLine.Value(source)...)
	}
	w.text(strings.TrimRight(string(raw), "\n"))
	return ast.WalkSkipChildren, nil
}

// text writes a run of adjacent Text nodes at once. goldmark cuts text at
// punctuation it might have to read as markup; escaping the run as one
// string lets the escapers see a whole URL or a whole line start.
func (r *nodeRenderer) text(bw util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	w := bw.(*writer)
	if w.skipText > 0 {
		w.skipText--
		return ast.WalkContinue, nil
	}
	var b strings.Builder
	for t := n.(*ast.Text); ; {
		v := t.Segment.Value(source)
		if t.IsRaw() {
			b.Write(v)
		} else {
			b.WriteString(unescape(v))
		}
		switch {
		case t.HardLineBreak():
			b.WriteByte('\n')
		case t.SoftLineBreak():
			// A soft break is a space, as a browser shows it; chat
			// clients would otherwise keep the source's wrapping.
			b.WriteByte(' ')
		}
		next, ok := t.NextSibling().(*ast.Text)
		if !ok {
			break
		}
		t = next
		w.skipText++
	}
	w.text(b.String())
	return ast.WalkContinue, nil
}

func (r *nodeRenderer) string(bw util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		bw.(*writer).text(string(n.(*ast.String).Value))
	}
	return ast.WalkContinue, nil
}

func (r *nodeRenderer) codeSpan(bw util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	w := bw.(*writer)
	var raw []byte
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if t, ok := c.(*ast.Text); ok {
			v := t.Segment.Value(source)
			if bytes.HasSuffix(v, []byte("\n")) {
				v = append(v[:len(v)-1:len(v)-1], ' ')
			}
			raw = append(raw, v...)
		}
	}
	code := string(raw)
	switch {
	case r.f == Plain:
		w.buf = appendPlain(w.buf, code)
	case w.code > 0:
		w.buf = appendCode(w.buf, r.f, code, true)
	case strings.TrimSpace(code) == "":
		w.buf = append(w.buf, code...)
	default:
		c := appendCode(nil, r.f, code, false)
		fence := "`"
		if r.f == Discord {
			// Discord, like CommonMark, takes a longer fence so the code
			// may hold backticks.
			fence = strings.Repeat("`", longestRun(c, '`')+1)
			if c[0] == '`' || c[len(c)-1] == '`' {
				c = append(append([]byte{' '}, c...), ' ')
			}
		}
		w.buf = append(w.buf, fence...)
		w.buf = append(w.buf, c...)
		w.buf = append(w.buf, fence...)
	}
	return ast.WalkSkipChildren, nil
}

func longestRun(b []byte, c byte) int {
	best, run := 0, 0
	for _, x := range b {
		if x == c {
			run++
			best = max(best, run)
		} else {
			run = 0
		}
	}
	return best
}

func (r *nodeRenderer) emphasis(bw util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	w := bw.(*writer)
	level := n.(*ast.Emphasis).Level
	if entering {
		if level >= 2 {
			w.strong++
		}
		w.mark()
		return ast.WalkContinue, nil
	}
	marker := ""
	switch {
	case level >= 2 && w.strong > 1:
		// Already bold: a second pair of markers would end the first.
	case r.f == Slack && level >= 2:
		marker = "*"
	case r.f == Slack:
		marker = "_"
	case r.f == Discord && level >= 2:
		marker = "**"
	case r.f == Discord:
		marker = "*"
	}
	if level >= 2 {
		w.strong--
	}
	w.wrap(marker)
	return ast.WalkContinue, nil
}

func (r *nodeRenderer) strikethrough(bw util.BufWriter, _ []byte, _ ast.Node, entering bool) (ast.WalkStatus, error) {
	w := bw.(*writer)
	if entering {
		w.mark()
		return ast.WalkContinue, nil
	}
	marker := ""
	switch r.f {
	case Slack:
		marker = "~"
	case Discord:
		marker = "~~"
	}
	w.wrap(marker)
	return ast.WalkContinue, nil
}

// wrap takes what was written since the last mark and writes it back between
// marker pairs. Spaces stay outside the markers, where Slack needs them;
// empty content and code contexts get no markers.
func (w *writer) wrap(marker string) {
	c := w.take()
	core := strings.TrimSpace(c)
	if marker == "" || core == "" || w.code > 0 {
		w.buf = append(w.buf, c...)
		return
	}
	lead := c[:strings.Index(c, core)]
	trail := c[len(lead)+len(core):]
	w.buf = append(w.buf, lead...)
	w.buf = append(w.buf, marker...)
	w.buf = append(w.buf, core...)
	w.buf = append(w.buf, marker...)
	w.buf = append(w.buf, trail...)
}

// link renders a link, and an image as a link to the image: chat messages
// cannot inline one from Markdown, and the alt text says what it shows.
func (r *nodeRenderer) link(bw util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	w := bw.(*writer)
	if entering {
		w.mark()
		return ast.WalkContinue, nil
	}
	var dest []byte
	switch n := n.(type) {
	case *ast.Link:
		dest = n.Destination
	case *ast.Image:
		dest = n.Destination
	}
	w.writeLink(w.take(), dest)
	return ast.WalkContinue, nil
}

func (r *nodeRenderer) autoLink(bw util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	w := bw.(*writer)
	a := n.(*ast.AutoLink)
	dest := a.URL(source)
	mail := a.AutoLinkType == ast.AutoLinkEmail
	if mail && !hasPrefixFold(string(dest), "mailto:") {
		dest = append([]byte("mailto:"), dest...)
	}
	if _, ok := linkURL(dest); !ok {
		w.text(string(a.Label(source)))
		return ast.WalkSkipChildren, nil
	}
	w.mark()
	w.text(string(a.Label(source)))
	label := w.take()
	if !mail && r.f != Plain && w.code == 0 {
		// Both platforms show a bare <url> as the URL itself.
		label = ""
	}
	w.writeLink(label, dest)
	return ast.WalkSkipChildren, nil
}

// rawHTML shows inline HTML as the literal text it is.
func (r *nodeRenderer) rawHTML(bw util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	w := bw.(*writer)
	h := n.(*ast.RawHTML)
	var raw []byte
	for i := range h.Segments.Len() {
		seg := h.Segments.At(i)
		raw = append(raw, seg.Value(source)...)
	}
	w.text(string(raw))
	return ast.WalkSkipChildren, nil
}

// unescape resolves backslash escapes and entity references in a text
// segment, which goldmark leaves in the source for the renderer.
func unescape(b []byte) string {
	if bytes.IndexByte(b, '\\') < 0 && bytes.IndexByte(b, '&') < 0 {
		return string(b)
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c == '\\' && i+1 < len(b) && util.IsPunct(b[i+1]) {
			out = append(out, b[i+1])
			i++
			continue
		}
		if c == '&' {
			if r, n := entity(b[i:]); n > 0 {
				out = append(out, r...)
				i += n - 1
				continue
			}
		}
		out = append(out, c)
	}
	return string(out)
}

// entity decodes the entity reference at the start of b, returning its text
// and length, or a zero length if there is none.
func entity(b []byte) ([]byte, int) {
	end := bytes.IndexByte(b, ';')
	if end < 2 || end > 40 {
		return nil, 0
	}
	name := b[1:end]
	if name[0] == '#' {
		digits, base := name[1:], 10
		if len(digits) > 0 && (digits[0] == 'x' || digits[0] == 'X') {
			digits, base = digits[1:], 16
		}
		if len(digits) == 0 || (base == 10 && len(digits) > 7) || (base == 16 && len(digits) > 6) {
			return nil, 0
		}
		v, err := strconv.ParseUint(string(digits), base, 32)
		if err != nil {
			return nil, 0
		}
		return utf8.AppendRune(nil, util.ToValidRune(rune(v))), end + 1
	}
	for _, c := range name {
		if !util.IsAlphaNumeric(c) {
			return nil, 0
		}
	}
	e, ok := util.LookUpHTML5EntityByName(string(name))
	if !ok {
		return nil, 0
	}
	return e.Characters, end + 1
}
