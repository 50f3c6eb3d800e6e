package ipdesk

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Money is an amount in minor units of a currency.
type Money struct {
	Amount   int64
	Currency string
}

// currencyDigits maps the ISO 4217 codes the bot accepts to their number of
// minor-unit digits, which decides how amounts are stored (cents, yen, fils).
var currencyDigits = map[string]int{
	"AED": 2, "AUD": 2, "BHD": 3, "BRL": 2, "CAD": 2, "CHF": 2, "CLP": 0, "CNY": 2, "COP": 2, "CZK": 2,
	"DKK": 2, "EGP": 2, "EUR": 2, "GBP": 2, "HKD": 2, "HUF": 2, "IDR": 2, "ILS": 2, "INR": 2, "JPY": 0,
	"KRW": 0, "KWD": 3, "MXN": 2, "MYR": 2, "NOK": 2, "NZD": 2, "PHP": 2, "PLN": 2, "RON": 2, "SAR": 2,
	"SEK": 2, "SGD": 2, "THB": 2, "TRY": 2, "TWD": 2, "USD": 2, "VND": 0, "ZAR": 2,
}

// MaxAmount bounds an amount in major units (1,000,000 of any currency):
// anything larger is a typing mistake in a consumer complaint.
const MaxAmount = 1_000_000

