package i18n_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/i18n"
)

// rootErrors are the domain's validation and rule errors a user can see,
// one of each kind, with the English each must print.
func rootErrors(t *testing.T) map[string]error {
	t.Helper()
	now := time.Date(2026, 3, 15, 12, 0, 0, 0, time.UTC)
	amazon, _ := ipdesk.FindMarketplace("amazon")
	other, _ := ipdesk.FindMarketplace("other")
	second := func(_ string, err error) error { return err }
	out := map[string]error{}
	add := func(name string, err error) {
		if err == nil {
			t.Fatalf("%s: no error", name)
		}
		out[name] = err
	}
	add("empty", second(ipdesk.CleanText(" ", "The seller name", 2, 100, false)))
	add("short", second(ipdesk.CleanText("a", "The seller name", 2, 100, false)))
	add("long", second(ipdesk.CleanText(strings.Repeat("x", 101), "The seller name", 2, 100, false)))
	add("one line", second(ipdesk.CleanText("a\nb", "The seller name", 2, 100, false)))
	add("control", second(ipdesk.CleanText("a\x07b", "The seller name", 2, 100, false)))
	add("mention", second(ipdesk.CleanText("hi @everyone", "The seller name", 2, 100, false)))
	add("not text", second(ipdesk.CleanText("a\xffb", "The seller name", 2, 100, false)))
	add("email", second(ipdesk.ValidEmail("not-an-address")))
	_, err := ipdesk.ParseOrderDate("yesterday", now)
	add("date", err)
	_, err = ipdesk.ParseOrderDate("2026-04-01", now)
	add("future", err)
	_, err = ipdesk.ParseOrderDate("2001-04-01", now)
	add("old", err)
	add("currency missing", second(ipdesk.ParseCurrency("")))
	add("currency unknown", second(ipdesk.ParseCurrency("XYZ")))
	_, err = ipdesk.ParseAmount("1", "XYZ")
	add("amount currency", err)
	_, err = ipdesk.ParseAmount("", "USD")
	add("amount missing", err)
	_, err = ipdesk.ParseAmount("-5", "USD")
	add("negative", err)
	_, err = ipdesk.ParseAmount("five", "USD")
	add("not amount", err)
	_, err = ipdesk.ParseAmount("5.5", "JPY")
	add("no minor", err)
	_, err = ipdesk.ParseAmount("5.555", "USD")
	add("decimals", err)
	_, err = ipdesk.ParseAmount("99999999", "USD")
	add("too large", err)
	add("validate currency", ipdesk.ValidateAmount(1, "XYZ"))
	_, err = ipdesk.ParseMoney("", "USD")
	add("money missing", err)
	_, err = ipdesk.ParseMoney("abc", "USD")
	add("money words", err)
	add("listing missing", second(amazon.ListingURL("")))
	add("listing name", second(amazon.ListingURL("ACME Store")))
	add("listing invalid", second(amazon.ListingURL("https://")))
	add("listing domain", second(other.ListingURL("https://localhost/x")))
	add("listing host", second(amazon.ListingURL("https://www.ebay.com/itm/123456789012")))
	add("listing single", second(amazon.ListingURL("https://www.amazon.com/s?k=bags")))
	add("listing too long", second(other.ListingURL("https://example.com/"+strings.Repeat("a", 2100))))
	_, err = amazon.ListingURLs(" ")
	add("listings none", err)
	many := strings.Repeat("https://www.amazon.com/dp/B0EXAMPLE1?x=1 ", 1)
	for i := 0; i < 21; i++ {
		many += "https://www.amazon.com/dp/B0EXAMPLE" + string(rune('A'+i%26)) + " "
	}
	_, err = amazon.ListingURLs(many)
	add("listings many", err)
	add("order", second(amazon.ValidOrderNumber("12")))
	add("order generic", second(other.ValidOrderNumber("#")))
	add("office", second(ipdesk.ParseJurisdiction("12")))
	add("regno chars", second(ipdesk.ValidRegNumber(ipdesk.RightTrademark, "US", "abc")))
	add("regno format", second(ipdesk.ValidRegNumber(ipdesk.RightTrademark, "US", "123")))
	add("regno cn", second(ipdesk.ValidRegNumber(ipdesk.RightCopyright, "CN", "X1234")))

	staff := ipdesk.Actor{Key: "console:staff", Platform: "console", Role: ipdesk.RoleStaff}
	staff2 := ipdesk.Actor{Key: "console:staff2", Platform: "console", Role: ipdesk.RoleStaff}
	user := ipdesk.Actor{Key: "console:consumer1", Platform: "console", Role: ipdesk.RoleUser}
	base := func() *ipdesk.Complaint {
		return &ipdesk.Complaint{Ref: "IPD-7K3Q9", Platform: "console", UserID: "consumer1", Kind: ipdesk.KindCounterfeit,
			Status: ipdesk.StatusSubmitted, Version: 1, Remedy: ipdesk.RemedyCompensation, Amount: 5000, Currency: "USD", CreatedAt: now}
	}
	apply := func(name string, c *ipdesk.Complaint, ch ipdesk.Change) {
		_, err := c.Apply(ch, now)
		add(name, err)
	}
	apply("staff only", base(), ipdesk.Change{Action: ipdesk.ActionEscalate, By: user, Version: 1})
	apply("own", base(), ipdesk.Change{Action: ipdesk.ActionEscalate, By: ipdesk.Actor{Key: "console:consumer1", Role: ipdesk.RoleStaff}, Version: 1})
	apply("over asked", base(), ipdesk.Change{Action: ipdesk.ActionApprove, By: staff, Version: 1, Amount: 9000, Currency: "USD", Limit: ipdesk.Money{Amount: 50000, Currency: "USD"}})
	apply("over currency", base(), ipdesk.Change{Action: ipdesk.ActionApprove, By: staff, Version: 1, Amount: 5000, Currency: "EUR", Limit: ipdesk.Money{Amount: 50000, Currency: "USD"}})
	apply("choose reason", base(), ipdesk.Change{Action: ipdesk.ActionReject, By: staff, Version: 1, ReasonCode: "nope"})
	apply("question", base(), ipdesk.Change{Action: ipdesk.ActionRequestInfo, By: staff, Version: 1, Note: "hm"})
	decided := base()
	decided.Status = ipdesk.StatusApproved
	decided.Decision = &ipdesk.Decision{Outcome: ipdesk.StatusApproved, Amount: 5000, Currency: "USD", By: "console:staff", ConfirmedBy: "console:staff2", At: now.Add(-time.Hour)}
	apply("decided", decided, ipdesk.Change{Action: ipdesk.ActionEscalate, By: staff2, Version: 1})
	apply("nothing to pay", base(), ipdesk.Change{Action: ipdesk.ActionPaid, By: staff, Version: 1})
	apply("pay date", decided, ipdesk.Change{Action: ipdesk.ActionPaid, By: staff2, Version: 1, Reference: "TX-1", PaidOn: "soon"})
	apply("pay range", decided, ipdesk.Change{Action: ipdesk.ActionPaid, By: staff2, Version: 1, Reference: "TX-1", PaidOn: "2020-01-01"})
	withdrawn := base()
	withdrawn.Status, withdrawn.WithdrawnAt = ipdesk.StatusWithdrawn, now.Add(-time.Hour)
	apply("withdrawn", withdrawn, ipdesk.Change{Action: ipdesk.ActionEscalate, By: staff, Version: 1})
	apply("not rejected", base(), ipdesk.Change{Action: ipdesk.ActionAppeal, By: user, Note: strings.Repeat("reason ", 5)})
	apply("not waiting", base(), ipdesk.Change{Action: ipdesk.ActionInfoReply, By: user, Note: "here"})
	apply("stale", base(), ipdesk.Change{Action: ipdesk.ActionEscalate, By: staff, Version: 2})
	for _, e := range []*ipdesk.Error{ipdesk.ErrBadRef(), ipdesk.ErrNoComplaint("IPD-7K3Q9"), ipdesk.ErrDraftGone(), ipdesk.ErrRaced("IPD-7K3Q9"),
		ipdesk.ErrNoDraft(), ipdesk.ErrNoPendingAnswer(), ipdesk.ErrQuestionIncomplete(), ipdesk.ErrQuestionGone(), ipdesk.ErrNothingForwarded(),
		ipdesk.ErrStaffAnswerIncomplete(), ipdesk.ErrAnswerGone(), ipdesk.ErrVoteGone(), ipdesk.ErrBadPerson(), ipdesk.ErrBadRating(),
		ipdesk.ErrNotRatable("IPD-7K3Q9"), ipdesk.ErrRatedAlready("IPD-7K3Q9", 4), ipdesk.ErrRateFirst("IPD-7K3Q9"),
		ipdesk.ErrCommentedAlready("IPD-7K3Q9"), ipdesk.ErrNoRating("IPD-7K3Q9")} {
		add("store "+e.ID, e)
	}
	return out
}

