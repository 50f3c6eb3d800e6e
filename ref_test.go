package ipdesk_test

import (
	"testing"

	"github.com/ipdesk/ipdesk"
)

func TestParseRef(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want string
		ok   bool
	}{
		{"IPD-7K3Q9", "IPD-7K3Q9", true},
		{" ipd-7k3q9 ", "IPD-7K3Q9", true},
		{"7k3q9", "IPD-7K3Q9", true},
		{"IPD", "", false},
		{"ipd", "", false},
		{"IPD-", "", false},
		{"", "", false},
		{"IPD-7K 3Q9", "", false},
		{"<!channel>", "", false},
		{"IPD-ABCDEFGHJKMNP", "", false},
	} {
		got, ok := ipdesk.ParseRef(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseRef(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
