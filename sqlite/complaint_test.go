package sqlite

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk"
)

var t0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// clock is a settable time source for DB.Now.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }
func withClock(db *DB) *clock        { c := &clock{t: t0}; db.Now = c.Now; return c }
func openAt(t *testing.T, path string) *DB {
	t.Helper()
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func testDraft(id, user, seller string) *ipdesk.Draft {
	return &ipdesk.Draft{ID: id, Platform: "console", UserID: user, Place: "console:@" + user, Step: "confirm",
		History: []string{"kind", "marketplace"},
		Answers: ipdesk.Complaint{Kind: ipdesk.KindCounterfeit, Marketplace: "amazon", Seller: seller,
			ListingURLs: []string{"https://www.amazon.com/dp/B0EXAMPLE1"}, Problem: "The logo is misprinted and the stitching is loose.",
			Remedy: ipdesk.RemedyCompensation, Amount: 4999, Currency: "USD", Consent: true, Contact: "buyer@example.com",
			Evidence: []ipdesk.Evidence{{Name: "label.jpg", Type: "image/jpeg", Size: 1234, SHA256: strings.Repeat("ab", 32)}}}}
}

func fileOne(t *testing.T, db *DB, id, user, seller string) *ipdesk.Complaint {
	t.Helper()
	ctx := context.Background()
	if err := db.SaveDraft(ctx, testDraft(id, user, seller)); err != nil {
		t.Fatal(err)
	}
	c, created, err := db.FileDraft(ctx, "console", user, id)
	if err != nil || !created {
		t.Fatalf("file: %v, created %v", err, created)
	}
	return c
}

func TestDraftSurvivesReopenAndExpires(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ipdesk.db")
	db := openAt(t, path)
	clk := withClock(db)
	d := testDraft("d1", "consumer1", "ACME Store")
	d.Step = "seller"
	if err := db.SaveDraft(ctx, d); err != nil {
		t.Fatal(err)
	}
	// A second save of the same user replaces, never adds.
	clk.Add(time.Hour)
	d.Step = "order"
	if err := db.SaveDraft(ctx, d); err != nil {
		t.Fatal(err)
	}
	db.Close()

	db = openAt(t, path)
	defer db.Close()
	clk = withClock(db)
	got, err := db.Draft(ctx, "console", "consumer1")
	if err != nil {
		t.Fatal(err)
	}
	if got.Step != "order" || got.Answers.Seller != "ACME Store" || len(got.History) != 2 || got.Place != "console:@consumer1" {
		t.Fatalf("reopened draft = %+v", got)
	}
	if _, err := db.Draft(ctx, "slack", "consumer1"); ipdesk.ErrorCode(err) != ipdesk.ENOTFOUND {
		t.Fatalf("draft on another platform: %v", err)
	}
	other := testDraft("d2", "consumer2", "x")
	clk.Add(6 * 24 * time.Hour)
	db.SaveDraft(ctx, other)
	expired, err := db.ExpireDrafts(ctx, t0.Add(2*24*time.Hour), time.Time{})
	if err != nil || len(expired) != 1 || expired[0].UserID != "consumer1" || expired[0].Answers.Seller != "ACME Store" {
		t.Fatalf("expired = %+v, %v", expired, err)
	}
	if _, err := db.Draft(ctx, "console", "consumer1"); ipdesk.ErrorCode(err) != ipdesk.ENOTFOUND {
		t.Fatal("expired draft still there")
	}
	if _, err := db.Draft(ctx, "console", "consumer2"); err != nil {
		t.Fatal("fresh draft expired")
	}
}

func TestFileDraftIsIdempotentAndAudited(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	withClock(db)
	d := testDraft("d1", "consumer1", "ACME Store")
	d.Answers.Consent, d.Answers.Contact = false, "buyer@example.com"
	db.SaveDraft(ctx, d)

	var wg sync.WaitGroup
	refs := make([]string, 8)
	created := make([]bool, 8)
	for i := range refs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, ok, err := db.FileDraft(ctx, "console", "consumer1", "d1")
			if err != nil {
				t.Error(err)
				return
			}
			refs[i], created[i] = c.Ref, ok
		}()
	}
	wg.Wait()
	n := 0
	for i := range refs {
		if created[i] {
			n++
		}
		if refs[i] != refs[0] {
			t.Fatalf("duplicate confirms gave refs %v", refs)
		}
	}
	if n != 1 {
		t.Fatalf("%d filings created, want 1", n)
	}
	list, _ := db.ComplaintsByUser(ctx, "console", "consumer1")
	if len(list) != 1 {
		t.Fatalf("%d complaints stored", len(list))
	}
	c := list[0]
	if !strings.HasPrefix(c.Ref, "IPD-") || len(c.Ref) != 9 || c.Status != ipdesk.StatusSubmitted || c.Version != 1 {
		t.Fatalf("complaint = %+v", c)
	}
	if c.Contact != "" {
		t.Fatal("contact stored without consent")
	}
	var raw string
	db.db.QueryRow(`SELECT body FROM complaints`).Scan(&raw)
	if strings.Contains(raw, "buyer@example.com") {
		t.Fatal("contact in stored body without consent")
	}
	if _, err := db.Draft(ctx, "console", "consumer1"); ipdesk.ErrorCode(err) != ipdesk.ENOTFOUND {
		t.Fatal("draft kept after filing")
	}
	trail, _ := db.AuditTrail(ctx, strings.ToLower(c.Ref))
	if len(trail) != 1 || trail[0].Action != ipdesk.ActionFile || trail[0].After != "submitted" || trail[0].Actor != "console:consumer1" {
		t.Fatalf("trail = %+v", trail)
	}
	if _, _, err := db.FileDraft(ctx, "console", "consumer1", "nope"); ipdesk.ErrorCode(err) != ipdesk.ENOTFOUND {
		t.Fatalf("filing an unknown draft: %v", err)
	}
}

