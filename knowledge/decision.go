package knowledge

import "math"

// The answer decision is a small logistic model over general signals of
// a question and the article found for it (see signals): how much of
// the question the article supports (evidence), how much of it is
// matched where an article says what it is about (headShare), how much
// of that is a word of intellectual property (ipShare), whether the
// question uses such a word at all, how much of it only the sections'
// own aliases match (aliasShare: everyday words, weaker evidence than a
// heading), how well the chosen section holds
// the kind of fact asked for (askFit), and, for a question that uses a
// word of intellectual property, how long it is (a seller's story of
// several sentences spreads its words over several articles, so its
// evidence is lower than a short question's, and is no sign that it is
// off topic; a long story with no word of intellectual property gains
// nothing). It estimates how likely the question is one the base is
// meant to answer, and a question is answered from decisionThreshold up.
//
// The weights and the threshold are fitted, not chosen: TestDecisionModel
// fits them on the tuning sets (testdata/eval-*.jsonl; never the blind
// set), reports the figures of fitting on all files but one and judging
// the one left out, and fails when the values here differ from a fresh
// fit, so a change to the retrieval that moves the signals shows up as
// weights to refit. The threshold is the lowest that declines 96% of
// all the tuning files' out-of-scope questions (see declineTarget in the
// tests), a point above the blind set's gate. A hand rule (an
// evidence threshold and an IP word in a heading) scored 68.4% right
// and 97.6% declined judged that way on the first five files, against
// 71.9% and 97.6% for this model. The
// ask fit and the length of a question using a word of intellectual
// property raised section right, each file judged by a fit on the
// others, from 56.5% to 58.7% and article right from 69.3% to 71.7% of
// the in-scope tuning questions, with 97.3% of the others declined
// either way (the length of any question, or whether it is asked from a
// side of a complaint, declined fewer of the others). How close the
// sections that say what the desk does not cover (shipping, duties,
// payouts, returns, reviews, sourcing, pricing) come to the best section
// (outsideShare) declines questions about selling that share words with
// intellectual property. Judged leaving each file out, it declined 96.5%
// of the tuning files' out-of-scope questions against 95.4%, section
// right unchanged (65.2%); with the outside-scope article's six later
// sections, 97.9% and 65.5%. On eval-k and eval-l, which no choice was
// made on, 71 of their 85 out-of-scope questions were declined without
// the feature, 75 with it and 80 with the later sections, for 131, 130
// and 128 of their 215 in-scope questions right. Three more sections
// (company formation and tax IDs, opening a store and restricted
// products, account security) declined 191 -> 192 of the 205
// out-of-scope questions of eval-k to eval-o and 88 -> 90 of eval-p-oos's
// 100 near misses, for 321 -> 320 of their 545 in-scope sections right
// (tuning files judged by a fit on the others: 66.4% -> 65.7% section,
// 98.2% -> 97.9% declined).
//
// How much the question's words came with the tuning questions the base
// must decline rather than with those it answers (learnedOut, from the
// scope table of the learned tables; each tuning file's questions read
// with the table learned without that file) tells near misses apart
// better than the words of intellectual property alone. It came with
// eval-z-oos, 200 near misses written to make the tuning files' ones
// less easy: with eval-z-oos among them, the tuning files' in-scope
// questions each judged by a fit on the others went from 74.7% to 76.0%
// section right, 96.5% of their 483 out-of-scope questions declined
// either way. On the judges' files, which no choice was made on:
// sections right eval-k to eval-q 460 -> 461 of 655, eval-r 73 -> 79 of
// 110, eval-u 93 -> 96 of 125, eval-v to eval-x 178 -> 194 of 491; out of
// scope declined eval-k to eval-q 233 -> 241 of 245, eval-y-oos 147 ->
// 150 of 160, eval-p-oos 90 of 100, eval-v to eval-x 41 -> 40 of 42,
// eval-r 40 and eval-u 38 of 40 as before. (Without eval-z-oos the
// feature's fit declined fewer of the judges' near misses: eval-y-oos
// 143 -> 130.)
//
// Whether the question names a brand of goods, one of its products or a
// character the base does not know (featBrand, from the list of brands;
// see lexicon.brandName): a seller's question often names the brand it
// is about, which neither helps nor sinks the evidence. Fitted, it weighs
// little (0.09) and the threshold moved from 0.6050 to 0.6025: the tuning
// files and eval-aa to eval-ac as before, the fresh eval-ad 105 of 151
// sections right as before (in scope declined 11 -> 9, out of scope
// declined 40 of 40 as before), each tuning file judged by a fit on the
// others as before; out-of-scope questions answered after an IP question
// 2 -> 3 of 474; the judges' files 903 -> 904 of 1,381 (in scope declined
// 108 -> 105, out of scope declined as before). Read from every name on
// the lists (platforms, tools and cities too), eval-ad's in scope
// declined went to 8, but 5 of the 474 were answered ("canva", "shein").
//
// A brand of goods named counts as a word of intellectual property for
// featHasIP as well: what a seller may do with another's brand is a
// question of trade marks, though it may name no right ("can I put
// Dyson in my search terms"), and such questions were declined with
// their section found. With both models refitted: the oldest tuning
// files 601 -> 602 of 747, eval-aa 110 -> 111 of 149, eval-af 212 ->
// 214 of 278, none lost, out-of-scope declines as before on every file;
// each tuning file judged by a decision fitted on the others 79.7% ->
// 79.8% sections, 88.9% -> 89.0% articles, 96.9% declined as before;
// the judges' files 929 as before (in scope declined 99 -> 98), eval-ag
// as before, out-of-scope questions answered after an IP question 7 of
// 474 as before.
//
// How near the question comes to the nearest example question of the
// section chosen (featExampleIn), and to the nearest tuning question the
// base must decline (featExampleOut; see snapshot.exampleSignals): the
// scope table counts words one at a time, where an example keeps the
// words a question asked together. With the learned tables' examples
// of questions to decline (the oldest files' and the fresh rounds'), and
// each tuning file read with the tables learned without it or its round:
// the tuning files 2,857 -> 2,873 of 3,607 sections right, in scope
// declined 112 -> 96, out of scope declined 1,426 -> 1,428 of 1,496; the
// judges' files 2,360 -> 2,368 of 3,203, in scope declined 167 -> 161,
// out of scope declined 1,328 -> 1,330 of 1,414. Each oldest tuning file
// judged by a decision fitted on the others, 96.9% of their 483
// out-of-scope questions declined against 97.7% before. Tried: the
// nearest example among all the article's sections rather than the
// chosen one's (tuning files 2,873, their out of scope declined 1,427),
// featExampleIn alone (2,871 and 1,429; the judges' out of scope
// declined 1,323), the mean of the three nearest questions to decline
// (2,873 and 1,428), and the fresh rounds' questions to decline left
// out, as they are of the scope table (2,872 and 1,427).
var (
	decisionWeights = [numDecisionFeatures]float64{
		featEvidence:   0.28,
		featIPShare:    0.23,
		featHasIP:      0.68,
		featHeadShare:  0.28,
		featAskFit:     0.05,
		featLongIP:     0.2,
		featAliasShare: 0.09,
		featOutside:    -0.33,
		featLearnedOut: -1.11,
		featBrand:      0.07,
		featExampleIn:  0.36,
		featExampleOut: -0.26,
	}
	decisionBias      = -0.68
	decisionThreshold = 0.54
)

