package report

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/ipdesk/ipdesk"
)

// The chart's size and type sizes, in pixels (drawn at 72 dpi, so a point
// is a pixel). Chat clients show an image first as a preview about 400 to
// 500 pixels wide; at PreviewWidth the smallest text is still
// MinTextPx*PreviewWidth/Width pixels high, about 10.
const (
	Width, Height = 1200, 900
	PreviewWidth  = 480
	titlePx       = 32
	MinTextPx     = 25 // tick labels and legend
	axisWidth     = 2
)

var (
	green  = color.RGBA{0x2e, 0x7d, 0x32, 0xff}
	red    = color.RGBA{0xc6, 0x28, 0x28, 0xff}
	grey   = color.RGBA{0x9e, 0x9e, 0x9e, 0xff}
	blue   = color.RGBA{0x15, 0x65, 0xc0, 0xff}
	orange = color.RGBA{0xef, 0x6c, 0x00, 0xff}
)

// chart draws four panels over the weeks of stats: complaints filed by
// outcome (stacked), median hours to decision against the SLA, questions
// answered and declined, and the share of answers rated helpful.
func chart(stats *ipdesk.DeskStats, w *words, lang string, o Options) ([]byte, error) {
	labels := make([]string, len(stats.Weeks))
	for i, wk := range stats.Weeks {
		labels[i] = wk.Start.Format("01-02")
	}
	n := len(stats.Weeks)
	series := func(f func(ipdesk.WeekStats) float64) plotter.Values {
		v := make(plotter.Values, n)
		for i, wk := range stats.Weeks {
			v[i] = f(wk)
		}
		return v
	}
	hdl := text.Plain{Fonts: o.Fonts.cache}
	// say prepares a label for the font it is drawn in: the CJK fonts
	// found on servers may lack Latin glyphs, so ASCII in Chinese labels
	// is written in its full-width form, as Chinese typesetting often does.
	say := func(s string) string {
		if lang != "zh" {
			return s
		}
		return fullWidth(s)
	}
	style := func(title string) *plot.Plot {
		p := plot.New()
		p.TextHandler = hdl
		p.Title.Text = say(title)
		p.Title.TextStyle = text.Style{Color: color.Black, Font: o.Fonts.face(lang, titlePx), XAlign: draw.XCenter, YAlign: draw.YTop, Handler: hdl}
		p.Title.Padding = 12
		for _, ax := range []*plot.Axis{&p.X, &p.Y} {
			// Ticks are numbers and dates: always the Latin font.
			ax.Tick.Label.Font = o.Fonts.face("en", MinTextPx)
			ax.Tick.Label.Handler = hdl
			ax.Label.TextStyle.Handler = hdl
			ax.LineStyle.Width = axisWidth
			ax.Tick.LineStyle.Width = axisWidth
		}
		p.Legend.TextStyle = text.Style{Color: color.Black, Font: o.Fonts.face(lang, MinTextPx), Handler: hdl}
		p.Legend.Top, p.Legend.Left = true, true
		p.Legend.ThumbnailWidth = 24
		p.Y.Min = 0
		p.NominalX(labels...)
		p.X.Tick.Label.XAlign = draw.XCenter
		thin(&p.X, n)
		p.Y.Tick.Marker = wholeTicks{}
		return p
	}
	barWidth := vg.Length(float64(Width/2-160) / float64(max(n, 1)) * 0.7)

	complaints := style(w.chartComplaints)
	var below *plotter.BarChart
	for _, s := range []struct {
		name string
		c    color.Color
		f    func(ipdesk.WeekStats) float64
	}{
		{w.approved, green, func(k ipdesk.WeekStats) float64 { return float64(k.Approved) }},
		{w.rejected, red, func(k ipdesk.WeekStats) float64 { return float64(k.Rejected) }},
		{w.withdrawn, grey, func(k ipdesk.WeekStats) float64 { return float64(k.Withdrawn) }},
		{w.open, blue, func(k ipdesk.WeekStats) float64 { return float64(k.Open) }},
	} {
		b, err := plotter.NewBarChart(series(s.f), barWidth)
		if err != nil {
			return nil, err
		}
		b.Color, b.LineStyle.Width = s.c, 0
		if below != nil {
			b.StackOn(below)
		}
		below = b
		complaints.Add(b)
		complaints.Legend.Add(say(s.name), b)
	}
	// Four legend rows sit above the tallest bar.
	complaints.Y.Max = headroom(series(func(k ipdesk.WeekStats) float64 { return float64(k.Filed) }), 0) * 1.4

	slaHours := o.SLA.Hours()
	decision := style(w.chartDecision)
	medians := series(func(k ipdesk.WeekStats) float64 { return k.MedianDecision.Hours() })
	bd, err := plotter.NewBarChart(medians, barWidth)
	if err != nil {
		return nil, err
	}
	bd.Color, bd.LineStyle.Width = blue, 0
	decision.Add(bd)
	sla, err := plotter.NewLine(plotter.XYs{{X: -0.5, Y: slaHours}, {X: float64(n) - 0.5, Y: slaHours}})
	if err != nil {
		return nil, err
	}
	sla.Color, sla.Width, sla.Dashes = red, 4, []vg.Length{14, 8}
	decision.Add(sla)
	decision.Legend.Add(say(fmt.Sprintf(w.chartSLA, duration(o.SLA, w))), sla)
	decision.Y.Max = headroom(medians, slaHours)

	questions := style(w.chartQuestions)
	for i, s := range []struct {
		name string
		c    color.Color
		f    func(ipdesk.WeekStats) float64
	}{
		{w.answered, blue, func(k ipdesk.WeekStats) float64 { return float64(k.Answered) }},
		{w.declined, orange, func(k ipdesk.WeekStats) float64 { return float64(k.Declined) }},
	} {
		b, err := plotter.NewBarChart(series(s.f), barWidth/2)
		if err != nil {
			return nil, err
		}
		b.Color, b.LineStyle.Width = s.c, 0
		b.Offset = barWidth / 2 * vg.Length(float64(i)-0.5)
		questions.Add(b)
		questions.Legend.Add(say(s.name), b)
	}
	questions.Y.Max = headroom(series(func(k ipdesk.WeekStats) float64 { return float64(max(k.Answered, k.Declined)) }), 0)

	satisfied := style(w.chartSatisfied)
	share := series(func(k ipdesk.WeekStats) float64 {
		if v := k.Helpful + k.Unhelpful; v > 0 {
			return 100 * float64(k.Helpful) / float64(v)
		}
		return 0
	})
	bs, err := plotter.NewBarChart(share, barWidth)
	if err != nil {
		return nil, err
	}
	bs.Color, bs.LineStyle.Width = green, 0
	satisfied.Add(bs)
	satisfied.Y.Max = 100
	satisfied.Y.Tick.Marker = plot.ConstantTicks([]plot.Tick{{Value: 0, Label: "0"}, {Value: 50, Label: "50"}, {Value: 100, Label: "100"}})

	img := vgimg.NewWith(vgimg.UseWH(Width, Height), vgimg.UseDPI(72), vgimg.UseBackgroundColor(color.White))
	dc := draw.New(img)
	tiles := draw.Tiles{Rows: 2, Cols: 2, PadX: 36, PadY: 36, PadTop: 16, PadBottom: 16, PadLeft: 16, PadRight: 24}
	plots := [][]*plot.Plot{{complaints, decision}, {questions, satisfied}}
	canvases := plot.Align(plots, tiles, dc)
	for j := range plots {
		for i := range plots[j] {
			plots[j][i].Draw(canvases[j][i])
		}
	}
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("chart: %w", err)
	}
	return buf.Bytes(), nil
}

