package knowledge

import (
	"bufio"
	"bytes"
	"cmp"
	_ "embed"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Sellers ask in words the articles do not use, or use for something
// else: most questions with "takedown notice" in the tuning files want a
// DMCA notice, while the words match a dozen articles alike. The
// articles' aliases and the thesaurus bridge some of that by hand; the
// rest is learned from the tuning questions, each labelled with the
// articles and sections that answer it. A term of the base that came
// with an article (or a section) in those questions more often than the
// article's share of all labels makes the article likelier for a new
// question with that term:
//
//	assoc(t, l) = log( (c(t,l) + prior·p(l)) / ((n(t) + prior)·p(l)) )
//
// where c(t,l) counts the questions with term t labelled l, less
// learnedDiscount (a question with several labels counts a share for
// each, so one passing share counts for nothing), n(t) the questions
// with t, and p(l) the label's share of all. A question's association
// with a label is the mean over its own content words, by their search
// weight (words outside a quoted phrase at frameWeight), of each word's
// best term. Only what sets a label above the words' unlabelled value
// counts (see learnedModel.deltas): the rest is the same for every
// label. The article choice multiplies an article's score by
// exp(learnedArticleWeight·assoc); the section model reads the
// association as one more view of a section (pickLearned), its weight
// fitted with the others.
//
// The tables keep the tuning questions of one ask as examples of their
// sections too (see example.go), and the tuning questions the base must
// decline as examples of those (see snapshot.exampleSignals).
//
// What tuning questions suggest does not overrule what was written for
// a question: an article whose title names every word of the question,
// or a section whose heading or aliases do, counts as the best the
// tables know ("I got a takedown notice" stays with the article of that
// title, though most tuning questions with "takedown notice" were about
// DMCA notices); an article an operator added, which the tables cannot
// know, likewise; an article for the other side of a complaint gets
// nothing from them. A follow-up gets nothing from them (its words are
// not a question on their own), and a part of a question only from its
// own words.
//
// What a question asks (a duration, a cost, the requirements...; see
// questionAsks) is learned as well, in the sections table only: each of
// its asks counts as one more word, "?duration", of learnedAskShare of
// its words' mean weight, so that within an article the section that
// questions with that ask were answered from is likelier. Chosen on the
// tuning files as the rest (shares 0.5, 0.75, 1, 1.5, 2, 3; the first
// ask only, or every ask; in the articles table too): sections right
// 544 -> 549 of 747; on the judges' files eval-k to eval-q 430 -> 436 of
// 655 (out of scope declined 232 -> 233 of 245), eval-r 73 and eval-u 92
// as before. A share of 1 had three more tuning sections right, but
// moved a Chinese question on how long US customs take to decide to the
// recordation section (TestFactsReadGetTheirSection); the ask in the
// articles table too had six more, but the judges' files declined
// eleven fewer of their out-of-scope questions.
//
// The articles and sections tables count the questions of the fresh
// files eval-aa to eval-ak too (written later than eval-e to eval-j, the
// same way as the blind set, and never read for a table or a weight
// before they were tuning files), each round's two languages held out
// together when that round is measured (see freshRounds in the tests):
// sellers ask the same things in new words, and the tables had learned
// the words of 861 questions. The section model and the decision are
// still fitted on eval-e to eval-j. With both refitted, each fresh round
// judged with tables learned without it: eval-aa to eval-aj 1,662 ->
// 1,714 of 2,148 sections right (eval-ag 207 -> 211, eval-ah 225 -> 238,
// eval-ai 196 -> 214, eval-aj 219 -> 230; none down), their out of scope
// declined as before (one up, one down); the oldest tuning files 601 ->
// 607 of 747, their out of scope declined 431 -> 429 of 441. On the
// judges' files: eval-ak, which no table or weight has seen, 208 -> 216
// of 298 (out of scope declined 121 of 131 as before), eval-k to eval-x
// 947 -> 946 of 1,381 (595 of 627 declined as before). The sections table
// alone: eval-aa to eval-aj 11 fewer, eval-ak 2 fewer. Their questions to
// be declined in the scope table as well: 4 more right on the tuning
// files (the oldest 6 down, the fresh ones' declines 8 up) and more on
// the judges', but a brand asking how to get fakes off eBay and a seller
// whose buyer opened a chargeback were declined, and "扒别人的图" found a
// patent article: not kept. A prior of 10 or terms seen in 3 questions did
// worse everywhere. Each file judged by a decision fitted on the others,
// out of scope declined 97.1% -> 94.2% of 483 (eval-z-oos, the 200 near
// misses, 93.0% -> 86.5% when the decision is fitted without it; as
// served 94.5%), sections 79.4% as before; the section model judged by a
// fit on the other files 806 of 940 -> 837 of 951.
//
// eval-ak joined the fresh files in the tables once eval-al was written
// to judge in its place, and the tables' weight in the article choice
// (learnedArticleWeight) rose from 0.2 to 0.4, the two chosen together
// on the tuning files, models refitted, each file or round held out as
// above (sections right, the oldest files / eval-aa to eval-aj / eval-ak):
// eval-ak in the tables at 0.2, 611 / 1,710 / 217 from 607 / 1,719 /
// 217; at 0.3, 617 / 1,719 / 221; at 0.4, 613 / 1,727 / 222; at 0.5,
// 616 / 1,728 / 222 but two more near misses answered on the judges'
// files; without eval-ak at 0.4, 611 / 1,724 / 222. Out of scope
// declined on the tuning files at 0.4 as before but for one more on
// eval-ag and one fewer on eval-aj. On the judges' files:
// eval-al, which no table or weight has seen, 225 -> 229 of 314 (out of
// scope declined 122 of 133 as before), eval-k to eval-x 946 -> 950 of
// 1,381 (595 of 627 declined as before). A place-less question lifting an
// article for a place no more than one for no place (or half as much):
// 12 and 18 fewer on the tuning files, not kept.
//
// The judges' files (eval-k to eval-r, eval-u to eval-y, eval-am to
// eval-au) and eval-al count in the articles and sections tables and as
// examples too, as the fresh files do: each round's two languages held
// out together when that round is measured, so that every figure on a
// file, tuning or judges', is of questions the tables did not learn. The
// blind set and the follow-ups are still never counted, and no tuning
// question near one of theirs is an example. The section model and the
// decision are still fitted on the tuning files alone, and hand-written
// rules and constants chosen on them; the judges' files still judge
// those. Why: the tables and examples are the part of the answer that
// learns from data, and the data were the limit. With four rounds
// (eval-ah to eval-ak, 1,222 questions) left out of the tables, the
// oldest tuning files and eval-aa to eval-ag lost 26 of 2,071 sections
// right (1,709 -> 1,683); with the judges' 3,203 questions and eval-al's
// 314 added, both models refitted, sections right on the tuning files
// 2,873 -> 2,927 of 3,607 (in scope declined 96 -> 90, out of scope
// declined 1,428 -> 1,429 of 1,496) and on the judges' files 2,374 ->
// 2,438 of 3,203 (in scope declined 161 -> 140, out of scope declined
// 1,331 -> 1,332 of 1,414). learnedArticleWeight 0.3 and 0.5 and
// exampleArticleWeight 1 and 1.5 were tried again with the larger
// tables: within three questions of the values served either way. The
// tables are twice the size (learned.tsv about 3 MB).
//
// eval-as, eval-at and eval-au (1,311 questions, 897 in scope and 378
// to decline, each round written by two writers after eval-ar, from the
// domain notes before they opened an article) count in the tables as
// the judges' files do, each round held out when it is measured. On
// arrival, with the 1,067 examples near their questions left out, they
// had 610 of 897 sections right (68.0%) and declined 353 of 378 (93.4%)
// of their out-of-scope questions. Counted, both models refitted: the
// tuning files 2,943 -> 2,947 of 3,607 sections right (out of scope
// declined 1,435 -> 1,436 of 1,496), the judges' files 2,473 -> 2,486
// of 3,203 (out of scope declined 1,347 -> 1,348 of 1,414), eval-as to
// eval-au 610 -> 614 (353 -> 354 declined). "a buyer opened a
// chargeback saying the handbag i sold is counterfeit" was then
// declined: see outOfScope.
//
// With that many more questions, the fresh and judges' files count in
// the scope table too, each question as freshScopeShare of one (the
// oldest tuning files count whole). Counted whole, the learned tables
// read too many words of the near misses written to be declined (a
// chargeback, a refund) as a sign of declining: the tuning files
// 2,927 -> 2,946 of 3,607 sections right (in scope declined 90 -> 50,
// out of scope declined 1,429 -> 1,426 of 1,496), but a seller whose
// buyer opened a chargeback for a counterfeit and a buyer of fake
// trainers asking to be reimbursed were declined. Shares of 0.1, 0.25
// and 0.5, both models refitted each time: the tuning files 2,941,
// 2,950 and 2,948 (in scope declined 67, 53 and 52; out of scope
// declined 1,428, 1,427 and 1,427), the judges' files 2,466, 2,472 and
// 2,477 of 3,203 (in scope declined 100, 87 and 78; out of scope
// declined 1,336, 1,334 and 1,343 of 1,414); at 0.5 the two questions
// above were still declined, at 0.25 neither was. 0.25 is served: the
// tuning files 2,927 -> 2,950, the judges' files 2,438 -> 2,472.
// Screened again once the decision's threshold kept a point above its
// decline target and a lone everyday word was declined by rule (both
// models refitted each time), 0.15, 0.25, 0.35, 0.5 and 0.75 gave the
// tuning files 2,937, 2,943, 2,949, 2,941 and 2,943, the judges' files
// 2,466, 2,473, 2,474, 2,475 and 2,476 (out of scope declined 1,343,
// 1,347, 1,346, 1,351 and 1,345 of 1,414): no share stands out from
// what a refit moves, and 0.25 stays.
//
// A third table, the scope table, counts every tuning question's terms
// against two labels: answered (scopeIn) or to be declined (scopeOut).
// A question's association with declining, above its association with
// answering, is one of the answer decision's signals (learnedOut; see
// decision.go). An article the tables do not know is not held back by
// it.
//
// Only terms the base knows are counted (a misspelling counts only as
// the speller reads it), and only terms seen in at least
// learnedMinQuestions questions: one, since the tables held some 3,300
// questions (a term seen once counts less the discount, half a
// question). From two, models refitted, each file or round held out:
// sections right on the tuning files 2,562 -> 2,564 (the oldest files
// 613 -> 614, eval-aa to eval-aj 1,727 -> 1,729, eval-ak 222 -> 221),
// their out of scope declined 6 more (the oldest files 429 -> 431 of
// 441); on the judges' files eval-al 229 of 314 as before, eval-k to
// eval-x 950 of 1,381 as before, their out of scope declined 595 -> 600
// of 627. The tables are counts, learned.tsv,
// written by TestLearnedModel from the tuning and judges' files (never
// the blind set or the follow-ups); that test fails when the file is not what the
// current tuning files and articles give. The weights, the prior and the
// discount were chosen on the tuning files, each file's questions
// answered with tables learned without that file (see heldOut in the
// tests), which is also how every figure on the tuning files is
// measured since: sections right 507 -> 544 of 747, articles 619 -> 636,
// in scope declined 39 -> 34, out of scope declined 239 of 241 as
// before. On questions no table or weight was chosen with, sections
// right: eval-k to eval-q 415 -> 430 of 655, eval-r 66 -> 73 of 110,
// eval-u 90 -> 92 of 125; out of scope declined 233 -> 232 of 245, 40 and
// 38 of 40 and eval-p-oos 88 of 100 as before.
const (
	freshScopeShare      = 0.25
	learnedArticleWeight = 0.4
	learnedPrior         = 5.0
	learnedDiscount      = 0.5
	learnedMinQuestions  = 1
)

//go:embed learned.tsv
var bundledLearnedTSV []byte

// learnedFile is learned.tsv: the counts of each of the two tables.
type learnedFile struct {
	// Questions is how many tuning questions were counted.
	Questions int
	Articles  learnedTable
	Sections  learnedTable
	// Scope counts terms against two labels, scopeIn and scopeOut: the
	// tuning questions the base answers, and those it must decline.
	Scope learnedTable
	// Examples holds, by section label, the tuning questions of one ask
	// answered from the section, and the parts of those of several asks
	// answered from it, each as its terms and then its asks (askTerm),
	// for exampleFit; and, labelled outExamplesLabel, the tuning
	// questions the base must decline (see snapshot.exampleSignals).
	Examples map[string][][]string
}

// A learnedTable counts terms against labels: article IDs, or sections
// named "article-id › heading" by their English heading.
type learnedTable struct {
	// Labels counts each label over all counted terms.
	Labels map[string]float64
	// Terms counts each term's questions (N) and its labels among them.
	Terms map[string]learnedTerm
}

type learnedTerm struct {
	N      float64
	Labels map[string]float64
}

// learnedHeader opens learned.tsv.
const learnedHeader = "# Counts of the tuning questions' terms against the articles and sections\n" +
	"# that answer them, and against answering or declining (see learned.go);\n" +
	"# then the tuning questions, and parts of them, kept as examples of their sections (see example.go),\n" +
	"# and those the base must decline, as examples labelled " + outExamplesLabel + ".\n" +
	"# Written by TestLearnedModel; do not edit.\n" +
	"# questions N | label a|s|o NAME COUNT | term a|s|o TERM N LABEL:COUNT ... | example SECTION TERM ...\n"

// marshal writes f as learned.tsv: labels are numbered in the order
// written, each table's from 0.
func (f learnedFile) marshal() []byte {
	var b bytes.Buffer
	b.WriteString(learnedHeader)
	fmt.Fprintf(&b, "questions\t%d\n", f.Questions)
	num := func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
	for _, t := range []struct {
		kind  string
		table learnedTable
	}{{"a", f.Articles}, {"s", f.Sections}, {"o", f.Scope}} {
		labels := sortedKeys(t.table.Labels)
		for _, l := range labels {
			fmt.Fprintf(&b, "label\t%s\t%s\t%s\n", t.kind, l, num(t.table.Labels[l]))
		}
		for _, term := range sortedKeys(t.table.Terms) {
			e := t.table.Terms[term]
			fmt.Fprintf(&b, "term\t%s\t%s\t%s", t.kind, term, num(e.N))
			for _, l := range sortedKeys(e.Labels) {
				k, _ := slices.BinarySearch(labels, l)
				fmt.Fprintf(&b, "\t%d:%s", k, num(e.Labels[l]))
			}
			b.WriteByte('\n')
		}
	}
	for _, l := range sortedKeys(f.Examples) {
		for _, x := range f.Examples[l] {
			fmt.Fprintf(&b, "example\t%s\t%s\n", l, strings.Join(x, "\t"))
		}
	}
	return b.Bytes()
}

// parseLearned reads learned.tsv.
func parseLearned(data []byte) (learnedFile, error) {
	f := learnedFile{
		Articles: learnedTable{Labels: map[string]float64{}, Terms: map[string]learnedTerm{}},
		Sections: learnedTable{Labels: map[string]float64{}, Terms: map[string]learnedTerm{}},
		Scope:    learnedTable{Labels: map[string]float64{}, Terms: map[string]learnedTerm{}},
	}
	names := map[string][]string{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), 4<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Split(line, "\t")
		bad := func(why string) error { return fmt.Errorf("line %d: %s", n, why) }
		if fields[0] == "questions" && len(fields) == 2 {
			q, err := strconv.Atoi(fields[1])
			if err != nil {
				return f, bad(err.Error())
			}
			f.Questions = q
			continue
		}
		if fields[0] == "example" {
			if len(fields) < 3 {
				return f, bad("want example, a section label and its terms")
			}
			if f.Examples == nil {
				f.Examples = map[string][][]string{}
			}
			f.Examples[fields[1]] = append(f.Examples[fields[1]], fields[2:])
			continue
		}
		if len(fields) < 4 || (fields[1] != "a" && fields[1] != "s" && fields[1] != "o") {
			return f, bad("want questions, label or term and a table, a, s or o")
		}
		t := &f.Articles
		switch fields[1] {
		case "s":
			t = &f.Sections
		case "o":
			t = &f.Scope
		}
		count, err := strconv.ParseFloat(fields[3], 64)
		if err != nil {
			return f, bad(err.Error())
		}
		switch fields[0] {
		case "label":
			t.Labels[fields[2]] = count
			names[fields[1]] = append(names[fields[1]], fields[2])
		case "term":
			e := learnedTerm{N: count, Labels: map[string]float64{}}
			for _, kc := range fields[4:] {
				ks, cs, ok := strings.Cut(kc, ":")
				k, err1 := strconv.Atoi(ks)
				c, err2 := strconv.ParseFloat(cs, 64)
				if !ok || err1 != nil || err2 != nil || k < 0 || k >= len(names[fields[1]]) {
					return f, bad("want LABEL:COUNT, not " + strconv.Quote(kc))
				}
				e.Labels[names[fields[1]][k]] = c
			}
			t.Terms[fields[2]] = e
		default:
			return f, bad("want questions, label or term")
		}
	}
	return f, sc.Err()
}

