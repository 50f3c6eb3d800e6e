package knowledge

import (
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// A pickCase is one tuning question whose article was found, with the
// views of each of its sections and which of them answer it.
type pickCase struct {
	fold  string
	feats [][numPickFeatures]float64
	good  []bool
	// part is set for one ask of a question that asks several things.
	part bool
}

// pickFolds returns the tuning questions the section model is fitted
// on: evalFolds' and those of the fresh tuning files (see
// freshTuningFiles). Fitted on the fresh files too, the model chose
// 3,618 of 4,105 sections right where the hand-made score chose 3,188,
// each file judged by a fit on the others; as served, the tuning files
// went from 2,816 to 2,819 of 3,607 sections right and the judges' from
// 2,314 to 2,321 of 3,203, out-of-scope questions declined as before on
// both.
func pickFolds(t testing.TB) map[string][]evalCase {
	t.Helper()
	folds := evalFolds(t)
	maps.Copy(folds, freshTuningFolds(t))
	return folds
}

// pickCases returns the tuning questions of a single ask whose article,
// as Ask chooses it, has a section that answers them, and more than one
// section to choose from; and, read the same way, each ask of a tuning
// question that asks several things (see partPickCases), since Ask
// chooses the section of every part with the same model.
func pickCases(t *testing.T, ix *Index) []pickCase {
	t.Helper()
	s := ix.snap
	var out []pickCase
	h := newHeldOut(t, ix)
	defer h.use("")
	for f, list := range pickFolds(t) {
		h.use(f)
		for _, c := range list {
			if c.uncovered {
				continue
			}
			if len(c.parts) > 1 {
				out = append(out, partPickCases(t, s, f, c)...)
				continue
			}
			if c.Article == "" {
				continue
			}
			q := s.parseQuery(c.Q)
			lang := "en"
			if q.zh {
				lang = "zh"
			}
			pc, ok := pickCaseFor(t, s, q, lang, func(art *Article, sec *Section) bool {
				if c.Parts != nil {
					return slices.ContainsFunc(c.parts[0], func(alt evalAlt) bool { return isSection(sec, alt.Article, alt.Section) })
				}
				_, good := c.accepts(ix, art, []string{sec.Name()})
				return good
			})
			if ok {
				pc.fold = f
				out = append(out, pc)
			}
		}
	}
	return out
}

// pickL2 is the ridge penalty of the section model's fit. It was 0.01,
// when 0.001 had been judged worse leaving one file out of the few there
// were. With eval-aa to eval-al among the files, each file judged by a
// fit on the others chose 3,629 of 4,118 sections right at 0.01, 3,653
// at 0.003 and 3,660 at 0.001; the nearest example's weight rose from
// 1.9 to 4.9. As served, the tuning files went from 2,829 to 2,845 of
// 3,607 sections right and the judges' files from 2,323 to 2,341 of
// 3,203, out-of-scope questions declined as before. Three hand-written
// checks then failed, the brief's own "compatible with Nike" question
// among them, which the brand named had sent to the section of a tuning
// question on Nike in a listing title (see fitQueryOf).
const pickL2 = 0.001

// fitPick fits a section model by maximising the likelihood that the
// sections that answer each question win a softmax over its article's
// sections, starting from the hand-made score alone.
func fitPick(cs []pickCase) sectionModel {
	var m sectionModel
	m[pickCurrent] = 1
	for range 3000 {
		var grad sectionModel
		for _, c := range cs {
			z := make([]float64, len(c.feats))
			for k, f := range c.feats {
				z[k] = m.score(f)
			}
			top := math.Inf(-1)
			for _, x := range z {
				top = max(top, x)
			}
			var sum, sumGood float64
			for k := range z {
				z[k] = math.Exp(z[k] - top)
				sum += z[k]
				if c.good[k] {
					sumGood += z[k]
				}
			}
			for k, f := range c.feats {
				p, q := z[k]/sum, 0.0
				if c.good[k] {
					q = z[k] / sumGood
				}
				for j := range f {
					grad[j] += (p - q) * f[j]
				}
			}
		}
		for j := range m {
			m[j] -= 0.3 * (grad[j]/float64(len(cs)) + pickL2*m[j])
		}
	}
	return m
}

func (m sectionModel) right(c pickCase) bool {
	best := 0
	for k, f := range c.feats {
		if m.score(f) > m.score(c.feats[best]) {
			best = k
		}
	}
	return c.good[best]
}

// TestSectionModel fits the section model on the tuning set and fails
// when pickModel differs from the fit (a change to the retrieval moves
// the views it reads). With -v it reports each file judged by a fit on
// the others, against the hand-made score alone.
func TestSectionModel(t *testing.T) {
	ix := openTest(t, Options{})
	cs := pickCases(t, ix)
	fit := fitPick(cs)
	for j := range fit {
		fit[j] = math.Round(fit[j]*100) / 100
	}
	if fit != pickModel {
		t.Errorf("the section model is not the fit on the tuning set: have %v, fit %v", pickModel, fit)
	}
	if !testing.Verbose() {
		return
	}
	var hand sectionModel
	hand[pickCurrent] = 1
	byFold := map[string][]pickCase{}
	for _, c := range cs {
		byFold[c.fold] = append(byFold[c.fold], c)
	}
	var handRight, cvRight int
	for f, test := range byFold {
		var train []pickCase
		for _, c := range cs {
			if c.fold != f {
				train = append(train, c)
			}
		}
		m := fitPick(train)
		var h, r int
		for _, c := range test {
			if hand.right(c) {
				h++
			}
			if m.right(c) {
				r++
			}
		}
		handRight += h
		cvRight += r
		t.Logf("%-10s %3d questions: hand-made score right %3d, fit on the other files right %3d", f, len(test), h, r)
	}
	t.Log(fmt.Sprintf("all %d questions: hand-made score right %d (%.1f%%), each file judged by a fit on the others %d (%.1f%%)",
		len(cs), handRight, pct(handRight, len(cs)), cvRight, pct(cvRight, len(cs))))
}

// zhDurationPattern matches a number before a Chinese unit of time.
var zhDurationPattern = regexp.MustCompile(`[0-9]+ *(?:天|日|个工作日|小时)`)

// zhCountPattern matches a number before a Chinese measure word.
var zhCountPattern = regexp.MustCompile(`[0-9]+ *(?:次|个|分|条|项|类)`)

// TestChineseFactsCountedAsByWord checks countFactsIn's one pass over a
// text against counting each Chinese fact word on its own, on every
// section of the bundled base.
func TestChineseFactsCountedAsByWord(t *testing.T) {
	ix := openTest(t, Options{})
	checked := 0
	for _, a := range ix.snap.ordered {
		for _, sec := range a.Sections {
			if !hasHan(sec.text) {
				continue
			}
			got := countFactsIn(sec.text, nil)
			var want [numAsks]int
			for a := askDuration; a < numAsks; a++ {
				for _, f := range factZh[a] {
					want[a] += strings.Count(sec.text, f)
				}
			}
			// The currency signs before digits count as costs in both.
			for k, r := range sec.text {
				if strings.ContainsRune("$€£¥￥", r) && k+utf8.RuneLen(r) < len(sec.text) && sec.text[k+utf8.RuneLen(r)] >= '0' && sec.text[k+utf8.RuneLen(r)] <= '9' {
					want[askCost]++
				}
			}
			if strings.Contains(sec.text, "http") {
				want[askWhere]++
			}
			// A number before a unit of time is a duration, before a
			// measure word a count.
			want[askDuration] += len(zhDurationPattern.FindAllStringIndex(sec.text, -1))
			for _, m := range zhCountPattern.FindAllStringIndex(sec.text, -1) {
				if rest := sec.text[m[1]-len("个"):]; !strings.HasPrefix(rest, "个月") && !strings.HasPrefix(rest, "个工作日") {
					want[askCount]++
				}
			}
			if got != want {
				t.Errorf("%s › %s: %v, counted word by word %v", a.File, sec.Name(), got, want)
			}
			checked++
		}
	}
	if checked < 300 {
		t.Errorf("checked %d Chinese sections; want the bundled base's", checked)
	}
}

// TestListItemsCountedAsByPattern checks countNumbered and
// countFieldsRunes against the regular expression, strings.Fields and
// rune count they replace, on every section of the bundled base and on
// edge cases.
func TestListItemsCountedAsByPattern(t *testing.T) {
	numbered := regexp.MustCompile(`(?m)^\s*\d+[.)]\s`)
	texts := []string{"1. a\n2. b", "1.\n2.\n", "\n\n  3) x\n10. y", "1.a\n 2 . b\n", "12.", "x 1. y\n1. z", "1. 2. 3.\n"}
	ix := openTest(t, Options{})
	for _, a := range ix.snap.ordered {
		for _, sec := range a.Sections {
			texts = append(texts, sec.Markdown, sec.text)
		}
	}
	for _, md := range texts {
		if got, want := countNumbered(md), len(numbered.FindAllStringIndex(md, -1)); got != want {
			t.Errorf("%q: %d numbered items, the pattern finds %d", md, got, want)
		}
		fields, runes := countFieldsRunes(md)
		if want := len(strings.Fields(md)); fields != want {
			t.Errorf("%q: %d fields, strings.Fields %d", md, fields, want)
		}
		if want := utf8.RuneCountInString(md); runes != want {
			t.Errorf("%q: %d runes, utf8.RuneCountInString %d", md, runes, want)
		}
	}
}

// partPickCases returns the cases of the asks of a tuning question that
// asks several things, each read as Ask reads a part, when the question
// splits into as many parts as its labels.
func partPickCases(t *testing.T, s *snapshot, fold string, c evalCase) []pickCase {
	t.Helper()
	whole := s.parseQuery(c.Q)
	parts := splitParts(whole.text)
	if len(parts) != len(c.parts) {
		return nil
	}
	lang := "en"
	if whole.zh {
		lang = "zh"
	}
	var out []pickCase
	for k, p := range parts {
		q := s.parseQuery(p)
		q.addContext(whole, partContext, partContextSearch)
		pc, ok := pickCaseFor(t, s, q, lang, func(art *Article, sec *Section) bool {
			return slices.ContainsFunc(c.parts[k], func(alt evalAlt) bool { return isSection(sec, alt.Article, alt.Section) })
		})
		if ok {
			pc.fold, pc.part = fold, true
			out = append(out, pc)
		}
	}
	return out
}

// pickCaseFor reads q as Ask does, up to the choice of a section: the
// article it finds, in language lang where it exists in it, and the
// views of its sections, each marked by good. It reports false when
// nothing is found, the article has one section, or none is good.
func pickCaseFor(t *testing.T, s *snapshot, q query, lang string, good func(*Article, *Section) bool) (pickCase, bool) {
	t.Helper()
	hits, err := s.search(t.Context(), q)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) == 0 {
		return pickCase{}, false
	}
	best, _ := s.chooseArticle(q, hits)
	_, art := s.shownArticle(best.Section.article, lang)
	rows := s.rowsOf[art]
	if len(rows) < 2 {
		return pickCase{}, false
	}
	distinct, all := s.sectionViews(rows, q)
	pc := pickCase{feats: s.pickFeatures(rows, distinct, all, q)}
	any := false
	for _, i := range rows {
		g := good(art, s.sections[i])
		pc.good = append(pc.good, g)
		any = any || g
	}
	return pc, any
}

