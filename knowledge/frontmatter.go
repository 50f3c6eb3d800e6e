package knowledge

import (
	"bytes"
	"fmt"
	"strings"
	"time"
)

// frontMatter is the metadata block that opens every article. It is a
// small subset of YAML, parsed here rather than with a YAML library so that
// each mistake can be reported on its own line and no dependency is added:
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
// intent is optional; see Article.Intent.
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
	seen   map[string]int // key → line, for "missing" checks
}

// requiredKeys are the keys every bundled article carries; Lint reports a
// missing one, loading needs only title.
var requiredKeys = []string{"title", "tags", "aliases", "lang", "jurisdiction", "reviewed"}

// optionalKeys are the other keys an article may carry.
var optionalKeys = []string{"intent", "status"}

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
	off, line := len(first)+1, 1
	closed := false
	for len(rest) > 0 {
		var raw []byte
		raw, rest, _ = bytes.Cut(rest, []byte("\n"))
		off += len(raw) + 1
		line++
		text := strings.TrimSpace(string(raw))
		if text == "---" {
			closed = true
			break
		}
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		key, val, ok := strings.Cut(text, ":")
		key, val = strings.TrimSpace(key), strings.TrimSpace(val)
		if !ok || key == "" || strings.ContainsAny(key, " \t") {
			bad(line, true, "front matter: expected \"key: value\", got %q", text)
			continue
		}
		if prev, dup := fm.seen[key]; dup {
			bad(line, true, "front matter: %s is already set on line %d", key, prev)
			continue
		}
		fm.seen[key] = line
		switch key {
		case "title", "lang", "jurisdiction", "reviewed":
			s, err := parseScalar(val)
			if err != nil {
				bad(line, true, "front matter: %s: %v", key, err)
				continue
			}
			if s == "" {
				bad(line, true, "front matter: %s is empty", key)
				continue
			}
			switch key {
			case "title":
				fm.Title = s
			case "jurisdiction":
				fm.Jurisdiction = s
			case "lang":
				if s != "en" && s != "zh" {
					bad(line, true, "front matter: lang must be en or zh, got %q", s)
					continue
				}
				fm.Lang = s
			case "reviewed":
				t, err := time.Parse("2006-01-02", s)
				if err != nil {
					bad(line, true, "front matter: reviewed must be a date like 2026-01-31, got %q", s)
					continue
				}
				fm.Reviewed = t
			}
		case "intent":
			s, err := parseScalar(val)
			if err != nil {
				bad(line, true, "front matter: intent: %v", err)
				continue
			}
			if s != IntentRespond && s != IntentReport {
				// Not fatal: the article serves, only without the cue.
				bad(line, false, "front matter: intent must be %s or %s, got %q", IntentRespond, IntentReport, s)
				continue
			}
			fm.Intent = s
		case "status":
			s, err := parseScalar(val)
			if err != nil || s != StatusDraft {
				bad(line, false, "front matter: status must be %s, got %q", StatusDraft, val)
				continue
			}
			fm.Status = s
		case "tags", "aliases":
			list, err := parseList(val)
			if err != nil {
				bad(line, true, "front matter: %s: %v", key, err)
				continue
			}
			if key == "tags" {
				fm.Tags = list
			} else {
				fm.Aliases = list
			}
		default:
			bad(line, false, "front matter: unknown key %q (known: %s)", key, strings.Join(append(requiredKeys[:len(requiredKeys):len(requiredKeys)], optionalKeys...), ", "))
		}
	}
	if !closed {
		bad(1, true, `front matter is not closed: add a "---" line after it`)
		return fm, len(src), line, probs
	}
	if fm.Title == "" && fm.seen["title"] == 0 {
		bad(1, true, "front matter: title is missing")
	}
	return fm, off, line + 1, probs
}

// parseScalar reads a plain or quoted value.
func parseScalar(val string) (string, error) {
	if val == "" {
		return "", nil
	}
	switch val[0] {
	case '"', '\'':
		s, rest, err := readQuoted(val)
		if err != nil {
			return "", err
		}
		if strings.TrimSpace(rest) != "" {
			return "", fmt.Errorf("unexpected %q after the closing quote", rest)
		}
		return s, nil
	case '[', '{', '|', '>', '&', '*', '!':
		return "", fmt.Errorf("expected a plain value, got %q", val)
	}
	if i := strings.Index(val, " #"); i >= 0 {
		val = strings.TrimSpace(val[:i])
	}
	return val, nil
}

// parseList reads a flow list: [a, b] or ["x, y", 'z'].
func parseList(val string) ([]string, error) {
	if !strings.HasPrefix(val, "[") {
		if val == "" {
			return nil, fmt.Errorf("expected a list like [a, b]; block lists with \"- item\" lines are not supported")
		}
		return nil, fmt.Errorf("expected a list like [a, b], got %q", val)
	}
	s := strings.TrimSpace(val[1:])
	var out []string
	for {
		s = strings.TrimSpace(s)
		if strings.HasPrefix(s, "]") {
			if rest := strings.TrimSpace(s[1:]); rest != "" && !strings.HasPrefix(rest, "#") {
				return nil, fmt.Errorf("unexpected %q after the closing bracket", rest)
			}
			return out, nil
		}
		if s == "" {
			return nil, fmt.Errorf("list is not closed with ]")
		}
		var item string
		if s[0] == '"' || s[0] == '\'' {
			var err error
			item, s, err = readQuoted(s)
			if err != nil {
				return nil, err
			}
		} else {
			end := strings.IndexAny(s, ",]")
			if end < 0 {
				return nil, fmt.Errorf("list is not closed with ]")
			}
			item, s = strings.TrimSpace(s[:end]), s[end:]
		}
		if item == "" {
			return nil, fmt.Errorf("empty list item")
		}
		out = append(out, item)
		s = strings.TrimSpace(s)
		switch {
		case strings.HasPrefix(s, ","):
			s = s[1:]
		case strings.HasPrefix(s, "]"):
		default:
			return nil, fmt.Errorf("expected , or ] after %q", item)
		}
	}
}

// readQuoted reads one quoted string at the start of s and returns it with
// the rest of s. Double quotes take \" and \\ escapes; single quotes take
// ” for a quote, as in YAML.
func readQuoted(s string) (val, rest string, err error) {
	q := s[0]
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch {
		case q == '"' && c == '\\' && i+1 < len(s):
			i++
			b.WriteByte(s[i])
		case c == q && q == '\'' && i+1 < len(s) && s[i+1] == '\'':
			i++
			b.WriteByte('\'')
		case c == q:
			return b.String(), s[i+1:], nil
		default:
			b.WriteByte(c)
		}
	}
	return "", "", fmt.Errorf("unterminated quoted string %s", s)
}
