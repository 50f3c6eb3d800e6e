package handlers

import (
	"context"
	"fmt"
	"net/url"
	"path"
	"regexp"
	"strings"
	"unicode"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/markup"
	"github.com/ipdesk/ipdesk/i18n"
)

// Wizard step names, stored in drafts: renaming one strands saved drafts.
const (
	stepKind        = "kind"
	stepFiler       = "filer"
	stepOwner       = "owner"
	stepMarketplace = "marketplace"
	stepURLs        = "urls"
	stepSeller      = "seller"
	stepOrder       = "order"
	stepOrderDate   = "order_date"
	stepProblem     = "problem"
	stepRight       = "right"
	stepJurisdict   = "jurisdiction"
	stepOffice      = "office"
	stepRegNo       = "regno"
	stepEvidence    = "evidence"
	stepRemedy      = "remedy"
	stepAmount      = "amount"
	stepConsent     = "consent"
	stepContact     = "contact"
	stepDeclare     = "declare"
	stepSign        = "sign"
	stepConfirm     = "confirm"
)

// kindReported is the triage answer of a seller whose own listing was
// reported. It is not a complaint kind: the wizard answers with guidance on
// responding instead of filing anything.
const kindReported = "reported"

// choice is one button of a choice step: its value, and its label as a
// message id, or as a name (a marketplace's, an office's) that the
// catalog may say another way under that id.
type choice struct {
	value, id, name string
}

// label is the choice's button label in tr's language.
func (ch choice) label(tr i18n.Printer) string { return tr.Label(ch.id, ch.name) }

// step is one question of the wizard. A step has either choices (buttons)
// or an answer function for typed text and files. Its label in the summary
// and the edit menu is the message step.NAME, and wizard.what.NAME names
// it in a sentence ("the seller's name"), for telling a user where they
// are.
type step struct {
	name string
	// applies reports whether the step is asked, given the answers so far.
	applies func(a *ipdesk.Complaint) bool
	// optional steps can be skipped.
	optional func(a *ipdesk.Complaint) bool
	// answered reports whether the step has an answer, so that editing
	// one answer asks only what the change made necessary.
	answered func(a *ipdesk.Complaint) bool
	// numeric steps take answers that may be a bare number; they show no
	// buttons, since the console turns a bare number into a button press.
	numeric  bool
	question func(c *Complaints, d *ipdesk.Draft, tr i18n.Printer) string
	choices  func(a *ipdesk.Complaint) []choice
	pick     func(d *ipdesk.Draft, value string)
	// answer takes typed text and files; its note and errors are in tr's
	// language, the draft's.
	answer func(ctx context.Context, c *Complaints, d *ipdesk.Draft, tr i18n.Printer, text string, files []bot.File) (note string, err error)
	clear  func(d *ipdesk.Draft)
}

// label names the step's answer in tr's language.
func (s *step) label(tr i18n.Printer) string { return tr.T("step." + s.name) }

func always(*ipdesk.Complaint) bool { return true }
func never(*ipdesk.Complaint) bool  { return false }

var steps []*step