// TestFactsReadGetTheirSection checks kinds of fact read from digits and
// nouns: a number before a Chinese unit of time ("15日", "30天") is a
// duration, as "15 days" is in English, and a number before a noun or a
// Chinese measure word ("300 listings", "3次") is a count. A question
// asking how long, or how many, gets the section that says it, not a
// sibling on another step.
func TestFactsReadGetTheirSection(t *testing.T) {
	ix := openTest(t, Options{})
	for _, c := range []struct {
		name, text string
		ask        ask
		want       int
		q, article string
		section    string
	}{
		{"a Chinese duration", "收到通知后 15 日内提交，或者 30天，最多 20个工作日，48小时。", askDuration, 4,
			"美国海关扣货后多久决定", "customs-us", "货到美国后被扣留：最初几天"},
		// Not "one request", the year or the article's number.
		{"a count", "One request can flag up to 300 listings, and you get two appeals. Filed in 2021 under Article 17 of the Act. 最多 3次，12分。", askCount, 5,
			"how many listings can i report at once on lazada", "lazada-ip-complaints", "Reporting infringement on Lazada"},
		// A question whose words name only the article's subject and the
		// kind of fact asked gets the section with that fact, not the
		// article's opening sections.
		{"a duration asked in stop words", "注册后第五年到第六年之间，每满10年续展一次。", askDuration, 3,
			"美国商标能用多久", "tm-us", "美国商标能用多久：第五年的使用声明和每十年的续展"},
		{"how long a counter-notice takes", "10 到 14 个工作日", askDuration, 1,
			"DMCA反通知要多久", "dmca-counter-notice", "提交后多久能恢复"},
	} {
		if got := countFacts(c.text)[c.ask]; got != c.want {
			t.Errorf("%s: %d counted in %q, want %d", c.name, got, c.text, c.want)
		}
		ans, err := ix.Ask(t.Context(), c.q)
		if err != nil {
			t.Fatal(err)
		}
		if !ans.Answered || ans.Article().ID != c.article || ans.Sections[0].Name() != c.section {
			t.Errorf("%s: %q got %s, want %s › %s", c.name, c.q, describe(ans), c.article, c.section)
		}
	}
}

