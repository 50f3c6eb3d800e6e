package ipdesk

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// CleanText checks free text a user typed: trimmed, between min and max
// characters, no control characters (newlines and tabs only when multiline)
// and no mass or direct mentions, which would ping people wherever the text
// is shown. what names the field in messages ("The seller name"), in the
// reader's language. A min of zero makes the field optional.
func CleanText(s, what string, min, max int, multiline bool) (string, error) {
	return CleanTextMsg(s, Msg{English: what}, min, max, multiline)
}

// CleanTextMsg is CleanText with the field's name as a catalog message, for
// callers that have no language at hand.
func CleanTextMsg(s string, what Msg, min, max int, multiline bool) (string, error) {
	if !utf8.ValidString(s) {
		return "", Errorm(EINVALID, "text.not_text", what.English+" contains bytes that are not text; type it again.", "What", what)
	}
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	n := utf8.RuneCountInString(s)
	if n == 0 && min > 0 {
		return "", Errorm(EINVALID, "text.empty", what.English+" is empty; please type it.", "What", what)
	}
	if n < min {
		return "", Errorm(EINVALID, "text.too_short", fmt.Sprintf("%s is too short (%d characters); give at least %d.", what.English, n, min),
			"What", what, "Length", n, "Min", min)
	}
	if n > max {
		return "", Errorm(EINVALID, "text.too_long", fmt.Sprintf("%s is too long (%d characters); keep it under %d.", what.English, n, max+1),
			"What", what, "Length", n, "Max", max+1)
	}
	for _, r := range s {
		if r == '\n' || r == '\t' {
			if !multiline && r == '\n' {
				return "", Errorm(EINVALID, "text.one_line", what.English+" must be one line.", "What", what)
			}
			continue
		}
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || unicode.Is(unicode.Cf, r) && r != '\u200d' {
			return "", Errorm(EINVALID, "text.control", what.English+" contains invisible control characters; type it again without them.", "What", what)
		}
	}
	if mentionPattern.MatchString(s) {
		return "", Errorm(EINVALID, "text.mention", what.English+" contains a mention, which would notify people. Remove mentions such as @everyone, @here, <!channel> or <@user> and send it again.", "What", what)
	}
	return s, nil
}

// RedactEmails replaces email addresses in s, for records that outlive the
// complaint they describe.
func RedactEmails(s string) string { return emailPattern.ReplaceAllString(s, "[email removed]") }

var emailPattern = regexp.MustCompile(`[^\s@<>()\[\],;:"]+@[^\s@<>()\[\],;:"]+\.[^\s@<>()\[\],;:"]+`)

var mentionPattern = regexp.MustCompile(`(?i)@(everyone|here|channel)\b|<[!@#][^>]*>?`)

// ValidEmail checks an email address loosely: one @, a dotted domain, no
// spaces. Delivery is the only real test, and staff only read it.
func ValidEmail(s string) (string, error) {
	s = strings.TrimSpace(s)
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || len(s) > 254 || strings.ContainsAny(s, " \t\n<>()[],;:\"") ||
		strings.Contains(domain, "@") || !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") {
		q := quoted(clip(s, 60))
		return "", Errorm(EINVALID, "text.email", `"`+q+`" is not an email address; write it like name@example.com.`, "Text", q)
	}
	return s, nil
}

// ParseOrderDate parses a YYYY-MM-DD order date that is not in the future
// (relative to now) and not implausibly old.
func ParseOrderDate(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		q, example := quoted(clip(s, 30)), now.AddDate(0, 0, -7).Format("2006-01-02")
		return time.Time{}, Errorm(EINVALID, "text.date", `"`+q+`" is not a date; write it as YYYY-MM-DD, e.g. `+example+".", "Text", q, "Example", example)
	}
	if d.After(now) {
		return time.Time{}, Errorm(EINVALID, "text.date_future", s+" is in the future; give the date you placed the order.", "Date", s)
	}
	if d.Before(now.AddDate(-10, 0, 0)) {
		return time.Time{}, Errorm(EINVALID, "text.date_old", s+" is more than ten years ago; check the year.", "Date", s)
	}
	return d, nil
}

// quoted is s as %q writes it, without the quotation marks, which each
// language's message puts around it in its own way.
func quoted(s string) string {
	q := strconv.Quote(s)
	return q[1 : len(q)-1]
}

// clip shortens s to at most n characters for quoting it back in a message.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

func isLetterOrDigit(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
