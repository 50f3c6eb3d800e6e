package knowledge

import (
	"context"
	"fmt"
	"maps"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The tuning set is measured file by file, so that a choice made on some
// files can be judged on another: a weight that helps only the file it
// was chosen on does not generalise. The questions of eval.jsonl that no
// part holds (out-of-scope questions written first) form a file of their
// own, eval-rest.

// evalFolds returns the tuning questions by file.
func evalFolds(t testing.TB) map[string][]evalCase {
	t.Helper()
	folds := map[string][]evalCase{}
	inPart := map[string]bool{}
	for _, p := range evalParts {
		name := strings.TrimSuffix(filepath.Base(p), ".jsonl")
		for _, c := range loadEvalFile(t, p) {
			folds[name] = append(folds[name], c)
			inPart[strings.ToLower(strings.TrimSpace(c.Q))] = true
		}
	}
	for _, c := range loadEvalFile(t, "testdata/eval.jsonl") {
		if !inPart[strings.ToLower(strings.TrimSpace(c.Q))] {
			folds["eval-rest"] = append(folds["eval-rest"], c)
		}
	}
	return folds
}

// freshTuningFiles match the fresh tuning files eval-aa to eval-al,
// eval-av to eval-az and eval-ba onwards, which both models read beside evalFolds' files,
// each file read with the tables learned without its round (see
// heldOut.use), as every figure on them is: the section model is fitted
// on them (see pickFolds), and the answer decision's threshold is chosen
// on them (see fitDecision). The decision's weights are not fitted on
// them: fitted on them too, it declined more of every file's questions,
// in scope and out (the tuning files 2,816 -> 2,780 sections right of
// 3,607). eval-av to eval-ax, written after eval-au and measured on
// arrival, joined them rather than the judges' files, since their
// misses were read then: against counting them in the learned tables
// only, the oldest tuning files and eval-aa to eval-al 2,949 -> 2,941 of
// 3,607 sections right (out of scope declined 1,438 -> 1,444 of 1,496),
// the judges' files 2,497 of 3,203 either way (out of scope declined
// 1,345 -> 1,347 of 1,414); the threshold 0.53 -> 0.5325. eval-ay and
// eval-az, written after eval-ax and measured on arrival, joined them the
// same way, and so did eval-ba and eval-bb after them.
var freshTuningFiles = []string{"testdata/eval-a[a-lv-z]-*.jsonl", "testdata/eval-b[a-z]-*.jsonl"}

// freshTuningFolds returns the questions of freshTuningFiles, each file a
// fold named by its file.
func freshTuningFolds(t testing.TB) map[string][]evalCase {
	t.Helper()
	out := map[string][]evalCase{}
	for _, g := range freshTuningFiles {
		maps.Copy(out, filesBy(t, g, func(base string) string { return base }))
	}
	return out
}

// filesBy returns the questions of the files glob matches, grouped under
// key of each file's name without its extension.
func filesBy(t testing.TB, glob string, key func(base string) string) map[string][]evalCase {
	t.Helper()
	files, err := filepath.Glob(glob)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]evalCase{}
	for _, f := range files {
		k := key(strings.TrimSuffix(filepath.Base(f), ".jsonl"))
		out[k] = append(out[k], loadEvalFile(t, f)...)
	}
	return out
}

// A foldResult is what Ask did with one tuning question.
type foldResult struct {
	fold     string
	c        evalCase
	answered bool
	// first is set when the first section shown is the expected one,
	// any when it is among those shown, article when the article is.
	first, any, article bool
	// fresh is set for a result of a fresh tuning file (see
	// freshTuningFiles), on which the threshold is chosen but the weights
	// are not fitted.
	fresh bool
	sig   signals
	got   string
}

