package ipdesk

import "time"

// DeskStats is what happened at the desk over whole weeks (Monday 00:00
// UTC to the next Monday), for the weekly report.
type DeskStats struct {
	From, To time.Time // From is a Monday; To is the Monday after the last week
	Weeks    []WeekStats
	// Unanswered are the questions the knowledge base could not answer in
	// the period, the same wording counted together, most asked first.
	Unanswered []QuestionGap
	// Waiting is how many complaints wait for staff at To (or now, when
	// To is in the future).
	Waiting int
}

// WeekStats is one week of the desk.
type WeekStats struct {
	Start time.Time // the Monday, 00:00 UTC
	// Complaints filed this week, by where they stand now.
	Filed, Approved, Rejected, Withdrawn, Open int
	// Decided is how many complaints were approved or rejected this week,
	// whenever filed; MedianDecision is the median time from filing to
	// that decision (zero when none).
	Decided        int
	MedianDecision time.Duration
	// Questions asked this week, answered or declined by the knowledge
	// base, and the votes cast on answers.
	Answered, Declined int
	Helpful, Unhelpful int
	// SLABreaches is how many reminders for complaints waiting past the
	// SLA went out this week.
	SLABreaches int
}

// WeekStart returns the Monday 00:00 UTC of the week holding t.
func WeekStart(t time.Time) time.Time {
	t = t.UTC()
	d := (int(t.Weekday()) + 6) % 7 // days since Monday
	return time.Date(t.Year(), t.Month(), t.Day()-d, 0, 0, 0, 0, time.UTC)
}
