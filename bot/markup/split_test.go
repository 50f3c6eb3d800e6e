package markup

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

// longDocument builds a document of many kinds of blocks, long enough to need
// several chunks: the golden article repeated, a long code block, a long
// list, a quote and a single paragraph far longer than any limit.
func longDocument(t testing.TB) string {
	t.Helper()
	article, err := os.ReadFile("testdata/article.md")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for i := range 4 {
		fmt.Fprintf(&b, "# Part %d\n\n%s\n\n", i+1, article)
	}
	b.WriteString("```go\n")
	for i := range 300 {
		fmt.Fprintf(&b, "fmt.Println(\"line %d <@U1> & more\")\n", i)
	}
	b.WriteString("```\n\n")
	for i := range 200 {
		fmt.Fprintf(&b, "- item %d with a [link %d](https://example.com/items/%d?a=1&b=2) and **bold**\n", i, i, i)
	}
	b.WriteString("\n> ")
	b.WriteString(strings.Repeat("quoted words go on ", 300))
	b.WriteString("\n\n")
	for i := range 600 {
		fmt.Fprintf(&b, "word%d [linked text number %d](https://example.com/%d) ", i, i, i)
	}
	b.WriteString("\n\nThe end.\n")
	return b.String()
}

// words returns the words of rendered text, ignoring the fence lines and
// escapes that Split may add where it cuts.
func words(s string) []string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		if strings.HasPrefix(strings.TrimLeft(line, " >"), "```") {
			continue
		}
		for _, w := range strings.Fields(line) {
			w = strings.TrimPrefix(w, softHyphen)
			w = strings.TrimPrefix(w, `\`)
			if w == ">" {
				continue // quote marker repeated on a continued line
			}
			out = append(out, w)
		}
	}
	return out
}

func TestSplit(t *testing.T) {
	doc := longDocument(t)
	for _, f := range formats {
		for _, limit := range []int{2000, 3000, 500} {
			t.Run(fmt.Sprintf("%v/%d", f, limit), func(t *testing.T) {
				chunks := Split(f, doc, limit)
				full := Render(f, doc)
				if n := utf8.RuneCountInString(full); len(chunks) < n/limit {
					t.Fatalf("%d chunks for %d characters at limit %d", len(chunks), n, limit)
				}
				for i, c := range chunks {
					if n := utf8.RuneCountInString(c); n > limit {
						t.Errorf("chunk %d has %d characters, limit %d", i, n, limit)
					}
					if strings.TrimSpace(c) == "" {
						t.Errorf("chunk %d is empty", i)
					}
					if f != Plain {
						checkFences(t, i, c)
					}
					checkWhole(t, f, i, c)
				}
				got, want := words(strings.Join(chunks, "\n")), words(full)
				if strings.Join(got, " ") != strings.Join(want, " ") {
					t.Errorf("chunks lose or change words: got %d words, want %d", len(got), len(want))
					for i := range min(len(got), len(want)) {
						if got[i] != want[i] {
							t.Errorf("first difference at word %d: %q, want %q", i, got[i], want[i])
							break
						}
					}
				}
			})
		}
	}
}

// checkFences fails if a chunk opens a code block it does not close.
func checkFences(t *testing.T, i int, c string) {
	t.Helper()
	n := 0
	for _, line := range strings.Split(c, "\n") {
		if strings.HasPrefix(strings.TrimLeft(line, " >•◦▪-0123456789."), "```") {
			n++
		}
	}
	if n%2 != 0 {
		t.Errorf("chunk %d has %d fence lines:\n%s", i, n, c)
	}
}

