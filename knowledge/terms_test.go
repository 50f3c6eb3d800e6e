package knowledge

import (
	"bytes"
	"hash/maphash"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// TestTermStatsOfSharedColumns checks the two shortcuts of indexing: a
// column shared by an article's sections (its title, its keywords) is
// counted once and reused, and the impacts are found by one walk along
// each section's sorted terms. The statistics must be those of every
// column counted on its own, and each impact the sum of columnScore over
// the scored columns.
func TestTermStatsOfSharedColumns(t *testing.T) {
	files, err := readArticles(Bundled())
	if err != nil {
		t.Fatal(err)
	}
	arts, _ := parseAll(files)
	rows := sectionRows(arts)
	shared, apart := newTermStats(), newTermStats()
	sharedCols := 0
	for i, r := range rows {
		shared.add(r.cols)
		var cols [allCols][]string
		for c := range allCols {
			cols[c] = slices.Clone(r.cols[c])
			if i > 0 && same(r.cols[c], rows[i-1].cols[c]) {
				sharedCols++
			}
		}
		apart.add(cols)
	}
	if sharedCols == 0 {
		t.Fatal("no section shares a column with the one before: the shortcut is not exercised")
	}
	shared.finish()
	apart.finish()
	if !reflect.DeepEqual(shared.ids, apart.ids) || !reflect.DeepEqual(shared.df, apart.df) ||
		!reflect.DeepEqual(shared.sec, apart.sec) || !reflect.DeepEqual(shared.cols, apart.cols) ||
		!reflect.DeepEqual(shared.lens, apart.lens) || shared.sumLen != apart.sumLen || !reflect.DeepEqual(shared.post, apart.post) {
		t.Fatal("statistics with shared columns differ from those with every column counted apart")
	}
	for i, ids := range shared.sec {
		for _, id := range ids {
			var sum float64
			for c := range numCols {
				sum += shared.columnScore(i, id, c)
			}
			k := slices.IndexFunc(shared.post[id], func(p posting) bool { return p.row == int32(i) })
			if k < 0 || shared.post[id][k].impact != float32(sum) {
				t.Fatalf("section %d, term %d: impact is not the sum of its column scores %v", i, id, float32(sum))
			}
		}
	}
}

// TestAnalyserKeepingWordsReadsAsAFreshOne checks that an analyser that
// keeps each word's analysis for the rest of a build (see sectionRows)
// reads every text of the bundled base as an analyser without it does,
// after it has read all of them once.
func TestAnalyserKeepingWordsReadsAsAFreshOne(t *testing.T) {
	files, err := readArticles(Bundled())
	if err != nil {
		t.Fatal(err)
	}
	arts, _ := parseAll(files)
	var texts []string
	for _, a := range arts {
		texts = append(texts, a.Title, strings.Join(a.Aliases, " \n "))
		for _, sec := range a.Sections {
			texts = append(texts, sec.text, strings.Join(sec.Heading, " \n "), strings.Join(sec.Aliases, " \n "))
		}
	}
	keeping := &analyser{words: map[string]tok{}}
	for _, text := range texts {
		keeping.analyse(text)
	}
	if len(keeping.words) < 1000 {
		t.Fatalf("the analyser kept %d words of the whole base", len(keeping.words))
	}
	for _, text := range texts {
		var fresh analyser
		want, wantWords := fresh.analyse(text)
		got, gotWords := keeping.analyse(text)
		if len(got)+len(want) > 0 && !reflect.DeepEqual(got, want) || len(gotWords)+len(wantWords) > 0 && !reflect.DeepEqual(gotWords, wantWords) {
			t.Fatalf("%.60q: read as %v, a fresh analyser reads %v", text, got, want)
		}
	}
}

// TestRareWordOfTwoKnownCharactersReadApart: the dictionary cuts "的货扣了"
// ("the goods were detained") as 货扣, a dictionary word the base never
// uses, and the question lost 扣, "detained": read as its characters, it
// gets the section on goods detained, where it had the one on recording a
// mark with customs. Goods detained in Germany are answered from the
// general article's section on detained goods or, Germany being in the
// EU, from the EU article's section on what an importer can do.
func TestRareWordOfTwoKnownCharactersReadApart(t *testing.T) {
	ix := openTest(t, Options{})
	wantAnswer(t, ix, "寄到美国的货扣了，海关说是假货怎么办", "customs-us", "货到美国后被扣留：最初几天")
	q := "发往德国的货扣了，海关说侵权"
	ans, err := ix.Ask(t.Context(), q)
	if err != nil {
		t.Fatal(err)
	}
	detained := map[string]string{"customs": "货物被海关扣留后会怎样", "customs-eu": "进口商可以怎么应对"}
	if !ans.Answered || detained[ans.Article().ID] != ans.Sections[0].Name() {
		t.Errorf("%q got %s, want %v", q, describe(ans), detained)
	}
}

// TestHanBlockIsHan: isHan takes the CJK Unified Ideographs block for Han
// without asking unicode.Han, which must then hold all of it.
func TestHanBlockIsHan(t *testing.T) {
	for r := rune(hanFirst); r <= hanLast; r++ {
		if !unicode.Is(unicode.Han, r) {
			t.Fatalf("%U is in the CJK Unified Ideographs block but not in unicode.Han", r)
		}
	}
}

// TestSectionMarks checks that an article's sectionMarks say for every
// section what its headings and text hold: markHead for a term of the
// headings, markBody for one of the text only, and the number of
// sections holding each term.
func TestSectionMarks(t *testing.T) {
	files, err := readArticles(Bundled())
	if err != nil {
		t.Fatal(err)
	}
	arts, _ := parseAll(files)
	an := &analyser{words: map[string]tok{}}
	checked := 0
	for _, a := range arts {
		rows := articleRows(a, an)
		if len(rows) == 0 {
			continue
		}
		m := markSections(rows)
		want := map[string][]uint8{}
		for i, r := range rows {
			for _, c := range []int{colBody, colHeadings} {
				for _, term := range r.cols[c] {
					if want[term] == nil {
						want[term] = make([]uint8, len(rows))
					}
					want[term][i] = markBody
					if c == colHeadings {
						want[term][i] = markHead
					}
				}
			}
		}
		if len(m.at) != len(want) {
			t.Fatalf("%s: %d terms marked; want %d", a.key(), len(m.at), len(want))
		}
		for term, marks := range want {
			at, ok := m.at[term]
			n := int32(len(marks) - bytes.Count(marks, []byte{0}))
			if !ok || !bytes.Equal(m.of(at, len(rows)), marks) || m.count[at] != n {
				t.Fatalf("%s: %q marked %v in %d sections; want %v in %d", a.key(), term, m.of(at, len(rows)), m.count[at], marks, n)
			}
			checked++
		}
	}
	if checked < 10000 {
		t.Fatalf("%d terms checked", checked)
	}
}

// TestDeletionHashes checks that the speller's forms with one letter
// deleted, hashed in two pieces (see appendDeletionHashes), hash as the
// forms built whole, for every word of the bundled base's speller and
// for words that are not valid UTF-8.
func TestDeletionHashes(t *testing.T) {
	ix := openTest(t, Options{})
	words := append(slices.Clone(ix.snap.speller.words), "caf\xe9s", "\xff\xfeab", "商标注册", "é")
	if len(words) < 1000 {
		t.Fatalf("the speller holds %d words", len(words))
	}
	for i, w := range words {
		var want []deletion
		for _, d := range deletions(w) {
			want = append(want, deletion{maphash.String(spellSeed, d), int32(i)})
		}
		if got := appendDeletionHashes(nil, w, int32(i)); !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: forms hashed as %v; want %v", w, got, want)
		}
	}
}
