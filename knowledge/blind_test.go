package knowledge

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
)

// The blind set (testdata/blind.jsonl) is questions written from the
// topics sellers and consumers meet, before the retrieval it measures was
// changed, by someone who had not seen the tuning questions. It is never
// used for tuning: no alias, heading, thesaurus entry, cue, weight or
// threshold may be changed because of one of its questions. TestBlind
// reports its figures; TestEval (testdata/eval.jsonl) is the set the
// method is tuned on.

// The gate: section-level top-1 and the share of out-of-scope questions
// declined must reach these figures.
const (
	blindMinTop1     = 85.0
	blindMinDeclined = 95.0
)

// blindGateEnforced makes TestBlind fail below the gate. Setting it to
// false keeps the figures reported but lets the build pass; that is a
// decision to be taken in review, visibly, never a way to make a red
// build green quietly. It was false while the blind set stayed below the
// gate, and was set when it first reached both figures (152 of 178
// sections right, 40 of 42 out-of-scope questions declined), after the
// fresh tuning files eval-ba and eval-bb were added; each figure is one
// question above its floor, so a change that loses one blind question
// of either kind fails the build.
const blindGateEnforced = true

// showBlindFailures prints every question TestBlind gets wrong. Reading
// them is for classifying failures by cause once a milestone is reached,
// not for tuning.
var showBlindFailures = flag.Bool("blind.failures", false, "print the blind set's failures")

// A blindAlt is one section that answers an ask: an article id and a
// section name ("" for the article's opening summary), in either language.
type blindAlt struct {
	Article string `json:"article"`
	Section string `json:"section"`
}

// A blindCase is one line of the blind set. Parts holds one list of
// alternatives per ask of the question; an empty Parts (tag "oos") must be
// declined, and a null Parts (tag "uncovered") is a question no article
// answered when it was written, left out of the gate.
type blindCase struct {
	// Prev is the message before the question, for a follow-up set
	// (see TestFollowUps); "" elsewhere.
	Prev  string       `json:"prev,omitempty"`
	Q     string       `json:"q"`
	Lang  string       `json:"lang"`
	Parts [][]blindAlt `json:"parts"`
	Tags  []string     `json:"tags"`
	// file and line say where the question is written.
	file string
	line int
}

func (c blindCase) has(tag string) bool { return slices.Contains(c.Tags, tag) }

// renamedSections maps a section name the blind set was written with to
// the section's current name, "article › old" to "new", for headings
// restored or renamed after the set was committed. The set itself stays
// as it was written.
var renamedSections = map[string]string{
	"customs › 在美国海关（CBP）备案商标":                                                                  "CBP 的商标记录程序",
	"amazon-account-reinstatement › Deadline and what happens if you do not appeal":             "If you miss the window to appeal",
	"copyright › Registering copyright in the US":                                               "What the Copyright Office register adds",
	"etsy › Filing a counter-notice (copyright only)":                                           "Counter-notices on Etsy (copyright only)",
	"alibaba-ipp › Filing a complaint":                                                          "Submitting a complaint through IPP",
	"alibaba-ipp › 速卖通、淘宝卖家被投诉侵权怎么申诉":                                                           "卖家被 IPP 投诉了怎么办",
	"amazon-brand-registry › Which trademark offices count, and is a Chinese trademark enough?": "Which trademark offices Amazon accepts",
	"amazon-ip-response › 版权投诉：提交反通知后多久恢复":                                                      "版权投诉：反通知和10天等待期",
	"amazon-report-violation › Using test buys as evidence":                                     "Test buys: ordering the product to prove it",
	"consumer-claims › eBay Money Back Guarantee":                                               "Refunds under the eBay Money Back Guarantee",
	"copyright › 在美国登记版权有什么用":                                                                   "美国版权登记的作用",
	"dmca-notice › What a DMCA takedown notice must contain":                                    "What a DMCA notice must contain",
	"dmca-notice › Where to send a DMCA notice: the designated agent":                           "Where to send it",
	"ebay-vero › Appealing a VeRO removal: counter-notice and other routes":                     "Copyright counter-notice and other appeals",
	"eu-dsa › Appealing a platform decision: internal complaint and out-of-court settlement":    "Challenging a decision: internal complaint and out-of-court settlement",
	"image-copyright › Can I use my supplier's photos":                                          "Supplier and factory images",
	"listing-keywords › Brand names in backend search terms":                                    "Hidden keywords and other brands",
	"patent-design › Utility patent or design patent: what is the difference":                   "What each kind of patent protects",
	"supplier-vetting › Red flags in a supplier":                                                "Warning signs of a fake source",
	"takedown-response › Is the infringement complaint valid?":                                  "Checking whether the complaint holds up",
	"takedown-response › Just got an IP complaint: the first hour":                              "First hour: what to do and what not to do",
	"takedown-response › 各平台申诉和反通知的时限":                                                          "需要记住的时限",
	"tm-us › How long a US trademark lasts":                                                     "Keeping a US registration alive",
}

