package handlers_test

import (
	"strings"

	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/bottest"
	"github.com/ipdesk/ipdesk/i18n"
)

// A walk is what a user does at the wizard's questions, by step name: each
// input in order is typed, or, written "[Label]", presses the button so
// labelled, or, written sendPhoto, sends a photo of the item's label. A
// test that only needs a complaint filed says what matters to it and takes
// the rest from the default walk of its language, so a question added to
// the wizard needs one answer there, not one in every test.
type walk map[string][]string

// sendPhoto, as an input of a walk, sends jpeg("a photo of the label").
const sendPhoto = "<send label.jpg>"

// summaryStep is the name of the wizard's last step, the summary.
const summaryStep = "confirm"

// defaultWalks answer every question the quickest valid way, by
// language: a counterfeit bought on Amazon, listing removal asked, no
// email; the rights questions as a trademark owner in the United States.
var defaultWalks = map[i18n.Lang]walk{
	i18n.EN: {
		"kind":          {"[I bought a counterfeit]"},
		"filer":         {"[I own the right]"},
		"owner":         {"Example Brand GmbH"},
		"authorisation": {"https://example.com/letter-of-authorisation.pdf"},
		"marketplace":   {"[Amazon]"},
		"urls":          {"https://www.amazon.com/dp/B0EXAMPLE1"},
		"seller":        {"ACME Store"},
		"order":         {"skip"},
		"order_date":    {"skip"},
		"problem":       {"The logo is misprinted and the stitching is loose."},
		"right":         {"[Trademark]"},
		"jurisdiction":  {"[United States (USPTO)]"},
		"office":        {"Japan"},
		"regno":         {"US 1234567"},
		"evidence":      {"https://example.com/photo.jpg", "done"},
		"remedy":        {"[Remove the listing]"},
		"amount":        {"49.99"},
		"consent":       {"[No, only here]"},
		"contact":       {"buyer@example.com"},
		"declare":       {"[I make these statements]"},
		"sign":          {"A Rights Owner"},
	},
	i18n.ZH: {
		"kind":          {"[我买到了假货]"},
		"filer":         {"[我是权利人]"},
		"owner":         {"Example Brand GmbH"},
		"authorisation": {"https://example.com/letter-of-authorisation.pdf"},
		"marketplace":   {"[亚马逊（Amazon）]"},
		"urls":          {"https://www.amazon.com/dp/B0EXAMPLE1"},
		"seller":        {"ACME Store"},
		"order":         {"跳过"},
		"order_date":    {"跳过"},
		"problem":       {"商标印错了，缝线也松了，包装和正品完全不一样，明显是假货。"},
		"right":         {"[商标]"},
		"jurisdiction":  {"[美国（美国专利商标局 USPTO）]"},
		"office":        {"Japan"},
		"regno":         {"US 1234567"},
		"evidence":      {"https://example.com/photo.jpg", "完成"},
		"remedy":        {"[下架商品]"},
		"amount":        {"49.99"},
		"consent":       {"[不用，只在这里]"},
		"contact":       {"buyer@example.com"},
		"declare":       {"[我作出以上声明]"},
		"sign":          {"A Rights Owner"},
	},
}

// otherProblem is a complaint about something else than a counterfeit, on
// a marketplace the wizard does not know.
var otherProblem = walk{
	"kind": {"[Something else]"}, "marketplace": {"[Another marketplace]"}, "urls": {"https://shop.example.com/item/42"},
	"seller": {"Example Shop"}, "problem": {"The listing uses my photos without permission."},
}

// walk takes user through the wizard in English, from where their draft
// is (starting one with /complain when they have none) until the question
// of step until ("" for the summary), answering from w and the default
// walk; it returns the last reply, which shows that question.
func (h *harness) walk(user, until string, w walk) bot.Reply {
	h.t.Helper()
	return h.walkIn(user, i18n.EN, until, w)
}

// walkIn is walk with every event in lang, whose default walk answers
// what w does not.
func (h *harness) walkIn(user string, lang i18n.Lang, until string, w walk) bot.Reply {
	h.t.Helper()
	if until == "" {
		until = summaryStep
	}
	r := h.rec.LastReply()
	if h.draft(user) == nil {
		r = h.input(user, lang, r, "/complain")
	}
	for asked := 0; ; asked++ {
		d := h.draft(user)
		if d == nil {
			h.t.Fatalf("walk to %s: %s has no draft after:\n%s", until, user, bottest.Text(r))
		}
		if d.Step == until {
			return r
		}
		if d.Step == summaryStep || asked > 40 {
			h.t.Fatalf("walk to %s: the wizard went past it to %s", until, d.Step)
		}
		r = h.answerStep(user, lang, r, w)
	}
}

// answerStep answers the question of user's draft, which r shows, from w
// or the default walk of lang, and checks the wizard moved on; it returns
// the last reply.
func (h *harness) answerStep(user string, lang i18n.Lang, r bot.Reply, w walk) bot.Reply {
	h.t.Helper()
	d := h.draft(user)
	inputs, ok := w[d.Step]
	if !ok {
		inputs, ok = defaultWalks[lang][d.Step]
	}
	if !ok {
		h.t.Fatalf("walk: no answer for step %s, which asks:\n%s", d.Step, bottest.Text(r))
	}
	for _, in := range inputs {
		r = h.input(user, lang, r, in)
	}
	if after := h.draft(user); after != nil && after.Step == d.Step {
		h.t.Fatalf("walk: step %s did not take %q:\n%s", d.Step, inputs, bottest.Text(r))
	}
	return r
}

// input does one input of a walk as user, in lang, at the question r
// shows, and returns the reply.
func (h *harness) input(user string, lang i18n.Lang, r bot.Reply, in string) bot.Reply {
	h.t.Helper()
	e := h.event(user)
	e.Lang = lang
	switch {
	case in == sendPhoto:
		e.Kind, e.Files = bot.KindMessage, []bot.File{jpeg("a photo of the label")}
	case strings.HasPrefix(in, "[") && strings.HasSuffix(in, "]"):
		label := strings.TrimSuffix(strings.TrimPrefix(in, "["), "]")
		b, ok := bottest.Button(r, label)
		if !ok {
			h.t.Fatalf("no button %q in:\n%s", label, bottest.Text(r))
		}
		e.Kind, e.Action = bot.KindAction, bot.Action{ID: b.ID, Value: b.Value}
	default:
		e.Kind, e.Text = bot.KindMessage, in
	}
	return h.do(e)
}
