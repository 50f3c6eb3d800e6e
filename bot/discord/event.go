package discord

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/hashicorp/golang-lru/v2/expirable"
	"github.com/ipdesk/ipdesk/bot"
)

// onMessage turns a DM, or a guild message that mentions the bot, into a
// KindMessage event. Other guild chatter is none of the bot's business.
func (a *Adapter) onMessage(_ *discordgo.Session, m *discordgo.MessageCreate) {
	if m.Author == nil || m.Author.Bot || m.Author.System {
		return // the bot's own messages and other bots'
	}
	if m.Type != discordgo.MessageTypeDefault && m.Type != discordgo.MessageTypeReply {
		return
	}
	botID := a.botUserID()
	dm := m.GuildID == ""
	mentioned := false
	for _, u := range m.Mentions {
		if u != nil && u.ID == botID {
			mentioned = true
		}
	}
	if !dm && !mentioned {
		return
	}
	msg := m.Message
	a.spawn(func(ctx context.Context, h bot.Handler) {
		e := &bot.Event{
			ID:        "discord:msg:" + msg.ID,
			Kind:      bot.KindMessage,
			User:      a.user(ctx, msg.Author, msg.Member, dm),
			Where:     bot.Address{Platform: bot.Discord, Channel: msg.ChannelID, DM: dm},
			Text:      stripMention(msg.Content, botID),
			Mentioned: mentioned && !dm,
			Time:      msg.Timestamp,
		}
		for _, at := range msg.Attachments {
			e.Files = append(e.Files, a.file(at))
		}
		w := &channelWriter{a: a, where: e.Where, replyTo: msg}
		if err := h.ServeEvent(ctx, w, e); err != nil {
			a.log.Warn("message handler failed", "err", err)
		}
	})
}

// stripMention removes the bot's mention from message text.
func stripMention(text, botID string) string {
	if botID != "" {
		text = strings.ReplaceAll(text, "<@"+botID+">", "")
		text = strings.ReplaceAll(text, "<@!"+botID+">", "")
	}
	return strings.TrimSpace(text)
}

// file describes an attachment. Open fetches it from Discord's CDN with the
// adapter's HTTP client.
func (a *Adapter) file(at *discordgo.MessageAttachment) bot.File {
	f := bot.File{
		ID:   at.ID,
		Name: at.Filename,
		Type: at.ContentType,
		Size: int64(at.Size),
		URL:  at.URL,
	}
	f.Open = func(ctx context.Context) (io.ReadCloser, error) { return a.OpenFile(ctx, f) }
	return f
}

// OpenFile fetches an attachment from Discord's CDN by its URL: when the
// event arrives, and again for an event handled after a restart (see
// bot.FileOpener).
func (a *Adapter) OpenFile(ctx context.Context, f bot.File) (io.ReadCloser, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, f.URL, nil)
	if err != nil {
		return nil, fmt.Errorf("fetch attachment: %w", err)
	}
	resp, err := a.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetch attachment: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return nil, fmt.Errorf("fetch attachment: %s", resp.Status)
	}
	return resp.Body, nil
}

var _ bot.FileOpener = (*Adapter)(nil)

// user builds the neutral user. Staff comes from the member's roles in the
// event; for a DM, which carries no roles, from the member record in the
// configured guild.
func (a *Adapter) user(ctx context.Context, u *discordgo.User, member *discordgo.Member, dm bool) bot.User {
	out := bot.User{Platform: bot.Discord}
	if u == nil && member != nil {
		u = member.User
	}
	if u != nil {
		out.ID = u.ID
		out.Name = u.GlobalName
		if out.Name == "" {
			out.Name = u.Username
		}
	}
	if member != nil && member.Nick != "" {
		out.Name = member.Nick
	}
	if len(a.staff) == 0 || out.ID == "" {
		return out
	}
	if member != nil && !dm {
		out.Staff = a.hasStaffRole(member.Roles)
		return out
	}
	if a.cfg.GuildID != "" {
		out.Staff = a.members.staff(out.ID, func() (bool, error) {
			m, err := a.s.GuildMember(a.cfg.GuildID, out.ID, discordgo.WithContext(ctx))
			if err != nil {
				if isNotFound(err) {
					return false, nil
				}
				return false, err
			}
			return a.hasStaffRole(m.Roles), nil
		}, a.log)
	}
	return out
}

func (a *Adapter) hasStaffRole(roles []string) bool {
	for _, r := range roles {
		if a.staff[r] {
			return true
		}
	}
	return false
}

func isNotFound(err error) bool {
	var re *discordgo.RESTError
	return errors.As(err, &re) && re.Response != nil && re.Response.StatusCode == http.StatusNotFound
}

// memberCache remembers for a while whether a user holds a staff role in the
// guild, so a DM conversation costs one member look-up, not one per message.
type memberCache struct {
	m *expirable.LRU[string, bool]
}

// maxMembers bounds the cache, so a flood of strangers cannot grow it.
const maxMembers = 10000

func newMemberCache(ttl time.Duration) *memberCache {
	return &memberCache{m: expirable.NewLRU[string, bool](maxMembers, nil, ttl)}
}