func init() {
	steps = []*step{
		{
			name: stepKind, applies: always, optional: never,
			answered: func(a *ipdesk.Complaint) bool { return a.Kind != "" },
			question: func(_ *Complaints, _ *ipdesk.Draft, tr i18n.Printer) string { return tr.T("wizard.q.kind") },
			choices: func(*ipdesk.Complaint) []choice {
				return []choice{{value: string(ipdesk.KindCounterfeit), id: "wizard.choice.kind.counterfeit"}, {value: string(ipdesk.KindRights), id: "wizard.choice.kind.rights"},
					{value: kindReported, id: "wizard.choice.kind.reported"}, {value: string(ipdesk.KindOther), id: "wizard.choice.kind.other"}}
			},
			pick: func(d *ipdesk.Draft, v string) {
				a := &d.Answers
				a.Kind = ipdesk.Kind(v)
				if a.Kind != ipdesk.KindRights {
					a.Right, a.RegNumber, a.Jurisdiction = "", "", ""
					a.FilerRole, a.RightsOwner, a.Declaration = "", "", nil
				}
				if a.Kind != ipdesk.KindCounterfeit {
					a.OrderNumber, a.OrderDate = "", ""
					d.Warnings = nil
				}
				if !remedyAllowed(a.Kind, a.Remedy) {
					a.Remedy, a.Amount, a.Currency = "", 0, ""
				}
			},
		},
		{
			name: stepFiler, optional: never,
			applies:  isRights,
			answered: func(a *ipdesk.Complaint) bool { return a.FilerRole != "" },
			question: func(_ *Complaints, _ *ipdesk.Draft, tr i18n.Printer) string { return tr.T("wizard.q.filer") },
			choices: func(*ipdesk.Complaint) []choice {
				return []choice{{value: string(ipdesk.FilerOwner), id: "wizard.choice.filer.owner"}, {value: string(ipdesk.FilerAgent), id: "wizard.choice.filer.agent"}}
			},
			pick: func(d *ipdesk.Draft, v string) {
				d.Answers.FilerRole = ipdesk.FilerRole(v)
				if d.Answers.FilerRole != ipdesk.FilerAgent {
					d.Answers.RightsOwner = ""
				}
			},
		},
		{
			name: stepOwner, optional: never,
			applies:  func(a *ipdesk.Complaint) bool { return isRights(a) && a.FilerRole == ipdesk.FilerAgent },
			answered: func(a *ipdesk.Complaint) bool { return a.RightsOwner != "" },
			question: func(_ *Complaints, _ *ipdesk.Draft, tr i18n.Printer) string { return tr.T("wizard.q.owner") },
			answer: func(ctx context.Context, c *Complaints, d *ipdesk.Draft, tr i18n.Printer, text string, _ []bot.File) (string, error) {
				s, err := ipdesk.CleanText(text, tr.T("wizard.field.owner"), 2, 120, false)
				if err != nil {
					return "", err
				}
				d.Answers.RightsOwner = s
				return "", nil
			},
		},
		{
			name: stepMarketplace, applies: always, optional: never,
			answered: func(a *ipdesk.Complaint) bool { return a.Marketplace != "" },
			question: func(_ *Complaints, _ *ipdesk.Draft, tr i18n.Printer) string { return tr.T("wizard.q.marketplace") },
			choices: func(*ipdesk.Complaint) []choice {
				var cs []choice
				for _, m := range ipdesk.Marketplaces {
					cs = append(cs, choice{value: m.ID, id: "marketplace." + m.ID, name: m.Name})
				}
				return cs
			},
			pick: func(d *ipdesk.Draft, v string) {
				if d.Answers.Marketplace != v {
					d.Answers.ListingURLs, d.Answers.OrderNumber, d.Answers.OrderDate, d.Warnings = nil, "", "", nil
				}
				d.Answers.Marketplace = v
			},
		},
		{
			name: stepURLs, applies: always, optional: never,
			answered: func(a *ipdesk.Complaint) bool { return len(a.ListingURLs) > 0 },
			question: func(c *Complaints, d *ipdesk.Draft, tr i18n.Printer) string {
				m := marketplace(&d.Answers)
				q := tr.T("wizard.q.urls", "Max", ipdesk.MaxListingURLs, "Hint", tr.Msg(m.ListingHintMsg()))
				if len(m.ShortLinks) > 0 {
					q += tr.T("wizard.q.urls_short", "Marketplace", marketplaceName(tr, m), "Link", strings.TrimSuffix(m.ShortLinks[0], "/"))
				}
				return q
			},
			answer: func(ctx context.Context, c *Complaints, d *ipdesk.Draft, tr i18n.Printer, text string, _ []bot.File) (string, error) {
				if _, err := ipdesk.CleanText(text, tr.T("wizard.field.answer"), 1, 4000, true); err != nil {
					return "", err
				}
				urls, err := marketplace(&d.Answers).ListingURLs(text)
				if err != nil {
					return "", err
				}
				d.Answers.ListingURLs = urls
				return "", nil
			},
		},
		{
			name: stepSeller, applies: always, optional: never,
			answered: func(a *ipdesk.Complaint) bool { return a.Seller != "" },
			question: func(_ *Complaints, _ *ipdesk.Draft, tr i18n.Printer) string { return tr.T("wizard.q.seller") },
			answer: func(ctx context.Context, c *Complaints, d *ipdesk.Draft, tr i18n.Printer, text string, _ []bot.File) (string, error) {
				s, err := ipdesk.CleanText(text, tr.T("wizard.field.seller"), 2, 100, false)
				if err != nil {
					return "", err
				}
				d.Answers.Seller = s
				return "", nil
			},
		},
		{
			name: stepOrder, numeric: true,
			applies:  func(a *ipdesk.Complaint) bool { return a.Kind == ipdesk.KindCounterfeit },
			optional: always, answered: always,
			question: func(c *Complaints, d *ipdesk.Draft, tr i18n.Printer) string {
				q := tr.T("wizard.q.order")
				if m := marketplace(&d.Answers); m.OrderHint != "" {
					q += tr.T("wizard.q.order_hint", "Hint", tr.Msg(m.OrderHintMsg()))
				}
				return q
			},
			answer: func(ctx context.Context, c *Complaints, d *ipdesk.Draft, tr i18n.Printer, text string, _ []bot.File) (string, error) {
				if _, err := ipdesk.CleanText(text, tr.T("wizard.field.order"), 1, 40, false); err != nil {
					return "", err
				}
				n, err := marketplace(&d.Answers).ValidOrderNumber(text)
				if err != nil {
					return "", err
				}
				d.Answers.OrderNumber = n
				return "", nil
			},
			clear: func(d *ipdesk.Draft) { d.Answers.OrderNumber, d.Answers.OrderDate, d.Warnings = "", "", nil },
		},
		{
			name: stepOrderDate, applies: func(a *ipdesk.Complaint) bool { return a.Kind == ipdesk.KindCounterfeit && a.OrderNumber != "" },
			optional: always, answered: always,
			question: func(c *Complaints, d *ipdesk.Draft, tr i18n.Printer) string {
				return tr.T("wizard.q.order_date", "Example", c.now().UTC().AddDate(0, 0, -10).Format("2006-01-02"))
			},
			answer: func(ctx context.Context, c *Complaints, d *ipdesk.Draft, tr i18n.Printer, text string, _ []bot.File) (string, error) {
				now := c.now().UTC()
				t, err := ipdesk.ParseOrderDate(text, now)
				if err != nil {
					return "", err
				}
				d.Answers.OrderDate = t.Format("2006-01-02")
				d.Warnings = nil
				m := marketplace(&d.Answers)
				if days := int(now.Sub(t).Hours() / 24); m.ClaimDays > 0 && days > m.ClaimDays {
					// The warning is kept in English, the language of
					// records, and shown in the reader's (warningText).
					d.Warnings = append(d.Warnings, fmt.Sprintf(orderOldWarning, days, m.Name, m.ClaimDays))
					return tr.T("wizard.order_old", "Days", days, "Marketplace", marketplaceName(tr, m), "Limit", m.ClaimDays), nil
				}
				return "", nil
			},
			clear: func(d *ipdesk.Draft) { d.Answers.OrderDate, d.Warnings = "", nil },
		},
		{
			name: stepProblem, applies: always, optional: never,
			answered: func(a *ipdesk.Complaint) bool { return a.Problem != "" },
			question: func(c *Complaints, d *ipdesk.Draft, tr i18n.Printer) string {
				if d.Answers.Kind == ipdesk.KindRights {
					return tr.T("wizard.q.problem_rights")
				}
				return tr.T("wizard.q.problem")
			},
			answer: func(ctx context.Context, c *Complaints, d *ipdesk.Draft, tr i18n.Printer, text string, _ []bot.File) (string, error) {
				s, err := ipdesk.CleanText(text, tr.T("wizard.field.problem"), 20, 2000, true)
				if err != nil {
					return "", err
				}
				d.Answers.Problem = s
				return "", nil
			},
		},
		{
			name: stepRight, optional: never,
			applies:  func(a *ipdesk.Complaint) bool { return a.Kind == ipdesk.KindRights },
			answered: func(a *ipdesk.Complaint) bool { return a.Right != "" },
			question: func(_ *Complaints, _ *ipdesk.Draft, tr i18n.Printer) string { return tr.T("wizard.q.right") },
			choices: func(*ipdesk.Complaint) []choice {
				return []choice{{value: "trademark", id: "wizard.choice.right.trademark"}, {value: "copyright", id: "wizard.choice.right.copyright"},
					{value: "patent", id: "wizard.choice.right.patent"}, {value: "design", id: "wizard.choice.right.design"}}
			},
			pick: func(d *ipdesk.Draft, v string) {
				a := &d.Answers
				if a.Right != ipdesk.Right(v) {
					a.RegNumber = ""
				}
				a.Right = ipdesk.Right(v)
				if ipdesk.KnownJurisdiction(a.Jurisdiction) && !offered(a.Right, a.Jurisdiction) {
					// Another right is registered with other offices:
					// a patent office is no answer for a trademark.
					a.Jurisdiction = ""
				}
			},
		},
		{
			name: stepJurisdict, optional: never,
			applies:  isRights,
			answered: func(a *ipdesk.Complaint) bool { return a.Jurisdiction != "" },
			question: func(_ *Complaints, d *ipdesk.Draft, tr i18n.Printer) string {
				if d.Answers.Right == ipdesk.RightCopyright {
					return tr.T("wizard.q.jurisdiction_copyright")
				}
				return tr.T("wizard.q.jurisdiction")
			},
			choices: func(a *ipdesk.Complaint) []choice {
				var cs []choice
				r := a.Right
				if len(ipdesk.Offices(r)) == 0 {
					r = ipdesk.RightTrademark // what officesFor offers
				}
				for _, j := range officesFor(a.Right) {
					cs = append(cs, choice{value: j.Code, id: officeID(r, j.Code), name: j.Name})
				}
				return append(cs, choice{value: ipdesk.JurisdictionOther, id: "wizard.choice.jurisdiction.other"})
			},
			pick: func(d *ipdesk.Draft, v string) {
				if d.Answers.Jurisdiction != v {
					d.Answers.RegNumber = ""
				}
				d.Answers.Jurisdiction = v
			},
		},
		{
			name: stepOffice, optional: never,
			applies: func(a *ipdesk.Complaint) bool {
				return isRights(a) && a.Jurisdiction != "" && !ipdesk.KnownJurisdiction(a.Jurisdiction)
			},
			answered: func(a *ipdesk.Complaint) bool { return a.Jurisdiction != ipdesk.JurisdictionOther },
			question: func(_ *Complaints, _ *ipdesk.Draft, tr i18n.Printer) string { return tr.T("wizard.q.office") },
			answer: func(ctx context.Context, c *Complaints, d *ipdesk.Draft, tr i18n.Printer, text string, _ []bot.File) (string, error) {
				j, err := ipdesk.ParseJurisdiction(text)
				if err != nil {
					return "", err
				}
				if j != d.Answers.Jurisdiction {
					d.Answers.RegNumber = ""
				}
				d.Answers.Jurisdiction = j
				return "", nil
			},
		},
		{
			name: stepRegNo, applies: func(a *ipdesk.Complaint) bool {
				return a.Kind == ipdesk.KindRights && !ipdesk.Unregistered(a.Right, a.Jurisdiction)
			},
			optional: func(a *ipdesk.Complaint) bool { return !a.Right.NeedsRegistration() },
			answered: func(a *ipdesk.Complaint) bool { return !a.Right.NeedsRegistration() || a.RegNumber != "" },
			question: func(c *Complaints, d *ipdesk.Draft, tr i18n.Printer) string {
				office := markup.Escape(officeName(tr, d.Answers.Right, d.Answers.Jurisdiction))
				if !d.Answers.Right.NeedsRegistration() {
					return tr.T("wizard.q.regno_copyright", "Office", office)
				}
				return tr.T("wizard.q.regno", "Right", labelOr(tr, "right."+string(d.Answers.Right), string(d.Answers.Right)), "Office", office)
			},
			answer: func(ctx context.Context, c *Complaints, d *ipdesk.Draft, tr i18n.Printer, text string, _ []bot.File) (string, error) {
				s, err := ipdesk.ValidRegNumber(d.Answers.Right, d.Answers.Jurisdiction, text)
				if err != nil {
					return "", err
				}
				d.Answers.RegNumber = s
				return "", nil
			},
			clear: func(d *ipdesk.Draft) { d.Answers.RegNumber = "" },
		},
		{
			name: stepEvidence, applies: always,
			optional: func(a *ipdesk.Complaint) bool { return a.Kind == ipdesk.KindOther },
			answered: func(a *ipdesk.Complaint) bool { return a.Kind == ipdesk.KindOther || len(a.Evidence) > 0 },
			question: func(c *Complaints, d *ipdesk.Draft, tr i18n.Printer) string {
				q := tr.T("wizard.q.evidence", "MB", maxEvidenceBytes>>20, "Max", maxEvidence)
				if n := len(d.Answers.Evidence); n > 0 {
					q += tr.T("wizard.q.evidence_so_far", "Count", n)
				}
				return q
			},
			answer: addEvidence,
			clear:  func(d *ipdesk.Draft) { d.Answers.Evidence = nil },
		},
		{
			name: stepRemedy, applies: always, optional: never,
			answered: func(a *ipdesk.Complaint) bool { return a.Remedy != "" },
			question: func(_ *Complaints, _ *ipdesk.Draft, tr i18n.Printer) string { return tr.T("wizard.q.remedy") },
			choices: func(a *ipdesk.Complaint) []choice {
				var cs []choice
				for _, r := range []ipdesk.Remedy{ipdesk.RemedyRefund, ipdesk.RemedyCompensation, ipdesk.RemedyRemoval} {
					if remedyAllowed(a.Kind, r) {
						cs = append(cs, choice{value: string(r), id: "wizard.choice.remedy." + string(r)})
					}
				}
				return cs
			},
			pick: func(d *ipdesk.Draft, v string) {
				d.Answers.Remedy = ipdesk.Remedy(v)
				if d.Answers.Remedy == ipdesk.RemedyRemoval {
					d.Answers.Amount, d.Answers.Currency = 0, ""
				}
			},
		},
		{
			name: stepAmount, numeric: true, optional: never,
			applies: func(a *ipdesk.Complaint) bool {
				return a.Remedy == ipdesk.RemedyRefund || a.Remedy == ipdesk.RemedyCompensation
			},
			answered: func(a *ipdesk.Complaint) bool { return a.Amount > 0 },
			question: func(c *Complaints, d *ipdesk.Draft, tr i18n.Printer) string {
				if d.Answers.Remedy == ipdesk.RemedyRefund {
					return tr.T("wizard.q.amount_refund", "Currency", c.currency)
				}
				return tr.T("wizard.q.amount", "Currency", c.currency)
			},
			answer: func(ctx context.Context, c *Complaints, d *ipdesk.Draft, tr i18n.Printer, text string, _ []bot.File) (string, error) {
				if _, err := ipdesk.CleanText(text, tr.T("wizard.field.amount"), 1, 40, false); err != nil {
					return "", err
				}
				m, err := ipdesk.ParseMoney(text, c.currency)
				if err != nil {
					return "", err
				}
				d.Answers.Amount, d.Answers.Currency = m.Amount, m.Currency
				return "", nil
			},
		},
		{
			name: stepConsent, applies: always, optional: never, answered: always,
			question: func(_ *Complaints, _ *ipdesk.Draft, tr i18n.Printer) string { return tr.T("wizard.q.consent") },
			choices: func(*ipdesk.Complaint) []choice {
				return []choice{{value: "yes", id: "wizard.choice.consent.yes"}, {value: "no", id: "wizard.choice.consent.no"}}
			},
			pick: func(d *ipdesk.Draft, v string) {
				d.Answers.Consent = v == "yes"
				if !d.Answers.Consent {
					d.Answers.Contact = ""
				}
			},
		},
		{
			name: stepContact, optional: never,
			applies:  func(a *ipdesk.Complaint) bool { return a.Consent },
			answered: func(a *ipdesk.Complaint) bool { return a.Contact != "" },
			question: func(_ *Complaints, _ *ipdesk.Draft, tr i18n.Printer) string { return tr.T("wizard.q.contact") },
			answer: func(ctx context.Context, c *Complaints, d *ipdesk.Draft, tr i18n.Printer, text string, _ []bot.File) (string, error) {
				if _, err := ipdesk.CleanText(text, tr.T("wizard.field.contact"), 3, 254, false); err != nil {
					return "", err
				}
				s, err := ipdesk.ValidEmail(text)
				if err != nil {
					return "", err
				}
				d.Answers.Contact = s
				return "", nil
			},
		},
		{
			name: stepDeclare, optional: never,
			applies: isRights,
			answered: func(a *ipdesk.Complaint) bool {
				d := a.Declaration
				return d != nil && d.GoodFaith && d.Accurate && d.Perjury
			},
			question: func(_ *Complaints, _ *ipdesk.Draft, tr i18n.Printer) string {
				return tr.T("wizard.q.declare",
					"GoodFaith", tr.Label("wizard.statement.good_faith", ipdesk.StatementGoodFaith),
					"Accurate", tr.Label("wizard.statement.accurate", ipdesk.StatementAccurate),
					"Perjury", tr.Label("wizard.statement.perjury", ipdesk.StatementPerjury))
			},
			choices: func(*ipdesk.Complaint) []choice { return []choice{{value: "yes", id: "wizard.choice.declare.yes"}} },
			pick: func(d *ipdesk.Draft, _ string) {
				d.Answers.Declaration = &ipdesk.Declaration{GoodFaith: true, Accurate: true, Perjury: true}
			},
		},
		{
			name: stepSign, optional: never,
			applies:  isRights,
			answered: func(a *ipdesk.Complaint) bool { return a.Declaration.Complete() },
			question: func(c *Complaints, d *ipdesk.Draft, tr i18n.Printer) string {
				return tr.T("wizard.q.sign", "Date", tr.Date(c.now()))
			},
			answer: func(ctx context.Context, c *Complaints, d *ipdesk.Draft, tr i18n.Printer, text string, _ []bot.File) (string, error) {
				s, err := ipdesk.CleanText(text, tr.T("wizard.field.sign"), 2, 100, false)
				if err != nil {
					return "", err
				}
				letters := 0
				for _, r := range s {
					if unicode.IsLetter(r) {
						letters++
					}
				}
				if letters < 2 || strings.ContainsAny(s, "@/\\<>*_`[]()#") {
					return "", &ipdesk.Error{Code: ipdesk.EINVALID, Message: tr.T("wizard.sign_letters")}
				}
				if d.Answers.Declaration == nil {
					return "", &ipdesk.Error{Code: ipdesk.EINVALID, Message: tr.T("wizard.sign_declare_first")}
				}
				decl := *d.Answers.Declaration
				decl.Signature, decl.SignedAt = s, c.now().UTC()
				d.Answers.Declaration = &decl
				return "", nil
			},
		},
		{
			name: stepConfirm, applies: always, optional: never, answered: never,
			question: func(_ *Complaints, _ *ipdesk.Draft, tr i18n.Printer) string { return tr.T("wizard.q.confirm") },
		},
	}
}

