package knowledge

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// frontMatter is the metadata block that opens every article, in YAML
// (parsed with yaml.v3, whose nodes carry line numbers, so each mistake is
// reported as file:line). It replaced a hand-written subset of YAML that
// rejected block lists and comments after values and quoted differently
// from YAML; the subset read the bundled base's front matter in about 5 ms
// and yaml.v3 takes about 20 ms, a price paid once while the index builds
// in the background:
//
//	---
//	title: Trademarks in the US
//	tags: [trademark, us]
//	aliases: ["how long does a us trademark last", "uspto fee"]
//	lang: en
//	jurisdiction: US
//	reviewed: 2026-11-26
//	intent: respond
//	---
//
// intent and translation are optional; see Article.Intent and
// Article.TranslationOf.
type frontMatter struct {
	Title        string
	Tags         []string
	Aliases      []string
	Lang         string
	Jurisdiction string
	Reviewed     time.Time
	Intent       string
	// Status is "draft" for an article written under drafts/ (see
	// WriteDraft); publishing it is moving the file, and the line may
	// stay.
	Status string
	// Translation is the language of the article this one translates.
	Translation string
	seen        map[string]int // key → line, for "missing" checks
}

// requiredKeys are the keys every bundled article carries; Lint reports a
// missing one, loading needs only title.
var requiredKeys = []string{"title", "tags", "aliases", "lang", "jurisdiction", "reviewed"}

// optionalKeys are the other keys an article may carry.
var optionalKeys = []string{"intent", "status", "translation"}

// parseFrontMatter reads the block at the start of src. It returns the
// metadata, the byte offset and line number where the body starts, and the
// problems found.
func parseFrontMatter(file string, src []byte) (fm frontMatter, bodyOff, bodyLine int, probs []Problem) {
	fm.seen = map[string]int{}
	bad := func(line int, fatal bool, format string, args ...any) {
		probs = append(probs, Problem{File: file, Line: line, Message: fmt.Sprintf(format, args...), Fatal: fatal})
	}
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	first, rest, _ := bytes.Cut(src, []byte("\n"))
	if strings.TrimSpace(string(first)) != "---" {
		bad(1, true, `missing front matter: the file must start with a "---" line`)
		return fm, 0, 1, probs
	}
	// Find the closing line; the block between is YAML.
	off, line := len(first)+1, 1
	blockStart := off
	blockEnd := -1
	for len(rest) > 0 {
		var raw []byte
		raw, rest, _ = bytes.Cut(rest, []byte("\n"))
		line++
		if strings.TrimSpace(string(raw)) == "---" {
			blockEnd = off
			off += len(raw) + 1
			break
		}
		off += len(raw) + 1
	}
	if blockEnd < 0 {
		bad(1, true, `front matter is not closed: add a "---" line after it`)
		return fm, len(src), line, probs
	}
	if off > len(src) {
		off = len(src)
	}
	bodyOff, bodyLine = off, line+1

	var doc yaml.Node
	if err := yaml.Unmarshal(src[blockStart:blockEnd], &doc); err != nil {
		l, msg := yamlErrorLine(err)
		if strings.Contains(msg, "mapping values are not allowed") {
			msg += ` (a value that holds ": " must be in quotes, for example title: "Fakes: what to do")`
		}
		bad(l+1, true, "front matter: not valid YAML: %s", msg)
		return fm, bodyOff, bodyLine, probs
	}
	if len(doc.Content) == 0 {
		bad(1, true, "front matter: title is missing")
		return fm, bodyOff, bodyLine, probs
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		bad(root.Line+1, true, "front matter: expected \"key: value\" lines")
		return fm, bodyOff, bodyLine, probs
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		key, at := k.Value, k.Line+1
		if prev, dup := fm.seen[key]; dup {
			bad(at, true, "front matter: %s is already set on line %d", key, prev)
			continue
		}
		fm.seen[key] = at
		switch key {
		case "title", "lang", "jurisdiction", "reviewed", "intent", "status", "translation":
			if v.Kind != yaml.ScalarNode {
				bad(at, true, "front matter: %s: expected a plain value", key)
				continue
			}
			s := strings.TrimSpace(v.Value)
			switch key {
			case "title", "jurisdiction":
				if s == "" {
					bad(at, true, "front matter: %s is empty", key)
				} else if key == "title" {
					fm.Title = s
				} else {
					fm.Jurisdiction = s
				}
			case "lang":
				if s != "en" && s != "zh" {
					bad(at, true, "front matter: lang must be en or zh, got %q", s)
					continue
				}
				fm.Lang = s
			case "translation":
				if s != "en" && s != "zh" {
					// Not fatal: the article serves as one of its own.
					bad(at, false, "front matter: translation must be the original's language, en or zh, got %q", s)
					continue
				}
				fm.Translation = s
			case "reviewed":
				t, err := time.Parse("2006-01-02", s)
				if err != nil {
					bad(at, true, "front matter: reviewed must be a date like 2026-01-31, got %q", s)
					continue
				}
				fm.Reviewed = t
			case "intent":
				if s != IntentRespond && s != IntentReport && s != IntentBuyer {
					// Not fatal: the article serves, only without the cue.
					bad(at, false, "front matter: intent must be %s, %s or %s, got %q", IntentRespond, IntentReport, IntentBuyer, s)
					continue
				}
				fm.Intent = s
			case "status":
				if s != StatusDraft {
					bad(at, false, "front matter: status must be %s, got %q", StatusDraft, s)
					continue
				}
				fm.Status = s
			}
		case "tags", "aliases":
			if v.Kind != yaml.SequenceNode {
				bad(at, true, "front matter: %s: expected a list like [a, b]", key)
				continue
			}
			var list []string
			ok := true
			for _, item := range v.Content {
				s := strings.TrimSpace(item.Value)
				if item.Kind != yaml.ScalarNode || s == "" {
					bad(item.Line+1, true, "front matter: %s: every item must be a non-empty text", key)
					ok = false
					break
				}
				list = append(list, s)
			}
			if !ok {
				continue
			}
			if key == "tags" {
				fm.Tags = list
			} else {
				fm.Aliases = list
			}
		default:
			bad(at, false, "front matter: unknown key %q (known: %s)", key, strings.Join(append(requiredKeys[:len(requiredKeys):len(requiredKeys)], optionalKeys...), ", "))
		}
	}
	if fm.Title == "" && fm.seen["title"] == 0 {
		bad(1, true, "front matter: title is missing")
	}
	return fm, bodyOff, bodyLine, probs
}

