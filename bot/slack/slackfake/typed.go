package slackfake

import (
	"regexp"
	"strings"
)

// typedToken matches what the Slack client rewrites in a message a member
// types: web links, email addresses and the special mentions.
var typedToken = regexp.MustCompile(`https?://[^\s<>|]*[^\s<>|.,;:!?)]|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+|@(?:channel|here|everyone)\b`)

var entities = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// Typed returns text as Slack delivers a message a member typed into the
// client: "&", "<" and ">" as entities, web links wrapped as <https://…>,
// email addresses as <mailto:a@example.com|a@example.com>, and @channel,
// @here and @everyone as the mentions <!channel>, <!here> and <!everyone>.
// Tests pass a member's words through it, so the app sees what it would see
// in a real workspace.
func Typed(text string) string {
	var b strings.Builder
	last := 0
	for _, loc := range typedToken.FindAllStringIndex(text, -1) {
		b.WriteString(entities.Replace(text[last:loc[0]]))
		tok := text[loc[0]:loc[1]]
		switch {
		case strings.HasPrefix(tok, "http://"), strings.HasPrefix(tok, "https://"):
			b.WriteString("<" + entities.Replace(tok) + ">")
		case strings.HasPrefix(tok, "@"):
			b.WriteString("<!" + tok[1:] + ">")
		default:
			b.WriteString("<mailto:" + tok + "|" + tok + ">")
		}
		last = loc[1]
	}
	b.WriteString(entities.Replace(text[last:]))
	return b.String()
}