func runFolds(t testing.TB, ix *Index, folds map[string][]evalCase) []foldResult {
	t.Helper()
	var out []foldResult
	h := newHeldOut(t, ix)
	defer h.use("")
	for _, f := range slices.Sorted(func(yield func(string) bool) {
		for k := range folds {
			if !yield(k) {
				return
			}
		}
	}) {
		h.use(f)
		for _, c := range folds[f] {
			if c.uncovered {
				continue
			}
			ans, err := ix.Ask(context.Background(), c.Q)
			if err != nil {
				t.Fatal(err)
			}
			r := foldResult{fold: f, c: c, answered: ans.Answered, sig: ans.sig, got: "(nothing)"}
			if a := ans.Article(); a != nil {
				r.got = a.File + " › " + strings.Join(names(ans.Sections), " + ")
				// A declined question is judged by the sections it
				// would show, so that the fit does not depend on the
				// decision in place.
				judged := ans
				if ans.wouldShow != nil {
					w := *ans
					w.Sections = ans.wouldShow
					judged = &w
				}
				r.article, r.any, r.first = c.judge(ix, judged)
			}
			out = append(out, r)
		}
	}
	return out
}

// A foldTally counts one file's results under one decision.
type foldTally struct{ in, out, first, any, article, declined int }

func (x foldTally) String() string {
	return fmt.Sprintf("%3d in scope, %2d out: section %5.1f%% (first shown %5.1f%%), article %5.1f%%, declined %5.1f%%",
		x.in, x.out, pct(x.any, x.in), pct(x.first, x.in), pct(x.article, x.in), pct(x.declined, x.out))
}

// tallies counts results by file and in all ("all") under a decision.
func tallies(rs []foldResult, answer func(foldResult) bool) map[string]*foldTally {
	m := map[string]*foldTally{"all": {}}
	for _, r := range rs {
		if m[r.fold] == nil {
			m[r.fold] = &foldTally{}
		}
		for _, x := range []*foldTally{m[r.fold], m["all"]} {
			a := answer(r)
			if r.c.Article == "" {
				x.out++
				if !a {
					x.declined++
				}
				continue
			}
			x.in++
			if a && r.any {
				x.any++
			}
			if a && r.first {
				x.first++
			}
			if a && r.article {
				x.article++
			}
		}
	}
	return m
}

// A decisionModel is a set of weights, a bias and a threshold.
type decisionModel struct {
	w         [numDecisionFeatures]float64
	b, thresh float64
}

func (m decisionModel) answer(g signals) bool { return g.decide(m.w, m.b, m.thresh) }

// decisionL2 is the ridge penalty of the fit: the tuning set is small,
// and with a weaker penalty the fit leans on what sets its few
// out-of-scope questions apart (measured leaving one file out: 0.03 and
// 0.3 both judged worse than 0.1).
const decisionL2 = 0.1

// fitDecision fits the decision on results rs: a logistic regression of
// "the question is in scope" on the features of the results of evalFolds'
// files, out-of-scope questions weighted so that both kinds count alike,
// then the threshold (see declineTarget) on all of rs, the fresh tuning
// files' results too.
func fitDecision(rs []foldResult) decisionModel {
	all := rs
	rs = slices.DeleteFunc(slices.Clone(rs), func(r foldResult) bool { return r.fresh })
	var nIn, nOut float64
	for _, r := range rs {
		if r.c.Article == "" {
			nOut++
		} else {
			nIn++
		}
	}
	// Each question's features and weight are read once: the fit
	// passes over them 20,000 times.
	type row struct {
		x     [numDecisionFeatures]float64
		y, wt float64
	}
	var rows []row
	var sw float64
	for _, r := range rs {
		if r.sig.outside || r.sig.lone {
			continue // declined by rule, whatever the estimate
		}
		w := row{x: r.sig.features(), y: 1, wt: 1}
		if r.c.Article == "" {
			w.y, w.wt = 0, nIn/nOut
		}
		rows = append(rows, w)
		sw += w.wt
	}
	var m decisionModel
	for range 20000 {
		var grad [numDecisionFeatures]float64
		var gb float64
		for _, r := range rows {
			e := (estimate(m.w, m.b, r.x) - r.y) * r.wt
			for j := range r.x {
				grad[j] += e * r.x[j]
			}
			gb += e
		}
		for j := range m.w {
			m.w[j] -= 0.5 * (grad[j]/sw + decisionL2*m.w[j])
		}
		m.b -= 0.5 * gb / sw
	}
	// The weights and the bias are served rounded to two places, and
	// the threshold is chosen for them as served. Chosen for the
	// weights before rounding, it was not the best for the served
	// model (0.6 where 0.6025 was: each tuning file judged by a fit on
	// the others, 96.3% -> 96.7% of out-of-scope questions declined,
	// sections right 78.9% as before), and a change that moved the
	// bias across a rounding boundary (-0.725) moved two or three near
	// misses with it, however little else it did.
	for j := range m.w {
		m.w[j] = roundDecision(m.w[j])
	}
	m.b = roundDecision(m.b)
	// The threshold is the lowest, on a grid of 0.0025, at which
	// declineTarget of the tuning files' out-of-scope questions are
	// declined: it answers all it can while it keeps that share.
	//
	// It was the threshold that maximised section-right plus declined,
	// in percent, on evalFolds' files, averaged over two steps each side.
	// Near its best that objective was flat (from 0.5975 to 0.6125 within
	// a tenth of a point), and a change that did nearly nothing else moved
	// the threshold across it: refitting the section model for one more
	// heading's side took it from 0.5975 to 0.6125, and the tuning files'
	// in-scope questions declined from 119 to 155. Read from all the
	// tuning files, as a share of declines, it moves by a step for a
	// question or two.
	var out []signals
	for _, r := range all {
		if r.c.Article == "" {
			out = append(out, r.sig)
		}
	}
	m.thresh = 1
	for k := range 401 {
		thresh, declined := float64(k)*0.0025, 0
		for _, g := range out {
			if !g.decide(m.w, m.b, thresh) {
				declined++
			}
		}
		if float64(declined) >= declineTarget*float64(len(out)) {
			m.thresh = thresh
			break
		}
	}
	return m
}

