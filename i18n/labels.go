package i18n

import (
	"errors"
	"strings"
	"time"

	"github.com/ipdesk/ipdesk"
)

// The domain's labels in the printer's language. The root package names
// statuses, kinds, reasons and decisions in English for logs and exports;
// people read them from the catalog (status.*, kind.*, reason.*), with the
// English label for a value the catalog does not know yet.

// Label returns message id, or english when the catalog lacks it.
func (p Printer) Label(id, english string) string {
	if id == "" || strings.HasSuffix(id, ".") || !p.Has(id) {
		return english
	}
	return p.T(id)
}

// Status names a complaint's status.
func (p Printer) Status(s ipdesk.Status) string {
	return p.Label("status."+string(s), s.Label())
}

// PublicStatus is the status as the complainant is told it: an approval
// still waiting for its second staff member is not yet a decision.
func (p Printer) PublicStatus(s ipdesk.Status) string {
	if s == ipdesk.StatusAwaitingConfirmation {
		return p.Label("status.public.awaiting_confirmation", s.PublicLabel())
	}
	return p.Status(s)
}

// Compensation is what a decision awards: "45.00 USD", "a refund of
// 89.90 USD", or listing removal without compensation.
func (p Printer) Compensation(d *ipdesk.Decision) string {
	if d.Amount == 0 {
		return p.T("decision.no_compensation")
	}
	if d.Remedy == ipdesk.RemedyRefund {
		return p.T("decision.refund", "Amount", p.Money(d.Amount, d.Currency))
	}
	return p.Money(d.Amount, d.Currency)
}

// Decision says what a decision was: "approved 45.00 USD", "rejected: Not
// enough evidence".
func (p Printer) Decision(d *ipdesk.Decision) string {
	switch d.Outcome {
	case ipdesk.StatusApproved, ipdesk.StatusAwaitingConfirmation:
		return p.T("decision.approved", "What", p.Compensation(d))
	case ipdesk.StatusRejected:
		return p.T("decision.rejected", "Reason", p.Label("reason."+d.ReasonCode, ipdesk.ReasonLabel(d.ReasonCode)))
	}
	return p.Status(d.Outcome)
}

// Msg prints m in the printer's language, or its English when the catalog
// lacks its id.
func (p Printer) Msg(m ipdesk.Msg) string {
	if m.ID == "" || !p.Has(m.ID) {
		return m.English
	}
	return p.T(m.ID, p.values(m.Args)...)
}

// Error returns what a user is shown for err: an *ipdesk.Error's text in
// the printer's language (its English Message when it names no message
// the catalog has), and a generic sentence for any other error, so that
// internal details never reach a user.
func (p Printer) Error(err error) string {
	var e *ipdesk.Error
	switch {
	case err == nil:
		return ""
	case !errors.As(err, &e):
		return p.T("error.internal")
	case e.ID == "" || !p.Has(e.ID):
		return e.Message
	}
	return p.T(e.ID, p.values(e.Args)...)
}

// values prints the domain values among placeholders in the printer's
// language: a Msg, a time (to the minute), a Day, Money, a Status or a
// Decision.
func (p Printer) values(kv []any) []any {
	out := make([]any, len(kv))
	for i, v := range kv {
		if i%2 == 0 {
			out[i] = v
			continue
		}
		switch x := v.(type) {
		case ipdesk.Msg:
			out[i] = p.Msg(x)
		case time.Time:
			out[i] = p.DateTime(x)
		case ipdesk.Day:
			out[i] = p.Date(time.Time(x))
		case ipdesk.Money:
			out[i] = p.Money(x.Amount, x.Currency)
		case ipdesk.Status:
			out[i] = p.Status(x)
		case *ipdesk.Decision:
			out[i] = p.Decision(x)
		default:
			out[i] = v
		}
	}
	return out
}