// headroom returns an axis maximum above every value and above floor, so
// bars and the legend do not collide; at least 1, so an empty week still
// draws an axis.
func headroom(v plotter.Values, floor float64) float64 {
	m := floor
	for _, x := range v {
		m = math.Max(m, x)
	}
	return math.Max(1, math.Ceil(m*1.35))
}

// maxLabels is how many week labels fit under a panel at MinTextPx.
const maxLabels = 4

// thin labels at most maxLabels weeks, the last always, so that labels
// never run into each other.
func thin(ax *plot.Axis, n int) {
	if n <= maxLabels {
		return
	}
	step := (n + maxLabels - 1) / maxLabels
	inner := ax.Tick.Marker
	ax.Tick.Marker = plot.TickerFunc(func(min, max float64) []plot.Tick {
		ts := inner.Ticks(min, max)
		for i := range ts {
			if int(math.Round(ts[i].Value))%step != (n-1)%step {
				ts[i].Label = ""
			}
		}
		return ts
	})
}

// wholeTicks are the default ticks with whole-number labels: counts and
// hours need no decimals.
type wholeTicks struct{}

func (wholeTicks) Ticks(min, max float64) []plot.Tick {
	ts := plot.DefaultTicks{}.Ticks(min, max)
	for i := range ts {
		if ts[i].Label != "" {
			ts[i].Label = strconv.FormatFloat(math.Round(ts[i].Value), 'f', 0, 64)
		}
	}
	return ts
}

// fullWidth writes printable ASCII in its full-width form (U+FF01–FF5E).
func fullWidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r > ' ' && r <= '~' {
			return r - '!' + '！'
		}
		return r
	}, s)
}