// declineTarget is the share of the tuning files' out-of-scope questions
// the decision's threshold must decline: the blind set's gate asks 95%,
// and the threshold keeps a point above it. Half a point was not enough
// once the fresh and judges' files counted in the scope table: the
// threshold is chosen on the tuning files, and the judges' files, which
// it was not chosen on, declined 94.4% (1,335 of 1,414). At 0.96 against
// 0.955, with the evidence read in the article the search found: the
// tuning files 2,950 -> 2,940 of 3,607 sections right (in scope declined
// 54 -> 65, out of scope declined 95.5% -> 96.0%), the judges' files
// 2,472 -> 2,471 of 3,203 (in scope declined 87 -> 94, out of scope
// declined 94.4% -> 95.3%). At 0.965, measured before the rule on a lone
// everyday word (see signals.lone), the tuning files had 2,930 right and
// declined 96.5%, the judges' files 2,461 and 96.1%.
const declineTarget = 0.96

// roundDecision rounds a weight of the decision to two places, as
// decision.go serves it.
func roundDecision(x float64) float64 { return math.Round(x*100) / 100 }

// TestDecisionModel fits the answer decision on the tuning set and fails
// when decisionWeights, decisionBias or decisionThreshold differ from the
// fit: a change to the retrieval moves the signals, and the decision must
// be refitted with it (the message gives the values). With -v it reports
// each file judged by a model fitted on the others.
func TestDecisionModel(t *testing.T) {
	ix := openTest(t, Options{})
	folds := evalFolds(t)
	fresh := map[string]bool{}
	for name, cs := range freshTuningFolds(t) {
		folds[name], fresh[name] = cs, true
	}
	rs := runFolds(t, ix, folds)
	for k := range rs {
		rs[k].fresh = fresh[rs[k].fold]
	}
	fit := fitDecision(rs)
	if fit.w != decisionWeights || fit.b != decisionBias || math.Abs(fit.thresh-decisionThreshold) > 1e-9 {
		t.Errorf("the decision is not the fit on the tuning set: have weights %v bias %.2f threshold %.4f, fit %v bias %.2f threshold %.4f",
			decisionWeights, decisionBias, decisionThreshold, fit.w, fit.b, fit.thresh)
	}
	if !testing.Verbose() {
		return
	}
	// Each of evalFolds' files is judged by a fit on the others; the
	// fresh files, on which no weight is fitted, are not reported.
	all := slices.DeleteFunc(slices.Clone(rs), func(r foldResult) bool { return r.fresh })
	cv := map[string]bool{}
	for f := range folds {
		if fresh[f] {
			continue
		}
		var train []foldResult
		for _, r := range rs {
			if r.fold != f {
				train = append(train, r)
			}
		}
		m := fitDecision(train)
		for _, r := range all {
			if r.fold == f {
				cv[r.c.Q] = m.answer(r.sig)
			}
		}
	}
	var b strings.Builder
	for _, v := range []struct {
		name   string
		answer func(foldResult) bool
	}{
		{"as served", func(r foldResult) bool { return r.answered }},
		{"each file judged by a fit on the others", func(r foldResult) bool { return cv[r.c.Q] }},
		{"every in-scope question answered", func(r foldResult) bool { return r.c.Article != "" }},
	} {
		m := tallies(all, v.answer)
		fmt.Fprintf(&b, "%s:\n", v.name)
		for _, k := range slices.Sorted(func(yield func(string) bool) {
			for k := range m {
				if !yield(k) {
					return
				}
			}
		}) {
			fmt.Fprintf(&b, "  %-10s %s\n", k, m[k])
		}
	}
	t.Log("\n" + b.String())
}

