package markup

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

const (
	zwsp       = "\u200b" // zero-width space: breaks @everyone without showing
	softHyphen = "\u00ad" // invisible; keeps Slack from reading &gt; as a quote
)

// text writes literal text for the current format and context.
func (w *writer) text(s string) {
	switch {
	case w.code > 0:
		w.buf = appendCode(w.buf, w.f, s, true)
	case w.f == Slack:
		w.buf = appendSlackText(w.buf, s, w.atLineStart())
	case w.f == Discord:
		w.buf = appendDiscordText(w.buf, s, w.atLineStart())
	default:
		w.buf = appendPlain(w.buf, s)
	}
}

// dropped reports whether r is removed from all output: control characters
// other than newline and tab, which could move a terminal's cursor, clear
// its screen or hide text.
func dropped(r rune) bool {
	return r != '\n' && r != '\t' && unicode.IsControl(r)
}

func appendPlain(b []byte, s string) []byte {
	for _, r := range s {
		if !dropped(r) {
			b = utf8.AppendRune(b, r)
		}
	}
	return b
}

// broadcast returns the length of a broadcast mention word (everyone, here,
// channel) at the start of s, or 0. Slack only treats @channel as one.
func broadcast(s string, slack bool) int {
	words := []string{"everyone", "here"}
	if slack {
		words = append(words, "channel")
	}
	for _, word := range words {
		if len(s) >= len(word) && strings.EqualFold(s[:len(word)], word) {
			return len(word)
		}
	}
	return 0
}

// appendSlackText escapes s for Slack mrkdwn: &, < and > become entities so
// <!channel>, <@U123> and <url|text> cannot form; a leading > gets an
// invisible soft hyphen so Slack does not quote the line; @channel, @here
// and @everyone get a zero-width space so they cannot notify even when the
// message is posted with link_names; ``` is broken so it cannot open a code
// block.
func appendSlackText(b []byte, s string, lineStart bool) []byte {
	for i, r := range s {
		switch {
		case dropped(r):
			continue
		case r == '&':
			b = append(b, "&amp;"...)
		case r == '<':
			b = append(b, "&lt;"...)
		case r == '>':
			if lineStart {
				b = append(b, softHyphen...)
			}
			b = append(b, "&gt;"...)
		case r == '@' && broadcast(s[i+1:], true) > 0:
			b = append(b, '@')
			b = append(b, zwsp...)
		case r == '`' && strings.HasPrefix(s[i+1:], "``"):
			b = append(b, '`')
			b = append(b, zwsp...)
		default:
			b = utf8.AppendRune(b, r)
		}
		lineStart = r == '\n' || (lineStart && (r == ' ' || r == '\t'))
	}
	return b
}

// discordAlways are the characters Discord markdown may interpret anywhere:
// emphasis, code, spoilers (||), quotes, masked links and mention syntax
// (<@123>, <#123>, </cmd:1>, <t:0>). Discord drops the backslash before any
// punctuation, so escaping one that would not take effect costs nothing
// visible.
const discordAlways = "\\*_~`|<>[]"

// appendDiscordText escapes s for Discord markdown. Headings (#), list
// markers (-, 1.) and subtext (-#) only take effect at the start of a line,
// so they are escaped only there. Bare http(s) URLs are copied unescaped:
// Discord links them before it reads escapes, and a backslash would end up
// inside the link.
func appendDiscordText(b []byte, s string, lineStart bool) []byte {
	for i := 0; i < len(s); {
		if n := bareURL(s[i:]); n > 0 {
			b = appendPlain(b, s[i:i+n])
			i += n
			b = endURL(b, s, i)
			lineStart = false
			continue
		} else if n < 0 {
			// Too short to be a link as typed, but the escapes that
			// follow could make it one: break the scheme instead.
			b = append(b, s[i:i-n]...)
			b = append(b, '\\', ':')
			i += -n + 1
			lineStart = false
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case dropped(r):
			i += size
			continue
		case strings.ContainsRune(discordAlways, r):
			b = append(b, '\\', byte(r))
		case lineStart && (r == '#' || r == '-' || r == '+'):
			b = append(b, '\\', byte(r))
		case lineStart && r >= '0' && r <= '9':
			j := i
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			b = append(b, s[i:j]...)
			if j < len(s) && (s[j] == '.' || s[j] == ')') {
				b = append(b, '\\', s[j])
				j++
			}
			i = j
			lineStart = false
			continue
		case r == '@' && broadcast(s[i+1:], false) > 0:
			b = append(b, '@')
			b = append(b, zwsp...)
		default:
			b = utf8.AppendRune(b, r)
		}
		lineStart = r == '\n' || (lineStart && (r == ' ' || r == '\t'))
		i += size
	}
	return b
}

