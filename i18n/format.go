package i18n

import (
	"fmt"
	"strings"
	"time"

	"github.com/ipdesk/ipdesk"
)

// Date formats the calendar day of t (in UTC) in the printer's language:
// "2026-12-01", "2026年12月1日".
func (p Printer) Date(t time.Time) string {
	t = t.UTC()
	return p.T("format.date", "Year", t.Year(), "Month", int(t.Month()), "Day", t.Day())
}

// DateTime formats t (in UTC) to the minute: "2026-12-01 14:05 UTC",
// "2026年12月1日 14:05（UTC）".
func (p Printer) DateTime(t time.Time) string {
	t = t.UTC()
	return p.T("format.datetime", "Date", p.Date(t), "Time", t.Format("15:04"))
}

// Money formats an amount in minor units for l. English keeps the ISO code
// after the amount ("1,234.50 USD"); Chinese writes the currency's Chinese
// name after it ("1,234.50 元", "89.90 美元") or, for a currency it has no
// name for, the code.
func (p Printer) Money(minor int64, currency string) string {
	s := ipdesk.FormatAmount(minor, currency)
	num := strings.TrimSuffix(s, " "+currency)
	id := "currency." + strings.ToLower(currency)
	if p.Lang() != EN && p.Has(id) {
		return p.T("format.money", "Amount", num, "Currency", p.T(id))
	}
	return s
}

// Age formats how long something has waited: "2d 3h", "3h 5m", "7m" in
// English, "2天3小时" in Chinese.
func (p Printer) Age(d time.Duration) string {
	switch {
	case d >= 24*time.Hour:
		return p.T("format.age_dh", "Days", int(d/(24*time.Hour)), "Hours", int(d%(24*time.Hour)/time.Hour))
	case d >= time.Hour:
		return p.T("format.age_hm", "Hours", int(d/time.Hour), "Minutes", int(d%time.Hour/time.Minute))
	}
	return p.T("format.age_m", "Minutes", int(d/time.Minute))
}

// Period says how long a configured period is, in days from two days up
// and in hours below: "7 days", "1 hour", "36 hours"; "7 天".
func (p Printer) Period(d time.Duration) string {
	h := int(d.Hours())
	if h >= 48 {
		return p.T("format.days", "Count", h/24)
	}
	return p.T("format.hours", "Count", h)
}

// Ordinal writes n as an ordinal: "3rd" in English, "第 3" in Chinese.
func (p Printer) Ordinal(n int) string {
	if p.Lang() == EN {
		suffix := "th"
		if n%100 < 11 || n%100 > 13 {
			switch n % 10 {
			case 1:
				suffix = "st"
			case 2:
				suffix = "nd"
			case 3:
				suffix = "rd"
			}
		}
		return fmt.Sprintf("%d%s", n, suffix)
	}
	return p.T("format.ordinal", "Count", n)
}
