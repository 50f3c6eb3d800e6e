package handlers

import (
	"context"
	"strconv"
	"strings"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/i18n"
)

// actionWhy is the "Say why" button under the thanks for a not-helpful
// vote, and its one-line form; the value is the question's id.
const actionWhy = "kb.why"

// maxReason bounds the reason given with a not-helpful vote: one line.
const maxReason = 200

// whyButton offers a one-line reason with a not-helpful vote.
func whyButton(tr i18n.Printer, q *ipdesk.Question) bot.Button {
	return bot.Button{ID: actionWhy, Label: tr.T("why.button"), Value: strconv.FormatInt(q.ID, 10)}
}

// serveWhy opens the reason form (the button) and keeps the reason (the
// form), for the asker only.
func (a *Ask) serveWhy(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
	if e.Kind == bot.KindSubmit {
		e.Action.Value = e.Form.Value
	}
	q, err := a.questionFor(ctx, e)
	if err != nil {
		return err
	}
	// The question's language, as the answer and its buttons were.
	tr := a.cat.Printer(i18n.Lang(q.Lang))
	if e.Kind != bot.KindSubmit {
		_, err := w.Reply(ctx, replyFor(q, bot.Reply{Form: &bot.Form{ID: actionWhy, Title: tr.T("why.title"), Submit: tr.T("why.submit"), Value: strconv.FormatInt(q.ID, 10),
			Inputs: []bot.Input{{ID: "reason", Label: tr.T("why.label"), Kind: bot.InputText, Required: true, MaxLen: maxReason}}}}))
		return err
	}
	reason, err := ipdesk.CleanText(strings.TrimSpace(e.Form.Fields["reason"]), tr.T("field.reason"), 1, maxReason, false)
	if err != nil {
		return errorFor(q, &bot.FormError{Fields: map[string]string{"reason": tr.Error(err)}})
	}
	if err := a.store.RecordFeedbackReason(ctx, q.ID, e.User.Platform, e.User.ID, reason); err != nil {
		return err
	}
	_, err = w.Reply(ctx, replyFor(q, bot.Reply{Text: tr.T("why.thanks"), Ephemeral: true}))
	return err
}
