package knowledge

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"sync"
)

// An Index answers questions from a set of articles: the bundled ones,
// overridden by an operator's folder. It is safe for concurrent use; a
// reload builds a new index beside the serving one and swaps it in.
type Index struct {
	opts Options

	mu   sync.RWMutex
	snap *snapshot

	// ready is closed once the first build has finished (see Start);
	// openErr is its error, if it failed.
	ready   chan struct{}
	openErr error

	loadMu   sync.Mutex          // serialises reloads
	lastGood map[string]*Article // override file → last version that parsed
	lastSig  string              // override folder signature at last load
	reported map[string]string   // override file → signature of the last reported failure
}

// Options configures Open.
type Options struct {
	// Base holds the articles served when nothing overrides them, laid out
	// as en/*.md and zh/*.md. Nil means the bundled articles.
	Base fs.FS
	// Dir is an operator's folder with the same layout; an article there
	// replaces the base article with the same id and language, or adds a
	// new one. Empty means none.
	Dir string
	// OnProblem is told about each override article that fails to parse
	// (once per version of the file) and each reload that fails; the last
	// good version keeps serving. Nil discards the reports.
	OnProblem func(error)
}

// snapshot is one built index: the articles, the term statistics and
// postings of their sections, and what the answer decision reads.
type snapshot struct {
	articles map[string]*Article // "lang/id" → article
	ordered  []*Article          // sorted by lang, id
	sections []*Section          // rowid-1 → section
	rowsOf   map[*Article][]int  // article → its indexes in sections
	terms    *termStats
	speller  *speller
	// homophones corrects Chinese slips of the same sound (商表, 商标).
	homophones *homophones
	scratch    sync.Pool // of *scratch sized for sections
	// surface holds each section's words as written, for phrases (see
	// surfaceScores), indexed like sections.
	surface []sectionSurface
	// side is the side of a complaint each section's heading is written
	// for, read in both languages of its article (see sectionSides).
	side []string
	// span is what each section's heading says a duration of, read in
	// both languages of its article (see spansOf).
	span []span
	// twin is each section's index in the other language of its
	// article, or -1 (see sectionTwins).
	twin []int32
	// headMarkets and headPlaces are the marketplaces and the places
	// each section's headings name (see headingQuery), read once: the
	// article choice reads them for every article a question naming a
	// marketplace finds, and the section choice for every section of
	// the article chosen for a question naming a place.
	headMarkets, headPlaces [][]string
	// translated marks the sections of a translation whose original is
	// served, indexed like sections: they keep translationWeight of
	// their score in the search.
	translated []bool
	// headVocab holds every term found in a title, heading, tag or an
	// article's aliases (not a section's own aliases: see inHead).
	headVocab map[string]bool
	// aliasVocab holds every term of a section's own aliases.
	aliasVocab map[string]bool
	// profiles holds each section's askProfile, indexed like sections.
	profiles []askProfile
	// examples holds each section's own aliases read as examples,
	// indexed like sections (see exampleFit).
	examples []exampleSet
	// tagRelated holds each article's tagNeighbours.
	tagRelated map[*Article][]*Article
	// articleOf numbers each section's article id (both languages of an
	// article share one), indexed like sections; numArticles is how many
	// ids there are.
	articleOf   []int32
	numArticles int
	// learned are the tables learned from the tuning questions (see
	// learnedModel); learnedArticle numbers each article (as articleOf
	// does) and learnedSection each section in them, -1 for none.
	learned        *learnedModels
	learnedArticle []int32
	learnedSection []int32
	// learnedExamples holds each section's tuning questions read as
	// examples, read the first time a question is asked of its article.
	learnedExamples []learnedExampleSet
	outExamples     *outExampleSet
	// placeArticles holds the jurisdiction codes some article is about
	// (see placeParts).
	placeArticles map[string]bool
	// places are the jurisdiction codes each section of an article of no
	// jurisdiction names in its heading or text (see sectionPlaces),
	// indexed like sections; nil for an article's opening paragraphs and
	// for a section of an article that has one.
	places [][]string
}

// Open loads the articles and builds the index. A broken base article
// fails Open; a broken override article is reported through OnProblem and
// skipped.
func Open(ctx context.Context, opts Options) (*Index, error) {
	if opts.Base == nil {
		opts.Base = Bundled()
	}
	ix := newIndex(opts)
	defer close(ix.ready)
	if err := ix.Reload(ctx); err != nil {
		return nil, err
	}
	return ix, nil
}

func newIndex(opts Options) *Index {
	return &Index{opts: opts, lastGood: map[string]*Article{}, reported: map[string]string{}, ready: make(chan struct{})}
}

