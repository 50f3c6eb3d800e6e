package markup

import (
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// userTexts are strings a user might type that mean something to CommonMark,
// Slack or Discord. They seed the fuzz test too.
var userTexts = []string{
	"",
	"plain words",
	"**bold** injection",
	"*a* _b_ ~c~ ~~d~~ `e` ```f```",
	"[x](y) [click](javascript:alert(1)) ![img](https://example.com/i.png)",
	"<b>bold</b> <script>alert(1)</script> <!-- c -->",
	"<https://example.com> <a@example.com>",
	"# heading",
	"## also\n### and",
	"- item\n+ item\n* item",
	"1. first\n2) second",
	"10. ten",
	"> quote\n>> nested",
	"text\n===\nmore\n---",
	"***\n___\n- - -",
	"    indented code",
	"\ttabbed",
	"```\ncode\n```",
	"~~~\ncode\n~~~",
	"| a | b |\n|---|---|\n| 1 | 2 |",
	"[ref]: https://example.com",
	"&amp; &copy; &#65; &#x42;",
	"back\\slash \\* \\",
	"trailing backslash\\",
	"line one\nline two\n\n\nparagraph",
	"two spaces  \nbreak",
	"<!channel> <!here|here> <!everyone> <@U123> <#C1|general>",
	"@everyone @here @channel @Everyone",
	"<@123> <@!123> <@&456> <#789> </ban:1> <t:0:R> <:e:1>",
	"-# subtext",
	"a_b_c snake_case_name",
	"price: $5 * 3 = $15",
	"https://example.com/a_b*c~d?x=1&y=<2>",
	"see (https://example.com/a_b).",
	"||spoiler||",
	"emoji :smile: and ✓ 中文 ＮＩＫＥ",
	"\x1b[2J\x1b[H clear screen \a bell \x00 nul \u009b csi",
	"\r\nwindows\r\nlines\rold mac",
	"\xff\xfe invalid utf-8",
	"\u200bzero width\u00adsoft",
	"\\\n\\",
	"1.\n-\n+\n=",
	"x<y>z&w",
}

// visible returns the text a reader sees for out on f, with formatting,
// escapes and the invisible characters the renderer inserts taken away.
func visible(t *testing.T, f Format, out string) string {
	t.Helper()
	switch f {
	case Slack:
		return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(out)
	case Discord:
		var b strings.Builder
		for i := 0; i < len(out); {
			if loc := discordURL.FindStringIndex(out[i:]); loc != nil && loc[0] == 0 {
				b.WriteString(out[i : i+loc[1]])
				i += loc[1]
				continue
			}
			if out[i] == '\\' && i+1 < len(out) && isASCIIPunct(out[i+1]) {
				b.WriteByte(out[i+1])
				i += 2
				continue
			}
			b.WriteByte(out[i])
			i++
		}
		return b.String()
	default:
		return out
	}
}

// discordURL is how Discord's autolinker takes a bare URL: it reads no
// markup inside one. Its \s is JavaScript's, spelled out here.
var discordURL = regexp.MustCompile(`^https?://[^` + jsSpace + `<]+[^<.,:;"')\]` + jsSpace + `]`)

const jsSpace = `\t\n\v\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}`

func isASCIIPunct(c byte) bool {
	return c < 128 && unicode.IsPunct(rune(c)) || strings.IndexByte("$+<=>^`|~", c) >= 0
}

// normalise reduces text to what "shows the same" means in chat: runs of
// white space are one space, control characters are gone (the renderer drops
// them), and the invisible zero-width spaces and soft hyphen do not count.
func normalise(s string) string {
	s = string([]rune(s)) // one U+FFFD per invalid byte, as the renderer writes
	s = strings.Map(func(r rune) rune {
		if r == '\u200b' || r == '\u00ad' || r == '\ufeff' || (unicode.IsControl(r) && r != '\n' && r != '\t' && r != '\r') {
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// checkInert fails if out, rendered for f from escaped user text, could
// mention anyone, link anywhere or apply formatting.
func checkInert(t *testing.T, f Format, out string) {
	t.Helper()
	switch f {
	case Slack:
		if strings.ContainsAny(out, "<>") {
			t.Errorf("slack output has a raw < or >: %q", out)
		}
		for i := strings.IndexByte(out, '&'); i >= 0; i = strings.IndexByte(out[i+1:], '&') + i + 1 {
			rest := out[i:]
			if !strings.HasPrefix(rest, "&amp;") && !strings.HasPrefix(rest, "&lt;") && !strings.HasPrefix(rest, "&gt;") {
				t.Errorf("slack output has a bare &: %q", out)
				break
			}
			if strings.IndexByte(out[i+1:], '&') < 0 {
				break
			}
		}
		for _, line := range strings.Split(out, "\n") {
			if strings.HasPrefix(strings.TrimLeft(line, " "), "&gt;") {
				t.Errorf("slack line would be quoted: %q", line)
			}
		}
		lower := strings.ToLower(out)
		for _, m := range []string{"@channel", "@here", "@everyone"} {
			if strings.Contains(lower, m) {
				t.Errorf("slack output can notify with %s: %q", m, out)
			}
		}
	case Discord:
		for i := 0; i < len(out); i++ {
			if loc := discordURL.FindStringIndex(out[i:]); loc != nil && loc[0] == 0 {
				i += loc[1] - 1
				continue
			}
			switch c := out[i]; {
			case c == '\\':
				i++
			case strings.IndexByte("*_~`|<>[]", c) >= 0:
				t.Errorf("discord output has unescaped %q at %d: %q", c, i, out)
				return
			case (c == '#' || c == '-') && (i == 0 || out[i-1] == '\n'):
				t.Errorf("discord output starts a line with %q: %q", c, out)
				return
			case c == '@':
				rest := strings.ToLower(out[i+1:])
				if strings.HasPrefix(rest, "everyone") || strings.HasPrefix(rest, "here") {
					if !discordURLAround(out, i) {
						t.Errorf("discord output can ping: %q", out)
						return
					}
				}
			}
		}
	default:
		for _, r := range out {
			if unicode.IsControl(r) && r != '\n' && r != '\t' {
				t.Errorf("plain output keeps control character %U: %q", r, out)
				return
			}
		}
	}
}

// discordURLAround reports whether position i of s lies inside a bare URL.
func discordURLAround(s string, i int) bool {
	start := strings.LastIndexAny(s[:i], " \n\t") + 1
	loc := discordURL.FindStringIndex(s[start:])
	return loc != nil && loc[0] == 0 && start+loc[1] > i
}

func checkRoundTrip(t *testing.T, s string) {
	t.Helper()
	md := "x " + Escape(s)
	want := normalise("x " + s)
	for _, f := range formats {
		out := Render(f, md)
		if got := normalise(visible(t, f, out)); got != want {
			t.Errorf("Render(%v, %q) shows\n%q\nwant\n%q\n(output %q)", f, md, got, want, out)
		}
		checkInert(t, f, out)
	}
}

func TestEscapeRoundTrip(t *testing.T) {
	for _, s := range userTexts {
		t.Run("", func(t *testing.T) { checkRoundTrip(t, s) })
	}
}

// FuzzEscapeRoundTrip checks that any user string shows literally and stays
// inert on every platform. Plain go test runs the seed corpus; go test
// -fuzz=FuzzEscapeRoundTrip searches further.
func FuzzEscapeRoundTrip(f *testing.F) {
	for _, s := range userTexts {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 4096 {
			return
		}
		checkRoundTrip(t, s)
	})
}

func TestEscapeAtLineStart(t *testing.T) {
	// A handler may put escaped text at the start of a line, not only after
	// other words.
	for _, s := range userTexts {
		md := Escape(s)
		for _, f := range formats {
			out := Render(f, md)
			if got, want := normalise(visible(t, f, out)), normalise(s); got != want {
				t.Errorf("Render(%v, %q) shows %q, want %q", f, md, got, want)
			}
		}
	}
}

func TestEscapeText(t *testing.T) {
	tests := []struct {
		f    Format
		in   string
		want string
	}{
		{Slack, "<!channel> & <@U123>", "&lt;!channel&gt; &amp; &lt;@U123&gt;"},
		{Slack, "> not a quote", "\u00ad&gt; not a quote"},
		{Slack, "hi @channel", "hi @\u200bchannel"},
		{Discord, "**x** <@123> @everyone", `\*\*x\*\* \<@123\> @` + "\u200b" + "everyone"},
		{Discord, "# big\n- item\n1. one", "\\# big\n\\- item\n1\\. one"},
		{Discord, "see https://example.com/a_b now", "see https://example.com/a_b now"},
		{Plain, "a\x1b[2Jb\x07c\u009bd\te\nf", "a[2Jbcd\te\nf"},
	}
	for _, tt := range tests {
		if got := EscapeText(tt.f, tt.in); got != tt.want {
			t.Errorf("EscapeText(%v, %q) = %q, want %q", tt.f, tt.in, got, tt.want)
		}
		if tt.f != Plain {
			checkInert(t, tt.f, "x "+EscapeText(tt.f, tt.in))
		}
	}
}