// The features of the answer decision, in the order of decisionWeights.
const (
	featEvidence = iota
	featIPShare
	// featHasIP is 1 for a question with a word of intellectual
	// property or the name of a brand of goods.
	featHasIP
	featHeadShare
	// featAskFit is askFit, 0 for a question with no ask.
	featAskFit
	// featLongIP is the question's length as a share of longQuestion,
	// at most 1, for a question with a word of intellectual property.
	featLongIP
	// featAliasShare is aliasShare.
	featAliasShare
	// featOutside is outsideShare.
	featOutside
	// featLearnedOut is learnedOut.
	featLearnedOut
	// featBrand is 1 for a question that names a brand of goods the base
	// does not know (see signals.brands).
	featBrand
	// featExampleIn is signals.exampleIn.
	featExampleIn
	// featExampleOut is signals.exampleOut.
	featExampleOut
	numDecisionFeatures
)

// features returns the decision's inputs.
func (g signals) features() [numDecisionFeatures]float64 {
	var x [numDecisionFeatures]float64
	x[featEvidence] = g.evidence
	x[featIPShare] = g.ipShare
	if g.ip > 0 || g.brands > 0 {
		x[featHasIP] = 1
	}
	x[featHeadShare] = g.headShare
	x[featAskFit] = max(0, g.askFit)
	if g.ip > 0 {
		x[featLongIP] = min(1, g.length/longQuestion)
	}
	x[featAliasShare] = g.aliasShare
	x[featOutside] = g.outsideShare
	x[featLearnedOut] = g.learnedOut
	if g.brands > 0 {
		x[featBrand] = 1
	}
	x[featExampleIn] = g.exampleIn
	x[featExampleOut] = g.exampleOut
	return x
}

// inScope is the model's estimate, from 0 to 1, that the question is one
// the base is meant to answer, with weights w and bias b.
func (g signals) inScope(w [numDecisionFeatures]float64, b float64) float64 {
	return estimate(w, b, g.features())
}

// estimate is the decision's estimate, 0 to 1, for features x under
// weights w and bias b.
func estimate(w [numDecisionFeatures]float64, b float64, x [numDecisionFeatures]float64) float64 {
	z := b
	for i, v := range x {
		z += w[i] * v
	}
	return 1 / (1 + math.Exp(-z))
}

// answer decides whether the evidence is enough to show the answer.
func (g signals) answer() bool {
	return g.decide(decisionWeights, decisionBias, decisionThreshold)
}

// decide is answer with the given weights, bias and threshold.
//
// Two kinds of question are declined whatever the estimate: one found in
// an article that says what the desk does not cover (outside), and one
// whose only word the base knows is an everyday word found nowhere the
// article says what it is about (lone). The second rule came when the
// fresh rounds' questions counted in the scope table and a lone "plug",
// the speller's reading of a made-up word, was answered from the article
// on parallel imports; no tuning or judges' question changed with it
// (tuning files 2,950 of 3,607 sections right as before, out of scope
// declined 1,427 -> 1,428 of 1,496; judges' files 2,472 of 3,203 as
// before, out of scope declined 1,334 -> 1,335 of 1,414, the decision
// refitted without the questions the rule declines).
//
// The tuning set has no question about an operator's own article outside
// intellectual property ("refurbished electronics"), and no word of
// intellectual property leads one there; a question is answered as well
// when nearly all of it (namedMinEvidence) is matched and a rare word of
// it is in the article's title, aliases or tags.
func (g signals) decide(w [numDecisionFeatures]float64, b, thresh float64) bool {
	if g.outside || g.lone {
		return false
	}
	return g.inScope(w, b) >= thresh || g.named && g.evidence >= namedMinEvidence
}

// namedMinEvidence is the evidence a question needs when only a rare word
// of the article's title shows what it is about.
const namedMinEvidence = 0.8
