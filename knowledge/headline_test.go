package knowledge

import (
	"context"
	"slices"
	"testing"
)

// headlineCase is a question the product is shown answering, with the
// article and section that must answer it, or no article when it must be
// declined. Unlike eval.jsonl these are not measured as a share: every
// one of them must pass.
//
// orArticle and orSection name a second section that answers as well:
// "is it ok to sell replica bags" is answered by what counts as a
// counterfeit, and as well by why "replica" in a listing is a risk.
type headlineCase struct {
	q, lang, article, section string
	orArticle, orSection      string
}

// headlineCases pairs questions that look alike but ask opposite things:
// a seller who received a takedown wants the response playbook, one who
// wants to send a notice wants the filing article. Chat mentions carry no
// meaning and must not change the answer.
var headlineCases = []headlineCase{
	{"can I write 'compatible with Nike' in my title?", "en", "listing-keywords", "When you may name a brand your product fits", "", ""},
	{"what do I do with a takedown notice?", "en", "takedown-response", "First hour: what to do and what not to do", "", ""},
	{"I got a takedown notice", "en", "takedown-response", "First hour: what to do and what not to do", "", ""},
	{"is it ok to sell replica bags if I say replica", "en", "counterfeit", "What counts as counterfeit", "listing-keywords", "Risky words: style, inspired by, replica, 1:1, AAA"},
	{"amazon took down my listing for trademark, what now", "en", "amazon-ip-response", "Find out exactly what was reported", "", ""},
	{"how do I file a DMCA counter notice", "en", "dmca-counter-notice", "What a counter-notice must contain", "", ""},
	{"can I use photos from my supplier", "en", "image-copyright", "Supplier and factory images", "", ""},
	{"收到侵权投诉怎么办", "zh", "takedown-response", "收到通知后的第一小时", "", ""},
	{"how do I send a DMCA takedown notice to a website that copied my photos", "en", "dmca-notice", "Where to send it", "", ""},
	{"how do I report a seller who sells fakes of my brand on amazon", "en", "amazon-report-violation", "", "", ""},
	{"what are the shipping rates to Canada @everyone", "en", "", "", "", ""},
	{"@channel @U1 what are the shipping rates to Canada", "en", "", "", "", ""},
}

func TestHeadlineQuestions(t *testing.T) {
	ctx := context.Background()
	ix := openTest(t, Options{})
	for _, c := range headlineCases {
		ans, err := ix.Ask(ctx, c.q)
		if err != nil {
			t.Fatal(err)
		}
		got := "(nothing)"
		if a := ans.Article(); a != nil {
			got = a.File
		}
		if c.article == "" {
			if ans.Answered {
				t.Errorf("%q: answered from %s %v (coverage %.2f), want it declined", c.q, got, names(ans.Sections), ans.Coverage)
			}
			continue
		}
		a := ans.Article()
		if c.orArticle != "" && a != nil && a.ID == c.orArticle && slices.Contains(names(ans.Sections), c.orSection) {
			c.article, c.section = c.orArticle, c.orSection
		}
		switch {
		case !ans.Answered:
			t.Errorf("%q: declined (coverage %.2f, best %s %v), want %s/%s › %s", c.q, ans.Coverage, got, names(ans.Sections), c.lang, c.article, c.section)
		case a.ID != c.article || a.Lang != c.lang:
			t.Errorf("%q: answered from %s %v, want %s/%s › %s", c.q, got, names(ans.Sections), c.lang, c.article, c.section)
		case c.section != "" && !slices.Contains(names(ans.Sections), c.section):
			t.Errorf("%q: answered from %s %v, want section %q", c.q, got, names(ans.Sections), c.section)
		}
	}
}