// TestFileDraftOfAnotherUser confirms someone else's filed draft: the
// answer is the one for a draft that never existed, the complaint is not
// handed back, and the attempt is on the complaint's trail.
func TestFileDraftOfAnotherUser(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	withClock(db)
	cpl := fileOne(t, db, "d1", "consumer1", "ACME Store")
	_, _, missing := db.FileDraft(ctx, "console", "consumer2", "never-was")
	got, created, err := db.FileDraft(ctx, "console", "consumer2", "d1")
	if got != nil || created || ipdesk.ErrorCode(err) != ipdesk.ENOTFOUND || ipdesk.ErrorMessage(err) != ipdesk.ErrorMessage(missing) {
		t.Fatalf("another user's confirm = %+v, %v, %v; a missing draft gives %v", got, created, err, missing)
	}
	if strings.Contains(ipdesk.ErrorMessage(err), cpl.Ref) {
		t.Fatalf("refusal names the reference: %v", err)
	}
	// The same user on another platform is another user too.
	if _, _, err := db.FileDraft(ctx, "slack", "consumer1", "d1"); ipdesk.ErrorCode(err) != ipdesk.ENOTFOUND {
		t.Fatalf("confirm from another platform: %v", err)
	}
	trail, _ := db.AuditTrail(ctx, cpl.Ref)
	if len(trail) != 3 || trail[1].Action != ipdesk.ActionRefused || trail[1].Actor != "console:consumer2" || trail[1].ComplaintID != cpl.ID ||
		trail[2].Actor != "slack:consumer1" {
		t.Fatalf("trail = %+v", trail)
	}
	// The complainant's own repeated confirm still finds it.
	if again, created, err := db.FileDraft(ctx, "console", "consumer1", "d1"); err != nil || created || again.Ref != cpl.Ref {
		t.Fatalf("complainant's repeat confirm = %+v, %v, %v", again, created, err)
	}
	if list, _ := db.ComplaintsByUser(ctx, "console", "consumer2"); len(list) != 0 {
		t.Fatalf("bystander has complaints %+v", list)
	}
}

