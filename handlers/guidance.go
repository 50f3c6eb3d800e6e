package handlers

import (
	"context"
	"fmt"
	"io/fs"
	"strings"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/markup"
	"github.com/ipdesk/ipdesk/knowledge"
)

// The knowledge-base articles a seller whose listing was reported is pointed
// to: the response playbook, shown in the wizard, and the programme
// specific ones, offered as topic buttons (served by the ask handler).
const guideArticle = "takedown-response"

var guideRelated = []string{"amazon-ip-response", "dmca-counter-notice", "ebay-vero"}

// guide is the response guidance for a seller whose listing was reported,
// read once from the bundled knowledge base.
type guide struct {
	title, lead string
	buttons     []bot.Button
}

// loadGuide reads the guidance articles from fsys (en/<id>.md). A missing
// article leaves its part out; the caller still offers staff.
func loadGuide(fsys fs.FS) *guide {
	g := &guide{}
	read := func(id string) *knowledge.Article {
		file := "en/" + id + ".md"
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
	if a := read(guideArticle); a != nil && a.Lead() != nil {
		g.title, g.lead = a.Title, strings.TrimSpace(a.Lead().Markdown)
	}
	for _, id := range guideRelated {
		if a := read(id); a != nil {
			g.buttons = append(g.buttons, bot.Button{ID: "kb.topic", Label: clipRunes(a.Title, 60), Value: "en/" + id})
		}
	}
	return g
}

// sellerGuidance answers the triage choice "my listing was reported": that
// is not a complaint to file but a notice to respond to, so the seller gets
// the response guidance, topic buttons and the way to a person. A draft with
// nothing but this answer is closed; one with other answers (the choice was
// made while editing) is kept, and the seller told so.
func (c *Complaints) sellerGuidance(ctx context.Context, w bot.ResponseWriter, e *bot.Event, d *ipdesk.Draft) error {
	var b strings.Builder
	b.WriteString("**Your listing was reported: here is how to respond.** A report against your own listing is answered, not filed here.\n\n")
	if c.guide.lead != "" {
		b.WriteString(c.guide.lead + "\n\n")
		fmt.Fprintf(&b, "_From “%s” in our knowledge base. General information, not legal advice._\n\n", markup.Escape(c.guide.title))
	}
	if len(c.guide.buttons) > 0 {
		b.WriteString("The buttons below explain how to answer on specific programmes: retractions, invoices and letters of authorisation, counter-notices and appeals. ")
	}
	fmt.Fprintf(&b, "To talk to a person, ask your question in chat, for example `%s how do I answer an IP complaint against my listing?`, and press **Talk to staff** under the answer.", invocation(e.User.Platform, "ask"))
	fresh := len(d.History) == 0 && d.Answers.Marketplace == ""
	if fresh {
		if err := c.store.DeleteDraft(ctx, d.Platform, d.UserID); err != nil {
			return err
		}
		fmt.Fprintf(&b, "\n\nNothing was filed. If you also want to report someone else's listing, type `%s`.", invocation(e.User.Platform, "complain"))
	} else {
		b.WriteString("\n\nYour unfinished complaint is kept as it was: answer its question again to go on, or type `cancel` to delete it.")
	}
	return c.say(ctx, w, e, bot.Reply{Text: b.String(), Buttons: c.guide.buttons})
}
