package handlers

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/markup"
	"github.com/ipdesk/ipdesk/i18n"
)

// steps is the complaint wizard, one question after another, in the order
// they are asked and shown on the summary and the review card. The wizard
// (wizard.go) knows no step by name: what a step asks, takes, keeps and
// shows, and when it is asked, are the step's own. The last step is the
// summary. Adding a step is a value here, its field on ipdesk.Complaint
// and its messages in the catalog (step.NAME, wizard.what.NAME and its
// question).
var steps = []*step{
	stepKind, stepFiler, stepOwner, stepAuthorisation, stepMarketplace, stepURLs, stepSeller, stepOrder, stepOrderDate,
	stepProblem, stepRight, stepJurisdiction, stepOffice, stepRegNo, stepEvidence, stepRemedy, stepAmount,
	stepConsent, stepContact, stepDeclare, stepSign, stepConfirm,
}

// kindReported is the triage answer of a seller whose own listing was
// reported. It is not a complaint kind: the wizard answers with guidance on
// responding instead of filing anything.
const kindReported = "reported"

var stepKind = &step{
	name:     "kind",
	answered: func(a *ipdesk.Complaint) bool { return a.Kind != "" },
	question: func(_ *Complaints, _ *ipdesk.Draft, tr i18n.Printer) string { return tr.T("wizard.q.kind") },
	choices: func(*ipdesk.Complaint) []choice {
		return []choice{
			{value: string(ipdesk.KindCounterfeit), id: "wizard.choice.kind.counterfeit"},
			{value: string(ipdesk.KindRights), id: "wizard.choice.kind.rights"},
			{value: kindReported, id: "wizard.choice.kind.reported", leave: (*Complaints).sellerGuidance},
			{value: string(ipdesk.KindOther), id: "wizard.choice.kind.other"},
		}
	},
	pick: func(d *ipdesk.Draft, v string) {
		a := &d.Answers
		a.Kind = ipdesk.Kind(v)
		if !remedyAllowed(a.Kind, a.Remedy) {
			a.Remedy, a.Amount, a.Currency = "", 0, ""
		}
	},
	field: func(tr i18n.Printer, a *ipdesk.Complaint, _ audience) bot.Field {
		return fieldOf(tr, "field.kind", kindLabel(tr, a.Kind))
	},
}

var stepFiler = &step{
	name:     "filer",
	applies:  isRights,
	answered: func(a *ipdesk.Complaint) bool { return a.FilerRole != "" },
	question: func(_ *Complaints, _ *ipdesk.Draft, tr i18n.Printer) string { return tr.T("wizard.q.filer") },
	choices: func(*ipdesk.Complaint) []choice {
		return []choice{{value: string(ipdesk.FilerOwner), id: "wizard.choice.filer.owner"}, {value: string(ipdesk.FilerAgent), id: "wizard.choice.filer.agent"}}
	},
	pick:  func(d *ipdesk.Draft, v string) { d.Answers.FilerRole = ipdesk.FilerRole(v) },
	clear: func(d *ipdesk.Draft) { d.Answers.FilerRole = "" },
	field: func(tr i18n.Printer, a *ipdesk.Complaint, _ audience) bot.Field {
		switch a.FilerRole {
		case ipdesk.FilerOwner:
			return fieldOf(tr, "field.filer", tr.T("field.filer_owner"))
		case ipdesk.FilerAgent:
			return fieldOf(tr, "field.filer", tr.T("field.filer_agent", "Owner", markup.Escape(a.RightsOwner)))
		}
		return bot.Field{}
	},
}

var stepOwner = &step{
	name:     "owner",
	applies:  isAgent,
	answered: func(a *ipdesk.Complaint) bool { return a.RightsOwner != "" },
	question: func(_ *Complaints, _ *ipdesk.Draft, tr i18n.Printer) string { return tr.T("wizard.q.owner") },
	answer: func(_ context.Context, _ *Complaints, d *ipdesk.Draft, tr i18n.Printer, text string, _ []bot.File) (string, error) {
		s, err := ipdesk.CleanText(text, tr.T("wizard.field.owner"), 2, 120, false)
		if err != nil {
			return "", err
		}
		d.Answers.RightsOwner = s
		return "", nil
	},
	clear:   func(d *ipdesk.Draft) { d.Answers.RightsOwner = "" },
	current: func(_ i18n.Printer, a *ipdesk.Complaint) string { return markup.Escape(a.RightsOwner) },
	// Shown with the filer's role (stepFiler).
}

