package report

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"strconv"
	"strings"

	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"

	"github.com/ipdesk/ipdesk"
)

// The chart is drawn here rather than with a plotting library: its four
// panels are bars, one dashed line, axes and text, which image/draw and a
// font face draw in a few hundred lines, and gonum's plot, with the
// fonts, LaTeX, PDF and SVG packages it brings, made the executable 8 MB
// larger, all of it resident in a running bot (its fonts are parsed as
// the program starts) for a chart drawn once a week.

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

// The layout, in pixels: the four panels are tiles of the image with
// margins around and gaps between them.
const (
	marginLeft, marginRight = 16, 24
	marginTop, marginBottom = 16, 16
	gapX, gapY              = 36, 36
	titleTop                = 6     // above a panel's title
	titlePad                = 16    // between a panel's title and its plot
	barPadLeft, barPadRight = 16, 8 // between the y axis or the edge and the bars
	tickLen                 = 8     // a labelled tick; unlabelled ones are half
	labelGap                = 4     // between a tick and its label
	legendThumb             = 24    // the width of a legend entry's swatch
)

var (
	green  = color.RGBA{0x2e, 0x7d, 0x32, 0xff}
	red    = color.RGBA{0xc6, 0x28, 0x28, 0xff}
	grey   = color.RGBA{0x9e, 0x9e, 0x9e, 0xff}
	blue   = color.RGBA{0x15, 0x65, 0xc0, 0xff}
	orange = color.RGBA{0xef, 0x6c, 0x00, 0xff}
)

// A panel is one plot of the chart: bars over the weeks, perhaps a
// dashed line across, a legend in its top left corner, a y axis from 0
// to yMax.
type panel struct {
	title  string
	bars   []bars
	line   *dashedLine
	legend []legendEntry
	yMax   float64
	ticks  []tick
}

// bars are one series: a bar per week, of width pixels, offset pixels
// right of the week's centre, from base (nil: 0) up by values.
type bars struct {
	c             color.Color
	values, base  []float64
	width, offset float64
}

// A dashedLine runs across the panel at y.
type dashedLine struct {
	c color.Color
	y float64
}

type legendEntry struct {
	label string
	c     color.Color
	line  bool // a dashed line's swatch, not a bar's
}

// A tick marks a value on the y axis; only some are labelled.
type tick struct {
	value float64
	label string
}

