package ipdesk

import "strings"

// RefPrefix starts every complaint reference.
const RefPrefix = "IPD-"

// ParseRef turns what a user typed ("ipd-7k3q9", "IPD-7K3Q9", "7K3Q9") into
// the stored form of a complaint reference and reports whether it is one.
// References are written, read aloud and retyped by people, so case and
// the prefix are forgiven; anything else is not a reference ("IPD" alone,
// markup, spaces inside). Every place that takes a reference from a user,
// a button or a command goes through here, so they all agree.
func ParseRef(s string) (string, bool) {
	s = strings.ToUpper(strings.TrimSpace(s))
	body, ok := strings.CutPrefix(s, RefPrefix)
	if !ok {
		if s == "IPD" {
			return "", false
		}
		body = s
	}
	if len(body) < 2 || len(body) > 12 {
		return "", false
	}
	for _, r := range body {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return "", false
		}
	}
	return RefPrefix + body, true
}