func isRights(a *ipdesk.Complaint) bool { return a.Kind == ipdesk.KindRights }

// officesFor returns the offices the wizard offers for a right (those of
// trademarks before the right is chosen).
func officesFor(r ipdesk.Right) []ipdesk.Jurisdiction {
	if os := ipdesk.Offices(r); len(os) > 0 {
		return os
	}
	return ipdesk.Offices(ipdesk.RightTrademark)
}

// offered reports whether the wizard offers office code j for right r.
func offered(r ipdesk.Right, j string) bool {
	for _, o := range officesFor(r) {
		if o.Code == j {
			return true
		}
	}
	return false
}

func findStep(name string) *step {
	for _, s := range steps {
		if s.name == name {
			return s
		}
	}
	return nil
}

func remedyAllowed(k ipdesk.Kind, r ipdesk.Remedy) bool {
	switch r {
	case ipdesk.RemedyRefund:
		return k != ipdesk.KindRights
	case ipdesk.RemedyCompensation, ipdesk.RemedyRemoval:
		return true
	}
	return false
}

// orderOldWarning is the warning kept with a complaint whose order is
// older than its marketplace's claim window.
const orderOldWarning = "order %d days old, beyond %s's %d-day claim window"

var orderOldPattern = regexp.MustCompile(`^order (\d+) days old, beyond (.+)'s (\d+)-day claim window$`)