// bareURL returns the length of the http or https URL at the start of s as
// Discord's autolinker takes it (https?://[^\s<]+[^<.,:;"')\]\s]); or, for
// a scheme that no URL follows, minus the length of the scheme name; or 0.
// Control characters the renderer drops do not count: they vanish from the
// output.
func bareURL(s string) int {
	var scheme int
	switch {
	case strings.HasPrefix(s, "https://"):
		scheme = len("https://")
	case strings.HasPrefix(s, "http://"):
		scheme = len("http://")
	default:
		return 0
	}
	name := scheme - len("://")
	j := scheme
	for j < len(s) {
		r, size := utf8.DecodeRuneInString(s[j:])
		if (unicode.IsSpace(r) && !dropped(r)) || r == '\ufeff' || r == '<' {
			break
		}
		j += size
	}
	for j > scheme {
		r, size := utf8.DecodeLastRuneInString(s[:j])
		if !dropped(r) && !strings.ContainsRune(".,:;\"')]", r) {
			break
		}
		j -= size
	}
	shown := 0
	for _, r := range s[scheme:j] {
		if !dropped(r) {
			shown++
		}
	}
	if shown < 2 {
		return -name
	}
	return j
}

// endURL separates a URL that ends at s[i] from a following <: only white
// space or < ends a Discord URL, and the backslash that escapes this < would
// become part of the link. U+FEFF is white space to Discord's parser and
// shows nothing.
func endURL(b []byte, s string, i int) []byte {
	rest := strings.TrimLeft(s[i:], ".,:;\"')]")
	if strings.HasPrefix(rest, "<") {
		b = append(b, "\ufeff"...)
	}
	return b
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// appendCode writes s inside a code span or block. Slack still decodes
// entities there, so &, < and > are escaped; on every platform ``` is broken
// with a zero-width space so it cannot close the block early. mentions also
// breaks @everyone and friends, for text that is not really code (table
// cells).
func appendCode(b []byte, f Format, s string, mentions bool) []byte {
	for i, r := range s {
		switch {
		case dropped(r):
		case f == Slack && r == '&':
			b = append(b, "&amp;"...)
		case f == Slack && r == '<':
			b = append(b, "&lt;"...)
		case f == Slack && r == '>':
			b = append(b, "&gt;"...)
		case f != Plain && r == '`' && strings.HasPrefix(s[i+1:], "``"):
			b = append(b, '`')
			b = append(b, zwsp...)
		case f != Plain && mentions && r == '@' && broadcast(s[i+1:], f == Slack) > 0:
			b = append(b, '@')
			b = append(b, zwsp...)
		default:
			b = utf8.AppendRune(b, r)
		}
	}
	return b
}

// EscapeText escapes raw user text for a platform surface that does not go
// through Markdown, such as a Slack mrkdwn field or a Discord embed field:
// the text shows as typed and cannot mention, link or format.
func EscapeText(f Format, s string) string {
	var b []byte
	switch f {
	case Slack:
		b = appendSlackText(nil, s, true)
	case Discord:
		b = appendDiscordText(nil, s, true)
	default:
		b = appendPlain(nil, s)
	}
	return string(b)
}
