package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/report"
)

func init() {
	register(&subcommand{name: "report", usage: "--since DATE --out DIR [--lang en|zh]",
		summary: "write the weekly report (summary and chart) of the weeks since DATE into DIR", run: reportCommand})
}

const reportUsage = "usage: ipdesk report --since YYYY-MM-DD --out DIR [--lang en|zh] [SETTINGS FLAGS]"

// reportDesk builds the report service of the running bot: the staff
// command and the Monday loop.
//
// The chart's fonts are loaded when a report is built, not kept from
// start-up; they are loaded here only to check a font the operator named,
// or that Chinese charts will have one, and let go again.
func (app *App) reportDesk() (*report.Desk, error) {
	if app.Config.ReportFont != "" || app.Config.ReportLang == "zh" {
		fonts, err := report.LoadFonts(app.Config.ReportFont)
		if err != nil {
			return nil, fmt.Errorf("IPDESK_REPORT_FONT: %w", err)
		}
		if app.Config.ReportLang == "zh" && !fonts.CJK() {
			app.Log.Warn("no font with Chinese glyphs found; weekly charts get English labels (set IPDESK_REPORT_FONT)")
		}
	}
	return report.NewDesk(report.Config{
		Store: app.DB, Poster: app.Bot, Review: app.Review,
		Lang: app.Config.ReportLang, SLA: time.Duration(app.Config.SLAHours) * time.Hour,
		FontPath: app.Config.ReportFont, Dir: app.Config.ReportDir, Weekly: app.Config.WeeklyReport, Logger: app.Log,
		// A terminal lists files but cannot show a chart: save it.
		SaveCharts: app.Review.Platform == bot.Console,
	})
}

// reportCommand runs "report": the weeks from the one holding --since up
// to this one, as report-WEEK.md (the summary) and the chart's PNG in
// --out.
func reportCommand(ctx context.Context, env *Env, args []string) error {
	var since, out, lang string
	var rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, val, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || (name != "since" && name != "out" && name != "lang") {
			rest = append(rest, a)
			continue
		}
		if !hasVal {
			if i+1 >= len(args) {
				return fmt.Errorf("--%s needs a value; %s", name, reportUsage)
			}
			i++
			val = args[i]
		}
		switch name {
		case "since":
			since = strings.TrimSpace(val)
		case "out":
			out = strings.TrimSpace(val)
		case "lang":
			lang = strings.ToLower(strings.TrimSpace(val))
		}
	}
	if since == "" || out == "" {
		return fmt.Errorf("%s", reportUsage)
	}
	from, err := parseSince(since)
	if err != nil {
		return err
	}
	cfg, extra, err := loadConfig(env, "report", rest)
	if err != nil {
		return err
	}
	if len(extra) > 0 {
		return fmt.Errorf("unexpected argument %q; %s", extra[0], reportUsage)
	}
	if lang == "" {
		lang = cfg.ReportLang
	}
	if lang != "en" && lang != "zh" {
		return fmt.Errorf("--lang: want en or zh, got %q", lang)
	}
	until := ipdesk.WeekStart(time.Now()).AddDate(0, 0, 7)
	if !from.Before(until) {
		return fmt.Errorf("--since %s is in the future", since)
	}
	if until.Sub(from) > 2*366*24*time.Hour {
		return fmt.Errorf("--since %s: at most two years of weeks fit in one chart", since)
	}
	db, err := openExisting(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	fonts, err := report.LoadFonts(cfg.ReportFont)
	if err != nil {
		return fmt.Errorf("IPDESK_REPORT_FONT: %w", err)
	}
	stats, err := db.DeskStats(ctx, from, until, 5)
	if err != nil {
		return err
	}
	r, err := report.Build(stats, report.Options{Lang: lang, SLA: time.Duration(cfg.SLAHours) * time.Hour, Fonts: fonts})
	if err != nil {
		return err
	}
	png, err := report.Save(out, r)
	if err != nil {
		return err
	}
	md := filepath.Join(out, "report-"+r.Week.Format("2006-01-02")+".md")
	if err := os.WriteFile(md, []byte(r.Text+"\n"), 0o640); err != nil {
		return err
	}
	if r.ChartLang != lang {
		fmt.Fprintln(env.Stderr, "ipdesk: no font with Chinese glyphs found; the chart has English labels (set IPDESK_REPORT_FONT)")
	}
	fmt.Fprintf(env.Stdout, "%s\n%s\n", md, png)
	return nil
}
