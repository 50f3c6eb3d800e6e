package ipdesk_test

import (
	"testing"

	"github.com/ipdesk/ipdesk"
)

func TestParseMoney(t *testing.T) {
	good := []struct {
		in     string
		amount int64
		cur    string
	}{
		{"49.99", 4999, "USD"}, {"49.99 eur", 4999, "EUR"}, {"EUR 20", 2000, "EUR"}, {"1,250.5 GBP", 125050, "GBP"},
		{"500 JPY", 500, "JPY"}, {"0.001 KWD", 1, "KWD"}, {"1000000", 100000000, "USD"},
	}
	for _, g := range good {
		m, err := ipdesk.ParseMoney(g.in, "USD")
		if err != nil || m.Amount != g.amount || m.Currency != g.cur {
			t.Errorf("ParseMoney(%q) = %+v, %v; want %d %s", g.in, m, err, g.amount, g.cur)
		}
	}
	for _, bad := range []string{"", "0", "0.00", "-5", "-0.01 USD", "1000000.01", "99999999999999999999999", "12.345", "500.5 JPY", "10 XYZ", "abc", "1e5", "1.2.3", "NaN", "12 dollars", "@everyone"} {
		if m, err := ipdesk.ParseMoney(bad, "USD"); ipdesk.ErrorCode(err) != ipdesk.EINVALID {
			t.Errorf("ParseMoney(%q) = %+v, %v; want invalid", bad, m, err)
		}
	}
}

func TestFormatAmount(t *testing.T) {
	for _, tt := range []struct {
		minor int64
		cur   string
		want  string
	}{{4999, "USD", "49.99 USD"}, {123456789, "EUR", "1,234,567.89 EUR"}, {500, "JPY", "500 JPY"}, {5, "USD", "0.05 USD"}, {1, "KWD", "0.001 KWD"}} {
		if got := ipdesk.FormatAmount(tt.minor, tt.cur); got != tt.want {
			t.Errorf("FormatAmount(%d, %s) = %q, want %q", tt.minor, tt.cur, got, tt.want)
		}
	}
}
