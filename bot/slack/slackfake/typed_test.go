package slackfake

import "testing"

func TestTypedEncodesAsTheSlackClient(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"see https://a.example/x?b=1&c=2, thanks": "see <https://a.example/x?b=1&amp;c=2>, thanks",
		"mail buyer@example.com now":              "mail <mailto:buyer@example.com|buyer@example.com> now",
		"hi @channel and @everyone":               "hi <!channel> and <!everyone>",
		"<@U1> <!here> & *b*":                     "&lt;@U1&gt; &lt;!here&gt; &amp; *b*",
		"<https://evil.example|genuine site>":     "&lt;<https://evil.example>|genuine site&gt;",
	} {
		if got := Typed(in); got != want {
			t.Errorf("Typed(%q) = %q, want %q", in, got, want)
		}
	}
}