// A learnedModel is a learnedTable ready to score: labels are numbered,
// and each term's associations are worked out once.
type learnedModel struct {
	labels map[string]int32
	terms  map[string]learnedEntries
	// counted is set for each label some tuning question came with.
	counted []bool
}

// learnedEntries are one term's associations: base is the value of a
// label it never came with, and assoc that of each label it came with
// more than learnedDiscount times.
type learnedEntries struct {
	base   float64
	labels []int32
	assoc  []float64
}

// newLearnedModel numbers the labels of t and works out each term's
// associations (see the formula above).
func newLearnedModel(t learnedTable) *learnedModel {
	m := &learnedModel{labels: map[string]int32{}, terms: map[string]learnedEntries{}}
	total := 0.0
	for _, c := range t.Labels {
		total += c
	}
	if total <= 0 {
		return m
	}
	for _, l := range sortedKeys(t.Labels) {
		m.labels[l] = int32(len(m.labels))
		m.counted = append(m.counted, t.Labels[l] > 0)
	}
	for term, e := range t.Terms {
		le := learnedEntries{base: math.Log(learnedPrior / (e.N + learnedPrior))}
		for _, l := range sortedKeys(e.Labels) {
			p := t.Labels[l] / total
			c := e.Labels[l] - learnedDiscount
			if k, ok := m.labels[l]; ok && p > 0 && c > 0 {
				le.labels = append(le.labels, k)
				le.assoc = append(le.assoc, math.Log((c+learnedPrior*p)/((e.N+learnedPrior)*p)))
			}
		}
		m.terms[term] = le
	}
	return m
}

