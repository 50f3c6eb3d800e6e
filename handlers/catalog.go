package handlers

import (
	"context"
	"strings"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/i18n"
)

// The words a person may type instead of pressing a button ("back",
// "skip", "yes"), from the catalog's word.* messages: each lists what may
// be typed, separated by commas, and every language's words work whatever
// the person's language, so a Chinese speaker may type "back" or 返回.

// isWord reports whether text is one of the words of word.KEY in any
// language of tr's catalog.
func isWord(tr i18n.Printer, text, key string) bool {
	t := strings.ToLower(strings.TrimSpace(text))
	t = strings.TrimRight(t, ".!。！")
	if t == "" {
		return false
	}
	cat := tr.Catalog()
	for _, l := range cat.Langs() {
		p := cat.Printer(l)
		if !p.Has("word." + key) {
			continue
		}
		for _, w := range strings.Split(p.T("word."+key), ",") {
			if strings.TrimSpace(strings.ToLower(w)) == t {
				return true
			}
		}
	}
	return false
}

// wordOf returns the first of keys whose words text is, or "".
func wordOf(tr i18n.Printer, text string, keys ...string) string {
	for _, k := range keys {
		if isWord(tr, text, k) {
			return k
		}
	}
	return ""
}

// draftTr prints the wizard's texts in the language the draft was started
// in (English for a draft from before languages were kept).
func (c *Complaints) draftTr(d *ipdesk.Draft) i18n.Printer {
	return c.cat.Printer(i18n.Lang(d.Answers.Lang))
}

// complaintTr prints what the complainant of cpl is told, in the language
// the complaint was filed in.
func (c *Complaints) complaintTr(cpl *ipdesk.Complaint) i18n.Printer {
	return c.cat.Printer(i18n.Lang(cpl.Lang))
}

// userLangs is the store's memory of each person's language, when it has
// one (see bot.LangStore).
type userLangs interface {
	UserLang(ctx context.Context, user string) (lang string, chosen bool, err error)
}

// userTr prints a message to a user the bot writes to unasked (a staff
// reply), in the language the bot last knew them to speak, or the review
// channel's language when it knows none.
func (c *Complaints) userTr(ctx context.Context, platform, id string) i18n.Printer {
	if ls, ok := c.store.(userLangs); ok {
		l, _, err := ls.UserLang(ctx, platform+":"+id)
		if err == nil && c.cat.Has(i18n.Lang(l)) {
			return c.cat.Printer(i18n.Lang(l))
		}
	}
	return c.reviewTr
}

// catalogError is an error whose text is message id, for code that has no
// reader's language at hand: the one place that shows errors prints it in
// the reader's, and the English is kept for the log.
func catalogError(code, id string) *ipdesk.Error {
	return &ipdesk.Error{Code: code, ID: id, Message: i18n.Default().Printer(i18n.EN).T(id)}
}
