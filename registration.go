package ipdesk

import (
	"fmt"
	"regexp"
	"strings"
)

// Jurisdiction is an office whose registration numbers the bot can check.
// Rights registered elsewhere are recorded with the country or office the
// filer names, and their numbers are checked only for plausibility.
type Jurisdiction struct {
	Code string // "US"
	Name string // "United States (USPTO)"
	// aliases are lower-case names a filer may type for it.
	aliases []string
}

// Jurisdictions lists the places whose offices the bot knows, by code, with
// the names a filer may type for them.
var Jurisdictions = []Jurisdiction{
	{"US", "United States", []string{"us", "usa", "u.s.", "u.s.a.", "united states", "united states of america", "uspto", "america", "us copyright office", "usco", "copyright office"}},
	{"EU", "European Union", []string{"eu", "european union", "euipo", "eutm", "europe", "ohim"}},
	{"EP", "Europe (European Patent Office)", []string{"ep", "epo", "european patent office", "european patent"}},
	{"CN", "China", []string{"cn", "china", "prc", "cnipa", "people's republic of china", "mainland china", "中国", "cpcc", "中国版权保护中心"}},
}

// offices lists, per right, the offices the wizard offers, in order.
// Trademarks and designs are registered with the national or EU
// trademark office, patents with the patent offices (in Europe the
// European Patent Office, which is not an EU body), and copyright with the
// copyright offices; the EU has no copyright registry at all, since
// copyright there arises without registration.
var offices = map[Right][]Jurisdiction{
	RightTrademark: {{Code: "US", Name: "United States (USPTO)"}, {Code: "EU", Name: "European Union (EUIPO)"}, {Code: "CN", Name: "China (CNIPA)"}},
	RightDesign:    {{Code: "US", Name: "United States (USPTO)"}, {Code: "EU", Name: "European Union (EUIPO)"}, {Code: "CN", Name: "China (CNIPA)"}},
	RightPatent:    {{Code: "US", Name: "United States (USPTO)"}, {Code: "EP", Name: "Europe (European Patent Office)"}, {Code: "CN", Name: "China (CNIPA)"}},
	RightCopyright: {{Code: "US", Name: "United States (US Copyright Office)"}, {Code: "CN", Name: "China (Copyright Protection Center of China)"}, {Code: "EU", Name: "European Union (no copyright registry)"}},
}

// Offices returns the offices the wizard offers for a right, in order.
func Offices(r Right) []Jurisdiction { return offices[r] }

// OfficeName returns how a jurisdiction is shown for a right: the office
// that registers that right there ("United States (US Copyright Office)"
// for copyright), the place's name for a known code, otherwise what the
// filer typed.
func OfficeName(r Right, j string) string {
	for _, o := range offices[r] {
		if o.Code == j {
			return o.Name
		}
	}
	return JurisdictionName(j)
}

// Unregistered reports whether a right in a jurisdiction has no register
// to give a number from: copyright in the EU.
func Unregistered(r Right, j string) bool { return r == RightCopyright && j == "EU" }

// KnownJurisdiction reports whether j is a code of Jurisdictions rather
// than a country or office the filer typed.
func KnownJurisdiction(j string) bool {
	for _, k := range Jurisdictions {
		if k.Code == j {
			return true
		}
	}
	return false
}

// JurisdictionOther is the wizard's value for "another country or office",
// kept until the filer names it.
const JurisdictionOther = "other"

// JurisdictionName returns how a jurisdiction is shown without a right:
// the place's name for a known code, otherwise what the filer typed.
func JurisdictionName(j string) string {
	for _, k := range Jurisdictions {
		if k.Code == j {
			return k.Name
		}
	}
	return j
}

// ParseJurisdiction reads a country or office the filer typed. A name of a
// known office becomes its code, so its numbers are checked; anything else
// is kept as typed. It returns EINVALID for text that cannot be a place.
func ParseJurisdiction(s string) (string, error) {
	s, err := CleanTextMsg(s, Msg{ID: "field.office", English: "The country or office"}, 2, 60, false)
	if err != nil {
		return "", err
	}
	low := strings.ToLower(s)
	for _, k := range Jurisdictions {
		for _, a := range k.aliases {
			if low == a {
				return k.Code, nil
			}
		}
	}
	letters := 0
	for _, r := range s {
		if isLetterOrDigit(r) && !('0' <= r && r <= '9') {
			letters++
		}
	}
	if letters < 2 || low == JurisdictionOther {
		return "", Errorm(EINVALID, "office.invalid", "Name the country or the office that registered the right, e.g. Japan, United Kingdom or WIPO.")
	}
	return s, nil
}