// label returns the number of a label, or -1.
func (m *learnedModel) label(l string) int32 {
	if m == nil {
		return -1
	}
	if k, ok := m.labels[l]; ok {
		return k
	}
	return -1
}

// deltas returns, for q, each label's association above the value every
// label has (the words' unlabelled value, the same for all), indexed by
// label; nil when q has no word the table knows. inQuotes are q's quoted
// terms (quotedTerms). Labels are few and dense (an article's or a
// section's number), so slices hold what maps did: a question on a base
// of 10,000 sections spent a seventh of its time in this function's map
// writes.
func (m *learnedModel) deltas(q query, inQuotes map[string]bool) []float64 {
	if m == nil {
		return nil
	}
	// Words outside a quoted phrase are the frame of the question, as in
	// the section choice (see sectionViews).
	//
	// A follow-up counts the earlier question's words at followUpLearned
	// of their weight (see there).
	//
	// A part of a question does not count the whole question's words it
	// lacks (context, see addContext). Counted at the share of their
	// weight they have in the part, they raised the tuning files from
	// 2,793 to 2,796 of 3,607 sections right and the judges' files from
	// 1,616 to 1,621 of 2,284, but a pasted marketplace notice's words
	// then drew the part "can I send a counter notice" to how complaints
	// affect the account (TestAskPastedNoticeKeepsItsQuestion).
	weight := func(u unit) float64 {
		if u.context && q.followUp {
			u.weight *= followUpLearned / followUpContext
		}
		if len(inQuotes) > 0 && !slices.ContainsFunc(u.terms, func(t string) bool { return inQuotes[t] }) {
			return frameWeight * u.weight
		}
		return u.weight
	}
	total, own := 0.0, 0
	for _, u := range q.units {
		if u.context && !q.followUp {
			continue
		}
		total += weight(u)
		if !u.context {
			own++
		}
	}
	if total <= 0 || own == 0 {
		return nil
	}
	// Each of the question's asks counts as one more word, of the mean
	// weight.
	type askEntry struct {
		e learnedEntries
		w float64
	}
	var asks []askEntry
	for _, a := range q.asks {
		if e, ok := m.terms[askTerm(a)]; ok {
			asks = append(asks, askEntry{e, learnedAskShare * total / float64(own)})
		}
	}
	for _, a := range asks {
		total += a.w
	}
	n := len(m.labels)
	out := make([]float64, n)
	// best holds a unit's best association with each label among its
	// terms, for the labels in touched.
	best := make([]float64, n)
	in := make([]bool, n)
	var touched []int32
	any := false
	for _, a := range asks {
		any = true
		for k, l := range a.e.labels {
			if v := a.e.assoc[k]; v > a.e.base {
				out[l] += a.w / total * (v - a.e.base)
			}
		}
	}
	for _, u := range q.units {
		if u.context && !q.followUp {
			continue
		}
		touched = touched[:0]
		base, seen := 0.0, false
		for _, t := range u.terms {
			e, ok := m.terms[t]
			if !ok {
				continue
			}
			if !seen || e.base > base {
				base, seen = e.base, true
			}
			for k, l := range e.labels {
				if !in[l] {
					in[l], best[l] = true, e.assoc[k]
					touched = append(touched, l)
				} else if e.assoc[k] > best[l] {
					best[l] = e.assoc[k]
				}
			}
		}
		any = any || seen
		for _, l := range touched {
			in[l] = false
			if a := best[l]; a > base {
				out[l] += weight(u) / total * (a - base)
			}
		}
	}
	if !any {
		return nil
	}
	return out
}

