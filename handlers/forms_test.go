package handlers_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ipdesk/ipdesk/bot"
)

// Platform limits on forms: Slack cuts a modal title (and its submit
// button) at 24 characters; Discord refuses a modal whose title or input
// labels pass 45. Labels do not depend on the platform, so every form's
// fit Discord's on both.
var formLimits = map[string]struct{ title, submit, label int }{
	bot.Slack:   {24, 24, 45},
	bot.Discord: {45, 0, 45},
}

// formLiteral finds the forms the package builds, by their ids.
var formLiteral = regexp.MustCompile(`bot\.Form\{ID:\s*"([^"]+)"`)

// Every form the handlers build, reached by pressing every button that
// opens one as staff and complainants on Slack and on Discord, fits that
// platform's limits; a form in the source that no button reached fails the
// test, so a new form is checked too.
func TestFormsFitPlatformLimits(t *testing.T) {
	for platform, max := range formLimits {
		seen := formsOpenedOn(t, platform)
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
		// Where the title has room, it names the complaint.
		if f := seen["review.removal"]; f != nil && (platform == bot.Discord) != strings.Contains(f.Title, "IPD-") {
			t.Errorf("%s removal form titled %q", platform, f.Title)
		}
		for id, f := range seen {
			if n := utf8.RuneCountInString(f.Title); n > max.title || n == 0 {
				t.Errorf("%s form %s: title %q has %d characters, want 1 to %d", platform, id, f.Title, n, max.title)
			}
			if n := utf8.RuneCountInString(f.Submit); max.submit > 0 && n > max.submit {
				t.Errorf("%s form %s: submit %q has %d characters, want at most %d", platform, id, f.Submit, n, max.submit)
			}
			for _, in := range f.Inputs {
				if n := utf8.RuneCountInString(in.Label); n > max.label || n == 0 {
					t.Errorf("%s form %s: label %q has %d characters, want 1 to %d", platform, id, in.Label, n, max.label)
				}
			}
		}
	}
}

// formsOpenedOn presses every button that opens a form, with everyone on
// platform, and returns the forms by id.
func formsOpenedOn(t *testing.T, platform string) map[string]*bot.Form {
	h := newHarness(t)
	h.on = platform
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
	return seen
}
