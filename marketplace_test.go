package ipdesk_test

import (
	"strings"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk"
)

func TestListingURLs(t *testing.T) {
	amazon, _ := ipdesk.FindMarketplace("amazon")
	etsy, _ := ipdesk.FindMarketplace("Etsy")
	other, _ := ipdesk.FindMarketplace("other")
	got, err := amazon.ListingURLs("https://www.amazon.com/dp/B0EXAMPLE1#reviews, www.amazon.de/gp/product/B0EXAMPLE2\nhttps://WWW.AMAZON.COM/dp/B0EXAMPLE1")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"https://www.amazon.com/dp/B0EXAMPLE1", "https://www.amazon.de/gp/product/B0EXAMPLE2"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("got %q, want %q", got, want)
	}
	bad := []struct {
		m    ipdesk.Marketplace
		in   string
		hint string
	}{
		{amazon, "", "Paste"},
		{amazon, "ACME Store", "shop or product name"},
		{amazon, "https://www.ebay.com/itm/123456789012", "not an Amazon link"},
		{amazon, "https://www.amazon.com/stores/acme", "single listing"},
		{amazon, "https://amazon.com.evil.example/dp/B0EXAMPLE1", "not an Amazon link"},
		{amazon, "https://amzn.to.evil.example/3xYz9Ab", "not an Amazon link"},
		{amazon, "https://amzn.to/", "not an Amazon link"},
		{amazon, "https://a.co/d/", "not an Amazon link"},
		{amazon, "https://etsy.me/3abcDEF", "not an Amazon link"},
		{etsy, "https://amzn.to/3xYz9Ab", "not an Etsy link"},
		{etsy, "https://www.etsy.com/shop/acme", "shop page is not enough"},
		{other, "javascript:alert(1)", "not a valid web link"},
		{other, "ftp://example.com/x", "not a valid web link"},
		{other, "https://user:pw@example.com/x", "not a valid web link"},
		{other, "https://localhost/x", "no proper domain"},
		{other, strings.Repeat("x", 10000), "shop or product name"},
	}
	for _, b := range bad {
		_, err := b.m.ListingURLs(b.in)
		if ipdesk.ErrorCode(err) != ipdesk.EINVALID || !strings.Contains(ipdesk.ErrorMessage(err), b.hint) {
			t.Errorf("%s %q: %v; want message with %q", b.m.ID, b.in[:min(len(b.in), 40)], err, b.hint)
		}
	}
	var links []string
	for i := range ipdesk.MaxListingURLs + 1 {
		links = append(links, "https://example.com/item/"+string(rune('a'+i)))
	}
	if _, err := other.ListingURLs(strings.Join(links, " ")); ipdesk.ErrorCode(err) != ipdesk.EINVALID {
		t.Errorf("%d links accepted", len(links))
	}
}

// The marketplaces' own short, share and mobile links are listing links.
func TestListingShortAndMobileLinks(t *testing.T) {
	for id, links := range map[string][]string{
		"amazon":     {"https://amzn.to/3xYz9Ab", "amzn.to/3xYz9Ab", "https://a.co/d/8kQ2mZp", "https://amzn.eu/d/1aB2cD3", "https://www.amazon.com/gp/aw/d/B0EXAMPLE1"},
		"ebay":       {"https://ebay.us/AbC123", "https://m.ebay.com/itm/123456789012"},
		"aliexpress": {"https://a.aliexpress.com/_mKx1Yz2", "https://s.click.aliexpress.com/e/_DlXyZab", "https://m.aliexpress.com/i/1005001234567890.html"},
		"etsy":       {"https://etsy.me/3abcDEF"},
		"shopee":     {"https://shope.ee/9zYxWv", "https://shp.ee/abc1234"},
		"tiktok":     {"https://vt.tiktok.com/ZSabc123/", "https://vm.tiktok.com/ZMxyz789/"},
		"temu":       {"https://temu.to/m/uAbC123"},
	} {
		m, _ := ipdesk.FindMarketplace(id)
		for _, l := range links {
			if _, err := m.ListingURL(l); err != nil {
				t.Errorf("%s %s: %v", id, l, err)
			}
		}
	}
	ebay, _ := ipdesk.FindMarketplace("ebay")
	if _, err := ebay.ListingURL("https://www.amazon.com/dp/B0EXAMPLE1"); !strings.Contains(ipdesk.ErrorMessage(err), "is not an eBay link") {
		t.Errorf("eBay refusal = %v", err)
	}
	temu, _ := ipdesk.FindMarketplace("temu")
	if _, err := temu.ListingURL("https://www.amazon.com/dp/B0EXAMPLE1"); !strings.Contains(ipdesk.ErrorMessage(err), "is not a Temu link") {
		t.Errorf("Temu refusal = %v", err)
	}
}

func TestCleanText(t *testing.T) {
	for _, bad := range []string{"", "   ", strings.Repeat("a", 10000), "bad\x00byte", "bell\x07", "hi @everyone", "ping <!channel>", "<@U123> look", "two\nlines", "rtl\u202eoverride", "\xff\xfe"} {
		if _, err := ipdesk.CleanText(bad, "The seller name", 1, 100, false); ipdesk.ErrorCode(err) != ipdesk.EINVALID {
			t.Errorf("CleanText(%q) = %v; want invalid", bad[:min(len(bad), 20)], err)
		}
	}
	if s, err := ipdesk.CleanText("  Acme *Store* 店  ", "The seller name", 1, 100, false); err != nil || s != "Acme *Store* 店" {
		t.Errorf("CleanText = %q, %v", s, err)
	}
}

func TestSellerKeyAndOrders(t *testing.T) {
	if a, b := ipdesk.SellerKey("amazon", "ACME Store!"), ipdesk.SellerKey("amazon", "acme-store"); a != b {
		t.Errorf("seller keys differ: %q %q", a, b)
	}
	amazon, _ := ipdesk.FindMarketplace("amazon")
	if _, err := amazon.ValidOrderNumber("123-1234567-1234567"); err != nil {
		t.Error(err)
	}
	if _, err := amazon.ValidOrderNumber("12345"); ipdesk.ErrorCode(err) != ipdesk.EINVALID {
		t.Error("bad amazon order accepted")
	}
	now := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	for _, bad := range []string{"2026-03-02", "yesterday", "1999-01-01", "2026-02-30"} {
		if _, err := ipdesk.ParseOrderDate(bad, now); ipdesk.ErrorCode(err) != ipdesk.EINVALID {
			t.Errorf("order date %q accepted", bad)
		}
	}
	if _, err := ipdesk.ValidEmail("buyer@example.com"); err != nil {
		t.Error(err)
	}
	for _, bad := range []string{"buyer", "a@b", "a b@example.com", "<a@example.com>", "@example.com"} {
		if _, err := ipdesk.ValidEmail(bad); err == nil {
			t.Errorf("email %q accepted", bad)
		}
	}
}

func TestSellerKeyOfPunctuationIsEmpty(t *testing.T) {
	for _, name := range []string{"!!!", "-", "  ", "★☆"} {
		if k := ipdesk.SellerKey("amazon", name); k != "" {
			t.Errorf("SellerKey(%q) = %q, want none", name, k)
		}
	}
	if k := ipdesk.SellerKey("amazon", "ACME-1"); k != "amazon:acme1" {
		t.Errorf("SellerKey = %q", k)
	}
}
