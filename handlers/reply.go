package handlers

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/markup"
	"github.com/ipdesk/ipdesk/i18n"
)

// Staff answer someone who asked for a person (from the wizard or under a
// knowledge-base answer) with `reply PLATFORM:USERID TEXT` or the Reply
// button under the request; the user gets a direct message on their own
// platform with a Write back button, whose message comes to the review
// channel with a Reply button again.
const (
	actionStaffReply = "talk.reply" // staff: value "platform:userid"; opens the reply form
	actionWriteBack  = "talk.back"  // the user: opens the write-back form
)

// maxWriteBacks bounds the messages one user may post into the review
// channel through Write back within writeBackWindow.
const (
	maxWriteBacks   = 5
	writeBackWindow = time.Hour
)

// replyButton is the Reply button under a request for a person.
func replyButton(tr i18n.Printer, u bot.User) bot.Button {
	return bot.Button{ID: actionStaffReply, Label: tr.T("reply.button"), Value: u.Key(), Style: bot.StylePrimary}
}

// replyHint tells staff the reply command for a user, when the user id
// can be typed.
func replyHint(tr i18n.Printer, platform, id string) string {
	if _, _, err := parseUser(platform + ":" + id); err != nil {
		return ""
	}
	return tr.T("reply.hint", "User", platform+":"+id)
}

