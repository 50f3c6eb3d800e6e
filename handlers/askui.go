package handlers

import "github.com/ipdesk/ipdesk/i18n"

// askUI holds the fixed texts of answers in one language, from the message
// catalog (ids ask.*). A question in Chinese gets the Chinese texts; the
// article text itself is Chinese where the knowledge base has a Chinese
// version.
type askUI struct {
	helpful, unhelpful, staff, report string
	source, sources, footer           string
	// noAnswer takes the quoted question (%s).
	noAnswer, noAnswerHint string
	// near introduces the articles offered for a declined question.
	near      string
	shortened string
	// after says which earlier question a follow-up was read with (%s).
	after string

	thanksHelpful, thanksUnhelpful   string
	changedHelpful, changedUnhelpful string
	staffSent, staffAlready          string
	topicGone                        string
	notYours                         string
}

// uiFor returns the texts for a language ("en", "zh"), English for one the
// catalog lacks.
func (a *Ask) uiFor(lang string) *askUI { return newAskUI(a.cat.Printer(i18n.Lang(lang))) }

// newAskUI returns the texts tr prints.
func newAskUI(tr i18n.Printer) *askUI {
	return &askUI{
		helpful:          tr.T("ask.helpful"),
		unhelpful:        tr.T("ask.unhelpful"),
		staff:            tr.T("ask.staff"),
		report:           tr.T("ask.report"),
		source:           tr.T("ask.source"),
		sources:          tr.T("ask.sources"),
		footer:           tr.T("ask.footer"),
		noAnswer:         tr.T("ask.no_answer", "Question", "%s"),
		noAnswerHint:     tr.T("ask.no_answer_hint"),
		near:             tr.T("ask.near"),
		shortened:        tr.T("ask.shortened"),
		after:            tr.T("ask.after", "Question", "%s"),
		thanksHelpful:    tr.T("ask.thanks_helpful"),
		thanksUnhelpful:  tr.T("ask.thanks_unhelpful"),
		changedHelpful:   tr.T("ask.changed_helpful"),
		changedUnhelpful: tr.T("ask.changed_unhelpful"),
		staffSent:        tr.T("ask.staff_sent"),
		staffAlready:     tr.T("ask.staff_already"),
		topicGone:        tr.T("ask.topic_gone"),
		notYours:         tr.T("ask.not_yours"),
	}
}
