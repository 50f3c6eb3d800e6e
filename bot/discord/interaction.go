package discord

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/ipdesk/ipdesk/bot"
)

// interactionWriter answers one interaction. Discord wants an initial
// response within three seconds: the first Reply becomes it (a modal for a
// form, else a message); if the handler has not replied by DeferAfter the
// writer defers, and later replies become follow-ups.
//
// An interaction accepts exactly one initial response. The writer therefore
// answers nothing, on its own or otherwise, for a delivery the Bot dropped
// as a duplicate, and does not defer while the delivery's claim is being
// decided (see bot.ClaimObserver): the delivery that holds the claim needs
// that response for its reply. When the initial response is gone all the
// same (taken by another answer, or expired), replies go out as follow-up
// messages, and when the interaction's token is no longer accepted for
// those either, as plain messages (see direct), so the user still gets them.
type interactionWriter struct {
	a     *Adapter
	ix    *discordgo.Interaction
	where bot.Address
	user  string // who started the interaction: private fallbacks go to their DM

	mu     sync.Mutex
	acked  discordgo.InteractionResponseType // 0 until the initial response
	filled bool                              // a deferred response's original message was filled in
	taken  bool                              // another answer took the initial response (40060); follow-ups still work
	dead   bool                              // Discord no longer accepts the interaction's token: post plain messages
	claim  claimState
	// deferDue is set when the deferral came due while the claim was
	// pending; the writer defers as soon as the claim is won.
	deferDue bool

	stopTimer chan struct{}
	timerDone chan struct{}
}

// claimState is what the writer knows about the delivery's claim.
type claimState int

const (
	claimNone    claimState = iota // no claim is taken (no de-duplication): the delivery is this writer's
	claimPending                   // being claimed: answer nothing on its own yet
	claimWon                       // the handler runs for this delivery
	claimLost                      // a duplicate: answer nothing at all
)

var _ bot.ClaimObserver = (*interactionWriter)(nil)

// errDuplicate refuses a reply for a delivery that lost its claim. The Bot
// never runs a handler for one, so this only guards the rule.
var errDuplicate = errors.New("discord: no reply for a duplicate delivery")

func newInteractionWriter(a *Adapter, ix *discordgo.Interaction, where bot.Address) *interactionWriter {
	w := &interactionWriter{a: a, ix: ix, where: where}
	if ix.Member != nil && ix.Member.User != nil {
		w.user = ix.Member.User.ID
	} else if ix.User != nil {
		w.user = ix.User.ID
	}
	return w
}

// ClaimPending holds back the deferral until the claim is decided.
func (w *interactionWriter) ClaimPending() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.claim = claimPending
}

// ClaimDecided silences the writer for a duplicate, or lets it defer, at
// once if the deferral came due meanwhile.
func (w *interactionWriter) ClaimDecided(duplicate bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if duplicate {
		w.claim = claimLost
		return
	}
	w.claim = claimWon
	if w.deferDue {
		w.deferDue = false
		w.deferLocked()
	}
}

// start arms the deferral timer on a goroutine the writer owns.
func (w *interactionWriter) start() {
	w.stopTimer, w.timerDone = make(chan struct{}), make(chan struct{})
	go func() {
		defer close(w.timerDone)
		t := time.NewTimer(w.a.cfg.DeferAfter)
		defer t.Stop()
		select {
		case <-t.C:
			w.deferResponse()
		case <-w.stopTimer:
		}
	}()
}

// stop disarms the timer and waits for its goroutine.
func (w *interactionWriter) stop() {
	if w.stopTimer == nil {
		return
	}
	select {
	case <-w.stopTimer:
	default:
		close(w.stopTimer)
	}
	<-w.timerDone
}

// fromMessage reports whether the interaction came from a message's
// component, whose response may be a silent "deferred update".
func (w *interactionWriter) fromMessage() bool { return w.ix.Message != nil }

