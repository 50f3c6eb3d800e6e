package main

import (
	"bytes"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk/bot/discord/discordfake"
	"github.com/ipdesk/ipdesk/bot/slack/slackfake"
	"github.com/ipdesk/ipdesk/internal/eventually"
	"github.com/ipdesk/ipdesk/report"
)

// checkChart fails the test unless b is the report's chart: a PNG of the
// chart's size.
func checkChart(t *testing.T, b []byte) {
	t.Helper()
	cfg, err := png.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("the chart is no PNG: %v", err)
	}
	if cfg.Width != report.Width || cfg.Height != report.Height {
		t.Errorf("chart %dx%d, want %dx%d", cfg.Width, cfg.Height, report.Width, report.Height)
	}
}

// The Monday report posts itself once: at start the due week's report
// reaches the review channel, summary then chart through Slack's file
// upload; started again, the App does not post it twice. Staff can ask for
// one at any time; others cannot.
func TestWeeklyReportThroughSlack(t *testing.T) {
	t.Parallel()
	w := newSlackWorld(t, map[string]string{"IPDESK_WEEKLY_REPORT": "true"})
	w.shown(reviewChannel, "Weekly report", "Complaints:", "Questions:", "Satisfaction:")
	w.shown(reviewChannel, "ipdesk weekly report")
	up := w.chart(1)
	if !strings.HasPrefix(up.Name, "ipdesk-week-") || !strings.HasSuffix(up.Name, ".png") || up.Title == "" || up.AltText == "" {
		t.Errorf("upload %+v", up)
	}
	checkChart(t, up.Content)
	w.waitLog("weekly report posted")

	w.restart()
	w.waitLog("weekly report already posted")

	// A question nobody can answer, with a hostile wording; then staff
	// ask for the report.
	w.dm(consumer, "<!channel> zebra quantum violin", "[Talk to staff]")
	w.slash(reviewChannel, bystander, "report")
	w.shown(reviewChannel, "Only staff")
	w.slash(reviewChannel, staffMember, "report")
	m := w.shown(reviewChannel, "Weekly report", "Top unanswered questions", "zebra quantum violin")
	if len(m.Pings()) != 0 {
		t.Errorf("the report pings %v", m.Pings())
	}
	up = w.chart(2)
	checkChart(t, up.Content)
	if n := len(w.charts()); n != 2 {
		t.Errorf("%d charts uploaded, want 2 (one weekly, one asked for)", n)
	}
}

// charts returns the files shared in the review channel, in order.
func (w *slackWorld) charts() []slackfake.File {
	var files []slackfake.File
	for _, m := range w.fake.Messages(reviewChannel) {
		files = append(files, w.fake.FilesOf(m)...)
	}
	return files
}

// chart waits for the nth file shared in the review channel.
func (w *slackWorld) chart(n int) slackfake.File {
	w.t.Helper()
	var files []slackfake.File
	eventually.Check(w.t, w.ctx, fmt.Sprintf("file number %d shared in the review channel", n), func() error {
		if files = w.charts(); len(files) < n {
			return fmt.Errorf("%d files shared", len(files))
		}
		return nil
	})
	return files[n-1]
}

// Staff ask for the report in Chinese on Discord: the summary and then the
// chart, attached to a message in the review channel.
func TestReportThroughDiscord(t *testing.T) {
	t.Parallel()
	w := newDiscordWorld(t)
	// Drawing the chart is slow under the race detector: the interaction
	// is deferred and answered once the report is posted.
	in := w.srv.Slash(dListed, dReview, "report", map[string]any{"arguments": "zh"})
	summary := w.shownWithin(30*time.Second, dReview, "每周报告", "投诉")
	if len(w.srv.FilesOf(summary)) != 0 {
		t.Errorf("the summary carries files")
	}
	chart := w.shownWithin(30*time.Second, dReview, "ipdesk")
	files := w.srv.FilesOf(chart)
	if len(files) != 1 || files[0].ContentType != "image/png" {
		t.Fatalf("chart message files = %+v", files)
	}
	checkChart(t, files[0].Data)
	if !chart.PingsNobody() {
		t.Error("the chart message may ping")
	}
	if r := w.srv.Reply(in, 30*time.Second); !strings.Contains(r.Message.Content, "Posted the report") {
		t.Errorf("the staff member was told %q", r.Message.Content)
	}
}

// shownWithin is shown with a longer wait.
func (w *discordWorld) shownWithin(wait time.Duration, channel string, want ...string) discordfake.MessageView {
	w.t.Helper()
	m, err := w.srv.NextShown(wait)
	if err != nil {
		w.t.Fatal(err)
	}
	if m.ChannelID != channel {
		w.t.Fatalf("next message appeared in %s, want %s: %q", m.ChannelID, channel, m.Display())
	}
	checkShows(w.t, m, want...)
	return m
}

// In the console, which cannot show images, the chart is saved and its
// path given.
func TestReportInConsole(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	env := map[string]string{"IPDESK_DB": filepath.Join(dir, "ipdesk.db")}
	out := runConsole(t, env, "/as staff", "report")
	checkTranscript(t, out, "Weekly report", "Chart saved at")
	path := filepath.Join(dir, "reports")
	files, _ := filepath.Glob(filepath.Join(path, "ipdesk-week-*.png"))
	if len(files) != 1 {
		t.Fatalf("charts saved in %s: %v", path, files)
	}
	b, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	checkChart(t, b)
}

// ipdesk report writes the summary and the chart of the weeks since a date.
func TestReportCommand(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	env := map[string]string{"IPDESK_DB": filepath.Join(dir, "ipdesk.db")}
	runConsole(t, env, "zebra quantum violin", "How long does a US trademark registration last?")
	out := filepath.Join(dir, "out")
	code, stdout, errOut := runMain(t, "", env, "report", "--since", "2026-01-05", "--out", out)
	if code != 0 {
		t.Fatalf("report: exit %d: %s%s", code, stdout, errOut)
	}
	paths := strings.Fields(stdout)
	if len(paths) != 2 || !strings.HasSuffix(paths[0], ".md") || !strings.HasSuffix(paths[1], ".png") {
		t.Fatalf("report printed %q", stdout)
	}
	md, err := os.ReadFile(paths[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Weekly report", "2 asked, 1 answered (50%), 1 declined", "zebra quantum violin"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("report lacks %q:\n%s", want, md)
		}
	}
	b, err := os.ReadFile(paths[1])
	if err != nil {
		t.Fatal(err)
	}
	checkChart(t, b)
	for _, bad := range [][]string{{"report"}, {"report", "--since", "yesterday", "--out", out}, {"report", "--since", "2999-01-01", "--out", out}, {"report", "--since", "2026-01-05", "--out", out, "--lang", "fr"}} {
		if code, _, _ := runMain(t, "", env, bad...); code == 0 {
			t.Errorf("%v succeeded", bad)
		}
	}
}
