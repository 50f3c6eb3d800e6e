package handlers

import (
	"context"
	"fmt"
	"net/url"
	"path"
	"strings"
	"unicode"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/markup"
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

// choice is one button of a choice step.
type choice struct {
	value, label string
}

// step is one question of the wizard. A step has either choices (buttons)
// or an answer function for typed text and files.
type step struct {
	name  string
	label string // names the answer in the summary and the edit menu
	// what names the question in a sentence ("the seller's name"), for
	// telling a user where they are.
	what string
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
	question func(c *Complaints, d *ipdesk.Draft) string
	choices  func(a *ipdesk.Complaint) []choice
	pick     func(d *ipdesk.Draft, value string)
	answer   func(ctx context.Context, c *Complaints, d *ipdesk.Draft, text string, files []bot.File) (note string, err error)
	clear    func(d *ipdesk.Draft)
}

func always(*ipdesk.Complaint) bool { return true }
func never(*ipdesk.Complaint) bool  { return false }

var steps []*step

func init() {
	steps = []*step{
		{
			name: stepKind, label: "Kind", what: "what happened", applies: always, optional: never,
			answered: func(a *ipdesk.Complaint) bool { return a.Kind != "" },
			question: func(*Complaints, *ipdesk.Draft) string {
				return "Let's file a complaint. I'll ask one question at a time; your answers are saved as you go.\n\n**What happened?**"
			},
			choices: func(*ipdesk.Complaint) []choice {
				return []choice{{string(ipdesk.KindCounterfeit), "I bought a counterfeit"}, {string(ipdesk.KindRights), "I own the rights (or act for the owner)"},
					{kindReported, "My listing was reported (I'm the seller)"}, {string(ipdesk.KindOther), "Something else"}}
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
			name: stepFiler, label: "Filing as", what: "whether you own the right or act for its owner", optional: never,
			applies:  isRights,
			answered: func(a *ipdesk.Complaint) bool { return a.FilerRole != "" },
			question: func(*Complaints, *ipdesk.Draft) string {
				return "**Do you own the right, or act for its owner?** Programmes ask agents for the owner's name and their authority to act."
			},
			choices: func(*ipdesk.Complaint) []choice {
				return []choice{{string(ipdesk.FilerOwner), "I own the right"}, {string(ipdesk.FilerAgent), "I act for the owner (agent)"}}
			},
			pick: func(d *ipdesk.Draft, v string) {
				d.Answers.FilerRole = ipdesk.FilerRole(v)
				if d.Answers.FilerRole != ipdesk.FilerAgent {
					d.Answers.RightsOwner = ""
				}
			},
		},
		{
			name: stepOwner, label: "Rights owner", what: "the rights owner's name", optional: never,
			applies:  func(a *ipdesk.Complaint) bool { return isRights(a) && a.FilerRole == ipdesk.FilerAgent },
			answered: func(a *ipdesk.Complaint) bool { return a.RightsOwner != "" },
			question: func(*Complaints, *ipdesk.Draft) string {
				return "**Who owns the right you act for?** Give the owner's name as the registration shows it."
			},
			answer: func(ctx context.Context, c *Complaints, d *ipdesk.Draft, text string, _ []bot.File) (string, error) {
				s, err := ipdesk.CleanText(text, "The owner's name", 2, 120, false)
				if err != nil {
					return "", err
				}
				d.Answers.RightsOwner = s
				return "", nil
			},
		},
		{
			name: stepMarketplace, label: "Marketplace", what: "the marketplace", applies: always, optional: never,
			answered: func(a *ipdesk.Complaint) bool { return a.Marketplace != "" },
			question: func(*Complaints, *ipdesk.Draft) string { return "**Which marketplace is the listing on?**" },
			choices: func(*ipdesk.Complaint) []choice {
				var cs []choice
				for _, m := range ipdesk.Marketplaces {
					cs = append(cs, choice{m.ID, m.Name})
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
			name: stepURLs, label: "Listings", what: "the listing link", applies: always, optional: never,
			answered: func(a *ipdesk.Complaint) bool { return len(a.ListingURLs) > 0 },
			question: func(c *Complaints, d *ipdesk.Draft) string {
				m := marketplace(&d.Answers)
				q := fmt.Sprintf("**Paste the link of the listing** (several links: one per line, up to %d). Programmes act on listing links, so a shop name alone is not enough: %s.", ipdesk.MaxListingURLs, m.ListingHint)
				if len(m.ShortLinks) > 0 {
					q += fmt.Sprintf(" Share links from the %s app (such as %s/…) work too.", m.Name, strings.TrimSuffix(m.ShortLinks[0], "/"))
				}
				return q
			},
			answer: func(ctx context.Context, c *Complaints, d *ipdesk.Draft, text string, _ []bot.File) (string, error) {
				if _, err := ipdesk.CleanText(text, "Your answer", 1, 4000, true); err != nil {
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
			name: stepSeller, label: "Seller", what: "the seller's name", applies: always, optional: never,
			answered: func(a *ipdesk.Complaint) bool { return a.Seller != "" },
			question: func(*Complaints, *ipdesk.Draft) string {
				return "**What is the seller's or shop's name**, as the listing shows it?"
			},
			answer: func(ctx context.Context, c *Complaints, d *ipdesk.Draft, text string, _ []bot.File) (string, error) {
				s, err := ipdesk.CleanText(text, "The seller name", 2, 100, false)
				if err != nil {
					return "", err
				}
				d.Answers.Seller = s
				return "", nil
			},
		},
		{
			name: stepOrder, label: "Order number", what: "the order number", numeric: true,
			applies:  func(a *ipdesk.Complaint) bool { return a.Kind == ipdesk.KindCounterfeit },
			optional: always, answered: always,
			question: func(c *Complaints, d *ipdesk.Draft) string {
				q := "**What is the order number?** It helps staff match your purchase."
				if h := marketplace(&d.Answers).OrderHint; h != "" {
					q += " (" + h + ".)"
				}
				return q
			},
			answer: func(ctx context.Context, c *Complaints, d *ipdesk.Draft, text string, _ []bot.File) (string, error) {
				if _, err := ipdesk.CleanText(text, "The order number", 1, 40, false); err != nil {
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
			name: stepOrderDate, label: "Order date", what: "the order date",
			applies:  func(a *ipdesk.Complaint) bool { return a.Kind == ipdesk.KindCounterfeit && a.OrderNumber != "" },
			optional: always, answered: always,
			question: func(c *Complaints, d *ipdesk.Draft) string {
				return fmt.Sprintf("**When did you place the order?** Write the date as YYYY-MM-DD, e.g. %s.", c.now().UTC().AddDate(0, 0, -10).Format("2006-01-02"))
			},
			answer: func(ctx context.Context, c *Complaints, d *ipdesk.Draft, text string, _ []bot.File) (string, error) {
				now := c.now().UTC()
				t, err := ipdesk.ParseOrderDate(text, now)
				if err != nil {
					return "", err
				}
				d.Answers.OrderDate = t.Format("2006-01-02")
				d.Warnings = nil
				m := marketplace(&d.Answers)
				if days := int(now.Sub(t).Hours() / 24); m.ClaimDays > 0 && days > m.ClaimDays {
					w := fmt.Sprintf("order %d days old, beyond %s's %d-day claim window", days, m.Name, m.ClaimDays)
					d.Warnings = append(d.Warnings, w)
					return fmt.Sprintf("Note: this order is %d days old. %s's own buyer protection accepts claims for %d days, so ask there soon if you still can. You can still file here; staff will see the date.", days, m.Name, m.ClaimDays), nil
				}
				return "", nil
			},
			clear: func(d *ipdesk.Draft) { d.Answers.OrderDate, d.Warnings = "", nil },
		},
		{
			name: stepProblem, label: "What is wrong", what: "what is wrong", applies: always, optional: never,
			answered: func(a *ipdesk.Complaint) bool { return a.Problem != "" },
			question: func(c *Complaints, d *ipdesk.Draft) string {
				if d.Answers.Kind == ipdesk.KindRights {
					return "**What infringes your rights, and where?** Say what is copied (logo, product, photos, text) and how you know. At least 20 characters."
				}
				return "**What is wrong with the item or listing?** Say what makes you think it is fake or infringing (logo, label, packaging, quality, price). At least 20 characters."
			},
			answer: func(ctx context.Context, c *Complaints, d *ipdesk.Draft, text string, _ []bot.File) (string, error) {
				s, err := ipdesk.CleanText(text, "Your description", 20, 2000, true)
				if err != nil {
					return "", err
				}
				d.Answers.Problem = s
				return "", nil
			},
		},
		{
			name: stepRight, label: "Right", what: "the right infringed", optional: never,
			applies:  func(a *ipdesk.Complaint) bool { return a.Kind == ipdesk.KindRights },
			answered: func(a *ipdesk.Complaint) bool { return a.Right != "" },
			question: func(*Complaints, *ipdesk.Draft) string {
				return "**Which right does the listing infringe?** Programmes take one right per notice; file another complaint for a second right."
			},
			choices: func(*ipdesk.Complaint) []choice {
				return []choice{{"trademark", "Trademark"}, {"copyright", "Copyright"}, {"patent", "Patent"}, {"design", "Design"}}
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
			name: stepJurisdict, label: "Jurisdiction", what: "where the right is registered", optional: never,
			applies:  isRights,
			answered: func(a *ipdesk.Complaint) bool { return a.Jurisdiction != "" },
			question: func(_ *Complaints, d *ipdesk.Draft) string {
				if d.Answers.Right == ipdesk.RightCopyright {
					return "**Where is the work protected, and where is it registered?** Copyright arises without registration, but a registration helps; in the EU there is no copyright registry. Programmes act on rights valid in the market of the listing."
				}
				return "**Where is the right registered or protected?** Programmes act on rights valid in the market of the listing."
			},
			choices: func(a *ipdesk.Complaint) []choice {
				var cs []choice
				for _, j := range officesFor(a.Right) {
					cs = append(cs, choice{j.Code, j.Name})
				}
				return append(cs, choice{ipdesk.JurisdictionOther, "Another country or office"})
			},
			pick: func(d *ipdesk.Draft, v string) {
				if d.Answers.Jurisdiction != v {
					d.Answers.RegNumber = ""
				}
				d.Answers.Jurisdiction = v
			},
		},
		{
			name: stepOffice, label: "Country or office", what: "the country or office", optional: never,
			applies: func(a *ipdesk.Complaint) bool {
				return isRights(a) && a.Jurisdiction != "" && !ipdesk.KnownJurisdiction(a.Jurisdiction)
			},
			answered: func(a *ipdesk.Complaint) bool { return a.Jurisdiction != ipdesk.JurisdictionOther },
			question: func(*Complaints, *ipdesk.Draft) string {
				return "**Which country or office registered the right?** For example Japan, United Kingdom, or WIPO for an international registration."
			},
			answer: func(ctx context.Context, c *Complaints, d *ipdesk.Draft, text string, _ []bot.File) (string, error) {
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
			name: stepRegNo, label: "Registration number", what: "the registration number",
			applies: func(a *ipdesk.Complaint) bool {
				return a.Kind == ipdesk.KindRights && !ipdesk.Unregistered(a.Right, a.Jurisdiction)
			},
			optional: func(a *ipdesk.Complaint) bool { return !a.Right.NeedsRegistration() },
			answered: func(a *ipdesk.Complaint) bool { return !a.Right.NeedsRegistration() || a.RegNumber != "" },
			question: func(c *Complaints, d *ipdesk.Draft) string {
				office := markup.Escape(ipdesk.OfficeName(d.Answers.Right, d.Answers.Jurisdiction))
				if !d.Answers.Right.NeedsRegistration() {
					return "**What is the copyright registration number** with " + office + "? Copyright needs no registration: type `skip` if there is none."
				}
				return fmt.Sprintf("**What is the %s registration number** with %s, as the office's register shows it?", d.Answers.Right, office)
			},
			answer: func(ctx context.Context, c *Complaints, d *ipdesk.Draft, text string, _ []bot.File) (string, error) {
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
			name: stepEvidence, label: "Evidence", what: "your evidence", applies: always,
			optional: func(a *ipdesk.Complaint) bool { return a.Kind == ipdesk.KindOther },
			answered: func(a *ipdesk.Complaint) bool { return a.Kind == ipdesk.KindOther || len(a.Evidence) > 0 },
			question: func(c *Complaints, d *ipdesk.Draft) string {
				q := fmt.Sprintf("**Send your evidence**: photos of the product, label and packaging, receipts or documents (JPEG, PNG, WebP or PDF, up to %d MB each), or paste links to them. Send as many messages as you need (up to %d items), then press **Done** or type `done`.", maxEvidenceBytes>>20, maxEvidence)
				if n := len(d.Answers.Evidence); n > 0 {
					q += fmt.Sprintf("\n\nSo far: %d item(s).", n)
				}
				return q
			},
			answer: addEvidence,
			clear:  func(d *ipdesk.Draft) { d.Answers.Evidence = nil },
		},
		{
			name: stepRemedy, label: "Remedy", what: "what you would like us to do", applies: always, optional: never,
			answered: func(a *ipdesk.Complaint) bool { return a.Remedy != "" },
			question: func(*Complaints, *ipdesk.Draft) string { return "**What would you like us to do?**" },
			choices: func(a *ipdesk.Complaint) []choice {
				var cs []choice
				for _, r := range []ipdesk.Remedy{ipdesk.RemedyRefund, ipdesk.RemedyCompensation, ipdesk.RemedyRemoval} {
					if remedyAllowed(a.Kind, r) {
						label := map[ipdesk.Remedy]string{ipdesk.RemedyRefund: "Refund what I paid", ipdesk.RemedyCompensation: "Compensation", ipdesk.RemedyRemoval: "Remove the listing"}[r]
						cs = append(cs, choice{string(r), label})
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
			name: stepAmount, label: "Amount", what: "the amount", numeric: true, optional: never,
			applies: func(a *ipdesk.Complaint) bool {
				return a.Remedy == ipdesk.RemedyRefund || a.Remedy == ipdesk.RemedyCompensation
			},
			answered: func(a *ipdesk.Complaint) bool { return a.Amount > 0 },
			question: func(c *Complaints, d *ipdesk.Draft) string {
				if d.Answers.Remedy == ipdesk.RemedyRefund {
					return fmt.Sprintf("**How much did you pay?** Write the amount and currency, e.g. `49.99 %s` (without a currency I assume %s).", c.currency, c.currency)
				}
				return fmt.Sprintf("**How much compensation do you ask for?** Write the amount and currency, e.g. `49.99 %s` (without a currency I assume %s).", c.currency, c.currency)
			},
			answer: func(ctx context.Context, c *Complaints, d *ipdesk.Draft, text string, _ []bot.File) (string, error) {
				if _, err := ipdesk.CleanText(text, "The amount", 1, 40, false); err != nil {
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
			name: stepConsent, label: "Contact", what: "whether staff may email you", applies: always, optional: never, answered: always,
			question: func(*Complaints, *ipdesk.Draft) string {
				return "**May staff contact you by email about this complaint?** If you say no, we only write to you here, and no contact details are kept."
			},
			choices: func(*ipdesk.Complaint) []choice {
				return []choice{{"yes", "Yes, by email"}, {"no", "No, only here"}}
			},
			pick: func(d *ipdesk.Draft, v string) {
				d.Answers.Consent = v == "yes"
				if !d.Answers.Consent {
					d.Answers.Contact = ""
				}
			},
		},
		{
			name: stepContact, label: "Email", what: "your email address", optional: never,
			applies:  func(a *ipdesk.Complaint) bool { return a.Consent },
			answered: func(a *ipdesk.Complaint) bool { return a.Contact != "" },
			question: func(*Complaints, *ipdesk.Draft) string {
				return "**Which email address should staff use?** Only staff handling this complaint see it."
			},
			answer: func(ctx context.Context, c *Complaints, d *ipdesk.Draft, text string, _ []bot.File) (string, error) {
				if _, err := ipdesk.CleanText(text, "The email address", 3, 254, false); err != nil {
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
			name: stepDeclare, label: "Declarations", what: "the declarations", optional: never,
			applies: isRights,
			answered: func(a *ipdesk.Complaint) bool {
				d := a.Declaration
				return d != nil && d.GoodFaith && d.Accurate && d.Perjury
			},
			question: func(*Complaints, *ipdesk.Draft) string {
				return "**Declarations.** An IP notice is a legal statement; programmes act on it only with these, and a false notice can make you liable for the seller's losses. By pressing **I make these statements** you declare:\n\n" +
					"1. " + ipdesk.StatementGoodFaith + "\n2. " + ipdesk.StatementAccurate + "\n3. " + ipdesk.StatementPerjury +
					"\n\nIf you cannot make them, press **Cancel**: nothing is filed."
			},
			choices: func(*ipdesk.Complaint) []choice { return []choice{{"yes", "I make these statements"}} },
			pick: func(d *ipdesk.Draft, _ string) {
				d.Answers.Declaration = &ipdesk.Declaration{GoodFaith: true, Accurate: true, Perjury: true}
			},
		},
		{
			name: stepSign, label: "Signature", what: "your signature", optional: never,
			applies:  isRights,
			answered: func(a *ipdesk.Complaint) bool { return a.Declaration.Complete() },
			question: func(c *Complaints, d *ipdesk.Draft) string {
				return fmt.Sprintf("**Sign the declarations: type your full name.** It is recorded as your signature with today's date, %s.", c.now().UTC().Format("2006-01-02"))
			},
			answer: func(ctx context.Context, c *Complaints, d *ipdesk.Draft, text string, _ []bot.File) (string, error) {
				s, err := ipdesk.CleanText(text, "Your full name", 2, 100, false)
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
					return "", ipdesk.Errorf(ipdesk.EINVALID, "Type your full name as a signature, in letters, e.g. the name on your ID or company register.")
				}
				if d.Answers.Declaration == nil {
					return "", ipdesk.Errorf(ipdesk.EINVALID, "Make the declarations first: type `back`.")
				}
				decl := *d.Answers.Declaration
				decl.Signature, decl.SignedAt = s, c.now().UTC()
				d.Answers.Declaration = &decl
				return "", nil
			},
		},
		{
			name: stepConfirm, label: "Summary", what: "the summary, ready to submit", applies: always, optional: never, answered: never,
			question: func(*Complaints, *ipdesk.Draft) string {
				return "**Please check your complaint.** Press **Submit** to file it, or **Edit an answer** to change something."
			},
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
func addEvidence(ctx context.Context, c *Complaints, d *ipdesk.Draft, text string, files []bot.File) (string, error) {
	items, unfetched, err := c.uploads(ctx, files)
	if err != nil {
		return "", err
	}
	text = strings.TrimSpace(text)
	if text != "" {
		if _, err := ipdesk.CleanText(text, "Your message", 1, 4000, true); err != nil {
			return "", err
		}
		for _, f := range strings.Fields(text) {
			u, err := url.Parse(strings.Trim(f, "<>"))
			if err != nil || (u.Scheme != "https" && u.Scheme != "http") || !strings.Contains(u.Hostname(), ".") || u.User != nil {
				return "", ipdesk.Errorf(ipdesk.EINVALID, "I need files or links here: %s is not a web link starting with https://. Type `done` when you have sent everything.", markup.Escape(clipRunes(f, 60)))
			}
			items = append(items, ipdesk.Evidence{Name: path.Base(u.Path), URL: u.String()})
		}
	}
	if len(items) == 0 {
		return "", ipdesk.Errorf(ipdesk.EINVALID, "Send a photo or document, or paste a link, then type `done`.")
	}
	if len(d.Answers.Evidence)+len(items) > maxEvidence {
		return "", ipdesk.Errorf(ipdesk.EINVALID, "A complaint takes at most %d pieces of evidence; you have %d and sent %d more. Type `done` to go on.", maxEvidence, len(d.Answers.Evidence), len(items))
	}
	d.Answers.Evidence = append(d.Answers.Evidence, items...)
	var names []string
	for _, it := range items {
		names = append(names, markup.Escape(evidenceLabel(it)))
	}
	return "Added " + strings.Join(names, ", ") + "." + unfetchedNote(unfetched), nil
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