// TestRootErrorsInEveryLanguage checks that each domain error a user can
// see names a catalog message whose English is the error's own message,
// and that every other language says it in its own words with every
// placeholder filled.
func TestRootErrorsInEveryLanguage(t *testing.T) {
	c := i18n.Default()
	en, zh := c.Printer(i18n.EN), c.Printer(i18n.ZH)
	for name, err := range rootErrors(t) {
		var e *ipdesk.Error
		if !errors.As(err, &e) {
			t.Errorf("%s: %v is not an *ipdesk.Error", name, err)
			continue
		}
		if e.ID == "" || c.Message(i18n.EN, e.ID) == nil {
			t.Errorf("%s: %q names no catalog message (%q)", name, e.Message, e.ID)
			continue
		}
		if got := en.Error(err); got != e.Message {
			t.Errorf("%s: the catalog's English\n  %q\ndiffers from the message\n  %q", name, got, e.Message)
		}
		got := zh.Error(err)
		if got == e.Message || strings.Contains(got, "<no value>") || strings.Contains(got, "{{") || !strings.ContainsFunc(got, isHan) {
			t.Errorf("%s: Chinese %q", name, got)
		}
	}
}

func isHan(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }

// TestErrorOfOtherErrors checks that an error that is no *ipdesk.Error
// shows nothing of itself.
func TestErrorOfOtherErrors(t *testing.T) {
	zh := i18n.Default().Printer(i18n.ZH)
	if got := zh.Error(errors.New("dial tcp 10.0.0.1: secret")); strings.Contains(got, "secret") || got == "" {
		t.Errorf("internal error shown as %q", got)
	}
	if got := zh.Error(nil); got != "" {
		t.Errorf("nil error shown as %q", got)
	}
}
