package markup

import (
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/util"
)

// tableState collects a table's cells as they render; the table is laid out
// when it ends, once every column's width is known.
type tableState struct {
	aligns []east.Alignment
	rows   [][]string
	header bool
}

// table renders a GFM table as aligned columns. Neither Slack nor Discord
// has tables, so there they go in a code block, where a monospace font keeps
// the columns straight and markup inside cells stays literal.
func (r *nodeRenderer) table(bw util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	w := bw.(*writer)
	if entering {
		w.beginBlock(n)
		w.table = &tableState{aligns: n.(*east.Table).Alignments}
		if r.f != Plain {
			w.code++
		}
		return ast.WalkContinue, nil
	}
	t := w.table
	w.table = nil
	if r.f != Plain {
		w.code--
	}
	lines := t.layout(r.f)
	if len(lines) > 0 {
		if r.f != Plain {
			w.buf = append(w.buf, "```\n"...)
		}
		w.buf = append(w.buf, strings.Join(lines, "\n")...)
		if r.f != Plain {
			w.buf = append(w.buf, "\n```"...)
		}
	}
	w.endBlock(n)
	return ast.WalkContinue, nil
}

func (r *nodeRenderer) tableRow(bw util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	w := bw.(*writer)
	if entering && w.table != nil {
		w.table.rows = append(w.table.rows, nil)
		if n.Kind() == east.KindTableHeader && len(w.table.rows) == 1 {
			w.table.header = true
		}
	}
	return ast.WalkContinue, nil
}

func (r *nodeRenderer) tableCell(bw util.BufWriter, _ []byte, _ ast.Node, entering bool) (ast.WalkStatus, error) {
	w := bw.(*writer)
	if entering {
		w.mark()
		return ast.WalkContinue, nil
	}
	c := strings.TrimSpace(strings.ReplaceAll(w.take(), "\n", " "))
	if t := w.table; t != nil && len(t.rows) > 0 {
		t.rows[len(t.rows)-1] = append(t.rows[len(t.rows)-1], c)
	}
	return ast.WalkContinue, nil
}

// layout pads every cell to its column's width and draws a rule under the
// header row.
func (t *tableState) layout(f Format) []string {
	cols := 0
	for _, row := range t.rows {
		cols = max(cols, len(row))
	}
	if cols == 0 {
		return nil
	}
	widths := make([]int, cols)
	for _, row := range t.rows {
		for i, c := range row {
			widths[i] = max(widths[i], visibleWidth(f, c))
		}
	}
	var lines []string
	for ri, row := range t.rows {
		var b strings.Builder
		for i := range cols {
			c := ""
			if i < len(row) {
				c = row[i]
			}
			if i > 0 {
				b.WriteString(" | ")
			}
			pad := widths[i] - visibleWidth(f, c)
			align := east.AlignNone
			if i < len(t.aligns) {
				align = t.aligns[i]
			}
			switch align {
			case east.AlignRight:
				b.WriteString(strings.Repeat(" ", pad))
				b.WriteString(c)
			case east.AlignCenter:
				b.WriteString(strings.Repeat(" ", pad/2))
				b.WriteString(c)
				b.WriteString(strings.Repeat(" ", pad-pad/2))
			default:
				b.WriteString(c)
				b.WriteString(strings.Repeat(" ", pad))
			}
		}
		lines = append(lines, strings.TrimRight(b.String(), " "))
		if ri == 0 && t.header {
			parts := make([]string, cols)
			for i, wd := range widths {
				parts[i] = strings.Repeat("-", max(wd, 1))
			}
			lines = append(lines, strings.Join(parts, "-+-"))
		}
	}
	return lines
}

var slackEntities = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">")

// visibleWidth counts the characters a cell shows: on Slack an entity such as
// &amp; shows as one.
func visibleWidth(f Format, s string) int {
	if f == Slack {
		s = slackEntities.Replace(s)
	}
	return utf8.RuneCountInString(strings.ReplaceAll(s, zwsp, ""))
}
