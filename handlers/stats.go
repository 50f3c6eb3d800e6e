package handlers

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/i18n"
)

// Period is a span of filing times, [From, To).
type Period struct {
	From, To time.Time
	Label    string // as people read it: "the last 30 days", "March 2026"
}

var (
	lastDays  = regexp.MustCompile(`^(\d{1,4})d$`)
	monthSpec = regexp.MustCompile(`^\d{4}-\d{2}$`)
)

// ParsePeriod reads a period as staff type it: "" (the last 30 days), "7d",
// "2026-03" (a month), "2026-03-01 2026-03-31" (two dates, both included)
// or "all". now ends the relative periods. The label and the error are in
// tr's language.
func ParsePeriod(s string, now time.Time, tr i18n.Printer) (Period, error) {
	now = now.UTC()
	f := strings.Fields(strings.ToLower(s))
	bad := &ipdesk.Error{Code: ipdesk.EINVALID, Message: tr.T("stats.bad_period")}
	switch {
	case len(f) == 0:
		return Period{From: now.AddDate(0, 0, -30), To: now.Add(time.Second), Label: tr.T("stats.period.last", "Count", 30)}, nil
	case len(f) == 1 && f[0] == "all":
		return Period{From: time.Time{}, To: now.Add(time.Second), Label: tr.T("stats.period.all")}, nil
	case len(f) == 1 && lastDays.MatchString(f[0]):
		n, _ := strconv.Atoi(strings.TrimSuffix(f[0], "d"))
		if n < 1 || n > 3660 {
			return Period{}, bad
		}
		return Period{From: now.AddDate(0, 0, -n), To: now.Add(time.Second), Label: tr.T("stats.period.last", "Count", n)}, nil
	case len(f) == 1 && monthSpec.MatchString(f[0]):
		m, err := time.Parse("2006-01", f[0])
		if err != nil {
			return Period{}, bad
		}
		return Period{From: m, To: m.AddDate(0, 1, 0), Label: tr.T("stats.period.month", "Month", tr.T(fmt.Sprintf("format.month.%d", int(m.Month()))), "Year", m.Year())}, nil
	case len(f) == 2:
		a, err1 := time.Parse("2006-01-02", f[0])
		b, err2 := time.Parse("2006-01-02", f[1])
		if err1 != nil || err2 != nil || b.Before(a) {
			return Period{}, bad
		}
		return Period{From: a, To: b.AddDate(0, 0, 1), Label: tr.T("stats.period.range", "From", a.Format("2006-01-02"), "To", b.Format("2006-01-02"))}, nil
	}
	return Period{}, bad
}

// Stats is how the complaints filed in a period fared.
type Stats struct {
	Period Period
	Filed  int
	// By where they stand now.
	Open, WaitingForStaff, WaitingForComplainant            int
	Approved, Paid, Unpaid, Rejected, Withdrawn, NoResponse int
	// Appealed counts the complaints appealed, whatever came of it.
	Appealed int
	// FirstResponse and Decision are the median times from filing to the
	// first staff action and to the decision, over Responded and Decided
	// complaints.
	FirstResponse, Decision time.Duration
	Responded, Decided      int
	// SLABreaches counts complaints that waited for staff longer than the
	// SLA at least once.
	SLABreaches int
	// Satisfaction is the ratings given in the period, whenever their
	// complaints were filed.
	Satisfaction SatisfactionStats
}

// firstResponse is what counts as staff responding to a complaint.
var firstResponse = map[ipdesk.Action]bool{
	ipdesk.ActionAssign: true, ipdesk.ActionRequestInfo: true, ipdesk.ActionEscalate: true,
	ipdesk.ActionApprove: true, ipdesk.ActionReject: true,
}

