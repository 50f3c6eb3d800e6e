package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// askJSON runs "ipdesk ask --json" and decodes what it printed, checking
// that the output has exactly the documented keys.
func askJSON(t *testing.T, stdin string, env map[string]string, args ...string) (askResult, string) {
	t.Helper()
	code, out, errOut := runMain(t, stdin, env, append([]string{"ask", "--json"}, args...)...)
	if code != 0 {
		t.Fatalf("ask %v: exit %d; stderr %s", args, code, errOut)
	}
	var keys map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &keys); err != nil {
		t.Fatalf("ask %v: output is not one JSON object: %v\n%s", args, err, out)
	}
	var names []string
	for k := range keys {
		names = append(names, k)
	}
	sort.Strings(names)
	want := []string{"answered", "lang", "score", "sources", "text"}
	if _, ok := keys["near"]; ok {
		want = []string{"answered", "lang", "near", "score", "sources", "text"}
	}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("JSON keys %v, want %v", names, want)
	}
	var res askResult
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	return res, errOut
}

func TestAskJSON(t *testing.T) {
	t.Parallel()
	res, _ := askJSON(t, "", nil, "how", "long", "does", "a", "US", "trademark", "last?")
	if !res.Answered || res.Lang != "en" || res.Score <= 0 || len(res.Sources) == 0 {
		t.Fatalf("result = %+v", res)
	}
	if s := res.Sources[0]; s.File != "en/tm-us.md" || s.Title != "Trademarks in the US" || s.Section == "" {
		t.Errorf("source = %+v", s)
	}
	if !strings.HasPrefix(res.Text, "Trademarks in the US\n") || !strings.Contains(res.Text, res.Sources[0].Section) ||
		!strings.Contains(res.Text, "General information, not legal advice.") || strings.Contains(res.Text, "**") {
		t.Errorf("plain text:\n%s", res.Text)
	}

	// From standard input, in Chinese.
	res, _ = askJSON(t, "中国商标多少年续展一次\n", nil)
	if !res.Answered || res.Lang != "zh" || !strings.HasPrefix(res.Sources[0].File, "zh/") || !strings.Contains(res.Text, "不构成法律意见") {
		t.Errorf("Chinese from stdin = %+v", res)
	}

	// Out of scope: still exit 0, said plainly, no sources.
	res, _ = askJSON(t, "", nil, "what are the shipping rates to Canada")
	if res.Answered || len(res.Sources) != 0 || !strings.Contains(res.Text, "don't have a good answer") {
		t.Errorf("out of scope = %+v", res)
	}
	if len(res.Near) != 0 {
		t.Errorf("a question far from every article is offered %+v", res.Near)
	}

	// Declined only just: the articles near it are named, with the
	// first in the answer's text.
	near := false
	for _, q := range []string{"tiktok shop appeal deadline", "what's a trusted flagger in the EU", "red flags when choosing a supplier on alibaba"} {
		res, _ = askJSON(t, "", nil, q)
		if res.Answered || len(res.Near) == 0 {
			continue
		}
		near = true
		if !strings.Contains(res.Text, "may be close to what you asked") || !strings.Contains(res.Text, res.Near[0].Title) || !strings.HasPrefix(res.Near[0].File, "en/") {
			t.Errorf("declined only just = %+v", res)
		}
		break
	}
	if !near {
		t.Error("none of the questions is declined with articles near it; pick questions the decision now declines only just")
	}
	code, out, _ := runMain(t, "", nil, "ask", "--json", "tell me a joke")
	if code != 0 || !strings.Contains(out, `"sources":[]`) {
		t.Errorf("unanswered JSON must list no sources as []: exit %d\n%s", code, out)
	}
}