// maxAuthorisation bounds the files or links of a letter of authorisation:
// its pages.
const maxAuthorisation = 5

// stepAuthorisation asks an agent for the owner's letter of authorisation,
// which notice programmes ask agents for. It is read like evidence (the
// same file types, sizes, fingerprints and links); an agent without it at
// hand may skip it, and staff may then ask for it.
var stepAuthorisation = &step{
	name:     "authorisation",
	applies:  isAgent,
	files:    true,
	optional: always,
	answered: always,
	skipped:  "wizard.authorisation_skipped",
	question: func(_ *Complaints, d *ipdesk.Draft, tr i18n.Printer) string {
		return tr.T("wizard.q.authorisation", "Owner", markup.Escape(d.Answers.RightsOwner), "MB", maxEvidenceBytes>>20, "Max", maxAuthorisation)
	},
	answer: func(ctx context.Context, c *Complaints, d *ipdesk.Draft, tr i18n.Printer, text string, files []bot.File) (string, error) {
		items, note, err := c.evidenceItems(ctx, tr, text, files, evidenceMsgs{notLink: "wizard.authorisation_not_a_link", nothing: "wizard.authorisation_send"})
		if err != nil {
			return "", err
		}
		if len(items) > maxAuthorisation {
			return "", &ipdesk.Error{Code: ipdesk.EINVALID, Message: tr.T("wizard.authorisation_too_many", "Max", maxAuthorisation, "Sent", len(items))}
		}
		d.Answers.Authorisation = items
		return note, nil
	},
	clear: func(d *ipdesk.Draft) { d.Answers.Authorisation = nil },
	current: func(_ i18n.Printer, a *ipdesk.Complaint) string {
		var names []string
		for _, ev := range a.Authorisation {
			names = append(names, markup.Escape(evidenceLabel(ev)))
		}
		return strings.Join(names, "; ")
	},
	field: func(tr i18n.Printer, a *ipdesk.Complaint, to audience) bot.Field {
		switch {
		case !isAgent(a):
			return bot.Field{}
		case len(a.Authorisation) == 0:
			return fieldOf(tr, "field.authorisation", tr.T("field.authorisation_none"))
		}
		return fieldOf(tr, "field.authorisation", evidenceList(tr, a, a.Authorisation, to))
	},
}

var stepMarketplace = &step{
	name:     "marketplace",
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
			// Links and order numbers are checked against the
			// marketplace they were given for.
			d.Answers.ListingURLs, d.Answers.OrderNumber, d.Answers.OrderDate, d.Warnings = nil, "", "", nil
		}
		d.Answers.Marketplace = v
	},
	field: func(tr i18n.Printer, a *ipdesk.Complaint, _ audience) bot.Field {
		return fieldOf(tr, "field.marketplace", marketplaceName(tr, marketplace(a)))
	},
}

