package ipdesk_test

import (
	"strings"
	"testing"

	"github.com/ipdesk/ipdesk"
)

func TestValidRegNumber(t *testing.T) {
	for _, tt := range []struct {
		right ipdesk.Right
		j, in string
		ok    bool
	}{
		{ipdesk.RightTrademark, "US", "1234567", true},
		{ipdesk.RightTrademark, "US", "US Reg. No. 6,123,456", true},
		{ipdesk.RightTrademark, "US", "97123456", true},
		{ipdesk.RightTrademark, "US", "12345", false},
		{ipdesk.RightTrademark, "US", "018123456", false},
		{ipdesk.RightPatent, "US", "11,234,567", true},
		{ipdesk.RightPatent, "US", "US 11234567 B2", true},
		{ipdesk.RightPatent, "US", "RE49,123", true},
		{ipdesk.RightPatent, "US", "D912,345", false},
		{ipdesk.RightDesign, "US", "D912,345", true},
		{ipdesk.RightDesign, "US", "USD1012345", true},
		{ipdesk.RightDesign, "US", "29/812,345", true},
		{ipdesk.RightDesign, "US", "1234567", false},
		{ipdesk.RightTrademark, "EU", "018123456", true},
		{ipdesk.RightTrademark, "EU", "EUTM 018123456", true},
		{ipdesk.RightTrademark, "EU", "18123456", false},
		{ipdesk.RightDesign, "EU", "008123456-0001", true},
		{ipdesk.RightDesign, "EU", "008123456", false},
		{ipdesk.RightPatent, "EU", "EP 1234567", true}, // no simple format: plausibility only
		{ipdesk.RightTrademark, "CN", "12345678", true},
		{ipdesk.RightTrademark, "CN", "CN-1234A678", false},
		{ipdesk.RightPatent, "CN", "ZL201820123456.7", true},
		{ipdesk.RightDesign, "CN", "ZL 2021 3 0123456.X", true},
		{ipdesk.RightPatent, "CN", "ZL2018", false},
		{ipdesk.RightTrademark, "Japan", "T-1234567", true},
		{ipdesk.RightTrademark, "Japan", "none", false},
		{ipdesk.RightCopyright, "US", "TX 8-123-456", true},
		{ipdesk.RightTrademark, "US", "", false},
		{ipdesk.RightTrademark, "US", "<!channel> 1234567", false},
		{ipdesk.RightTrademark, "US", strings.Repeat("1", 41), false},
	} {
		got, err := ipdesk.ValidRegNumber(tt.right, tt.j, tt.in)
		if (err == nil) != tt.ok {
			t.Errorf("%s %s %q: err = %v, want ok %v", tt.j, tt.right, tt.in, err, tt.ok)
			continue
		}
		if err != nil && ipdesk.ErrorCode(err) != ipdesk.EINVALID {
			t.Errorf("%q: code %s", tt.in, ipdesk.ErrorCode(err))
		}
		if err == nil && got != strings.TrimSpace(tt.in) {
			t.Errorf("%q kept as %q", tt.in, got)
		}
	}
	// The message shows what a valid number looks like.
	_, err := ipdesk.ValidRegNumber(ipdesk.RightTrademark, "EU", "18123456")
	if msg := ipdesk.ErrorMessage(err); !strings.Contains(msg, "9 digits") || !strings.Contains(msg, "018123456") {
		t.Errorf("message = %q", msg)
	}
}

func TestParseJurisdiction(t *testing.T) {
	for in, want := range map[string]string{"usa": "US", "European Union": "EU", "中国": "CN", "Japan": "Japan", " United Kingdom ": "United Kingdom"} {
		if got, err := ipdesk.ParseJurisdiction(in); err != nil || got != want {
			t.Errorf("%q = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "x", "12345", "@everyone", "other", strings.Repeat("a", 61)} {
		if _, err := ipdesk.ParseJurisdiction(in); ipdesk.ErrorCode(err) != ipdesk.EINVALID {
			t.Errorf("%q accepted: %v", in, err)
		}
	}
}
