package discord_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/discord/discordfake"
)

// privateCard is an ephemeral reply holding what must never appear in a
// public channel: a contact address and an evidence hash.
var privateCard = bot.Reply{
	Text:      "**Complaint IPD-7K3Q9**\n\nStatus: **open**",
	Fields:    []bot.Field{{Label: "Contact", Value: "email buyer@example.com"}, {Label: "Evidence", Value: "label.jpg, sha256 9f86d081884c7d65"}},
	Buttons:   []bot.Button{{ID: "review.approve", Label: "Approve compensation", Value: "IPD-7K3Q9"}},
	Ephemeral: true,
}

// handlerResult keeps what a handler's replies returned, for the test to
// read after the handler ran.
type handlerResult struct {
	mu   sync.Mutex
	refs []bot.MessageRef
	errs []error
	done chan struct{}
}

func (h *handlerResult) add(ref bot.MessageRef, err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.refs, h.errs = append(h.refs, ref), append(h.errs, err)
}

func TestEphemeralReplyToAChannelMessageGoesToTheDM(t *testing.T) {
	t.Parallel()
	res := &handlerResult{done: make(chan struct{})}
	e := start(t, bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, ev *bot.Event) error {
		defer close(res.done)
		res.add(w.Reply(ctx, privateCard))
		// A second private reply goes to the DM without a second pointer.
		res.add(w.Reply(ctx, bot.Reply{Text: "Audit trail: opened by consumer1", Ephemeral: true}))
		// A public reply still goes to the channel.
		res.add(w.Reply(ctx, bot.Reply{Text: "Anyone may read this."}))
		return nil
	}), options{})
	asked := e.srv.SendMessage(seller, "5001", e.srv.Mention()+" case IPD-7K3Q9")
	<-res.done

	public := e.srv.Messages("5001")
	if len(public) != 2 || public[0].Display() != "I've sent you the answer in a direct message." || public[1].Display() != "Anyone may read this." {
		t.Fatalf("the channel shows %d messages: %q", len(public), displays(public))
	}
	for _, m := range public {
		for _, secret := range []string{"buyer@example.com", "9f86d081", "IPD-7K3Q9", "Audit trail"} {
			if strings.Contains(m.Text(), secret) {
				t.Errorf("the channel shows %q: %q", secret, m.Display())
			}
		}
		if len(m.Buttons()) != 0 {
			t.Errorf("a channel message offers buttons: %q", m.Display())
		}
	}
	// The pointer answers the user's message, so it is clear whom it means.
	create := e.srv.Calls(discordfake.RouteMessageCreate)
	var pointer discordfake.Call
	for _, c := range create {
		if c.Param("channel") == "5001" {
			pointer = c
			break
		}
	}
	if !strings.Contains(string(pointer.Body), `"message_reference"`) || !strings.Contains(string(pointer.Body), asked) {
		t.Errorf("the pointer does not reply to the user's message %s: %s", asked, pointer.Body)
	}

	dms := e.srv.DMs(seller.ID)
	if len(dms) != 2 {
		t.Fatalf("the DM holds %d messages: %q", len(dms), displays(dms))
	}
	card := dms[0]
	for _, want := range []string{"Complaint IPD-7K3Q9", "Contact: email buyer@example.com", "sha256 9f86d081884c7d65"} {
		if !strings.Contains(card.Display(), want) {
			t.Errorf("the DM card lacks %q: %q", want, card.Display())
		}
	}
	if _, ok := card.Button("Approve compensation"); !ok {
		t.Errorf("the DM card lacks its button")
	}
	if dms[1].Display() != "Audit trail: opened by consumer1" {
		t.Errorf("second private reply: %q", dms[1].Display())
	}
	// The reference names the DM message, so a handler can edit it later.
	res.mu.Lock()
	ref, err := res.refs[0], res.errs[0]
	res.mu.Unlock()
	if err != nil || ref.ID != card.ID || ref.Where.Channel != e.srv.DMChannel(seller.ID) || !ref.Where.DM {
		t.Fatalf("private reply returned %+v, %v; want the DM card %s", ref, err, card.ID)
	}
	if err := e.a.Edit(context.Background(), ref, bot.Reply{Text: "**Complaint IPD-7K3Q9**\n\nStatus: **approved**"}); err != nil {
		t.Fatal(err)
	}
	if now, _ := e.srv.Message(card.ChannelID, card.ID); !strings.Contains(now.Display(), "Status: approved") {
		t.Errorf("edited DM card: %q", now.Display())
	}
}

func TestEphemeralReplyWhenTheDMIsClosed(t *testing.T) {
	t.Parallel()
	res := &handlerResult{done: make(chan struct{})}
	e := start(t, bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, ev *bot.Event) error {
		defer close(res.done)
		res.add(w.Reply(ctx, privateCard))
		res.add(w.Reply(ctx, bot.Reply{Text: "More private detail: buyer@example.com", Ephemeral: true}))
		return nil
	}), options{})
	e.srv.CloseDMs(seller.ID)
	e.srv.SendMessage(seller, "5001", e.srv.Mention()+" status")
	<-res.done

	public := e.srv.Messages("5001")
	if len(public) != 1 || !strings.HasPrefix(public[0].Display(), "I couldn't send you a direct message") {
		t.Fatalf("the channel shows %q; want one short notice", displays(public))
	}
	if strings.Contains(public[0].Text(), "buyer@example.com") || strings.Contains(public[0].Text(), "IPD-") || len(public[0].Buttons()) != 0 {
		t.Errorf("the notice leaks the answer: %q", public[0].Display())
	}
	if dms := e.srv.DMs(seller.ID); len(dms) != 0 {
		t.Errorf("a closed DM holds %q", displays(dms))
	}
	res.mu.Lock()
	defer res.mu.Unlock()
	for i, err := range res.errs {
		if err == nil {
			t.Errorf("private reply %d reported success though nobody saw it", i)
		}
	}
}

func TestEphemeralReplyInADMStaysInTheDM(t *testing.T) {
	t.Parallel()
	s := newSeen()
	e := start(t, reply(s, func(*bot.Event) bot.Reply { return privateCard }), options{})
	e.srv.SendDM(seller, "case IPD-7K3Q9")
	s.next(t)
	m := e.srv.WaitShown(wait)
	if m.ChannelID != e.srv.DMChannel(seller.ID) || !strings.Contains(m.Display(), "buyer@example.com") {
		t.Errorf("answer %q in %s", m.Display(), m.ChannelID)
	}
	if n := len(e.srv.DMs(seller.ID)); n != 1 {
		t.Errorf("the DM holds %d messages; want the answer alone, no pointer", n)
	}
}

func displays(ms []discordfake.MessageView) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.Display()
	}
	return out
}
