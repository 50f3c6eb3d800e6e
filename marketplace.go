package ipdesk

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// Marketplace is a store where listings are reported. Programmes act on
// listing links, not shop names, so each marketplace knows what its listing
// links look like.
type Marketplace struct {
	ID   string
	Name string
	// Hosts are the marketplace's domains; subdomains (www., m.) match too.
	// Empty means any host.
	Hosts []string
	// Listing matches the path (and query) of a listing page; nil accepts
	// any path.
	Listing *regexp.Regexp
	// ListingHint tells a user what a listing link looks like.
	ListingHint string
	// Order matches the marketplace's order numbers; nil accepts the
	// generic form.
	Order     *regexp.Regexp
	OrderHint string
	// ClaimDays is how long after an order the marketplace's own buyer
	// protection accepts claims; zero when unknown.
	ClaimDays int
	// ShortLinks are the marketplace's own short and share links, as
	// "host" or "host/path-prefix": the app's Share button gives these
	// (amzn.to/…, a.co/d/…), and they lead to one listing without
	// showing its id.
	ShortLinks []string
}

// Marketplaces lists the marketplaces the wizard offers, "other" last.
var Marketplaces = []Marketplace{
	{
		ID: "amazon", Name: "Amazon",
		Hosts: []string{"amazon.com", "amazon.co.uk", "amazon.de", "amazon.fr", "amazon.it", "amazon.es", "amazon.nl",
			"amazon.se", "amazon.pl", "amazon.com.be", "amazon.co.jp", "amazon.ca", "amazon.com.mx", "amazon.com.br",
			"amazon.com.au", "amazon.in", "amazon.sg", "amazon.ae", "amazon.sa", "amazon.com.tr", "amazon.eg"},
		Listing:     regexp.MustCompile(`/(dp|gp/product|gp/aw/d)/[A-Z0-9]{10}([/?]|$)`),
		ListingHint: "an Amazon listing link contains /dp/ and the 10-character product id, e.g. https://www.amazon.com/dp/B0EXAMPLE1",
		Order:       regexp.MustCompile(`^\d{3}-\d{7}-\d{7}$`),
		OrderHint:   "an Amazon order number looks like 123-1234567-1234567",
		ClaimDays:   90,
		ShortLinks:  []string{"amzn.to", "a.co", "amzn.eu", "amzn.asia"},
	},
	{
		ID: "ebay", Name: "eBay",
		Hosts: []string{"ebay.com", "ebay.co.uk", "ebay.de", "ebay.fr", "ebay.it", "ebay.es", "ebay.nl", "ebay.com.au",
			"ebay.ca", "ebay.at", "ebay.ch", "ebay.ie", "ebay.pl", "ebay.com.sg", "ebay.com.my", "ebay.ph", "ebay.com.hk"},
		Listing:     regexp.MustCompile(`/itm/(.+/)?\d{9,15}([/?]|$)`),
		ListingHint: "an eBay listing link contains /itm/ and the item number, e.g. https://www.ebay.com/itm/123456789012",
		Order:       regexp.MustCompile(`^\d{2}-\d{5}-\d{5}$`),
		OrderHint:   "an eBay order number looks like 12-12345-12345",
		ClaimDays:   30,
		ShortLinks:  []string{"ebay.us", "ebay.to"},
	},
	{
		ID: "aliexpress", Name: "AliExpress",
		Hosts:       []string{"aliexpress.com", "aliexpress.us", "aliexpress.ru"},
		Listing:     regexp.MustCompile(`/(item|i)/\d+\.html`),
		ListingHint: "an AliExpress listing link contains /item/ and the product number, e.g. https://www.aliexpress.com/item/1005001234567890.html",
		ShortLinks:  []string{"a.aliexpress.com/_", "s.click.aliexpress.com/e/"},
	},
	{
		ID: "etsy", Name: "Etsy",
		Hosts:       []string{"etsy.com"},
		Listing:     regexp.MustCompile(`/listing/\d+`),
		ListingHint: "an Etsy listing link contains /listing/ and the listing number, e.g. https://www.etsy.com/listing/1234567890 (a shop page is not enough)",
		ShortLinks:  []string{"etsy.me"},
	},
	{
		ID: "shopee", Name: "Shopee",
		Hosts: []string{"shopee.sg", "shopee.com.my", "shopee.co.th", "shopee.tw", "shopee.vn", "shopee.ph",
			"shopee.co.id", "shopee.com.br", "shopee.cl", "shopee.com.mx", "shopee.com.co"},
		Listing:     regexp.MustCompile(`(-i\.\d+\.\d+|/product/\d+/\d+)`),
		ListingHint: "a Shopee listing link ends in -i.SHOPID.ITEMID or contains /product/SHOPID/ITEMID",
		ShortLinks:  []string{"shope.ee", "shp.ee"},
	},
	{
		ID: "tiktok", Name: "TikTok Shop",
		Hosts:       []string{"tiktok.com"},
		Listing:     regexp.MustCompile(`/product/\d+`),
		ListingHint: "a TikTok Shop listing link contains /product/ and the product number",
		ShortLinks:  []string{"vt.tiktok.com", "vm.tiktok.com"},
	},
	{
		ID: "temu", Name: "Temu",
		Hosts:       []string{"temu.com"},
		Listing:     regexp.MustCompile(`(-g-\d+\.html|goods_id=\d+)`),
		ListingHint: "a Temu listing link ends in -g-NUMBER.html",
		ShortLinks:  []string{"temu.to"},
	},
	{
		ID: "other", Name: "Another marketplace",
		ListingHint: "paste the full link of the listing page, starting with https://",
	},
}

