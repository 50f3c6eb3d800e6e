package slack

import (
	"context"
	"fmt"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/ipdesk/ipdesk/bot"
)

// historyPage is how many messages one conversations.history or
// conversations.replies call asks for: Slack's advice is at most 200.
const historyPage = 200

// maxHistoryPages bounds the calls one Posted makes, so that reading back a
// busy channel stays a few requests against a method Slack rate-limits.
const maxHistoryPages = 10

// Posted returns the messages the bot posted to where at or after since,
// newest first, at most limit of them (see bot.Finder). A channel is read
// with conversations.history, which lists the messages posted to the
// channel itself; an address with a thread is read with
// conversations.replies, which lists that thread's replies.
func (a *Adapter) Posted(ctx context.Context, where bot.Address, since time.Time, limit int) ([]bot.Posted, error) {
	if limit <= 0 {
		return nil, nil
	}
	ch, ref, err := a.sentTo(ctx, where)
	if err != nil {
		return nil, err
	}
	user, botID, err := a.self(ctx)
	if err != nil {
		return nil, err
	}
	mine := func(m slack.Message) (bot.Posted, bool) {
		// Only what Send posts: a message of the bot's own with no
		// subtype ("bot_message" for one posted without a bot user).
		// The bot joining a channel, say, is its message too, with
		// subtype channel_join.
		if m.SubType != "" && m.SubType != "bot_message" {
			return bot.Posted{}, false
		}
		if (user == "" || m.User != user) && (botID == "" || m.BotID != botID) {
			return bot.Posted{}, false
		}
		return bot.Posted{Ref: bot.MessageRef{Where: ref, ID: m.Timestamp}, Text: m.Text, Buttons: postedButtons(m.Blocks)}, true
	}
	oldest := ""
	if since.After(time.Unix(0, 0)) {
		oldest = slackTS(since)
	}
	if where.Thread != "" {
		return a.postedInThread(ctx, ch, where.Thread, oldest, limit, mine)
	}

	var out []bot.Posted
	cursor := ""
	for range maxHistoryPages {
		resp, err := a.api.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{
			ChannelID: ch, Oldest: oldest, Inclusive: true, Limit: a.page, Cursor: cursor,
		})
		if err != nil {
			return nil, apiError("conversations.history", err)
		}
		// Slack lists them newest first, as Posted returns them.
		for _, m := range resp.Messages {
			if p, ok := mine(m); ok {
				out = append(out, p)
				if len(out) == limit {
					return out, nil
				}
			}
		}
		cursor = resp.ResponseMetaData.NextCursor
		if !resp.HasMore || cursor == "" {
			return out, nil
		}
	}
	a.log.Warn("reading back a channel stopped before its end", "channel", ch, "pages", maxHistoryPages, "found", len(out))
	return out, nil
}

// postedInThread is Posted for a thread. Slack lists a thread oldest first
// with its parent at the top of every page; the parent is a message of the
// channel, not of the thread, so it is left out.
func (a *Adapter) postedInThread(ctx context.Context, ch, thread, oldest string, limit int, mine func(slack.Message) (bot.Posted, bool)) ([]bot.Posted, error) {
	var out []bot.Posted
	cursor := ""
	for page := 1; ; page++ {
		msgs, more, next, err := a.api.GetConversationRepliesContext(ctx, &slack.GetConversationRepliesParameters{
			ChannelID: ch, Timestamp: thread, Oldest: oldest, Inclusive: true, Limit: a.page, Cursor: cursor,
		})
		if err != nil {
			return nil, apiError("conversations.replies", err)
		}
		for _, m := range msgs {
			if m.Timestamp == thread {
				continue
			}
			if p, ok := mine(m); ok {
				out = append(out, p)
			}
		}
		if !more || next == "" {
			break
		}
		if page == maxHistoryPages {
			a.log.Warn("reading back a thread stopped before its end", "channel", ch, "thread", thread, "pages", maxHistoryPages, "found", len(out))
			break
		}
		cursor = next
	}
	slices.Reverse(out)
	return out[:min(len(out), limit)], nil
}

// self returns the bot's own user id and bot id, asking auth.test when Run
// has not yet (a replica reading back its channel as it starts).
func (a *Adapter) self(ctx context.Context) (user, botID string, err error) {
	a.mu.Lock()
	user, botID = a.botUser, a.botID
	a.mu.Unlock()
	if user != "" || botID != "" {
		return user, botID, nil
	}
	auth, err := a.api.AuthTestContext(ctx)
	if err != nil {
		return "", "", apiError("auth.test", err)
	}
	a.setSelf(auth)
	return auth.UserID, auth.BotID, nil
}

// slackTS writes a time as a Slack ts, "seconds.microseconds".
func slackTS(t time.Time) string {
	us := t.UnixMicro()
	return fmt.Sprintf("%d.%06d", us/1e6, us%1e6)
}

// postedButtons reads back the buttons renderButtons drew, with the ID and
// Value the handler gave them. The "Open form" button the adapter adds for
// a form is its own, and a button whose action id or value may have been
// cut to Slack's limits no longer tells what the handler gave: both are
// left out.
func postedButtons(blocks slack.Blocks) []bot.Button {
	var out []bot.Button
	for _, b := range blocks.BlockSet {
		ab, ok := b.(*slack.ActionBlock)
		if !ok || ab.Elements == nil {
			continue
		}
		for _, el := range ab.Elements.ElementSet {
			btn, ok := el.(*slack.ButtonBlockElement)
			if !ok {
				continue
			}
			id := handlerActionID(btn.ActionID)
			if id == openFormAction || mayBeCut(btn.ActionID, maxActionID) || mayBeCut(btn.Value, maxButtonValue) {
				continue
			}
			out = append(out, bot.Button{ID: id, Value: btn.Value})
		}
	}
	return out
}

// mayBeCut reports whether s may have been shortened to n bytes by
// truncateBytes, which cuts at most a rune's bytes short of n.
func mayBeCut(s string, n int) bool {
	return len(s) > n-utf8.UTFMax
}