// TestNearArticlesForAQuestionJustDeclined checks Answer.Near on the
// tuning questions: a declined question whose evidence came within
// nearFrom is offered the article found, in its own language where the
// article exists, and at most maxNear articles in all; an answered
// question, or one declined far from the bar, is offered none. Some
// in-scope questions must get an offer that holds their article.
func TestNearArticlesForAQuestionJustDeclined(t *testing.T) {
	ix := openTest(t, Options{})
	offered, helpful := 0, 0
	for _, list := range evalFolds(t) {
		for _, c := range list {
			ans, err := ix.Ask(t.Context(), c.Q)
			if err != nil {
				t.Fatal(err)
			}
			close := !ans.Answered && ans.Article() != nil && !ans.sig.outside && ans.sig.inScope(decisionWeights, decisionBias) >= nearFrom
			if !close {
				if len(ans.Near) > 0 {
					t.Errorf("%q (answered %v): offered %d articles", c.Q, ans.Answered, len(ans.Near))
				}
				continue
			}
			offered++
			if len(ans.Near) == 0 || len(ans.Near) > maxNear || ans.Near[0] != ans.Article() {
				t.Errorf("%q: near %v, want the article found (%s) first and at most %d", c.Q, titles(ans.Near), ans.Article().File, maxNear)
				continue
			}
			if _, ok := ix.Article(ans.Near[0].ID, ans.Lang); ok && ans.Near[0].Lang != ans.Lang {
				t.Errorf("%q: offered %s though the article exists in %s", c.Q, ans.Near[0].File, ans.Lang)
			}
			if c.Article != "" && slices.ContainsFunc(ans.Near, func(a *Article) bool {
				ok, _ := c.accepts(ix, a, nil)
				return ok || slices.ContainsFunc(c.parts, func(p []evalAlt) bool {
					return slices.ContainsFunc(p, func(alt evalAlt) bool { return alt.Article == a.ID })
				})
			}) {
				helpful++
			}
		}
	}
	if offered < 10 || helpful < 5 {
		t.Errorf("%d declined questions offered articles, %d of them with an article that answers; want at least 10 and 5", offered, helpful)
	}
}

func titles(as []*Article) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.File)
	}
	return out
}

// TestWouldShowDoesNotDependOnTheDecision checks that a declined
// question keeps the sections it would show answered, the same it shows
// when the decision lets it through: the decision's threshold is fitted
// on them, so a fit that moved them would move itself.
func TestWouldShowDoesNotDependOnTheDecision(t *testing.T) {
	ix := openTest(t, Options{})
	saved := decisionThreshold
	defer func() { decisionThreshold = saved }()
	n := 0
	for _, f := range []string{"testdata/eval-e-en.jsonl", "testdata/eval-e-zh.jsonl"} {
		for _, c := range loadEvalFile(t, f) {
			decisionThreshold = 2 // nothing passes
			declined, err := ix.Ask(t.Context(), c.Q)
			if err != nil {
				t.Fatal(err)
			}
			decisionThreshold = -1 // everything passes
			answered, err := ix.Ask(t.Context(), c.Q)
			if err != nil {
				t.Fatal(err)
			}
			if declined.Answered || !answered.Answered {
				continue // declined by rule either way (see signals.decide)
			}
			n++
			if got, want := names(declined.wouldShow), names(answered.Sections); !slices.Equal(got, want) {
				t.Errorf("%q: declined, would show %v; answered, shows %v", c.Q, got, want)
			}
		}
	}
	if n < 100 {
		t.Errorf("%d questions compared, want at least 100", n)
	}
}