// ListingHintMsg is ListingHint as a catalog message.
func (m Marketplace) ListingHintMsg() Msg {
	return Msg{ID: "marketplace." + m.ID + ".listing_hint", English: m.ListingHint}
}

// OrderHintMsg is OrderHint as a catalog message.
func (m Marketplace) OrderHintMsg() Msg {
	return Msg{ID: "marketplace." + m.ID + ".order_hint", English: m.OrderHint}
}

// FindMarketplace returns the marketplace with the given ID, or whose name
// matches case-insensitively.
func FindMarketplace(s string) (Marketplace, bool) {
	s = strings.TrimSpace(s)
	for _, m := range Marketplaces {
		if strings.EqualFold(m.ID, s) || strings.EqualFold(m.Name, s) {
			return m, true
		}
	}
	return Marketplace{}, false
}

// MaxListingURLs bounds the listings in one complaint; programmes accept
// about fifty per notice, and a chat wizard should stay well below.
const MaxListingURLs = 20

// ListingURL checks that raw is a listing link on m and returns it
// normalised: scheme and host lower case, fragment dropped.
func (m Marketplace) ListingURL(raw string) (string, error) {
	raw = strings.Trim(strings.TrimSpace(raw), "<>")
	hint := m.ListingHintMsg()
	if raw == "" {
		return "", Errorm(EINVALID, "listing.missing", "Paste the listing link: "+m.ListingHint+".", "Hint", hint)
	}
	q := quoted(clip(raw, 60))
	if !strings.Contains(raw, ":") {
		if strings.ContainsAny(raw, "/.") {
			raw = "https://" + raw
			q = quoted(clip(raw, 60))
		} else {
			return "", Errorm(EINVALID, "listing.name_not_link", `"`+q+`" looks like a shop or product name, not a link. Programmes act on listing links: `+m.ListingHint+".",
				"Text", q, "Hint", hint)
		}
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") || u.User != nil || strings.ContainsAny(u.Host, " \t") {
		return "", Errorm(EINVALID, "listing.invalid", `"`+q+`" is not a valid web link: `+m.ListingHint+".", "Text", q, "Hint", hint)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	u.Fragment = ""
	host := u.Hostname()
	if !strings.Contains(host, ".") {
		return "", Errorm(EINVALID, "listing.no_domain", `"`+q+`" has no proper domain: `+m.ListingHint+".", "Text", q, "Hint", hint)
	}
	short := m.shortLink(host, u.EscapedPath())
	if len(m.Hosts) > 0 && !hostIn(host, m.Hosts) && !short {
		a := Msg{ID: "marketplace." + m.ID + ".a", English: withArticle(m.Name)}
		return "", Errorm(EINVALID, "listing.wrong_host", `"`+q+`" is not `+a.English+" link ("+host+"). If the listing is elsewhere, go back and choose another marketplace.",
			"Text", q, "Marketplace", a, "Host", host)
	}
	if m.Listing != nil && !short {
		pq := u.EscapedPath()
		if u.RawQuery != "" {
			pq += "?" + u.RawQuery
		}
		if !m.Listing.MatchString(pq) {
			return "", Errorm(EINVALID, "listing.not_single", `"`+q+`" does not look like a single listing: `+m.ListingHint+".", "Text", q, "Hint", hint)
		}
	}
	if len(u.String()) > 2000 {
		return "", Errorm(EINVALID, "listing.too_long", "That link is longer than 2,000 characters; paste the listing's own link without tracking parameters.")
	}
	return u.String(), nil
}

// shortLink reports whether host and path are one of the marketplace's own
// short or share links with a code after the prefix.
func (m Marketplace) shortLink(host, path string) bool {
	for _, sl := range m.ShortLinks {
		h, prefix, _ := strings.Cut(sl, "/")
		if host != h && host != "www."+h {
			continue
		}
		code, ok := strings.CutPrefix(path, "/"+prefix)
		if ok && len(strings.Trim(code, "/")) >= 3 {
			return true
		}
	}
	return false
}

// withArticle puts "a" or "an" before a name, by its first letter:
// "an Amazon", "an eBay", "a Temu".
func withArticle(name string) string {
	if name != "" && strings.ContainsRune("AEIOUaeiou", rune(name[0])) {
		return "an " + name
	}
	return "a " + name
}

// ListingURLs splits text on whitespace and commas, checks each link and
// drops duplicates, keeping the order given.
func (m Marketplace) ListingURLs(text string) ([]string, error) {
	fields := strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\t' || r == '\r' })
	if len(fields) == 0 {
		return nil, Errorm(EINVALID, "listing.none", "Paste at least one listing link: "+m.ListingHint+".", "Hint", m.ListingHintMsg())
	}
	var out []string
	seen := map[string]bool{}
	for _, f := range fields {
		u, err := m.ListingURL(f)
		if err != nil {
			return nil, err
		}
		if !seen[u] {
			seen[u] = true
			out = append(out, u)
		}
	}
	if len(out) > MaxListingURLs {
		return nil, Errorm(EINVALID, "listing.too_many", fmt.Sprintf("That is %d links; one complaint takes at most %d. File the rest as another complaint.", len(out), MaxListingURLs),
			"Count", len(out), "Max", MaxListingURLs)
	}
	return out, nil
}

// ValidOrderNumber checks an order number against the marketplace's format.
func (m Marketplace) ValidOrderNumber(s string) (string, error) {
	s = strings.TrimSpace(s)
	if m.Order != nil {
		if !m.Order.MatchString(s) {
			q := quoted(clip(s, 40))
			return "", Errorm(EINVALID, "order.invalid", `"`+q+`" is not an order number: `+m.OrderHint+". Type `skip` if you don't have one.", "Text", q, "Hint", m.OrderHintMsg())
		}
		return s, nil
	}
	if !genericOrder.MatchString(s) {
		return "", Errorm(EINVALID, "order.generic", "An order number is 3 to 40 letters, digits and dashes, e.g. 8123-4567-890. Type `skip` if you don't have one.")
	}
	return s, nil
}

var genericOrder = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{2,39}$`)

func hostIn(host string, hosts []string) bool {
	for _, h := range hosts {
		if host == h || strings.HasSuffix(host, "."+h) {
			return true
		}
	}
	return false
}

// SellerKey normalises a seller or shop name so that "ACME Store", "acme-store"
// and "Acme  Store!" count as the same seller on one marketplace. A name with
// no letters or digits has no key: it is not counted with any other.
func SellerKey(marketplace, seller string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(seller) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127 && isLetterOrDigit(r) {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		// A name of punctuation alone ("!!!", "-") names no seller; a
		// shared key would count every such report together.
		return ""
	}
	return marketplace + ":" + b.String()
}
