package discord

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"
	"github.com/ipdesk/ipdesk/bot"
)

var _ bot.Uploader = (*Adapter)(nil)

// Upload posts files to an address as attachments, one file a message
// (each within Discord's upload limit), the text with the first.
func (a *Adapter) Upload(ctx context.Context, to bot.Address, text string, files []bot.Attachment) (bot.MessageRef, error) {
	if to.Platform != bot.Discord {
		return bot.MessageRef{}, fmt.Errorf("discord: cannot upload to %s", to)
	}
	if len(files) == 0 {
		return bot.MessageRef{}, errors.New("discord upload: no files")
	}
	channelID, err := a.channelID(ctx, to)
	if err != nil {
		return bot.MessageRef{}, err
	}
	var msgs []message
	if strings.TrimSpace(text) != "" {
		msgs = a.render(bot.Reply{Text: text})
	}
	// Text too long for one message goes before, the last part with the
	// first file.
	var content string
	if n := len(msgs); n > 0 {
		if n > 1 {
			if _, err := a.post(ctx, to, channelID, msgs[:n-1], nil); err != nil {
				return bot.MessageRef{}, err
			}
		}
		content = msgs[n-1].Content
	}
	var last *discordgo.Message
	for i, f := range files {
		if len(f.Data) == 0 {
			return bot.MessageRef{}, fmt.Errorf("discord upload: %s is empty", f.Name)
		}
		send := &discordgo.MessageSend{
			Files:           []*discordgo.File{{Name: f.Name, ContentType: f.Type, Reader: bytes.NewReader(f.Data)}},
			AllowedMentions: noMentions(),
		}
		if i == 0 {
			send.Content = content
		}
		if last, err = a.s.ChannelMessageSendComplex(channelID, send, discordgo.WithContext(ctx)); err != nil {
			return bot.MessageRef{}, fmt.Errorf("discord: upload %s: %w", f.Name, err)
		}
	}
	where := to
	if to.Thread == "" {
		where.Channel = channelID
	}
	return bot.MessageRef{Where: where, ID: last.ID}, nil
}
