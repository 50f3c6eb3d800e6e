package main

import (
	"strings"
	"testing"
)

// Over Slack, as a seller types in their direct messages: a short
// follow-up is read with the question before and says so, a question in
// traditional Chinese characters is answered in them, and an earlier
// question quoted in the note pings no one.
func TestSlackFollowUpAndTraditionalCharacters(t *testing.T) {
	t.Parallel()
	w := newSlackWorld(t)
	w.dm(consumer, "How long does a US trademark registration last?", "Trademarks in the US")
	m := w.dm(consumer, "and in China?", "Read as a follow-up to", "Trademarks in China")
	if p := m.Pings(); len(p) > 0 {
		t.Errorf("the follow-up answer pings %v", p)
	}
	m = w.dm(consumer, "商標被搶註了怎麼辦", "商標")
	if strings.Contains(m.Visible(), "商标") {
		t.Errorf("the answer to a question in traditional characters has simplified ones:\n%s", m.Visible())
	}
	// A question that names everyone, then a follow-up quoting it.
	w.dm(consumer, "<!channel> how long does a US trademark last")
	m = w.dm(consumer, "and in the EU?", "Read as a follow-up to")
	if p := m.Pings(); len(p) > 0 {
		t.Errorf("the note quoting an earlier question pings %v:\n%s", p, m.Blocks)
	}
}

// The same over Discord: a follow-up is read with the question before,
// and a traditional-character question is answered in them.
func TestDiscordFollowUpAndTraditionalCharacters(t *testing.T) {
	t.Parallel()
	w := newDiscordWorld(t)
	w.sayAnswer(dConsumer, "How long does a US trademark registration last?", "Trademarks in the US")
	m := w.sayAnswer(dConsumer, "and in China?", "Read as a follow-up to", "Trademarks in China")
	if p := m.Pings(); len(p) > 0 {
		t.Errorf("the follow-up answer pings %v", p)
	}
	w.sayAnswer(dConsumer, "商標被搶註了怎麼辦", "商標", "[有幫助]")
}
