package handlers

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/markup"
	"github.com/ipdesk/ipdesk/i18n"
)

// humanRepeat is how long a second request for a person from the same
// user is answered without another note to staff: a person typing 人工
// three times in a row is one request.
const humanRepeat = 30 * time.Minute

// Human answers "human" (人工): a request to talk to a person, outside a
// complaint being filed (the wizard takes such requests itself). Staff get
// a note in the review channel, in its language, with who asks and where
// to reply, and the person is told a human will write to them.
type Human struct {
	send       bot.Sender
	review     bot.Address
	reviewLang i18n.Lang
	now        func() time.Time

	mu   sync.Mutex
	last map[string]time.Time // user key → when staff were last told
}

// NewHuman returns the human command, posting to review in reviewLang.
func NewHuman(send bot.Sender, review bot.Address, reviewLang i18n.Lang) *Human {
	return &Human{send: send, review: review, reviewLang: reviewLang, now: time.Now, last: map[string]time.Time{}}
}

// Register adds the human command.
func (h *Human) Register(mux *bot.Mux) {
	mux.HandleCommand(bot.Command{Name: "human"}, h)
}

// ServeEvent tells staff, once in a while per person, and the person.
func (h *Human) ServeEvent(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
	tr := e.Printer()
	key := e.User.Key()
	now := h.now()
	h.mu.Lock()
	last, asked := h.last[key]
	fresh := !asked || now.Sub(last) >= humanRepeat
	if fresh {
		if len(h.last) > 10000 {
			h.last = map[string]time.Time{}
		}
		h.last[key] = now
	}
	h.mu.Unlock()
	if !fresh {
		_, err := w.Reply(ctx, bot.Reply{Text: tr.T("human.already"), Ephemeral: true})
		return err
	}
	rt := tr.In(h.reviewLang)
	who := markup.Escape(e.User.Key())
	if name := strings.TrimSpace(e.User.Name); name != "" && name != e.User.ID {
		who = markup.Escape(clipRunes(name, 60)) + " (" + who + ")"
	}
	var b strings.Builder
	b.WriteString(rt.T("human.note", "Who", who, "Platform", platformName(rt, e.Platform()), "Lang", tr.T("lang.name"), "ID", markup.Escape(e.User.ID)))
	if msg := strings.TrimSpace(e.Args); msg != "" {
		b.WriteString("\n\n")
		for _, line := range strings.Split(markup.Escape(clipRunes(msg, 1000)), "\n") {
			b.WriteString("> " + line + "\n")
		}
	}
	if _, err := h.send.Send(ctx, h.review, bot.Reply{Text: strings.TrimRight(b.String(), "\n")}); err != nil {
		h.mu.Lock()
		delete(h.last, key) // let the person try again
		h.mu.Unlock()
		return fmt.Errorf("post request for a person: %w", err)
	}
	_, err := w.Reply(ctx, bot.Reply{Text: tr.T("human.sent"), Ephemeral: true})
	return err
}

var _ bot.Handler = (*Human)(nil)
