// Package markup renders the CommonMark that handlers write into the markup
// of each chat platform: Slack mrkdwn, Discord markdown and plain terminal
// text.
//
// Handlers never know where a reply goes, so they write one dialect
// (CommonMark with GFM tables and strikethrough) and embed user-supplied text
// through Escape. Adapters call Render or Split at the edge. Every renderer
// shows raw HTML as literal text, turns only http, https and mailto
// destinations into links, and escapes text so that it cannot form mentions
// (<!channel>, <@U123>, @everyone) or links on the platform it is sent to.
//
// Slack mrkdwn has no escape for its formatting characters (* _ ~ `), so a
// literal *word* in user text may still show in bold on Slack; what Slack
// text can never do is mention, link or quote. Discord has backslash escapes
// and gets them.
package markup

import (
	"bytes"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// Format is a target markup: one per kind of chat surface.
type Format int

// The formats Render knows.
const (
	// Plain is terminal text: no markup characters and no control
	// characters other than newline and tab.
	Plain Format = iota
	// Slack is Slack mrkdwn, as used in message text and section blocks.
	Slack
	// Discord is Discord message markdown.
	Discord
)

// String returns the lower-case name of f, as used in golden file names.
func (f Format) String() string {
	switch f {
	case Slack:
		return "slack"
	case Discord:
		return "discord"
	default:
		return "plain"
	}
}

// engines holds one goldmark instance per format. goldmark parsers are safe
// for concurrent use and the renderers keep all per-document state in the
// writer, so one instance serves every goroutine.
var (
	enginesOnce sync.Once
	engines     [3]goldmark.Markdown
)

func engine(f Format) goldmark.Markdown {
	enginesOnce.Do(func() {
		for _, g := range []Format{Plain, Slack, Discord} {
			// Linkify is left out on purpose: Slack and Discord link bare
			// URLs themselves, and rewriting them would change the text a
			// user typed (percent-encoding) for no gain.
			md := goldmark.New(goldmark.WithExtensions(extension.Strikethrough, extension.Table))
			// SetRenderer after New: with WithRenderer the extensions'
			// HTML renderers would be registered on top of ours and leak
			// <del> and <table> into chat text.
			md.SetRenderer(renderer.NewRenderer(
				renderer.WithNodeRenderers(util.Prioritized(&nodeRenderer{f: g}, 100)),
			))
			engines[g] = md
		}
	})
	if f < Plain || f > Discord {
		f = Plain
	}
	return engines[f]
}

// Render renders a whole CommonMark document for f. The result has no
// trailing newline.
func Render(f Format, markdown string) string {
	w := render(f, markdown)
	return strings.Join(w.blockStrings(), "\n\n")
}

// render parses and renders markdown into a writer that remembers where each
// top-level block starts and ends, which Split needs.
func render(f Format, markdown string) *writer {
	w := newWriter(f)
	md := engine(f)
	// Convert only fails when the writer does, and ours cannot.
	_ = md.Convert([]byte(markdown), w)
	return w
}

// blockStrings returns the rendered top-level blocks, without separators.
func (w *writer) blockStrings() []string {
	out := make([]string, 0, len(w.blocks))
	for _, b := range w.blocks {
		s := string(bytes.TrimRight(w.buf[b[0]:b[1]], " \n"))
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