var stepURLs = &step{
	name:     "urls",
	answered: func(a *ipdesk.Complaint) bool { return len(a.ListingURLs) > 0 },
	question: func(_ *Complaints, d *ipdesk.Draft, tr i18n.Printer) string {
		m := marketplace(&d.Answers)
		q := tr.T("wizard.q.urls", "Max", ipdesk.MaxListingURLs, "Hint", tr.Msg(m.ListingHintMsg()))
		if len(m.ShortLinks) > 0 {
			q += tr.T("wizard.q.urls_short", "Marketplace", marketplaceName(tr, m), "Link", strings.TrimSuffix(m.ShortLinks[0], "/"))
		}
		return q
	},
	answer: func(_ context.Context, _ *Complaints, d *ipdesk.Draft, tr i18n.Printer, text string, _ []bot.File) (string, error) {
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
	current: func(_ i18n.Printer, a *ipdesk.Complaint) string {
		return markup.Escape(strings.Join(a.ListingURLs, " "))
	},
	field: func(tr i18n.Printer, a *ipdesk.Complaint, _ audience) bot.Field {
		var urls []string
		for _, u := range a.ListingURLs {
			urls = append(urls, markup.Escape(u))
		}
		return fieldOf(tr, "field.listings", strings.Join(urls, "\n\n"))
	},
}

var stepSeller = &step{
	name:     "seller",
	answered: func(a *ipdesk.Complaint) bool { return a.Seller != "" },
	question: func(_ *Complaints, _ *ipdesk.Draft, tr i18n.Printer) string { return tr.T("wizard.q.seller") },
	answer: func(_ context.Context, _ *Complaints, d *ipdesk.Draft, tr i18n.Printer, text string, _ []bot.File) (string, error) {
		s, err := ipdesk.CleanText(text, tr.T("wizard.field.seller"), 2, 100, false)
		if err != nil {
			return "", err
		}
		d.Answers.Seller = s
		return "", nil
	},
	current: func(_ i18n.Printer, a *ipdesk.Complaint) string { return markup.Escape(a.Seller) },
	field: func(tr i18n.Printer, a *ipdesk.Complaint, _ audience) bot.Field {
		return fieldOf(tr, "field.seller", markup.Escape(a.Seller))
	},
}

var stepOrder = &step{
	name:     "order",
	numeric:  true,
	applies:  isCounterfeit,
	optional: always,
	answered: always,
	question: func(_ *Complaints, d *ipdesk.Draft, tr i18n.Printer) string {
		q := tr.T("wizard.q.order")
		if m := marketplace(&d.Answers); m.OrderHint != "" {
			q += tr.T("wizard.q.order_hint", "Hint", tr.Msg(m.OrderHintMsg()))
		}
		return q
	},
	answer: func(_ context.Context, _ *Complaints, d *ipdesk.Draft, tr i18n.Printer, text string, _ []bot.File) (string, error) {
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
	clear:   func(d *ipdesk.Draft) { d.Answers.OrderNumber, d.Answers.OrderDate, d.Warnings = "", "", nil },
	current: func(_ i18n.Printer, a *ipdesk.Complaint) string { return markup.Escape(a.OrderNumber) },
	field: func(tr i18n.Printer, a *ipdesk.Complaint, _ audience) bot.Field {
		if a.OrderNumber == "" {
			return bot.Field{}
		}
		o := markup.Escape(a.OrderNumber)
		if a.OrderDate != "" {
			o = tr.T("field.order_dated", "Number", o, "Date", a.OrderDate)
		}
		return fieldOf(tr, "field.order", o)
	},
}

var stepOrderDate = &step{
	name:     "order_date",
	applies:  func(a *ipdesk.Complaint) bool { return isCounterfeit(a) && a.OrderNumber != "" },
	optional: always,
	answered: always,
	question: func(c *Complaints, _ *ipdesk.Draft, tr i18n.Printer) string {
		return tr.T("wizard.q.order_date", "Example", c.now().UTC().AddDate(0, 0, -10).Format("2006-01-02"))
	},
	answer: func(_ context.Context, c *Complaints, d *ipdesk.Draft, tr i18n.Printer, text string, _ []bot.File) (string, error) {
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
	clear:   func(d *ipdesk.Draft) { d.Answers.OrderDate, d.Warnings = "", nil },
	current: func(_ i18n.Printer, a *ipdesk.Complaint) string { return a.OrderDate },
	// Shown with the order number (stepOrder).
}

var stepProblem = &step{
	name:     "problem",
	answered: func(a *ipdesk.Complaint) bool { return a.Problem != "" },
	question: func(_ *Complaints, d *ipdesk.Draft, tr i18n.Printer) string {
		if isRights(&d.Answers) {
			return tr.T("wizard.q.problem_rights")
		}
		return tr.T("wizard.q.problem")
	},
	answer: func(_ context.Context, _ *Complaints, d *ipdesk.Draft, tr i18n.Printer, text string, _ []bot.File) (string, error) {
		s, err := ipdesk.CleanText(text, tr.T("wizard.field.problem"), 20, 2000, true)
		if err != nil {
			return "", err
		}
		d.Answers.Problem = s
		return "", nil
	},
	current: func(_ i18n.Printer, a *ipdesk.Complaint) string { return markup.Escape(clipRunes(a.Problem, 200)) },
	field: func(tr i18n.Printer, a *ipdesk.Complaint, _ audience) bot.Field {
		return fieldOf(tr, "field.problem", markup.Escape(a.Problem))
	},
}

var stepRight = &step{
	name:     "right",
	applies:  isRights,
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
	clear: func(d *ipdesk.Draft) { d.Answers.Right = "" },
	// The right is shown with where it is registered, and its number.
	field: func(tr i18n.Printer, a *ipdesk.Complaint, _ audience) bot.Field {
		if a.Right == "" {
			return bot.Field{}
		}
		r := labelOr(tr, "right."+string(a.Right), string(a.Right))
		if a.Jurisdiction != "" && a.Jurisdiction != ipdesk.JurisdictionOther {
			r = tr.T("field.right_in", "Right", r, "Office", markup.Escape(officeName(tr, a.Right, a.Jurisdiction)))
		}
		if a.RegNumber != "" {
			r = tr.T("field.right_reg", "Right", r, "Number", markup.Escape(a.RegNumber))
		}
		return fieldOf(tr, "field.right", r)
	},
}

var stepJurisdiction = &step{
	name:     "jurisdiction",
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
	clear: func(d *ipdesk.Draft) { d.Answers.Jurisdiction = "" },
	// Shown with the right (stepRight).
}

// stepOffice names the country or office of "another" jurisdiction; its
// answer replaces JurisdictionOther in Jurisdiction, which stepJurisdiction
// keeps and clears.
var stepOffice = &step{
	name: "office",
	applies: func(a *ipdesk.Complaint) bool {
		return isRights(a) && a.Jurisdiction != "" && !ipdesk.KnownJurisdiction(a.Jurisdiction)
	},
	answered: func(a *ipdesk.Complaint) bool { return a.Jurisdiction != ipdesk.JurisdictionOther },
	question: func(_ *Complaints, _ *ipdesk.Draft, tr i18n.Printer) string { return tr.T("wizard.q.office") },
	answer: func(_ context.Context, _ *Complaints, d *ipdesk.Draft, _ i18n.Printer, text string, _ []bot.File) (string, error) {
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
	current: func(_ i18n.Printer, a *ipdesk.Complaint) string {
		if a.Jurisdiction == ipdesk.JurisdictionOther {
			return ""
		}
		return markup.Escape(a.Jurisdiction)
	},
	// Shown with the right (stepRight).
}

var stepRegNo = &step{
	name: "regno",
	applies: func(a *ipdesk.Complaint) bool {
		return isRights(a) && !ipdesk.Unregistered(a.Right, a.Jurisdiction)
	},
	optional: func(a *ipdesk.Complaint) bool { return !a.Right.NeedsRegistration() },
	answered: func(a *ipdesk.Complaint) bool { return !a.Right.NeedsRegistration() || a.RegNumber != "" },
	question: func(_ *Complaints, d *ipdesk.Draft, tr i18n.Printer) string {
		office := markup.Escape(officeName(tr, d.Answers.Right, d.Answers.Jurisdiction))
		if !d.Answers.Right.NeedsRegistration() {
			return tr.T("wizard.q.regno_copyright", "Office", office)
		}
		return tr.T("wizard.q.regno", "Right", labelOr(tr, "right."+string(d.Answers.Right), string(d.Answers.Right)), "Office", office)
	},
	answer: func(_ context.Context, _ *Complaints, d *ipdesk.Draft, _ i18n.Printer, text string, _ []bot.File) (string, error) {
		s, err := ipdesk.ValidRegNumber(d.Answers.Right, d.Answers.Jurisdiction, text)
		if err != nil {
			return "", err
		}
		d.Answers.RegNumber = s
		return "", nil
	},
	clear:   func(d *ipdesk.Draft) { d.Answers.RegNumber = "" },
	current: func(_ i18n.Printer, a *ipdesk.Complaint) string { return markup.Escape(a.RegNumber) },
	// Shown with the right (stepRight).
}

var stepEvidence = &step{
	name:     "evidence",
	files:    true,
	collects: true,
	optional: func(a *ipdesk.Complaint) bool { return a.Kind == ipdesk.KindOther },
	answered: func(a *ipdesk.Complaint) bool { return a.Kind == ipdesk.KindOther || len(a.Evidence) > 0 },
	question: func(_ *Complaints, d *ipdesk.Draft, tr i18n.Printer) string {
		q := tr.T("wizard.q.evidence", "MB", maxEvidenceBytes>>20, "Max", maxEvidence)
		if n := len(d.Answers.Evidence); n > 0 {
			q += tr.T("wizard.q.evidence_so_far", "Count", n)
		}
		return q
	},
	answer: addEvidence,
	clear:  func(d *ipdesk.Draft) { d.Answers.Evidence = nil },
	field: func(tr i18n.Printer, a *ipdesk.Complaint, to audience) bot.Field {
		return fieldOf(tr, "field.evidence", evidenceList(tr, a, a.Evidence, to))
	},
}

var stepRemedy = &step{
	name:     "remedy",
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
	pick: func(d *ipdesk.Draft, v string) { d.Answers.Remedy = ipdesk.Remedy(v) },
	// What is asked for is shown with the amount.
	field: func(tr i18n.Printer, a *ipdesk.Complaint, _ audience) bot.Field {
		rem := labelOr(tr, "remedy."+string(a.Remedy), a.Remedy.Label())
		if a.Amount > 0 {
			rem = tr.T("field.remedy_amount", "Remedy", rem, "Amount", tr.Money(a.Amount, a.Currency))
		}
		return fieldOf(tr, "field.asks", rem)
	},
}

var stepAmount = &step{
	name:    "amount",
	numeric: true,
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
	answer: func(_ context.Context, c *Complaints, d *ipdesk.Draft, tr i18n.Printer, text string, _ []bot.File) (string, error) {
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
	clear: func(d *ipdesk.Draft) { d.Answers.Amount, d.Answers.Currency = 0, "" },
	current: func(tr i18n.Printer, a *ipdesk.Complaint) string {
		if a.Amount <= 0 {
			return ""
		}
		return tr.Money(a.Amount, a.Currency)
	},
	// Shown with the remedy (stepRemedy).
}

var stepConsent = &step{
	name:     "consent",
	answered: always,
	question: func(_ *Complaints, _ *ipdesk.Draft, tr i18n.Printer) string { return tr.T("wizard.q.consent") },
	choices: func(*ipdesk.Complaint) []choice {
		return []choice{{value: "yes", id: "wizard.choice.consent.yes"}, {value: "no", id: "wizard.choice.consent.no"}}
	},
	pick: func(d *ipdesk.Draft, v string) { d.Answers.Consent = v == "yes" },
	// The contact address is kept only with consent, so it shows only
	// then, and never on the card: staff read it in the private case view
	// while the case is open (privateCase).
	field: func(tr i18n.Printer, a *ipdesk.Complaint, to audience) bot.Field {
		switch {
		case !a.Consent:
			return fieldOf(tr, "field.contact", tr.T("field.contact_chat"))
		case to.staff && !a.Status.Open():
			// A closed case needs no contact.
			return fieldOf(tr, "field.contact", tr.T("field.contact_hidden"))
		case to.staff:
			// The card stays in the review channel for anyone there to read.
			return fieldOf(tr, "field.contact", tr.T("field.contact_private", "Ref", a.Ref))
		case a.Contact != "":
			return fieldOf(tr, "field.contact", tr.T("field.contact_email", "Email", markup.Escape(a.Contact)))
		}
		return fieldOf(tr, "field.contact", tr.T("field.contact_consent"))
	},
}

var stepContact = &step{
	name:     "contact",
	applies:  func(a *ipdesk.Complaint) bool { return a.Consent },
	answered: func(a *ipdesk.Complaint) bool { return a.Contact != "" },
	question: func(_ *Complaints, _ *ipdesk.Draft, tr i18n.Printer) string { return tr.T("wizard.q.contact") },
	answer: func(_ context.Context, _ *Complaints, d *ipdesk.Draft, tr i18n.Printer, text string, _ []bot.File) (string, error) {
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
	clear:   func(d *ipdesk.Draft) { d.Answers.Contact = "" },
	current: func(_ i18n.Printer, a *ipdesk.Complaint) string { return markup.Escape(a.Contact) },
	// Shown with the consent (stepConsent).
}

var stepDeclare = &step{
	name:     "declare",
	applies:  isRights,
	declares: true,
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
	clear: func(d *ipdesk.Draft) { d.Answers.Declaration = nil },
	// The statements made, and the signature (stepSign).
	field: func(tr i18n.Printer, a *ipdesk.Complaint, _ audience) bot.Field {
		d := a.Declaration
		if d == nil || (!d.GoodFaith && d.Signature == "") {
			return bot.Field{}
		}
		var made []string
		if d.GoodFaith {
			made = append(made, tr.T("field.declared_good_faith"))
		}
		if d.Accurate {
			made = append(made, tr.T("field.declared_accuracy"))
		}
		if d.Perjury {
			made = append(made, tr.T("field.declared_perjury"))
		}
		v := tr.T("field.declared", "List", strings.Join(made, tr.T("list.sep")))
		if d.Signature != "" {
			v += tr.T("field.signed", "Signature", markup.Escape(d.Signature), "When", tr.DateTime(d.SignedAt))
		} else {
			v += tr.T("field.not_signed")
		}
		return fieldOf(tr, "field.declarations", v)
	},
}

var stepSign = &step{
	name:     "sign",
	applies:  isRights,
	declares: true,
	answered: func(a *ipdesk.Complaint) bool { return a.Declaration.Complete() },
	question: func(c *Complaints, _ *ipdesk.Draft, tr i18n.Printer) string {
		return tr.T("wizard.q.sign", "Date", tr.Date(c.now()))
	},
	answer: func(_ context.Context, c *Complaints, d *ipdesk.Draft, tr i18n.Printer, text string, _ []bot.File) (string, error) {
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
	clear: func(d *ipdesk.Draft) { d.Answers.Declaration = nil },
	current: func(_ i18n.Printer, a *ipdesk.Complaint) string {
		if a.Declaration == nil {
			return ""
		}
		return markup.Escape(a.Declaration.Signature)
	},
	// Shown with the declarations (stepDeclare).
}

// stepConfirm is the summary of every answer, submitted with its button.
var stepConfirm = &step{
	name:     "confirm",
	summary:  true,
	answered: never,
	question: func(_ *Complaints, _ *ipdesk.Draft, tr i18n.Printer) string { return tr.T("wizard.q.confirm") },
}

func always(*ipdesk.Complaint) bool { return true }
func never(*ipdesk.Complaint) bool  { return false }

func isRights(a *ipdesk.Complaint) bool      { return a.Kind == ipdesk.KindRights }
func isCounterfeit(a *ipdesk.Complaint) bool { return a.Kind == ipdesk.KindCounterfeit }

// isAgent reports whether the filer acts for the owner of the right.
func isAgent(a *ipdesk.Complaint) bool { return isRights(a) && a.FilerRole == ipdesk.FilerAgent }

// fieldOf is a summary line labelled by message id; an empty value is no
// line.
func fieldOf(tr i18n.Printer, id, value string) bot.Field {
	if value == "" {
		return bot.Field{}
	}
	return bot.Field{Label: tr.T(id), Value: value}
}

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
