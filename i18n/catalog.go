// Package i18n is ipdesk's message catalog: every text a user sees, by
// message id, in each language the bot speaks. English and Simplified
// Chinese ship embedded (messages/en.json, messages/zh.json); an operator
// can override any text, or add a language, with files of the same format
// in a folder (setting IPDESK_MESSAGES).
//
// Messages are go-i18n templates: placeholders are named ({{.Ref}}) so a
// translation can put them in any order, and a message with plural forms
// ("one", "other") picks its form from the Count placeholder.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// Lang is a language the bot speaks, as a BCP 47 base tag ("en", "zh").
type Lang string

// The languages that ship with ipdesk. English is the fallback for a
// message a language lacks.
const (
	EN Lang = "en"
	ZH Lang = "zh"
)

//go:embed messages/*.json
var bundled embed.FS

// Catalog holds the messages of every language. It is built once and is
// then safe for concurrent use.
type Catalog struct {
	bundle *goi18n.Bundle
	langs  []Lang
	loc    map[Lang]*goi18n.Localizer
	ids    map[Lang]map[string]*goi18n.Message
	names  map[string]Lang // lower-cased names and tags a user may type
}

var (
	defaultOnce sync.Once
	defaultCat  *Catalog
	defaultErr  error
)

// Default returns the catalog of the bundled messages. It panics if they do
// not load, which the package's tests rule out.
func Default() *Catalog {
	c, err := bundledCatalog()
	if err != nil {
		panic(err)
	}
	return c
}

// bundledCatalog loads the catalog of the bundled messages once per process. A
// catalog is never changed once loaded, so everything that needs the
// bundled one shares it: each copy held about 1.2 MB.
func bundledCatalog() (*Catalog, error) {
	defaultOnce.Do(func() { defaultCat, defaultErr = load("") })
	return defaultCat, defaultErr
}

// New loads the bundled messages and then the files in dir, which override
// bundled texts by id or add a language ("ja.json"). An empty dir returns
// the bundled catalog, the one Default returns. An override of an id the
// bundle lacks, or one whose placeholders differ from the English text, is
// an error: it would never be shown, or would show a placeholder unfilled.
func New(dir string) (*Catalog, error) {
	if dir == "" {
		return bundledCatalog()
	}
	return load(dir)
}

