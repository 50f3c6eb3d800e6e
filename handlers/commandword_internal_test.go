package handlers

import (
	"regexp"
	"strings"
	"testing"
)

// TestIsCommandWord checks the command-name test against the regular
// expression it replaced, on names, non-names, other scripts, hostile and
// malformed input, and lengths on both sides of the limit.
func TestIsCommandWord(t *testing.T) {
	re := regexp.MustCompile(`^\pL[\pL\pN-]{0,30}$`)
	cases := []string{
		"", "help", "complain", "lang", "投诉", "帮助2", "ask-staff", "a", "Z9",
		"9lives", "-help", "help!", "he_lp", "@everyone", "<!channel>", "hé", "ⅷ", "x²",
		"h\xffelp", "\xff", "help\ufffd", "\ufffd", "a\u0301", "a b",
		strings.Repeat("a", 30), strings.Repeat("a", 31), strings.Repeat("a", 32),
		strings.Repeat("投", 31), strings.Repeat("投", 32), "a" + strings.Repeat("1", 30), "a" + strings.Repeat("-", 31),
	}
	for _, c := range cases {
		if got, want := isCommandWord(c), re.MatchString(c); got != want {
			t.Errorf("isCommandWord(%q) = %v, the expression says %v", c, got, want)
		}
	}
	if commandName("/help me") != "help" || commandName("/@everyone") != "" {
		t.Errorf("commandName: %q, %q", commandName("/help me"), commandName("/@everyone"))
	}
}