func loadBlind(t testing.TB) []blindCase {
	t.Helper()
	cases := loadQuestionFile(t, "testdata/blind.jsonl")
	for _, c := range cases {
		for _, part := range c.Parts {
			for k, alt := range part {
				if to, ok := renamedSections[alt.Article+" › "+alt.Section]; ok {
					part[k].Section = to
				}
			}
		}
	}
	return cases
}

// loadQuestionFile reads a file in the blind set's form.
func loadQuestionFile(t testing.TB, path string) []blindCase {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []blindCase
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for n := 1; sc.Scan(); n++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var c blindCase
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatalf("%s:%d: %v", filepath.Base(path), n, err)
		}
		c.line, c.file = n, filepath.Base(path)
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return cases
}

// shows reports whether section s is one of the alternatives.
func shows(s *Section, alts []blindAlt) bool {
	for _, a := range alts {
		if isSection(s, a.Article, a.Section) {
			return true
		}
	}
	return false
}

// isSection reports whether s is the section named name of article id,
// in either language: an article's languages have the same sections in
// the same order, so a question labelled with a section's English name
// is answered as well by its Chinese twin, and the reverse. Labels were
// written when some articles had one language only.
func isSection(s *Section, id, name string) bool {
	a := s.Article()
	if a.ID != id {
		return false
	}
	if s.Name() == name {
		return true
	}
	i := slices.Index(a.Sections, s)
	for _, names := range bundledSectionNames()[id] {
		if i >= 0 && len(names) == len(a.Sections) && names[i] == name {
			return true
		}
	}
	return false
}

// bundledSectionNames lists the section names of each bundled article,
// by id and language.
var bundledSectionNames = sync.OnceValue(func() map[string]map[string][]string {
	files, err := readArticles(Bundled())
	if err != nil {
		panic(err)
	}
	out := map[string]map[string][]string{}
	for _, f := range files {
		a, _, err := ParseArticle(f.path, f.data)
		if err != nil {
			continue
		}
		if out[a.ID] == nil {
			out[a.ID] = map[string][]string{}
		}
		for _, s := range a.Sections {
			out[a.ID][a.Lang] = append(out[a.ID][a.Lang], s.Name())
		}
	}
	return out
})

// sectionNamed reports whether name is one of names, or the twin in the
// other language of one of them, in article id.
func sectionNamed(id, name string, names []string) bool {
	if slices.Contains(names, name) {
		return true
	}
	langs := bundledSectionNames()[id]
	for _, from := range langs {
		i := slices.Index(from, name)
		if i < 0 {
			continue
		}
		for _, to := range langs {
			if len(to) == len(from) && slices.Contains(names, to[i]) {
				return true
			}
		}
	}
	return false
}

func showsArticle(s *Section, alts []blindAlt) bool {
	for _, a := range alts {
		if s.Article().ID == a.Article {
			return true
		}
	}
	return false
}

// blindJudge says whether an answer is right for c: section level (the
// first section shown is an alternative of a single ask; every ask of a
// multi-part question has an alternative among the sections shown) and
// article level (the same, asking only for the article).
func blindJudge(c blindCase, ans *Answer) (section, article bool) {
	if !ans.Answered || len(ans.Sections) == 0 {
		return false, false
	}
	if len(c.Parts) == 1 {
		return shows(ans.Sections[0], c.Parts[0]), showsArticle(ans.Sections[0], c.Parts[0])
	}
	section, article = true, true
	for _, part := range c.Parts {
		if !slices.ContainsFunc(ans.Sections, func(s *Section) bool { return shows(s, part) }) {
			section = false
		}
		if !slices.ContainsFunc(ans.Sections, func(s *Section) bool { return showsArticle(s, part) }) {
			article = false
		}
	}
	return section, article
}

