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
func replyButton(u bot.User) bot.Button {
	return bot.Button{ID: actionStaffReply, Label: "Reply", Value: u.Key(), Style: bot.StylePrimary}
}

// replyHint tells staff the reply command for a user, when the user id
// can be typed.
func replyHint(platform, id string) string {
	if _, _, err := parseUser(platform + ":" + id); err != nil {
		return ""
	}
	return " (or type `reply " + platform + ":" + id + " TEXT`)"
}

// userKey is what a user id looks like on any platform: Slack's U0123ABC,
// a Discord snowflake, a console name.
var userKey = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$`)

// parseUser reads "platform:userid" as staff type or a button carries it.
// Whether the platform runs is for sending to find out.
func parseUser(s string) (platform, id string, err error) {
	p, id, ok := strings.Cut(strings.TrimSpace(s), ":")
	p = strings.ToLower(p)
	if !ok || !bot.ValidPlatformID(p) || !userKey.MatchString(id) {
		return "", "", ipdesk.Errorf(ipdesk.EINVALID, "Name the user as platform:userid, as the request for a person shows it, e.g. `reply discord:123456789012345678 Hello…` or `reply slack:U0123ABCD Hello…`.")
	}
	return p, id, nil
}

// registerReplies adds the reply command and the buttons and forms of a
// conversation between staff and a user.
func (c *Complaints) registerReplies(mux *bot.Mux) {
	mux.HandleCommand(bot.Command{Name: "reply", Usage: "PLATFORM:USERID TEXT", Summary: "answer someone who asked for a person, in a direct message on their platform", Staff: true},
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
		return ipdesk.Errorf(ipdesk.EUNAUTHORIZED, "Only staff can use `reply`.")
	}
	who, text, _ := strings.Cut(strings.TrimSpace(e.Args), " ")
	platform, id, err := parseUser(who)
	if err != nil {
		return err
	}
	if !e.PlatformOf(platform).Connected() {
		return ipdesk.Errorf(ipdesk.EINVALID, "I am not connected to %s. Name the user as platform:userid on a platform I run, as the request for a person shows it.", markup.Escape(platform))
	}
	return c.sendStaffReply(ctx, w, e, platform, id, text)
}

// serveStaffReply handles the Reply button (it opens the form) and the
// form.
func (c *Complaints) serveStaffReply(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
	if !e.User.Staff {
		return ipdesk.Errorf(ipdesk.EUNAUTHORIZED, "Only staff can do that.")
	}
	if e.Kind == bot.KindAction {
		platform, id, err := parseUser(e.Action.Value)
		if err != nil {
			return err
		}
		_, err = w.Reply(ctx, bot.Reply{Form: &bot.Form{ID: actionStaffReply, Title: "Reply", Submit: "Send", Value: platform + ":" + id,
			Inputs: []bot.Input{{ID: "message", Label: "Message to " + c.platform(platform).Name() + " user " + id, Kind: bot.InputParagraph, Required: true, MaxLen: 2000}}}})
		return err
	}
	platform, id, err := parseUser(e.Form.Value)
	if err != nil {
		return err
	}
	if _, err := ipdesk.CleanText(e.Form.Fields["message"], "The message", 1, 2000, true); err != nil {
		return &bot.FormError{Fields: map[string]string{"message": ipdesk.ErrorMessage(err)}}
	}
	return c.sendStaffReply(ctx, w, e, platform, id, e.Form.Fields["message"])
}

// sendStaffReply sends a staff member's message to a user's direct
// messages on the user's platform, with a Write back button.
func (c *Complaints) sendStaffReply(ctx context.Context, w bot.ResponseWriter, e *bot.Event, platform, id, text string) error {
	text, err := ipdesk.CleanText(text, "The message", 1, 2000, true)
	if err != nil {
		return err
	}
	msg := bot.Reply{
		Text:    "**Message from staff**\n\n" + quote(text) + "\n\nTo answer, press **Write back**.",
		Buttons: []bot.Button{{ID: actionWriteBack, Label: "Write back"}},
	}
	if _, err := c.send.Send(ctx, bot.DirectTo(platform, id), msg); err != nil {
		c.log.Error("staff reply", "to", platform+":"+id, "err", err)
		return ipdesk.Errorf(ipdesk.ECONFLICT, "The message could not be delivered to %s user %s; nothing was sent. Check the user id, and that %s is connected.", c.platform(platform).Name(), id, c.platform(platform).Name())
	}
	c.log.Info("staff replied", "by", e.User.Key(), "to", platform+":"+id)
	r := bot.Reply{Text: fmt.Sprintf("Sent to %s user %s in a direct message.", c.platform(platform).Name(), markup.Escape(id)), Ephemeral: true}
	if c.learn != nil {
		// An answer to a question from the knowledge base can become
		// an article.
		if b := c.learn.offer(ctx, e.User, platform, id, text); b != nil {
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
	if e.Kind == bot.KindAction {
		_, err := w.Reply(ctx, bot.Reply{Form: &bot.Form{ID: actionWriteBack, Title: "Write to staff", Submit: "Send",
			Inputs: []bot.Input{{ID: "message", Label: "Your message", Kind: bot.InputParagraph, Required: true, MaxLen: 2000}}}})
		return err
	}
	text, err := ipdesk.CleanText(e.Form.Fields["message"], "Your message", 1, 2000, true)
	if err != nil {
		return &bot.FormError{Fields: map[string]string{"message": ipdesk.ErrorMessage(err)}}
	}
	if !c.writeBacks.allow(e.User.Key(), c.now()) {
		return ipdesk.Errorf(ipdesk.EINVALID, "You have sent staff %d messages in the last hour; please wait for their answer.", maxWriteBacks)
	}
	who := markup.Escape(e.User.Key())
	if name := strings.TrimSpace(e.User.Name); name != "" && name != e.User.ID {
		who = markup.Escape(clipRunes(name, 60)) + " (" + who + ")"
	}
	note := bot.Reply{
		Text:    fmt.Sprintf("💬 **Message for staff** from %s on %s\n\n%s\n\nPress **Reply** to answer in their direct messages.", who, e.Platform().Name(), quote(text)),
		Buttons: []bot.Button{replyButton(e.User)},
	}
	if _, err := c.send.Send(ctx, c.review, note); err != nil {
		return fmt.Errorf("post message for staff: %w", err)
	}
	_, err = w.Reply(ctx, bot.Reply{Text: "Sent to staff. They will answer you here.", Ephemeral: true})
	return err
}
