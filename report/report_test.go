package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"image/png"
	"math/bits"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk"
)

var update = flag.Bool("update", false, "rewrite the golden summaries in testdata")

// sample is eight weeks of a desk that gets busier, decides faster than the
// SLA until the last week, and answers most questions.
func sample() *ipdesk.DeskStats {
	start := time.Date(2026, 10, 5, 0, 0, 0, 0, time.UTC)
	s := &ipdesk.DeskStats{From: start, To: start.AddDate(0, 0, 56), Waiting: 4,
		Unanswered: []ipdesk.QuestionGap{
			{Text: "can I sell <!channel> @everyone parallel imports in Brazil?", Count: 6},
			{Text: "  how do I   appeal a Temu takedown  ", Count: 3},
			{Text: "欧盟外观设计保护多久", Count: 2},
		}}
	for i := range 8 {
		s.Weeks = append(s.Weeks, ipdesk.WeekStats{
			Start: start.AddDate(0, 0, 7*i), Filed: 3 + i, Approved: 1 + i/2, Rejected: 1 + i%3, Withdrawn: i % 2, Open: 1 + i - i/2 - i%3 - i%2 + i%3,
			Decided: 2 + i/2, MedianDecision: time.Duration(20+i*4) * time.Hour,
			Answered: 20 + 3*i, Declined: 6 - i/2, Helpful: 8 + i, Unhelpful: 3, SLABreaches: i / 3,
		})
	}
	last := &s.Weeks[7]
	last.MedianDecision = 60 * time.Hour
	return s
}

func testFonts(t *testing.T) *Fonts {
	t.Helper()
	f, err := LoadFonts("")
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestSummaryInEnglish(t *testing.T) {
	r, err := Build(sample(), Options{Lang: "en", SLA: 48 * time.Hour, Fonts: testFonts(t)})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"**Weekly report** — week of 2026-11-23",
		"**Complaints:** 10 filed (now approved 4, rejected 2, withdrawn 1, open 4)",
		"5 decided; median time to decision **2d 12h**, over the 2d SLA ⚠️",
		"2 waited for staff past the SLA; 4 waiting for staff now",
		"**Questions:** 44 asked, 41 answered (93%), 3 declined",
		"**Satisfaction:** 83% of votes helpful (15 of 18)",
		"1. “can I sell \\<!channel\\> @everyone parallel imports in Brazil?” — asked 6×",
		"2. “how do I appeal a Temu takedown” — asked 3×",
		"_The chart shows the last 8 weeks._",
	} {
		if !strings.Contains(r.Text, want) {
			t.Errorf("summary lacks %q:\n%s", want, r.Text)
		}
	}
}

func TestSummaryInChinese(t *testing.T) {
	r, err := Build(sample(), Options{Lang: "zh", SLA: 48 * time.Hour, Fonts: testFonts(t)})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"**每周报告** — 2026-11-23 当周", "新提交 10 件", "超过 2天 时限", "认为有帮助（15 / 18）", "欧盟外观设计保护多久"} {
		if !strings.Contains(r.Text, want) {
			t.Errorf("summary lacks %q:\n%s", want, r.Text)
		}
	}
}

// A week with nothing in it still makes a report and a chart.
func TestEmptyWeek(t *testing.T) {
	s := &ipdesk.DeskStats{Weeks: []ipdesk.WeekStats{{Start: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)}}}
	r, err := Build(s, Options{Fonts: testFonts(t)})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"0 filed", "none decided", "none asked", "no votes", "none, every question had an answer"} {
		if !strings.Contains(r.Text, want) {
			t.Errorf("summary lacks %q:\n%s", want, r.Text)
		}
	}
	if cfg, _ := png.DecodeConfig(bytes.NewReader(r.Chart)); cfg.Width != Width {
		t.Errorf("chart is %d wide", cfg.Width)
	}
}

// The smallest text stays legible when a chat client shows the image at
// preview size.
func TestLegibleAtPreviewSize(t *testing.T) {
	if px := float64(MinTextPx) * PreviewWidth / Width; px < 9.5 {
		t.Errorf("the smallest text is %.1f px high at a %d px preview; want at least 9.5", px, PreviewWidth)
	}
}

// summary is what the golden files keep of a chart: its size and a
// perceptual summary that survives font hinting and anti-aliasing changes
// but not a panel moved, a series lost or colours swapped.
type summaryImg struct {
	Width, Height int
	// DHash is a 64-bit difference hash of the image at 9×8 grey pixels.
	DHash string
	// Ink is the share of pixels that are not background, and Colour the
	// share of those that are strongly coloured (the bars), in percent.
	Ink, Colour float64
}

