package slack

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/ipdesk/ipdesk/bot"
)

// TestLongFieldIsNotCut renders a field longer than Slack allows a field
// among short ones: every word survives, within Block Kit's limits.
func TestLongFieldIsNotCut(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("word ", 1000) + "LAST"
	fields := []bot.Field{{Label: "Before", Value: "one"}, {Label: "What is wrong", Value: long}}
	for range 11 {
		fields = append(fields, bot.Field{Label: "After", Value: "two"})
	}
	var all strings.Builder
	var nFields int
	for _, b := range renderFields(fields) {
		s := b.(*slack.SectionBlock)
		if s.Text != nil {
			if n := utf8.RuneCountInString(s.Text.Text); n > maxSectionText {
				t.Errorf("section of %d characters", n)
			}
			all.WriteString(s.Text.Text + "\n")
		}
		if len(s.Fields) > maxFieldsPerSect {
			t.Errorf("section with %d fields", len(s.Fields))
		}
		for _, f := range s.Fields {
			nFields++
			if n := utf8.RuneCountInString(f.Text); n > maxFieldText {
				t.Errorf("field of %d characters", n)
			}
			all.WriteString(f.Text + "\n")
		}
	}
	got := all.String()
	if nFields != 12 || strings.Count(got, "word") != 1000 || !strings.Contains(got, "LAST") || !strings.HasPrefix(got, "*Before*\none\n*What is wrong*\nword") {
		t.Errorf("%d fields; rendered text:\n%.300s…", nFields, got)
	}
}
