package knowledge

import (
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// A row is one section as indexed: its terms by column, and what its
// words are learnt from for spelling correction: the words of its prose
// (title, headings, text) and the text of its aliases.
type row struct {
	sec     *Section
	cols    [allCols][]string
	words   []string
	aliases []string
	// surface and profile are the section's sectionSurface and
	// askProfile.
	surface sectionSurface
	profile askProfile
	// side, span, headMarkets and headPlaces are what the section's
	// headings say: its headingSide and headingSpan, and the
	// marketplaces and places of its headingQuery. They are read on the
	// build's workers with the rest of the section (as are places):
	// read one after another once the rows were made, they cost a build
	// of the bundled base about 17 ms of one processor's time, a
	// twentieth of the build's.
	side                    string
	span                    span
	headMarkets, headPlaces []string
	// places are its sectionPlaces.
	places []string
}

// articleRows turns one article into rows, without the aliases given to
// sections by sectionRows.
func articleRows(a *Article, an *analyser) []row {
	rows := make([]row, 0, len(a.Sections))
	title := an.terms(a.Title)
	// Every section shares the keywords: the tags and the article's
	// aliases.
	keywords := slices.Concat(an.terms(strings.Join(a.Tags, " \n ")), an.terms(strings.Join(a.Aliases, " \n ")))
	// The title and aliases count once towards the speller's
	// vocabulary, not once per section.
	articleWords, articleAliases := words(a.Title), []string{strings.Join(a.Aliases, " \n ")}
	for _, sec := range a.Sections {
		if sec.Empty() {
			continue
		}
		// The headings, the own aliases and the text are each read once,
		// for their terms and their words as written (see words): the
		// words of the headings are the prose's and, with those of the
		// aliases, the surface's (see surfaceOf). Each reading's words
		// are the analyser's until its next one.
		heading := strings.Join(sec.Heading, " \n ")
		headToks, ws := an.analyse(heading)
		headings, headWords := termsOf(headToks), slices.Clone(ws)
		own := strings.Join(sec.Aliases, " \n ")
		ownToks, ownWords := an.analyse(own)
		ownTerms, head := termsOf(ownToks), surfaceHead(headWords, ownWords)
		bodyToks, bodyWords := an.analyse(sec.text)
		body := termsOf(bodyToks)
		prose := slices.Concat(articleWords, headWords, bodyWords)
		surface, profile := surfaceOf(sec, heading, head, bodyWords), profileOf(sec, bodyWords)
		aliases := append(articleAliases, own)
		articleWords, articleAliases = nil, nil
		hq := headingQuery(sec)
		rows = append(rows, row{
			sec: sec,
			cols: [allCols][]string{
				colTitle:    title,
				colHeadings: headings,
				colKeywords: keywords,
				colBody:     body,
				colAlias:    ownTerms,
			},
			words:       prose,
			aliases:     aliases,
			surface:     surface,
			profile:     profile,
			side:        headingSide(sec),
			span:        headingSpan(sec),
			headMarkets: hq.marketplaces(),
			headPlaces:  hq.jurisdictions(),
		})
	}
	return rows
}

// sectionRows turns articles into index rows, one per section with text.
//
// Aliases are the ways people ask for an article. Every section carries
// them all, with the tags, in the keywords column, so that they find the
// article. Most of them also ask for one part of it: "uspto filing fee"
// wants the section on fees, not the introduction. Each alias is therefore
// also given to the section whose heading and text share the most of its
// words that set the article's sections apart (headings count double);
// the section ranking reads these (colAlias). An alias that shares no
// such word stays with the article as a whole: an alias in another
// language than the article's, for one. A section's own aliases (see
// Section.Aliases), written by the author under its heading, need no
// guessing: they go in that section's alias column only. Every section
// has them (several ways of asking for its fact, in everyday words), so
// in the keywords column, weighted as an article's topic, they would
// outweigh the headings; and they are not evidence that a question is
// about intellectual property (see inHead).
func sectionRows(arts []*Article) []row {
	// Articles are analysed in parallel: analysing the text is most of
	// the cost of building the index.
	perArticle := make([][]row, len(arts))
	aliasTerms := make([][][]string, len(arts))
	// Each worker reads in its own analyser, which keeps each word's
	// analysis for the rest of the build.
	ans := make([]*analyser, workers(len(arts)))
	marks := make([]sectionMarks, len(arts))
	inParallel(len(arts), func(w, k int) {
		if ans[w] == nil {
			ans[w] = &analyser{words: make(map[string]tok, wordCacheSize)}
		}
		perArticle[k] = articleRows(arts[k], ans[w])
		for i := range perArticle[k] {
			r := &perArticle[k][i]
			r.places = sectionPlaces(*r)
		}
		if len(perArticle[k]) > 0 {
			marks[k] = markSections(perArticle[k])
			aliasTerms[k] = make([][]string, len(arts[k].Aliases))
			for i, alias := range arts[k].Aliases {
				aliasTerms[k][i] = ans[w].terms(alias)
			}
		}
	})
	n := 0
	for _, rs := range perArticle {
		n += len(rs)
	}
	rows := make([]row, 0, n)
	start := make([]int, len(arts)+1)
	for k, rs := range perArticle {
		start[k] = len(rows)
		rows = append(rows, rs...)
	}
	start[len(arts)] = len(rows)
	// Document frequencies over headings and text, to weigh alias words:
	// only the aliases' words are weighed, so only theirs are counted,
	// each article's sections at once.
	df := map[string]int{}
	for _, ts := range aliasTerms {
		for _, t := range ts {
			for _, w := range t {
				df[w] = 0
			}
		}
	}
	for _, m := range marks {
		for t, at := range m.at {
			if _, ok := df[t]; ok {
				df[t] += int(m.count[at])
			}
		}
	}
	idf := func(t string) float64 {
		return math.Log(1 + float64(len(rows))/float64(df[t]+1))
	}
	// Each article's aliases are given to its sections in parallel too:
	// each call writes only its own article's rows.
	inParallel(len(arts), func(_, k int) {
		group := rows[start[k]:start[k+1]]
		if len(group) == 0 {
			return
		}
		m := marks[k]
		for _, ts := range aliasTerms[k] {
			best, bestSim := -1, 0.0
			sims := make([]float64, len(group))
			for _, t := range slices.Compact(slices.Sorted(slices.Values(ts))) {
				// Weigh each word by its rarity in the base and among the
				// article's sections: words every section shares cannot
				// tell them apart.
				at, ok := m.at[t]
				if !ok {
					continue
				}
				local := int(m.count[at])
				n := float64(len(group))
				w := idf(t) * math.Log(1+(n-float64(local)+0.5)/(float64(local)+0.5))
				for k, mark := range m.of(at, len(group)) {
					switch mark {
					case markHead:
						sims[k] += 2 * w
					case markBody:
						sims[k] += w
					}
				}
			}
			for k, sim := range sims {
				if sim > bestSim {
					best, bestSim = k, sim
				}
			}
			if best >= 0 {
				group[best].cols[colAlias] = append(group[best].cols[colAlias], ts...)
			}
		}
	})
	return rows
}

// workers is how many goroutines inParallel runs for n calls: one per
// processor, and no more than the calls.
func workers(n int) int { return max(1, min(runtime.GOMAXPROCS(0), n)) }

// inParallel calls f(w, 0) … f(w, n-1) on workers(n) goroutines, w being
// the calling worker's number (below workers(n)), and returns when all
// have returned. Each call must write only its own results, or its
// worker's.
func inParallel(n int, f func(w, i int)) {
	next := make(chan int)
	var wg sync.WaitGroup
	for w := range workers(n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range next {
				f(w, k)
			}
		}()
	}
	for k := range n {
		next <- k
	}
	close(next)
	wg.Wait()
}