func (c *memberCache) staff(userID string, fetch func() (bool, error), log interface {
	Warn(string, ...any)
}) bool {
	if staff, ok := c.m.Get(userID); ok {
		return staff
	}
	staff, err := fetch()
	if err != nil {
		log.Warn("look up guild member for staff roles", "user", userID, "err", err)
		return false // not staff when unsure; the staff list still applies
	}
	c.m.Add(userID, staff)
	return staff
}

// onInteraction turns a slash command, button press or modal submission into
// an event and answers the interaction within Discord's three seconds.
func (a *Adapter) onInteraction(_ *discordgo.Session, ic *discordgo.InteractionCreate) {
	ix := ic.Interaction
	a.spawn(func(ctx context.Context, h bot.Handler) {
		a.serveInteraction(ctx, h, ix)
	})
}

func (a *Adapter) serveInteraction(ctx context.Context, h bot.Handler, ix *discordgo.Interaction) {
	dm := ix.GuildID == ""
	where := bot.Address{Platform: bot.Discord, Channel: ix.ChannelID, DM: dm}
	w := newInteractionWriter(a, ix, where)
	defer w.stop()
	e := &bot.Event{
		ID:    "discord:" + ix.ID,
		User:  a.user(ctx, ix.User, ix.Member, dm),
		Where: where,
		Time:  time.Now(),
		// The language of the user's Discord client, sent with every
		// interaction.
		Locale: string(ix.Locale),
	}
	if ix.Message != nil {
		e.Source = bot.MessageRef{Where: where, ID: ix.Message.ID}
	}
	// answerHere reports whether the adapter should answer the interaction
	// itself, without the handler: only for its first delivery, since the
	// Bot's de-duplication never sees these.
	answerHere := func() bool {
		if a.local.Add(ix.ID) {
			return true
		}
		a.log.Debug("duplicate interaction dropped", "interaction", ix.ID)
		return false
	}
	switch ix.Type {
	case discordgo.InteractionApplicationCommand:
		data := ix.ApplicationCommandData()
		e.Kind = bot.KindCommand
		e.Command = strings.ToLower(data.Name)
		e.Args = commandArgs(data.Options, a.registeredOptions(e.Command))
	case discordgo.InteractionMessageComponent:
		data := ix.MessageComponentData()
		if key, ok := strings.CutPrefix(data.CustomID, prefixOpen); ok {
			if answerHere() {
				w.openForm(ctx, key)
			}
			return
		}
		act, ok := a.parseAction(data.CustomID)
		if !ok {
			if answerHere() {
				w.expired(ctx)
			}
			return
		}
		e.Kind = bot.KindAction
		e.Action = act
	case discordgo.InteractionModalSubmit:
		data := ix.ModalSubmitData()
		fields := modalValues(data)
		var ref formRef
		var form *bot.Form
		if key, ok := strings.CutPrefix(data.CustomID, prefixPage); ok {
			v, found := a.stash.get(key)
			p, isPage := v.(*pagedForm)
			if !found || !isPage {
				if answerHere() {
					w.expired(ctx)
				}
				return
			}
			merged := make(map[string]string, len(p.answers)+len(fields))
			for k, v := range p.answers {
				merged[k] = v
			}
			for k, v := range fields {
				merged[k] = v
			}
			if next := p.page + 1; next < p.pages() {
				if answerHere() {
					w.nextPart(ctx, &pagedForm{form: p.form, page: next, answers: merged})
				}
				return
			}
			form, fields, ref = p.form, merged, formRef{ID: p.form.ID, Value: p.form.Value}
		} else {
			ref, ok = a.parseForm(data.CustomID)
			if !ok {
				if answerHere() {
					w.expired(ctx)
				}
				return
			}
			form = a.recallForm(ref.ID, ref.Value)
		}
		if problems := checkSelects(form, fields); problems != nil {
			if answerHere() {
				w.formError(ctx, form, fields, problems)
			}
			return
		}
		e.Kind = bot.KindSubmit
		e.Form = bot.FormData{ID: ref.ID, Value: ref.Value, Fields: fields}
	default:
		return // pings and autocomplete are not used
	}
	w.start()
	err := h.ServeEvent(ctx, w, e)
	w.finish(ctx, err, e)
}

// modalValues collects a modal's answers by input id.
func modalValues(data discordgo.ModalSubmitInteractionData) map[string]string {
	out := map[string]string{}
	for _, row := range data.Components {
		r, ok := row.(*discordgo.ActionsRow)
		if !ok {
			continue
		}
		for _, c := range r.Components {
			if ti, ok := c.(*discordgo.TextInput); ok {
				out[ti.CustomID] = ti.Value
			}
		}
	}
	return out
}

// checkSelects maps typed answers of select inputs to their option values,
// in place, and reports answers that name no option.
func checkSelects(f *bot.Form, fields map[string]string) *bot.FormError {
	if f == nil {
		return nil
	}
	var fe *bot.FormError
	for _, in := range f.Inputs {
		if in.Kind != bot.InputSelect {
			continue
		}
		answer, ok := fields[in.ID]
		if !ok || strings.TrimSpace(answer) == "" && !in.Required {
			continue
		}
		if v, ok := matchOption(in.Options, answer); ok {
			fields[in.ID] = v
			continue
		}
		if fe == nil {
			fe = &bot.FormError{Fields: map[string]string{}}
		}
		fe.Fields[in.ID] = choicesHint(in.Options)
	}
	return fe
}