// deltaOf returns label l's value in deltas, 0 when it has none.
func deltaOf(deltas []float64, l int32) float64 {
	if l < 0 || int(l) >= len(deltas) {
		return 0
	}
	return deltas[l]
}

// followUpLearned is the share of their weight the earlier question's
// words have in a follow-up's association with the tables (see
// AskAfter): "can I get more if it was on purpose" after a question on
// photos another seller copied is lifted to what tuning questions on
// copyright damages were answered from. Follow-ups had no association
// at all before: of eval-s's 59 follow-ups (tuning), 40 right -> 46;
// eval-t, never tuned on, 28 -> 31 of 58; out-of-scope questions
// answered after an IP question 1 -> 0 of 474. Questions asked on their
// own are not touched. The share was chosen while parts read their
// context in the tables too (eval-s 41 before): 44 at 0.1 (where one
// behaviour test lost its pair), 46 at 0.2 and 0.3, 45 at 0.4 and 0.5.
const followUpLearned = 0.3

// askTerm is the term that stands for a question's ask in the sections
// table.
func askTerm(a ask) string { return "?" + a.String() }

// learnedAskShare is the weight of each of a question's asks in its
// association with a section, as a share of its words' mean weight.
const learnedAskShare = 0.5

// learnedModels are the two tables ready to score.
type learnedModels struct {
	articles, sections, scope *learnedModel
	examples                  map[string][][]string
}