func summarize(t *testing.T, b []byte) summaryImg {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	bd := img.Bounds()
	s := summaryImg{Width: bd.Dx(), Height: bd.Dy()}
	var grey [8][9]float64
	var ink, colour, total float64
	for y := bd.Min.Y; y < bd.Max.Y; y++ {
		for x := bd.Min.X; x < bd.Max.X; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			l := (0.299*float64(r) + 0.587*float64(g) + 0.114*float64(b)) / 65535
			grey[(y-bd.Min.Y)*8/bd.Dy()][(x-bd.Min.X)*9/bd.Dx()] += l
			total++
			if l < 0.95 {
				ink++
				mx, mn := max(r, g, b), min(r, g, b)
				if float64(mx-mn)/65535 > 0.3 {
					colour++
				}
			}
		}
	}
	var h uint64
	for y := range 8 {
		for x := range 8 {
			h <<= 1
			if grey[y][x] > grey[y][x+1] {
				h |= 1
			}
		}
	}
	s.DHash = fmt.Sprintf("%016x", h)
	s.Ink = round1(100 * ink / total)
	s.Colour = round1(100 * colour / max(ink, 1))
	return s
}

func round1(f float64) float64 { return float64(int(f*10+0.5)) / 10 }

// TestChartGolden compares each chart with its golden summary: the same
// size, a difference hash at most 6 bits away, ink and colour within 1.5
// points. Run with -update to accept a deliberate change (look at the PNG
// written next to the golden file first).
func TestChartGolden(t *testing.T) {
	fonts := testFonts(t)
	for _, lang := range []string{"en", "zh"} {
		t.Run(lang, func(t *testing.T) {
			if lang == "zh" && !fonts.CJK() {
				t.Skip("no font with Chinese glyphs on this machine (apt-get install fonts-wqy-microhei)")
			}
			r, err := Build(sample(), Options{Lang: lang, SLA: 48 * time.Hour, Fonts: fonts})
			if err != nil {
				t.Fatal(err)
			}
			if r.ChartLang != lang {
				t.Fatalf("chart drawn in %s", r.ChartLang)
			}
			got := summarize(t, r.Chart)
			golden := filepath.Join("testdata", "chart."+lang+".json")
			if *update {
				os.MkdirAll("testdata", 0o755)
				b, _ := json.MarshalIndent(got, "", "  ")
				os.WriteFile(golden, append(b, '\n'), 0o644)
				os.WriteFile(filepath.Join("testdata", "chart."+lang+".png"), r.Chart, 0o644)
				return
			}
			b, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			var want summaryImg
			if err := json.Unmarshal(b, &want); err != nil {
				t.Fatal(err)
			}
			if got.Width != want.Width || got.Height != want.Height {
				t.Errorf("size %dx%d, want %dx%d", got.Width, got.Height, want.Width, want.Height)
			}
			var g, w uint64
			fmt.Sscanf(got.DHash, "%x", &g)
			fmt.Sscanf(want.DHash, "%x", &w)
			if d := bits.OnesCount64(g ^ w); d > 6 {
				t.Errorf("difference hash %s is %d bits from the golden %s", got.DHash, d, want.DHash)
			}
			if d := got.Ink - want.Ink; d > 1.5 || d < -1.5 {
				t.Errorf("ink %.1f%%, golden %.1f%%", got.Ink, want.Ink)
			}
			if d := got.Colour - want.Colour; d > 1.5 || d < -1.5 {
				t.Errorf("colour %.1f%% of ink, golden %.1f%%", got.Colour, want.Colour)
			}
		})
	}
}

// A chart of other data is told apart from the golden one: the summary
// is not so loose that anything passes.
func TestChartSummaryTellsChartsApart(t *testing.T) {
	fonts := testFonts(t)
	a, err := Build(sample(), Options{Fonts: fonts})
	if err != nil {
		t.Fatal(err)
	}
	quiet := sample()
	for i := range quiet.Weeks {
		quiet.Weeks[i] = ipdesk.WeekStats{Start: quiet.Weeks[i].Start}
	}
	b, err := Build(quiet, Options{Fonts: fonts})
	if err != nil {
		t.Fatal(err)
	}
	sa, sb := summarize(t, a.Chart), summarize(t, b.Chart)
	if sa.Colour-sb.Colour < 5 {
		t.Errorf("an empty chart's colour %.1f%% is close to a full one's %.1f%%", sb.Colour, sa.Colour)
	}
}
