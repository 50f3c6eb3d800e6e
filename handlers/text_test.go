package handlers_test

import (
	"context"
	"errors"
	"io"
	"testing"

	"github.com/ipdesk/ipdesk/bot"
)

// A staff question without a full stop does not run into the sentence that
// follows it, in the status list or in the held-answer prompt; one that
// ends a sentence gets no second mark.
func TestComposedTextsKeepSentencesApart(t *testing.T) {
	h := newHarness(t)
	cpl := h.file("consumer1", "ACME Store")
	h.askInfo(cpl, "Please send the receipt showing the price")
	mustContain(t, "status", h.say("consumer1", "status"), "showing the price. Type `answer`")

	e := h.event("consumer1")
	e.Kind, e.Text = bot.KindMessage, "here"
	e.Files = []bot.File{{Name: "receipt.jpg", Type: "image/jpeg", Size: 10,
		Open: func(context.Context) (io.ReadCloser, error) { return nil, errors.New("forbidden") }}}
	mustContain(t, "held", h.do(e), "showing the price. I could not fetch receipt.jpg")
	h.say("consumer1", "no")

	h.askInfo(cpl, "Which size did you order?")
	mustContain(t, "question mark", h.say("consumer1", "status"), "Which size did you order? Type `answer`")
}