// chart draws four panels over the weeks of stats: complaints filed by
// outcome (stacked), median hours to decision against the SLA, questions
// answered and declined, and the share of answers rated helpful.
func chart(stats *ipdesk.DeskStats, w *words, lang string, o Options) ([]byte, error) {
	n := len(stats.Weeks)
	series := func(f func(ipdesk.WeekStats) float64) []float64 {
		v := make([]float64, n)
		for i, wk := range stats.Weeks {
			v[i] = f(wk)
		}
		return v
	}
	// say prepares a label for the font it is drawn in: the CJK fonts
	// found on servers may lack Latin glyphs, so ASCII in Chinese labels
	// is written in its full-width form, as Chinese typesetting often does.
	say := func(s string) string {
		if lang != "zh" {
			return s
		}
		return fullWidth(s)
	}
	barWidth := float64(Width/2-160) / float64(max(n, 1)) * 0.7

	complaints := panel{title: say(w.chartComplaints)}
	var below []float64
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
		v := series(s.f)
		complaints.bars = append(complaints.bars, bars{c: s.c, values: v, base: below, width: barWidth})
		top := make([]float64, n)
		for i := range top {
			top[i] = v[i]
			if below != nil {
				top[i] += below[i]
			}
		}
		below = top
		complaints.legend = append(complaints.legend, legendEntry{label: say(s.name), c: s.c})
	}
	// Four legend rows sit above the tallest bar.
	complaints.yMax = headroom(series(func(k ipdesk.WeekStats) float64 { return float64(k.Filed) }), 0) * 1.4
	complaints.ticks = niceTicks(complaints.yMax)

	slaHours := o.SLA.Hours()
	medians := series(func(k ipdesk.WeekStats) float64 { return k.MedianDecision.Hours() })
	decision := panel{
		title:  say(w.chartDecision),
		bars:   []bars{{c: blue, values: medians, width: barWidth}},
		line:   &dashedLine{c: red, y: slaHours},
		legend: []legendEntry{{label: say(fmt.Sprintf(w.chartSLA, duration(o.SLA, w))), c: red, line: true}},
		yMax:   headroom(medians, slaHours),
	}
	decision.ticks = niceTicks(decision.yMax)

	questions := panel{title: say(w.chartQuestions)}
	for i, s := range []struct {
		name string
		c    color.Color
		f    func(ipdesk.WeekStats) float64
	}{
		{w.answered, blue, func(k ipdesk.WeekStats) float64 { return float64(k.Answered) }},
		{w.declined, orange, func(k ipdesk.WeekStats) float64 { return float64(k.Declined) }},
	} {
		questions.bars = append(questions.bars, bars{c: s.c, values: series(s.f), width: barWidth / 2, offset: barWidth / 2 * (float64(i) - 0.5)})
		questions.legend = append(questions.legend, legendEntry{label: say(s.name), c: s.c})
	}
	questions.yMax = headroom(series(func(k ipdesk.WeekStats) float64 { return float64(max(k.Answered, k.Declined)) }), 0)
	questions.ticks = niceTicks(questions.yMax)

	share := series(func(k ipdesk.WeekStats) float64 {
		if v := k.Helpful + k.Unhelpful; v > 0 {
			return 100 * float64(k.Helpful) / float64(v)
		}
		return 0
	})
	satisfied := panel{
		title: say(w.chartSatisfied),
		bars:  []bars{{c: green, values: share, width: barWidth}},
		yMax:  100,
		ticks: []tick{{0, "0"}, {50, "50"}, {100, "100"}},
	}

	c, err := newCanvas(o.Fonts, lang)
	if err != nil {
		return nil, err
	}
	defer c.close()
	labels := make([]string, n)
	for i, wk := range stats.Weeks {
		labels[i] = wk.Start.Format("01-02")
	}
	c.draw([2][2]*panel{{&complaints, &decision}, {&questions, &satisfied}}, labels)
	var buf bytes.Buffer
	if err := png.Encode(&buf, c.img); err != nil {
		return nil, fmt.Errorf("chart: %w", err)
	}
	return buf.Bytes(), nil
}

// A canvas is the chart's image and the faces its text is drawn in.
type canvas struct {
	img   *image.RGBA
	title font.Face // titles, in the chart's language
	text  font.Face // legends, in the chart's language
	num   font.Face // numbers and dates, always Latin
}

func newCanvas(f *Fonts, lang string) (*canvas, error) {
	c := &canvas{img: image.NewRGBA(image.Rect(0, 0, Width, Height))}
	draw.Draw(c.img, c.img.Bounds(), image.White, image.Point{}, draw.Src)
	var err error
	if c.title, err = f.face(lang, titlePx); err != nil {
		return nil, fmt.Errorf("chart: %w", err)
	}
	if c.text, err = f.face(lang, MinTextPx); err != nil {
		return nil, fmt.Errorf("chart: %w", err)
	}
	if c.num, err = f.face("en", MinTextPx); err != nil {
		return nil, fmt.Errorf("chart: %w", err)
	}
	return c, nil
}

func (c *canvas) close() {
	for _, f := range []font.Face{c.title, c.text, c.num} {
		if f != nil {
			f.Close()
		}
	}
}

