package handlers

import (
	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/i18n"
)

// The domain's labels in the reader's language (see i18n.Printer.Label).

func statusLabel(tr i18n.Printer, s ipdesk.Status) string { return tr.Status(s) }

// publicStatusLabel is the status as the complainant is told it: an
// approval still waiting for its second staff member is not yet a decision.
func publicStatusLabel(tr i18n.Printer, s ipdesk.Status) string { return tr.PublicStatus(s) }

func kindLabel(tr i18n.Printer, k ipdesk.Kind) string {
	return tr.Label("kind."+string(k), k.Label())
}

func reasonLabel(tr i18n.Printer, code string) string {
	return tr.Label("reason."+code, ipdesk.ReasonLabel(code))
}

// compensation is what a decision awards, in the reader's language.
func compensation(tr i18n.Printer, d *ipdesk.Decision) string { return tr.Compensation(d) }

func labelOr(tr i18n.Printer, id, english string) string { return tr.Label(id, english) }

// decisionSummary says what a decision was: "approved 45.00 USD",
// "rejected: Not enough evidence".
func decisionSummary(tr i18n.Printer, d *ipdesk.Decision) string { return tr.Decision(d) }
