package handlers

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/markup"
)

// gapsLimit is how many rows each list of kb gaps shows in chat: enough to
// choose the next articles to write, short enough to read in a message.
const gapsLimit = 10

// serveKB is the staff command "kb gaps": the questions the knowledge base
// could not answer, most asked first, and the answers most often marked not
// helpful.
func (a *Ask) serveKB(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
	if !e.User.Staff {
		return ipdesk.Errorf(ipdesk.EUNAUTHORIZED, "Only staff can use `kb`.")
	}
	sub, rest, _ := strings.Cut(strings.TrimSpace(e.Args), " ")
	if !strings.EqualFold(sub, "gaps") {
		return ipdesk.Errorf(ipdesk.EINVALID, "Usage: `kb gaps [N]`: the questions the knowledge base could not answer, and the answers marked not helpful.")
	}
	limit := gapsLimit
	if rest = strings.TrimSpace(rest); rest != "" {
		n, err := strconv.Atoi(rest)
		if err != nil || n < 1 || n > 100 {
			return ipdesk.Errorf(ipdesk.EINVALID, "`kb gaps N`: N is how many to list, from 1 to 100.")
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
	_, err = w.Reply(ctx, bot.Reply{Text: GapsReport(gaps, bad), Ephemeral: true})
	return err
}

// GapsReport writes the kb gaps report as CommonMark, with every question
// escaped. The command line prints it too.
func GapsReport(gaps []ipdesk.QuestionGap, bad []ipdesk.UnhelpfulAnswer) string {
	var b strings.Builder
	b.WriteString("**Unanswered questions** (most asked first)\n\n")
	if len(gaps) == 0 {
		b.WriteString("None yet: every question asked so far had an answer.\n")
	}
	for i, g := range gaps {
		fmt.Fprintf(&b, "%d. “%s” — asked %d×, last %s\n", i+1, markup.Escape(clipRunes(oneLine(g.Text), 200)), g.Count, fmtTime(g.LastAsked))
	}
	b.WriteString("\n**Answers marked not helpful** (most votes first)\n\n")
	if len(bad) == 0 {
		b.WriteString("None yet.\n")
	}
	for i, u := range bad {
		fmt.Fprintf(&b, "%d. %s (`%s`) — %d not helpful, %d helpful; e.g. “%s”\n", i+1, markup.Escape(u.Section), markup.Escape(u.Article),
			u.Unhelpful, u.Helpful, markup.Escape(clipRunes(oneLine(u.Example), 120)))
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
