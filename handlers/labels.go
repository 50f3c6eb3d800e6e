package handlers

import (
	"strings"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/i18n"
)

// The domain's labels in the reader's language: the root package names
// statuses, kinds and reasons in English for logs and exports; people see
// them from the catalog (status.*, kind.*, reason.*), falling back to the
// English label for a value the catalog does not know yet.

func statusLabel(tr i18n.Printer, s ipdesk.Status) string {
	return labelOr(tr, "status."+string(s), s.Label())
}

// publicStatusLabel is the status as the complainant is told it: an
// approval still waiting for its second staff member is not yet a decision.
func publicStatusLabel(tr i18n.Printer, s ipdesk.Status) string {
	if s == ipdesk.StatusAwaitingConfirmation {
		return labelOr(tr, "status.public.awaiting_confirmation", s.PublicLabel())
	}
	return statusLabel(tr, s)
}

func kindLabel(tr i18n.Printer, k ipdesk.Kind) string {
	return labelOr(tr, "kind."+string(k), k.Label())
}

func reasonLabel(tr i18n.Printer, code string) string {
	return labelOr(tr, "reason."+code, ipdesk.ReasonLabel(code))
}

// compensation is what a decision awards, in the reader's language.
func compensation(tr i18n.Printer, d *ipdesk.Decision) string {
	if d.Amount == 0 {
		return tr.T("decision.no_compensation")
	}
	if d.Remedy == ipdesk.RemedyRefund {
		return tr.T("decision.refund", "Amount", tr.Money(d.Amount, d.Currency))
	}
	return tr.Money(d.Amount, d.Currency)
}

func labelOr(tr i18n.Printer, id, english string) string {
	if id == "" || strings.HasSuffix(id, ".") || !tr.Has(id) {
		return english
	}
	return tr.T(id)
}

// decisionSummary says what a decision was: "approved 45.00 USD",
// "rejected: Not enough evidence".
func decisionSummary(tr i18n.Printer, d *ipdesk.Decision) string {
	switch d.Outcome {
	case ipdesk.StatusApproved, ipdesk.StatusAwaitingConfirmation:
		return tr.T("decision.approved", "What", compensation(tr, d))
	case ipdesk.StatusRejected:
		return tr.T("decision.rejected", "Reason", reasonLabel(tr, d.ReasonCode))
	}
	return statusLabel(tr, d.Outcome)
}