func (w *interactionWriter) respond(ctx context.Context, resp *discordgo.InteractionResponse) error {
	// The initial response must not be lost to a cancelled handler context.
	ctx = context.WithoutCancel(ctx)
	if err := w.a.s.InteractionRespond(w.ix, resp, discordgo.WithContext(ctx)); err != nil {
		return fmt.Errorf("discord: respond to interaction: %w", err)
	}
	w.acked = resp.Type
	return nil
}

// lose records that err says the interaction's own way to answer is gone,
// and reports whether it does: the initial response already given (taken;
// follow-ups still work), or the token refused (dead: expired, or never
// acknowledged in time). w.mu is held.
func (w *interactionWriter) lose(err error) bool {
	var re *discordgo.RESTError
	if !errors.As(err, &re) || re.Message == nil {
		return false
	}
	switch re.Message.Code {
	case discordgo.ErrCodeInteractionHasAlreadyBeenAcknowledged:
		w.taken = true
	case discordgo.ErrCodeUnknownInteraction, discordgo.ErrCodeInvalidWebhookTokenProvided, discordgo.ErrCodeUnknownWebhook:
		w.dead = true
	default:
		return false
	}
	w.a.log.Warn("interaction response no longer usable; answering another way", "interaction", w.ix.ID, "code", re.Message.Code)
	return true
}

// usable reports whether the initial response is still to be given by this
// writer. w.mu is held.
func (w *interactionWriter) usable() bool { return w.acked == 0 && !w.taken && !w.dead }

func (w *interactionWriter) deferResponse() {
	w.mu.Lock()
	defer w.mu.Unlock()
	switch w.claim {
	case claimLost:
		return
	case claimPending:
		w.deferDue = true
		return
	}
	w.deferLocked()
}

// deferLocked defers the initial response, unless it was given. w.mu is
// held.
func (w *interactionWriter) deferLocked() {
	if !w.usable() {
		return
	}
	typ := discordgo.InteractionResponseDeferredChannelMessageWithSource
	if w.fromMessage() {
		typ = discordgo.InteractionResponseDeferredMessageUpdate
	}
	if err := w.respond(context.Background(), &discordgo.InteractionResponse{Type: typ}); err != nil && !w.lose(err) {
		w.a.log.Error("defer interaction", "err", err)
	}
}

// Reply answers the interaction: a form opens as a modal when this is the
// initial response to a command or button; everything else is a message.
func (w *interactionWriter) Reply(ctx context.Context, r bot.Reply) (bot.MessageRef, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.claim == claimLost {
		return bot.MessageRef{}, errDuplicate
	}
	if w.usable() && r.Form != nil && w.ix.Type != discordgo.InteractionModalSubmit {
		data := w.a.modal(r.Form)
		err := w.respond(ctx, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseModal, Data: data})
		if err == nil || !w.lose(err) {
			return bot.MessageRef{}, err
		}
		// No modal without the initial response: the message below
		// offers the form behind a button.
	}
	return w.sendLocked(ctx, w.a.render(r), r.Ephemeral)
}

