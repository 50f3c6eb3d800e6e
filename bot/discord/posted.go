package discord

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/ipdesk/ipdesk/bot"
)

var _ bot.Finder = (*Adapter)(nil)

// Bounds on reading back a channel's history.
const (
	// historyPage is the most messages Discord lists in one request.
	historyPage = 100
	// historyPages bounds the requests one Posted makes, so a busy
	// channel costs at most 1,000 messages read however far back since
	// lies.
	historyPages = 10
)

// Posted returns the messages the bot posted to where at or after since,
// newest first, at most limit of them (see bot.Finder). It reads the
// channel's history a page at a time, from the newest message back, until
// a message is older than since, limit messages are found, or the history
// ends; it reads at most 1,000 messages. Each message's Ref is the one
// Send returned for it, so it can be edited; Text is its content and its
// embeds' text; Buttons are those the handler gave, as far as their custom
// ids still tell (see postedButtons).
func (a *Adapter) Posted(ctx context.Context, where bot.Address, since time.Time, limit int) ([]bot.Posted, error) {
	if where.Platform != bot.Discord {
		return nil, fmt.Errorf("discord: cannot read back %s", where)
	}
	if limit <= 0 {
		return nil, nil
	}
	channelID, err := a.channelID(ctx, where)
	if err != nil {
		return nil, err
	}
	self, err := a.selfID(ctx)
	if err != nil {
		return nil, err
	}
	// The address as Send gives it in its references, so that a message
	// found here is the one Send posted, and Edit finds it.
	at := where
	if where.Thread == "" {
		at.Channel = channelID
	}
	var out []bot.Posted
	before := ""
	for range historyPages {
		msgs, err := a.s.ChannelMessages(channelID, historyPage, before, "", "", discordgo.WithContext(ctx))
		if err != nil {
			return nil, fmt.Errorf("discord: read channel history: %w", err)
		}
		for _, m := range msgs {
			if m == nil {
				continue
			}
			if before == "" || olderID(m.ID, before) {
				before = m.ID
			}
			if m.Timestamp.Before(since) {
				// Discord lists newest first: the rest are older still.
				return out, nil
			}
			if m.Author == nil || m.Author.ID != self {
				continue
			}
			out = append(out, bot.Posted{
				Ref:     bot.MessageRef{Where: at, ID: m.ID},
				Text:    postedText(m),
				Buttons: a.postedButtons(m.Components),
			})
			if len(out) == limit {
				return out, nil
			}
		}
		if len(msgs) < historyPage {
			return out, nil // the channel's first message was listed
		}
	}
	a.log.Warn("channel history read back only in part", "channel", channelID, "messages", historyPages*historyPage, "since", since)
	return out, nil
}

// selfID returns the bot's own user id: known from READY or the token
// check once Run has connected, else asked of Discord, since Posted, like
// Send, works before Run.
func (a *Adapter) selfID(ctx context.Context) (string, error) {
	if id := a.botUserID(); id != "" {
		return id, nil
	}
	u, err := a.s.User("@me", discordgo.WithContext(ctx))
	if err != nil {
		return "", fmt.Errorf("discord: look up the bot's own user: %w", err)
	}
	a.mu.Lock()
	if a.botID == "" {
		a.botID = u.ID
	}
	a.mu.Unlock()
	return u.ID, nil
}

// olderID reports whether snowflake x is older than y: snowflakes grow
// with time, and compare as numbers, not as strings.
func olderID(x, y string) bool {
	xn, errX := strconv.ParseUint(x, 10, 64)
	yn, errY := strconv.ParseUint(y, 10, 64)
	if errX != nil || errY != nil {
		return false
	}
	return xn < yn
}

// postedText is a message's text as Discord keeps it: the content, then
// each embed's title, description and fields ("name: value"), one a line,
// as a reader sees them. A reply rendered as an embed (one with fields)
// has its text there, so a caller searching the text finds it. The
// zero-width space that stands in for a message with nothing else to
// read (see render) is not text the handler gave, and is dropped.
func postedText(m *discordgo.Message) string {
	var parts []string
	if m.Content != "" && m.Content != "\u200b" {
		parts = append(parts, m.Content)
	}
	for _, e := range m.Embeds {
		if e == nil {
			continue
		}
		for _, s := range []string{e.Title, e.Description} {
			if s != "" {
				parts = append(parts, s)
			}
		}
		for _, f := range e.Fields {
			if f != nil {
				parts = append(parts, f.Name+": "+f.Value)
			}
		}
		if e.Footer != nil && e.Footer.Text != "" {
			parts = append(parts, e.Footer.Text)
		}
	}
	return strings.Join(parts, "\n")
}

// postedButtons reads back a message's buttons with the action id and value
// the handler gave them, decoding their custom ids as a press does (see
// parseAction). A button whose pair was kept in memory ("k|") is found
// only while this process holds it: after a restart it is left out, as a
// press on it would be answered "no longer active". The button that opens
// a reply's form ("o|") was the adapter's, not one the handler gave, and
// link buttons carry no custom id; both are left out.
func (a *Adapter) postedButtons(rows []discordgo.MessageComponent) []bot.Button {
	var out []bot.Button
	// discordgo decodes a message's components as pointers.
	for _, c := range rows {
		row, ok := c.(*discordgo.ActionsRow)
		if !ok {
			continue
		}
		for _, c := range row.Components {
			b, ok := c.(*discordgo.Button)
			if !ok {
				continue
			}
			customID := b.CustomID
			if customID == "" || strings.HasPrefix(customID, prefixOpen) {
				continue
			}
			if act, ok := a.parseAction(customID); ok {
				out = append(out, bot.Button{ID: act.ID, Value: act.Value})
			}
		}
	}
	return out
}
