package report

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/markup"
)

// Store is what the report needs of the database. ClaimWeeklyReport
// reports whether the week's report was not claimed before.
type Store interface {
	DeskStats(ctx context.Context, from, to time.Time, topUnanswered int) (*ipdesk.DeskStats, error)
	ClaimWeeklyReport(ctx context.Context, week time.Time) (bool, error)
	ReleaseWeeklyReport(ctx context.Context, week time.Time) error
	ConfirmWeeklyReport(ctx context.Context, week time.Time) error
}

// Poster posts the report: text anywhere, files where the platform can.
// The Bot is one.
type Poster interface {
	Send(ctx context.Context, to bot.Address, r bot.Reply) (bot.MessageRef, error)
	Upload(ctx context.Context, to bot.Address, text string, files []bot.Attachment) (bot.MessageRef, error)
}

// Config is what a Desk needs; Store, Poster and Review are required.
type Config struct {
	Store  Store
	Poster Poster
	Review bot.Address
	// Lang is the report's language, "en" or "zh".
	Lang string
	// SLA is the complaint SLA the time to decision is held against.
	SLA time.Duration
	// Fonts draw the chart. Nil loads them from FontPath for each report
	// built and lets them go after: a CJK font file, read whole, takes
	// several MB that a weekly report needs for a moment, and a running
	// bot should not hold them from start-up to the next Monday.
	Fonts *Fonts
	// FontPath is the font with Chinese glyphs to load when Fonts is nil;
	// "" looks in the usual system places (see LoadFonts).
	FontPath string
	// Dir is where a chart is saved when the platform cannot post files
	// (the console); default "reports".
	Dir string
	// Weeks is how many weeks the chart shows; default 8.
	Weeks int
	// Weekly turns on the Monday report (Run).
	Weekly bool
	// Interval is how often Run looks whether a report is due; default
	// five minutes.
	Interval time.Duration
	// Now is the clock; default time.Now.
	Now    func() time.Time
	Logger *slog.Logger
	// SaveCharts says the review channel shows no images (a terminal):
	// charts are saved in Dir and their path is posted instead.
	SaveCharts bool
}

// PostHour is when on Monday (UTC) the week's report is due.
const PostHour = 9

// postTimeout bounds posting a report's summary and chart.
const postTimeout = 30 * time.Second

// Desk serves the report: the staff command and the Monday loop.
type Desk struct{ cfg Config }

