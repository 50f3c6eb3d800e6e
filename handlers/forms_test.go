package handlers_test

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"unicode/utf8"

	"github.com/ipdesk/ipdesk/bot"
)

// Platform limits on forms: Slack cuts a modal title (and its submit
// button) at 24 characters; Discord refuses a modal whose input labels
// pass 45.
const (
	maxFormTitle = 24
	maxFormLabel = 45
)

// formLiteral finds the forms the package builds, by their ids.
var formLiteral = regexp.MustCompile(`bot\.Form\{ID:\s*"([^"]+)"`)

// Every form the handlers build, reached by pressing every button that
// opens one, fits both platforms' limits; a form in the source that no
// button reached fails the test, so a new form is checked too.
func TestFormsFitPlatformLimits(t *testing.T) {
	h := newHarness(t)
	seen := map[string]*bot.Form{}
	collect := func(r bot.Reply) {
		if r.Form != nil {
			seen[r.Form.ID] = r.Form
		}
	}
	for user, remedy := range map[string]string{"consumer1": "Compensation", "consumer2": "Remove the listing"} {
		cpl := h.fileFor(user, "ACME Store", remedy)
		for _, b := range h.cardFor(cpl.Ref).Buttons {
			collect(h.press("staff", h.cardFor(cpl.Ref), b.Label))
		}
		note := h.askInfo(cpl, "Please send a photo of the label.")
		collect(h.press(user, note, "Answer"))
	}
	// An approval waiting for a second staff member: Send back.
	cpl := h.file("consumer3", "ACME Store")
	r := h.press("staff", h.cardFor(cpl.Ref), "Approve compensation")
	if _, err := h.submit("staff", r.Form, map[string]string{"amount": "750", "currency": "USD", "note": "Includes shipping."}); err != nil {
		t.Fatal(err)
	}
	collect(h.press("staff2", h.cardFor(cpl.Ref), "Send back"))
	// An approved amount: recording its payment.
	cpl = h.file("consumer4", "ACME Store")
	r = h.press("staff", h.cardFor(cpl.Ref), "Approve compensation")
	if _, err := h.submit("staff", r.Form, map[string]string{"amount": "49.99", "currency": "USD"}); err != nil {
		t.Fatal(err)
	}
	collect(h.press("staff", h.cardFor(cpl.Ref), "Mark paid"))
	collect(h.press("staff", h.cardFor(cpl.Ref), "Payment failed"))

	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	built := 0
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range formLiteral.FindAllStringSubmatch(string(src), -1) {
			built++
			if seen[m[1]] == nil {
				t.Errorf("%s builds form %q, which no button in this test opened", f, m[1])
			}
		}
	}
	if built == 0 || len(seen) == 0 {
		t.Fatalf("found %d forms in the source and %d opened", built, len(seen))
	}
	for id, f := range seen {
		if n := utf8.RuneCountInString(f.Title); n > maxFormTitle || n == 0 {
			t.Errorf("form %s: title %q has %d characters, want 1 to %d", id, f.Title, n, maxFormTitle)
		}
		if n := utf8.RuneCountInString(f.Submit); n > maxFormTitle {
			t.Errorf("form %s: submit %q has %d characters, want at most %d", id, f.Submit, n, maxFormTitle)
		}
		for _, in := range f.Inputs {
			if n := utf8.RuneCountInString(in.Label); n > maxFormLabel || n == 0 {
				t.Errorf("form %s: label %q has %d characters, want 1 to %d", id, in.Label, n, maxFormLabel)
			}
		}
	}
}
