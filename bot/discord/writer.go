package discord

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/bwmarrin/discordgo"
	"github.com/ipdesk/ipdesk/bot"
)

// channelWriter answers a gateway message: in a DM, in the DM; in a guild
// channel, as a reply to the user's message. Discord cannot show a plain
// channel message to one user only (only interactions get ephemeral
// responses), so an ephemeral reply to a message in a guild channel goes to
// the user's DM instead, and the channel hears only that it went there, or,
// when the DM cannot be sent, that it could not: never the reply itself.
type channelWriter struct {
	a       *Adapter
	where   bot.Address
	replyTo *discordgo.Message

	mu       sync.Mutex
	first    bool // a public message has been posted (the first references the user's)
	pointed  bool // the channel was told that the answer is in the DM
	dmFailed bool // the DM could not be sent, and the channel was told so
}

// Texts the channel sees in place of an ephemeral reply.
const (
	dmPointer = "I've sent you the answer in a direct message."
	dmFailed  = "I couldn't send you a direct message, and this answer is private, so I won't post it here. Please allow direct messages from server members (or write to me directly) and ask again."
)

func (w *channelWriter) Reply(ctx context.Context, r bot.Reply) (bot.MessageRef, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if r.Ephemeral && !w.where.DM {
		return w.private(ctx, r)
	}
	return w.public(ctx, w.a.render(r))
}

// public posts messages in the event's channel. w.mu is held.
func (w *channelWriter) public(ctx context.Context, msgs []message) (bot.MessageRef, error) {
	var ref *discordgo.MessageReference
	if !w.first && !w.where.DM && w.replyTo != nil {
		ref = &discordgo.MessageReference{MessageID: w.replyTo.ID, ChannelID: w.replyTo.ChannelID, GuildID: w.replyTo.GuildID, FailIfNotExists: ptr(false)}
	}
	w.first = true
	return w.a.post(ctx, w.where, w.where.Channel, msgs, ref)
}

// private delivers an ephemeral reply to a channel message in the author's
// DM and points the channel to it once. w.mu is held.
func (w *channelWriter) private(ctx context.Context, r bot.Reply) (bot.MessageRef, error) {
	if w.replyTo == nil || w.replyTo.Author == nil {
		return bot.MessageRef{}, errors.New("discord: private reply without an author to send it to")
	}
	if w.dmFailed {
		return bot.MessageRef{}, errors.New("discord: private reply: the user's direct messages are closed to the bot")
	}
	ref, err := w.a.Send(ctx, bot.DirectTo(bot.Discord, w.replyTo.Author.ID), r)
	if err != nil {
		err = fmt.Errorf("discord: private reply by direct message: %w", err)
		w.dmFailed = true
		if _, perr := w.public(ctx, w.a.render(bot.Reply{Text: dmFailed})); perr != nil {
			w.a.log.Warn("tell the channel a direct message failed", "err", perr)
		}
		return bot.MessageRef{}, err
	}
	w.point(ctx)
	return ref, nil
}

// point tells the channel, once per event, that the answer is in the DM.
func (w *channelWriter) point(ctx context.Context) {
	if w.pointed {
		return
	}
	w.pointed = true
	if _, err := w.public(ctx, w.a.render(bot.Reply{Text: dmPointer})); err != nil {
		w.a.log.Warn("point the channel to a direct message", "err", err)
	}
}

// post sends messages to a channel and returns a reference to the last one,
// the one that carries the buttons.
func (a *Adapter) post(ctx context.Context, where bot.Address, channelID string, msgs []message, ref *discordgo.MessageReference) (bot.MessageRef, error) {
	var last *discordgo.Message
	for i, m := range msgs {
		send := &discordgo.MessageSend{
			Content:         m.Content,
			Embeds:          nonNil(m.Embeds),
			Components:      nonNil(m.Components),
			AllowedMentions: noMentions(),
		}
		if i == 0 {
			send.Reference = ref
		}
		var err error
		last, err = a.s.ChannelMessageSendComplex(channelID, send, discordgo.WithContext(ctx))
		if err != nil {
			return bot.MessageRef{}, fmt.Errorf("discord: post message: %w", err)
		}
	}
	if last == nil {
		return bot.MessageRef{}, nil
	}
	return bot.MessageRef{Where: where, ID: last.ID}, nil
}

func nonNil[T any](v []T) []T {
	if v == nil {
		return []T{}
	}
	return v
}

// Send posts r to an address: a channel id, a thread, or "@USERID" for the
// DM channel with that user (opened once and remembered).
func (a *Adapter) Send(ctx context.Context, to bot.Address, r bot.Reply) (bot.MessageRef, error) {
	if to.Platform != bot.Discord {
		return bot.MessageRef{}, fmt.Errorf("discord: cannot send to %s", to)
	}
	channelID, err := a.channelID(ctx, to)
	if err != nil {
		return bot.MessageRef{}, err
	}
	where := to
	if to.Thread == "" {
		where.Channel = channelID
	}
	return a.post(ctx, where, channelID, a.render(r), nil)
}

// Edit replaces a message the bot posted, with exactly one message: a
// reply too long for one is shortened to fit (see renderOne), keeping its
// buttons.
func (a *Adapter) Edit(ctx context.Context, ref bot.MessageRef, r bot.Reply) error {
	if ref.Where.Platform != bot.Discord || ref.ID == "" {
		return fmt.Errorf("discord: cannot edit %s", ref)
	}
	channelID, err := a.channelID(ctx, ref.Where)
	if err != nil {
		return err
	}
	m, cut := a.renderOne(r)
	if cut {
		a.log.Warn("edited message too long for Discord; shortened", "message", ref.ID)
	}
	edit := &discordgo.MessageEdit{
		ID:              ref.ID,
		Channel:         channelID,
		Content:         &m.Content,
		Embeds:          ptr(nonNil(m.Embeds)),
		Components:      ptr(nonNil(m.Components)),
		AllowedMentions: noMentions(),
	}
	if _, err := a.s.ChannelMessageEditComplex(edit, discordgo.WithContext(ctx)); err != nil {
		return fmt.Errorf("discord: edit message: %w", err)
	}
	return nil
}

// channelID resolves an address to a channel id, opening DM channels.
func (a *Adapter) channelID(ctx context.Context, to bot.Address) (string, error) {
	if to.Thread != "" {
		return to.Thread, nil // a Discord thread is a channel of its own
	}
	userID, isDM := cutAt(to.Channel)
	if !isDM {
		if to.Channel == "" {
			return "", errors.New("discord: empty channel")
		}
		return to.Channel, nil
	}
	return a.dms.Channel(ctx, userID, func(ctx context.Context) (string, error) {
		ch, err := a.s.UserChannelCreate(userID, discordgo.WithContext(ctx))
		if err != nil {
			return "", fmt.Errorf("discord: open DM channel: %w", err)
		}
		return ch.ID, nil
	})
}

func cutAt(channel string) (string, bool) {
	if len(channel) > 1 && channel[0] == '@' {
		return channel[1:], true
	}
	return "", false
}