// yamlLine finds the line number yaml.v3 puts in its error messages
// ("yaml: line 3: …").
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

// yamlErrorLine returns the line (within the block) and the message of a
// YAML syntax error.
func yamlErrorLine(err error) (int, string) {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n, msg[len(m[0]):]
	}
	return 1, strings.TrimPrefix(msg, "yaml: ")
}

// parseList reads a YAML flow list such as [a, "b, c"], as a section's
// aliases comment holds one.
func parseList(val string) ([]string, error) {
	if list, ok := quotedList(val); ok {
		return list, nil
	}
	return yamlList(val)
}

// yamlList is parseList by the YAML parser.
func yamlList(val string) ([]string, error) {
	if !strings.HasPrefix(val, "[") {
		return nil, fmt.Errorf("expected a list like [a, b], got %q", val)
	}
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(val), &n); err != nil {
		_, msg := yamlErrorLine(err)
		return nil, fmt.Errorf("not a valid list: %s", msg)
	}
	if len(n.Content) == 0 || n.Content[0].Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("expected a list like [a, b], got %q", val)
	}
	var out []string
	for _, item := range n.Content[0].Content {
		s := strings.TrimSpace(item.Value)
		if item.Kind != yaml.ScalarNode || s == "" {
			return nil, fmt.Errorf("empty list item")
		}
		out = append(out, s)
	}
	return out, nil
}

// quotedList reads a list of plain double-quoted strings, ["a", "b"], the
// form section aliases are written in, without the YAML parser: the
// bundled base has some 840 such lists, and yaml.Unmarshal took about
// 9 ms of a 280 ms build for them (BenchmarkBuildBundled, one core). It
// reports false for anything else (an escape, single quotes, a bare
// word, an empty item, a trailing comma), which parseList gives to the
// YAML parser; TestQuotedListAgreesWithYAML checks the two agree.
func quotedList(val string) ([]string, bool) {
	if !strings.HasPrefix(val, "[") || !strings.HasSuffix(val, "]") {
		return nil, false
	}
	rest := strings.TrimSpace(val[1 : len(val)-1])
	var out []string
	for rest != "" {
		if rest[0] != '"' {
			return nil, false
		}
		end := strings.IndexByte(rest[1:], '"')
		if end < 0 {
			return nil, false
		}
		item := strings.TrimSpace(rest[1 : 1+end])
		if item == "" || strings.ContainsAny(rest[1:1+end], "\\\n\r\t") {
			return nil, false
		}
		out = append(out, item)
		rest = strings.TrimSpace(rest[2+end:])
		if rest == "" {
			break
		}
		if rest[0] != ',' {
			return nil, false
		}
		if rest = strings.TrimSpace(rest[1:]); rest == "" {
			return nil, false
		}
	}
	return out, len(out) > 0
}
