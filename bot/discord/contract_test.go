package discord_test

import (
	"testing"

	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/bottest"
	"github.com/ipdesk/ipdesk/bot/discord/discordfake"
)

// harness drives the Discord adapter for the shared contract suite through
// the fake Discord: users type DMs and press buttons there, and Next reads
// the messages they see.
type harness struct {
	env *env
}

func (h *harness) Start(t *testing.T, hd bot.Handler) bot.Adapter {
	h.env = start(t, hd, options{})
	return h.env.a
}

func (h *harness) SayDM(t *testing.T, userID, text string) {
	h.env.srv.SendDM(discordfake.User{ID: userID}, text)
}

func (h *harness) Next(t *testing.T) bottest.Seen {
	t.Helper()
	m := h.env.srv.WaitShown(wait)
	var buttons []string
	for _, b := range m.Buttons() {
		buttons = append(buttons, b.Label)
	}
	return bottest.Seen{
		Where:   bot.Address{Platform: bot.Discord, Channel: m.ChannelID, DM: h.env.srv.IsDM(m.ChannelID)},
		Text:    m.Display(),
		Buttons: buttons,
		Pings:   m.Pings(),
		Handle:  m,
	}
}

func (h *harness) Click(t *testing.T, userID string, m bottest.Seen, i int) {
	t.Helper()
	mv := m.Handle.(discordfake.MessageView)
	h.env.srv.Click(discordfake.User{ID: userID}, mv.ChannelID, mv.ID, mv.Buttons()[i].Label)
}

func TestContract(t *testing.T) {
	bottest.RunContract(t, func(t *testing.T) bottest.Harness {
		t.Parallel()
		return &harness{}
	})
}