// TestRegistrationTimeIsAnswered checks that a seller asking how long a
// trademark takes to register is shown the section that says it, with
// the figure, not the sections on how long a registration lasts.
func TestRegistrationTimeIsAnswered(t *testing.T) {
	ix := openTest(t, Options{})
	for _, c := range []struct{ q, article, says string }{
		{"how long does it take to get a us trademark registered", "tm-us", "a year to a year and a half"},
		{"how long does eu trademark registration take", "tm-eu", "four to six months"},
		{"欧盟商标申请后多久能注册", "tm-eu", "四到六个月"},
		// The US article is on the US alone: that a heading names the
		// US sets no section of it apart ("必须请美国律师吗" had come
		// first).
		{"美国商标注册要多久", "tm-us", "一年到一年半"},
		// Its words are as near the section on EU marks after Brexit;
		// the tuning questions near it are questions of time (see
		// pickNear).
		{"how long does a uk trademark take to register", "tm-uk", "Opposition period"},
	} {
		ans, err := ix.Ask(t.Context(), c.q)
		if err != nil {
			t.Fatal(err)
		}
		if !ans.Answered || ans.Article().ID != c.article || !strings.Contains(ans.Sections[0].Markdown, c.says) {
			t.Errorf("%q got %s, want the %s section that says %q", c.q, describe(ans), c.article, c.says)
		}
	}
}

