package slack_test

import (
	"strings"
	"testing"

	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/bottest"
	"github.com/ipdesk/ipdesk/bot/slack/slackfake"
)

// harness drives the shared adapter contract suite through the fake Slack.
type harness struct{ e *env }

func (h *harness) Start(t *testing.T, handler bot.Handler) bot.Adapter {
	h.e = start(t, handler)
	for _, id := range []string{"u1", "u2"} {
		h.e.fake.AddUser(slackfake.User{ID: id, Name: id})
	}
	return h.e.adapter
}

func (h *harness) SayDM(t *testing.T, userID, text string) { h.e.dm(userID, text) }

func (h *harness) Next(t *testing.T) bottest.Seen {
	m := h.e.shown()
	var labels []string
	for _, b := range m.Buttons() {
		labels = append(labels, b.Label)
	}
	return bottest.Seen{
		Where:   bot.Address{Platform: bot.Slack, Channel: m.Channel, Thread: m.ThreadTS, DM: strings.HasPrefix(m.Channel, "D")},
		Text:    m.Visible(),
		Buttons: labels,
		Pings:   m.Pings(),
		Handle:  m,
	}
}

func (h *harness) Click(t *testing.T, userID string, m bottest.Seen, i int) {
	t.Helper()
	if _, err := h.e.fake.Click(h.e.ctx, userID, m.Handle.(*slackfake.Message), m.Buttons[i]); err != nil {
		t.Fatal(err)
	}
}

func TestContract(t *testing.T) {
	bottest.RunContract(t, func(t *testing.T) bottest.Harness {
		t.Parallel()
		return &harness{}
	})
}
