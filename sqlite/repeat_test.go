package sqlite

import (
	"context"
	"testing"

	"github.com/ipdesk/ipdesk"
)

// One user filing three times against a seller is one complainant, not
// three reports; names of punctuation alone are nobody's key.
func TestRepeatAlertsCountComplainants(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	clk := withClock(db)
	since := clk.Now().Add(-ipdesk.RepeatWindow)
	for i, id := range []string{"d1", "d2", "d3"} {
		c := fileOne(t, db, id, "c1", "ACME Store")
		if c.RepeatCount != 1 {
			t.Fatalf("filing %d by the same user: repeat count %d, want 1", i+1, c.RepeatCount)
		}
	}
	for i, name := range []string{"!!!", "---", "..."} {
		c := fileOne(t, db, "p"+name, "u"+string(rune('a'+i)), name)
		if c.SellerKey != "" || c.RepeatCount != 1 {
			t.Fatalf("seller %q: key %q, repeat count %d", name, c.SellerKey, c.RepeatCount)
		}
	}
	if got, err := db.ClaimRepeatAlerts(ctx, since, 3); err != nil || len(got) != 0 {
		t.Fatalf("alerts = %+v, %v; want none", got, err)
	}
	fileOne(t, db, "d4", "c2", "acme-store")
	c := fileOne(t, db, "d5", "c3", "Acme store")
	if c.RepeatCount != 3 {
		t.Fatalf("third complainant: repeat count %d", c.RepeatCount)
	}
	got, err := db.ClaimRepeatAlerts(ctx, since, 3)
	if err != nil || len(got) != 1 || got[0].Complainants != 3 || len(got[0].Refs) != 5 {
		t.Fatalf("alerts = %+v, %v", got, err)
	}
}
