package main

import (
	"strings"
	"testing"

	"github.com/ipdesk/ipdesk/bot/discord/discordfake"
)

// Discord shows a plain channel message's answer to everyone: only
// interactions can be answered privately. So a private answer to a mention
// in a channel (a case card, a complainant's list) goes to the asker's DM,
// and the channel hears only where it went.

func TestDiscordPrivateAnswersToMentionsGoToTheDM(t *testing.T) {
	t.Parallel()
	w := newDiscordWorld(t)
	_, ref := w.confirm(dConsumer, w.continueFrom(dConsumer, acme, w.startFiling(dConsumer), ""))

	// Staff asks for the case in a public channel: the card, the consented
	// email, the evidence hashes and the audit trail go to staff's DM.
	w.srv.SendMessage(dListed, dPublic, w.srv.Mention()+" case "+ref)
	card := w.shown(w.dm(dListed), ref, "Audit trail", "buyer@example.com", "SHA-256", "[Approve compensation]", "[Reject]")
	w.shown(dPublic, "I've sent you the answer in a direct message.")
	// The card in the DM works: staff acts from it.
	w.click(dListed, card, "Assign to me")
	w.until(w.dm(dConsumer), "a staff member is reviewing it")
	if c := w.complaint(ref); c.Assignee != "discord:"+dListed.ID {
		t.Errorf("assignee after pressing the DM card's button: %q", c.Assignee)
	}

	// The complainant asks for their complaints in the same channel.
	w.srv.SendMessage(dConsumer, dPublic, w.srv.Mention()+" status")
	checkShows(t, w.until(w.dm(dConsumer), "Your complaints"), ref, "[Withdraw "+ref+"]")
	w.until(dPublic, "I've sent you the answer in a direct message.")

	// A member who accepts no DMs is told so in the channel, and sees no
	// answer there either.
	w.srv.CloseDMs(dBystander.ID)
	w.srv.SendMessage(dBystander, dPublic, w.srv.Mention()+" status")
	w.until(dPublic, "I couldn't send you a direct message")
	w.waitLog("reply with error message")

	public := w.srv.Messages(dPublic)
	if len(public) != 3 {
		t.Errorf("the channel shows %d messages, want the two pointers and the notice", len(public))
	}
	for _, m := range public {
		for _, secret := range []string{ref, "buyer@example.com", "SHA-256", "label.jpg", "Audit trail", "Your complaints", "Amazon"} {
			if strings.Contains(m.Display(), secret) {
				t.Errorf("the public channel shows %q: %q", secret, m.Display())
			}
		}
		if len(m.Buttons()) != 0 {
			t.Errorf("a message in the public channel offers buttons %v", buttonLabels(m))
		}
	}
}

// until returns the next message shown in channel that contains text,
// passing over messages shown elsewhere meanwhile (whose order among
// themselves the test does not fix).
func (w *discordWorld) until(channel, text string) discordfake.MessageView {
	w.t.Helper()
	for range 20 {
		m, err := w.srv.NextShown(dwait)
		if err != nil {
			w.t.Fatalf("no message with %q in %s: %v", text, channel, err)
		}
		if m.ChannelID == channel && strings.Contains(m.Display(), text) {
			return m
		}
	}
	w.t.Fatalf("no message with %q in %s among the next 20", text, channel)
	return discordfake.MessageView{}
}
