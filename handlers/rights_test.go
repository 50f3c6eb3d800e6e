package handlers_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"strings"
	"testing"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/bottest"
)

// TestAgentFilingAsksWhatProgrammesRequire files as an agent for a rights
// owner with an EU trademark: owner's name, the owner's letter of
// authorisation, jurisdiction, a checked registration number, the
// declarations and a dated signature, all on the summary and the review
// card.
func TestAgentFilingAsksWhatProgrammesRequire(t *testing.T) {
	h := newHarness(t)
	r := h.say("agent1", "/complain")
	r = h.press("agent1", r, "I own the rights (or act for the owner)")
	mustContain(t, "filer", r, "own the right, or act for its owner")
	r = h.press("agent1", r, "I act for the owner (agent)")
	mustContain(t, "owner", r, "Who owns the right")
	mustContain(t, "owner mention", h.say("agent1", "@everyone"), "mention")
	r = h.say("agent1", "Example Brand GmbH")
	mustContain(t, "letter", r, "letter of authorisation", "Example Brand GmbH")
	r = h.say("agent1", "https://example.com/letter-of-authorisation.pdf")
	r = h.press("agent1", r, "Amazon")
	h.say("agent1", "https://www.amazon.de/dp/B0EXAMPLE1")
	r = h.say("agent1", "Copy Shop")
	mustContain(t, "no order for rights holders", r, "What infringes your rights")
	r = h.say("agent1", "The listing uses our registered word mark in its title and images.")
	r = h.press("agent1", r, "Trademark")
	mustContain(t, "jurisdiction", r, "Where is the right registered")
	r = h.press("agent1", r, "European Union (EUIPO)")
	mustContain(t, "regno", r, "trademark registration number", "European Union (EUIPO)")
	mustContain(t, "eutm digits", h.say("agent1", "18123456"), "9 digits")
	r = h.say("agent1", "EUTM 018123456")
	mustContain(t, "evidence", r, "Send your evidence")
	h.say("agent1", "https://example.com/registration-certificate.pdf")
	r = h.say("agent1", "done")
	mustContain(t, "rights remedies", r, "Compensation", "Remove the listing")
	if _, ok := bottest.Button(r, "Refund what I paid"); ok {
		t.Fatal("a rights holder is offered a refund")
	}
	r = h.press("agent1", r, "Remove the listing")
	r = h.press("agent1", r, "Yes, by email")
	r = h.say("agent1", "ip@example.com")
	mustContain(t, "declarations", r, ipdesk.StatementGoodFaith, ipdesk.StatementAccurate, ipdesk.StatementPerjury, "[I make these statements]", "[Cancel]")
	mustContain(t, "declarations typed", h.say("agent1", "maybe"), "choose one of", "[I make these statements]")
	r = h.press("agent1", r, "I make these statements")
	mustContain(t, "sign", r, "type your full name", "2026-03-01")
	for _, bad := range []string{"", "12", "<@U123> Agent", "x", strings.Repeat("n", 101)} {
		if got := h.say("agent1", bad); strings.Contains(got.Text, "Please check") {
			t.Fatalf("signature %q accepted", bad)
		}
	}
	r = h.say("agent1", "An Authorised Agent")
	mustContain(t, "summary", r, "Please check", "Filing as: agent for Example Brand GmbH",
		"Letter of authorisation: letter-of-authorisation.pdf (https://example.com/letter-of-authorisation.pdf)",
		"trademark in European Union (EUIPO), registration EUTM 018123456",
		"Declared: good-faith belief, accuracy, authority, under penalty of perjury. Signed “An Authorised Agent” on 2026-03-01 09:00 UTC.")
	r = h.press("agent1", r, "Submit")
	mustContain(t, "receipt", r, "filed as")
	list, _ := h.db.ComplaintsByUser(context.Background(), bot.Console, "agent1")
	c := list[0]
	if c.FilerRole != ipdesk.FilerAgent || c.RightsOwner != "Example Brand GmbH" || c.Jurisdiction != "EU" || c.RegNumber != "EUTM 018123456" ||
		len(c.Authorisation) != 1 || c.Authorisation[0].URL != "https://example.com/letter-of-authorisation.pdf" ||
		!c.Declaration.Complete() || c.Declaration.Signature != "An Authorised Agent" || !c.Declaration.SignedAt.Equal(h.clock.Now()) {
		t.Fatalf("stored: %+v, declaration %+v", c, c.Declaration)
	}
	mustContain(t, "card", h.cardFor(c.Ref), "Filing as: agent for Example Brand GmbH", "Letter of authorisation: letter-of-authorisation.pdf", "registration EUTM 018123456", "Signed “An Authorised Agent”", "under penalty of perjury")
}