func TestFileDraftRetriesReferenceCollision(t *testing.T) {
	db := openTest(t)
	refs := []string{"IPD-AAAAA", "IPD-AAAAA", "IPD-AAAAA", "IPD-BBBBB"}
	var mu sync.Mutex
	complaintRef = func() string {
		mu.Lock()
		defer mu.Unlock()
		r := refs[0]
		refs = refs[1:]
		return r
	}
	defer func() { complaintRef = newComplaintRef }()
	a := fileOne(t, db, "d1", "consumer1", "x")
	b := fileOne(t, db, "d2", "consumer2", "y")
	if a.Ref != "IPD-AAAAA" || b.Ref != "IPD-BBBBB" {
		t.Fatalf("refs %s %s", a.Ref, b.Ref)
	}
}

func TestConcurrentDecisionsHaveOneWinner(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	c := fileOne(t, db, "d1", "consumer1", "ACME")
	limit := ipdesk.Money{Amount: 100000, Currency: "USD"}
	const n = 16
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			by := ipdesk.Actor{Key: "slack:S" + string(rune('A'+i)), Platform: "slack", Role: ipdesk.RoleStaff}
			ch := ipdesk.Change{Action: ipdesk.ActionApprove, By: by, Version: c.Version, Amount: int64(100 + i), Currency: "USD", Limit: limit}
			if i%2 == 1 {
				ch = ipdesk.Change{Action: ipdesk.ActionReject, By: by, Version: c.Version, ReasonCode: "duplicate"}
			}
			_, errs[i] = db.UpdateComplaint(ctx, c.Ref, func(c *ipdesk.Complaint) (ipdesk.AuditEntry, error) { return c.Apply(ch, db.Now()) })
		}()
	}
	wg.Wait()
	var winner string
	for i, err := range errs {
		switch ipdesk.ErrorCode(err) {
		case "":
			if winner != "" {
				t.Fatalf("two winners: %s and %d", winner, i)
			}
			winner = "slack:S" + string(rune('A'+i))
		case ipdesk.ECONFLICT:
		default:
			t.Fatalf("decider %d: %v", i, err)
		}
	}
	if winner == "" {
		t.Fatal("no winner")
	}
	for _, err := range errs {
		if err != nil && !strings.Contains(ipdesk.ErrorMessage(err), winner) {
			t.Errorf("loser not told who decided: %s", ipdesk.ErrorMessage(err))
		}
	}
	got, _ := db.Complaint(ctx, c.Ref)
	if got.Decision == nil || got.Decision.By != winner || got.Version != 2 {
		t.Fatalf("stored decision %+v version %d", got.Decision, got.Version)
	}
	trail, _ := db.AuditTrail(ctx, c.Ref)
	if len(trail) != 2 || trail[1].Actor != winner || trail[1].Before != "submitted" || trail[1].After != string(got.Status) {
		t.Fatalf("trail = %+v", trail)
	}
}

