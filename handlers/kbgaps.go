package handlers

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/markup"
	"github.com/ipdesk/ipdesk/i18n"
)

// gapsLimit is how many rows each list of kb gaps shows in chat: enough to
// choose the next articles to write, short enough to read in a message.
const gapsLimit = 10

// serveKB is the staff command "kb gaps": the questions the knowledge base
// could not answer, most asked first, and the answers most often marked not
// helpful.
func (a *Ask) serveKB(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
	tr := e.Printer()
	if !e.User.Staff {
		return &ipdesk.Error{Code: ipdesk.EUNAUTHORIZED, Message: tr.T("kb.staff_only")}
	}
	sub, rest, _ := strings.Cut(strings.TrimSpace(e.Args), " ")
	if !strings.EqualFold(sub, "gaps") {
		return &ipdesk.Error{Code: ipdesk.EINVALID, Message: tr.T("kb.usage")}
	}
	limit := gapsLimit
	if rest = strings.TrimSpace(rest); rest != "" {
		n, err := strconv.Atoi(rest)
		if err != nil || n < 1 || n > 100 {
			return &ipdesk.Error{Code: ipdesk.EINVALID, Message: tr.T("kb.limit")}
		}
		limit = n
	}
	gaps, err := a.store.QuestionGaps(ctx, limit)
	if err != nil {
		return err
	}
	bad, err := a.store.UnhelpfulAnswers(ctx, limit)
	if err != nil {
		return err
	}
	_, err = w.Reply(ctx, bot.Reply{Text: GapsReportIn(tr, gaps, bad), Ephemeral: true})
	return err
}

// GapsReport writes the kb gaps report in English as CommonMark, with
// every question escaped. The command line prints it.
func GapsReport(gaps []ipdesk.QuestionGap, bad []ipdesk.UnhelpfulAnswer) string {
	return GapsReportIn(i18n.Default().Printer(i18n.EN), gaps, bad)
}

// GapsReportIn writes the kb gaps report in tr's language.
func GapsReportIn(tr i18n.Printer, gaps []ipdesk.QuestionGap, bad []ipdesk.UnhelpfulAnswer) string {
	var b strings.Builder
	b.WriteString(tr.T("kb.gaps_title") + "\n\n")
	if len(gaps) == 0 {
		b.WriteString(tr.T("kb.gaps_none") + "\n")
	}
	for i, g := range gaps {
		fmt.Fprintf(&b, "%d. %s\n", i+1, tr.T("kb.gap", "Question", markup.Escape(clipRunes(oneLine(g.Text), 200)), "Count", g.Count, "Last", tr.DateTime(g.LastAsked)))
	}
	b.WriteString("\n" + tr.T("kb.unhelpful_title") + "\n\n")
	if len(bad) == 0 {
		b.WriteString(tr.T("kb.unhelpful_none") + "\n")
	}
	for i, u := range bad {
		fmt.Fprintf(&b, "%d. %s\n", i+1, tr.T("kb.unhelpful", "Section", markup.Escape(u.Section), "Article", markup.Escape(u.Article),
			"Unhelpful", u.Unhelpful, "Helpful", u.Helpful, "Example", markup.Escape(clipRunes(oneLine(u.Example), 120))))
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