// userKey is what a user id looks like on any platform: Slack's U0123ABC,
// a Discord snowflake, a console name.
var userKey = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$`)

// parseUser reads "platform:userid" as staff type or a button carries it.
func parseUser(s string) (platform, id string, err error) {
	p, id, ok := strings.Cut(strings.TrimSpace(s), ":")
	p = strings.ToLower(p)
	if !ok || (p != bot.Slack && p != bot.Discord && p != bot.Console) || !userKey.MatchString(id) {
		return "", "", catalogError(ipdesk.EINVALID, "reply.bad_user")
	}
	return p, id, nil
}

// registerReplies adds the reply command and the buttons and forms of a
// conversation between staff and a user.
func (c *Complaints) registerReplies(mux *bot.Mux) {
	mux.HandleCommand(bot.Command{Name: "reply", Staff: true},
		bot.HandlerFunc(c.serveReplyCommand))
	staff := bot.RequireStaff(bot.HandlerFunc(c.serveStaffReply))
	mux.HandleAction(actionStaffReply, staff)
	mux.HandleForm(actionStaffReply, staff)
	mux.HandleAction(actionWriteBack, bot.HandlerFunc(c.serveWriteBack))
	mux.HandleForm(actionWriteBack, bot.HandlerFunc(c.serveWriteBack))
}

// serveReplyCommand handles `reply PLATFORM:USERID TEXT`.
func (c *Complaints) serveReplyCommand(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
	if !e.User.Staff {
		return &ipdesk.Error{Code: ipdesk.EUNAUTHORIZED, Message: e.Printer().T("reply.staff_only")}
	}
	who, text, _ := strings.Cut(strings.TrimSpace(e.Args), " ")
	platform, id, err := parseUser(who)
	if err != nil {
		return err
	}
	return c.sendStaffReply(ctx, w, e, platform, id, text)
}

// serveStaffReply handles the Reply button (it opens the form) and the
// form.
func (c *Complaints) serveStaffReply(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
	tr := e.Printer()
	if !e.User.Staff {
		return &ipdesk.Error{Code: ipdesk.EUNAUTHORIZED, Message: tr.T("bot.staff_only")}
	}
	if e.Kind == bot.KindAction {
		platform, id, err := parseUser(e.Action.Value)
		if err != nil {
			return err
		}
		_, err = w.Reply(ctx, bot.Reply{Form: &bot.Form{ID: actionStaffReply, Title: tr.T("reply.form_title"), Submit: tr.T("reply.form_submit"), Value: platform + ":" + id,
			Inputs: []bot.Input{{ID: "message", Label: tr.T("reply.form_label", "Platform", platformName(tr, platform), "ID", id), Kind: bot.InputParagraph, Required: true, MaxLen: 2000}}}})
		return err
	}
	platform, id, err := parseUser(e.Form.Value)
	if err != nil {
		return err
	}
	if _, err := ipdesk.CleanText(e.Form.Fields["message"], tr.T("reply.field.message"), 1, 2000, true); err != nil {
		return &bot.FormError{Fields: map[string]string{"message": tr.Error(err)}}
	}
	return c.sendStaffReply(ctx, w, e, platform, id, e.Form.Fields["message"])
}

// sendStaffReply sends a staff member's message to a user's direct
// messages on the user's platform, with a Write back button.
func (c *Complaints) sendStaffReply(ctx context.Context, w bot.ResponseWriter, e *bot.Event, platform, id, text string) error {
	tr := e.Printer()
	text, err := ipdesk.CleanText(text, tr.T("reply.field.message"), 1, 2000, true)
	if err != nil {
		return err
	}
	// The user reads it in their own language.
	ut := c.userTr(ctx, platform, id)
	msg := bot.Reply{
		Text:    ut.T("reply.message", "Text", quote(text)),
		Buttons: []bot.Button{{ID: actionWriteBack, Label: ut.T("reply.write_back")}},
	}
	if _, err := c.send.Send(ctx, bot.DirectTo(platform, id), msg); err != nil {
		c.log.Error("staff reply", "to", platform+":"+id, "err", err)
		return &ipdesk.Error{Code: ipdesk.ECONFLICT, Message: tr.T("reply.undelivered", "Platform", platformName(tr, platform), "ID", markup.Escape(id))}
	}
	c.log.Info("staff replied", "by", e.User.Key(), "to", platform+":"+id)
	r := bot.Reply{Text: tr.T("reply.sent", "Platform", platformName(tr, platform), "ID", markup.Escape(id)), Ephemeral: true}
	if c.learn != nil {
		// An answer to a question from the knowledge base can become
		// an article.
		if b := c.learn.offer(ctx, tr, e.User, platform, id, text); b != nil {
			r.Buttons = append(r.Buttons, *b)
		}
	}
	_, err = w.Reply(ctx, r)
	return err
}

// writeBacks counts the user's recent Write back messages, so that one
// user cannot flood the review channel.
type writeBacks struct {
	mu   sync.Mutex
	sent map[string][]time.Time
}

// allow records a message by key at now and reports whether it is within
// the limit.
func (wb *writeBacks) allow(key string, now time.Time) bool {
	wb.mu.Lock()
	defer wb.mu.Unlock()
	if wb.sent == nil {
		wb.sent = map[string][]time.Time{}
	}
	var recent []time.Time
	for _, t := range wb.sent[key] {
		if now.Sub(t) < writeBackWindow {
			recent = append(recent, t)
		}
	}
	if len(recent) >= maxWriteBacks {
		wb.sent[key] = recent
		return false
	}
	wb.sent[key] = append(recent, now)
	if len(wb.sent) > 10000 {
		// Forget the oldest users rather than grow without bound.
		for k := range wb.sent {
			delete(wb.sent, k)
			if len(wb.sent) <= 5000 {
				break
			}
		}
	}
	return true
}

// serveWriteBack handles the user's Write back button (it opens the form)
// and the form, whose message goes to the review channel with a Reply
// button.
func (c *Complaints) serveWriteBack(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
	tr := e.Printer()
	if e.Kind == bot.KindAction {
		_, err := w.Reply(ctx, bot.Reply{Form: &bot.Form{ID: actionWriteBack, Title: tr.T("reply.write_title"), Submit: tr.T("reply.write_submit"),
			Inputs: []bot.Input{{ID: "message", Label: tr.T("reply.field.yours"), Kind: bot.InputParagraph, Required: true, MaxLen: 2000}}}})
		return err
	}
	text, err := ipdesk.CleanText(e.Form.Fields["message"], tr.T("reply.field.yours"), 1, 2000, true)
	if err != nil {
		return &bot.FormError{Fields: map[string]string{"message": tr.Error(err)}}
	}
	if !c.writeBacks.allow(e.User.Key(), c.now()) {
		return &ipdesk.Error{Code: ipdesk.EINVALID, Message: tr.T("reply.too_many", "Count", maxWriteBacks)}
	}
	who := markup.Escape(e.User.Key())
	if name := strings.TrimSpace(e.User.Name); name != "" && name != e.User.ID {
		who = markup.Escape(clipRunes(name, 60)) + " (" + who + ")"
	}
	rt := c.reviewTr
	note := bot.Reply{
		Text:    rt.T("reply.for_staff", "Who", who, "Platform", platformName(rt, e.User.Platform), "Text", quote(text)),
		Buttons: []bot.Button{replyButton(rt, e.User)},
	}
	if _, err := c.send.Send(ctx, c.review, note); err != nil {
		return fmt.Errorf("post message for staff: %w", err)
	}
	_, err = w.Reply(ctx, bot.Reply{Text: tr.T("reply.sent_to_staff"), Ephemeral: true})
	return err
}