// TestBlind measures Ask on the blind set and gates section-level top-1
// and out-of-scope declines. It prints aggregate figures only; run it with
// -args -blind.failures to see the questions it gets wrong.
func TestBlind(t *testing.T) {
	ix := openTest(t, Options{})
	cases := loadBlind(t)
	if how := perturb(cases, ix.snap); how != "" {
		// Measured with its questions changed, the blind set is not
		// gated.
		m := measureBlindForm(t, ix, cases)
		t.Log(m.report("blind set with " + how))
		return
	}
	m := measureBlindForm(t, ix, cases)
	t.Log(m.report("blind set"))
	if *showBlindFailures {
		t.Log("failures:\n" + strings.Join(m.failures, "\n"))
	}
	if m.all.n < 100 || m.oos < 25 {
		t.Errorf("the blind set has %d questions to answer and %d out of scope; want at least 100 and 25", m.all.n, m.oos)
	}
	top1, rej := pct(m.all.section, m.all.n), pct(m.declined, m.oos)
	if top1 >= blindMinTop1 && rej >= blindMinDeclined {
		return
	}
	msg := fmt.Sprintf("blind gate: section top-1 %.1f%% (want %.0f%%), out of scope declined %.1f%% (want %.0f%%)", top1, blindMinTop1, rej, blindMinDeclined)
	if blindGateEnforced {
		t.Error(msg)
	} else {
		t.Log(msg + "; not enforced (blindGateEnforced is false)")
	}
}

// A blindTally counts questions to answer and those answered right, at
// section and at article level.
type blindTally struct{ n, section, article int }

// A blindMeasure is what Ask did with questions in the blind set's form.
type blindMeasure struct {
	all   blindTally
	byTag map[string]*blindTally
	// oos counts the questions to decline and declined those declined;
	// uncovered those no article answered when they were written.
	oos, declined, uncovered, uncoveredAnswered, inScopeDeclined int
	failures                                                     []string
	// causes counts the failures by cause (see failureCause), so that a
	// set nobody may read is still understood.
	causes map[string]int
	// right tells, by "file:line", whether each question was answered
	// as its key wants: its section shown, or declined when out of scope
	// (see TestArrival's -arrival.save).
	right map[string]bool
}

// failureCause names why the answer to an in-scope question c is wrong.
func failureCause(c blindCase, ans *Answer) string {
	if !ans.Answered || len(ans.Sections) == 0 {
		return "in scope, declined"
	}
	if len(c.Parts) == 1 {
		if !showsArticle(ans.Sections[0], c.Parts[0]) {
			return "one ask, wrong article"
		}
		return "one ask, right article, wrong section"
	}
	right := 0
	for _, part := range c.Parts {
		if slices.ContainsFunc(ans.Sections, func(s *Section) bool { return shows(s, part) }) {
			right++
		}
	}
	switch {
	case len(splitParts(c.Q)) < min(len(c.Parts), maxParts) && right > 0:
		return "several asks, not all found, some answered"
	case len(splitParts(c.Q)) < min(len(c.Parts), maxParts):
		return "several asks, not all found, none answered"
	case right > 0:
		return "several asks found, some answered"
	}
	return "several asks found, none answered"
}