// checkWhole fails if a chunk starts or ends inside a link or an escape.
func checkWhole(t *testing.T, f Format, i int, c string) {
	t.Helper()
	switch f {
	case Slack:
		for _, line := range strings.Split(c, "\n") {
			open := false
			for j, r := range strings.TrimLeft(line, "> ") {
				if r == '<' && open || r == '>' && !open {
					t.Errorf("chunk %d cuts a Slack link at %d: %q", i, j, line)
					break
				}
				if r == '<' || r == '>' {
					open = r == '<'
				}
			}
			if open {
				t.Errorf("chunk %d cuts a Slack link: %q", i, line)
			}
		}
		if j := strings.LastIndexByte(c, '&'); j >= 0 && !strings.Contains(c[j:], ";") {
			t.Errorf("chunk %d ends inside an entity: %q", i, c[j:])
		}
	case Discord:
		if strings.HasSuffix(c, `\`) && !strings.HasSuffix(c, `\\`) {
			t.Errorf("chunk %d ends with a lone backslash", i)
		}
		if unescapedIndex(c, "[") >= 0 && strings.Count(c, "](<") != strings.Count(c, ">)") {
			t.Errorf("chunk %d cuts a masked link:\n%s", i, c)
		}
	}
}

func TestSplitShort(t *testing.T) {
	if got := Split(Discord, "", 2000); len(got) != 0 {
		t.Errorf("Split of an empty document = %q, want no chunks", got)
	}
	if got := Split(Slack, "one\n\ntwo", 2000); len(got) != 1 || got[0] != "one\n\ntwo" {
		t.Errorf("Split of a short document = %q, want one chunk", got)
	}
	// Blocks that fit are not cut, even if that leaves a chunk short.
	got := Split(Plain, "aaaa aaaa aaaa aaaa\n\nbbbb bbbb bbbb bbbb", 20)
	if len(got) != 2 || got[0] != "aaaa aaaa aaaa aaaa" || got[1] != "bbbb bbbb bbbb bbbb" {
		t.Errorf("Split at block boundary = %q", got)
	}
}

func TestSplitOneHugeWord(t *testing.T) {
	word := strings.Repeat("x", 10000)
	chunks := Split(Discord, word, 2000)
	if len(chunks) < 5 || len(chunks) > 6 {
		t.Fatalf("got %d chunks, want 5 or 6", len(chunks))
	}
	for i, c := range chunks {
		if n := utf8.RuneCountInString(c); n > 2000 {
			t.Errorf("chunk %d has %d characters", i, n)
		}
	}
	if strings.Join(chunks, "") != word {
		t.Error("chunks of one long word do not join back into it")
	}
}

func TestSplitKeepsEscapesAndLinks(t *testing.T) {
	// Every cut point falls somewhere inside a run of escapes or a link.
	md := strings.Repeat(Escape("*_~")+" [a b c](https://example.com/x) ", 200)
	for _, f := range []Format{Slack, Discord} {
		for limit := 40; limit < 60; limit++ {
			for i, c := range Split(f, md, limit) {
				checkWhole(t, f, i, c)
				if f == Discord && strings.HasPrefix(c, "*") {
					t.Errorf("chunk %d starts with an unescaped *: %q", i, c)
				}
			}
		}
	}
}

func TestSplitCodeBlock(t *testing.T) {
	var b strings.Builder
	b.WriteString("```go\n")
	for i := range 100 {
		fmt.Fprintf(&b, "x%d := %d\n", i, i)
	}
	b.WriteString("```")
	chunks := Split(Discord, b.String(), 200)
	if len(chunks) < 5 {
		t.Fatalf("got %d chunks, want the block cut several times", len(chunks))
	}
	for i, c := range chunks {
		if !strings.HasPrefix(c, "```go\n") || !strings.HasSuffix(c, "\n```") {
			t.Errorf("chunk %d is not a whole go code block:\n%s", i, c)
		}
	}
}

func TestSplitContinuedLineStart(t *testing.T) {
	// A cut that puts "- 5" or "1." at the start of a message must not make
	// a list there.
	md := strings.Repeat("word ", 30) + "- 5 and 1. and # x " + strings.Repeat("word ", 30)
	for limit := 20; limit < 60; limit++ {
		for i, c := range Split(Discord, md, limit) {
			if strings.HasPrefix(c, "- ") || strings.HasPrefix(c, "# ") || strings.HasPrefix(c, "1. ") {
				t.Errorf("limit %d: chunk %d starts with markup: %q", limit, i, c)
			}
		}
	}
}
