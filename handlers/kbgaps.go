package handlers

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/markup"
	"github.com/ipdesk/ipdesk/i18n"
	"github.com/ipdesk/ipdesk/knowledge"
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
	if strings.EqualFold(sub, "drafts") {
		return a.serveDrafts(ctx, w, tr)
	}
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
	text := GapsReportIn(tr, gaps, bad, a.drafts())
	if st, err := a.store.DeflectionStats(ctx, time.Now().Add(-DeflectionWindow)); err != nil {
		a.log.Warn("deflection stats", "err", err)
	} else {
		text += "\n\n" + DeflectionReportIn(tr, st)
	}
	_, err = w.Reply(ctx, bot.Reply{Text: text, Ephemeral: true})
	return err
}

// DeflectionWindow is how far back kb gaps counts the articles offered
// before complaints.
const DeflectionWindow = 30 * 24 * time.Hour

// GapsReport writes the kb gaps report in English as CommonMark, with
// every question escaped: each gap with the draft that answers it, if one
// does, and each not-helpful answer with the reasons people gave. The
// command line prints it.
func GapsReport(gaps []ipdesk.QuestionGap, bad []ipdesk.UnhelpfulAnswer, drafts []knowledge.Draft) string {
	return GapsReportIn(i18n.Default().Printer(i18n.EN), gaps, bad, drafts)
}

// GapsReportIn writes the kb gaps report in tr's language.
func GapsReportIn(tr i18n.Printer, gaps []ipdesk.QuestionGap, bad []ipdesk.UnhelpfulAnswer, drafts []knowledge.Draft) string {
	var b strings.Builder
	b.WriteString(tr.T("kb.gaps_title") + "\n\n")
	if len(gaps) == 0 {
		b.WriteString(tr.T("kb.gaps_none") + "\n")
	}
	for i, g := range gaps {
		fmt.Fprintf(&b, "%d. %s", i+1, tr.T("kb.gap", "Question", markup.Escape(clipRunes(oneLine(g.Text), 200)), "Count", g.Count, "Last", tr.DateTime(g.LastAsked)))
		if d := draftFor(g.Text, drafts); d != "" {
			b.WriteString(tr.T("kb.gap_draft", "Draft", markup.Escape(d)))
		}
		b.WriteString("\n")
	}
	b.WriteString("\n" + tr.T("kb.unhelpful_title") + "\n\n")
	if len(bad) == 0 {
		b.WriteString(tr.T("kb.unhelpful_none") + "\n")
	}
	for i, u := range bad {
		fmt.Fprintf(&b, "%d. %s", i+1, tr.T("kb.unhelpful", "Section", markup.Escape(u.Section), "Article", markup.Escape(u.Article),
			"Unhelpful", u.Unhelpful, "Helpful", u.Helpful, "Example", markup.Escape(clipRunes(oneLine(u.Example), 120))))
		var why []string
		for _, r := range u.Reasons {
			why = append(why, "“"+markup.Escape(clipRunes(oneLine(r), 120))+"”")
		}
		if len(why) > 0 {
			b.WriteString(tr.T("kb.unhelpful_why", "Reasons", strings.Join(why, tr.T("list.sep"))))
		}
		b.WriteString("\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// draftFor returns the draft whose aliases hold a question in the same
// words (see ipdesk.NormalizeQuestion), or "".
func draftFor(question string, drafts []knowledge.Draft) string {
	n := ipdesk.NormalizeQuestion(question)
	for _, d := range drafts {
		for _, al := range d.Aliases {
			if ipdesk.NormalizeQuestion(al) == n {
				return d.File
			}
		}
	}
	return ""
}

// drafts reads the drafts of the operator's folder; none without one. A
// folder that cannot be read is logged and shows no drafts.
func (a *Ask) drafts() []knowledge.Draft {
	if a.kbDir == "" {
		return nil
	}
	ds, err := knowledge.Drafts(os.DirFS(a.kbDir))
	if err != nil {
		a.log.Warn("read article drafts", "err", err)
	}
	return ds
}

// serveDrafts is "kb drafts": the drafts waiting to be published, each with
// the question it answers and whether it is ready (lint-clean).
func (a *Ask) serveDrafts(ctx context.Context, w bot.ResponseWriter, tr i18n.Printer) error {
	if a.kbDir == "" {
		return &ipdesk.Error{Code: ipdesk.ECONFLICT, Message: tr.T("kb.no_folder")}
	}
	_, err := w.Reply(ctx, bot.Reply{Text: DraftsReportIn(tr, a.drafts()), Ephemeral: true})
	return err
}

// DraftsReport lists article drafts as CommonMark in English, for the
// command line.
func DraftsReport(drafts []knowledge.Draft) string {
	return DraftsReportIn(i18n.Default().Printer(i18n.EN), drafts)
}

// DraftsReportIn lists article drafts in tr's language.
func DraftsReportIn(tr i18n.Printer, drafts []knowledge.Draft) string {
	if len(drafts) == 0 {
		return tr.T("kb.drafts_none")
	}
	var b strings.Builder
	b.WriteString(tr.T("kb.drafts_title", "Count", len(drafts), "Dir", knowledge.DraftsDir))
	for i, d := range drafts {
		state := tr.T("kb.draft_ready")
		if n := len(d.Problems); n > 0 {
			state = tr.T("kb.draft_problems", "Count", n)
		}
		fmt.Fprintf(&b, "%d. %s", i+1, tr.T("kb.draft_line", "File", markup.Escape(d.File), "Title", markup.Escape(clipRunes(d.Title, 100))))
		if len(d.Aliases) > 0 {
			b.WriteString(tr.T("kb.draft_answers", "Question", markup.Escape(clipRunes(oneLine(d.Aliases[0]), 120))))
		}
		b.WriteString(tr.T("kb.draft_written", "Date", d.Reviewed.Format("2006-01-02"), "State", state) + "\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}
