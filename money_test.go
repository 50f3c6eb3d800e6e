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
		// Signs and Chinese currency words, full-width digits.
		{"120元", 12000, "CNY"}, {"120 元", 12000, "CNY"}, {"€120", 12000, "EUR"}, {"1,299.00", 129900, "USD"},
		{"¥120", 12000, "CNY"}, {"￥１２０．５", 12050, "CNY"}, {"US$50", 5000, "USD"}, {"$19.99", 1999, "USD"},
		{"HK$300", 30000, "HKD"}, {"£20", 2000, "GBP"}, {"89.90美元", 8990, "USD"}, {"1,299.00 人民币", 129900, "CNY"},
		{"RMB 88", 8800, "CNY"}, {"300 日元", 300, "JPY"}, {"50块", 5000, "CNY"}, {"120 €", 12000, "EUR"},
	}
	for _, g := range good {
		m, err := ipdesk.ParseMoney(g.in, "USD")
		if err != nil || m.Amount != g.amount || m.Currency != g.cur {
			t.Errorf("ParseMoney(%q) = %+v, %v; want %d %s", g.in, m, err, g.amount, g.cur)
		}
	}
	for _, bad := range []string{"", "0", "0.00", "-5", "-0.01 USD", "1000000.01", "99999999999999999999999", "12.345", "500.5 JPY", "10 XYZ", "abc", "1e5", "1.2.3", "NaN", "12 dollars", "@everyone",
		"元", "€", "$$5", "¥-5", "€1.2.3", "120 元元", "US$", "-120元", "0元"} {
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

// TestParseMoneyYen checks "¥" is the yen when the default currency is.
func TestParseMoneyYen(t *testing.T) {
	m, err := ipdesk.ParseMoney("¥500", "JPY")
	if err != nil || m.Currency != "JPY" || m.Amount != 500 {
		t.Errorf("¥500 with JPY default = %+v, %v", m, err)
	}
}
