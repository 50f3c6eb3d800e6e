package slack

import (
	"context"
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/ipdesk/ipdesk/bot"
)

// The translations in this file turn Slack payloads into bot.Events, with a
// responder that answers each where it happened. They are shared by Socket
// Mode and the HTTP Events API, which deliver the same payloads.

// fromEventsAPI translates an events_api payload. It returns nil for events
// the bot ignores: its own messages, edits, deletions, channel chatter.
func (a *Adapter) fromEventsAPI(ctx context.Context, outer slackevents.EventsAPIEvent) (*bot.Event, *responder) {
	cb, ok := outer.Data.(*slackevents.EventsAPICallbackEvent)
	if !ok {
		return nil, nil
	}
	id := ""
	if cb.EventID != "" {
		id = "slack:" + cb.EventID
	}
	me := a.botUserID()
	switch ev := outer.InnerEvent.Data.(type) {
	case *slackevents.MessageEvent:
		// Only direct messages: channel messages reach the bot as
		// app_mention events.
		if ev.ChannelType != "im" || ev.BotID != "" || ev.User == "" || ev.User == me {
			return nil, nil
		}
		if ev.SubType != "" && ev.SubType != "file_share" {
			return nil, nil
		}
		where := bot.Address{Platform: bot.Slack, Channel: ev.Channel, Thread: ev.ThreadTimeStamp, DM: true}
		e := &bot.Event{
			ID: id, Kind: bot.KindMessage, User: a.user(ctx, ev.User, ""), Where: where,
			Text: cleanText(ev.Text, me), Time: tsTime(ev.TimeStamp),
		}
		if ev.Message != nil {
			e.Files = a.files(ev.Message.Files)
		}
		return e, &responder{a: a, where: where, user: ev.User}
	case *slackevents.AppMentionEvent:
		if ev.BotID != "" || ev.User == "" || ev.User == me {
			return nil, nil
		}
		thread := ev.ThreadTimeStamp
		if thread == "" {
			thread = ev.TimeStamp // answer in a thread under the mention
		}
		where := bot.Address{Platform: bot.Slack, Channel: ev.Channel, Thread: thread, DM: strings.HasPrefix(ev.Channel, "D")}
		e := &bot.Event{
			ID: id, Kind: bot.KindMessage, User: a.user(ctx, ev.User, ""), Where: where,
			Text: cleanText(ev.Text, me), Mentioned: true, Files: a.files(ev.Files), Time: tsTime(ev.TimeStamp),
		}
		return e, &responder{a: a, where: where, user: ev.User}
	}
	return nil, nil
}

// fromSlashCommand translates "/ipdesk SUBCOMMAND ARGS". A bare "/ipdesk"
// is "help".
func (a *Adapter) fromSlashCommand(ctx context.Context, c slack.SlashCommand) (*bot.Event, *responder) {
	text := strings.TrimSpace(cleanText(c.Text, a.botUserID()))
	name, args, _ := strings.Cut(text, " ")
	if i := strings.IndexAny(name, "\n\t"); i >= 0 {
		name, args = name[:i], text[i+1:]
	}
	name = strings.ToLower(name)
	if name == "" {
		name = "help"
	}
	where := bot.Address{Platform: bot.Slack, Channel: c.ChannelID, DM: strings.HasPrefix(c.ChannelID, "D")}
	e := &bot.Event{
		ID: triggerID(c.TriggerID), Kind: bot.KindCommand, User: a.user(ctx, c.UserID, c.UserName), Where: where,
		Text: text, Command: name, Args: strings.TrimSpace(args), Time: time.Now(),
	}
	return e, &responder{a: a, where: where, user: c.UserID, trigger: c.TriggerID, responseURL: c.ResponseURL}
}

