package knowledge

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
)

var learnedUpdate = flag.Bool("learned.update", false, "rewrite learned.tsv from the tuning files")

// learnedLabels returns the articles and the sections (named as
// snapshot.sectionLabel names them) that answer c.
func learnedLabels(s *snapshot, c evalCase) (arts, secs []string) {
	add := func(list []string, l string) []string {
		if l == "" || slices.Contains(list, l) {
			return list
		}
		return append(list, l)
	}
	alts := append([]evalAlt{{c.Article, c.Section}}, c.Also...)
	for _, p := range c.parts {
		alts = append(alts, p...)
	}
	for _, alt := range alts {
		if alt.Article == "" {
			continue
		}
		arts = add(arts, alt.Article)
		for _, lang := range Languages {
			a, ok := s.articles[lang+"/"+alt.Article]
			if !ok {
				continue
			}
			if i := slices.IndexFunc(a.Sections, func(sec *Section) bool { return sec.Name() == alt.Section }); i >= 0 {
				secs = add(secs, s.sectionLabel(a.Sections[i]))
				break
			}
		}
	}
	return arts, secs
}

// minPartWords is the fewest words of its own a part of a tuning
// question needs to be kept as an example: a part of a word or two
// ("多少钱", "and the deadline?") asks its fact only with the rest of its
// question. Parts of fewer words were not measured as examples.
const minPartWords = 3

// ownWords counts the terms of an example that are words of the
// question, not concepts or asks read into it.
func ownWords(ts []string) int {
	n := 0
	for _, t := range ts {
		if !strings.HasPrefix(t, "=") && !strings.HasPrefix(t, "?") {
			n++
		}
	}
	return n
}

// maxExampleQuestion is the longest tuning question, in bytes, kept as
// an example (see snapshot.learnedExamples): a seller's whole story is
// no example of how a fact is asked for.
const maxExampleQuestion = 300

// sourceFiles returns the files the tables count.
func sourceFiles() []string {
	files := append([]string{"testdata/eval.jsonl"}, evalParts...)
	for _, g := range freshGlobs {
		fresh, _ := filepath.Glob(g)
		files = append(files, fresh...)
	}
	return files
}

// questionsOf reads the questions, and the questions before follow-ups,
// of files.
func questionsOf(files []string) []string {
	var out []string
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			panic(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
		for sc.Scan() {
			var c struct{ Q, Prev string }
			if json.Unmarshal(sc.Bytes(), &c) != nil {
				continue
			}
			for _, q := range []string{c.Q, c.Prev} {
				if q != "" {
					out = append(out, q)
				}
			}
		}
		f.Close()
	}
	return out
}

// protectedTerms holds the term sets of the questions of the files the
// tables never count.
var protectedTerms = sync.OnceValue(func() [][]string {
	all, _ := filepath.Glob("testdata/*.jsonl")
	all = slices.DeleteFunc(all, func(p string) bool { return slices.Contains(sourceFiles(), p) })
	var out [][]string
	for _, q := range questionsOf(all) {
		out = append(out, termSet(q))
	}
	return out
})

// parsedMemo remembers each question's terms and asks as learnFrom
// reads them: the tables are learned once for each round held out, from
// the same questions, and reading a question is most of the work.
var parsedMemo sync.Map

// A parsedKey is a question as a snapshot reads it.
type parsedKey struct {
	s *snapshot
	q string
}

// A parsedQuestion is what learnFrom keeps of a question's reading.
type parsedQuestion struct {
	terms []string
	asks  []ask
}

// parsedOf returns question q's terms and asks as s reads it.
func parsedOf(s *snapshot, q string) parsedQuestion {
	k := parsedKey{s, q}
	if v, ok := parsedMemo.Load(k); ok {
		return v.(parsedQuestion)
	}
	pq := s.parseQuery(q)
	p := parsedQuestion{queryTerms(pq), pq.asks}
	parsedMemo.Store(k, p)
	return p
}