// sendLocked delivers rendered messages as the initial response, the filled
// in deferred response, or follow-ups, whichever is due; and as plain
// messages once the interaction's token is refused. w.mu is held.
func (w *interactionWriter) sendLocked(ctx context.Context, msgs []message, ephemeral bool) (bot.MessageRef, error) {
	if w.dead {
		return w.direct(ctx, msgs, ephemeral)
	}
	var flags discordgo.MessageFlags
	if ephemeral {
		flags = discordgo.MessageFlagsEphemeral
	}
	var ref bot.MessageRef
	switch {
	case w.usable():
		m := msgs[0]
		err := w.respond(ctx, &discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseChannelMessageWithSource,
			Data: &discordgo.InteractionResponseData{
				Content: m.Content, Embeds: nonNil(m.Embeds), Components: nonNil(m.Components),
				AllowedMentions: noMentions(), Flags: flags,
			},
		})
		switch {
		case err == nil:
			msgs = msgs[1:]
			if !ephemeral {
				// The callback returns no body; the message id comes from
				// @original, so the reply can be edited later like any post.
				if orig, err := w.a.s.InteractionResponse(w.ix, discordgo.WithContext(ctx)); err == nil {
					ref = bot.MessageRef{Where: w.where, ID: orig.ID}
				}
			}
		case !w.lose(err):
			return bot.MessageRef{}, err
		case w.dead:
			return w.direct(ctx, msgs, ephemeral)
		}
		// Taken: every message goes as a follow-up.
	case w.acked == discordgo.InteractionResponseDeferredChannelMessageWithSource && !w.filled:
		w.filled = true
		if ephemeral {
			// The "thinking" message is public; drop it and answer privately.
			if err := w.a.s.InteractionResponseDelete(w.ix, discordgo.WithContext(ctx)); err != nil {
				w.a.log.Warn("delete deferred response", "err", err)
			}
			break
		}
		m := msgs[0]
		orig, err := w.a.s.InteractionResponseEdit(w.ix, &discordgo.WebhookEdit{
			Content: &m.Content, Embeds: ptr(nonNil(m.Embeds)), Components: ptr(nonNil(m.Components)),
			AllowedMentions: noMentions(),
		}, discordgo.WithContext(ctx))
		if err != nil {
			if w.lose(err) {
				return w.direct(ctx, msgs, ephemeral)
			}
			return bot.MessageRef{}, fmt.Errorf("discord: fill in deferred response: %w", err)
		}
		msgs = msgs[1:]
		ref = bot.MessageRef{Where: w.where, ID: orig.ID}
	}
	for i, m := range msgs {
		fm, err := w.a.s.FollowupMessageCreate(w.ix, true, &discordgo.WebhookParams{
			Content: m.Content, Embeds: m.Embeds, Components: nonNil(m.Components),
			AllowedMentions: noMentions(), Flags: flags,
		}, discordgo.WithContext(ctx))
		if err != nil {
			if w.lose(err) {
				w.dead = true // a follow-up refused: the token is of no more use
				return w.direct(ctx, msgs[i:], ephemeral)
			}
			return bot.MessageRef{}, fmt.Errorf("discord: follow-up message: %w", err)
		}
		ref = bot.MessageRef{}
		if !ephemeral && fm != nil {
			ref = bot.MessageRef{Where: w.where, ID: fm.ID}
		}
	}
	return ref, nil
}

// direct posts messages without the interaction, whose token Discord no
// longer accepts: a public reply in the interaction's channel, a private
// one in the user's DM, where only they see it, and a public one there too
// when the channel refuses it. w.mu is held.
func (w *interactionWriter) direct(ctx context.Context, msgs []message, ephemeral bool) (bot.MessageRef, error) {
	ctx = context.WithoutCancel(ctx)
	if !ephemeral || w.where.DM {
		ref, err := w.a.post(ctx, w.where, w.where.Channel, msgs, nil)
		if err == nil || w.where.DM || w.user == "" {
			return ref, err
		}
		w.a.log.Warn("reply not posted in the interaction's channel; sending it by direct message", "interaction", w.ix.ID, "err", err)
	}
	if w.user == "" {
		return bot.MessageRef{}, errors.New("discord: private reply without a user to send it to")
	}
	to := bot.DirectTo(bot.Discord, w.user)
	ch, err := w.a.channelID(ctx, to)
	if err != nil {
		return bot.MessageRef{}, err
	}
	to.Channel = ch
	return w.a.post(ctx, to, ch, msgs, nil)
}