// wordCacheSize is the room each worker's word cache (see
// analyser.words) starts with: the bundled base's text holds about 9,100
// distinct words, most of which each worker reads, and a map grown to
// them from nothing is rebuilt about ten times on the way.
const wordCacheSize = 8192

// sectionMarks says, for every term of an article's headings and text,
// whether each of its sections holds it in its headings or its text, to
// give the article's aliases to sections. It is one map per article:
// with a set of the headings' terms and one of the text's for every
// section, each alias word looked up in each section, and the sets
// walked again for the document frequencies of every term, placing the
// bundled base's aliases cost 18 ms of one processor and 7.1 MB; with
// marks, and only the aliases' words counted, 13 ms and 5.3 MB.
type sectionMarks struct {
	// at is each term's place in count, and in marks times the number
	// of sections.
	at map[string]int32
	// count is how many sections hold the term.
	count []int32
	// marks holds, per term, a mark for each section: markHead,
	// markBody or neither.
	marks []uint8
}

const (
	markBody = 1 + iota // in the text, not the headings
	markHead            // in the headings
)

// markSections returns the sectionMarks of an article's rows.
func markSections(rows []row) sectionMarks {
	n := 0
	for _, r := range rows {
		n += len(r.cols[colHeadings]) + len(r.cols[colBody])
	}
	m := sectionMarks{at: make(map[string]int32, n/2)}
	mark := func(i int, t string, how uint8) {
		at, ok := m.at[t]
		if !ok {
			at = int32(len(m.count))
			m.at[t] = at
			m.count = append(m.count, 0)
			m.marks = append(m.marks, make([]uint8, len(rows))...)
		}
		k := int(at)*len(rows) + i
		if m.marks[k] == 0 {
			m.count[at]++
		}
		m.marks[k] = max(m.marks[k], how)
	}
	for i, r := range rows {
		for _, t := range r.cols[colHeadings] {
			mark(i, t, markHead)
		}
		for _, t := range r.cols[colBody] {
			mark(i, t, markBody)
		}
	}
	return m
}

// of returns the marks of the term at at, for each of n sections.
func (m sectionMarks) of(at int32, n int) []uint8 {
	return m.marks[int(at)*n : int(at+1)*n]
}
