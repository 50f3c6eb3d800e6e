package slack

import (
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/ipdesk/ipdesk/bot"
)

func TestActionIDRoundTrip(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", 300)
	for i, id := range []string{"complain.nav", "kb.topic", "a#b", "review#", long, "é" + long} {
		out := actionID(id, i*7)
		if len(out) > maxActionID {
			t.Errorf("%.20q: %d bytes", id, len(out))
		}
		back := handlerActionID(out)
		if len(id) <= maxActionID-len("#35") && back != id {
			t.Errorf("%q came back as %q", id, back)
		}
		if !strings.HasPrefix(id, back) {
			t.Errorf("%.20q came back as %.20q", id, back)
		}
	}
	// Buttons posted before ids carried a position come back unchanged.
	for _, id := range []string{"complain.nav", "review.approve", "x#y"} {
		if got := handlerActionID(id); got != id {
			t.Errorf("old id %q came back as %q", id, got)
		}
	}
	// Thirty buttons: rows of at most 25, ids unique in each.
	var many []bot.Button
	for range 30 {
		many = append(many, bot.Button{ID: "complain.pick", Label: "x", Value: "v"})
	}
	blocks := renderButtons(many)
	if len(blocks) != 2 {
		t.Fatalf("%d rows for 30 buttons", len(blocks))
	}
	for _, b := range blocks {
		seen := map[string]bool{}
		for _, el := range b.(*slack.ActionBlock).Elements.ElementSet {
			id := el.(*slack.ButtonBlockElement).ActionID
			if seen[id] {
				t.Errorf("id %q repeated in a row", id)
			}
			seen[id] = true
		}
	}
}