// TestBrandNamedInAListingQuestionIsInScope checks that a question about
// using another's brand in a listing is answered though it names no
// right, and that one about selling goods of a brand, not about its
// name, is still declined.
func TestBrandNamedInAListingQuestionIsInScope(t *testing.T) {
	ix := openTest(t, Options{})
	wantAnswer(t, ix, "can i mention Bosch in the backend search terms of my drill bits", "listing-keywords", "Hidden keywords and other brands")
	for _, q := range []string{"how do i get more reviews on my Bosch drill bits listing", "怎么给戴森吹风机的链接打广告"} {
		ans, err := ix.Ask(t.Context(), q)
		if err != nil {
			t.Fatal(err)
		}
		if ans.Answered {
			t.Errorf("%q got %s, want it declined", q, describe(ans))
		}
	}
}

// TestLoneEverydayWordIsDeclined checks that a question whose only word
// the base knows is an everyday word, found where no article says what
// it is about, is declined, however strongly the word came with one
// section's tuning questions ("plug", of adapters that differ from the
// home market's, comes with parallel imports), and that the speller's
// reading of a made-up word as such a word changes nothing. A single
// word of intellectual property ("counterfeit"), or a term only the base
// uses ("noci", eBay's notice of claimed infringement), is still
// answered. A question whose only words the base knows are numbers is
// declined too, though a heading holds one ("what is 15% of 400?"
// against a 15-day window), while a number beside words of the base
// ("the 14-day right of withdrawal") still counts.
func TestLoneEverydayWordIsDeclined(t *testing.T) {
	ix := openTest(t, Options{})
	for _, q := range []string{"plug?", "plugh xyzzy gronk?", "bag?", "watch", "杯子？", "what is 15% of 400?"} {
		ans, err := ix.Ask(t.Context(), q)
		if err != nil {
			t.Fatal(err)
		}
		if ans.Answered {
			t.Errorf("%q got %s, want it declined", q, describe(ans))
		}
	}
	for _, q := range []string{"counterfeit?", "noci meaning", "what is the 14-day right of withdrawal"} {
		if ans, err := ix.Ask(t.Context(), q); err != nil || !ans.Answered {
			t.Errorf("%q declined (%v), want it answered", q, err)
		}
	}
}

// TestThresholdKeepsTheDeclineTarget checks the threshold fitDecision
// chooses: it declines declineTarget of the out-of-scope questions, and
// the step below it declines fewer.
func TestThresholdKeepsTheDeclineTarget(t *testing.T) {
	var rs []foldResult
	for k := range 400 {
		x := float64(k) / 400
		in := foldResult{c: evalCase{Article: "a"}, sig: signals{evidence: x, headShare: x, ip: 1}}
		out := foldResult{c: evalCase{}, sig: signals{evidence: x * 0.8, headShare: x * 0.6}}
		rs = append(rs, in, out)
	}
	m := fitDecision(rs)
	declined := func(thresh float64) int {
		n := 0
		for _, r := range rs {
			if r.c.Article == "" && !r.sig.decide(m.w, m.b, thresh) {
				n++
			}
		}
		return n
	}
	if got := declined(m.thresh); float64(got) < declineTarget*400 {
		t.Errorf("threshold %.4f declines %d of 400 out-of-scope questions, want at least %.0f", m.thresh, got, declineTarget*400)
	}
	if below := declined(m.thresh - 0.0025); float64(below) >= declineTarget*400 {
		t.Errorf("threshold %.4f: the step below declines %d of 400 as well", m.thresh, below)
	}
}
