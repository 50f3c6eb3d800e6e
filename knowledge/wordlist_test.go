package knowledge

import (
	"runtime"
	"slices"
	"strings"
	"testing"
)

// TestWordListNarrow checks the packed list against a plain search of
// the words, for every prefix of every word and for strings the list
// lacks, extended a character at a time as the segmenter does.
func TestWordListNarrow(t *testing.T) {
	words := []string{"a", "ab", "abc", "abd", "b", "ba", "bab", "商标", "商标权", "商标注册", "商品", "注册", "注册商标"}
	slices.Sort(words)
	l := packWords(words)
	probes := []string{"", "aa", "abcd", "abz", "c", "商", "商标注", "商业", "注", "注册商", "注销", "z"}
	for _, w := range words {
		for k := range w + " " {
			probes = append(probes, w[:k])
		}
	}
	for _, p := range probes {
		wantWord := slices.Contains(words, p)
		var wantLonger bool
		for _, w := range words {
			if len(w) > len(p) && strings.HasPrefix(w, p) {
				wantLonger = true
			}
		}
		if got := l.find(p) >= 0; got != wantWord {
			t.Errorf("find(%q) found %v, want %v", p, got, wantWord)
		}
		if i := l.find(p); i >= 0 && l.at(i) != p {
			t.Errorf("find(%q) = %d, which is %q", p, i, l.at(i))
		}
		// Extend p from its first character, narrowing as cut does.
		lo, hi, known := 0, l.len(), 0
		var word, longer bool
		for k := range p + " " {
			if k == 0 {
				continue
			}
			lo, hi, word, longer = l.narrow(lo, hi, p[:k], known)
			known = k
		}
		if p == "" {
			continue
		}
		if word != wantWord || longer != wantLonger {
			t.Errorf("narrow to %q: word %v longer %v, want %v %v", p, word, longer, wantWord, wantLonger)
		}
		for i := lo; i < hi; i++ {
			if !strings.HasPrefix(l.at(i), p) {
				t.Errorf("narrow to %q keeps %q", p, l.at(i))
			}
		}
	}
}

// TestLexicon checks what the answer decision and the segmenter read
// from the embedded lists.
func TestLexicon(t *testing.T) {
	l := theLexicon()
	if n := l.english().len(); n < 70000 {
		t.Errorf("English list: %d words", n)
	}
	if n := l.zh.len(); n < 80000 {
		t.Errorf("Chinese list: %d words", n)
	}
	for _, c := range []struct {
		w              string
		known, common  bool
		chinese, cname bool // for Chinese words: in the list, and common
	}{
		{w: "storage", known: true, common: true},
		{w: "python", known: true, common: true},
		{w: "shenzhen", known: true, common: false}, // en-names.txt
		{w: "crocs", known: true, common: false},    // en-names.txt
		{w: "acos", known: true, common: true},      // en-commerce.txt
		{w: "qzxvshop", known: false},
		{w: "nike", known: true, common: false},
		{w: "bill", known: true, common: true}, // both "bill" and "Bill"
		{w: "xqzv", known: false},
		{w: "运费", chinese: true, cname: true},
		{w: "美国", chinese: true, cname: false}, // a place
		{w: "反通知书", chinese: false},
	} {
		if c.chinese || c.w[0] >= 0x80 {
			if got := l.zh.find(c.w) >= 0; got != c.chinese {
				t.Errorf("%s in the Chinese list: %v", c.w, got)
			}
			if got := l.commonChinese(c.w); got != c.cname {
				t.Errorf("commonChinese(%s) = %v", c.w, got)
			}
			continue
		}
		if got := l.knownEnglish(c.w); got != c.known {
			t.Errorf("knownEnglish(%s) = %v", c.w, got)
		}
		if got := l.commonEnglish(c.w); got != c.common {
			t.Errorf("commonEnglish(%s) = %v", c.w, got)
		}
	}
	// The dictionary's words and the thesaurus's come out whole.
	q := "卖高仿耐克在美国被罚了吗怎么提交反通知"
	words := chineseSegmenter().cut(q)
	if strings.Join(words, "") != q {
		t.Errorf("cut(%s) = %q loses characters", q, words)
	}
	for _, w := range []string{"高仿", "耐克", "反通知"} {
		if !slices.Contains(words, w) {
			t.Errorf("cut(%s) = %q, without %s", q, words, w)
		}
	}
}

