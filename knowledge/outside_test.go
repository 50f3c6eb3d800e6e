package knowledge

import (
	"context"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// TestOutsideScopeArticleDeclinesWithWhereToAsk checks that a question an
// article tagged outside-scope answers best is declined, with that
// section's text as the hint and no articles offered, while a question
// about intellectual property is answered as before.
func TestOutsideScopeArticleDeclinesWithWhereToAsk(t *testing.T) {
	fsys := fstest.MapFS{
		"en/outside.md": {Data: []byte(`---
title: Selling questions this desk does not cover
tags: [outside-scope, shipping]
lang: en
jurisdiction: global
reviewed: 2026-01-31
---

This desk answers questions about intellectual property.

## Shipping rates and couriers
<!-- aliases: ["cheapest way to ship a parcel abroad"] -->

Ask the carrier or your freight forwarder for a shipping quote.

## Sources
- A carrier's rate pages
`)},
		"en/counterfeit.md": {Data: []byte(`---
title: Selling counterfeits
tags: [counterfeit, penalty]
lang: en
jurisdiction: global
reviewed: 2026-01-31
---

Selling counterfeit goods can bring fines and the loss of the stock.

## What penalties apply

Courts order damages and fines for selling counterfeits.

## Sources
- A court's guide to counterfeiting cases
`)},
	}
	ix := openTest(t, Options{Base: fsys})
	ans, err := ix.Ask(context.Background(), "what is the cheapest way to ship a parcel to canada")
	if err != nil {
		t.Fatal(err)
	}
	if ans.Answered || !strings.Contains(ans.Hint, "freight forwarder") || len(ans.Near) != 0 {
		t.Errorf("shipping question: answered %v, hint %q, near %d; want declined with the section's text and no offer", ans.Answered, ans.Hint, len(ans.Near))
	}
	ans, err = ix.Ask(context.Background(), "what are the penalties for selling counterfeit goods")
	if err != nil {
		t.Fatal(err)
	}
	if a := ans.Article(); !ans.Answered || a == nil || a.ID != "counterfeit" {
		t.Errorf("counterfeit question: answered %v from %v, want the counterfeit article", ans.Answered, a)
	}
}

// TestNearMissesOfTheBundledBaseAreDeclined checks, on the bundled base,
// that everyday selling questions sharing words with intellectual
// property (a chargeback, a supplier, a refund), and a buyer's order gone
// wrong, are declined with the outside-scope section that says where
// they are answered, while the same words in a question about
// intellectual property are answered.
func TestNearMissesOfTheBundledBaseAreDeclined(t *testing.T) {
	ix := openTest(t, Options{})
	for _, c := range []struct{ q, hint string }{
		{"tracking shows the parcel was delivered but the buyer opened a refund claim saying it never came, who decides", "carrier"},
		{"my supplier wants a 40% deposit before production and a minimum order of 2000 units, is that normal", "supplier"},
		{"which payout provider charges the lowest currency conversion fee for marketplace sales", "payment provider"},
		{"物流显示已签收，买家却说没收到要退款，平台会怎么判", "退货"},
		{"my seller account got hacked and the payout bank was changed, what now", "account-security"},
		{"do i need a us company and an ein to sell on amazon", "company-formation"},
		{"店铺账号被盗了，收款账户也被改了怎么办", "账户安全"},
		{"出口退税去哪里办", "出口退税"},
		{"how do i claim an export tax rebate for goods i ship to amazon us", "export tax rebates"},
		// A buyer's order gone wrong, with no fake in it.
		{"the parcel i ordered came with the wrong colour, what now", "returns policy"},
		{"收到的货颜色发错了，怎么办", "退换货政策"},
	} {
		ans, err := ix.Ask(context.Background(), c.q)
		if err != nil {
			t.Fatal(err)
		}
		if ans.Answered || !strings.Contains(ans.Hint, c.hint) {
			t.Errorf("%q: answered %v (%s), hint %q; want declined, pointing to where it is answered (%q)", c.q, ans.Answered, describe(ans), ans.Hint, c.hint)
		}
		for _, a := range ans.Near {
			if slices.Contains(a.Tags, outsideTag) {
				t.Errorf("%q: offers %q, whose section the hint already shows", c.q, a.Title)
			}
		}
	}
	for _, q := range []string{
		"a buyer opened a chargeback saying the handbag i sold is counterfeit, what can i do",
		"how do i check that my supplier is really authorized to sell the brand",
	} {
		ans, err := ix.Ask(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		if !ans.Answered {
			t.Errorf("%q: declined (%s); want it answered", q, describe(ans))
		}
	}
}
