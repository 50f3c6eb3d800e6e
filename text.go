package ipdesk

import (
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// CleanText checks free text a user typed: trimmed, between min and max
// characters, no control characters (newlines and tabs only when multiline)
// and no mass or direct mentions, which would ping people wherever the text
// is shown. what names the field in messages ("The seller name"). A min of
// zero makes the field optional.
func CleanText(s, what string, min, max int, multiline bool) (string, error) {
	if !utf8.ValidString(s) {
		return "", Errorf(EINVALID, "%s contains bytes that are not text; type it again.", what)
	}
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	n := utf8.RuneCountInString(s)
	if n == 0 && min > 0 {
		return "", Errorf(EINVALID, "%s is empty; please type it.", what)
	}
	if n < min {
		return "", Errorf(EINVALID, "%s is too short (%d characters); give at least %d.", what, n, min)
	}
	if n > max {
		return "", Errorf(EINVALID, "%s is too long (%d characters); keep it under %d.", what, n, max+1)
	}
	for _, r := range s {
		if r == '\n' || r == '\t' {
			if !multiline && r == '\n' {
				return "", Errorf(EINVALID, "%s must be one line.", what)
			}
			continue
		}
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || unicode.Is(unicode.Cf, r) && r != '\u200d' {
			return "", Errorf(EINVALID, "%s contains invisible control characters; type it again without them.", what)
		}
	}
	if mentionPattern.MatchString(s) {
		return "", Errorf(EINVALID, "%s contains a mention, which would notify people. Remove mentions such as @everyone, @here, <!channel> or <@user> and send it again.", what)
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
		return "", Errorf(EINVALID, "%q is not an email address; write it like name@example.com.", clip(s, 60))
	}
	return s, nil
}

// ParseOrderDate parses a YYYY-MM-DD order date that is not in the future
// (relative to now) and not implausibly old.
func ParseOrderDate(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		return time.Time{}, Errorf(EINVALID, "%q is not a date; write it as YYYY-MM-DD, e.g. %s.", clip(s, 30), now.AddDate(0, 0, -7).Format("2006-01-02"))
	}
	if d.After(now) {
		return time.Time{}, Errorf(EINVALID, "%s is in the future; give the date you placed the order.", s)
	}
	if d.Before(now.AddDate(-10, 0, 0)) {
		return time.Time{}, Errorf(EINVALID, "%s is more than ten years ago; check the year.", s)
	}
	return d, nil
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