// TestOtherSidesSectionGetsNoLearnedLift checks that a section written
// for the other side of a complaint is not chosen for a question on the
// strength of what tuning questions with its words were answered from:
// a rights owner asking how to report on Walmart is not given how
// sellers answer a Walmart claim. The question is declined (its
// evidence is low), so the section checked is the one it would show,
// which the answer decision is fitted on.
func TestOtherSidesSectionGetsNoLearnedLift(t *testing.T) {
	ix := openTest(t, Options{})
	q := "someone is selling my patented product on walmart"
	ans, err := ix.Ask(t.Context(), q)
	if err != nil {
		t.Fatal(err)
	}
	secs := ans.Sections
	if !ans.Answered {
		secs = ans.wouldShow
	}
	if len(secs) == 0 || secs[0].Name() == "Sellers: answering a Walmart IP claim" {
		t.Errorf("%q got %s, want a section for the one who reports", q, describe(ans))
	}
}

// TestApplicationNeedsAnswered checks that asking what a trademark
// application needs gets the section that lists it: "商标注册需要什么材料"
// had got the article on bad-faith marks, whose sections name the
// materials for opposing one, before the Chinese article said what an
// application needs.
func TestApplicationNeedsAnswered(t *testing.T) {
	ix := openTest(t, Options{})
	for _, c := range []struct{ q, article, section string }{
		{"what documents do i need to file a trademark in china", "tm-china", "How much it costs and how to file"},
	} {
		wantAnswer(t, ix, c.q, c.article, c.section)
	}
}

// TestGeneralSectionCountsAgainstANamedPlace checks the place view of
// the section model: in an article with a section on the place a
// question names, that section counts for it, a section on another place
// against it most, and a section on no place against it too.
func TestGeneralSectionCountsAgainstANamedPlace(t *testing.T) {
	ix := openTest(t, Options{})
	s := ix.snap
	a := s.articles["en/parallel-import"]
	if a == nil {
		t.Fatal("no article en/parallel-import")
	}
	q := sectionQuery(s.parseQuery("may I resell genuine goods from abroad in the US"))
	rows := s.rowsOf[a]
	distinct, all := s.sectionViews(rows, q)
	place := map[string]float64{}
	for k, f := range s.pickFeatures(rows, distinct, all, q) {
		place[s.sections[rows[k]].Name()] = f[pickPlace]
	}
	us, eu, general := place["Importing into the US: first sale and material differences"], place["Importing into the EU: exhaustion is EEA-only"], place["Can I resell genuine branded products"]
	if !(us > 0 && general < 0 && eu < general) {
		t.Errorf("place views: US section %.2f, EU section %.2f, general section %.2f; want US > 0 > general > EU", us, eu, general)
	}
}

// TestNoLiftForAnotherMarketplacesSection: a buyer of a fake on one
// marketplace is not answered from a section on another's refund
// guarantee, which the learned tables associate with the words of a
// refund.
func TestNoLiftForAnotherMarketplacesSection(t *testing.T) {
	ix := openTest(t, Options{})
	for _, q := range []string{"i bought knockoff sneakers on temu, how do i get my money back", "bought counterfeit perfume on temu what now to get money back"} {
		ans, err := ix.Ask(t.Context(), q)
		if err != nil {
			t.Fatal(err)
		}
		if !ans.Answered || len(ans.Sections) == 0 {
			t.Errorf("%q: %s, want an answer", q, describe(ans))
			continue
		}
		if hm := headingMarketplaces(ans.Sections[0]); len(hm) > 0 && !slices.Contains(hm, "temu") {
			t.Errorf("%q: %s, a section on another marketplace", q, describe(ans))
		}
	}
}
