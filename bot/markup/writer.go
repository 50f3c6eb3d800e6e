package markup

import (
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"
)

// writer is the output of one Render call and all of its per-document state,
// so that the node renderer itself stays stateless and safe for concurrent
// use. It satisfies util.BufWriter, which makes goldmark hand it to the node
// functions unwrapped.
type writer struct {
	f   Format
	buf []byte

	// marks is a stack of buffer offsets pushed on entering a node whose
	// rendered children are taken back on leaving (links, headings, list
	// items, quotes, table cells), the way Hugo's render hooks capture them.
	marks []int
	// blockStack holds, for each open block, where its separator began and
	// where its content began, so an empty block can take its separator back.
	blockStack [][2]int
	// containers holds the content offsets of open list items and quotes: a
	// block gets a separator only if its container already has content.
	containers []int
	// lineStart is the offset where the current block's first line begins;
	// text written there (or after a newline) is at the start of a line.
	lineStart int
	// strong counts enclosing bold contexts (strong emphasis, headings) so
	// nested bold does not emit markers that would cancel each other.
	strong int
	// code counts enclosing contexts that end up inside a code block (table
	// cells on Slack and Discord), where markup is not interpreted.
	code int
	// skipText counts Text nodes already written with an earlier sibling.
	skipText int
	// table collects the cells of the table being rendered.
	table *tableState
	// blocks are the [start, end) offsets of top-level blocks.
	blocks [][2]int
}

func newWriter(f Format) *writer {
	return &writer{f: f, buf: make([]byte, 0, 1024)}
}

var _ util.BufWriter = (*writer)(nil)

func (w *writer) Write(p []byte) (int, error) { w.buf = append(w.buf, p...); return len(p), nil }

func (w *writer) WriteString(s string) (int, error) {
	w.buf = append(w.buf, s...)
	return len(s), nil
}

func (w *writer) WriteByte(c byte) error { w.buf = append(w.buf, c); return nil }

func (w *writer) WriteRune(r rune) (int, error) {
	n := len(w.buf)
	w.buf = utf8.AppendRune(w.buf, r)
	return len(w.buf) - n, nil
}

// Available reports a large free space: the buffer grows as needed.
func (w *writer) Available() int { return 1 << 20 }

func (w *writer) Buffered() int { return len(w.buf) }

func (w *writer) Flush() error { return nil }

// mark remembers the current offset for a later take.
func (w *writer) mark() { w.marks = append(w.marks, len(w.buf)) }

// take returns what was written since the matching mark and removes it from
// the output, so the caller can write it back transformed.
func (w *writer) take() string {
	i := w.marks[len(w.marks)-1]
	w.marks = w.marks[:len(w.marks)-1]
	s := string(w.buf[i:])
	w.buf = w.buf[:i]
	return s
}

// atLineStart reports whether the next byte written starts a line of the
// current block.
func (w *writer) atLineStart() bool {
	n := len(w.buf)
	return n == w.lineStart || (n > 0 && w.buf[n-1] == '\n')
}

// beginBlock writes the separator a block needs before its content: none at
// the start of its container, a newline inside a tight list, a blank line
// otherwise.
func (w *writer) beginBlock(n ast.Node) {
	base := 0
	if len(w.containers) > 0 {
		base = w.containers[len(w.containers)-1]
	}
	sepStart := len(w.buf)
	if len(w.buf) > base {
		if tight(n) {
			w.buf = append(w.buf, '\n')
		} else {
			w.buf = append(w.buf, '\n', '\n')
		}
	}
	w.blockStack = append(w.blockStack, [2]int{sepStart, len(w.buf)})
	w.lineStart = len(w.buf)
}

// endBlock closes the block opened by beginBlock, taking its separator back if
// it rendered nothing, and records top-level blocks for Split.
func (w *writer) endBlock(n ast.Node) {
	b := w.blockStack[len(w.blockStack)-1]
	w.blockStack = w.blockStack[:len(w.blockStack)-1]
	if len(w.buf) == b[1] {
		w.buf = w.buf[:b[0]]
		return
	}
	if p := n.Parent(); p != nil && p.Kind() == ast.KindDocument {
		w.blocks = append(w.blocks, [2]int{b[1], len(w.buf)})
	}
}

// tight reports whether n sits directly in a tight list, where blocks are
// separated by a single newline.
func tight(n ast.Node) bool {
	if n.Kind() == ast.KindListItem {
		if l, ok := n.Parent().(*ast.List); ok {
			return l.IsTight
		}
	}
	if p := n.Parent(); p != nil && p.Kind() == ast.KindListItem {
		if l, ok := p.Parent().(*ast.List); ok {
			return l.IsTight
		}
	}
	return false
}
