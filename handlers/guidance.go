package handlers

import (
	"context"
	"io/fs"
	"strings"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/markup"
	"github.com/ipdesk/ipdesk/i18n"
	"github.com/ipdesk/ipdesk/knowledge"
)

// The knowledge-base articles a seller whose listing was reported is pointed
// to: the response playbook, shown in the wizard, and the programme
// specific ones, offered as topic buttons (served by the ask handler).
const guideArticle = "takedown-response"

var guideRelated = []string{"amazon-ip-response", "dmca-counter-notice", "ebay-vero"}

// guide is the response guidance for a seller whose listing was reported,
// read once from the bundled knowledge base, in each language it has the
// articles in.
type guide struct {
	byLang map[string]*guideText
}

type guideText struct {
	title, lead string
	buttons     []bot.Button
}

// in returns the guidance in lang, or in English where the base lacks it.
func (g *guide) in(lang i18n.Lang) *guideText {
	if t, ok := g.byLang[string(lang)]; ok {
		return t
	}
	if t, ok := g.byLang["en"]; ok {
		return t
	}
	return &guideText{}
}

// loadGuide reads the guidance articles from fsys (<lang>/<id>.md). A
// missing article leaves its part out; the caller still offers staff.
func loadGuide(fsys fs.FS) *guide {
	g := &guide{byLang: map[string]*guideText{}}
	for _, lang := range []string{"en", "zh"} {
		read := func(id string) *knowledge.Article {
			file := lang + "/" + id + ".md"
			src, err := fs.ReadFile(fsys, file)
			if err != nil {
				return nil
			}
			a, _, err := knowledge.ParseArticle(file, src)
			if err != nil {
				return nil
			}
			return a
		}
		t := &guideText{}
		if a := read(guideArticle); a != nil && a.Lead() != nil {
			t.title, t.lead = a.Title, strings.TrimSpace(a.Lead().Markdown)
		} else if lang != "en" {
			continue // without the playbook, the English guidance serves
		}
		for _, id := range guideRelated {
			if a := read(id); a != nil {
				t.buttons = append(t.buttons, bot.Button{ID: "kb.topic", Label: clipRunes(a.Title, 60), Value: lang + "/" + id})
			}
		}
		g.byLang[lang] = t
	}
	return g
}

// sellerGuidance answers the triage choice "my listing was reported": that
// is not a complaint to file but a notice to respond to, so the seller gets
// the response guidance, topic buttons and the way to a person. A draft with
// nothing but this answer is closed; one with other answers (the choice was
// made while editing) is kept, and the seller told so.
func (c *Complaints) sellerGuidance(ctx context.Context, w bot.ResponseWriter, e *bot.Event, d *ipdesk.Draft) error {
	tr := e.Printer()
	g := c.guide().in(tr.Lang())
	var b strings.Builder
	b.WriteString(tr.T("guide.title") + "\n\n")
	if g.lead != "" {
		b.WriteString(g.lead + "\n\n")
		b.WriteString(tr.T("guide.source", "Title", markup.Escape(g.title)) + "\n\n")
	}
	if len(g.buttons) > 0 {
		b.WriteString(tr.T("guide.buttons") + " ")
	}
	b.WriteString(tr.T("guide.person", "Cmd", commandIn(e, "ask")))
	fresh := len(d.History) == 0 && d.Answers.Marketplace == ""
	if fresh {
		if err := c.store.DeleteDraft(ctx, d.Platform, d.UserID); err != nil {
			return err
		}
		b.WriteString("\n\n" + tr.T("guide.nothing_filed", "Cmd", commandIn(e, "complain")))
	} else {
		b.WriteString("\n\n" + tr.T("guide.draft_kept"))
	}
	return c.say(ctx, w, e, bot.Reply{Text: b.String(), Buttons: g.buttons})
}