// Start is Open without the wait: it returns at once and builds the index
// in the background, so that a bot can connect to its platforms meanwhile
// instead of after (building the bundled base takes a few hundred
// milliseconds of CPU). Ask and Search wait for the build, or until their
// context ends; Article and Articles wait for it. A build that fails is
// reported through OnProblem, and Ask and Search return its error.
func Start(opts Options) *Index {
	if opts.Base == nil {
		opts.Base = Bundled()
	}
	ix := newIndex(opts)
	go func() {
		defer close(ix.ready)
		if err := ix.Reload(context.Background()); err != nil {
			ix.openErr = fmt.Errorf("knowledge base: %w", err)
			ix.report(ix.openErr)
		}
	}()
	return ix
}

// Ready returns a channel that is closed once the index is built (or its
// build failed).
func (ix *Index) Ready() <-chan struct{} { return ix.ready }

// wait waits until the first build has finished.
func (ix *Index) wait(ctx context.Context) error {
	select {
	case <-ix.ready:
		return nil
	default:
	}
	select {
	case <-ix.ready:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// noSnapshot is the error for a question while no index is served: the
// failed first build's, or errClosed.
func (ix *Index) noSnapshot() error {
	if ix.openErr != nil {
		return ix.openErr
	}
	return errClosed
}

// Close releases the index, once a build that Start began has finished.
func (ix *Index) Close() error {
	<-ix.ready
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.snap = nil
	return nil
}

// Article returns one article by id and language.
func (ix *Index) Article(id, lang string) (*Article, bool) {
	<-ix.ready
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.snap == nil {
		return nil, false
	}
	a, ok := ix.snap.articles[lang+"/"+id]
	return a, ok
}

// Articles returns every served article, sorted by language and id.
func (ix *Index) Articles() []*Article {
	<-ix.ready
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.snap == nil {
		return nil
	}
	return append([]*Article(nil), ix.snap.ordered...)
}

// Reload reads the base and the override folder again and swaps in a new
// index. Only a failure to build the index is returned; broken override
// files are reported through OnProblem.
func (ix *Index) Reload(ctx context.Context) error {
	ix.loadMu.Lock()
	defer ix.loadMu.Unlock()
	sig, err := ix.dirSignature()
	if err != nil {
		return err
	}
	arts, err := ix.load()
	if err != nil {
		return err
	}
	snap, err := build(ctx, arts)
	if err != nil {
		return err
	}
	ix.mu.Lock()
	ix.snap = snap
	ix.lastSig = sig
	ix.mu.Unlock()
	return nil
}

// load returns the articles to serve: the base, replaced or extended by
// the override folder.
func (ix *Index) load() (map[string]*Article, error) {
	arts := map[string]*Article{}
	base, err := readArticles(ix.opts.Base)
	if err != nil {
		return nil, fmt.Errorf("load articles: %w", err)
	}
	parsed, errs := parseAll(base)
	for k := range base {
		if errs[k] != nil {
			return nil, fmt.Errorf("load articles: %w", errs[k])
		}
		arts[parsed[k].key()] = parsed[k]
	}
	if ix.opts.Dir == "" {
		return arts, nil
	}
	over, err := readArticles(dirFS(ix.opts.Dir))
	if err != nil {
		ix.report(fmt.Errorf("knowledge folder %s: %w", ix.opts.Dir, err))
		over = nil
	}
	seen := map[string]bool{}
	parsed, errs = parseAll(over)
	for k, f := range over {
		seen[f.path] = true
		a, err := parsed[k], errs[k]
		if err != nil {
			if ix.reported[f.path] != f.sig {
				ix.reported[f.path] = f.sig
				ix.report(fmt.Errorf("knowledge article %s is not served, the last good version stays: %w", f.path, err))
			}
			a = ix.lastGood[f.path]
		} else {
			ix.lastGood[f.path] = a
			delete(ix.reported, f.path)
		}
		if a != nil {
			arts[a.key()] = a
		}
	}
	for p := range ix.lastGood {
		if !seen[p] {
			delete(ix.lastGood, p) // removed by the operator: the base serves again
			delete(ix.reported, p)
		}
	}
	return arts, nil
}

// parseAll parses article files in parallel, each file's article or
// error at its index: parsing is a fifth of building the index.
func parseAll(files []articleFile) ([]*Article, []error) {
	arts, errs := make([]*Article, len(files)), make([]error, len(files))
	inParallel(len(files), func(_, k int) { arts[k], _, errs[k] = ParseArticle(files[k].path, files[k].data) })
	return arts, errs
}

func (ix *Index) report(err error) {
	if ix.opts.OnProblem != nil {
		ix.opts.OnProblem(err)
	}
}

// original returns the article a translates, when a is a translation
// and the original is served with the same number of sections, or nil;
// a translation without one has its sections chosen in itself.
func (s *snapshot) original(a *Article) *Article {
	if a.TranslationOf == "" || a.TranslationOf == a.Lang {
		return nil
	}
	o, ok := s.articles[a.TranslationOf+"/"+a.ID]
	if !ok || len(o.Sections) != len(a.Sections) || o.TranslationOf == a.Lang {
		return nil
	}
	return o
}

// build indexes a set of articles.
func build(ctx context.Context, arts map[string]*Article) (*snapshot, error) {
	shareTags(arts)
	s := &snapshot{articles: arts, rowsOf: map[*Article][]int{}, headVocab: map[string]bool{}, aliasVocab: map[string]bool{}}
	s.placeArticles = map[string]bool{}
	for _, a := range arts {
		s.ordered = append(s.ordered, a)
		for _, c := range a.jurisdictions {
			s.placeArticles[c] = true
		}
	}
	sort.Slice(s.ordered, func(i, j int) bool { return s.ordered[i].key() < s.ordered[j].key() })
	// Every article is searched, translations too (at a share of their
	// score; see Article.TranslationOf).
	rows := sectionRows(s.ordered)
	// The speller's index is built on the other processor meanwhile: it
	// needs only the words of the rows, and is a sixth of the build.
	spelled := make(chan *speller, 1)
	go func() {
		prose, aliases := map[string]int{}, map[string]int{}
		n := 0
		for _, r := range rows {
			n += len(r.words)
		}
		pairs := make([]uint64, 0, n)
		for _, r := range rows {
			for i, w := range r.words {
				prose[w]++
				if i > 0 {
					pairs = append(pairs, pairHash(r.words[i-1], w))
				}
			}
			for _, text := range r.aliases {
				countWords(aliases, text)
			}
		}
		spelled <- newSpeller(prose, aliases, pairs)
	}()
	s.terms = newTermStats()
	for i, r := range rows {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		s.rowsOf[r.sec.article] = append(s.rowsOf[r.sec.article], len(s.sections))
		s.sections = append(s.sections, r.sec)
		s.surface = append(s.surface, r.surface)
		s.profiles = append(s.profiles, r.profile)
		s.places = append(s.places, r.places)
		s.terms.add(r.cols)
		for _, c := range []int{colTitle, colHeadings, colKeywords} {
			if i > 0 && same(r.cols[c], rows[i-1].cols[c]) {
				continue // the article's title or keywords, seen already
			}
			for _, t := range r.cols[c] {
				s.headVocab[t] = true
			}
		}
		for _, t := range r.cols[colAlias] {
			s.aliasVocab[t] = true
		}
	}
	s.terms.finish()
	s.twin = sectionTwins(s.sections)
	s.examples = make([]exampleSet, len(s.sections))
	sides, spans := make([]string, len(rows)), make([]span, len(rows))
	s.headMarkets = make([][]string, len(rows))
	s.headPlaces = make([][]string, len(rows))
	for i, r := range rows {
		sides[i], spans[i] = r.side, r.span
		s.headMarkets[i], s.headPlaces[i] = r.headMarkets, r.headPlaces
	}
	s.side = sidesOf(sides, s.twin)
	s.span = spansOf(spans, s.twin)
	s.translated = make([]bool, len(s.sections))
	for i, sec := range s.sections {
		s.translated[i] = s.original(sec.article) != nil
	}
	ids := map[string]int32{}
	for _, sec := range s.sections {
		n, ok := ids[sec.article.ID]
		if !ok {
			n = int32(len(ids))
			ids[sec.article.ID] = n
		}
		s.articleOf = append(s.articleOf, n)
	}
	s.numArticles = len(ids)
	s.numberLearned(bundledLearned)
	s.homophones = newHomophones(func(yield func(string, int) bool) {
		for w, id := range s.terms.ids {
			if s.headVocab[w] && !yield(w, int(s.terms.df[id])) {
				return
			}
		}
	})
	n := len(s.sections)
	s.scratch.New = func() any { return newScratch(n) }
	s.tagRelated = tagNeighbours(s.ordered)
	s.speller = <-spelled
	return s, nil
}

func countWords(vocab map[string]int, text string) {
	for _, w := range words(text) {
		vocab[w]++
	}
}

var errClosed = errors.New("knowledge: index is closed")
