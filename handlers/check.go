package handlers

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/markup"
	"github.com/ipdesk/ipdesk/i18n"
	"github.com/ipdesk/ipdesk/knowledge"
)

// maxCheckRunes is the longest text the listing check takes: a long
// description, and small enough that a reply listing its findings fits a
// chat message.
const maxCheckRunes = 5000

// Check answers "check TEXT": it flags wording in a draft listing title or
// description that tends to draw trademark complaints or counterfeit
// takedowns, and says why and what to write instead. It checks wording
// only, which the reply says.
type Check struct {
	list *watchlist
	// titles returns, by "lang/id", the titles of the bundled articles
	// findings point to, in each language the base has them. They are
	// read at the first check rather than at start, where parsing the
	// articles was a tenth of the time to connect.
	titles func() map[string]string
}

// CheckOption configures a Check.
type CheckOption func(*checkConfig)

type checkConfig struct {
	files []string
}

// WithWatchlistFile adds the brands in the file at path (the setting
// IPDESK_WATCHLIST) to the bundled list. The file has the bundled list's
// format: one brand per line, # comments. An empty path adds nothing, so the
// wiring can pass the setting as it is.
func WithWatchlistFile(path string) CheckOption {
	return func(c *checkConfig) {
		if path != "" {
			c.files = append(c.files, path)
		}
	}
}

// NewCheck returns the listing check with the bundled brand watchlist and
// any operator files. A file that cannot be read or parsed is an error: a
// check that silently lost the operator's brands would pass listings it
// should flag.
func NewCheck(opts ...CheckOption) (*Check, error) {
	var cfg checkConfig
	for _, o := range opts {
		o(&cfg)
	}
	wl := newWatchlist()
	if err := wl.parse(strings.NewReader(bundledWatchlist), "bundled watchlist"); err != nil {
		return nil, err
	}
	for _, path := range cfg.files {
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("open watchlist: %w", err)
		}
		err = wl.parse(f, path)
		f.Close()
		if err != nil {
			return nil, err
		}
	}
	titles := sync.OnceValue(func() map[string]string { return articleTitles(knowledge.Bundled()) })
	return &Check{list: wl, titles: titles}, nil
}

// articleTitles reads the titles of the articles findings point to from
// the knowledge base, in English and, where it has them, Chinese. An
// article missing from the base keeps the title in articles, in English.
func articleTitles(fsys fs.FS) map[string]string {
	titles := map[string]string{}
	for id, title := range articles {
		titles["en/"+id] = title
		for _, lang := range []string{"en", "zh"} {
			file := lang + "/" + id + ".md"
			src, err := fs.ReadFile(fsys, file)
			if err != nil {
				continue
			}
			if a, _, err := knowledge.ParseArticle(file, src); err == nil && a.Title != "" {
				titles[lang+"/"+id] = a.Title
			}
		}
	}
	return titles
}

// listingLang is the language of a listing, which its findings are
// written in: Chinese when it has Chinese characters (and the catalog
// speaks Chinese), otherwise English, the language of the other rules.
func listingLang(tr i18n.Printer, text string) i18n.Printer {
	if hasHan(text) && tr.Catalog().Has(i18n.ZH) {
		return tr.In(i18n.ZH)
	}
	return tr.In(i18n.EN)
}

// articleTitle is the title of article id in lang, or in English when the
// base lacks it in lang.
func (c *Check) articleTitle(lang i18n.Lang, id string) (key, title string) {
	key = string(lang) + "/" + id
	titles := c.titles()
	if t, ok := titles[key]; ok {
		return key, t
	}
	return "en/" + id, titles["en/"+id]
}

// topicButtons offers the articles the findings point to, in the order
// first referenced, as the answers' related-topic buttons: in the
// listing's language where the article exists in it.
func (c *Check) topicButtons(lang i18n.Lang, fs []finding) []bot.Button {
	var bs []bot.Button
	seen := map[string]bool{}
	for _, f := range fs {
		if seen[f.article] {
			continue
		}
		seen[f.article] = true
		key, title := c.articleTitle(lang, f.article)
		bs = append(bs, bot.Button{ID: "kb.topic", Label: clipRunes(title, 60), Value: key})
	}
	return bs
}

