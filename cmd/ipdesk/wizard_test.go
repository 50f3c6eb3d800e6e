package main

import (
	"slices"
	"testing"
)

// complaint is what a consumer types into the wizard.
type complaint struct {
	seller, problem string
}

var acme = complaint{seller: "ACME Store", problem: "The logo is misprinted and the stitching is loose."}

// labelPhoto is the evidence the tests send: a photo of the item's label.
var labelPhoto = []byte("\xff\xd8\xff a photo of the label")

// wizardStep is one step of the complaint wizard as the tests take it, the
// same on every platform: the consumer types text, sends labelPhoto as
// label.jpg, or presses a button, and the next message in their DM shows
// want ("[Label]" is a button).
type wizardStep struct {
	name, typed, button string
	photo               bool
	want                []string
}

// wizard returns the steps of a filing of c by a consumer who bought a
// counterfeit on Amazon, from step from, whose question is showing, up to,
// not including, step until ("" for all): the last step shows the summary.
func wizard(t testing.TB, c complaint, from, until string) []wizardStep {
	t.Helper()
	steps := []wizardStep{
		{name: "kind", button: "I bought a counterfeit", want: []string{"Which marketplace", "[Amazon]", "[Back]"}},
		{name: "marketplace", button: "Amazon", want: []string{"Paste the link"}},
		{name: "link", typed: "https://www.amazon.com/dp/B0EXAMPLE1", want: []string{"seller's or shop's name"}},
		{name: "seller", typed: c.seller, want: []string{"What is the order number?"}},
		{name: "order", typed: "123-1234567-1234567", want: []string{"When did you place the order?"}},
		{name: "date", typed: "skip", want: []string{"What is wrong"}},
		{name: "problem", typed: c.problem, want: []string{"Send your evidence", "[Done]"}},
		{name: "evidence", photo: true, want: []string{"Added label.jpg (image/jpeg", "sha256", "[Done]"}},
		{name: "evidence done", button: "Done", want: []string{"What would you like us to do?", "[Compensation]"}},
		{name: "remedy", button: "Compensation", want: []string{"How much compensation"}},
		{name: "amount", typed: "49.99 USD", want: []string{"May staff contact you by email", "[Yes, by email]"}},
		{name: "consent", button: "Yes, by email", want: []string{"Which email address"}},
		{name: "email", typed: "buyer@example.com", want: []string{"Please check your complaint", "[Submit]", "buyer@example.com", "49.99 USD"}},
	}
	named := func(name string) func(wizardStep) bool { return func(s wizardStep) bool { return s.name == name } }
	i, j := slices.IndexFunc(steps, named(from)), len(steps)
	if until != "" {
		j = slices.IndexFunc(steps, named(until))
	}
	if i < 0 || j < i {
		t.Fatalf("no wizard steps from %q until %q", from, until)
	}
	return steps[i:j]
}