// exampleMemo and partsMemo remember exampleTerms' and splitParts'
// answers, which depend on the question alone: the tables are learned
// once for each round held out, over the same questions each time, and
// reading them again was most of the time the model tests took.
var exampleMemo, partsMemo sync.Map

// remembered returns f(q), kept in memo for the next call with q.
func remembered(memo *sync.Map, q string, f func(string) []string) []string {
	if v, ok := memo.Load(q); ok {
		return slices.Clone(v.([]string))
	}
	r := f(q)
	memo.Store(q, slices.Clone(r))
	return r
}

// nearCopyMemo remembers nearCopy's answers: the tables are learned
// once for each file held out.
var nearCopyMemo sync.Map

// nearCopy reports whether q, a tuning question or a part of one, is a
// near copy (see nearCopyShare) of a question in a file the tables never
// count: the blind set and the follow-ups. Such a
// question is counted in the tables but kept as no example, so that no
// question those files measure is answered by looking up its near twin.
func nearCopy(q string) bool {
	if v, ok := nearCopyMemo.Load(q); ok {
		return v.(bool)
	}
	k := termSet(q)
	near := false
	if len(k) >= 2 {
		for _, o := range protectedTerms() {
			if share(k, o) >= nearCopyShare {
				near = true
				break
			}
		}
	}
	nearCopyMemo.Store(q, near)
	return near
}

// addExample keeps terms as an example of each of the sections labels.
func addExample(f *learnedFile, labels []string, terms []string) {
	if f.Examples == nil {
		f.Examples = map[string][][]string{}
	}
	for _, l := range labels {
		f.Examples[l] = append(f.Examples[l], terms)
	}
}

// addOutExample keeps c, a tuning question the base must decline, as an
// example of such questions (see snapshot.exampleSignals), unless it is
// long, a near copy of a protected question, or has no term the base
// knows.
func addOutExample(f *learnedFile, c evalCase) {
	if c.Article != "" || len(c.parts) > 0 || len(c.Q) >= maxExampleQuestion || nearCopy(c.Q) {
		return
	}
	if x := remembered(&exampleMemo, c.Q, exampleTerms); len(x) > 0 {
		addExample(f, []string{outExamplesLabel}, x)
	}
}