// NewDesk returns the report service.
func NewDesk(cfg Config) (*Desk, error) {
	if cfg.Store == nil || cfg.Poster == nil || cfg.Review.Zero() {
		return nil, errors.New("report: a store, a poster and a review channel are required")
	}
	if cfg.Dir == "" {
		cfg.Dir = "reports"
	}
	if cfg.Weeks <= 0 {
		cfg.Weeks = 8
	}
	if cfg.Interval <= 0 {
		cfg.Interval = 5 * time.Minute
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return &Desk{cfg: cfg}, nil
}

// Register adds the staff command "report".
func (d *Desk) Register(mux *bot.Mux) {
	mux.HandleCommand(bot.Command{Name: "report", Usage: "[en|zh]", Summary: "post the weekly report (this week so far) with its chart to the review channel", Staff: true},
		bot.HandlerFunc(d.serveReport))
}

func (d *Desk) serveReport(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
	if !e.User.Staff {
		return bot.Refused(bot.RefusedNotStaff, ipdesk.Errorf(ipdesk.EUNAUTHORIZED, "Only staff can use `report`."))
	}
	lang := d.cfg.Lang
	switch arg := strings.ToLower(strings.TrimSpace(e.Args)); arg {
	case "":
	case "en", "zh":
		lang = arg
	default:
		return ipdesk.Errorf(ipdesk.EINVALID, "Usage: `report [en|zh]`: the weekly report, in English or Chinese, posted to the review channel.")
	}
	// On demand: the weeks up to this one, so far.
	r, err := d.Build(ctx, ipdesk.WeekStart(d.cfg.Now()).AddDate(0, 0, 7), lang)
	if err != nil {
		return err
	}
	if err := d.post(ctx, r); err != nil {
		return err
	}
	_, err = w.Reply(ctx, bot.Reply{Text: "Posted the report to the review channel.", Ephemeral: true})
	return err
}

// Build makes the report of the weeks before until (a Monday), the chart
// showing Config.Weeks of them.
func (d *Desk) Build(ctx context.Context, until time.Time, lang string) (*Report, error) {
	until = ipdesk.WeekStart(until)
	stats, err := d.cfg.Store.DeskStats(ctx, until.AddDate(0, 0, -7*d.cfg.Weeks), until, maxUnanswered)
	if err != nil {
		return nil, err
	}
	fonts := d.cfg.Fonts
	if fonts == nil {
		if fonts, err = LoadFonts(d.cfg.FontPath); err != nil {
			return nil, err
		}
	}
	return Build(stats, Options{Lang: lang, SLA: d.cfg.SLA, Fonts: fonts})
}

// post sends the summary and then the chart to the review channel. Where
// the platform cannot post files, the chart is saved in Dir and its path
// is posted instead.
func (d *Desk) post(ctx context.Context, r *Report) error {
	if _, err := d.cfg.Poster.Send(ctx, d.cfg.Review, bot.Reply{Text: r.Text}); err != nil {
		return fmt.Errorf("post report: %w", err)
	}
	if d.cfg.SaveCharts {
		return d.postPath(ctx, r)
	}
	up := bot.Attachment{Name: r.ChartName, Type: "image/png", Data: r.Chart, Title: r.ChartTitle, Alt: r.ChartAlt}
	_, err := d.cfg.Poster.Upload(ctx, d.cfg.Review, markup.Escape(r.ChartTitle), []bot.Attachment{up})
	if !errors.Is(err, bot.ErrNoUpload) {
		if err != nil {
			return fmt.Errorf("post report chart: %w", err)
		}
		return nil
	}
	return d.postPath(ctx, r)
}

// postPath saves the chart in Dir and posts where it is.
func (d *Desk) postPath(ctx context.Context, r *Report) error {
	path, err := Save(d.cfg.Dir, r)
	if err != nil {
		return err
	}
	_, err = d.cfg.Poster.Send(ctx, d.cfg.Review, bot.Reply{Text: fmt.Sprintf(wordsFor(r.Lang).savedAt, path)})
	return err
}

// Save writes the report's chart into dir (created if needed) and returns
// its path.
func Save(dir string, r *Report) (string, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return "", fmt.Errorf("save chart: %w", err)
	}
	path := filepath.Join(dir, r.ChartName)
	if err := os.WriteFile(path, r.Chart, 0o640); err != nil {
		return "", fmt.Errorf("save chart: %w", err)
	}
	return path, nil
}

// Due returns the week whose report is due at now: the last full week once
// Monday PostHour has passed, else the week before it.
func Due(now time.Time) time.Time {
	this := ipdesk.WeekStart(now)
	if now.UTC().Before(this.Add(PostHour * time.Hour)) {
		return this.AddDate(0, 0, -14)
	}
	return this.AddDate(0, 0, -7)
}

// Run posts each week's report once, on Monday at PostHour UTC, or as soon
// after as the bot runs. The week is claimed in the store first, so a
// restart or a second process never posts it twice; a failed post is
// released and retried next round. Run returns when ctx is done.
func (d *Desk) Run(ctx context.Context) {
	if !d.cfg.Weekly {
		return
	}
	t := time.NewTicker(d.cfg.Interval)
	defer t.Stop()
	for {
		if err := d.Tick(ctx); err != nil && ctx.Err() == nil {
			d.cfg.Logger.Error("weekly report", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Tick posts the due week's report unless it was posted before.
func (d *Desk) Tick(ctx context.Context) error {
	week := Due(d.cfg.Now())
	first, err := d.cfg.Store.ClaimWeeklyReport(ctx, week)
	if err != nil {
		return err
	}
	if !first {
		d.cfg.Logger.Debug("weekly report already posted", "week", week.Format("2006-01-02"))
		return nil
	}
	r, err := d.Build(ctx, week.AddDate(0, 0, 7), d.cfg.Lang)
	if err == nil {
		// Once posting began it finishes even if shutdown starts now,
		// within a bound: half a report would be posted again.
		pctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), postTimeout)
		err = d.post(pctx, r)
		cancel()
	}
	if err != nil {
		if rerr := d.cfg.Store.ReleaseWeeklyReport(context.WithoutCancel(ctx), week); rerr != nil {
			d.cfg.Logger.Error("release weekly report", "err", rerr)
		}
		return err
	}
	if err := d.cfg.Store.ConfirmWeeklyReport(context.WithoutCancel(ctx), week); err != nil {
		d.cfg.Logger.Error("confirm weekly report", "err", err)
	}
	d.cfg.Logger.Info("weekly report posted", "week", week.Format("2006-01-02"), "chart_lang", r.ChartLang)
	return nil
}