func TestAuditIsAppendOnly(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	c := fileOne(t, db, "d1", "consumer1", "ACME")
	if err := db.AppendAudit(ctx, ipdesk.AuditEntry{Ref: strings.ToLower(c.Ref), Actor: "console:consumer1", Role: ipdesk.RoleUser, Platform: "console", Action: ipdesk.ActionRefused, Note: "review.approve"}); err != nil {
		t.Fatal(err)
	}
	if err := db.AppendAudit(ctx, ipdesk.AuditEntry{Ref: "IPD-NONE0", Actor: "console:x", Action: ipdesk.ActionRefused}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.db.Exec(`UPDATE audit SET note = 'x'`); err == nil {
		t.Fatal("audit row updated")
	}
	if _, err := db.db.Exec(`DELETE FROM audit`); err == nil {
		t.Fatal("audit row deleted")
	}
	trail, _ := db.AuditTrail(ctx, c.Ref)
	if len(trail) != 2 || trail[1].Action != ipdesk.ActionRefused || trail[1].ComplaintID != c.ID {
		t.Fatalf("trail = %+v", trail)
	}
}

func TestRemindersOncePerThresholdAcrossRestarts(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ipdesk.db")
	db := openAt(t, path)
	clk := withClock(db)
	c := fileOne(t, db, "d1", "consumer1", "ACME")
	clk.Add(49 * time.Hour)
	due, err := db.Overdue(ctx, clk.Now().Add(-48*time.Hour), "sla:48h")
	if err != nil || len(due) != 1 || due[0].Ref != c.Ref {
		t.Fatalf("overdue = %v, %v", due, err)
	}
	if ok, _ := db.ClaimReminder(ctx, c.ID, "sla:48h"); !ok {
		t.Fatal("first claim lost")
	}
	if err := db.ConfirmReminder(ctx, c.ID, "sla:48h"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db = openAt(t, path)
	defer db.Close()
	if ok, _ := db.ClaimReminder(ctx, c.ID, "sla:48h"); ok {
		t.Fatal("reminder claimed twice across a restart")
	}
	if due, _ := db.Overdue(ctx, t0.Add(10*time.Hour), "sla:48h"); len(due) != 0 {
		t.Fatalf("reminded complaint still overdue: %v", due)
	}
	db.ReleaseReminder(ctx, c.ID, "sla:48h")
	if ok, _ := db.ClaimReminder(ctx, c.ID, "sla:48h"); !ok {
		t.Fatal("released reminder not claimable")
	}
}

func TestRepeatAlertsOncePerWindow(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	clk := withClock(db)
	fileOne(t, db, "d1", "c1", "ACME Store")
	fileOne(t, db, "d2", "c2", "acme-store")
	fileOne(t, db, "d3", "c3", "Other Shop")
	since := func() time.Time { return clk.Now().Add(-ipdesk.RepeatWindow) }
	if got, _ := db.ClaimRepeatAlerts(ctx, since(), 3); len(got) != 0 {
		t.Fatalf("alert below threshold: %v", got)
	}
	third := fileOne(t, db, "d4", "c4", "ACME  STORE!")
	if third.RepeatCount != 3 {
		t.Fatalf("repeat count = %d, want 3", third.RepeatCount)
	}
	got, err := db.ClaimRepeatAlerts(ctx, since(), 3)
	if err != nil || len(got) != 1 || got[0].Key != "amazon:acmestore" || len(got[0].Refs) != 3 {
		t.Fatalf("alerts = %+v, %v", got, err)
	}
	fileOne(t, db, "d5", "c5", "acme store")
	if got, _ := db.ClaimRepeatAlerts(ctx, since(), 3); len(got) != 0 {
		t.Fatalf("second alert in the same window: %v", got)
	}
	clk.Add(31 * 24 * time.Hour)
	if got, _ := db.ClaimRepeatAlerts(ctx, since(), 3); len(got) != 0 {
		t.Fatalf("alert for reports outside the window: %v", got)
	}
}

func TestComplaintsSinceAndQueue(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	clk := withClock(db)
	a := fileOne(t, db, "d1", "c1", "a")
	clk.Add(24 * time.Hour)
	b := fileOne(t, db, "d2", "c2", "b")
	staff := ipdesk.Actor{Key: "console:staff", Platform: "console", Role: ipdesk.RoleStaff}
	if _, err := db.UpdateComplaint(ctx, a.Ref, func(c *ipdesk.Complaint) (ipdesk.AuditEntry, error) {
		return c.Apply(ipdesk.Change{Action: ipdesk.ActionReject, By: staff, Version: c.Version, ReasonCode: "duplicate"}, clk.Now())
	}); err != nil {
		t.Fatal(err)
	}
	q, _ := db.Queue(ctx)
	if len(q) != 1 || q[0].Ref != b.Ref {
		t.Fatalf("queue = %v", q)
	}
	all, _ := db.ComplaintsSince(ctx, time.Time{})
	recent, _ := db.ComplaintsSince(ctx, t0.Add(time.Hour))
	if len(all) != 2 || all[0].Ref != a.Ref || len(recent) != 1 || recent[0].Ref != b.Ref {
		t.Fatalf("since: all %d, recent %d", len(all), len(recent))
	}
	if err := db.SetCardRef(ctx, b.Ref, "console:review#7"); err != nil {
		t.Fatal(err)
	}
	got, _ := db.Complaint(ctx, b.Ref)
	if got.CardRef != "console:review#7" || got.Version != 1 {
		t.Fatalf("card ref %q version %d", got.CardRef, got.Version)
	}
}
