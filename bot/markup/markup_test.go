package markup

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

var formats = []Format{Plain, Slack, Discord}

// goldenName returns the expected-output file for an input and a format:
// x.txt for the terminal, x.slack.txt and x.discord.txt for the platforms.
func goldenName(input string, f Format) string {
	base := strings.TrimSuffix(input, ".md")
	if f == Plain {
		return base + ".txt"
	}
	return base + "." + f.String() + ".txt"
}

func TestGolden(t *testing.T) {
	inputs, err := filepath.Glob("testdata/*.md")
	if err != nil || len(inputs) == 0 {
		t.Fatalf("no golden inputs: %v", err)
	}
	for _, in := range inputs {
		src, err := os.ReadFile(in)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range formats {
			t.Run(filepath.Base(in)+"/"+f.String(), func(t *testing.T) {
				got := Render(f, string(src)) + "\n"
				name := goldenName(in, f)
				if *update {
					if err := os.WriteFile(name, []byte(got), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(name)
				if err != nil {
					t.Fatalf("%v (run go test -update to create it)", err)
				}
				if got != string(want) {
					t.Errorf("Render(%v, %s) differs from %s\n--- got ---\n%s--- want ---\n%s", f, in, name, got, want)
				}
			})
		}
	}
}

func TestRenderElements(t *testing.T) {
	tests := []struct {
		name string
		f    Format
		md   string
		want string
	}{
		{"slack bold italic strike", Slack, "**b** *i* ~~s~~", "*b* _i_ ~s~"},
		{"discord bold italic strike", Discord, "**b** *i* ~~s~~", "**b** *i* ~~s~~"},
		{"plain drops markup", Plain, "**b** *i* ~~s~~ `c`", "b i s c"},
		{"slack link", Slack, "[the guide](https://example.com/a?x=1&y=2)", "<https://example.com/a?x=1&amp;y=2|the guide>"},
		{"discord masked link", Discord, "[the guide](https://example.com/a)", "[the guide](<https://example.com/a>)"},
		{"plain link", Plain, "[the guide](https://example.com/a)", "the guide (https://example.com/a)"},
		{"slack link text escaped", Slack, "[a <b> & c](https://example.com)", "<https://example.com|a &lt;b&gt; &amp; c>"},
		{"slack url cannot end link", Slack, "[x](https://example.com/a>b)", "<https://example.com/a%3Eb|x>"},
		{"slack pipe in url encoded", Slack, "[x](https://example.com/a|b)", "<https://example.com/a%7Cb|x>"},
		{"slack autolink", Slack, "<https://example.com>", "<https://example.com>"},
		{"slack mail autolink", Slack, "<a@example.com>", "<mailto:a@example.com|a@example.com>"},
		{"discord mail link", Discord, "[write](mailto:a@example.com)", "write (a@example.com)"},
		{"slack image", Slack, "![alt](https://example.com/i.png)", "<https://example.com/i.png|alt>"},
		{"slack heading", Slack, "# Title", "*Title*"},
		{"slack heading keeps one bold", Slack, "# A **b** c", "*A b c*"},
		{"discord heading", Discord, "## Title", "**Title**"},
		{"plain heading", Plain, "# Title\n\n## Sub", "Title\n=====\n\nSub\n---"},
		{"slack bullets by depth", Slack, "- a\n  - b\n    - c", "• a\n  ◦ b\n    ▪ c"},
		{"ordered start", Discord, "3. c\n4. d", "3. c\n4. d"},
		{"loose list", Plain, "- a\n\n- b", "- a\n\n- b"},
		{"quote", Slack, "> a\n>\n> b", "> a\n>\n> b"},
		{"discord fence keeps language", Discord, "```go\nx := 1\n```", "```go\nx := 1\n```"},
		{"fence language sanitised", Discord, "```<b>\nx\n```", "```\nx\n```"},
		{"slack code escaped", Slack, "```\na < b && c\n```", "```\na &lt; b &amp;&amp; c\n```"},
		{"code fence inside code cannot close", Discord, "````\n```\n````", "```\n`\u200b``\n```"},
		{"plain code indented", Plain, "```\na\n\nb\n```", "    a\n\n    b"},
		{"discord code span with backtick", Discord, "`` a`b ``", "``a`b``"},
		{"soft break is a space", Plain, "a\nb", "a b"},
		{"hard break", Plain, "a\\\nb", "a\nb"},
		{"entity decoded then escaped", Slack, "&lt;!channel&gt; &amp;", "&lt;!channel&gt; &amp;"},
		{"numeric entity", Plain, "&#65;&#x42; &#0;", "AB \ufffd"},
		{"thematic break", Plain, "a\n\n***\n\nb", "a\n\n" + rule + "\n\nb"},
		{"link reference", Slack, "[x][r]\n\n[r]: https://example.com", "<https://example.com|x>"},
		{"empty", Slack, "", ""},
		{"blank", Discord, "  \n\n \n", ""},
		{"html block literal", Plain, "<div>\nhi\n</div>", "<div>\nhi\n</div>"},
		{"table plain", Plain, "| a | b |\n|---|--:|\n| 1 | 22 |", "a |  b\n--+---\n1 | 22"},
		{"table slack in code", Slack, "| a | **b** |\n|---|---|\n| <x> | [l](https://e.com) |", "```\na   | b\n----+------------------\n&lt;x&gt; | l (https://e.com)\n```"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Render(tt.f, tt.md); got != tt.want {
				t.Errorf("Render(%v, %q)\n got %q\nwant %q", tt.f, tt.md, got, tt.want)
			}
		})
	}
}

// TestRenderConcurrent renders from many goroutines at once: with -race it
// fails if any per-document state leaked into the shared renderer.
func TestRenderConcurrent(t *testing.T) {
	src, err := os.ReadFile("testdata/article.md")
	if err != nil {
		t.Fatal(err)
	}
	want := map[Format]string{}
	for _, f := range formats {
		want[f] = Render(f, string(src))
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f := formats[i%len(formats)]
			for range 20 {
				if got := Render(f, string(src)); got != want[f] {
					errs <- f.String()
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for f := range errs {
		t.Errorf("concurrent Render(%s) differs from a lone one", f)
	}
}

func BenchmarkRender(b *testing.B) {
	src, err := os.ReadFile("testdata/article.md")
	if err != nil {
		b.Fatal(err)
	}
	for _, f := range formats {
		b.Run(f.String(), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				Render(f, string(src))
			}
		})
	}
}

func BenchmarkSplit(b *testing.B) {
	src, err := os.ReadFile("testdata/article.md")
	if err != nil {
		b.Fatal(err)
	}
	doc := strings.Repeat(string(src)+"\n\n", 5)
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		Split(Discord, doc, 2000)
	}
}