// fromInteraction translates a button press (block_actions) or a modal
// submission (view_submission).
func (a *Adapter) fromInteraction(ctx context.Context, ic slack.InteractionCallback) (*bot.Event, *responder) {
	switch ic.Type {
	case slack.InteractionTypeBlockActions:
		if len(ic.ActionCallback.BlockActions) == 0 {
			return nil, nil
		}
		act := ic.ActionCallback.BlockActions[0]
		ch := ic.Container.ChannelID
		if ch == "" {
			ch = ic.Channel.ID
		}
		thread := ic.Container.ThreadTs
		if thread == "" {
			thread = ic.Message.ThreadTimestamp
		}
		where := bot.Address{Platform: bot.Slack, Channel: ch, Thread: thread, DM: strings.HasPrefix(ch, "D")}
		if handlerActionID(act.ActionID) == openFormAction {
			// Answered here, before users.info or the user's lock can use
			// up the press's three seconds.
			a.openOffered(ctx, ic, act.Value, &responder{a: a, where: where, user: ic.User.ID, responseURL: ic.ResponseURL})
			return nil, nil
		}
		src := bot.MessageRef{Where: bot.Address{Platform: bot.Slack, Channel: ch, Thread: thread, DM: where.DM}}
		if !ic.Container.IsEphemeral {
			src.ID = ic.Container.MessageTs
		}
		value := act.Value
		if act.SelectedOption.Value != "" {
			value = act.SelectedOption.Value
		}
		e := &bot.Event{
			ID: triggerID(ic.TriggerID), Kind: bot.KindAction, User: a.user(ctx, ic.User.ID, ic.User.Name), Where: where,
			Action: bot.Action{ID: handlerActionID(act.ActionID), Value: value}, Source: src, Time: time.Now(),
		}
		return e, &responder{a: a, where: where, user: ic.User.ID, trigger: ic.TriggerID, responseURL: ic.ResponseURL}
	case slack.InteractionTypeViewSubmission:
		var meta formMeta
		if err := json.Unmarshal([]byte(ic.View.PrivateMetadata), &meta); err != nil {
			meta = formMeta{Value: ic.View.PrivateMetadata}
		}
		fields := map[string]string{}
		if ic.View.State != nil {
			for blockID, byAction := range ic.View.State.Values {
				for _, v := range byAction {
					val := v.Value
					if v.SelectedOption.Value != "" {
						val = v.SelectedOption.Value
					}
					fields[blockID] = val
				}
			}
		}
		where := bot.Address{Platform: bot.Slack, Channel: meta.Channel, Thread: meta.Thread, DM: meta.DM}
		if meta.User != "" && meta.User != ic.User.ID {
			// The form was meant for someone else: answering where it
			// was opened could post in their DM. Answer the submitter in
			// their own.
			a.log.Warn("form submitted by a user it was not meant for; answering in their DM", "form", ic.View.CallbackID, "user", ic.User.ID)
			where = bot.DirectTo(bot.Slack, ic.User.ID)
		}
		e := &bot.Event{
			ID: triggerID(ic.TriggerID), Kind: bot.KindSubmit, User: a.user(ctx, ic.User.ID, ic.User.Name), Where: where,
			Form: bot.FormData{ID: ic.View.CallbackID, Value: meta.Value, Fields: fields}, Time: time.Now(),
		}
		return e, &responder{a: a, where: where, user: ic.User.ID, trigger: ic.TriggerID}
	}
	return nil, nil
}

// triggerID turns an interaction's trigger_id into a delivery id: Slack
// issues one per interaction, and a re-delivered envelope carries the same.
func triggerID(t string) string {
	if t == "" {
		return ""
	}
	return "slack:trigger:" + t
}

// link matches the markup Slack wraps around links it detects in what a
// member typed: <https://…>, <http://…|label> for a link typed without its
// scheme, <mailto:…|address> for an email address.
var link = regexp.MustCompile(`<((?:https?|mailto):[^|<>\s]*)(?:\|[^<>]*)?>`)

// markupPattern matches Slack's other markup in message text: people
// (<@U123>, <@U123|name>), channels (<#C123|general>), and special
// mentions (<!channel>, <!here>, <!subteam^S123|@team>, <!date^…|text>).
// What a member types as "<" arrives as "&lt;", so these are never typed
// text.
var markupPattern = regexp.MustCompile(`<([@#!])([^<>|]*)(?:\|([^<>]*))?>`)

// cleanText removes the bot's own mention, unwraps links, turns other
// markup into plain text and decodes the entities Slack encodes in message
// text, so handlers see what the member typed and never a live mention they
// could echo: a web link as its URL, an email address as the address, a
// person as "@" and their id, a channel as "#" and its name, <!channel> as
// "@channel", a user group as its @handle.
func cleanText(s, botUser string) string {
	s = link.ReplaceAllStringFunc(s, func(m string) string {
		target := link.FindStringSubmatch(m)[1]
		if addr, ok := strings.CutPrefix(target, "mailto:"); ok {
			return addr
		}
		return target
	})
	s = markupPattern.ReplaceAllStringFunc(s, func(m string) string {
		sub := markupPattern.FindStringSubmatch(m)
		kind, id, label := sub[1], sub[2], sub[3]
		switch kind {
		case "@":
			if id == botUser && botUser != "" {
				return ""
			}
			return "@" + id
		case "#":
			if label != "" {
				return "#" + label
			}
			return "#" + id
		}
		switch name, group, _ := strings.Cut(id, "^"); {
		case name == "channel" || name == "here" || name == "everyone":
			return "@" + name
		case name == "subteam":
			if strings.HasPrefix(label, "@") {
				return label
			}
			return "@" + group
		case label != "":
			return label // a date's fallback text
		default:
			return "@" + name
		}
	})
	s = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(s)
	return strings.TrimSpace(s)
}

// tsTime reads a Slack ts ("1700000000.000100") as a time.
func tsTime(ts string) time.Time {
	sec, _, _ := strings.Cut(ts, ".")
	n, err := strconv.ParseInt(sec, 10, 64)
	if err != nil || n == 0 {
		return time.Now()
	}
	return time.Unix(n, 0)
}