// bundledLearned is learned.tsv read once.
var bundledLearned = func() *learnedModels {
	f, err := parseLearned(bundledLearnedTSV)
	if err != nil {
		panic("knowledge: learned.tsv: " + err.Error()) // embedded at build time
	}
	return f.models()
}()

func (f learnedFile) models() *learnedModels {
	return &learnedModels{articles: newLearnedModel(f.Articles), sections: newLearnedModel(f.Sections), scope: newLearnedModel(f.Scope), examples: f.Examples}
}

// sectionLabel names sec in the sections table: its article's ID and
// the heading of the section at its place in the English version of the
// article, when there is one with as many sections.
func (s *snapshot) sectionLabel(sec *Section) string {
	a := sec.article
	named := a
	if a.Lang != "en" {
		if en, ok := s.articles["en/"+a.ID]; ok && len(en.Sections) == len(a.Sections) {
			named = en
		}
	}
	for i, x := range a.Sections {
		if x == sec {
			return a.ID + " › " + named.Sections[i].Name()
		}
	}
	return a.ID + " › " + sec.Name()
}

// numberLearned numbers each article and each section of s in the
// learned tables (see snapshot.learnedArticle and learnedSection).
func (s *snapshot) numberLearned(m *learnedModels) {
	s.learned = m
	s.learnedArticle = make([]int32, s.numArticles)
	for k := range s.learnedArticle {
		s.learnedArticle[k] = -1
	}
	s.learnedSection = make([]int32, len(s.sections))
	s.learnedExamples = make([]learnedExampleSet, len(s.sections))
	for i, sec := range s.sections {
		label := s.sectionLabel(sec)
		s.learnedArticle[s.articleOf[i]] = m.articles.label(sec.article.ID)
		s.learnedSection[i] = m.sections.label(label)
		s.learnedExamples[i].terms = m.examples[label]
	}
	s.outExamples = &outExampleSet{terms: m.examples[outExamplesLabel]}
}