// learnFrom counts the questions of the tuning files in folds, and those
// of the fresh rounds in fresh (see freshRounds), but those of the file
// or round leave, into the tables of learned.tsv.
func learnFrom(s *snapshot, folds, fresh map[string][]evalCase, leave string) learnedFile {
	type counts struct {
		labels map[string]float64
		n      map[string]float64
		c      map[string]map[string]float64
	}
	newCounts := func() *counts {
		return &counts{labels: map[string]float64{}, n: map[string]float64{}, c: map[string]map[string]float64{}}
	}
	arts, secs, scope := newCounts(), newCounts(), newCounts()
	scope.labels[scopeIn], scope.labels[scopeOut] = 0, 0
	// Every article and section of the base is a label, counted or not:
	// one the tables do not name at all is one added since (see
	// snapshot.chooseArticle).
	for _, sec := range s.sections {
		arts.labels[sec.article.ID] += 0
		secs.labels[s.sectionLabel(sec)] += 0
	}
	// countShare counts a question's terms under its labels as w of one
	// question.
	countShare := func(into *counts, terms, labels []string, w float64) {
		if len(labels) == 0 {
			return
		}
		share := w / float64(len(labels))
		for _, t := range terms {
			into.n[t]++
			if into.c[t] == nil {
				into.c[t] = map[string]float64{}
			}
			for _, l := range labels {
				into.c[t][l] += share
				into.labels[l] += share
			}
		}
	}
	count := func(into *counts, terms, labels []string) { countShare(into, terms, labels, 1) }
	f := learnedFile{}
	// The fresh files count in the articles and sections tables, each
	// round's two languages held out together, and in the scope table
	// at freshScopeShare of a question (see learned.go); their
	// questions to be declined are kept as examples of such questions,
	// as the others are.
	learn := func(folds map[string][]evalCase, fresh bool) {
		for _, name := range sortedKeys(folds) {
			if name == leave {
				continue
			}
			for _, c := range folds[name] {
				if c.uncovered {
					continue
				}
				a, sec := learnedLabels(s, c)
				q := parsedOf(s, c.Q)
				terms := slices.Clone(q.terms)
				switch {
				case fresh && len(sec) == 0:
					if c.Article == "" && len(c.parts) == 0 {
						countShare(scope, terms, []string{scopeOut}, freshScopeShare)
					}
					addOutExample(&f, c)
					continue
				case fresh:
					countShare(scope, terms, []string{scopeIn}, freshScopeShare)
				case len(a) == 0:
					if c.Article == "" && len(c.parts) == 0 {
						count(scope, terms, []string{scopeOut})
						addOutExample(&f, c)
					}
					continue
				default:
					count(scope, terms, []string{scopeIn})
					f.Questions++
				}
				if len(c.parts) <= 1 && len(c.Q) < maxExampleQuestion && !nearCopy(c.Q) {
					addExample(&f, sec, remembered(&exampleMemo, c.Q, exampleTerms))
				}
				// Each part of a question of several asks is an example of
				// the sections that answer it, when the question splits
				// into as many parts as it has asks (see example.go).
				if ps := remembered(&partsMemo, c.Q, splitParts); len(c.parts) > 1 && len(ps) == len(c.parts) && !nearCopy(c.Q) {
					for k, p := range ps {
						if x := remembered(&exampleMemo, p, exampleTerms); len(p) < maxExampleQuestion && !nearCopy(p) && ownWords(x) >= minPartWords {
							_, ls := learnedLabels(s, evalCase{parts: [][]evalAlt{c.parts[k]}})
							addExample(&f, ls, x)
						}
					}
				}
				count(arts, terms, a)
				for _, a := range q.asks {
					terms = append(terms, askTerm(a))
				}
				count(secs, terms, sec)
			}
		}
	}
	learn(folds, false)
	learn(fresh, true)
	round := func(x float64) float64 { return math.Round(x*1e4) / 1e4 }
	table := func(c *counts) learnedTable {
		t := learnedTable{Labels: map[string]float64{}, Terms: map[string]learnedTerm{}}
		for l, n := range c.labels {
			t.Labels[l] = round(n)
		}
		for term, n := range c.n {
			if n < learnedMinQuestions {
				continue
			}
			e := learnedTerm{N: n, Labels: map[string]float64{}}
			for l, k := range c.c[term] {
				e.Labels[l] = round(k)
			}
			t.Terms[term] = e
		}
		return t
	}
	f.Articles, f.Sections, f.Scope = table(arts), table(secs), table(scope)
	return f
}

