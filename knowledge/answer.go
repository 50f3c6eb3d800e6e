package knowledge

import (
	"cmp"
	"context"
	"slices"
	"strings"
)

// The answer decision. A question is answered when its best section
// covers enough of the question's weight (see Hit.Coverage). Coverage is
// used rather than the bm25 score because bm25 grows with the number and
// rarity of matched terms, so a long out-of-scope question can outscore a
// terse in-scope one, and its scale shifts as articles are added; coverage
// is a share, comparable across questions and bases.
//
// The threshold was measured on testdata/eval.jsonl with TestEval (run it
// with -v to see every miss and a sweep of the threshold). Out-of-scope
// questions ("shipping rates to Canada", "what is the VAT rate") share a
// generic word or two with an article and cover at most 0.45 of their
// weight ("what are etsy transaction fees per sale"); in-scope questions,
// terse or long, cover from 0.47 up, except those the search gets wrong
// anyway. Every threshold from 0.451 to 0.470 declines all out-of-scope
// questions and answers the same in-scope ones; MinCoverage sits in the
// middle of that range. The margin is thin: a new article whose words
// meet an out-of-scope question can push it over, which TestEval then
// reports.
const MinCoverage = 0.46

// secondSectionRatio is how close the runner-up section of the article must
// come to the best one to be shown with it: a question that spans two
// sections ("fees and how long it lasts") gets both.
const secondSectionRatio = 0.85

// relatedMinCoverage is the coverage another article's section needs to be
// offered as a related topic.
const relatedMinCoverage = 0.3

// An Answer is the decision on one question.
type Answer struct {
	Question string
	// Lang is the language of the question, "en" or "zh". The answer is
	// in this language when the article exists in it.
	Lang string
	// Answered is false when nothing in the base matches well enough; the
	// other fields then describe the best guess, which must not be shown.
	Answered bool
	// Sections holds the best section and sometimes a second one from the
	// same article.
	Sections []*Section
	// Score and Coverage are those of the best hit.
	Score    float64
	Coverage float64
	// Related holds up to three other articles, in the answer's language
	// where they exist.
	Related []*Article
}

// Article returns the article the answer comes from, or nil.
func (a *Answer) Article() *Article {
	if len(a.Sections) == 0 {
		return nil
	}
	return a.Sections[0].article
}

// Ask answers one question.
func (ix *Index) Ask(ctx context.Context, question string) (*Answer, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	s := ix.snap
	if s == nil {
		return nil, errClosed
	}
	q := s.parseQuery(question)
	ans := &Answer{Question: question, Lang: "en"}
	if q.zh {
		ans.Lang = "zh"
	}
	hits, err := s.search(ctx, q)
	if err != nil {
		return nil, err
	}
	if len(hits) == 0 {
		return ans, nil
	}
	best := hits[0]
	art := best.Section.article
	if art.Lang != ans.Lang {
		if other, ok := s.articles[ans.Lang+"/"+art.ID]; ok {
			art = other
		}
	}
	ans.Score = best.Score
	ans.Coverage = s.coverageIn(s.rowsOf[best.Section.article], q)
	ans.Answered = ans.Coverage >= MinCoverage
	ans.Sections = s.pickSections(art, q)
	ans.Related = s.related(ans.Article(), ans.Lang, hits)
	return ans, nil
}

