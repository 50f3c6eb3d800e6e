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

func TestOfficesPerRight(t *testing.T) {
	for _, tt := range []struct {
		right      ipdesk.Right
		j, in      string
		ok         bool
		officeName string
	}{
		{ipdesk.RightCopyright, "US", "VA 2-123-456", true, "United States (US Copyright Office)"},
		{ipdesk.RightCopyright, "US", "TXu 1-234-567", true, ""},
		{ipdesk.RightCopyright, "US", "12345", false, ""},
		{ipdesk.RightCopyright, "CN", "国作登字-2021-F-00123456", true, "China (Copyright Protection Center of China)"},
		{ipdesk.RightCopyright, "CN", "软著登字第1234567号", true, ""},
		{ipdesk.RightCopyright, "CN", "国作登字-abc", false, ""},
		{ipdesk.RightPatent, "EP", "EP 3 123 456 B1", true, "Europe (European Patent Office)"},
		{ipdesk.RightPatent, "EP", "EP 123", false, ""},
		{ipdesk.RightTrademark, "US", "1234567", true, "United States (USPTO)"},
	} {
		got, err := ipdesk.ValidRegNumber(tt.right, tt.j, tt.in)
		if (err == nil) != tt.ok || (err == nil && got != tt.in) {
			t.Errorf("%s %s %q: %q, %v; want ok %v", tt.j, tt.right, tt.in, got, err, tt.ok)
		}
		if tt.officeName != "" && ipdesk.OfficeName(tt.right, tt.j) != tt.officeName {
			t.Errorf("OfficeName(%s, %s) = %q, want %q", tt.right, tt.j, ipdesk.OfficeName(tt.right, tt.j), tt.officeName)
		}
	}
	for _, o := range ipdesk.Offices(ipdesk.RightCopyright) {
		if strings.Contains(o.Name, "USPTO") || strings.Contains(o.Name, "EUIPO") || strings.Contains(o.Name, "CNIPA") {
			t.Errorf("copyright offered with %s", o.Name)
		}
	}
	if !ipdesk.Unregistered(ipdesk.RightCopyright, "EU") || ipdesk.Unregistered(ipdesk.RightTrademark, "EU") {
		t.Error("Unregistered: only copyright in the EU has no registry")
	}
	if got, _ := ipdesk.ParseJurisdiction("European Patent Office"); got != "EP" {
		t.Errorf("European Patent Office = %q", got)
	}
}
