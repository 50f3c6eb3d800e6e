package handlers

import (
	"context"
	"strconv"
	"strings"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
)

// actionWhy is the "Say why" button under the thanks for a not-helpful
// vote, and its one-line form; the value is the question's id.
const actionWhy = "kb.why"

// maxReason bounds the reason given with a not-helpful vote: one line.
const maxReason = 200

// whyUI holds the texts of the reason form, by language.
var whyUI = map[string]struct{ button, title, label, thanks string }{
	"en": {"Say why", "What was missing?", "What was wrong or missing, in one line", "Thanks: staff see your reason beside the answer when they improve it."},
	"zh": {"说明原因", "缺少什么？", "哪里不对或缺少什么（一行）", "谢谢：工作人员改进这条回答时会看到你的说明。"},
}

func whyTexts(lang string) struct{ button, title, label, thanks string } {
	if t, ok := whyUI[lang]; ok {
		return t
	}
	return whyUI["en"]
}

// whyButton offers a one-line reason with a not-helpful vote.
func whyButton(q *ipdesk.Question) bot.Button {
	return bot.Button{ID: actionWhy, Label: whyTexts(q.Lang).button, Value: strconv.FormatInt(q.ID, 10)}
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
	ui := whyTexts(q.Lang)
	if e.Kind != bot.KindSubmit {
		_, err := w.Reply(ctx, bot.Reply{Form: &bot.Form{ID: actionWhy, Title: ui.title, Submit: "OK", Value: strconv.FormatInt(q.ID, 10),
			Inputs: []bot.Input{{ID: "reason", Label: ui.label, Kind: bot.InputText, Required: true, MaxLen: maxReason}}}})
		return err
	}
	reason, err := ipdesk.CleanText(strings.TrimSpace(e.Form.Fields["reason"]), "The reason", 1, maxReason, false)
	if err != nil {
		return &bot.FormError{Fields: map[string]string{"reason": ipdesk.ErrorMessage(err)}}
	}
	if err := a.store.RecordFeedbackReason(ctx, q.ID, e.User.Platform, e.User.ID, reason); err != nil {
		return err
	}
	_, err = w.Reply(ctx, bot.Reply{Text: ui.thanks, Ephemeral: true})
	return err
}