func load(dir string) (*Catalog, error) {
	c := &Catalog{
		bundle: goi18n.NewBundle(language.English),
		loc:    map[Lang]*goi18n.Localizer{},
		ids:    map[Lang]map[string]*goi18n.Message{},
		names:  map[string]Lang{},
	}
	files, err := fs.Glob(bundled, "messages/*.json")
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	// English first: overrides and other languages are checked against it.
	slices.SortStableFunc(files, func(a, b string) int {
		return boolInt(filepath.Base(b) == "en.json") - boolInt(filepath.Base(a) == "en.json")
	})
	for _, f := range files {
		src, err := fs.ReadFile(bundled, f)
		if err != nil {
			return nil, err
		}
		if err := c.add(f, src, false); err != nil {
			return nil, err
		}
	}
	if dir != "" {
		entries, err := os.ReadDir(dir)
		if err != nil {
			return nil, fmt.Errorf("read messages folder: %w", err)
		}
		for _, e := range entries {
			if e.IsDir() || filepath.Ext(e.Name()) != ".json" {
				continue
			}
			path := filepath.Join(dir, e.Name())
			src, err := os.ReadFile(path)
			if err != nil {
				return nil, fmt.Errorf("read messages: %w", err)
			}
			if err := c.add(path, src, true); err != nil {
				return nil, err
			}
		}
	}
	for _, l := range c.langs {
		c.loc[l] = goi18n.NewLocalizer(c.bundle, string(l))
		// A person may name a language by its tag or by any of the names
		// in any language's lang.names ("中文", "Chinese", "zh-CN").
		c.names[string(l)] = l
	}
	for _, l := range c.langs {
		for _, other := range c.langs {
			m := c.ids[l]["lang.names."+string(other)]
			if m == nil {
				continue
			}
			for _, n := range strings.Split(m.Other, ",") {
				if n = strings.ToLower(strings.TrimSpace(n)); n != "" {
					c.names[n] = other
				}
			}
		}
	}
	return c, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// add parses one message file named like "zh.json" and adds its messages.
func (c *Catalog) add(path string, src []byte, override bool) error {
	base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	tag, err := language.Parse(base)
	if err != nil {
		return fmt.Errorf("%s: the file name must be a language tag such as zh.json: %w", path, err)
	}
	lang := Lang(strings.ToLower(tag.String()))
	var raw map[string]any
	if err := json.Unmarshal(src, &raw); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	msgs := make([]*goi18n.Message, 0, len(raw))
	for id, v := range raw {
		m, err := goi18n.NewMessage(v)
		if err != nil {
			return fmt.Errorf("%s: %s: %w", path, id, err)
		}
		m.ID = id
		if override {
			en := c.ids[EN][id]
			if en == nil && !strings.HasPrefix(id, "lang.names.") {
				return fmt.Errorf("%s: %s: no such message", path, id)
			}
			if en == nil {
				// The names of a language an operator adds.
			} else if got, want := Placeholders(m), Placeholders(en); !slices.Equal(got, want) {
				return fmt.Errorf("%s: %s: placeholders %v, want %v", path, id, got, want)
			}
		}
		msgs = append(msgs, m)
	}
	if err := c.bundle.AddMessages(tag, msgs...); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if c.ids[lang] == nil {
		c.ids[lang] = map[string]*goi18n.Message{}
		c.langs = append(c.langs, lang)
	}
	for _, m := range msgs {
		c.ids[lang][m.ID] = m
	}
	return nil
}

// Langs returns the languages the catalog has, English first.
func (c *Catalog) Langs() []Lang { return slices.Clone(c.langs) }

// Has reports whether the catalog speaks l.
func (c *Catalog) Has(l Lang) bool { return c.loc[l] != nil }

// IDs returns the message ids of l, sorted.
func (c *Catalog) IDs(l Lang) []string {
	ids := make([]string, 0, len(c.ids[l]))
	for id := range c.ids[l] {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// Message returns the message id of l as loaded, or nil.
func (c *Catalog) Message(l Lang, id string) *goi18n.Message { return c.ids[l][id] }

// Match returns the language a person or a platform names: a tag or locale
// ("zh-CN", "zh_CN", "en-US"), or a name the catalog lists ("中文",
// "Chinese", "英文"). It reports false for anything else.
func (c *Catalog) Match(s string) (Lang, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return "", false
	}
	if l, ok := c.names[s]; ok {
		return l, true
	}
	tag, err := language.Parse(strings.ReplaceAll(s, "_", "-"))
	if err != nil {
		return "", false
	}
	base, _ := tag.Base()
	l := Lang(base.String())
	return l, c.Has(l)
}

// Printer returns the printer for l; a language the catalog lacks prints
// English.
func (c *Catalog) Printer(l Lang) Printer {
	if !c.Has(l) {
		l = EN
	}
	return Printer{cat: c, lang: l}
}

// Printer prints the messages of one language. Its zero value prints the
// bundled English.
type Printer struct {
	cat  *Catalog
	lang Lang
}

// Lang returns the printer's language.
func (p Printer) Lang() Lang {
	if p.lang == "" {
		return EN
	}
	return p.lang
}

// Catalog returns the catalog the printer reads.
func (p Printer) Catalog() *Catalog {
	if p.cat == nil {
		return Default()
	}
	return p.cat
}

// In returns a printer of the same catalog for l.
func (p Printer) In(l Lang) Printer { return p.Catalog().Printer(l) }

// Has reports whether the printer's language, or English, has message id.
func (p Printer) Has(id string) bool {
	cat := p.Catalog()
	return cat.ids[p.Lang()][id] != nil || cat.ids[EN][id] != nil
}

// T returns message id filled with the placeholders given as name, value
// pairs: T("receipt.ref", "Ref", ref). A "Count" value picks the plural
// form. A message missing in the language falls back to English, and one
// missing in English returns its id, so a gap shows but never fails.
func (p Printer) T(id string, kv ...any) string {
	cat := p.Catalog()
	loc := cat.loc[p.Lang()]
	if loc == nil {
		loc = cat.loc[EN]
	}
	var data map[string]any
	var count any
	if len(kv) > 0 {
		data = make(map[string]any, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			name, _ := kv[i].(string)
			data[name] = kv[i+1]
			if name == "Count" {
				count = kv[i+1]
			}
		}
	}
	s, err := loc.Localize(&goi18n.LocalizeConfig{MessageID: id, TemplateData: data, PluralCount: count})
	if s == "" && err != nil {
		return id
	}
	return s
}

var (
	actionRE      = regexp.MustCompile(`\{\{(.*?)\}\}`)
	placeholderRE = regexp.MustCompile(`\.([A-Za-z_][A-Za-z0-9_]*)`)
)

// Placeholders returns the sorted, distinct placeholder names a message
// uses in any of its plural forms.
func Placeholders(m *goi18n.Message) []string {
	seen := map[string]bool{}
	for _, form := range []string{m.Zero, m.One, m.Two, m.Few, m.Many, m.Other} {
		for _, action := range actionRE.FindAllStringSubmatch(form, -1) {
			for _, match := range placeholderRE.FindAllStringSubmatch(action[1], -1) {
				seen[match[1]] = true
			}
		}
	}
	out := make([]string, 0, len(seen))
	for n := range seen {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