// warningText shows a kept warning in tr's language; one it does not know
// is shown as kept.
func warningText(tr i18n.Printer, w string) string {
	m := orderOldPattern.FindStringSubmatch(w)
	if m == nil {
		return w
	}
	name := m[2]
	if mk, ok := ipdesk.FindMarketplace(name); ok {
		name = marketplaceName(tr, mk)
	}
	return tr.T("wizard.order_old_warning", "Days", m[1], "Marketplace", name, "Limit", m[3])
}

// marketplaceName names a marketplace in tr's language.
func marketplaceName(tr i18n.Printer, m ipdesk.Marketplace) string {
	return tr.Label("marketplace."+m.ID, m.Name)
}

// officeID is the message that names office code j for right r.
func officeID(r ipdesk.Right, j string) string {
	return "office." + string(r) + "." + strings.ToLower(j)
}

// officeName names the office of a right in tr's language (see
// ipdesk.OfficeName): an office the wizard offers for the right, a place
// it knows, or what the filer typed.
func officeName(tr i18n.Printer, r ipdesk.Right, j string) string {
	english := ipdesk.OfficeName(r, j)
	for _, o := range ipdesk.Offices(r) {
		if o.Code == j {
			return tr.Label(officeID(r, j), english)
		}
	}
	if ipdesk.KnownJurisdiction(j) {
		return tr.Label("jurisdiction."+strings.ToLower(j), english)
	}
	return english
}