// TestEditingARightsFilingAsksForANewSignature changes an answer from the
// summary: the declarations covered the old answers, so they are made and
// signed again; an owner with a right from another office names it.
func TestEditingARightsFilingAsksForANewSignature(t *testing.T) {
	h := newHarness(t)
	r := h.say("owner1", "/complain")
	r = h.press("owner1", r, "I own the rights (or act for the owner)")
	r = h.press("owner1", r, "I own the right")
	mustContain(t, "marketplace next", r, "Which marketplace")
	patent := walk{
		"marketplace": {"[eBay]"}, "urls": {"https://www.ebay.com/itm/123456789012"}, "seller": {"Gadget Outlet"},
		"problem": {"They copied our patented hinge design in this product."}, "right": {"[Patent]"},
		"jurisdiction": {"[Another country or office]"}, "regno": {"JP 6123456"}, "sign": {"A Patent Owner"},
	}
	r = h.walk("owner1", "office", patent)
	mustContain(t, "office", r, "Which country or office")
	mustContain(t, "office bad", h.say("owner1", "12345"), "Name the country")
	r = h.say("owner1", "Japan")
	mustContain(t, "regno japan", r, "patent registration number", "Japan")
	r = h.walk("owner1", "", patent)
	mustContain(t, "summary", r, "Filing as: the rights owner", "patent in Japan, registration JP 6123456", "Signed “A Patent Owner”")
	r = h.press("owner1", r, "Edit an answer")
	r = h.press("owner1", r, "Seller")
	r = h.say("owner1", "Gadget Outlet Two")
	mustContain(t, "declare again", r, "Declarations", "[I make these statements]")
	r = h.press("owner1", r, "I make these statements")
	r = h.say("owner1", "A Patent Owner")
	mustContain(t, "summary again", r, "Please check", "Gadget Outlet Two", "Signed “A Patent Owner”")
}

func TestConsumersAreNotAskedRightsQuestions(t *testing.T) {
	h := newHarness(t)
	cpl := h.file("consumer1", "ACME Store")
	if cpl.Declaration != nil || cpl.FilerRole != "" || cpl.Jurisdiction != "" {
		t.Fatalf("consumer complaint carries rights answers: %+v", cpl)
	}
	text := bottest.Text(h.cardFor(cpl.Ref))
	for _, bad := range []string{"Declarations", "Filing as", "perjury"} {
		if strings.Contains(text, bad) {
			t.Fatalf("consumer card shows %q:\n%s", bad, text)
		}
	}
}

func TestReportedSellerGetsGuidanceNotAForm(t *testing.T) {
	h := newHarness(t)
	r := h.say("seller1", "/complain")
	r = h.press("seller1", r, "My listing was reported (I'm the seller)")
	mustContain(t, "guidance", r, "Your listing was reported", "An IP complaint against your listing is serious but usually fixable",
		"not legal advice", "Talk to staff", "/ask", "Nothing was filed")
	want := map[string]bool{"en/amazon-ip-response": false, "en/dmca-counter-notice": false, "en/ebay-vero": false}
	for _, b := range r.Buttons {
		if b.ID != "kb.topic" {
			t.Errorf("button %+v is not a knowledge topic", b)
			continue
		}
		want[b.Value] = true
	}
	for v, ok := range want {
		if !ok {
			t.Errorf("no topic button for %s in %+v", v, r.Buttons)
		}
	}
	if h.draft("seller1") != nil {
		t.Fatal("a draft was kept for a seller's guidance")
	}
	if list, _ := h.db.ComplaintsByUser(context.Background(), bot.Console, "seller1"); len(list) != 0 {
		t.Fatal("guidance filed a complaint")
	}
	// Typed, the choice works too; chosen while editing, the draft stays.
	r = h.say("seller1", "/complain")
	mustContain(t, "typed", h.say("seller1", "My listing was reported (I'm the seller)"), "Your listing was reported")
	sum := h.toSummary("consumer1")
	r = h.press("consumer1", sum, "Edit an answer")
	r = h.press("consumer1", r, "Kind")
	r = h.press("consumer1", r, "My listing was reported (I'm the seller)")
	mustContain(t, "editing", r, "Your listing was reported", "kept as it was")
	if d := h.draft("consumer1"); d == nil || d.Answers.Kind != ipdesk.KindCounterfeit {
		t.Fatalf("draft after guidance while editing = %+v", d)
	}
}

