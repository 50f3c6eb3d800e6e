package markup

import (
	"strings"
	"unicode/utf8"
)

// MinLimit is the smallest limit Split honours: below it a code fence, its
// closing and any content could not share a chunk.
const MinLimit = 16

// Split renders markdown for f and cuts the result into chunks of at most
// limit characters (runes), for platforms that cap a message or block
// (Discord: 2,000 characters a message; Slack: 3,000 a section block).
//
// Chunks break between top-level blocks where possible. A block longer than
// limit breaks between lines, then between words, then between characters;
// a Slack <url|text> link, a Discord masked link, a code span and an escape
// sequence stay whole unless one alone is longer than a chunk. A code block
// cut in two is closed at the end of one chunk and reopened at the start of
// the next. An empty document gives no chunks. Limits below MinLimit are
// raised to it.
//
// Texts sent again and again (the sections of the knowledge base) are
// rendered once: see splitCache.
func Split(f Format, markdown string, limit int) []string {
	limit = max(limit, MinLimit)
	return splits.split(f, markdown, limit)
}

// split is Split without the cache.
func split(f Format, markdown string, limit int) []string {
	var chunks []string
	var cur strings.Builder
	curLen := 0
	add := func(piece string) {
		n := utf8.RuneCountInString(piece)
		if curLen > 0 && curLen+2+n <= limit {
			cur.WriteString("\n\n")
			cur.WriteString(piece)
			curLen += 2 + n
			return
		}
		if curLen > 0 {
			chunks = append(chunks, cur.String())
			cur.Reset()
		}
		cur.WriteString(piece)
		curLen = n
	}
	for _, b := range render(f, markdown).blockStrings() {
		if utf8.RuneCountInString(b) <= limit {
			add(b)
			continue
		}
		s := &blockSplitter{f: f, limit: limit}
		for line := range strings.SplitSeq(b, "\n") {
			s.line(line)
		}
		s.flush(false)
		for _, p := range s.pieces {
			add(p)
		}
	}
	if curLen > 0 {
		chunks = append(chunks, cur.String())
	}
	return chunks
}

// blockSplitter cuts one rendered block that is longer than a chunk into
// pieces, line by line, keeping code fences balanced.
type blockSplitter struct {
	f      Format
	limit  int
	pieces []string

	cur      strings.Builder
	curLen   int // runes in cur
	curLines int
	// onlyReopen is true while cur holds nothing but a reopened fence.
	onlyReopen bool

	inFence bool
	reopen  string // the fence line that opened the current code block
	closing string // the line that closes it
}

// flush ends the current piece. With more to come inside a code block, it
// closes the block and opens the next piece with the same fence.
func (s *blockSplitter) flush(more bool) {
	if s.curLines == 0 || s.onlyReopen {
		return
	}
	if s.inFence {
		s.cur.WriteString("\n")
		s.cur.WriteString(s.closing)
	}
	s.pieces = append(s.pieces, s.cur.String())
	s.cur.Reset()
	s.curLen, s.curLines = 0, 0
	if more && s.inFence {
		s.put(s.reopen)
		s.onlyReopen = true
	}
}

// put appends a line to the current piece.
func (s *blockSplitter) put(line string) {
	if s.curLines > 0 {
		s.cur.WriteByte('\n')
		s.curLen++
	}
	s.cur.WriteString(line)
	s.curLen += utf8.RuneCountInString(line)
	s.curLines++
	s.onlyReopen = false
}

// room returns how many runes one more line may have in the current piece,
// keeping room to close an open code block.
func (s *blockSplitter) room(fenceOpenAfter bool) int {
	n := s.limit - s.curLen
	if s.curLines > 0 {
		n--
	}
	if fenceOpenAfter {
		n -= 1 + utf8.RuneCountInString(s.closing)
	}
	return n
}

func (s *blockSplitter) line(line string) {
	prefix, isFence := fence(s.f, line)
	openAfter := s.inFence != isFence
	closing := s.closing
	if isFence && !s.inFence {
		closing = prefix + "```"
		s.closing = closing
	}
	n := utf8.RuneCountInString(line)
	if n > s.room(openAfter) && !s.onlyReopen {
		s.flush(true)
	}
	if n <= s.room(openAfter) {
		s.put(line)
		if isFence {
			s.inFence = !s.inFence
			if s.inFence {
				s.reopen = prefix + strings.TrimLeft(line, " >•◦▪-0123456789.")
			}
		}
		return
	}
	s.long(line)
}