// ComputeStats counts complaints and their trails (by reference), with the
// SLA that counts as a breach and the time now.
func ComputeStats(p Period, list []ipdesk.Complaint, trails map[string][]ipdesk.AuditEntry, sla time.Duration, now time.Time) Stats {
	st := Stats{Period: p, Filed: len(list)}
	var responses, decisions []time.Duration
	for i := range list {
		c := &list[i]
		switch {
		case c.Status == ipdesk.StatusNeedsInfo:
			st.Open++
			st.WaitingForComplainant++
		case c.Status.Open():
			st.Open++
			st.WaitingForStaff++
		case c.Status == ipdesk.StatusApproved:
			st.Approved++
			switch c.PayoutState() {
			case ipdesk.PayoutPaid:
				st.Paid++
			case ipdesk.PayoutDue, ipdesk.PayoutFailed:
				st.Unpaid++
			}
		case c.Status == ipdesk.StatusRejected:
			st.Rejected++
		case c.Status == ipdesk.StatusWithdrawn:
			st.Withdrawn++
		case c.Status == ipdesk.StatusNoResponse:
			st.NoResponse++
		}
		if c.Appeal != nil {
			st.Appealed++
		}
		breached := c.Status.Open() && c.Status != ipdesk.StatusNeedsInfo && now.Sub(waitStart(c)) > sla
		for _, a := range trails[c.Ref] {
			if a.Action == ipdesk.ActionSLAReminder {
				breached = true
			}
		}
		if breached {
			st.SLABreaches++
		}
		for _, a := range trails[c.Ref] {
			if a.Role == ipdesk.RoleStaff && firstResponse[a.Action] {
				responses = append(responses, a.At.Sub(c.CreatedAt))
				break
			}
		}
		if d := c.Decision; d != nil && !c.Status.Open() {
			decisions = append(decisions, d.At.Sub(c.CreatedAt))
		}
	}
	st.FirstResponse, st.Responded = median(responses), len(responses)
	st.Decision, st.Decided = median(decisions), len(decisions)
	return st
}

func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	if n := len(ds); n%2 == 0 {
		return (ds[n/2-1] + ds[n/2]) / 2
	}
	return ds[len(ds)/2]
}

// Text writes the stats for staff, in tr's language.
func (st Stats) Text(tr i18n.Printer, sla time.Duration) string {
	var b strings.Builder
	b.WriteString(tr.T("stats.filed", "Period", st.Period.Label, "Count", st.Filed))
	if st.Filed == 0 {
		return b.String()
	}
	b.WriteString(tr.T("stats.open", "Count", st.Open, "Staff", st.WaitingForStaff, "Complainant", st.WaitingForComplainant))
	b.WriteString(tr.T("stats.approved", "Count", st.Approved, "Paid", st.Paid, "Unpaid", st.Unpaid))
	b.WriteString(tr.T("stats.rejected", "Count", st.Rejected))
	b.WriteString(tr.T("stats.appealed", "Count", st.Appealed))
	b.WriteString(tr.T("stats.withdrawn", "Count", st.Withdrawn, "NoResponse", st.NoResponse))
	if st.Responded > 0 {
		b.WriteString(tr.T("stats.first_response", "Age", tr.Age(st.FirstResponse), "Count", st.Responded))
	} else {
		b.WriteString(tr.T("stats.first_response_none"))
	}
	if st.Decided > 0 {
		b.WriteString(tr.T("stats.decision", "Age", tr.Age(st.Decision), "Count", st.Decided))
	} else {
		b.WriteString(tr.T("stats.decision_none"))
	}
	b.WriteString(tr.T("stats.sla", "Count", st.SLABreaches, "Period", tr.Period(sla)))
	b.WriteString("\n- " + st.Satisfaction.Text(tr))
	return b.String()
}

// serveStats answers `stats [PERIOD]` for staff.
func (c *Complaints) serveStats(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
	tr := e.Printer()
	if !e.User.Staff {
		return &ipdesk.Error{Code: ipdesk.EUNAUTHORIZED, Message: tr.T("stats.staff_only")}
	}
	p, err := ParsePeriod(e.Args, c.now(), tr)
	if err != nil {
		return err
	}
	list, err := c.store.ComplaintsBetween(ctx, p.From, p.To)
	if err != nil {
		return err
	}
	trails := map[string][]ipdesk.AuditEntry{}
	for i := range list {
		if trails[list[i].Ref], err = c.store.AuditTrail(ctx, list[i].Ref); err != nil {
			return err
		}
	}
	st := ComputeStats(p, list, trails, c.sla, c.now())
	ratings, err := c.store.RatingsBetween(ctx, p.From, p.To)
	if err != nil {
		return err
	}
	st.Satisfaction.AddRatings(ratings)
	_, err = w.Reply(ctx, bot.Reply{Text: st.Text(tr, c.sla), Ephemeral: true})
	return err
}