// Brands reports how many brands the watchlist holds.
func (c *Check) Brands() int { return c.list.brands }

// Register adds the check command.
func (c *Check) Register(mux *bot.Mux) {
	mux.HandleCommand(bot.Command{Name: "check"}, c)
}

// ServeEvent checks the text after the command and replies only to the
// seller: a draft listing is their business. The findings are in the
// listing's language, since what to write instead goes into the listing;
// a usage error is in the seller's.
func (c *Check) ServeEvent(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
	tr := e.Printer()
	text := strings.TrimSpace(e.Args)
	if text == "" {
		return &ipdesk.Error{Code: ipdesk.EINVALID, Message: tr.T("check.usage")}
	}
	if n := utf8.RuneCountInString(text); n > maxCheckRunes {
		return &ipdesk.Error{Code: ipdesk.EINVALID, Message: tr.T("check.too_long", "Count", n)}
	}
	lt := listingLang(tr, text)
	fs := c.findings(lt, text)
	_, err := w.Reply(ctx, bot.Reply{Text: c.report(lt, fs), Buttons: c.topicButtons(lt.Lang(), fs), Ephemeral: true})
	return err
}

// Severity is how likely wording is to get a listing removed.
type severity int

const (
	high severity = iota
	medium
	low
)

// label names the severity in a language.
func (s severity) label(tr i18n.Printer) string {
	return tr.T([...]string{"check.sev.high", "check.sev.medium", "check.sev.low"}[s])
}

// finding is one piece of risky wording.
type finding struct {
	sev     severity
	quote   string // the words as the seller wrote them
	times   int    // how often the same words occur
	why     string
	instead string
	article string
	pos     int
}

// articles are the knowledge-base articles findings point to, by id.
var articles = map[string]string{
	"listing-keywords": "Brand names and risky words in listings",
	"counterfeit":      "Counterfeit goods",
	"image-copyright":  "Product photos and image copyright",
	"supplier-vetting": "Vetting suppliers and authorization letters",
	"parallel-import":  "Parallel imports and reselling genuine goods",
}

// report writes the findings as CommonMark in tr's language.
func (c *Check) report(tr i18n.Printer, fs []finding) string {
	caveat := tr.T("check.caveat")
	if len(fs) == 0 {
		return tr.T("check.none") + "\n\n" + caveat
	}
	var b strings.Builder
	b.WriteString(tr.T("check.title", "Count", len(fs)) + "\n")
	for i, f := range fs {
		quote := markup.Escape(f.quote)
		if f.times > 1 {
			quote += tr.T("check.times", "Count", f.times)
		}
		// The article a finding points to is named; its button under the
		// reply opens it.
		_, title := c.articleTitle(tr.Lang(), f.article)
		fmt.Fprintf(&b, "\n%d. **%s** · “%s”\\\n", i+1, f.sev.label(tr), quote)
		fmt.Fprintf(&b, "   %s\\\n", f.why)
		fmt.Fprintf(&b, "   %s\\\n", tr.T("check.instead", "Text", f.instead))
		fmt.Fprintf(&b, "   %s\n", tr.T("check.read", "Title", title))
	}
	b.WriteString("\n" + caveat)
	return b.String()
}

// findings returns the risky wording in text, in tr's language, most
// severe first, then in the order it appears.
func (c *Check) findings(tr i18n.Printer, text string) []finding {
	s := &scan{tr: tr, text: text, ws: c.list.split(text), list: c.list, covered: map[int]bool{}}
	s.findBrands()
	s.counterfeitWords()
	s.brandStyle()
	s.sameStyle()
	s.daigou()
	s.inspiredBy()
	s.compatibility()
	s.unbranded()
	s.photos()
	s.authenticity()
	s.brandMentions()
	sort.SliceStable(s.out, func(i, j int) bool {
		if s.out[i].sev != s.out[j].sev {
			return s.out[i].sev < s.out[j].sev
		}
		return s.out[i].pos < s.out[j].pos
	})
	return s.out
}
