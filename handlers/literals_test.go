package handlers_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/ipdesk/ipdesk/i18n"
)

// sinkFields are the fields whose text a user reads, by the type that has
// them.
var sinkFields = map[string]map[string]bool{
	"bot.Reply":      {"Text": true},
	"bot.Button":     {"Label": true},
	"bot.Field":      {"Label": true, "Value": true},
	"bot.Form":       {"Title": true, "Submit": true},
	"bot.Input":      {"Label": true, "Placeholder": true, "Initial": true},
	"bot.Option":     {"Label": true},
	"bot.Attachment": {"Title": true},
	"bot.Command":    {"Usage": true, "Summary": true},
	"bot.FormError":  {"Fields": true},
	"ipdesk.Error":   {"Message": true},
}

// sinkCalls are the functions whose arguments at these positions a user
// reads; -1 is every argument.
var sinkCalls = map[string]int{
	"ipdesk.Errorf":    -1, // formats a message: handlers print from the catalog instead
	"ipdesk.Errorm":    2,  // the English of a message belongs in the catalog
	"ipdesk.CleanText": 1,  // names the field in the reader's language
	"fmt.Sprintf":      0,
	"fmt.Fprintf":      1,
	"WriteString":      0, // strings.Builder
}

// allowed are the literals with letters that reach a sink but are not text
// for people to read: names, file names, records and patterns, each with
// why it stays.
var allowed = map[string]string{
	"%s~%s~%d~%s":         "a saved reply's button value",
	"ipdesk-data-%s.json": "the export's file name",
	"format.month.%d":     "builds a message id",
	"%.1f":                "a number",
	"no answer within %s": "an audit row: records stay in English",
	"%d file(s) posted to the review channel":       "an audit row",
	"%d complainants reported %s: %s":               "an audit row",
	"%s paid on %s, reference %s":                   "an audit row",
	orderOldFormat:                                  "a warning kept with the complaint, shown through warningText",
	"the download did not finish within %d seconds": "a reason kept with the evidence, shown through unfetchedWhy",
	"the platform refused the download (HTTP %s)":   "a reason kept with the evidence, shown through unfetchedWhy",
	"%s.%s":                        "a key",
	"/ipdesk ":                     "Slack's command, a name",
	"/ipdesk ask":                  "Slack's command, a name",
	"sha256 ":                      "a hash's name",
	"upload":                       "a file name",
	"%d bytes":                     "a size",
	"%d KB":                        "a size",
	"%.1f MB":                      "a size",
	"Slack":                        "a platform's name",
	"info:%d":                      "a reminder's kind",
	"sla:%dh":                      "a reminder's kind",
	"%s reply %q":                  "the operator's saved-replies file: its problems go to the log",
	"The title":                    "the operator's saved-replies file",
	"The text":                     "the operator's saved-replies file",
	"%s: unknown reason %q":        "the operator's saved-replies file",
	"%s: unknown placeholder {%s}": "the operator's saved-replies file",
	"Discord":                      "a platform's name",
}

const orderOldFormat = "order %d days old, beyond %s's %d-day claim window"

// formatVerb matches a fmt verb, which is no text.
var formatVerb = regexp.MustCompile(`%[-+# 0-9.*\[\]]*[a-zA-Z%]`)

// hasWords reports whether a literal holds letters other than format verbs.
func hasWords(s string) bool {
	return strings.IndexFunc(formatVerb.ReplaceAllString(s, ""), unicode.IsLetter) >= 0
}

// TestNoUserTextInHandlers scans the handlers' sources for string literals
// a user would read: the text of replies, buttons, fields, forms, options
// and errors, field names given to CleanText, and the formats of text
// built with fmt or a strings.Builder. Each must come from the message
// catalog instead; a literal that is a catalog id, a placeholder name
// passed to a printer, or on the allow-list above passes. Every finding is
// reported as file:line.
func TestNoUserTextInHandlers(t *testing.T) {
	cat := i18n.Default()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var found []string
	seen := map[*ast.BasicLit]bool{}
	scanned := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		scanned++
		report := func(expr ast.Node) {
			ast.Inspect(expr, func(n ast.Node) bool {
				switch x := n.(type) {
				case *ast.CallExpr:
					if printerCall(x) {
						return false // an id and placeholder names
					}
				case *ast.BasicLit:
					if x.Kind != token.STRING || seen[x] {
						return false
					}
					s, err := strconv.Unquote(x.Value)
					if err != nil || !hasWords(s) || cat.Message(i18n.EN, s) != nil {
						return false
					}
					if _, ok := allowed[s]; ok {
						return false
					}
					seen[x] = true
					found = append(found, fset.Position(x.Pos()).String()+": "+strconv.Quote(clipLiteral(s)))
				}
				return true
			})
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.CompositeLit:
				typ := typeName(x.Type)
				if arr, ok := x.Type.(*ast.ArrayType); ok {
					// The elements of []bot.Button{{...}} are buttons.
					elem := typeName(arr.Elt)
					for _, el := range x.Elts {
						if cl, ok := el.(*ast.CompositeLit); ok && cl.Type == nil {
							checkFields(elem, cl, report)
						}
					}
				}
				checkFields(typ, x, report)
			case *ast.CallExpr:
				name := typeName(x.Fun)
				if sel, ok := x.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "WriteString" {
					name = "WriteString"
				}
				pos, ok := sinkCalls[name]
				if !ok {
					return true
				}
				for i, a := range x.Args {
					if pos == -1 || i == pos {
						report(a)
					}
				}
			}
			return true
		})
	}
	if scanned < 20 {
		t.Fatalf("scanned %d files; is the test running in the handlers folder?", scanned)
	}
	sort.Strings(found)
	for _, f := range found {
		t.Errorf("%s is text for people: give it a message id in i18n/messages", f)
	}
}

// checkFields reports the sink fields of a composite literal of type typ.
func checkFields(typ string, cl *ast.CompositeLit, report func(ast.Node)) {
	fields := sinkFields[typ]
	if fields == nil {
		return
	}
	for _, el := range cl.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		key, ok := kv.Key.(*ast.Ident)
		if !ok || !fields[key.Name] {
			continue
		}
		if m, ok := kv.Value.(*ast.CompositeLit); ok && typ == "bot.FormError" {
			// The map's keys are the inputs' ids; its values are read.
			for _, e := range m.Elts {
				if mkv, ok := e.(*ast.KeyValueExpr); ok {
					report(mkv.Value)
				}
			}
			continue
		}
		report(kv.Value)
	}
}

// printerCall reports whether a call prints a catalog message (tr.T,
// tr.Label, tr.Has): its string arguments are an id and placeholder
// names, and its fallback is a name.
func printerCall(c *ast.CallExpr) bool {
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	switch sel.Sel.Name {
	case "T", "Label", "Has", "Error", "Msg":
		return true
	}
	return false
}

// typeName is "pkg.Name" for a selector, "Name" for an identifier, and
// "" for anything else; pointers and address-of are looked through.
func typeName(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.SelectorExpr:
		if id, ok := x.X.(*ast.Ident); ok {
			return id.Name + "." + x.Sel.Name
		}
	case *ast.Ident:
		return x.Name
	case *ast.StarExpr:
		return typeName(x.X)
	}
	return ""
}

func clipLiteral(s string) string {
	if r := []rune(s); len(r) > 70 {
		return string(r[:70]) + "…"
	}
	return s
}