// finish completes the interaction after the handler returned: a form error
// is listed privately with a button to fix the answers, and an interaction
// nobody answered is acknowledged so Discord does not show it as failed. A
// duplicate delivery is left alone: the delivery being handled answers.
func (w *interactionWriter) finish(ctx context.Context, err error, e *bot.Event) {
	w.stop()
	w.mu.Lock()
	lost := w.claim == claimLost
	w.mu.Unlock()
	if lost {
		w.a.log.Debug("duplicate interaction left to its first delivery", "interaction", w.ix.ID)
		return
	}
	ctx = context.WithoutCancel(ctx)
	var fe *bot.FormError
	if errors.As(err, &fe) && e.Kind == bot.KindSubmit {
		w.formError(ctx, w.a.recallForm(e.Form.ID, e.Form.Value), e.Form.Fields, fe)
		return
	}
	if err != nil {
		w.a.log.Warn("interaction handler failed", "err", err)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	var rerr error
	switch {
	case w.usable() && w.fromMessage():
		rerr = w.respond(ctx, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate})
	case w.usable():
		_, rerr = w.sendLocked(ctx, w.a.render(bot.Reply{Text: "Done."}), true)
	case w.acked == discordgo.InteractionResponseDeferredChannelMessageWithSource && !w.filled && !w.dead:
		_, rerr = w.sendLocked(ctx, w.a.render(bot.Reply{Text: "Done."}), false)
	}
	if rerr != nil && !w.lose(rerr) {
		w.a.log.Error("complete interaction", "err", rerr)
	}
}

// formError lists a form's problems privately, with a button that reopens
// the form holding the answers given, so the user fixes only what is wrong.
func (w *interactionWriter) formError(ctx context.Context, f *bot.Form, answers map[string]string, fe *bot.FormError) {
	msgs := w.a.render(bot.Reply{Text: formProblems(f, fe)})
	if f != nil {
		fixed := *f
		fixed.Inputs = append([]bot.Input(nil), f.Inputs...)
		for i, in := range fixed.Inputs {
			if v, ok := answers[in.ID]; ok {
				fixed.Inputs[i].Initial = v
			}
		}
		last := &msgs[len(msgs)-1]
		last.Components = append(last.Components, discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: "Fix answers", Style: discordgo.PrimaryButton, CustomID: prefixOpen + w.a.stash.put(&fixed)},
		}})
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if _, err := w.sendLocked(ctx, msgs, true); err != nil {
		w.a.log.Error("show form errors", "err", err)
	}
}

// openForm answers a press of a form button with the form's modal, or with
// the next part of a form too long for one modal.
func (w *interactionWriter) openForm(ctx context.Context, key string) {
	v, _ := w.a.stash.get(key)
	var data *discordgo.InteractionResponseData
	switch f := v.(type) {
	case *bot.Form:
		data = w.a.modal(f)
	case *pagedForm:
		data = w.a.pageModal(f)
	default:
		w.expired(ctx)
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := w.respond(ctx, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseModal, Data: data}); err != nil && !w.lose(err) {
		w.a.log.Error("open form", "err", err)
	}
}

// nextPart answers the submission of one part of a long form with a button
// that opens the next: Discord cannot open a modal straight from another.
func (w *interactionWriter) nextPart(ctx context.Context, p *pagedForm) {
	text := fmt.Sprintf("Part %d of %d saved.", p.page, p.pages())
	msgs := w.a.render(bot.Reply{Text: text})
	msgs[0].Components = []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Label: fmt.Sprintf("Continue (%d/%d)", p.page+1, p.pages()), Style: discordgo.PrimaryButton, CustomID: prefixOpen + w.a.stash.put(p)},
	}}}
	w.mu.Lock()
	defer w.mu.Unlock()
	if _, err := w.sendLocked(ctx, msgs, true); err != nil {
		w.a.log.Error("continue form", "err", err)
	}
}

// expired answers a press on a button whose meaning was lost (kept in memory
// before a restart).
func (w *interactionWriter) expired(ctx context.Context) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if _, err := w.sendLocked(ctx, w.a.render(bot.Reply{Text: "That button or form is no longer active. Please start again."}), true); err != nil {
		w.a.log.Error("answer expired interaction", "err", err)
	}
}
