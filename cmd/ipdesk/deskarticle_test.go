package main

import (
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/knowledge"
)

// TestDeskArticleStatesTheDefaults checks that the bundled article on
// this desk's complaints tells complainants the periods the bot applies
// by default: how long they may appeal a rejection, how long a staff
// question waits for their answer, and how long after closing an answer
// still reopens the case. The article had said six months and the wrong
// command for an appeal the bot takes within 30 days.
func TestDeskArticleStatesTheDefaults(t *testing.T) {
	cfg := DefaultConfig()
	days := func(d time.Duration) int { return int(d / (24 * time.Hour)) }
	want := map[string][]string{
		"en/ipdesk-complaints.md": {
			fmt.Sprintf("within %d days** of the rejection", cfg.AppealDays),
			"`appeal IPD-…`",
			fmt.Sprintf("(%d days by default", days(cfg.InfoTimeout)),
			fmt.Sprintf("within %d days after it was closed", days(ipdesk.ReopenWindow)),
		},
		"zh/ipdesk-complaints.md": {
			fmt.Sprintf("%d 天内申诉一次", cfg.AppealDays),
			"`appeal IPD-…`",
			fmt.Sprintf("默认共 %d 天", days(cfg.InfoTimeout)),
			fmt.Sprintf("关闭后 %d 天内回答", days(ipdesk.ReopenWindow)),
		},
	}
	for file, phrases := range want {
		data, err := fs.ReadFile(knowledge.Bundled(), file)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range phrases {
			if !strings.Contains(string(data), p) {
				t.Errorf("%s does not say %q", file, p)
			}
		}
	}
}