// outExamplesLabel labels the tuning questions the base must decline,
// kept as examples (see signals.exampleOut).
const outExamplesLabel = "-out"

func sortedKeys[K cmp.Ordered, V any](m map[K]V) []K { return slices.Sorted(maps.Keys(m)) }

// namedBy reports whether columns cols of section row hold a term of
// every one of q's own content words, or of one of the words it quotes
// when it quotes (the quoted phrase is what it asks about, and its other
// words are often an example: "can I write 'compatible with Nike'"): a
// title, heading or alias written for the question, which what tuning
// questions suggest does not overrule. inQuotes are q's quoted terms.
func (s *snapshot) namedBy(row int, q query, inQuotes map[string]bool, cols ...int) bool {
	held := func(u unit) bool {
		return slices.ContainsFunc(u.terms, func(t string) bool {
			return slices.ContainsFunc(cols, func(c int) bool { return s.terms.inColumn(row, t, c) })
		})
	}
	n := 0
	for _, u := range q.units {
		if u.context || len(u.terms) == 0 || u.kind != unitKnown {
			continue
		}
		if len(inQuotes) > 0 {
			if slices.ContainsFunc(u.terms, func(t string) bool { return inQuotes[t] }) && held(u) {
				return true
			}
			continue
		}
		n++
		if !held(u) {
			return false
		}
	}
	return n > 0
}

