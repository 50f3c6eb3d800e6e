package markup

import (
	"strings"
)

// escapeAlways are the ASCII punctuation characters that CommonMark (with
// GFM tables and strikethrough) may read as markup anywhere in a line:
// emphasis, code, links and images, autolinks and raw HTML, entity
// references, table cells, strikethrough, ATX headings and the backslash
// itself.
const escapeAlways = "\\`*_~[]<>&|#"

// Escape backslash-escapes user-supplied text so that it shows literally
// when a handler embeds it in the CommonMark it writes, wherever it lands in
// a line: "**x**", "[x](y)", "<b>", "&amp;", "# x" and "1. x" all stay text.
//
// Line breaks in s are kept as hard line breaks and blank lines as paragraph
// breaks. Spaces and tabs at the start and end of each line are dropped:
// CommonMark would read leading ones as a code block and trailing ones as a
// line break.
func Escape(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	first, blank, endsInBackslash := true, false, false
	for line := range strings.SplitSeq(s, "\n") {
		line = strings.Trim(line, " \t")
		if line == "" {
			blank = true
			continue
		}
		if !first {
			switch {
			case blank:
				b.WriteString("\n\n")
			case endsInBackslash:
				// goldmark reads \\\ at a line end as an escaped
				// backslash and a literal one, not as a line break, so
				// this line break is two spaces.
				b.WriteString("  \n")
			default:
				b.WriteString("\\\n")
			}
		}
		first, blank = false, false
		escapeLine(&b, line)
		endsInBackslash = line[len(line)-1] == '\\'
	}
	return b.String()
}

// escapeLine escapes one line of user text. Besides the characters escaped
// everywhere, a line may start a list ("-", "+", "1.", "1)") or a setext
// heading underline ("=", "-"), so those are escaped at its start.
func escapeLine(b *strings.Builder, line string) {
	start := 0
	switch {
	case line[0] == '-' || line[0] == '+' || line[0] == '=':
		b.WriteByte('\\')
	case line[0] >= '0' && line[0] <= '9':
		i := 0
		for i < len(line) && line[i] >= '0' && line[i] <= '9' {
			i++
		}
		if i < len(line) && (line[i] == '.' || line[i] == ')') {
			b.WriteString(line[:i])
			b.WriteByte('\\')
			start = i
		}
	}
	for i := start; i < len(line); i++ {
		c := line[i]
		if strings.IndexByte(escapeAlways, c) >= 0 {
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
}
