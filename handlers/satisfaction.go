package handlers

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/markup"
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
	if _, ok := ipdesk.ParseRef(ref); !ok || err != nil || score < 1 || score > 5 {
		return ipdesk.Errorf(ipdesk.EINVALID, "That button is broken.")
	}
	cpl, err := c.complainantOnly(ctx, e, ref, "rate", "Only the complainant can rate how %s was handled.")
	if err != nil {
		return err
	}
	if _, err := c.store.Rate(ctx, cpl.Ref, score); err != nil {
		return err
	}
	c.log.Info("complaint rated", "ref", cpl.Ref, "score", score)
	_, err = w.Reply(ctx, bot.Reply{Text: fmt.Sprintf("Thank you: you rated how we handled %s %d of 5. Anything to add? It is optional.", cpl.Ref, score),
		Buttons: []bot.Button{{ID: actionRateComment, Label: "Add a comment", Value: cpl.Ref}}})
	return err
}

// serveRateComment opens the comment form, or takes it.
func (c *Complaints) serveRateComment(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
	value := e.Action.Value
	if e.Kind == bot.KindSubmit {
		value = e.Form.Value
	}
	ref, ok := ipdesk.ParseRef(value)
	if !ok {
		return ipdesk.Errorf(ipdesk.EINVALID, "That button is broken.")
	}
	cpl, err := c.complainantOnly(ctx, e, ref, "rate", "Only the complainant can comment on how %s was handled.")
	if err != nil {
		return err
	}
	if e.Kind == bot.KindAction {
		_, err := w.Reply(ctx, bot.Reply{Form: &bot.Form{ID: formRateComment, Title: "Comment on " + cpl.Ref, Submit: "Send", Value: cpl.Ref,
			Inputs: []bot.Input{{ID: "comment", Label: "What went well, or what should we do better?", Kind: bot.InputParagraph, Required: true, MaxLen: 1000}}}})
		return err
	}
	text, err := ipdesk.CleanText(e.Form.Fields["comment"], "Your comment", 1, 1000, true)
	if err != nil {
		return &bot.FormError{Fields: map[string]string{"comment": ipdesk.ErrorMessage(err)}}
	}
	if err := c.store.CommentRating(ctx, cpl.Ref, text); err != nil {
		return err
	}
	_, err = w.Reply(ctx, bot.Reply{Text: "Thank you for your comment."})
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
func (s SatisfactionStats) Text() string {
	if s.Ratings == 0 {
		return "Satisfaction: no ratings in this period"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Satisfaction: %s of 5 from %s (%d with a comment)", avg(s.Ratings, s.Sum), plural(s.Ratings, "rating"), s.Comments)
	staff := make([]string, 0, len(s.ByStaff))
	for k := range s.ByStaff {
		staff = append(staff, k)
	}
	sort.Strings(staff)
	for _, k := range staff {
		v := s.ByStaff[k]
		fmt.Fprintf(&b, "\n  - %s: %s of 5 (%d)", markup.Escape(k), avg(v[0], v[1]), v[0])
	}
	months := make([]string, 0, len(s.ByMonth))
	for k := range s.ByMonth {
		months = append(months, k)
	}
	sort.Strings(months)
	for _, k := range months {
		v := s.ByMonth[k]
		fmt.Fprintf(&b, "\n  - %s: %s of 5 (%d)", k, avg(v[0], v[1]), v[0])
	}
	return b.String()
}