func TestAskFormats(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ format, want string }{
		{"slack", "*Trademarks in the US*"},
		{"discord", "**Trademarks in the US**"},
		{"plain", "Trademarks in the US\n"},
	} {
		code, out, errOut := runMain(t, "", nil, "ask", "--format", tt.format, "uspto trademark fee per class")
		if code != 0 || !strings.HasPrefix(out, tt.want) {
			t.Errorf("--format %s: exit %d, stderr %q, output:\n%s", tt.format, code, errOut, out)
		}
	}
	code, out, _ := runMain(t, "", nil, "ask", "--format=slack", "--json", "uspto trademark fee per class")
	var res askResult
	if code != 0 || json.Unmarshal([]byte(out), &res) != nil || !strings.HasPrefix(res.Text, "*Trademarks in the US*") {
		t.Errorf("--format=slack --json: exit %d\n%s", code, out)
	}
}

func TestAskBadInput(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		stdin string
		args  []string
		want  string
	}{
		{"", []string{"ask"}, "no question given"},
		{"   \n", []string{"ask", "--json"}, "no question given"},
		{"", []string{"ask", "--format", "html", "hi"}, "--format: want plain, slack or discord"},
		{"", []string{"ask", "--format"}, "--format needs a value"},
		{"", []string{"ask", "--json=yes", "hi"}, "--json takes no value"},
	} {
		code, out, errOut := runMain(t, tt.stdin, nil, tt.args...)
		if code != 1 || !strings.Contains(errOut, tt.want) || out != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 1 and %q", tt.args, code, out, errOut, tt.want)
		}
	}
	code, out, _ := runMain(t, "", nil, "ask", "--help")
	if code != 0 || !strings.Contains(out, "usage: ipdesk ask") || !strings.Contains(out, "IPDESK_KB_DIR") {
		t.Errorf("--help: exit %d\n%s", code, out)
	}
	// A long question is answered from its beginning and its end, and
	// says so.
	long := strings.Repeat("how long does a US trademark last? ", 40)
	res, errOut := askJSON(t, long, nil)
	if !res.Answered || !strings.Contains(errOut, "answered from its beginning and its end") {
		t.Errorf("long question: %+v, stderr %q", res, errOut)
	}
	// A document of several kilobytes pasted before its question: the
	// question at its end is what is answered.
	pasted := strings.Repeat("Order 113-4829301-2291045 of 2026-11-02. ", 200) + "\nhow long does a US trademark last?"
	res, _ = askJSON(t, pasted, nil)
	if !res.Answered || len(res.Sources) == 0 || res.Sources[0].Section != "Keeping a US registration alive" {
		t.Errorf("question after a pasted document: %+v", res.Sources)
	}
}

const customArticle = `---
title: Selling refurbished branded electronics
tags: [refurbished, resale, trademark]
aliases: ["can i sell refurbished phones", "renewed electronics listing"]
lang: en
jurisdiction: global
reviewed: 2026-11-01
---

Refurbished goods may be resold under the original brand when they are clearly labelled as refurbished.

## How to label refurbished goods

Put "refurbished" in the title and describe what was replaced, so buyers are not misled about the condition.

## Sources
- Company policy on refurbished listings, 2026 edition
`

func TestAskWithOperatorFolder(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "en"), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "en", "refurbished.md"), customArticle)
	write(t, filepath.Join(dir, "en", "broken.md"), "no front matter here\n")
	env := map[string]string{"IPDESK_KB_DIR": dir}
	res, errOut := askJSON(t, "", env, "can I sell refurbished phones with the original brand")
	if !res.Answered || res.Sources[0].File != "en/refurbished.md" {
		t.Errorf("operator article not answered from: %+v", res)
	}
	if !strings.Contains(errOut, "warning") || !strings.Contains(errOut, "broken.md") {
		t.Errorf("broken article not reported: %q", errOut)
	}
	// The same through the flag.
	res, _ = askJSON(t, "", nil, "--kb-dir", dir, "refurbished", "electronics", "label")
	if !res.Answered || res.Sources[0].File != "en/refurbished.md" {
		t.Errorf("--kb-dir: %+v", res)
	}
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
