package knowledge

import (
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// A row is one section as indexed: its terms by column, and the text its
// words are learnt from for spelling correction: the prose (title,
// headings, text) and the aliases.
type row struct {
	sec     *Section
	cols    [allCols][]string
	words   []string
	aliases []string
	// surface and profile are the section's sectionSurface and
	// askProfile.
	surface sectionSurface
	profile askProfile
}

// articleRows turns one article into rows, without the aliases given to
// sections by sectionRows.
func articleRows(a *Article) []row {
	var rows []row
	title := terms(a.Title)
	tags := terms(strings.Join(a.Tags, " \n "))
	aliasTerms := terms(strings.Join(a.Aliases, " \n "))
	// The title and aliases count once towards the speller's
	// vocabulary, not once per section.
	articleWords, articleAliases := []string{a.Title}, []string{strings.Join(a.Aliases, " \n ")}
	for _, sec := range a.Sections {
		if sec.Empty() {
			continue
		}
		own := strings.Join(sec.Aliases, " \n ")
		words := append(articleWords, strings.Join(sec.Heading, " "), sec.text)
		aliases := append(articleAliases, own)
		articleWords, articleAliases = nil, nil
		ownTerms := terms(own)
		rows = append(rows, row{
			sec: sec,
			cols: [allCols][]string{
				colTitle:    title,
				colHeadings: terms(strings.Join(sec.Heading, " \n ")),
				colKeywords: slices.Concat(tags, aliasTerms, ownTerms),
				colBody:     terms(sec.text),
				colAlias:    ownTerms,
			},
			words:   words,
			aliases: aliases,
			surface: surfaceOf(sec),
			profile: profileOf(sec),
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
// guessing: they go in that section's keywords and alias columns only.
func sectionRows(arts []*Article) []row {
	// Articles are analysed in parallel, one goroutine per processor:
	// analysing the text is most of the cost of building the index.
	perArticle := make([][]row, len(arts))
	next := make(chan int)
	var wg sync.WaitGroup
	for range max(1, min(runtime.GOMAXPROCS(0), len(arts))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range next {
				perArticle[k] = articleRows(arts[k])
			}
		}()
	}
	for k := range arts {
		next <- k
	}
	close(next)
	wg.Wait()
	var rows []row
	for _, rs := range perArticle {
		rows = append(rows, rs...)
	}
	// Document frequencies over headings and text, to weigh alias words.
	df := map[string]int{}
	for _, r := range rows {
		seen := map[string]bool{}
		for _, t := range append(slices.Clone(r.cols[colHeadings]), r.cols[colBody]...) {
			if !seen[t] {
				seen[t] = true
				df[t]++
			}
		}
	}
	idf := func(t string) float64 {
		return math.Log(1 + float64(len(rows))/float64(df[t]+1))
	}
	for i := 0; i < len(rows); {
		a := rows[i].sec.article
		j := i
		for j < len(rows) && rows[j].sec.article == a {
			j++
		}
		group := rows[i:j]
		for _, alias := range a.Aliases {
			ts := terms(alias)
			best, bestSim := -1, 0.0
			sims := make([]float64, len(group))
			for _, t := range slices.Compact(slices.Sorted(slices.Values(ts))) {
				// Weigh each word by its rarity in the base and among the
				// article's sections: words every section shares cannot
				// tell them apart.
				local := 0
				for _, r := range group {
					if slices.Contains(r.cols[colHeadings], t) || slices.Contains(r.cols[colBody], t) {
						local++
					}
				}
				if local == 0 {
					continue
				}
				n := float64(len(group))
				w := idf(t) * math.Log(1+(n-float64(local)+0.5)/(float64(local)+0.5))
				for k, r := range group {
					switch {
					case slices.Contains(r.cols[colHeadings], t):
						sims[k] += 2 * w
					case slices.Contains(r.cols[colBody], t):
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
		i = j
	}
	return rows
}
