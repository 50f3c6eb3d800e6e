package report_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/bottest"
	"github.com/ipdesk/ipdesk/internal/testclock"
	"github.com/ipdesk/ipdesk/report"
	"github.com/ipdesk/ipdesk/sqlite"
)

// The Monday report reaches the review channel once: later rounds of the
// same week, past the lease that frees a claim whose process died while
// posting, see it posted and post nothing.
func TestWeeklyReportPostsOncePerWeek(t *testing.T) {
	ctx := context.Background()
	clk := testclock.New(time.Date(2026, 3, 2, report.PostHour+1, 0, 0, 0, time.UTC)) // a Monday
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "ipdesk.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.Now = clk.Now
	rec := bottest.NewRecorder()
	review := bot.Address{Platform: bot.Console, Channel: "review"}
	desk, err := report.NewDesk(report.Config{Store: db, Poster: rec, Review: review, Lang: "en", SLA: 48 * time.Hour,
		Now: clk.Now, Dir: t.TempDir(), SaveCharts: true})
	if err != nil {
		t.Fatal(err)
	}
	reports := func() int {
		n := 0
		for _, r := range rec.SentTo(review) {
			if strings.Contains(r.Text, "Weekly report") {
				n++
			}
		}
		return n
	}
	for range 3 {
		if err := desk.Tick(ctx); err != nil {
			t.Fatal(err)
		}
		clk.Advance(ipdesk.SendLease + time.Minute)
	}
	if n := reports(); n != 1 {
		t.Fatalf("%d weekly reports posted in one week, want 1", n)
	}
}