func marketplace(a *ipdesk.Complaint) ipdesk.Marketplace {
	if m, ok := ipdesk.FindMarketplace(a.Marketplace); ok {
		return m
	}
	m, _ := ipdesk.FindMarketplace("other")
	return m
}

// Evidence limits: what the review side can reasonably look at.
const (
	maxEvidence      = 10
	maxEvidenceBytes = 10 << 20
)

var evidenceTypes = map[string]string{
	"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp", "application/pdf": ".pdf",
}

// evidenceType returns the MIME type of an upload, trusting the platform's
// type and falling back to the file name.
func evidenceType(f bot.File) (string, bool) {
	t := strings.ToLower(strings.TrimSpace(strings.Split(f.Type, ";")[0]))
	if _, ok := evidenceTypes[t]; ok {
		return t, true
	}
	switch strings.ToLower(path.Ext(f.Name)) {
	case ".jpg", ".jpeg":
		return "image/jpeg", t == ""
	case ".png":
		return "image/png", t == ""
	case ".webp":
		return "image/webp", t == ""
	case ".pdf":
		return "application/pdf", t == ""
	}
	return t, false
}

// addEvidence records uploaded files (hashed when the platform lets the bot
// fetch them) and pasted links. All items of one message are checked before
// any is kept, so a bad one changes nothing.
func addEvidence(ctx context.Context, c *Complaints, d *ipdesk.Draft, tr i18n.Printer, text string, files []bot.File) (string, error) {
	items, unfetched, err := c.uploads(ctx, tr, files)
	if err != nil {
		return "", err
	}
	text = strings.TrimSpace(text)
	if text != "" {
		if _, err := ipdesk.CleanText(text, tr.T("wizard.field.message"), 1, 4000, true); err != nil {
			return "", err
		}
		for _, f := range strings.Fields(text) {
			u, err := url.Parse(strings.Trim(f, "<>"))
			if err != nil || (u.Scheme != "https" && u.Scheme != "http") || !strings.Contains(u.Hostname(), ".") || u.User != nil {
				return "", &ipdesk.Error{Code: ipdesk.EINVALID, Message: tr.T("wizard.not_a_link", "Text", markup.Escape(clipRunes(f, 60)))}
			}
			items = append(items, ipdesk.Evidence{Name: path.Base(u.Path), URL: u.String()})
		}
	}
	if len(items) == 0 {
		return "", &ipdesk.Error{Code: ipdesk.EINVALID, Message: tr.T("wizard.send_something")}
	}
	if len(d.Answers.Evidence)+len(items) > maxEvidence {
		return "", &ipdesk.Error{Code: ipdesk.EINVALID, Message: tr.T("wizard.evidence_full", "Max", maxEvidence, "Have", len(d.Answers.Evidence), "Sent", len(items))}
	}
	d.Answers.Evidence = append(d.Answers.Evidence, items...)
	var names []string
	for _, it := range items {
		names = append(names, markup.Escape(evidenceLabel(it)))
	}
	return tr.T("wizard.added", "Names", strings.Join(names, tr.T("list.sep"))) + unfetchedNote(tr, unfetched), nil
}

// evidenceLabel is how one piece of evidence is shown: name, type, size and
// the start of its hash.
func evidenceLabel(ev ipdesk.Evidence) string {
	s := ev.Name
	if s == "" || s == "/" || s == "." {
		s = ev.URL
	}
	var parts []string
	if ev.Type != "" {
		parts = append(parts, ev.Type)
	}
	if ev.Size > 0 {
		parts = append(parts, humanSize(ev.Size))
	}
	if ev.SHA256 != "" {
		parts = append(parts, "sha256 "+ev.SHA256[:12]+"…")
	}
	if ev.URL != "" && s != ev.URL {
		parts = append(parts, ev.URL)
	}
	if len(parts) > 0 {
		s += " (" + strings.Join(parts, ", ") + ")"
	}
	return s
}

func humanSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
