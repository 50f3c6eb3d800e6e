package i18n_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk/i18n"
)

// TestShippedLanguagesMatch checks that every shipped language has every
// message English has, no message English lacks, the same placeholders,
// and every plural form English uses.
func TestShippedLanguagesMatch(t *testing.T) {
	c := i18n.Default()
	langs := c.Langs()
	if !slices.Contains(langs, i18n.EN) || !slices.Contains(langs, i18n.ZH) {
		t.Fatalf("languages %v, want en and zh", langs)
	}
	en := c.IDs(i18n.EN)
	if len(en) < 20 {
		t.Fatalf("English has %d messages", len(en))
	}
	for _, l := range langs {
		ids := c.IDs(l)
		for _, id := range en {
			m := c.Message(l, id)
			if m == nil {
				t.Errorf("%s lacks %s", l, id)
				continue
			}
			if got, want := i18n.Placeholders(m), i18n.Placeholders(c.Message(i18n.EN, id)); !slices.Equal(got, want) {
				t.Errorf("%s %s: placeholders %v, English has %v", l, id, got, want)
			}
			if m.Other == "" {
				t.Errorf("%s %s: no text (the \"other\" form)", l, id)
			}
		}
		for _, id := range ids {
			if c.Message(i18n.EN, id) == nil {
				t.Errorf("%s has %s, which English lacks", l, id)
			}
		}
	}
}

// TestMessagesExecute fills every message of every language with a value
// for each placeholder and checks nothing is left unfilled.
func TestMessagesExecute(t *testing.T) {
	c := i18n.Default()
	for _, l := range c.Langs() {
		p := c.Printer(l)
		for _, id := range c.IDs(l) {
			var kv []any
			for _, name := range i18n.Placeholders(c.Message(l, id)) {
				v := any("X" + name)
				if name == "Count" {
					v = 2
				}
				kv = append(kv, name, v)
			}
			got := p.T(id, kv...)
			if got == id || strings.Contains(got, "<no value>") || strings.Contains(got, "{{") {
				t.Errorf("%s %s = %q", l, id, got)
			}
		}
	}
}

