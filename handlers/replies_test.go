package handlers_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot/bottest"
	"github.com/ipdesk/ipdesk/handlers"
)

const repliesMarkdown = `# Saved replies for the review channel

## Reject: Photos too blurry
Reason: insufficient_evidence

The photos sent with {ref} do not show the label clearly.
Please file again with sharp photos of the label from {marketplace}.

## Ask: Receipt
Please send a photo of your {marketplace} receipt for order {order} ({amount}).
`

const repliesYAML = `reject:
  - title: Genuine item
    reason: not_counterfeit
    text: |
      The seller of {ref} showed an invoice from the brand.
ask:
  - title: Packaging
    text: Please send a photo of the packaging of the item from {seller}.
`

func TestParseReplies(t *testing.T) {
	md, err := handlers.ParseReplies("replies.md", []byte(repliesMarkdown))
	if err != nil || len(md) != 2 || md[0].Kind != "reject" || md[0].Reason != "insufficient_evidence" || md[0].Title != "Photos too blurry" ||
		!strings.HasPrefix(md[0].Text, "The photos sent with {ref}") || md[1].Kind != "ask" {
		t.Fatalf("markdown = %+v, %v", md, err)
	}
	ym, err := handlers.ParseReplies("replies.yaml", []byte(repliesYAML))
	if err != nil || len(ym) != 2 || ym[0].Reason != "not_counterfeit" || ym[1].Title != "Packaging" {
		t.Fatalf("yaml = %+v, %v", ym, err)
	}
	c := &ipdesk.Complaint{Ref: "IPD-AAAAA", Marketplace: "amazon", OrderNumber: "123-1234567-1234567", Amount: 8990, Currency: "USD"}
	if got := md[1].Fill(c); got != "Please send a photo of your Amazon receipt for order 123-1234567-1234567 (89.90 USD)." {
		t.Errorf("filled = %q", got)
	}
	for name, bad := range map[string]string{
		"unknown reason":      "## Reject: X\nReason: because\n\nSome text here.",
		"unknown placeholder": "## Ask: X\nPlease send {password}.",
		"mention":             "## Ask: X\nHey @everyone, send it.",
		"bad heading":         "## Refund: X\nText here.",
		"empty":               "## Ask: X\n",
		"yaml field":          "ask:\n  - title: X\n    body: Text here.",
	} {
		file := "replies.md"
		if strings.HasPrefix(bad, "ask:") {
			file = "replies.yml"
		}
		if _, err := handlers.ParseReplies(file, []byte(bad)); err == nil {
			t.Errorf("%s accepted", name)
		}
	}
}

// Staff choose a saved reply when rejecting or asking; the form comes
// filled in for the complaint, and an edit of the file shows at once,
// without a restart; a broken edit keeps the last good replies.
func TestSavedRepliesInTheForms(t *testing.T) {
	h := newHarness(t)
	path := filepath.Join(t.TempDir(), "replies.md")
	if err := os.WriteFile(path, []byte(repliesMarkdown), 0o600); err != nil {
		t.Fatal(err)
	}
	h.repliesPath = path
	h.restart()
	cpl := h.file("consumer1", "ACME Store")

	choose := h.press("staff", h.cardFor(cpl.Ref), "Request info")
	mustContain(t, "choices", choose, "Choose a saved reply", "[Receipt]", "[Write my own]")
	f := h.press("staff", choose, "Receipt")
	if f.Form == nil || f.Form.Inputs[0].Initial != "Please send a photo of your Amazon receipt for order 123-1234567-1234567 (49.99 USD)." {
		t.Fatalf("info form = %+v", f.Form)
	}
	if _, err := h.submit("staff", f.Form, map[string]string{"question": f.Form.Inputs[0].Initial}); err != nil {
		t.Fatal(err)
	}
	got, _ := h.db.Complaint(context.Background(), cpl.Ref)
	if got.InfoQuestion != "Please send a photo of your Amazon receipt for order 123-1234567-1234567 (49.99 USD)." {
		t.Fatalf("question = %q", got.InfoQuestion)
	}
	h.say("consumer1", "answer")
	h.say("consumer1", "Here: https://example.com/receipt.jpg")

	// The file changes while the bot runs: the new reply is offered, and
	// a button shown before the change is refused rather than misread.
	old := h.press("staff", h.cardFor(cpl.Ref), "Reject")
	edited := strings.Replace(repliesMarkdown, "## Reject: Photos too blurry", "## Reject: Duplicate\nReason: duplicate\n\nThis repeats an earlier complaint of yours about {seller}.\n\n## Reject: Photos too blurry", 1)
	if err := os.WriteFile(path, []byte(edited), 0o600); err != nil {
		t.Fatal(err)
	}
	os.Chtimes(path, time.Now().Add(time.Minute), time.Now().Add(time.Minute))
	mustContain(t, "stale", h.press("staff", old, "Photos too blurry"), "saved replies changed")
	choose = h.press("staff", h.cardFor(cpl.Ref), "Reject")
	mustContain(t, "reloaded", choose, "[Duplicate]", "[Photos too blurry]")
	f = h.press("staff", choose, "Duplicate")
	if in := f.Form.Inputs; in[0].Initial != "duplicate" || in[1].Initial != "This repeats an earlier complaint of yours about ACME Store." {
		t.Fatalf("reject form = %+v", in)
	}
	// A broken edit keeps the last good replies.
	if err := os.WriteFile(path, []byte("## Reject: Broken\nReason: nonsense\n\nText."), 0o600); err != nil {
		t.Fatal(err)
	}
	os.Chtimes(path, time.Now().Add(2*time.Minute), time.Now().Add(2*time.Minute))
	mustContain(t, "broken edit", h.press("staff", h.cardFor(cpl.Ref), "Reject"), "[Duplicate]")

	// Writing one's own opens the empty form.
	own := h.press("staff", h.press("staff", h.cardFor(cpl.Ref), "Reject"), "Write my own")
	if own.Form == nil || own.Form.ID != "review.reject" || own.Form.Inputs[1].Initial != "" {
		t.Fatalf("own = %+v", own.Form)
	}
	if _, err := h.submit("staff", own.Form, map[string]string{"reason": "duplicate", "note": "Same as IPD-OTHER."}); err != nil {
		t.Fatal(err)
	}
	if got, _ := h.db.Complaint(context.Background(), cpl.Ref); got.Status != ipdesk.StatusRejected {
		t.Fatalf("status = %s", got.Status)
	}
	_ = bottest.Text
}
