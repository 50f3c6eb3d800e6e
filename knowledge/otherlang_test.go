package knowledge

import (
	"strings"
	"testing"
)

// TestQuestionInAnotherLanguageIsDeclinedWithALanguageHint checks that
// a question written in a language the base is not written in gets the
// hint naming the languages the desk reads, not an answer from an
// article that shares a place or a brand with it; and that English with
// names, abbreviations, typos, an accented word or a greeting from
// another language, and Chinese, are read as before.
func TestQuestionInAnotherLanguageIsDeclinedWithALanguageHint(t *testing.T) {
	ix := openTest(t, Options{})
	for _, q := range []string{
		"¿Cómo registro una marca en México?",
		"como registro una marca en mexico",
		"combien coûte une marque en france",
		"wie lange dauert eine Marke in der EU",
		"quanto custa registrar uma marca no brasil",
		"quanto costa registrare un marchio in italia",
		"bagaimana cara mendaftarkan merek dagang di amerika",
		"商標登録にはいくらかかりますか",
		"상표 등록 비용은 얼마인가요",
		"сколько стоит регистрация товарного знака",
	} {
		ans, err := ix.Ask(t.Context(), q)
		if err != nil {
			t.Fatal(err)
		}
		if ans.Answered || ans.Lang != "en" || !strings.Contains(ans.Hint, "English and Chinese") || !strings.Contains(ans.Hint, "中文") {
			t.Errorf("%q: %s, hint %q; want it declined in English with the languages the desk reads", q, describe(ans), ans.Hint)
		}
	}
	for _, c := range []struct{ q, article string }{
		{"trademrk renewel china", "tm-china"},
		{"amz apex vero tro?", "amazon-apex"},
		{"my café sells crêpes, can i trademark the name of the café?", ""},
		{"ＨＯＷ ＬＯＮＧ ＤＯＥＳ Ａ ＵＳ ＴＲＡＤＥＭＡＲＫ ＬＡＳＴ", "tm-us"},
		{"中國商標多久續展一次", "tm-china"},
		{"亚马逊 brand registry 要多久", ""},
		{"hola, how long does a us trademark last?", "tm-us"},
		{"is selling Moët & Chandon, Möbius or Häagen-Dazs samples ok?", ""},
	} {
		ans, err := ix.Ask(t.Context(), c.q)
		if err != nil {
			t.Fatal(err)
		}
		if ans.Hint == otherLanguageHint || c.article != "" && (!ans.Answered || ans.Article().ID != c.article) {
			t.Errorf("%q: %s, hint %q; want it read as English or Chinese (and answered from %q, if named)", c.q, describe(ans), ans.Hint, c.article)
		}
	}
}