// Currencies returns the accepted ISO 4217 codes, sorted.
func Currencies() []string {
	out := make([]string, 0, len(currencyDigits))
	for c := range currencyDigits {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// ValidCurrency reports whether code is an accepted ISO 4217 code (upper case).
func ValidCurrency(code string) bool {
	_, ok := currencyDigits[code]
	return ok
}

// ParseCurrency returns the ISO 4217 code for s, in any case.
func ParseCurrency(s string) (string, error) {
	c := strings.ToUpper(strings.TrimSpace(s))
	if c == "" {
		return "", Errorm(EINVALID, "money.currency_missing", "Give a currency as a three-letter ISO code such as USD, EUR or CNY.")
	}
	if !ValidCurrency(c) {
		q := quoted(clip(s, 20))
		return "", Errorm(EINVALID, "money.currency_unknown", `"`+q+`" is not a currency I know. Use a three-letter ISO code such as USD, EUR, GBP, JPY or CNY.`, "Text", q)
	}
	return c, nil
}

// ParseAmount parses a positive amount such as "49.99" or "1,250" in currency
// and returns it in minor units.
func ParseAmount(s, currency string) (int64, error) {
	digits, ok := currencyDigits[currency]
	if !ok {
		q := quoted(clip(currency, 20))
		return 0, Errorm(EINVALID, "money.currency_unknown_short", `"`+q+`" is not a currency I know.`, "Text", q)
	}
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, Errorm(EINVALID, "money.amount_missing", "Give an amount, e.g. 49.99.")
	}
	if strings.HasPrefix(t, "-") {
		return 0, Errorm(EINVALID, "money.not_positive", "The amount must be more than zero.")
	}
	t = strings.TrimPrefix(t, "+")
	t = strings.ReplaceAll(t, ",", "")
	whole, frac, hasDot := strings.Cut(t, ".")
	if whole == "" {
		whole = "0"
	}
	if !allDigits(whole) || (hasDot && !allDigits(frac)) || (hasDot && frac == "") {
		q := quoted(clip(s, 30))
		return 0, Errorm(EINVALID, "money.not_amount", `"`+q+`" is not an amount. Write digits with an optional decimal point, e.g. 49.99.`, "Text", q)
	}
	if len(frac) > digits {
		if digits == 0 {
			return 0, Errorm(EINVALID, "money.no_minor", currency+" has no minor unit; give a whole amount, e.g. 500.", "Currency", currency)
		}
		return 0, Errorm(EINVALID, "money.decimals", fmt.Sprintf("%s amounts have at most %d decimal places.", currency, digits), "Currency", currency, "Digits", digits)
	}
	whole = strings.TrimLeft(whole, "0")
	if len(whole) > len(strconv.Itoa(MaxAmount)) {
		return 0, tooLarge(currency, digits)
	}
	w, _ := strconv.ParseInt("0"+whole, 10, 64)
	f, _ := strconv.ParseInt("0"+frac+strings.Repeat("0", digits-len(frac)), 10, 64)
	minor := w*pow10(digits) + f
	if err := ValidateAmount(minor, currency); err != nil {
		return 0, err
	}
	return minor, nil
}

// ValidateAmount checks an amount in minor units: positive, at most
// MaxAmount, in an accepted currency.
func ValidateAmount(minor int64, currency string) error {
	digits, ok := currencyDigits[currency]
	if !ok {
		q := quoted(clip(currency, 20))
		return Errorm(EINVALID, "money.currency_unknown_iso", `"`+q+`" is not a currency I know. Use a three-letter ISO code such as USD, EUR or CNY.`, "Text", q)
	}
	if minor <= 0 {
		return Errorm(EINVALID, "money.not_positive", "The amount must be more than zero.")
	}
	if minor > MaxAmount*pow10(digits) {
		return tooLarge(currency, digits)
	}
	return nil
}

// tooLarge is the error for an amount over MaxAmount.
func tooLarge(currency string, digits int) error {
	most := Money{Amount: MaxAmount * pow10(digits), Currency: currency}
	return Errorm(EINVALID, "money.too_large", "That amount is too large; the most is "+FormatAmount(most.Amount, currency)+".", "Max", most)
}

// ParseMoney parses "49.99", "49.99 EUR", "EUR 49.99" or "eur49.99", a
// currency sign ("€120", "US$50", "¥120", "£20") or a Chinese currency word
// ("120元", "120 美元", "1,299.00 人民币"), in full-width digits too; without
// a currency it uses def.
func ParseMoney(s, def string) (Money, error) {
	t := strings.TrimSpace(narrow(s))
	if t == "" {
		return Money{}, Errorm(EINVALID, "money.missing", "Give an amount and currency, e.g. 49.99 "+def+".", "Currency", def)
	}
	cur := def
	if c, rest, ok := currencySign(t, def); ok {
		cur, t = c, rest
		if !isNumber(t) {
			return Money{}, notAmount(s)
		}
	} else if n := len(t); n > 3 && isLetters(t[n-3:]) && isNumber(t[:n-3]) {
		cur, t = t[n-3:], strings.TrimSpace(t[:n-3])
	} else if n > 3 && isLetters(t[:3]) && isNumber(t[3:]) {
		cur, t = t[:3], strings.TrimSpace(t[3:])
	} else if strings.IndexFunc(t, func(r rune) bool { return r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' }) >= 0 {
		return Money{}, notAmount(s)
	}
	c, err := ParseCurrency(cur)
	if err != nil {
		return Money{}, err
	}
	a, err := ParseAmount(t, c)
	if err != nil {
		return Money{}, err
	}
	return Money{Amount: a, Currency: c}, nil
}

// notAmount is the error for text that is no amount of money.
func notAmount(s string) error {
	q := quoted(clip(s, 30))
	return Errorm(EINVALID, "money.not_amount_cur", `"`+q+`" is not an amount. Write it like 49.99 or 49.99 EUR.`, "Text", q)
}

// currencySigns are the signs and words written before or after an
// amount, longest first within each list so "US$" wins over "$" and "美元"
// over "元". "¥" is the yuan unless the default currency is the yen.
var (
	currencyPrefixes = []struct{ sign, code string }{
		{"US$", "USD"}, {"HK$", "HKD"}, {"AU$", "AUD"}, {"CA$", "CAD"}, {"NZ$", "NZD"}, {"A$", "AUD"},
		{"C$", "CAD"}, {"S$", "SGD"}, {"R$", "BRL"}, {"RMB", "CNY"}, {"$", "USD"}, {"€", "EUR"}, {"£", "GBP"},
		{"₩", "KRW"}, {"₹", "INR"}, {"¥", ""},
	}
	currencySuffixes = []struct{ sign, code string }{
		{"元人民币", "CNY"}, {"人民币", "CNY"}, {"块钱", "CNY"}, {"美元", "USD"}, {"美金", "USD"}, {"欧元", "EUR"},
		{"英镑", "GBP"}, {"日元", "JPY"}, {"港元", "HKD"}, {"港币", "HKD"}, {"韩元", "KRW"}, {"RMB", "CNY"},
		{"元", "CNY"}, {"块", "CNY"}, {"€", "EUR"}, {"¥", ""},
	}
)

// currencySign finds a currency sign or word before or after the amount in
// t and returns its currency and the rest.
func currencySign(t, def string) (code, rest string, ok bool) {
	yen := func(c string) string {
		if c != "" {
			return c
		}
		if def == "JPY" {
			return "JPY"
		}
		return "CNY"
	}
	for _, p := range currencyPrefixes {
		if len(t) > len(p.sign) && strings.EqualFold(t[:len(p.sign)], p.sign) {
			return yen(p.code), strings.TrimSpace(t[len(p.sign):]), true
		}
	}
	for _, p := range currencySuffixes {
		if strings.HasSuffix(t, p.sign) && len(t) > len(p.sign) {
			return yen(p.code), strings.TrimSpace(t[:len(t)-len(p.sign)]), true
		}
	}
	return "", t, false
}

// narrow turns full-width digits, signs and spaces ("１２０．５０",
// "￥") into their ASCII forms, as Chinese input methods often type them.
func narrow(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return '0' + (r - '０')
		case r == '．':
			return '.'
		case r == '，':
			return ','
		case r == '＄':
			return '$'
		case r == '￥':
			return '¥'
		case r == '　':
			return ' '
		}
		return r
	}, s)
}

// FormatAmount formats minor units as "1,234.50 USD".
func FormatAmount(minor int64, currency string) string {
	digits := currencyDigits[currency]
	neg := minor < 0
	if neg {
		minor = -minor
	}
	p := pow10(digits)
	whole := strconv.FormatInt(minor/p, 10)
	for i := len(whole) - 3; i > 0; i -= 3 {
		whole = whole[:i] + "," + whole[i:]
	}
	s := whole
	if digits > 0 {
		f := strconv.FormatInt(minor%p, 10)
		s += "." + strings.Repeat("0", digits-len(f)) + f
	}
	if neg {
		s = "-" + s
	}
	return s + " " + currency
}

func pow10(n int) int64 {
	p := int64(1)
	for range n {
		p *= 10
	}
	return p
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func isLetters(s string) bool {
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z') {
			return false
		}
	}
	return true
}

// isNumber reports whether s, trimmed, is non-empty and made only of what an
// amount may contain.
func isNumber(s string) bool {
	s = strings.TrimSpace(s)
	return s != "" && strings.Trim(s, "0123456789.,+-") == ""
}