// measureBlindForm asks every question of cases and judges the answers as
// TestBlind does. Every section the answer key names must exist, or its
// question would be wrong forever.
func measureBlindForm(t *testing.T, ix *Index, cases []blindCase) *blindMeasure {
	t.Helper()
	m := &blindMeasure{byTag: map[string]*blindTally{}, causes: map[string]int{}, right: map[string]bool{}}
	// A tuning file's questions are answered with the tables learned
	// without it; any other file's with the bundled ones.
	h := newHeldOut(t, ix)
	defer h.use("")
	for _, c := range cases {
		h.use(strings.TrimSuffix(c.file, ".jsonl"))
		for _, part := range c.Parts {
			for _, alt := range part {
				if !sectionExists(ix, alt) {
					t.Errorf("%s:%d: no section %q in article %q (in either language)", c.file, c.line, alt.Section, alt.Article)
				}
			}
		}
		ans, err := ix.Ask(context.Background(), c.Q)
		if err != nil {
			t.Fatal(err)
		}
		where := fmt.Sprintf("%s:%d %s [%s] %q", c.file, c.line, c.Lang, strings.Join(c.Tags, ","), c.Q)
		switch {
		case c.Parts == nil:
			m.uncovered++
			if ans.Answered {
				m.uncoveredAnswered++
			}
			continue
		case len(c.Parts) == 0:
			m.oos++
			m.right[fmt.Sprintf("%s:%d", c.file, c.line)] = !ans.Answered
			if !ans.Answered {
				m.declined++
			} else {
				m.failures = append(m.failures, fmt.Sprintf("%s\n\twant declined\n\tgot  %s", where, describe(ans)))
				m.causes["out of scope, answered"]++
			}
			continue
		}
		if !ans.Answered {
			m.inScopeDeclined++
		}
		sec, art := blindJudge(c, ans)
		m.right[fmt.Sprintf("%s:%d", c.file, c.line)] = sec
		for _, k := range append([]string{"", "lang:" + c.Lang}, c.Tags...) {
			tl := &m.all
			if k != "" {
				if m.byTag[k] == nil {
					m.byTag[k] = &blindTally{}
				}
				tl = m.byTag[k]
			}
			tl.n++
			if sec {
				tl.section++
			}
			if art {
				tl.article++
			}
		}
		if !sec {
			cause := failureCause(c, ans)
			m.failures = append(m.failures, fmt.Sprintf("%s\n\tcause %s\n\twant %s\n\tgot  %s", where, cause, wantParts(c), describe(ans)))
			m.causes[cause]++
		}
	}
	return m
}

// report gives the figures, in all and by language and tag.
func (m *blindMeasure) report(name string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: section top-1 %.1f%% (%d/%d), article %.1f%%, in scope but declined %d; out of scope declined %.1f%% (%d/%d); uncovered answered %d/%d\n",
		name, pct(m.all.section, m.all.n), m.all.section, m.all.n, pct(m.all.article, m.all.n), m.inScopeDeclined, pct(m.declined, m.oos), m.declined, m.oos, m.uncoveredAnswered, m.uncovered)
	tags := make([]string, 0, len(m.byTag))
	for k := range m.byTag {
		tags = append(tags, k)
	}
	sort.Strings(tags)
	for _, k := range tags {
		tl := m.byTag[k]
		fmt.Fprintf(&b, "  %-10s section %5.1f%% article %5.1f%% (%d)\n", k, pct(tl.section, tl.n), pct(tl.article, tl.n), tl.n)
	}
	if len(m.causes) > 0 {
		b.WriteString("  failures by cause:\n")
		for _, k := range slices.Sorted(maps.Keys(m.causes)) {
			fmt.Fprintf(&b, "    %-45s %d\n", k, m.causes[k])
		}
	}
	return b.String()
}

func sectionExists(ix *Index, alt blindAlt) bool {
	for _, lang := range []string{"en", "zh"} {
		if a, ok := ix.Article(alt.Article, lang); ok {
			for _, s := range a.Sections {
				if s.Name() == alt.Section {
					return true
				}
			}
		}
	}
	return false
}

func wantParts(c blindCase) string {
	var parts []string
	for _, part := range c.Parts {
		var alts []string
		for _, a := range part {
			alts = append(alts, a.Article+" › "+a.Section)
		}
		parts = append(parts, strings.Join(alts, " | "))
	}
	return strings.Join(parts, "  AND  ")
}

// wantAnswer asks q and reports an error unless it is answered from
// article, first with the section named section when that is not "".
func wantAnswer(t *testing.T, ix *Index, q, article, section string) {
	t.Helper()
	ans, err := ix.Ask(t.Context(), q)
	if err != nil {
		t.Fatal(err)
	}
	if !ans.Answered || ans.Article().ID != article || section != "" && ans.Sections[0].Name() != section {
		t.Errorf("%q got %s, want %s › %s", q, describe(ans), article, section)
	}
}

func describe(ans *Answer) string {
	var secs []string
	for _, s := range ans.Sections {
		secs = append(secs, s.Article().File+" › "+s.Name())
	}
	return fmt.Sprintf("answered=%v cov=%.2f %s", ans.Answered, ans.Coverage, strings.Join(secs, " + "))
}
