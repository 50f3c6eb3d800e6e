package storetest

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk"
)

// t0 is the start of every test's clock; it has microseconds, which every
// store must keep.
var t0 = time.Date(2026, 3, 1, 9, 0, 0, 123456000, time.UTC)

// Clock is a settable time source shared by the stores a test opens.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock at t0.
func NewClock() *Clock { return &Clock{t: t0} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

// Add moves the clock on.
func (c *Clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

var ctx = context.Background()

func testDraft(id, user, seller string) *ipdesk.Draft {
	return &ipdesk.Draft{ID: id, Platform: "console", UserID: user, Place: "console:@" + user, Step: "confirm",
		History: []string{"kind", "marketplace"},
		Answers: ipdesk.Complaint{Kind: ipdesk.KindCounterfeit, Marketplace: "amazon", Seller: seller,
			ListingURLs: []string{"https://www.amazon.com/dp/B0EXAMPLE1"}, Problem: "The logo is misprinted and the stitching is loose.",
			Remedy: ipdesk.RemedyCompensation, Amount: 4999, Currency: "USD", Consent: true, Contact: "buyer@example.com",
			Evidence: []ipdesk.Evidence{{Name: "label.jpg", Type: "image/jpeg", Size: 1234, SHA256: strings.Repeat("ab", 32)}}}}
}

func fileOne(t *testing.T, db Store, id, user, seller string) *ipdesk.Complaint {
	t.Helper()
	if err := db.SaveDraft(ctx, testDraft(id, user, seller)); err != nil {
		t.Fatal(err)
	}
	c, created, err := db.FileDraft(ctx, "console", user, id)
	if err != nil || !created {
		t.Fatalf("file: %v, created %v", err, created)
	}
	return c
}

var staff = ipdesk.Actor{Key: "console:staff", Platform: "console", Role: ipdesk.RoleStaff}

// answerAfter has staff ask the complainant a question and the complainant
// answer it wait later, through the store, as the handlers do.
func answerAfter(t *testing.T, db Store, clk *Clock, ref string, wait time.Duration) *ipdesk.Complaint {
	t.Helper()
	if _, err := db.UpdateComplaint(ctx, ref, func(c *ipdesk.Complaint) (ipdesk.AuditEntry, error) {
		return c.Apply(ipdesk.Change{Action: ipdesk.ActionRequestInfo, By: staff, Version: c.Version, Note: "Which size was it?"}, clk.Now())
	}); err != nil {
		t.Fatal(err)
	}
	clk.Add(wait)
	c, err := db.UpdateComplaint(ctx, ref, func(c *ipdesk.Complaint) (ipdesk.AuditEntry, error) {
		by := ipdesk.Actor{Key: c.Complainant(), Platform: c.Platform, Role: ipdesk.RoleUser}
		return c.Apply(ipdesk.Change{Action: ipdesk.ActionInfoReply, By: by, Note: "Size M."}, clk.Now())
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}
