package markup

import (
	"net/url"
	"strings"

	"github.com/yuin/goldmark/util"
)

// linkURL returns dest as it may appear inside a link, and whether it may
// become a link at all. Only http, https and mailto qualify: javascript:,
// data:, slack:// and relative paths would run code, open something
// unexpected or lead nowhere in a chat.
// Percent-encoding leaves no |, <, > or space in the result, so the URL
// cannot end a Slack <url|text> or Discord <url> early.
func linkURL(dest []byte) (string, bool) {
	s := string(util.URLEscape(dest, true))
	u, err := url.Parse(s)
	if err != nil {
		return "", false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		if u.Host == "" {
			return "", false
		}
	case "mailto":
		if u.Opaque == "" {
			return "", false
		}
	default:
		return "", false
	}
	return s, true
}

// writeLink writes a link whose text t is already rendered for w's format.
func (w *writer) writeLink(t string, dest []byte) {
	t = strings.TrimSpace(strings.ReplaceAll(t, "\n", " "))
	u, ok := linkURL(dest)
	if !ok {
		w.buf = append(w.buf, t...)
		return
	}
	mail := hasPrefixFold(u, "mailto:")
	switch {
	case w.code > 0 || w.f == Plain || (w.f == Discord && mail):
		// Where no link can form, show where it leads after the text.
		shown := u
		if mail {
			shown = u[len("mailto:"):]
		}
		var b []byte
		switch {
		case w.code > 0:
			b = appendCode(nil, w.f, shown, false)
		case w.f == Discord:
			b = appendDiscordText(nil, shown, false)
		default:
			b = appendPlain(nil, shown)
		}
		if t != "" && t != string(b) {
			w.buf = append(w.buf, t...)
			w.buf = append(w.buf, " ("...)
			w.buf = append(w.buf, b...)
			w.buf = append(w.buf, ')')
		} else {
			w.buf = append(w.buf, b...)
		}
	case w.f == Slack:
		w.buf = append(w.buf, '<')
		w.buf = append(w.buf, strings.ReplaceAll(u, "&", "&amp;")...)
		if t != "" {
			w.buf = append(w.buf, '|')
			w.buf = append(w.buf, t...)
		}
		w.buf = append(w.buf, '>')
	default: // Discord masked link; <url> keeps Discord from embedding a preview.
		if t == "" {
			w.buf = append(w.buf, '<')
			w.buf = append(w.buf, u...)
			w.buf = append(w.buf, '>')
			return
		}
		w.buf = append(w.buf, '[')
		w.buf = append(w.buf, t...)
		w.buf = append(w.buf, "](<"...)
		w.buf = append(w.buf, u...)
		w.buf = append(w.buf, ">)"...)
	}
}
