package discord

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/bwmarrin/discordgo"

	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/markup"
)

var _ bot.Uploader = (*Adapter)(nil)

// Upload posts a file as a message attachment (a multipart request), with
// the title as the message text, escaped and pinging nobody.
func (a *Adapter) Upload(ctx context.Context, to bot.Address, f bot.Upload) (bot.MessageRef, error) {
	if to.Platform != bot.Discord {
		return bot.MessageRef{}, fmt.Errorf("discord: cannot upload to %s", to)
	}
	if len(f.Content) == 0 || f.Name == "" {
		return bot.MessageRef{}, errors.New("discord upload: a file needs a name and content")
	}
	channelID, err := a.channelID(ctx, to)
	if err != nil {
		return bot.MessageRef{}, err
	}
	where := to
	if to.Thread == "" {
		where.Channel = channelID
	}
	m := &discordgo.MessageSend{
		Content:         markup.Render(markup.Discord, markup.Escape(f.Title)),
		Files:           []*discordgo.File{{Name: f.Name, ContentType: f.Type, Reader: bytes.NewReader(f.Content)}},
		AllowedMentions: noMentions(),
	}
	msg, err := a.s.ChannelMessageSendComplex(channelID, m, discordgo.WithContext(ctx))
	if err != nil {
		return bot.MessageRef{}, fmt.Errorf("discord: upload %s: %w", f.Name, err)
	}
	return bot.MessageRef{Where: where, ID: msg.ID}, nil
}