// draw lays out the panels in a 2×2 grid: the plots of a column share
// their left edge and those of a row their top and bottom, so that the
// axes line up.
func (c *canvas) draw(panels [2][2]*panel, labels []string) {
	tileW := (Width - marginLeft - marginRight - gapX) / 2
	tileH := (Height - marginTop - marginBottom - gapY) / 2
	for col := range 2 {
		var labelW int
		for row := range 2 {
			for _, t := range panels[row][col].ticks {
				labelW = max(labelW, font.MeasureString(c.num, t.label).Ceil())
			}
		}
		for row := range 2 {
			tile := image.Rect(0, 0, tileW, tileH).Add(image.Pt(marginLeft+col*(tileW+gapX), marginTop+row*(tileH+gapY)))
			c.drawPanel(panels[row][col], tile, labelW, labels)
		}
	}
}

func (c *canvas) drawPanel(p *panel, tile image.Rectangle, labelW int, labels []string) {
	titleM, numM, textM := c.title.Metrics(), c.num.Metrics(), c.text.Metrics()
	// The title, centred over the tile.
	tw := font.MeasureString(c.title, p.title).Ceil()
	c.text1(c.title, color.Black, p.title, (tile.Min.X+tile.Max.X-tw)/2, tile.Min.Y+titleTop+titleM.Ascent.Ceil())
	// The plot area.
	area := image.Rectangle{
		Min: image.Pt(tile.Min.X+labelW+labelGap+tickLen+axisWidth, tile.Min.Y+titleTop+titleM.Height.Ceil()+titlePad),
		Max: image.Pt(tile.Max.X, tile.Max.Y-numM.Height.Ceil()-labelGap),
	}
	h := float64(area.Dy())
	y := func(v float64) float64 {
		return float64(area.Max.Y) - math.Min(v, p.yMax)/p.yMax*h
	}
	// The y axis, its ticks and their labels.
	axisX := area.Min.X - axisWidth
	c.rect(color.Black, float64(axisX), float64(area.Min.Y), float64(area.Min.X), float64(area.Max.Y))
	for _, t := range p.ticks {
		l := float64(tickLen)
		if t.label == "" {
			l /= 2
		}
		ty := y(t.value)
		c.rect(color.Black, float64(axisX)-l, ty-axisWidth/2, float64(axisX), ty+axisWidth/2)
		if t.label != "" {
			lw := font.MeasureString(c.num, t.label).Ceil()
			c.text1(c.num, color.Black, t.label, axisX-tickLen-labelGap-lw, int(math.Round(ty))+numM.CapHeight.Ceil()/2)
		}
	}
	// The bars, a slot per week.
	n := len(labels)
	slot := float64(area.Dx()-barPadLeft-barPadRight) / float64(max(n, 1))
	centre := func(i int) float64 { return float64(area.Min.X+barPadLeft) + (float64(i)+0.5)*slot }
	for _, b := range p.bars {
		for i, v := range b.values {
			var base float64
			if b.base != nil {
				base = b.base[i]
			}
			if v <= 0 {
				continue
			}
			x := centre(i) + b.offset
			c.rect(b.c, x-b.width/2, y(base+v), x+b.width/2, y(base))
		}
	}
	if l := p.line; l != nil && l.y <= p.yMax {
		c.dashes(l.c, float64(area.Min.X), float64(area.Max.X), y(l.y))
	}
	// The weeks under the axis, thinned so that they never run into each
	// other, the last always shown.
	step := 1
	if n > maxLabels {
		step = (n + maxLabels - 1) / maxLabels
	}
	for i, l := range labels {
		if i%step != (n-1)%step {
			continue
		}
		lw := font.MeasureString(c.num, l).Ceil()
		c.text1(c.num, color.Black, l, int(math.Round(centre(i)))-lw/2, area.Max.Y+labelGap+numM.Ascent.Ceil())
	}
	// The legend, in the top left corner of the plot.
	row := textM.Height.Ceil() * 3 / 4
	x0, y0 := area.Min.X+barPadLeft+8, area.Min.Y+4
	for k, e := range p.legend {
		top := float64(y0 + k*row)
		if e.line {
			c.dashes(e.c, float64(x0), float64(x0+legendThumb), top+float64(row)/2)
		} else {
			c.rect(e.c, float64(x0), top+1, float64(x0+legendThumb), top+float64(row)-1)
		}
		c.text1(c.text, color.Black, e.label, x0+legendThumb+6, y0+k*row+(row+textM.CapHeight.Ceil())/2)
	}
}

