package knowledge

import (
	"context"
	"slices"
	"testing"
)

// TestMarkSymbolsAreWords checks that the registered sign and the
// copyright sign are read as words, typed alone or against Chinese, and
// that a question asking about the ® symbol in nothing but the sign is
// answered from the article on trademark symbols.
func TestMarkSymbolsAreWords(t *testing.T) {
	for _, c := range []struct{ text, term string }{
		{"can i put ® on the box", "=registered_symbol"},
		{"可以用®标吗", "=registered_symbol"},
		{"© 2026 my shop", "=copyright_symbol"},
	} {
		found := false
		for _, tk := range analyse(c.text) {
			found = found || slices.Contains(tk.terms, c.term)
		}
		if !found {
			t.Errorf("%q: no %s among its terms", c.text, c.term)
		}
	}
	ix := openTest(t, Options{})
	for _, q := range []string{"when can i use ®", "®?"} {
		ans, err := ix.Ask(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		if a := ans.Article(); !ans.Answered || a == nil || a.ID != "tm-symbols" {
			t.Errorf("%q: %s; want it answered from tm-symbols", q, describe(ans))
		}
	}
}
