package markup

import (
	"strings"
	"testing"
)

// hostile are inputs meant to ping, link, inject markup or wreck a terminal.
var hostile = []string{
	"<!channel>",
	"<!here|here>",
	"<!everyone> <!subteam^S1|@team>",
	"@everyone @here @channel",
	"<@U123> <@U123|admin> <#C42|general>",
	"<@123> <@!123> <@&456> <#789> </ban:1>",
	"[click](javascript:alert(1))",
	"**bold** injection",
	"<script>alert(1)</script>",
	"\x1b[2J\x1b[Hcleared\x07\x00\u009b31m",
	"",
}

// TestHostileEscaped embeds each hostile string the way a handler embeds user
// text, and checks it shows as typed and stays inert on every platform.
func TestHostileEscaped(t *testing.T) {
	for _, s := range append(hostile, strings.Repeat("long text ", 1000)) {
		checkRoundTrip(t, s)
	}
}

// TestHostileMarkdown feeds hostile strings as if a handler had written them
// without escaping: the rendering must still not mention anyone or link to a
// script.
func TestHostileMarkdown(t *testing.T) {
	for _, s := range hostile {
		for _, f := range formats {
			out := Render(f, s)
			switch f {
			case Slack:
				for _, bad := range []string{"<!", "<@", "<#", "javascript", "@everyone", "@here", "@channel"} {
					if strings.Contains(out, bad) && !(bad == "javascript" && !strings.Contains(out, "<")) {
						t.Errorf("Render(slack, %q) = %q contains %q", s, out, bad)
					}
				}
			case Discord:
				for _, bad := range []string{"<@", "<#", "</", "](", "@everyone", "@here"} {
					if unescapedIndex(out, bad) >= 0 {
						t.Errorf("Render(discord, %q) = %q contains %q", s, out, bad)
					}
				}
			}
			checkNoControls(t, f, out)
		}
	}
}

// unescapedIndex returns the index of sub in s where its first byte is not
// escaped with a backslash, or -1.
func unescapedIndex(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i] == '\\' {
			i++
			continue
		}
		if strings.HasPrefix(s[i:], sub) {
			return i
		}
	}
	return -1
}

func checkNoControls(t *testing.T, f Format, out string) {
	t.Helper()
	for _, r := range out {
		if r != '\n' && r != '\t' && (r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0)) {
			t.Errorf("Render(%v) keeps control character %U: %q", f, r, out)
			return
		}
	}
}

func TestHostileExact(t *testing.T) {
	tests := []struct {
		f        Format
		md, want string
	}{
		{Slack, "<!channel>", "&lt;!channel&gt;"},
		{Slack, "<!here|here>", "&lt;!here|here&gt;"},
		{Slack, "@everyone", "@\u200beveryone"},
		{Slack, "<@U123>", "&lt;@U123&gt;"},
		{Slack, "[click](javascript:alert(1))", "click"},
		{Slack, "[x](slack://open?team=T1)", "x"},
		{Slack, "<javascript:alert(1)>", "javascript:alert(1)"},
		{Slack, "**bold** injection", "*bold* injection"},
		{Slack, "x " + Escape("**bold** injection"), "x **bold** injection"},
		{Discord, "<!channel>", "\\<!channel\\>"},
		{Discord, "@everyone @here", "@\u200beveryone @\u200bhere"},
		{Discord, "<@123> <@!123> <@&456> <#789> </ban:1>", `\<@123\> \<@!123\> \<@&456\> \<#789\> \</ban:1\>`},
		{Discord, "[click](javascript:alert(1))", "click"},
		{Discord, "x " + Escape("**bold** injection"), `x \*\*bold\*\* injection`},
		{Discord, "x " + Escape("[click](https://evil.example)"), `x \[click\](https://evil.example)`},
		{Plain, "a\x1b[2Jb\x07c", "a[2Jbc"},
		{Plain, "&#27;[31mred", "[31mred"},
		{Plain, "[click](javascript:alert(1))", "click"},
		{Plain, "<b>html</b>", "<b>html</b>"},
		{Plain, "", ""},
	}
	for _, tt := range tests {
		if got := Render(tt.f, tt.md); got != tt.want {
			t.Errorf("Render(%v, %q) = %q, want %q", tt.f, tt.md, got, tt.want)
		}
	}
}

func TestLinkSchemes(t *testing.T) {
	tests := []struct {
		dest string
		link bool
	}{
		{"https://example.com", true},
		{"http://example.com/a?b=c", true},
		{"HTTPS://EXAMPLE.COM", true},
		{"mailto:staff@example.com", true},
		{"javascript:alert(1)", false},
		{"JaVaScRiPt:alert(1)", false},
		{"data:text/html;base64,PHNjcmlwdD4=", false},
		{"slack://open", false},
		{"vbscript:msgbox", false},
		{"file:///etc/passwd", false},
		{"/relative/path", false},
		{"#anchor", false},
		{"https:/missing-host", false},
		{"mailto:", false},
	}
	for _, tt := range tests {
		md := "[text](" + tt.dest + ")"
		out := Render(Slack, md)
		if got := strings.HasPrefix(out, "<"); got != tt.link {
			t.Errorf("Render(slack, %q) = %q, link %v, want %v", md, out, got, tt.link)
		}
		out = Render(Discord, md)
		isLink := strings.Contains(out, "](<") || strings.Contains(out, "(")
		if isLink != tt.link {
			t.Errorf("Render(discord, %q) = %q, link %v, want %v", md, out, isLink, tt.link)
		}
	}
}