// long places a line that does not fit in a chunk of its own, cutting it
// between words where it can. Continuation parts keep the line's quote or
// indentation prefix, and get their start escaped where they would otherwise
// begin a quote, heading or list.
func (s *blockSplitter) long(line string) {
	prefix := ""
	if !s.inFence {
		prefix = leadPrefix(line)
	}
	us := units(s.f, line[len(prefix):], s.inFence)
	first := true
	for len(us) > 0 {
		head := prefix
		extra := 0
		if !first && !s.inFence {
			extra = 1 // room for the escape fixStart may add
		}
		avail := s.room(s.inFence) - utf8.RuneCountInString(head) - extra
		k, used := take(us, avail)
		if k == 0 {
			if s.curLines > 0 && !s.onlyReopen {
				s.flush(true)
				continue
			}
			// One unit longer than a whole chunk: cut it by runes.
			avail = max(avail, 1)
			u := us[0]
			cut := runePrefix(u.s, avail)
			us[0] = unit{s: u.s[len(cut):], n: u.n - utf8.RuneCountInString(cut)}
			us = append([]unit{{s: cut, n: utf8.RuneCountInString(cut)}}, us...)
			k, used = 1, 1
		}
		var b strings.Builder
		for _, u := range us[:used] {
			b.WriteString(u.s)
		}
		body := strings.TrimRight(b.String(), " ")
		if !first && !s.inFence {
			body = fixStart(s.f, body)
		}
		s.put(head + body)
		us = us[k:]
		for len(us) > 0 && us[0].space {
			us = us[1:]
		}
		first = false
		if len(us) > 0 {
			s.flush(true)
		}
	}
}

// take returns how many units to consume and how many of them to write so
// that the written ones fit in avail runes, breaking after the last space
// that fits, or between units inside a word that is too long on its own.
func take(us []unit, avail int) (consume, write int) {
	n, lastSpace := 0, -1
	i := 0
	for ; i < len(us); i++ {
		if n+us[i].n > avail {
			break
		}
		n += us[i].n
		if us[i].space {
			lastSpace = i
		}
	}
	if i == len(us) {
		return i, i
	}
	if lastSpace > 0 {
		return lastSpace + 1, lastSpace
	}
	return i, i
}

type unit struct {
	s     string
	n     int // runes
	space bool
}

// units cuts a line into pieces that must not be split: a character, an
// escape sequence, a link, a code span.
func units(f Format, s string, code bool) []unit {
	var us []unit
	for i := 0; i < len(s); {
		j := i + unitLen(f, s[i:], code)
		us = append(us, unit{s: s[i:j], n: utf8.RuneCountInString(s[i:j]), space: s[i] == ' '})
		i = j
	}
	return us
}

// unitLen returns the length in bytes of the unit at the start of s.
func unitLen(f Format, s string, code bool) int {
	_, size := utf8.DecodeRuneInString(s)
	if f == Slack && (s[0] == '&' || strings.HasPrefix(s, softHyphen+"&")) {
		for _, e := range []string{"&amp;", "&lt;", "&gt;", softHyphen + "&gt;"} {
			if strings.HasPrefix(s, e) {
				return len(e)
			}
		}
	}
	if code || f == Plain {
		return size
	}
	switch {
	case f == Slack && s[0] == '<':
		if j := strings.IndexByte(s, '>'); j > 0 {
			return j + 1
		}
	case f == Discord && s[0] == '\\' && len(s) > 1:
		_, next := utf8.DecodeRuneInString(s[1:])
		return 1 + next
	case f == Discord && s[0] == '[':
		if j := strings.Index(s, "](<"); j > 0 {
			if k := strings.Index(s[j:], ">)"); k > 0 {
				return j + k + 2
			}
		}
	case f == Discord && s[0] == '<':
		if j := strings.IndexByte(s, '>'); j > 0 {
			return j + 1
		}
	case s[0] == '`':
		run := 0
		for run < len(s) && s[run] == '`' {
			run++
		}
		fenceStr := s[:run]
		for k := run; k < len(s); {
			j := strings.Index(s[k:], fenceStr)
			if j < 0 {
				break
			}
			end := k + j + run
			if end == len(s) || s[end] != '`' {
				return end
			}
			for end < len(s) && s[end] == '`' {
				end++
			}
			k = end
		}
		return run
	}
	return size
}

// runePrefix returns the longest prefix of s with at most n runes.
func runePrefix(s string, n int) string {
	i := 0
	for ; n > 0 && i < len(s); n-- {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s[:i]
}

// fence reports whether a rendered line opens or closes a code block, and
// the quote and indentation prefix before its ```. Plain text has no fences.
func fence(f Format, line string) (prefix string, ok bool) {
	if f == Plain {
		return "", false
	}
	rest := strings.TrimLeft(line, " >•◦▪-0123456789.")
	if !strings.HasPrefix(rest, "```") {
		return "", false
	}
	lead := line[:len(line)-len(rest)]
	// Under a list marker, the reopened fence lines up with the content.
	var b strings.Builder
	for _, r := range lead {
		if r == '>' || r == ' ' {
			b.WriteRune(r)
		} else {
			b.WriteByte(' ')
		}
	}
	return b.String(), true
}

// leadPrefix returns a line's quote markers and indentation, which a
// continuation part repeats.
func leadPrefix(line string) string {
	i := 0
	for i < len(line) && (line[i] == ' ' || line[i] == '>') {
		i++
	}
	return line[:i]
}

// fixStart escapes what would become a quote, heading or list marker when a
// cut puts the middle of a line at the start of a message.
func fixStart(f Format, s string) string {
	switch f {
	case Slack:
		if strings.HasPrefix(s, "&gt;") {
			return softHyphen + s
		}
	case Discord:
		if s != "" && (s[0] == '#' || s[0] == '-' || s[0] == '+') {
			return `\` + s
		}
		i := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i > 0 && i < len(s) && (s[i] == '.' || s[i] == ')') {
			return s[:i] + `\` + s[i:]
		}
	}
	return s
}