// TestReviewCardIdentifiesUploadsWithoutLinkingIntoDMs shows staff the
// name, type, size and full SHA-256 of an uploaded file and says where it
// is kept; the platform's file link, which only the complainant can open,
// is left out. A file the bot could not fetch says its hash is missing.
func TestReviewCardIdentifiesUploadsWithoutLinkingIntoDMs(t *testing.T) {
	h := newHarness(t)
	r := h.walk("consumer1", "evidence", otherProblem)
	content := "\x89PNG\r\n\x1a\na photo of the packaging"
	sum := sha256.Sum256([]byte(content))
	e := h.event("consumer1")
	e.Kind, e.Files = bot.KindMessage, []bot.File{
		{ID: "F1", Name: "box.png", Type: "image/png", Size: int64(len(content)), URL: "https://files.slack.com/files-pri/T1-F1/box.png",
			Open: func(context.Context) (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(content)), nil }},
		{ID: "F2", Name: "receipt.pdf", Type: "application/pdf", Size: 3 << 20, URL: "https://files.slack.com/files-pri/T1-F2/receipt.pdf"},
	}
	r = h.do(e)
	mustContain(t, "added", r, "box.png", "[Done]", "[Back]", "[Cancel]")
	r = h.press("consumer1", h.walk("consumer1", "", walk{"evidence": {"[Done]"}}), "Submit")
	list, _ := h.db.ComplaintsByUser(context.Background(), bot.Console, "consumer1")
	card := h.cardFor(list[0].Ref)
	mustContain(t, "card", card, "box.png, image/png, 32 bytes, SHA-256 `"+hex.EncodeToString(sum[:])+"`. A copy is kept: press **Show files**",
		"receipt.pdf, application/pdf, 3.0 MB. Not fetched: the platform gave no way to download it; console may still have it in the complainant's direct messages", "[Show files (1)]")
	if strings.Contains(bottest.Text(card), "files.slack.com") {
		t.Fatalf("card links into the complainant's DM:\n%s", bottest.Text(card))
	}
}

// toRight files as the owner of a right up to the question of which right
// the listing infringes, whose reply it returns.
func (h *harness) toRight(user string) bot.Reply {
	h.t.Helper()
	r := h.walk(user, "right", walk{
		"kind": {"[I own the rights (or act for the owner)]"}, "seller": {"Copy Shop"},
		"problem": {"The listing copies our product photos and our manual text."},
	})
	mustContain(h.t, "right question", r, "Which right")
	return r
}

// Copyright is offered with the copyright offices, and in the EU, which
// has no copyright registry, no number is asked; a patent is offered with
// the European Patent Office, not the EU trademark office.
func TestOfficesFollowTheRight(t *testing.T) {
	h := newHarness(t)
	r := h.press("owner1", h.toRight("owner1"), "Copyright")
	mustContain(t, "copyright offices", r, "Where is the work protected", "[United States (US Copyright Office)]", "[China (Copyright Protection Center of China)]", "[European Union (no copyright registry)]", "[Another country or office]")
	if strings.Contains(bottest.Text(r), "USPTO") || strings.Contains(bottest.Text(r), "EUIPO") || strings.Contains(bottest.Text(r), "CNIPA") {
		t.Fatalf("copyright is offered with trademark offices:\n%s", bottest.Text(r))
	}
	r = h.press("owner1", r, "United States (US Copyright Office)")
	mustContain(t, "us copyright number", r, "copyright registration number** with United States (US Copyright Office)", "`skip`")
	mustContain(t, "bad us copyright number", h.say("owner1", "12345"), "VA 2-123-456")
	mustContain(t, "us copyright number taken", h.say("owner1", "VA 2-123-456"), "Send your evidence")

	// The EU: straight to the evidence, and the summary says why.
	h2 := newHarness(t)
	r = h2.press("owner2", h2.toRight("owner2"), "Copyright")
	mustContain(t, "eu", h2.press("owner2", r, "European Union (no copyright registry)"), "Send your evidence")
	if d := h2.draft("owner2"); d.Answers.Jurisdiction != "EU" || d.Answers.RegNumber != "" {
		t.Fatalf("draft = %+v", d.Answers)
	}

	// A patent: the European Patent Office, whose numbers are checked.
	h3 := newHarness(t)
	r = h3.press("owner3", h3.toRight("owner3"), "Patent")
	mustContain(t, "patent offices", r, "[United States (USPTO)]", "[Europe (European Patent Office)]", "[China (CNIPA)]")
	r = h3.press("owner3", r, "Europe (European Patent Office)")
	mustContain(t, "ep number", h3.say("owner3", "EP 12 B1"), "EP 3 123 456 B1")
	mustContain(t, "ep taken", h3.say("owner3", "EP 3 123 456 B1"), "Send your evidence")
	// Changing the right to a trademark drops the patent office.
	d := h3.draft("owner3")
	d.Step = "right"
	if err := h3.db.SaveDraft(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	r = h3.say("owner3", "Trademark")
	mustContain(t, "trademark offices", r, "[United States (USPTO)]", "[European Union (EUIPO)]")
	if d := h3.draft("owner3"); d.Answers.Jurisdiction != "" || d.Answers.RegNumber != "" {
		t.Fatalf("a patent office stayed with the trademark: %+v", d.Answers)
	}
}