// TestUsedIDsExist scans the module's Go code for literal message ids
// passed to a printer and checks each is in the catalog, so a mistyped id
// fails here rather than showing its id to a user.
func TestUsedIDsExist(t *testing.T) {
	c := i18n.Default()
	re := regexp.MustCompile(`\.T\("([a-z0-9_]+(?:\.[a-z0-9_]+)+)"`)
	n := 0
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != ".." {
			return filepath.SkipDir
		}
		if d.IsDir() && d.Name() == "i18n" {
			return filepath.SkipDir // this package's own tests use made-up ids
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range re.FindAllStringSubmatch(string(src), -1) {
			n++
			if c.Message(i18n.EN, m[1]) == nil {
				t.Errorf("%s uses message %s, which the catalog lacks", path, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("found no message ids in the code")
	}
}

func TestPlural(t *testing.T) {
	c := i18n.Default()
	en := c.Printer(i18n.EN)
	if got := en.T("test.plural", "Count", 1); got != "1 finding" {
		t.Errorf("one: %q", got)
	}
	if got := en.T("test.plural", "Count", 3); got != "3 findings" {
		t.Errorf("other: %q", got)
	}
	if got := c.Printer(i18n.ZH).T("test.plural", "Count", 1); got != "1 项发现" {
		t.Errorf("zh: %q", got)
	}
}

func TestFallback(t *testing.T) {
	var zero i18n.Printer
	if got := zero.T("help.staff"); got != "Staff" {
		t.Errorf("zero printer: %q", got)
	}
	if got := zero.T("no.such.message"); got != "no.such.message" {
		t.Errorf("missing id: %q", got)
	}
	if got := i18n.Default().Printer("fr").Lang(); got != i18n.EN {
		t.Errorf("unknown language prints %s", got)
	}
}

func TestOverrides(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("zh.json", `{"help.staff": "客服团队"}`)
	write("ja.json", `{"help.staff": "スタッフ", "lang.names.ja": "日本語, japanese, ja"}`)
	write("README.txt", "not a message file")
	c, err := i18n.New(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Printer(i18n.ZH).T("help.staff"); got != "客服团队" {
		t.Errorf("override: %q", got)
	}
	if got := c.Printer(i18n.ZH).T("help.outro"); got != i18n.Default().Printer(i18n.ZH).T("help.outro") {
		t.Errorf("a text not overridden changed: %q", got)
	}
	// A third language is one file; what it lacks is English.
	if l, ok := c.Match("日本語"); !ok || l != "ja" {
		t.Fatalf("Match(日本語) = %q, %v", l, ok)
	}
	ja := c.Printer("ja")
	if got := ja.T("help.staff"); got != "スタッフ" {
		t.Errorf("ja: %q", got)
	}
	if got := ja.T("help.outro"); got != i18n.Default().Printer(i18n.EN).T("help.outro") {
		t.Errorf("ja fallback: %q", got)
	}

	for name, body := range map[string]string{
		"unknown id":   `{"help.stafff": "x"}`,
		"placeholders": `{"bot.internal": "出错了"}`,
		"bad json":     `{"help.staff": `,
	} {
		d := t.TempDir()
		if err := os.WriteFile(filepath.Join(d, "zh.json"), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := i18n.New(d); err == nil {
			t.Errorf("%s: loaded", name)
		}
	}
	d := t.TempDir()
	if err := os.WriteFile(filepath.Join(d, "not-a-language!.json"), []byte(`{}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := i18n.New(d); err == nil {
		t.Error("a file not named for a language loaded")
	}
	if _, err := i18n.New(filepath.Join(dir, "missing")); err == nil {
		t.Error("a missing folder loaded")
	}
}

func TestMatch(t *testing.T) {
	c := i18n.Default()
	for in, want := range map[string]i18n.Lang{
		"zh": i18n.ZH, "zh-CN": i18n.ZH, "zh_CN": i18n.ZH, "zh-Hans": i18n.ZH, "中文": i18n.ZH, "Chinese": i18n.ZH,
		"汉语": i18n.ZH, " 简体中文 ": i18n.ZH,
		"en": i18n.EN, "en-US": i18n.EN, "en-GB": i18n.EN, "English": i18n.EN, "英文": i18n.EN, "英语": i18n.EN,
	} {
		if got, ok := c.Match(in); !ok || got != want {
			t.Errorf("Match(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "fr", "fr-FR", "klingon", "@everyone", strings.Repeat("中", 1000)} {
		if got, ok := c.Match(in); ok {
			t.Errorf("Match(%q) = %q", in, got)
		}
	}
}

func TestDetect(t *testing.T) {
	for in, want := range map[string]i18n.Lang{
		"我买到了假货":                          i18n.ZH,
		"check 高仿LV包包 原单 1:1 品质":          i18n.ZH,
		"I bought fake shoes from a shop": i18n.EN,
		"What is a trademark?":            i18n.EN,
		"how do I file a complaint":       i18n.EN,
		"Nike 高仿":                         i18n.ZH,
		"what does 高仿 mean in a listing":  i18n.EN,
	} {
		if got, ok := i18n.Detect(in); !ok || got != want {
			t.Errorf("Detect(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "ok", "Nike Air Max 90", "IPD-7K3Q9", "https://www.amazon.com/dp/B0TEST1234", "someone@example.com", "120", "👍", "<!channel> @everyone"} {
		if got, ok := i18n.Detect(in); ok {
			t.Errorf("Detect(%q) = %q; want no language", in, got)
		}
	}
}

func TestFormats(t *testing.T) {
	c := i18n.Default()
	en, zh := c.Printer(i18n.EN), c.Printer(i18n.ZH)
	day := time.Date(2026, 12, 1, 14, 5, 0, 0, time.UTC)
	for _, tt := range []struct{ got, want string }{
		{en.Date(day), "2026-12-01"},
		{zh.Date(day), "2026年12月1日"},
		{en.DateTime(day), "2026-12-01 14:05 UTC"},
		{zh.DateTime(day), "2026年12月1日 14:05（UTC）"},
		// Another zone's evening is the next day in UTC.
		{zh.Date(time.Date(2026, 11, 30, 20, 0, 0, 0, time.FixedZone("UTC-5", -5*3600))), "2026年12月1日"},
		{en.Money(129900, "USD"), "1,299.00 USD"},
		{zh.Money(12000, "CNY"), "120.00 元"},
		{zh.Money(8990, "USD"), "89.90 美元"},
		{zh.Money(500, "JPY"), "500 日元"},
		{zh.Money(12345, "SEK"), "123.45 SEK"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}
