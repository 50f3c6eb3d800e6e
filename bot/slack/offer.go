package slack

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"strings"

	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/slack-go/slack"

	"github.com/ipdesk/ipdesk/bot"
)

// A modal can only open with a trigger_id, which Slack issues for a click or
// a command and honours for three seconds. A typed message brings none, and
// a handler that waited for the user's lock or for users.info may find its
// trigger expired. Rather than fail, the adapter then offers the form: it
// posts the reply's text with an "Open form" button, keeps the rendered
// modal in memory under a short key carried by the button, and opens it
// with the fresh trigger of the press.

// openFormAction is the action id of an "Open form" button. The adapter
// answers these presses itself; handlers never see them.
const openFormAction = "slack.open-form"

// offeredForms is how many offered forms the adapter remembers; the oldest
// is forgotten first. A press on a forgotten one (or one offered before a
// restart) is told the form expired.
const offeredForms = 1000

// expiredForm is what a press on a forgotten "Open form" button shows.
const expiredForm = "This form has expired; start again."

// offer is a form waiting behind an "Open form" button.
type offer struct {
	view slack.ModalViewRequest
	user string // who may open it; empty: anyone who sees the button
}

// offers remembers the most recently offered or opened forms by key.
type offers struct {
	byKey *lru.Cache[string, offer]
}

func newOffers(limit int) *offers {
	c, err := lru.New[string, offer](max(limit, 1))
	if err != nil {
		panic(err) // only for a size below 1
	}
	return &offers{byKey: c}
}

// put remembers o and returns its key: 12 random characters, so that a key
// cannot be guessed from another.
func (s *offers) put(o offer) string {
	var b [9]byte
	rand.Read(b[:])
	key := base64.RawURLEncoding.EncodeToString(b[:])
	s.byKey.Add(key, o)
	return key
}

func (s *offers) get(key string) (offer, bool) {
	return s.byKey.Get(key)
}

// triggerUnusable reports whether views.open refused a trigger_id rather
// than the view: then the form can still be offered behind a button.
func triggerUnusable(err error) bool {
	switch err.Error() {
	case "expired_trigger_id", "invalid_trigger_id", "exchanged_trigger_id":
		return true
	}
	return false
}

// offerButton is the "Open form: TITLE" button for a remembered form.
func offerButton(view slack.ModalViewRequest, key string) bot.Button {
	label := "Open form"
	if view.Title != nil && strings.TrimSpace(view.Title.Text) != "" {
		label += ": " + view.Title.Text
	}
	return bot.Button{ID: openFormAction, Label: label, Value: key, Style: bot.StylePrimary}
}

// withOffer returns r without its form and with a button that opens it.
func (a *Adapter) withOffer(r bot.Reply, view slack.ModalViewRequest, user string) bot.Reply {
	key := a.offers.put(offer{view: view, user: user})
	r.Form = nil
	r.Buttons = append(append([]bot.Button(nil), r.Buttons...), offerButton(view, key))
	return r
}

// offerForm posts r's text with a button that opens view: only for the
// event's user in a channel, as a message in a direct conversation (where it
// stays to be pressed later). A failed ephemeral post (the bot is not in the
// channel) falls back to the user's DM.
func (w *responder) offerForm(ctx context.Context, r bot.Reply, view slack.ModalViewRequest, reason string) (bot.MessageRef, error) {
	w.a.log.Info("form offered as a button", "form", view.CallbackID, "reason", reason)
	r = w.a.withOffer(r, view, w.user)
	if w.user == "" {
		r.Ephemeral = false
		return w.Reply(ctx, r)
	}
	if w.where.Channel != "" && !w.where.DM {
		r.Ephemeral = true
		ref, err := w.Reply(ctx, r)
		if err == nil {
			return ref, nil
		}
		w.a.log.Warn("form offer not shown in the channel; sending it to the user's DM", "form", view.CallbackID, "err", err)
	}
	r.Ephemeral = false
	if w.where.DM && w.where.Channel != "" {
		return w.Reply(ctx, r)
	}
	return w.a.Send(ctx, bot.DirectTo(bot.Slack, w.user), r)
}

// openOffered answers a press on an "Open form" button: it opens the
// remembered modal with the press's own trigger, before anything else can
// make the trigger expire. These presses never reach the Bot, so the
// adapter drops their re-deliveries itself: a copy must not spend the
// trigger or the response_url of the press being answered.
func (a *Adapter) openOffered(ctx context.Context, ic slack.InteractionCallback, key string, w *responder) {
	if !a.pressed.Add(ic.TriggerID) {
		a.log.Debug("duplicate delivery dropped", "delivery", triggerID(ic.TriggerID))
		return
	}
	say := func(text string) {
		if _, err := w.Reply(ctx, bot.Reply{Text: text, Ephemeral: true}); err != nil {
			a.log.Error("answer to an open-form press not shown", "err", err)
		}
	}
	o, ok := a.offers.get(key)
	if !ok {
		say(expiredForm)
		return
	}
	if o.user != "" && o.user != ic.User.ID {
		say("This form was offered to someone else.")
		return
	}
	if _, err := a.api.OpenViewContext(ctx, ic.TriggerID, o.view); err != nil {
		if err.Error() == "exchanged_trigger_id" {
			// A re-delivered press: its first delivery opened the form.
			a.log.Debug("open-form press seen twice", "form", o.view.CallbackID)
			return
		}
		if triggerUnusable(err) {
			a.log.Warn("form not opened from its button in time", "form", o.view.CallbackID, "err", err)
			say("Slack did not let the form open in time; press the button again.")
			return
		}
		a.log.Error("form not opened from its button", "form", o.view.CallbackID, "err", apiError("views.open", err))
		say("The form could not be opened; start again.")
	}
}