// BenchmarkLexicon loads both word lists, as the first question of a
// process does, and reports the heap they keep (live-MB).
func BenchmarkLexicon(b *testing.B) {
	var live uint64
	for b.Loop() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		l := &lexicon{}
		l.loadChinese(string(gunzip(zhWordsGz)))
		l.english()
		runtime.GC()
		runtime.ReadMemStats(&after)
		live = after.HeapAlloc - before.HeapAlloc
		runtime.KeepAlive(l)
	}
	b.ReportMetric(float64(live)/(1<<20), "live-MB")
}

// BenchmarkSegment cuts every Han run of the bundled articles into words,
// as building the index does.
func BenchmarkSegment(b *testing.B) {
	files, err := readArticles(Bundled())
	if err != nil {
		b.Fatal(err)
	}
	var runs []string
	for _, f := range files {
		eachToken(string(f.data), func(tok string, han bool) {
			if han {
				runs = append(runs, tok)
			}
		})
	}
	s := chineseSegmenter()
	for b.Loop() {
		for _, r := range runs {
			s.cut(r)
		}
	}
}

// TestSplitGluedWords checks that words typed together are cut into the
// base's words, and that a name the base does not know, alone or with a
// short word, stays whole.
func TestSplitGluedWords(t *testing.T) {
	ix := openTest(t, Options{})
	sp := ix.snap.speller
	for w, want := range map[string]string{
		"compatiblewith":      "compatible with",
		"searchterms":         "search terms",
		"brandregistry":       "brand registry",
		"madeinchina":         "made in china",
		"inspiredbylululemon": "inspired by lululemon", // a name at the end
		"lululemon":           "",                      // a name alone
		"dongguan":            "",                      // not "don" and a name
		"shenzhen":            "",
		"countrefiet":         "", // a misspelling, not "count" and a name
		"short":               "",
	} {
		if got := sp.split(w); got != want {
			t.Errorf("split(%q) = %q, want %q", w, got, want)
		}
	}
}

// TestNamesAreNotSlips checks that the speller leaves alone the brand
// names and the words of selling online that the supplementary lists
// hold, in the words searched and in those read for the asks.
func TestNamesAreNotSlips(t *testing.T) {
	ix := openTest(t, Options{})
	for _, c := range []struct{ q, word string }{
		{"can i sell crocs charms that fit the shoes", "crocs"},
		{"my acos went up after a trademark complaint", "acos"},
		{"custom lego figures of my own design, copyright ok?", "lego"},
		{"is a l'oreal dupe listing a trademark problem", "oreal"},
	} {
		read, searched := ix.snap.respell(c.q)
		if !strings.Contains(read, c.word) || !strings.Contains(searched, c.word) {
			t.Errorf("%q read as %q, searched as %q: %q corrected", c.q, read, searched, c.word)
		}
	}
	// A slip of a word the base uses is still corrected.
	if _, searched := ix.snap.respell("how do i file a trademrk complaint"); !strings.Contains(searched, "trademark") {
		t.Errorf("trademrk not corrected: %q", searched)
	}
}

// TestBrandNamesCounted checks that the answer decision sees a brand the
// base never names as a brand (see signals.brands), and a name off the
// list of brands as no brand.
func TestBrandNamesCounted(t *testing.T) {
	ix := openTest(t, Options{})
	for q, want := range map[string]int{
		"can i write compatible with airpods in my listing title": 1,
		"can i write compatible with qzxv in my listing title":    0,
		// A tool or a city is a name, not a brand of goods.
		"can i use a canva template in my listing title": 0,
		"my listing title says made in yiwu":             0,
	} {
		ans, err := ix.Ask(t.Context(), q)
		if err != nil {
			t.Fatal(err)
		}
		if ans.sig.brands != want {
			t.Errorf("%q: %d brands, want %d", q, ans.sig.brands, want)
		}
	}
}

// TestSlipOfAWordWrittenOnlyInThePlural checks that a slip is corrected
// to a word the articles write only in the plural ("trusted flaggers").
func TestSlipOfAWordWrittenOnlyInThePlural(t *testing.T) {
	ix := openTest(t, Options{})
	if _, searched := ix.snap.respell("what is a trusted flager"); !strings.Contains(searched, "flagger") {
		t.Errorf("flager searched as %q", searched)
	}
	wantAnswer(t, ix, "what is a trusted flager", "eu-dsa", "")
}