// regNoChars is what any registration number is written with.
var regNoChars = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9 ./,-]*$`)

// regNoLabel matches words filers put in front of a number ("Reg. No.").
var regNoLabel = regexp.MustCompile(`^(REGISTRATIONNUMBER|REGISTRATIONNO|REGISTRATION|SERIALNUMBER|SERIALNO|REGNO|REG|NO|NR|SN|RN)`)

// regNoFormat is one office's format for one right, checked on the number
// with separators and the office prefix removed.
type regNoFormat struct {
	prefixes []string // office prefixes to remove first, longest first
	pattern  *regexp.Regexp
	help     string // how a valid number looks, for the message
}

var regNoFormats = map[string]map[Right]regNoFormat{
	"US": {
		RightTrademark: {[]string{"USPTO", "US"}, regexp.MustCompile(`^\d{7,8}$`),
			"A US trademark number is a 7-digit registration number (e.g. 6,123,456) or an 8-digit serial number (e.g. 97123456)."},
		RightPatent: {[]string{"USPTO", "US"}, regexp.MustCompile(`^(\d{7,8}(B1|B2)?|RE\d{5,6})$`),
			"A US patent number has 7 or 8 digits (e.g. 11,234,567), or is a reissue such as RE49,123. A design patent starts with D: choose Design for it."},
		RightDesign: {[]string{"USPTO", "US"}, regexp.MustCompile(`^(D\d{6,7}S?|29\d{6})$`),
			"A US design patent number is D followed by 6 or 7 digits (e.g. D912,345), or an application serial number starting 29/ (e.g. 29/812,345)."},
		RightCopyright: {[]string{"USCO", "US"}, regexp.MustCompile(`^(TXU?|VAU?|PAU?|SRU?|SE|RE|TX|VA)\d{6,10}$`),
			"A US Copyright Office registration number is a class code and digits, e.g. VA 2-123-456 or TX 9-876-543."},
	},
	"EU": {
		RightTrademark: {[]string{"EUTM", "EUIPO", "EU"}, regexp.MustCompile(`^\d{9}$`),
			"An EU trademark number has 9 digits, with its leading zeros (e.g. 018123456)."},
		RightDesign: {[]string{"RCD", "EUIPO", "EU"}, regexp.MustCompile(`^\d{13}$`),
			"An EU design number is 9 digits, a dash and 4 digits (e.g. 008123456-0001)."},
	},
	"EP": {
		RightPatent: {[]string{"EPO", "EP"}, regexp.MustCompile(`^\d{7}(A\d|B\d)?$`),
			"A European patent number is EP and 7 digits, often with its kind code (e.g. EP 3 123 456 B1)."},
	},
	"CN": {
		RightTrademark: {[]string{"CNIPA", "CN"}, regexp.MustCompile(`^\d{5,9}$`),
			"A Chinese trademark registration number is digits only (e.g. 12345678)."},
		RightPatent: {[]string{"CNIPA", "ZL", "CN"}, regexp.MustCompile(`^(\d{8}|\d{12})[\dX]?$`),
			"A Chinese patent number is digits, usually ZL and 12 digits with a check digit (e.g. ZL201820123456.7)."},
		RightDesign: {[]string{"CNIPA", "ZL", "CN"}, regexp.MustCompile(`^(\d{8}|\d{12})[\dX]?$`),
			"A Chinese design patent number is digits, usually ZL and 12 digits with a check digit (e.g. ZL202130123456.X)."},
		RightCopyright: {[]string{"CPCC", "CN"}, regexp.MustCompile(`^(\d{4}[A-Z]\d{6,10}|\d{5,10})$`),
			"A Chinese copyright registration number looks like 国作登字-2021-F-00123456 (works) or 软著登字第1234567号 (software)."},
	},
}

// ValidRegNumber checks a registration number for a right in a
// jurisdiction and returns it trimmed, as typed. Where the office's format
// is simple (US trademark, patent and design numbers; EU trademarks and
// designs; Chinese numbers) the digits are checked; elsewhere the number
// needs only to look like one. It returns EINVALID with an example of the
// expected form.
func ValidRegNumber(r Right, jurisdiction, s string) (string, error) {
	s, err := CleanTextMsg(s, Msg{ID: "field.regno", English: "The registration number"}, 3, 40, false)
	if err != nil {
		return "", err
	}
	check := s
	if r == RightCopyright && jurisdiction == "CN" {
		// Chinese copyright certificates write their numbers with
		// Chinese words around them.
		for _, w := range []string{"国作登字", "软著登字", "作登字", "第", "号"} {
			check = strings.ReplaceAll(check, w, " ")
		}
		check = strings.Trim(check, " -")
	}
	if !regNoChars.MatchString(check) || !strings.ContainsAny(check, "0123456789") {
		return "", Errorm(EINVALID, "regno.chars", "A registration number is letters, digits, spaces, dots, slashes and dashes, with at least one digit, e.g. US 1234567.")
	}
	f, ok := regNoFormats[jurisdiction][r]
	if !ok {
		return s, nil
	}
	n := strings.Map(func(r rune) rune {
		if strings.ContainsRune(" .,/-", r) {
			return -1
		}
		return r
	}, strings.ToUpper(check))
	for _, p := range f.prefixes {
		if strings.HasPrefix(n, p) {
			n = n[len(p):]
			break
		}
	}
	n = regNoLabel.ReplaceAllString(n, "")
	if !f.pattern.MatchString(n) {
		q, office := quoted(clip(s, 40)), OfficeName(r, jurisdiction)
		lower := strings.ToLower(jurisdiction)
		return "", Errorm(EINVALID, "regno.invalid", fmt.Sprintf(`"%s" does not look like a %s %s number. %s`, q, office, r, f.help),
			"Text", q, "Office", Msg{ID: "office." + string(r) + "." + lower, English: office}, "Right", Msg{ID: "right." + string(r), English: string(r)},
			"Help", Msg{ID: "regno.help." + lower + "." + string(r), English: f.help})
	}
	return s, nil
}
