package handlers

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/i18n"
)

// Requests for a person, in English and Chinese. They are matched as
// requests (a verb of asking and a word for a person close together, or
// the word alone), and only in short messages, so that a description
// which mentions "the seller's customer service" or "a person" is still
// taken as the answer it is.
var (
	humanWord    = `(human|humans|person|people|staff|staff member|agent|someone|somebody|representative|operator|real person)`
	humanAlone   = regexp.MustCompile(`(?i)^(a |an |the |a real )?` + humanWord + `( please| pls)?[.!?]*$`)
	article      = `(a |an |the |some |your |a real |one of your )?`
	humanRequest = regexp.MustCompile(`(?i)(\b(talk|speak|chat)\b(\s+\w+){0,2}?\s+(to|with)\s+` + article + humanWord +
		`|\b(connect|transfer|put)\s+me\s+(through\s+)?(to|with)\s+` + article + humanWord +
		`|\b(need|want|get|reach|contact|ask for)\s+(me\s+)?(to\s+(talk|speak|chat)\s+(to|with)\s+)?` + article + humanWord + `)\b`)
	humanZH = regexp.MustCompile(`(找|转|要|联系|需要|请|和|跟|接)[^。？！?!]{0,4}(人工|客服|工作人员)|^\s*(我要|请|转)?(人工|客服|工作人员|人工客服)(服务)?\s*[吗呢吧。！？!?]*\s*$`)
)

// maxHumanRequestWords bounds the length of a message read as a request
// for a person; longer ones are answers that happen to mention one.
const maxHumanRequestWords = 12

// asksForHuman reports whether text asks to talk to a person rather than
// answering the wizard's question.
func asksForHuman(text string) bool {
	t := strings.TrimSpace(text)
	if t == "" || utf8.RuneCountInString(t) > 120 {
		return false
	}
	if humanZH.MatchString(t) && utf8.RuneCountInString(t) <= 30 {
		return true
	}
	if len(strings.Fields(t)) > maxHumanRequestWords {
		return false
	}
	return humanAlone.MatchString(t) || humanRequest.MatchString(t)
}

// talkToStaff answers a request for a person made while filing: staff get
// a short note in the review channel (what is being filed and where the
// user is, never the answers or contact details, and no reference, as
// nothing is filed yet), once per draft, and the user is told a person
// will reply in their direct messages. The draft is kept and its current
// question shown again.
func (c *Complaints) talkToStaff(ctx context.Context, w bot.ResponseWriter, e *bot.Event, d *ipdesk.Draft) error {
	tr := c.draftTr(d)
	lead := tr.T("talk.already")
	if !d.StaffAsked {
		note := bot.Reply{Text: staffNote(c.reviewTr, d, e.Platform()), Buttons: []bot.Button{replyButton(c.reviewTr, e.User)}}
		if _, err := c.send.Send(ctx, c.review, note); err != nil {
			return fmt.Errorf("post request for staff: %w", err)
		}
		d.StaffAsked = true
		if err := c.store.SaveDraft(ctx, d); err != nil {
			c.log.Error("remember request for staff", "err", err)
		}
		c.log.Info("complainant asked for staff", "platform", d.Platform, "step", d.Step)
		lead = tr.T("talk.asked")
	}
	return c.say(ctx, w, e, c.prompt(d, lead))
}

// staffNote is what staff see when someone filing asks for a person, in
// tr's language (the review channel's).
func staffNote(tr i18n.Printer, d *ipdesk.Draft, p bot.Platform) string {
	var parts []string
	if d.Answers.Kind != "" {
		parts = append(parts, kindLabel(tr, d.Answers.Kind))
	}
	if d.Answers.Marketplace != "" {
		parts = append(parts, tr.T("talk.on", "Marketplace", marketplaceName(tr, marketplace(&d.Answers))))
	}
	parts = append(parts, tr.T("talk.at_step", "Step", stepLabel(tr, d.Step)))
	return tr.T("talk.note", "What", strings.Join(parts, tr.T("list.sep")), "Platform", platformName(tr, p), "Hint", replyHint(tr, d.Platform, d.UserID))
}
