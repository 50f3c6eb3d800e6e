package handlers

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/markup"
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
	// titles holds, by "lang/id", the titles of the bundled articles
	// findings point to, in each language the base has them.
	titles map[string]string
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
	return &Check{list: wl, titles: articleTitles(knowledge.Bundled())}, nil
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

// topicButtons offers the articles the findings point to, in the order
// first referenced, as the answers' related-topic buttons: in Chinese
// when the listing is written in Chinese and the article exists in
// Chinese.
func (c *Check) topicButtons(text string, fs []finding) []bot.Button {
	lang := "en"
	for _, r := range text {
		if unicode.Is(unicode.Han, r) {
			lang = "zh"
			break
		}
	}
	var bs []bot.Button
	seen := map[string]bool{}
	for _, f := range fs {
		if seen[f.article] {
			continue
		}
		seen[f.article] = true
		key := lang + "/" + f.article
		if _, ok := c.titles[key]; !ok {
			key = "en/" + f.article
		}
		bs = append(bs, bot.Button{ID: "kb.topic", Label: clipRunes(c.titles[key], 60), Value: key})
	}
	return bs
}

// Brands reports how many brands the watchlist holds.
func (c *Check) Brands() int { return c.list.brands }

// Register adds the check command.
func (c *Check) Register(mux *bot.Mux) {
	mux.HandleCommand(bot.Command{Name: "check", Usage: "TEXT", Summary: "check a draft listing title or description for risky wording"}, c)
}

// checkUsage is shown for an empty check.
const checkUsage = "Paste a draft listing title or description after the command, for example `check Silicone case compatible with iPhone 16`. I point out wording that tends to get listings removed: other brands' names, \"replica\", \"inspired by\" and the like."

// ServeEvent checks the text after the command and replies only to the
// seller: a draft listing is their business.
func (c *Check) ServeEvent(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
	text := strings.TrimSpace(e.Args)
	if text == "" {
		return ipdesk.Errorf(ipdesk.EINVALID, "%s", checkUsage)
	}
	if n := utf8.RuneCountInString(text); n > maxCheckRunes {
		return ipdesk.Errorf(ipdesk.EINVALID, "That text has %d characters; I check at most 5,000 at a time. Check the title and the description separately.", n)
	}
	fs := c.findings(text)
	_, err := w.Reply(ctx, bot.Reply{Text: c.report(fs), Buttons: c.topicButtons(text, fs), Ephemeral: true})
	return err
}

// Severity is how likely wording is to get a listing removed.
type severity int

const (
	high severity = iota
	medium
	low
)

func (s severity) String() string {
	return [...]string{"High", "Medium", "Low"}[s]
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
}

// report writes the findings as CommonMark.
func (c *Check) report(fs []finding) string {
	const caveat = "_This checks wording only, not images, logos, the product or where it comes from, and it is not legal advice._"
	if len(fs) == 0 {
		return "**No risky wording found.**\n\n" + caveat
	}
	var b strings.Builder
	noun := "findings"
	if len(fs) == 1 {
		noun = "finding"
	}
	fmt.Fprintf(&b, "**Listing check: %d %s**\n", len(fs), noun)
	for i, f := range fs {
		quote := markup.Escape(f.quote)
		if f.times > 1 {
			quote += fmt.Sprintf(" (%d times)", f.times)
		}
		fmt.Fprintf(&b, "\n%d. **%s** · “%s”\\\n", i+1, f.sev, quote)
		fmt.Fprintf(&b, "   %s\\\n", f.why)
		fmt.Fprintf(&b, "   **Instead:** %s\\\n", f.instead)
		fmt.Fprintf(&b, "   **Read:** %s\n", c.articleRef(f.article))
	}
	b.WriteString("\n" + caveat)
	return b.String()
}

// articleRef names the article a finding points to; its button under the
// reply opens it.
func (c *Check) articleRef(id string) string {
	return articles[id] + " (its button is below)"
}

// findings returns the risky wording in text, most severe first, then in
// the order it appears.
func (c *Check) findings(text string) []finding {
	s := &scan{text: text, ws: splitWords(text), list: c.list, covered: map[int]bool{}}
	s.findBrands()
	s.counterfeitWords()
	s.brandStyle()
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
