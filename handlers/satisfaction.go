package handlers

import (
	"context"
	"sort"
	"strconv"
	"strings"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/markup"
	"github.com/ipdesk/ipdesk/i18n"
)

// When a complaint closes with a decision, its complainant is asked once
// "How did we handle this?", with buttons 1 to 5 and then an optional
// comment. The rating credits the staff member who made the decision; the
// results show per staff member and per month in stats and the exports.

// The rating buttons and form. A score button's value is "REF:SCORE".
const (
	actionRate        = "complain.rate"         // a score
	actionRateComment = "complain.rate.comment" // opens the comment form; value: the reference
	formRateComment   = "complain.rate.comment" // the comment form
)

// claimRating records that the complainant is asked to rate the complaint,
// crediting the staff member who decided it, and reports whether this is
// the first time: each complaint is asked once.
func (c *Complaints) claimRating(ctx context.Context, cpl *ipdesk.Complaint) bool {
	ok, err := c.store.ClaimRatingRequest(ctx, cpl.ID, cpl.Ref, cpl.Decision.By)
	if err != nil {
		c.log.Error("claim rating request", "ref", cpl.Ref, "err", err)
	}
	return ok && err == nil
}

// ratingButtons are the scores 1 to 5, as stars.
func ratingButtons(cpl *ipdesk.Complaint) []bot.Button {
	var bs []bot.Button
	for n := 1; n <= 5; n++ {
		bs = append(bs, bot.Button{ID: actionRate, Label: strings.Repeat("★", n), Value: cpl.Ref + ":" + strconv.Itoa(n)})
	}
	return bs
}

// serveRate records a score pressed by the complainant.
func (c *Complaints) serveRate(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
	ref, scoreText, _ := strings.Cut(e.Action.Value, ":")
	score, err := strconv.Atoi(scoreText)
	tr := e.Printer()
	if _, ok := ipdesk.ParseRef(ref); !ok || err != nil || score < 1 || score > 5 {
		return &ipdesk.Error{Code: ipdesk.EINVALID, Message: tr.T("button.broken")}
	}
	cpl, err := c.complainantOnly(ctx, e, ref, "rate", "rating.staff_refusal")
	if err != nil {
		return err
	}
	if _, err := c.store.Rate(ctx, cpl.Ref, score); err != nil {
		return err
	}
	c.log.Info("complaint rated", "ref", cpl.Ref, "score", score)
	_, err = w.Reply(ctx, bot.Reply{Text: tr.T("rating.thanks", "Ref", cpl.Ref, "Score", score),
		Buttons: []bot.Button{{ID: actionRateComment, Label: tr.T("rating.comment_button"), Value: cpl.Ref}}})
	return err
}

// serveRateComment opens the comment form, or takes it.
func (c *Complaints) serveRateComment(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
	value := e.Action.Value
	if e.Kind == bot.KindSubmit {
		value = e.Form.Value
	}
	tr := e.Printer()
	ref, ok := ipdesk.ParseRef(value)
	if !ok {
		return &ipdesk.Error{Code: ipdesk.EINVALID, Message: tr.T("button.broken")}
	}
	cpl, err := c.complainantOnly(ctx, e, ref, "rate", "rating.comment_staff_refusal")
	if err != nil {
		return err
	}
	if e.Kind == bot.KindAction {
		_, err := w.Reply(ctx, bot.Reply{Form: &bot.Form{ID: formRateComment, Title: tr.T("rating.form_title", "Ref", cpl.Ref), Submit: tr.T("rating.form_submit"), Value: cpl.Ref,
			Inputs: []bot.Input{{ID: "comment", Label: tr.T("rating.form_label"), Kind: bot.InputParagraph, Required: true, MaxLen: 1000}}}})
		return err
	}
	text, err := ipdesk.CleanText(e.Form.Fields["comment"], tr.T("rating.field.comment"), 1, 1000, true)
	if err != nil {
		return &bot.FormError{Fields: map[string]string{"comment": tr.Error(err)}}
	}
	if err := c.store.CommentRating(ctx, cpl.Ref, text); err != nil {
		return err
	}
	_, err = w.Reply(ctx, bot.Reply{Text: tr.T("rating.comment_thanks")})
	return err
}

// SatisfactionStats sums ratings, in all and per staff member and month.
type SatisfactionStats struct {
	Ratings  int
	Sum      int
	ByStaff  map[string][2]int // staff → ratings, sum
	ByMonth  map[string][2]int // "2026-03" → ratings, sum
	Comments int
}

// AddRatings counts ratings.
func (s *SatisfactionStats) AddRatings(rs []ipdesk.Rating) {
	for _, r := range rs {
		if r.Score == 0 {
			continue
		}
		if s.ByStaff == nil {
			s.ByStaff, s.ByMonth = map[string][2]int{}, map[string][2]int{}
		}
		s.Ratings++
		s.Sum += r.Score
		if r.Comment != "" {
			s.Comments++
		}
		st, m := s.ByStaff[r.Staff], s.ByMonth[r.RatedAt.UTC().Format("2006-01")]
		s.ByStaff[r.Staff] = [2]int{st[0] + 1, st[1] + r.Score}
		s.ByMonth[r.RatedAt.UTC().Format("2006-01")] = [2]int{m[0] + 1, m[1] + r.Score}
	}
}

func avg(n, sum int) string { return strconv.FormatFloat(float64(sum)/float64(n), 'f', 1, 64) }

// Text says the average rating, per staff member and per month.
func (s SatisfactionStats) Text(tr i18n.Printer) string {
	if s.Ratings == 0 {
		return tr.T("stats.satisfaction_none")
	}
	var b strings.Builder
	b.WriteString(tr.T("stats.satisfaction", "Average", avg(s.Ratings, s.Sum), "Count", s.Ratings, "Comments", s.Comments))
	staff := make([]string, 0, len(s.ByStaff))
	for k := range s.ByStaff {
		staff = append(staff, k)
	}
	sort.Strings(staff)
	for _, k := range staff {
		v := s.ByStaff[k]
		b.WriteString(tr.T("stats.satisfaction_line", "Who", markup.Escape(k), "Average", avg(v[0], v[1]), "Count", v[0]))
	}
	months := make([]string, 0, len(s.ByMonth))
	for k := range s.ByMonth {
		months = append(months, k)
	}
	sort.Strings(months)
	for _, k := range months {
		v := s.ByMonth[k]
		b.WriteString(tr.T("stats.satisfaction_line", "Who", k, "Average", avg(v[0], v[1]), "Count", v[0]))
	}
	return b.String()
}