// pickSections chooses the section (or two) of article a that answer q.
// The search found the article; choosing among its sections adds two
// views of each section: its score over all columns (see
// termStats.scoreInto), and its score on what sets it apart from its
// siblings (see termStats.sectionScores). The second alone misses a
// question whose words all sections share but one section has in its
// heading; the first alone lets the article's title and keywords, the
// same in every section, drown the heading. Ties go to the earlier
// section.
func (s *snapshot) pickSections(a *Article, q query) []*Section {
	rows := s.rowsOf[a]
	if len(rows) == 0 {
		if l := a.Lead(); l != nil {
			return []*Section{l}
		}
		return nil
	}
	// Words outside a quoted phrase are the frame of the question ("can
	// I write 'compatible with Nike' in my title"): the quoted phrase is
	// what it asks about, so the frame counts for less.
	topic, frame := q.match, []string(nil)
	if inQuotes := quotedTerms(q.text); len(inQuotes) > 0 {
		topic = nil
		for _, t := range q.match {
			if inQuotes[t] {
				topic = append(topic, t)
			} else {
				frame = append(frame, t)
			}
		}
	}
	distinct := s.surfaceScores(rows, s.surfaceUnits(q.text))
	all := make([]float64, len(rows))
	for _, part := range []struct {
		terms  []string
		weight float64
	}{{topic, 1}, {frame, frameWeight}} {
		if len(part.terms) == 0 {
			continue
		}
		d := s.terms.sectionScores(rows, part.terms)
		r := s.terms.rangeScores(rows[0], rows[len(rows)-1], s.terms.lookup(part.terms))
		for k := range rows {
			distinct[k] += part.weight * d[k]
			all[k] += part.weight * r[k]
		}
	}
	// A question whose words hardly tell the sections apart ("I got a
	// takedown notice", against an article titled "I got a takedown
	// notice or IP complaint") asks for the article as a whole: it gets
	// the article's opening sections, which say what to do first, not
	// the section that happens to repeat its words most.
	top := slices.Max(distinct)
	if top <= overviewShare*slices.Max(all) {
		var out []*Section
		for _, i := range rows {
			if len(out) < 2 {
				out = append(out, s.sections[i])
			}
		}
		return out
	}
	// A heading in the words of a seller who received a complaint ("I
	// got an APEX notice: my options") is for questions asked from that
	// side. Headings that read like filing ("Report a Violation tool")
	// mostly name a form, so only the receiving side counts here.
	score := make([]float64, len(rows))
	for k, i := range rows {
		score[k] = distinct[k] + all[k]
		if q.intent == IntentRespond && s.surface[i].respond {
			score[k] *= intentMatch
		}
	}
	order := make([]int, len(rows))
	for k := range order {
		order[k] = k
	}
	slices.SortStableFunc(order, func(x, y int) int { return cmp.Compare(score[y], score[x]) })
	out := []*Section{s.sections[rows[order[0]]]}
	if len(order) > 1 {
		if first, second := score[order[0]], score[order[1]]; first > 0 && second >= secondSectionRatio*first {
			out = append(out, s.sections[rows[order[1]]])
		}
	}
	return out
}

// frameWeight is how much the words outside a quoted phrase count in
// choosing a section, against the words inside it.
const frameWeight = 0.5

// overviewShare is how large, against a section's whole score, the part
// that sets it apart from its siblings must be for the question to ask
// for that section rather than for the article. Measured with TestEval
// and TestHeadlineQuestions.
const overviewShare = 0.01

// related offers up to three other articles: first those the search also
// found, then those sharing the most tags with the answer's article (see
// tagNeighbours).
func (s *snapshot) related(art *Article, lang string, hits []Hit) []*Article {
	if art == nil {
		return nil
	}
	var out []*Article
	seen := map[string]bool{art.ID: true}
	add := func(a *Article) {
		if len(out) >= 3 || seen[a.ID] {
			return
		}
		seen[a.ID] = true
		if tr, ok := s.articles[lang+"/"+a.ID]; ok {
			a = tr
		}
		out = append(out, a)
	}
	for _, h := range hits {
		if h.Coverage >= relatedMinCoverage {
			add(h.Section.article)
		}
	}
	for _, a := range s.tagRelated[art] {
		add(a)
	}
	return out
}

// tagNeighbours lists, for each article, the articles of its language
// that share the most tags with it, most first, then by id: enough of
// them for related to fill its three places whatever the search found.
// They do not depend on the question, so they are found once per index.
func tagNeighbours(ordered []*Article) map[*Article][]*Article {
	const keep = 6 // three places, and three the search may have taken
	byTag := map[string][]*Article{}
	for _, a := range ordered {
		for _, t := range a.Tags {
			k := strings.ToLower(t)
			if l := byTag[k]; len(l) == 0 || l[len(l)-1] != a {
				byTag[k] = append(l, a)
			}
		}
	}
	out := map[*Article][]*Article{}
	shared := map[*Article]int{}
	for _, art := range ordered {
		clear(shared)
		for _, t := range art.Tags {
			for _, a := range byTag[strings.ToLower(t)] {
				if a != art && a.Lang == art.Lang && a.ID != art.ID {
					shared[a]++
				}
			}
		}
		cs := make([]*Article, 0, len(shared))
		for a := range shared {
			cs = append(cs, a)
		}
		slices.SortFunc(cs, func(x, y *Article) int {
			if shared[x] != shared[y] {
				return shared[y] - shared[x]
			}
			return strings.Compare(x.ID, y.ID)
		})
		out[art] = slices.Clip(cs[:min(keep, len(cs))])
	}
	return out
}
