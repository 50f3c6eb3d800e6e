package slack_test

import (
	"context"
	"testing"

	"github.com/ipdesk/ipdesk/bot"
)

// TestButtonsSharingAnIDStayInOneRow posts a summary whose "Edit an answer"
// and "Cancel" buttons share a handler action id: Slack needs unique ids in
// an actions block, so they go out with unique ids in one row, and each
// press reaches the handler with the handler's id and its own value.
func TestButtonsSharingAnIDStayInOneRow(t *testing.T) {
	t.Parallel()
	summary := bot.Reply{Text: "Please check your complaint.", Buttons: []bot.Button{
		{ID: "complain.confirm", Label: "Submit", Value: "draft1", Style: bot.StylePrimary},
		{ID: "complain.nav", Label: "Edit an answer", Value: "edit"},
		{ID: "complain.nav", Label: "Cancel", Value: "cancel", Style: bot.StyleDanger},
	}}
	e := start(t, bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, ev *bot.Event) error {
		if ev.Kind == bot.KindMessage {
			_, err := w.Reply(ctx, summary)
			return err
		}
		return nil
	}))
	e.dm("U1", "summary please")
	e.nextEvent()
	m := e.shown()
	btns := m.Buttons()
	if len(btns) != 3 {
		t.Fatalf("buttons = %+v", btns)
	}
	ids := map[string]bool{}
	for _, b := range btns {
		if b.BlockID != btns[0].BlockID {
			t.Errorf("button %q in block %q, want all in one row %q", b.Label, b.BlockID, btns[0].BlockID)
		}
		if ids[b.ActionID] {
			t.Errorf("action id %q repeated", b.ActionID)
		}
		ids[b.ActionID] = true
	}
	for _, c := range []struct{ label, id, value string }{
		{"Cancel", "complain.nav", "cancel"}, {"Edit an answer", "complain.nav", "edit"}, {"Submit", "complain.confirm", "draft1"},
	} {
		if _, err := e.fake.Click(e.ctx, "U1", m, c.label); err != nil {
			t.Fatal(err)
		}
		if ev := e.nextEvent(); ev.Kind != bot.KindAction || ev.Action.ID != c.id || ev.Action.Value != c.value {
			t.Errorf("pressing %q: event %v %+v, want %s=%s", c.label, ev.Kind, ev.Action, c.id, c.value)
		}
	}
}