// TestLearnedModel fails when learned.tsv is not what the tuning files
// and the bundled articles give (a tuning question, an article or the
// reading of a question changed); -learned.update rewrites it:
//
//	go test ./knowledge -run TestLearnedModel -args -learned.update
func TestLearnedModel(t *testing.T) {
	ix := openTest(t, Options{})
	f := learnFrom(ix.snap, evalFolds(t), freshRounds(t), "")
	data := f.marshal()
	if *learnedUpdate {
		if err := os.WriteFile("learned.tsv", data, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(data, bundledLearnedTSV) {
		t.Errorf("learned.tsv is not what the tuning files and articles give (%d questions counted); rewrite it with go test ./knowledge -run TestLearnedModel -args -learned.update", f.Questions)
	}
	back, err := parseLearned(data)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, f) {
		t.Error("learned.tsv does not read back as written")
	}
}

// heldOut swaps in, for each tuning file, the tables learned without
// it, so that a tuning question is answered as a question nobody
// learned from would be: the figures on the tuning files, and the fits
// of the section model and the answer decision on them, are honest.
type heldOut struct {
	s       *snapshot
	folds   map[string][]evalCase
	fresh   map[string][]evalCase
	shipped *learnedModels
	models  map[string]*learnedModels
	// shared guards models when they are the ones kept for the bundled
	// articles (see bundledHeldOut); nil otherwise.
	shared *sync.Mutex
	// inUse is the fold whose tables are in use, "" for the shipped
	// ones: swapping tables has every section's examples read again.
	inUse string
	used  bool
}

// bundledHeldOut keeps the tables learned without each fold on the
// bundled articles for the whole test binary. Learning them was most of
// what the tests that answer the tuning files spend (nearly half of the
// answer decision's fit), and every such test learned them again; the
// tables hold words and labels only, so any index of the bundled
// articles reads them alike.
var bundledHeldOut = struct {
	sync.Mutex
	models map[string]*learnedModels
}{models: map[string]*learnedModels{}}

func newHeldOut(t testing.TB, ix *Index) *heldOut {
	t.Helper()
	h := &heldOut{s: ix.snap, folds: evalFolds(t), fresh: freshRounds(t), shipped: ix.snap.learned, models: map[string]*learnedModels{}}
	if ix.opts.Base == nil && ix.opts.Dir == "" {
		h.shared = &bundledHeldOut.Mutex
		h.models = bundledHeldOut.models
	}
	return h
}

// use swaps in the tables learned without the tuning file named fold
// ("eval-e-en") or, for a file of a fresh round ("eval-ak-en"), without
// its round; or the bundled ones when fold is neither.
func (h *heldOut) use(fold string) {
	if _, ok := h.folds[fold]; !ok {
		if i := strings.LastIndex(fold, "-"); i > 0 && h.fresh[fold[:i]] != nil {
			fold = fold[:i]
		} else {
			fold = ""
		}
	}
	if h.used && fold == h.inUse {
		return
	}
	h.used, h.inUse = true, fold
	if fold == "" {
		h.s.numberLearned(h.shipped)
		return
	}
	if h.shared != nil {
		h.shared.Lock()
		defer h.shared.Unlock()
	}
	m, ok := h.models[fold]
	if !ok {
		m = learnFrom(h.s, h.folds, h.fresh, fold).models()
		h.models[fold] = m
	}
	h.s.numberLearned(m)
}

// firstSection returns the name of the first section ix shows for q, or
// "" when it shows none.
func firstSection(t *testing.T, ix *Index, q string) string {
	t.Helper()
	ans, err := ix.Ask(t.Context(), q)
	if err != nil {
		t.Fatal(err)
	}
	if len(ans.Sections) == 0 {
		return ""
	}
	return ans.Sections[0].Name()
}

// TestLearnedWordsFindTheSection checks what the learned tables add: a
// question whose words the base uses elsewhere gets the section that
// tuning questions in those words were answered from, and without the
// tables it gets the section its words match.
func TestLearnedWordsFindTheSection(t *testing.T) {
	const remove, pricing = "Removing other sellers from your listing", "Pricing rules"
	base := fstest.MapFS{"en/listing-sellers.md": {Data: []byte("---\ntitle: Other sellers on your listing\ntags: [amazon]\n---\n\n" +
		"## " + remove + "\n\nReport the offer through the brand's reporting tool after a test buy.\n\n" +
		"## " + pricing + "\n\nA listing's price is set by the featured offer: a price hijack is another seller undercutting it on the listing.\n")},
		"en/parcels.md": {Data: []byte("---\ntitle: Parcels\ntags: [shipping]\n---\n\n## Parcel times\n\nParcels take a week by sea freight.\n")}}
	ix := openTest(t, Options{Base: base})
	q := "somebody hijacked my listing, what can i do"
	if got := firstSection(t, ix, q); got != pricing {
		t.Fatalf("without learned tables %q gets %q first, want %q (the section its words match)", q, got, pricing)
	}
	folds := map[string][]evalCase{"tuning": {
		{Q: "another seller hijacked my listing", Article: "listing-sellers", Section: remove, Lang: "en"},
		{Q: "how to stop a listing hijack", Article: "listing-sellers", Section: remove, Lang: "en"},
		{Q: "hijack on my listing again", Article: "listing-sellers", Section: remove, Lang: "en"},
		{Q: "is a hijack against the rules", Article: "listing-sellers", Section: remove, Lang: "en"},
		{Q: "they hijacked it overnight", Article: "listing-sellers", Section: remove, Lang: "en"},
		{Q: "hijacking sellers everywhere", Article: "listing-sellers", Section: remove, Lang: "en"},
		{Q: "hijack", Article: "listing-sellers", Section: remove, Lang: "en"},
		{Q: "stop the hijack of my listing", Article: "listing-sellers", Section: remove, Lang: "en"},
		{Q: "hijacked again today", Article: "listing-sellers", Section: remove, Lang: "en"},
		{Q: "a hijacker sells fakes", Article: "listing-sellers", Section: remove, Lang: "en"},
		{Q: "how do hijackers get removed", Article: "listing-sellers", Section: remove, Lang: "en"},
		{Q: "the hijacking keeps happening", Article: "listing-sellers", Section: remove, Lang: "en"},
		{Q: "who sets the price of a listing", Article: "listing-sellers", Section: pricing, Lang: "en"},
		{Q: "what price does the featured offer show", Article: "listing-sellers", Section: pricing, Lang: "en"},
		{Q: "price rules for the featured offer", Article: "listing-sellers", Section: pricing, Lang: "en"},
		{Q: "can the offer price change", Article: "listing-sellers", Section: pricing, Lang: "en"},
	}}
	// Most questions are about other things, as in the bundled base.
	for _, w := range []string{"parcel", "parcels", "sea freight", "freight", "parcel times", "a week"} {
		for _, v := range []string{"how long do %s take", "%s by sea", "are %s slow"} {
			folds["tuning"] = append(folds["tuning"], evalCase{Q: fmt.Sprintf(v, w), Article: "parcels", Section: "Parcel times", Lang: "en"})
		}
	}
	f := learnFrom(ix.snap, folds, nil, "")
	if f.Questions != 34 {
		t.Fatalf("counted %d questions, want 34", f.Questions)
	}
	if got := f.Sections.Terms["hijack"].Labels["listing-sellers › "+remove]; got != 12 {
		t.Fatalf("hijack counted %v times with the removal section, want 12; terms %v", got, sortedKeys(f.Sections.Terms))
	}
	ix.snap.numberLearned(f.models())
	if got := firstSection(t, ix, q); got != remove {
		t.Errorf("with the learned tables %q gets %q first, want %q", q, got, remove)
	}

	// A section added to the article since the tables were learned is
	// not held back by them: its words decide, as without tables.
	const added = "Reports to the marketplace"
	grown := fstest.MapFS{}
	for name, file := range base {
		grown[name] = file
	}
	grown["en/listing-sellers.md"] = &fstest.MapFile{Data: []byte(strings.Replace(string(base["en/listing-sellers.md"].Data),
		"## "+pricing, "## "+added+"\n\nA hijack of your listing is reported with the hijacked listing's number.\n\n## "+pricing, 1))}
	ix = openTest(t, Options{Base: grown})
	if got := firstSection(t, ix, q); got != added {
		t.Fatalf("without learned tables %q gets %q first in the grown article, want %q", q, got, added)
	}
	ix.snap.numberLearned(f.models())
	if got := firstSection(t, ix, q); got != added {
		t.Errorf("with tables learned before %q was added, %q gets %q first, want the added section", added, q, got)
	}
}

// TestLearnedAskFindsTheSection checks that what a question asks is
// learned with its words: where its words match two sections alike, the
// one that tuning questions with the same ask were answered from comes
// first.
func TestLearnedAskFindsTheSection(t *testing.T) {
	const filing, budget = "Filing", "Planning ahead"
	base := fstest.MapFS{"en/widgets.md": {Data: []byte("---\ntitle: Widget marks\ntags: [trademark]\n---\n\n" +
		"## " + filing + "\n\nThe widget office examines each widget mark it receives.\n\n" +
		"## " + budget + "\n\nThe widget office publishes a yearly plan for widget marks.\n")},
		"en/parcels.md": {Data: []byte("---\ntitle: Parcels\ntags: [shipping]\n---\n\n## Parcel times\n\nParcels take a week by sea freight.\n")}}
	ix := openTest(t, Options{Base: base})
	q := "how much for the widget office"
	if got := firstSection(t, ix, q); got != filing {
		t.Fatalf("without learned tables %q gets %q first, want %q", q, got, filing)
	}
	folds := map[string][]evalCase{"tuning": {}}
	for _, v := range []string{"how much is it", "what does it cost", "how much do i pay", "what are the fees", "how much will that be", "price?"} {
		folds["tuning"] = append(folds["tuning"], evalCase{Q: v, Article: "widgets", Section: budget, Lang: "en"})
	}
	for _, v := range []string{"is it examined", "who examines it", "examined by whom"} {
		folds["tuning"] = append(folds["tuning"], evalCase{Q: v, Article: "widgets", Section: filing, Lang: "en"})
	}
	for _, v := range []string{"how long do parcels take", "parcels by sea", "are parcels slow", "sea freight parcels"} {
		folds["tuning"] = append(folds["tuning"], evalCase{Q: v, Article: "parcels", Section: "Parcel times", Lang: "en"})
	}
	f := learnFrom(ix.snap, folds, nil, "")
	cost := askTerm(askCost)
	if got := f.Sections.Terms[cost].Labels["widgets › "+budget]; got < 5 {
		t.Fatalf("%s counted %v times with the planning section, want at least 5; terms %v", cost, got, sortedKeys(f.Sections.Terms))
	}
	if _, ok := f.Articles.Terms[cost]; ok {
		t.Errorf("%s is in the articles table; asks are learned for sections only", cost)
	}
	ix.snap.numberLearned(f.models())
	if got := firstSection(t, ix, q); got != budget {
		t.Errorf("with the learned tables %q gets %q first, want %q (the section questions asking how much were answered from)", q, got, budget)
	}
}

// TestUnaskedSectionNotHeldBack checks that a section no tuning
// question was answered from is not held back by the learned tables
// below its siblings that some were: it counts as their mean.
func TestUnaskedSectionNotHeldBack(t *testing.T) {
	const first, second, unasked = "Filing with the office", "Fees of the office", "Appeals at the office"
	base := fstest.MapFS{"en/widgets.md": {Data: []byte("---\ntitle: Widget marks\ntags: [trademark]\n---\n\n" +
		"## " + first + "\n\nThe widget office examines each widget mark it receives.\n\n" +
		"## " + second + "\n\nThe widget office charges a fee for each widget mark.\n\n" +
		"## " + unasked + "\n\nA refused widget mark can be taken to the board of the widget office.\n")}}
	ix := openTest(t, Options{Base: base})
	folds := map[string][]evalCase{"tuning": {}}
	for _, v := range []string{"widget mark examined", "examines my widget mark", "widget mark exam time"} {
		folds["tuning"] = append(folds["tuning"], evalCase{Q: v, Article: "widgets", Section: first, Lang: "en"})
	}
	for _, v := range []string{"widget mark fee", "fee for a widget mark", "widget mark charges"} {
		folds["tuning"] = append(folds["tuning"], evalCase{Q: v, Article: "widgets", Section: second, Lang: "en"})
	}
	ix.snap.numberLearned(learnFrom(ix.snap, folds, nil, "").models())
	s := ix.snap
	var rows []int
	for i, sec := range s.sections {
		if sec.article.ID == "widgets" && len(sec.Heading) > 0 {
			rows = append(rows, i)
		}
	}
	if len(rows) != 3 {
		t.Fatalf("%d sections, want 3", len(rows))
	}
	got := s.sectionLearned(rows, s.parseQuery("can a refused widget mark be taken to the board"))
	if got[0] <= 0 || got[1] <= 0 {
		t.Fatalf("associations %v: the asked sections should have some for a question with their words", got)
	}
	if want := (got[0] + got[1]) / 2; math.Abs(got[2]-want) > 1e-9 {
		t.Errorf("the unasked section's association is %v, want its siblings' mean %v (all: %v)", got[2], want, got)
	}
}

// TestLearnedScope checks the scope table: a question whose words came
// with tuning questions the base must decline leans out of scope, one
// whose words came with questions it answers leans in, and with no
// table neither does.
func TestLearnedScope(t *testing.T) {
	base := fstest.MapFS{"en/widgets.md": {Data: []byte("---\ntitle: Widget marks\ntags: [trademark]\n---\n\n" +
		"## Filing\n\nThe widget office examines each widget mark it receives and charges a fee.\n")},
		"en/parcels.md": {Data: []byte("---\ntitle: Parcels\ntags: [shipping]\n---\n\n## Parcel times\n\nParcels take a week by sea freight; insurance costs extra.\n")}}
	ix := openTest(t, Options{Base: base})
	s := ix.snap
	out, in := s.parseQuery("is parcel insurance worth it for sea freight"), s.parseQuery("what fee does the widget office charge")
	if got := (&learnedModels{}).outOfScope(out); got != 0 {
		t.Fatalf("with no scope table, out of scope %v, want 0", got)
	}
	folds := map[string][]evalCase{"tuning": {}}
	for _, v := range []string{"widget mark fee", "does the widget office examine marks", "widget office charges", "fee for a widget mark"} {
		folds["tuning"] = append(folds["tuning"], evalCase{Q: v, Article: "widgets", Section: "Filing", Lang: "en"})
	}
	for _, v := range []string{"parcel insurance", "is sea freight cheaper", "insurance for a parcel", "sea freight times"} {
		folds["tuning"] = append(folds["tuning"], evalCase{Q: v, Lang: "en"})
	}
	f := learnFrom(s, folds, nil, "")
	if f.Scope.Labels[scopeOut] == 0 || f.Scope.Labels[scopeIn] == 0 {
		t.Fatalf("scope labels %v, want both counted", f.Scope.Labels)
	}
	m := f.models()
	if got := m.outOfScope(out); got <= 0 {
		t.Errorf("%q: out of scope %v, want above 0 (its words came with questions to decline)", out.text, got)
	}
	if got := m.outOfScope(in); got >= 0 {
		t.Errorf("%q: out of scope %v, want below 0 (its words came with questions answered)", in.text, got)
	}
}

// queryTerms returns the terms of q's words, once each.
func queryTerms(q query) []string {
	var terms []string
	for _, u := range q.units {
		for _, t := range u.terms {
			if !slices.Contains(terms, t) {
				terms = append(terms, t)
			}
		}
	}
	return terms
}

// freshGlobs match the files the tables count beside evalFolds' files:
// the fresh tuning files eval-aa to eval-al, eval-av to eval-az and
// eval-ba onwards, and
// the judges' files (eval-k to eval-r, eval-u to eval-y, eval-am to
// eval-au), each round held out when it is measured (see learned.go).
var freshGlobs = []string{"testdata/eval-a[a-z]-*.jsonl", "testdata/eval-b[a-z]-*.jsonl", "testdata/eval-[k-r]-*.jsonl", "testdata/eval-[u-y]-*.jsonl"}

// freshRounds returns the questions of freshGlobs' files by round, both
// languages of a round together.
func freshRounds(t testing.TB) map[string][]evalCase {
	t.Helper()
	out := map[string][]evalCase{}
	for _, g := range freshGlobs {
		maps.Copy(out, filesBy(t, g, func(base string) string { return base[:strings.LastIndex(base, "-")] }))
	}
	return out
}

// widgetBase is a base of two articles: on widget marks, whose sections
// on filing and on keeping a mark both name the widget office, and on
// parcels.
var widgetBase = fstest.MapFS{
	"en/widgets.md": {Data: []byte("---\ntitle: Widget marks\ntags: [trademark]\n---\n\n" +
		"## " + filing + "\n\nThe widget office examines each widget mark it receives, and the owner pays a fee.\n\n" +
		"## " + keeping + "\n\nA widget mark is kept for ten years, and the owner pays a fee to the widget office again.\n")},
	"en/parcels.md": {Data: []byte("---\ntitle: Parcels\ntags: [shipping]\n---\n\n## Insurance\n\nParcel insurance can lapse when a premium is missed.\n")},
}

// The sections of widgetBase's article on widget marks.
const filing, keeping = "Filing with the office", "Keeping a mark"

// TestTuningQuestionIsAnExample checks that a tuning question of one ask
// is an example of the section that answers it, as the section's own
// aliases are (see exampleFit): a question near it is shown that
// section, though the section's text does not use the question's word.
func TestTuningQuestionIsAnExample(t *testing.T) {
	ix := openTest(t, Options{Base: widgetBase})
	folds := map[string][]evalCase{"tuning": {{Q: "can a widget mark lapse", Article: "widgets", Section: keeping, Lang: "en"}}}
	// Without the example the section on filing is shown: both name the
	// widget office, and its heading names the office.
	q := "does the widget office let a mark lapse"
	f := learnFrom(ix.snap, folds, nil, "")
	if len(f.Examples) == 0 {
		t.Fatal("the tuning question was kept as no example")
	}
	ix.snap.numberLearned(f.models())
	if got := firstSection(t, ix, q); got != keeping {
		t.Errorf("%q: %q, want %q (the tuning question near it was answered from it)", q, got, keeping)
	}
	back, err := parseLearned(f.marshal())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back.Examples, f.Examples) {
		t.Errorf("examples read back as %v, want %v", back.Examples, f.Examples)
	}
}

