package handlers_test

import (
	"context"
	"testing"

	"github.com/ipdesk/ipdesk/bot"
)

// TestErrorsKeepButtonsAndNumbersPickThem checks the wizard against what
// the console does with a bare number (a press of the latest message's
// button n, else text): every error shows the step's buttons again, and a
// number typed as text picks from the buttons the wizard showed last, so
// the two agree on every platform.
func TestErrorsKeepButtonsAndNumbersPickThem(t *testing.T) {
	h := newHarness(t)
	r := h.say("consumer1", "/complain")
	r = h.say("consumer1", "9")
	mustContain(t, "bad choice", r, "Please choose one of", "[I bought a counterfeit]", "[Cancel]")
	r = h.say("consumer1", "1")
	mustContain(t, "number picks choice", r, "Which marketplace")
	r = h.say("consumer1", "1")
	r = h.say("consumer1", "not a link")
	mustContain(t, "text step error", r, "[Back]", "[Cancel]")
	h.say("consumer1", "https://www.amazon.com/dp/B0EXAMPLE1")
	h.say("consumer1", "ACME Store")
	// The order number step shows no buttons, and a number is its answer.
	r = h.say("consumer1", "2")
	mustContain(t, "order number", r, "not an order number")
	if len(r.Buttons) != 0 {
		t.Fatalf("numeric step error shows buttons %v", r.Buttons)
	}
	h.say("consumer1", "skip")
	h.say("consumer1", "The logo is misprinted and the stitching is loose.")
	r = h.say("consumer1", "https://example.com/photo.jpg")
	mustContain(t, "evidence added", r, "[Done]", "[Back]", "[Cancel]")
	r = h.say("consumer1", "1") // Done
	mustContain(t, "remedy", r, "What would you like us to do?")
	h.say("consumer1", "3") // Remove the listing
	r = h.say("consumer1", "2")
	mustContain(t, "summary", r, "Please check", "[Submit]")
	r = h.say("consumer1", "maybe")
	mustContain(t, "confirm error", r, "or type `submit` or 1", "[Submit]", "[Edit an answer]", "[Cancel]")
	r = h.say("consumer1", "2")
	mustContain(t, "edit menu", r, "Which answer do you want to change?")
	// The edit list is the latest message: 3 is its third entry, not Cancel.
	r = h.say("consumer1", "3")
	mustContain(t, "listings", r, "Paste the link")
	if d := h.draft("consumer1"); d == nil || d.Step != "urls" {
		t.Fatalf("after 3 in the edit list: %+v", d)
	}
	// And after a restart the list is still what a number picks from.
	h.say("consumer1", "https://www.amazon.com/dp/B0EXAMPLE2")
	h.say("consumer1", "edit")
	h.restart()
	r = h.say("consumer1", "4")
	mustContain(t, "seller", r, "seller's or shop's name")
	r = h.say("consumer1", "ACME Outlet")
	r = h.say("consumer1", "1")
	mustContain(t, "submitted by number", r, "filed as")
	list, _ := h.db.ComplaintsByUser(context.Background(), bot.Console, "consumer1")
	if len(list) != 1 || list[0].Seller != "ACME Outlet" || list[0].ListingURLs[0] != "https://www.amazon.com/dp/B0EXAMPLE2" {
		t.Fatalf("filed = %+v", list)
	}
}
