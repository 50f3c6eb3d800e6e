package slackfake

import (
	"regexp"
	"strings"
)

// typedToken matches what the Slack client rewrites in a message a member
// types: web links, email addresses and the special mentions.
var typedToken = regexp.MustCompile(`https?://[^\s]*[^\s.,;:!?)]|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+|@(?:channel|here|everyone)\b`)

// Typed returns text as Slack delivers a message a member typed into the
// client: "&", "<" and ">" as entities, web links wrapped as <https://…>,
// email addresses as <mailto:a@example.com|a@example.com>, and @channel,
// @here and @everyone as the mentions <!channel>, <!here> and <!everyone>.
// Tests pass a member's words through it, so the app sees what it would see
// in a real workspace.
func Typed(text string) string {
	text = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(text)
	return typedToken.ReplaceAllStringFunc(text, func(tok string) string {
		switch {
		case strings.HasPrefix(tok, "http://"), strings.HasPrefix(tok, "https://"):
			return "<" + tok + ">"
		case strings.HasPrefix(tok, "@"):
			return "<!" + tok[1:] + ">"
		default:
			return "<mailto:" + tok + "|" + tok + ">"
		}
	})
}