// TestPartOfATuningQuestionIsAnExample checks that each part of a tuning
// question of two asks is an example of the section that answers that
// part: a question near one part is shown its section, though the
// whole question was not near it, and the section's text does not use
// the question's word.
func TestPartOfATuningQuestionIsAnExample(t *testing.T) {
	ix := openTest(t, Options{Base: widgetBase})
	two := evalCase{Q: "what does the widget office examine when I file, and can a widget mark lapse", Lang: "en",
		parts: [][]evalAlt{{{Article: "widgets", Section: filing}}, {{Article: "widgets", Section: keeping}}}}
	if got := len(splitParts(two.Q)); got != 2 {
		t.Fatalf("the tuning question splits into %d parts, want 2", got)
	}
	f := learnFrom(ix.snap, map[string][]evalCase{"tuning": {two}}, nil, "")
	q := "does the widget office let a mark lapse"
	// Without the parts as examples the section on filing is shown, as
	// TestTuningQuestionIsAnExample shows without the example.
	ix.snap.numberLearned(f.models())
	if got := firstSection(t, ix, q); got != keeping {
		t.Errorf("%q: %q, want %q (the part of a tuning question near it was answered from it)", q, got, keeping)
	}
	if len(f.Examples) == 0 {
		t.Fatal("the tuning question's parts were kept as no example")
	}
	back, err := parseLearned(f.marshal())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back.Examples, f.Examples) {
		t.Errorf("examples read back as %v, want %v", back.Examples, f.Examples)
	}
}