// rect fills the rectangle from (x0, y0) to (x1, y1), the pixels its
// edges cross in proportion to how much of them it covers, so that bars
// keep their exact widths and heights.
func (c *canvas) rect(col color.Color, x0, y0, x1, y1 float64) {
	r, g, b, _ := col.RGBA()
	cover := func(p int, lo, hi float64) float64 {
		return math.Max(0, math.Min(float64(p+1), hi)-math.Max(float64(p), lo))
	}
	for py := int(math.Floor(y0)); py < int(math.Ceil(y1)); py++ {
		cy := cover(py, y0, y1)
		for px := int(math.Floor(x0)); px < int(math.Ceil(x1)); px++ {
			if !(image.Point{px, py}.In(c.img.Rect)) {
				continue
			}
			a := cy * cover(px, x0, x1)
			d := c.img.RGBAAt(px, py)
			mix := func(dst uint8, src uint32) uint8 {
				return uint8(math.Round(float64(dst)*(1-a) + float64(src>>8)*a))
			}
			c.img.SetRGBA(px, py, color.RGBA{mix(d.R, r), mix(d.G, g), mix(d.B, b), 0xff})
		}
	}
}

// dashes draws a dashed line 4 pixels thick from x0 to x1 at y.
func (c *canvas) dashes(col color.Color, x0, x1, y float64) {
	const on, off, thick = 14, 8, 4
	for x := x0; x < x1; x += on + off {
		c.rect(col, x, y-thick/2, math.Min(x+on, x1), y+thick/2)
	}
}

// text1 draws s with its baseline starting at (x, y).
func (c *canvas) text1(face font.Face, col color.Color, s string, x, y int) {
	d := font.Drawer{Dst: c.img, Src: image.NewUniform(col), Face: face, Dot: fixed.P(x, y)}
	d.DrawString(s)
}

// headroom returns an axis maximum above every value and above floor, so
// bars and the legend do not collide; at least 1, so an empty week still
// draws an axis.
func headroom(v []float64, floor float64) float64 {
	m := floor
	for _, x := range v {
		m = math.Max(m, x)
	}
	return math.Max(1, math.Ceil(m*1.35))
}

// maxLabels is how many week labels fit under a panel at MinTextPx.
const maxLabels = 4

// niceTicks returns the ticks of an axis from 0 to top: two labels above
// 0 (one when top is too small for two whole numbers) at a round step, 1,
// 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten, the largest that fits,
// so that the highest label is near the top; unlabelled ticks between.
// Labels are whole numbers: the axes count things and hours.
func niceTicks(top float64) []tick {
	type nice struct{ step, minor float64 }
	var best nice
	for _, k := range []float64{2, 1} {
		for mag := 1.0; mag <= top; mag *= 10 {
			for _, q := range []struct{ step, parts float64 }{{1, 5}, {2, 2}, {2.5, 5}, {3, 3}, {4, 4}, {5, 5}, {6, 3}, {8, 4}} {
				s := q.step * mag
				if s == math.Trunc(s) && math.Floor(top/s) == k && s > best.step {
					best = nice{s, s / q.parts}
				}
			}
		}
		if best.step > 0 {
			break
		}
	}
	if best.step == 0 { // top below 1
		best = nice{1, 1}
	}
	var ticks []tick
	for v := 0.0; v <= top+1e-9; v += best.minor {
		t := tick{value: v}
		if k := math.Round(v / best.step); math.Abs(v-k*best.step) < best.minor/2 {
			t.label = strconv.FormatFloat(k*best.step, 'f', 0, 64)
		}
		ticks = append(ticks, t)
	}
	return ticks
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