// The labels of the scope table.
const (
	scopeIn  = "in"
	scopeOut = "out"
)

// outOfScope returns how much q's words came with the tuning questions
// the base must decline, above how much they came with those it
// answers (see learnedModel.deltas; 0 when the tables have no scope).
//
// It reads every word of the question alike, whatever its search
// weight. By search weight, the rarest words of a question decided
// whether it came with questions to decline, and those are mostly its
// goods ("handbag", which three near misses on duties and HS codes
// named), while the words that make it one of intellectual property
// ("counterfeit") are common in the base and weigh least: "a buyer
// opened a chargeback saying the handbag i sold is counterfeit, what
// can i do" was declined once eval-as to eval-au counted in the
// tables. Measured with those rounds in the tables, both models
// refitted (against the search weight): the tuning files 2,946 ->
// 2,953 of 3,607 sections right (in scope declined 61 -> 50, out of
// scope declined 1,436 -> 1,435 of 1,496); the judges' files 2,487 ->
// 2,502 of 3,203 (in scope declined 93 -> 70, out of scope declined
// 1,348 -> 1,343 of 1,414); eval-as to eval-au 614 -> 620 of 897 (out
// of scope declined 354 -> 351 of 378). The square root of the search
// weight gave 2,949, 2,492 and 618 (out of scope declined 1,438, 1,349
// and 354) but declined the question above.
func (m *learnedModels) outOfScope(q query) float64 {
	if m == nil || m.scope == nil {
		return 0
	}
	// Every word weighs alike (see above).
	q.units = slices.Clone(q.units)
	for k := range q.units {
		w := 1.0
		if q.units[k].context {
			// The earlier question's words, read with a follow-up,
			// keep their share (see addContext).
			w = followUpContext
		}
		q.units[k].weight = w
	}
	d := m.scope.deltas(q, quotedTerms(q.text))
	return deltaOf(d, m.scope.label(scopeOut)) - deltaOf(d, m.scope.label(scopeIn))
}
