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
	// heads and bodies are the terms of the headings and of the text,
	// as sets.
	heads, bodies map[string]bool
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
	inParallel(len(arts), func(w, k int) {
		if ans[w] == nil {
			ans[w] = &analyser{words: map[string]tok{}}
		}
		perArticle[k] = articleRows(arts[k], ans[w])
		for i := range perArticle[k] {
			r := &perArticle[k][i]
			r.heads, r.bodies = setOf(r.cols[colHeadings]), setOf(r.cols[colBody])
			r.places = sectionPlaces(*r)
		}
		if len(perArticle[k]) > 0 {
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
	// Document frequencies over headings and text, to weigh alias words.
	df := map[string]int{}
	for _, r := range rows {
		for t := range r.heads {
			df[t]++
		}
		for t := range r.bodies {
			if !r.heads[t] {
				df[t]++
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
		// The terms of each section's headings and text, as sets: an
		// article's aliases look every term up in every section.
		for _, ts := range aliasTerms[k] {
			best, bestSim := -1, 0.0
			sims := make([]float64, len(group))
			for _, t := range slices.Compact(slices.Sorted(slices.Values(ts))) {
				// Weigh each word by its rarity in the base and among the
				// article's sections: words every section shares cannot
				// tell them apart.
				local := 0
				for k := range group {
					if group[k].heads[t] || group[k].bodies[t] {
						local++
					}
				}
				if local == 0 {
					continue
				}
				n := float64(len(group))
				w := idf(t) * math.Log(1+(n-float64(local)+0.5)/(float64(local)+0.5))
				for k := range group {
					switch {
					case group[k].heads[t]:
						sims[k] += 2 * w
					case group[k].bodies[t]:
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

func setOf(terms []string) map[string]bool {
	m := make(map[string]bool, len(terms))
	for _, t := range terms {
		m[t] = true
	}
	return m
}
