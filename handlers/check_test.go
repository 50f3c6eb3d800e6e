package handlers

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/bottest"
	"github.com/ipdesk/ipdesk/bot/markup"
	"github.com/ipdesk/ipdesk/i18n"
)

func newTestCheck(t testing.TB, opts ...CheckOption) *Check {
	t.Helper()
	c, err := NewCheck(opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// runCheck sends "check TEXT" through a Mux, as a seller would, and returns
// the reply as the terminal shows it, or the error the Bot would show.
func runCheck(t *testing.T, c *Check, text string) (string, bot.Reply, error) {
	t.Helper()
	mux := bot.NewMux()
	c.Register(mux)
	rec := bottest.NewRecorder()
	e := &bot.Event{Kind: bot.KindCommand, Command: "check", Args: text, User: bot.User{Platform: "console", ID: "seller1"}}
	if err := mux.ServeEvent(context.Background(), rec, e); err != nil {
		return "", bot.Reply{}, err
	}
	if n := len(rec.Replies()); n != 1 {
		t.Fatalf("check sent %d replies, want 1", n)
	}
	r := rec.LastReply()
	return markup.Render(markup.Plain, bottest.Text(r)), r, nil
}

func TestCheckListings(t *testing.T) {
	c := newTestCheck(t)
	tests := []struct {
		name string
		text string
		want []string // "Severity · “quote”", in this order
		not  []string
	}{
		{"brand style with model", "Nike Air Max 90 style running shoes, breathable mesh upper",
			[]string{"High · “Nike Air Max 90 style”"}, []string{"Medium"}},
		{"replica and AAA", "AAA quality replica Rolex Submariner automatic watch",
			[]string{"High · “AAA”", "High · “replica Rolex”"}, nil},
		{"1:1 mirror quality", "1:1 mirror quality Louis Vuitton Neverfull MM tote bag",
			[]string{"High · “1:1”", "High · “mirror quality Louis Vuitton”"}, nil},
		{"compatible after product", "Silicone case compatible with iPhone 16 Pro Max, shockproof",
			[]string{"Low · “compatible with iPhone”"}, []string{"High", "Medium"}},
		{"compatible leading", "Compatible with Samsung Galaxy S24 tempered glass screen protector",
			[]string{"Medium · “Compatible with Samsung”"}, []string{"High"}},
		{"replacement for", "Washable replacement filter for Dyson V11 cordless vacuum",
			[]string{"Low · “for Dyson”"}, []string{"High", "Medium"}},
		{"brand compatible", "Kids building blocks, Lego compatible, 1000 pieces",
			[]string{"Medium · “Lego compatible”"}, nil},
		{"inspired by", "Inspired by Chanel No 5 perfume oil, 10 ml roll-on",
			[]string{"High · “Inspired by Chanel No 5”"}, nil},
		{"inspired by without brand", "Boho maxi dress inspired by 70s festival fashion",
			[]string{"Medium · “inspired by”"}, []string{"High"}},
		{"dupe of", "Dupe of Charlotte Tilbury Pillow Talk matte lipstick",
			[]string{"High · “Dupe of Charlotte Tilbury”"}, []string{"Medium"}},
		{"unbranded brand", "Unbranded Nike running shoes, no box, size 42",
			[]string{"High · “Unbranded Nike”"}, []string{"Medium"}},
		{"genuine without brand", "Genuine leather bifold wallet, handmade in Spain",
			[]string{"Low · “Genuine”"}, []string{"High", "Medium"}},
		{"authentic with brand", "100% authentic Gucci Marmont shoulder bag with receipt",
			[]string{"Medium · “authentic”", "Medium · “Gucci”"}, []string{"High"}},
		{"misspelled insertion", "Adiddas sneakers for men, white, size 44",
			[]string{"High · “Adiddas”"}, nil},
		{"misspelled substitution", "Guchi belt men leather gold buckle",
			[]string{"High · “Guchi”"}, nil},
		{"misspelled short brand", "Nikee trainers, brand new",
			[]string{"High · “Nikee”"}, nil},
		{"hashtags", "Summer linen dress #zara #fashion #ootd",
			[]string{"Medium · “#zara”"}, []string{"#fashion"}},
		{"joined hashtag", "Cute canvas tote bag #louisvuitton #totebag",
			[]string{"Medium · “#louisvuitton”"}, nil},
		{"keyword stuffing", "Phone case for iPhone 15, Samsung S23, Huawei P60, Xiaomi 13",
			[]string{"High · “iPhone, Samsung, Huawei, Xiaomi”", "Low · “for iPhone”"}, nil},
		{"full-width letters", "ＮＩＫＥ　running shoes",
			[]string{"Medium · “ＮＩＫＥ”"}, nil},
		{"accents and case", "HERMÈS style silk scarf 90 cm",
			[]string{"High · “HERMÈS style”"}, nil},
		{"plural brand", "Nikes and Adidas trainers bundle, used",
			[]string{"Medium · “Nikes”", "Medium · “Adidas”"}, nil},
		{"common word brand capitalised", "Apple Slicer with 8 Stainless Blades",
			[]string{"Low · “Apple”"}, []string{"High", "Medium"}},
		{"official photos", "Official photos of the Coach Tabby bag",
			[]string{"Low · “Official photos”", "Low · “Coach”"}, nil},
		{"brand quality", "Rolex quality automatic watch, sapphire glass",
			[]string{"High · “Rolex quality”"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, r, err := runCheck(t, c, tt.text)
			if err != nil {
				t.Fatal(err)
			}
			if !r.Ephemeral {
				t.Error("a listing check should be shown only to the seller")
			}
			at := 0
			for _, w := range tt.want {
				i := strings.Index(got[at:], w)
				if i < 0 {
					t.Fatalf("reply lacks %q after position %d:\n%s", w, at, got)
				}
				at += i + len(w)
			}
			for _, n := range tt.not {
				if strings.Contains(got, n) {
					t.Errorf("reply has %q:\n%s", n, got)
				}
			}
			if !strings.Contains(got, "wording only") {
				t.Errorf("reply lacks the wording-only caveat:\n%s", got)
			}
			if !strings.Contains(got, "Instead:") || !strings.Contains(got, "Read:") {
				t.Errorf("findings lack advice or an article:\n%s", got)
			}
		})
	}
}

func TestCheckClean(t *testing.T) {
	c := newTestCheck(t)
	for _, text := range []string{
		"Fresh pineapple corer and slicer, stainless steel",     // Apple inside a word
		"Handmade soy candle, lavender scent, 200 g",            // nothing at all
		"Pack of 24 AAA batteries, alkaline, long lasting",      // AAA is a battery size here
		"apple slicer with 8 blades",                            // the fruit, not the brand
		"Snapple-style lemonade stand sign, hand painted",       // a brand inside a longer word
		"Vintage channel changer remote for old TV sets",        // one letter from Chanel, but a word
		"Wooden coaster set of 6, cork backing",                 // Coach is not coaster
		"Women's cotton blouse with puff sleeves, navy, size M", // ordinary clothes
	} {
		got, _, err := runCheck(t, c, text)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(got, "No risky wording found.") || !strings.Contains(got, "wording only") {
			t.Errorf("check(%q) =\n%s\nwant a clean result with the caveat", text, got)
		}
	}
}

func TestCheckBadInput(t *testing.T) {
	c := newTestCheck(t)
	for _, text := range []string{"", "   \n\t "} {
		_, _, err := runCheck(t, c, text)
		if ipdesk.ErrorCode(err) != ipdesk.EINVALID || !strings.Contains(ipdesk.ErrorMessage(err), "Paste a draft listing") {
			t.Errorf("check(%q) error = %v, want the usage message", text, err)
		}
	}
	long := strings.Repeat("é", 5001)
	_, _, err := runCheck(t, c, long)
	if ipdesk.ErrorCode(err) != ipdesk.EINVALID || !strings.Contains(ipdesk.ErrorMessage(err), "5001 characters") || !strings.Contains(ipdesk.ErrorMessage(err), "5,000") {
		t.Errorf("check of 5,001 characters: error %v, want the limit message", err)
	}
	if _, _, err := runCheck(t, c, strings.Repeat("é", 5000)); err != nil {
		t.Errorf("check of exactly 5,000 characters: %v", err)
	}
}

// TestCheckQuotesAreEscaped feeds words that are markup or mentions: the
// quotes in the reply must show them literally and ping no one.
func TestCheckQuotesAreEscaped(t *testing.T) {
	c := newTestCheck(t)
	_, r, err := runCheck(t, c, "Nike *style* <!channel> @everyone [Gucci](javascript:alert(1)) replica")
	if err != nil {
		t.Fatal(err)
	}
	slack := markup.Render(markup.Slack, r.Text)
	discord := markup.Render(markup.Discord, r.Text)
	for _, bad := range []string{"<!channel>", "javascript", "@everyone"} {
		if strings.Contains(slack, bad) {
			t.Errorf("slack reply contains %q:\n%s", bad, slack)
		}
	}
	if !strings.Contains(discord, `“Nike \*style”`) {
		t.Errorf("discord reply does not quote the words literally:\n%s", discord)
	}
	if strings.Contains(discord, "](<javascript") || strings.Contains(discord, "<!channel>") {
		t.Errorf("discord reply has a live link or mention:\n%s", discord)
	}
}

func TestCheckWatchlistFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "watchlist.txt")
	content := "# brands our marketplace protects\nAcmegrip\n~Pear\n!acmegrap\n"
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	base := newTestCheck(t)
	c := newTestCheck(t, WithWatchlistFile(path), WithWatchlistFile(""))
	if c.Brands() != base.Brands()+2 {
		t.Errorf("watchlist has %d brands, want %d", c.Brands(), base.Brands()+2)
	}
	tests := []struct{ text, want string }{
		{"Phone grip, Acmegrip style", "High · “Acmegrip style”"},
		{"Acmegrop phone grip", "High · “Acmegrop”"},
		{"Pear phone case", "Low · “Pear”"},
		{"pear shaped vase", "No risky wording found."},
		{"acmegrap is not a misspelling here", "No risky wording found."},
	}
	for _, tt := range tests {
		got, _, err := runCheck(t, c, tt.text)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(got, tt.want) {
			t.Errorf("check(%q) =\n%s\nwant %q", tt.text, got, tt.want)
		}
	}

	if _, err := NewCheck(WithWatchlistFile(filepath.Join(t.TempDir(), "missing.txt"))); err == nil {
		t.Error("a missing watchlist file should be an error")
	}
	bad := filepath.Join(t.TempDir(), "bad.txt")
	if err := os.WriteFile(bad, []byte("Good Brand\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := NewCheck(WithWatchlistFile(bad)); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("a brand with no letters: error %v, want one naming line 2", err)
	}
}

func TestCheckOffersTheArticlesAsButtons(t *testing.T) {
	c := newTestCheck(t)
	_, r, err := runCheck(t, c, "Nike style shoes, 1:1 replica")
	if err != nil {
		t.Fatal(err)
	}
	var values []string
	for _, b := range r.Buttons {
		if b.ID != "kb.topic" || b.Label == "" {
			t.Fatalf("button %+v", b)
		}
		values = append(values, b.Value)
	}
	if got := strings.Join(values, " "); got != "en/counterfeit en/listing-keywords" && got != "en/listing-keywords en/counterfeit" {
		t.Fatalf("buttons open %q, want the two articles the findings cite, once each", got)
	}
	if !strings.Contains(r.Text, "**Read:** ") || strings.Contains(r.Text, "(article `") {
		t.Errorf("reply:\n%s", r.Text)
	}
	// A Chinese listing gets the Chinese articles, where they exist.
	_, r, err = runCheck(t, c, "耐克 Nike 高仿 replica 运动鞋")
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range r.Buttons {
		if !strings.HasPrefix(b.Value, "zh/") {
			t.Errorf("Chinese listing: button %+v", b)
		}
	}
	if len(r.Buttons) == 0 {
		t.Fatal("Chinese listing: no article buttons")
	}
}

func TestOneEdit(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"nikee", "nike", true}, {"addidas", "adidas", true}, {"guchi", "gucci", true},
		{"rolxe", "rolex", true}, {"rolex", "rolex", false}, {"bike", "nike", true},
		{"adidas", "abidass", false}, {"gucci", "gcuic", false},
	}
	for _, tt := range tests {
		if got := oneEdit(tt.a, tt.b); got != tt.want {
			t.Errorf("oneEdit(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

// BenchmarkCheck runs the full watchlist over a 2,000-character listing.
func BenchmarkCheck(b *testing.B) {
	c := newTestCheck(b)
	var sb strings.Builder
	for sb.Len() < 2000 {
		sb.WriteString("Premium quilted crossbody bag with chain strap, genuine leather, fits iPhone 16 Pro Max and Samsung Galaxy S24, magnetic closure, three card slots, adjustable strap, gift box included. ")
	}
	text := sb.String()[:2000]
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	var tr i18n.Printer
	for b.Loop() {
		c.findings(tr, text)
	}
}
