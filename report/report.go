// Package report makes the weekly report staff see in the review channel:
// a short summary of the last week (complaints and their outcomes, time to
// decision against the SLA, questions answered and declined, the most
// asked unanswered questions, satisfaction with answers) and a chart of
// the recent weeks as a PNG image, in English or Chinese. It also serves
// the staff command that asks for it and the loop that posts it every
// Monday.
package report

import (
	"fmt"
	"strings"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot/markup"
)

// Report is one weekly report, ready to post.
type Report struct {
	Week time.Time // the Monday of the week summarised
	Lang string    // the language of Text: "en" or "zh"
	// Text is the summary as CommonMark, user text escaped.
	Text string
	// Chart is the PNG image; ChartName its file name, ChartTitle and
	// ChartAlt its caption and description.
	Chart                           []byte
	ChartName, ChartTitle, ChartAlt string
	// ChartLang is the language the chart's labels are in: the report's,
	// unless Chinese was asked for and no font with Chinese glyphs exists.
	ChartLang string
}

// Options shape a report.
type Options struct {
	Lang  string        // "en" (default) or "zh"
	SLA   time.Duration // the SLA the median time to decision is held against
	Fonts *Fonts        // the chart's fonts; nil loads the defaults
}

// maxUnanswered is how many unanswered questions the summary lists.
const maxUnanswered = 5

// Build makes the report of stats' last week, with a chart of all of its
// weeks.
func Build(stats *ipdesk.DeskStats, o Options) (*Report, error) {
	if len(stats.Weeks) == 0 {
		return nil, fmt.Errorf("report: no weeks")
	}
	if o.Lang != "zh" {
		o.Lang = "en"
	}
	if o.SLA <= 0 {
		o.SLA = 48 * time.Hour
	}
	if o.Fonts == nil {
		f, err := LoadFonts("")
		if err != nil {
			return nil, err
		}
		o.Fonts = f
	}
	last := stats.Weeks[len(stats.Weeks)-1]
	r := &Report{Week: last.Start, Lang: o.Lang, ChartLang: o.Lang}
	if o.Lang == "zh" && !o.Fonts.CJK() {
		r.ChartLang = "en"
	}
	r.Text = summary(stats, o)
	w := wordsFor(r.ChartLang)
	day := last.Start.Format("2006-01-02")
	r.ChartName = "ipdesk-week-" + day + ".png"
	r.ChartTitle = fmt.Sprintf(wordsFor(o.Lang).chartTitle, day)
	r.ChartAlt = fmt.Sprintf(wordsFor(o.Lang).chartAlt, len(stats.Weeks))
	png, err := chart(stats, w, r.ChartLang, o)
	if err != nil {
		return nil, err
	}
	r.Chart = png
	return r, nil
}

// summary writes the last week in words.
func summary(stats *ipdesk.DeskStats, o Options) string {
	w := wordsFor(o.Lang)
	last := stats.Weeks[len(stats.Weeks)-1]
	var b strings.Builder
	fmt.Fprintf(&b, w.title+"\n\n", last.Start.Format("2006-01-02"))

	fmt.Fprintf(&b, "- "+w.filed+" "+w.outcomes+"\n", last.Filed, last.Approved, last.Rejected, last.Withdrawn, last.Open)
	b.WriteString("- ")
	if last.Decided == 0 {
		b.WriteString(w.noDecisions)
	} else {
		fmt.Fprintf(&b, w.decided, last.Decided, duration(last.MedianDecision, w))
		b.WriteString(", ")
		if last.MedianDecision <= o.SLA {
			fmt.Fprintf(&b, w.withinSLA, duration(o.SLA, w))
		} else {
			fmt.Fprintf(&b, w.overSLA, duration(o.SLA, w))
		}
	}
	b.WriteString("\n- ")
	fmt.Fprintf(&b, w.breaches, last.SLABreaches)
	b.WriteString("; ")
	fmt.Fprintf(&b, w.waiting, stats.Waiting)
	b.WriteString("\n")

	if asked := last.Answered + last.Declined; asked == 0 {
		b.WriteString("- " + w.noQuestions + "\n")
	} else {
		fmt.Fprintf(&b, "- "+w.questions+"\n", asked, last.Answered, percent(last.Answered, asked), last.Declined)
	}
	if votes := last.Helpful + last.Unhelpful; votes == 0 {
		b.WriteString("- " + w.noVotes + "\n")
	} else {
		fmt.Fprintf(&b, "- "+w.satisfaction+"\n", percent(last.Helpful, votes), last.Helpful, votes)
	}
	if len(stats.Unanswered) == 0 {
		b.WriteString("\n" + w.noUnanswered + "\n")
	} else {
		b.WriteString("\n" + w.unanswered + "\n\n")
		for i, g := range stats.Unanswered {
			if i == maxUnanswered {
				break
			}
			fmt.Fprintf(&b, "%d. “%s” — %s\n", i+1, markup.Escape(clip(oneLine(g.Text), 140)), fmt.Sprintf(w.asked, g.Count))
		}
	}
	fmt.Fprintf(&b, "\n"+w.chartNote, len(stats.Weeks))
	return b.String()
}

func percent(n, of int) int {
	if of == 0 {
		return 0
	}
	return (n*100 + of/2) / of
}

// duration is a time to decision in hours, or days and hours past two
// days: "5h", "2d 4h".
func duration(d time.Duration, w *words) string {
	h := int((d + 30*time.Minute) / time.Hour)
	if h < 48 {
		return fmt.Sprintf("%d%s", h, w.hoursUnit)
	}
	if h%24 == 0 {
		return fmt.Sprintf("%d%s", h/24, w.daysU)
	}
	return fmt.Sprintf("%d%s %d%s", h/24, w.daysU, h%24, w.hoursUnit)
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
