package storetest

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk"
)

func testDraftSurvivesReopenAndExpires(t *testing.T, open Opener) {
	clk := NewClock()
	db := open(t, clk.Now)
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

	db = open(t, clk.Now)
	got, err := db.Draft(ctx, "console", "consumer1")
	if err != nil {
		t.Fatal(err)
	}
	if got.Step != "order" || got.Answers.Seller != "ACME Store" || len(got.History) != 2 || got.Place != "console:@consumer1" ||
		got.ID != "d1" || got.Platform != "console" || got.UserID != "consumer1" {
		t.Fatalf("reopened draft = %+v", got)
	}
	if !got.CreatedAt.Equal(t0) || !got.UpdatedAt.Equal(t0.Add(time.Hour)) || got.UpdatedAt.Location() != time.UTC {
		t.Errorf("draft times %v, %v; want %v and an hour later, in UTC", got.CreatedAt, got.UpdatedAt, t0)
	}
	if _, err := db.Draft(ctx, "slack", "consumer1"); ipdesk.ErrorCode(err) != ipdesk.ENOTFOUND {
		t.Fatalf("draft on another platform: %v", err)
	}
	clk.Add(6 * 24 * time.Hour)
	if err := db.SaveDraft(ctx, testDraft("d2", "consumer2", "x")); err != nil {
		t.Fatal(err)
	}
	expired, err := db.ExpireDrafts(ctx, t0.Add(2*24*time.Hour), time.Time{})
	if err != nil || len(expired) != 1 || expired[0].UserID != "consumer1" || expired[0].Platform != "console" || expired[0].Answers.Seller != "ACME Store" {
		t.Fatalf("expired = %+v, %v", expired, err)
	}
	if again, err := db.ExpireDrafts(ctx, t0.Add(2*24*time.Hour), time.Time{}); err != nil || len(again) != 0 {
		t.Fatalf("second expiry = %+v, %v; want nothing", again, err)
	}
	if _, err := db.Draft(ctx, "console", "consumer1"); ipdesk.ErrorCode(err) != ipdesk.ENOTFOUND {
		t.Fatal("expired draft still there")
	}
	if _, err := db.Draft(ctx, "console", "consumer2"); err != nil {
		t.Fatal("fresh draft expired")
	}
	if err := db.DeleteDraft(ctx, "console", "consumer2"); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteDraft(ctx, "console", "consumer2"); err != nil {
		t.Fatalf("deleting no draft: %v", err)
	}
	if _, err := db.Draft(ctx, "console", "consumer2"); ipdesk.ErrorCode(err) != ipdesk.ENOTFOUND {
		t.Fatal("deleted draft still there")
	}
}

// hostile is text a user can type or a client can send: mentions, markup,
// a NUL, bytes that are not UTF-8, and Chinese.
const hostile = "@everyone <!channel> <@U123> **bold** `code` \x00 \xff\xfe 投诉 ' OR 1=1; --"

func testDraftHoldsHostileAndHugeAnswers(t *testing.T, open Opener) {
	clk := NewClock()
	db := open(t, clk.Now)
	d := testDraft("d1", "consumer1", hostile)
	d.Answers.Problem = strings.Repeat("长文本 long text ", 64<<10) // about 1 MiB
	if err := db.SaveDraft(ctx, d); err != nil {
		t.Fatal(err)
	}
	got, err := db.Draft(ctx, "console", "consumer1")
	if err != nil {
		t.Fatal(err)
	}
	if got.Answers.Problem != d.Answers.Problem {
		t.Errorf("a 1 MiB answer came back as %d bytes", len(got.Answers.Problem))
	}
	if !strings.Contains(got.Answers.Seller, "@everyone <!channel> <@U123>") || !strings.Contains(got.Answers.Seller, "投诉 ' OR 1=1; --") {
		t.Errorf("hostile seller name came back as %q", got.Answers.Seller)
	}
	c, created, err := db.FileDraft(ctx, "console", "consumer1", "d1")
	if err != nil || !created {
		t.Fatalf("file: %v, %v", err, created)
	}
	if !strings.Contains(c.Seller, "<!channel>") || c.SellerKey == "" {
		t.Errorf("filed seller %q key %q", c.Seller, c.SellerKey)
	}
	// A forged confirm may carry anything as the draft id.
	if _, _, err := db.FileDraft(ctx, "console", "consumer1", hostile); ipdesk.ErrorCode(err) != ipdesk.ENOTFOUND {
		t.Errorf("confirm with a hostile draft id: %v, want ENOTFOUND", err)
	}
	if _, err := db.Complaint(ctx, hostile); ipdesk.ErrorCode(err) != ipdesk.EINVALID {
		t.Errorf("lookup of a hostile reference: %v, want EINVALID", err)
	}
	if err := db.AppendAudit(ctx, ipdesk.AuditEntry{Ref: hostile, Actor: "console:x", Role: ipdesk.RoleUser, Platform: "console",
		Action: ipdesk.ActionRefused, Note: hostile}); err != nil {
		t.Errorf("audit of a hostile refusal: %v", err)
	}
}

func testFileDraftIsIdempotentAndAudited(t *testing.T, open Opener) {
	clk := NewClock()
	db := open(t, clk.Now)
	d := testDraft("d1", "consumer1", "ACME Store")
	d.Answers.Consent, d.Answers.Contact = false, "buyer@example.com"
	if err := db.SaveDraft(ctx, d); err != nil {
		t.Fatal(err)
	}
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
	checkOneFiling(t, db, refs, created)
	list, _ := db.ComplaintsByUser(ctx, "console", "consumer1")
	c := list[0]
	if !strings.HasPrefix(c.Ref, "IPD-") || len(c.Ref) != 9 || c.Status != ipdesk.StatusSubmitted || c.Version != 1 {
		t.Fatalf("complaint = %+v", c)
	}
	if c.Contact != "" {
		t.Fatal("contact stored without consent")
	}
	if _, err := db.Draft(ctx, "console", "consumer1"); ipdesk.ErrorCode(err) != ipdesk.ENOTFOUND {
		t.Fatal("draft kept after filing")
	}
	trail, _ := db.AuditTrail(ctx, strings.ToLower(c.Ref))
	if len(trail) != 1 || trail[0].Action != ipdesk.ActionFile || trail[0].After != "submitted" || trail[0].Actor != "console:consumer1" ||
		trail[0].ComplaintID != c.ID || !trail[0].At.Equal(t0) || trail[0].Note != "counterfeit on amazon" {
		t.Fatalf("trail = %+v", trail)
	}
	if _, _, err := db.FileDraft(ctx, "console", "consumer1", "nope"); ipdesk.ErrorCode(err) != ipdesk.ENOTFOUND {
		t.Fatalf("filing an unknown draft: %v", err)
	}
}

func checkOneFiling(t *testing.T, db Store, refs []string, created []bool) {
	t.Helper()
	n := 0
	for i := range refs {
		if created[i] {
			n++
		}
		if refs[i] != refs[0] || refs[i] == "" {
			t.Fatalf("duplicate confirms gave refs %v", refs)
		}
	}
	if n != 1 {
		t.Fatalf("%d filings created, want 1", n)
	}
	if list, _ := db.ComplaintsByUser(ctx, "console", "consumer1"); len(list) != 1 {
		t.Fatalf("%d complaints stored, want 1", len(list))
	}
}

// Two replicas on one database get the same confirm at once (a double
// press load-balanced to both): one complaint, one filing audited.
func testFileDraftOnceAcrossReplicas(t *testing.T, open Opener) {
	clk := NewClock()
	replicas := []Store{open(t, clk.Now), open(t, clk.Now), open(t, clk.Now)}
	if err := replicas[0].SaveDraft(ctx, testDraft("d1", "consumer1", "ACME Store")); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	refs := make([]string, 12)
	created := make([]bool, 12)
	for i := range refs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, ok, err := replicas[i%len(replicas)].FileDraft(ctx, "console", "consumer1", "d1")
			if err != nil {
				t.Error(err)
				return
			}
			refs[i], created[i] = c.Ref, ok
		}()
	}
	wg.Wait()
	checkOneFiling(t, replicas[1], refs, created)
	if trail, _ := replicas[2].AuditTrail(ctx, refs[0]); len(trail) != 1 {
		t.Fatalf("trail = %+v, want one filing", trail)
	}
}

// TestFileDraftOfAnotherUser confirms someone else's filed draft: the
// answer is the one for a draft that never existed, the complaint is not
// handed back, and the attempt is on the complaint's trail.
func testFileDraftOfAnotherUser(t *testing.T, open Opener) {
	clk := NewClock()
	db := open(t, clk.Now)
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
		trail[2].Actor != "slack:consumer1" || trail[1].Note != "file: not the complainant's draft" {
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

// Filing applies the root package's rules, whatever the draft carries.
func testFileDraftAppliesTheFilingRules(t *testing.T, open Opener) {
	clk := NewClock()
	db := open(t, clk.Now)
	d := testDraft("d1", "consumer1", "ACME Store")
	d.Warnings = []string{"order outside the claim window"}
	d.Answers.Status, d.Answers.Assignee, d.Answers.Version = ipdesk.StatusApproved, "console:staff", 9
	d.Answers.Decision = &ipdesk.Decision{Outcome: ipdesk.StatusApproved, Amount: 100000, Currency: "USD", By: "console:consumer1"}
	if err := db.SaveDraft(ctx, d); err != nil {
		t.Fatal(err)
	}
	c, _, err := db.FileDraft(ctx, "console", "consumer1", "d1")
	if err != nil {
		t.Fatal(err)
	}
	want := ipdesk.FiledComplaint(d, t0)
	got, err := db.Complaint(ctx, c.Ref)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range []*ipdesk.Complaint{c, got} {
		if x.Status != want.Status || x.Version != 1 || x.Assignee != "" || x.Decision != nil || x.SellerKey != want.SellerKey ||
			x.RepeatCount != 1 || x.Contact != "buyer@example.com" || !x.CreatedAt.Equal(t0) || !x.WaitingSince.Equal(t0) ||
			len(x.Warnings) != 1 || x.ID == 0 || x.Platform != "console" || x.UserID != "consumer1" {
			t.Errorf("filed complaint = %+v", x)
		}
	}
	if trail, _ := db.AuditTrail(ctx, c.Ref); len(trail) != 1 || trail[0].Note != want.FilingNote() {
		t.Errorf("trail = %+v, want the filing note %q", trail, want.FilingNote())
	}
	// Consent withdrawn in a later change takes the contact with it.
	got, err = db.UpdateComplaint(ctx, c.Ref, func(c *ipdesk.Complaint) (ipdesk.AuditEntry, error) {
		c.Consent = false
		return ipdesk.AuditEntry{Actor: "console:consumer1", Role: ipdesk.RoleUser, Platform: "console", Action: ipdesk.ActionInfoReply}, nil
	})
	if err != nil || got.Contact != "" || got.Version != 2 {
		t.Fatalf("after consent withdrawn: %+v, %v", got, err)
	}
	if again, _ := db.Complaint(ctx, c.Ref); again.Contact != "" {
		t.Errorf("contact %q stored without consent", again.Contact)
	}
}

func testConcurrentDecisionsHaveOneWinner(t *testing.T, open Opener) {
	clk := NewClock()
	replicas := []Store{open(t, clk.Now), open(t, clk.Now)}
	c := fileOne(t, replicas[0], "d1", "consumer1", "ACME")
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
			_, errs[i] = replicas[i%2].UpdateComplaint(ctx, c.Ref, func(c *ipdesk.Complaint) (ipdesk.AuditEntry, error) { return c.Apply(ch, clk.Now()) })
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
	got, _ := replicas[1].Complaint(ctx, c.Ref)
	if got.Decision == nil || got.Decision.By != winner || got.Version != 2 {
		t.Fatalf("stored decision %+v version %d", got.Decision, got.Version)
	}
	trail, _ := replicas[0].AuditTrail(ctx, c.Ref)
	if len(trail) != 2 || trail[1].Actor != winner || trail[1].Before != "submitted" || trail[1].After != string(got.Status) {
		t.Fatalf("trail = %+v", trail)
	}
}

func testUpdateComplaintErrors(t *testing.T, open Opener) {
	clk := NewClock()
	db := open(t, clk.Now)
	c := fileOne(t, db, "d1", "consumer1", "ACME")
	refuse := ipdesk.Errorf(ipdesk.EUNAUTHORIZED, "Only staff can do that.")
	if _, err := db.UpdateComplaint(ctx, c.Ref, func(c *ipdesk.Complaint) (ipdesk.AuditEntry, error) {
		c.Status = ipdesk.StatusApproved
		return ipdesk.AuditEntry{}, refuse
	}); err != refuse {
		t.Fatalf("change error came back as %v", err)
	}
	if got, _ := db.Complaint(ctx, c.Ref); got.Status != ipdesk.StatusSubmitted || got.Version != 1 {
		t.Fatalf("a refused change was written: %+v", got)
	}
	if trail, _ := db.AuditTrail(ctx, c.Ref); len(trail) != 1 {
		t.Fatalf("a refused change was audited: %+v", trail)
	}
	called := false
	change := func(c *ipdesk.Complaint) (ipdesk.AuditEntry, error) { called = true; return ipdesk.AuditEntry{}, nil }
	if _, err := db.UpdateComplaint(ctx, "IPD-ZZZZZ", change); ipdesk.ErrorCode(err) != ipdesk.ENOTFOUND {
		t.Errorf("update of a missing complaint: %v", err)
	}
	if _, err := db.UpdateComplaint(ctx, "not a ref", change); ipdesk.ErrorCode(err) != ipdesk.EINVALID {
		t.Errorf("update of a malformed reference: %v", err)
	}
	if _, err := db.Complaint(ctx, "IPD-ZZZZZ"); ipdesk.ErrorCode(err) != ipdesk.ENOTFOUND {
		t.Errorf("lookup of a missing complaint: %v", err)
	}
	if err := db.SetCardRef(ctx, "IPD-ZZZZZ", "x"); ipdesk.ErrorCode(err) != ipdesk.ENOTFOUND {
		t.Errorf("card ref of a missing complaint: %v", err)
	}
	if called {
		t.Error("change called for a complaint that does not exist")
	}
}

func testComplaintsSinceQueueAndCardRef(t *testing.T, open Opener) {
	clk := NewClock()
	db := open(t, clk.Now)
	a := fileOne(t, db, "d1", "c1", "a")
	clk.Add(24 * time.Hour)
	b := fileOne(t, db, "d2", "c2", "b")
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
	if exact, _ := db.ComplaintsSince(ctx, t0.Add(24*time.Hour)); len(exact) != 1 || exact[0].Ref != b.Ref {
		t.Fatalf("since the second filing's exact time: %d complaints, want it", len(exact))
	}
	if err := db.SetCardRef(ctx, strings.ToLower(b.Ref), "console:review#7"); err != nil {
		t.Fatal(err)
	}
	got, _ := db.Complaint(ctx, b.Ref)
	if got.CardRef != "console:review#7" || got.Version != 1 {
		t.Fatalf("card ref %q version %d", got.CardRef, got.Version)
	}
	mine, _ := db.ComplaintsByUser(ctx, "console", "c2")
	if len(mine) != 1 || mine[0].CardRef != "console:review#7" {
		t.Fatalf("by user = %+v", mine)
	}
}

// CountFiled counts a user's complaints on one platform from a time on,
// withdrawn ones too, and no one else's.
func testCountFiled(t *testing.T, open Opener) {
	clk := NewClock()
	db := open(t, clk.Now)
	start := clk.Now()
	fileOne(t, db, "d1", "consumer1", "ACME Store")
	clk.Add(time.Hour)
	second := fileOne(t, db, "d2", "consumer1", "ACME Store")
	fileOne(t, db, "d3", "consumer2", "ACME Store")
	if _, err := db.UpdateComplaint(ctx, second.Ref, func(c *ipdesk.Complaint) (ipdesk.AuditEntry, error) {
		before := c.Status
		c.Status = ipdesk.StatusWithdrawn
		return ipdesk.AuditEntry{Actor: "console:consumer1", Role: ipdesk.RoleUser, Platform: "console", Action: ipdesk.ActionWithdraw, Before: string(before), After: string(c.Status)}, nil
	}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		platform, user string
		since          time.Time
		want           int
	}{
		{"console", "consumer1", start, 2},
		{"console", "consumer1", start.Add(time.Minute), 1},
		{"console", "consumer2", start, 1},
		{"slack", "consumer1", start, 0},
	} {
		if n, err := db.CountFiled(ctx, c.platform, c.user, c.since); err != nil || n != c.want {
			t.Errorf("CountFiled(%s, %s, %v) = %d, %v; want %d", c.platform, c.user, c.since, n, err, c.want)
		}
	}
}

func testAuditLinksAndOrders(t *testing.T, open Opener) {
	clk := NewClock()
	db := open(t, clk.Now)
	c := fileOne(t, db, "d1", "consumer1", "ACME")
	clk.Add(time.Minute)
	if err := db.AppendAudit(ctx, ipdesk.AuditEntry{Ref: strings.ToLower(c.Ref), Actor: "console:consumer1", Role: ipdesk.RoleUser, Platform: "console", Action: ipdesk.ActionRefused, Note: "review.approve"}); err != nil {
		t.Fatal(err)
	}
	if err := db.AppendAudit(ctx, ipdesk.AuditEntry{Ref: "IPD-NONE0", Actor: "console:x", Action: ipdesk.ActionRefused}); err != nil {
		t.Fatal(err)
	}
	trail, _ := db.AuditTrail(ctx, c.Ref)
	if len(trail) != 2 || trail[1].Action != ipdesk.ActionRefused || trail[1].ComplaintID != c.ID || trail[1].Ref != c.Ref ||
		!trail[1].At.Equal(t0.Add(time.Minute)) || trail[1].Note != "review.approve" || trail[0].ID >= trail[1].ID {
		t.Fatalf("trail = %+v", trail)
	}
	none, _ := db.AuditTrail(ctx, "IPD-NONE0")
	if len(none) != 1 || none[0].ComplaintID != 0 || none[0].Actor != "console:x" {
		t.Fatalf("trail of a reference that names no complaint = %+v", none)
	}
}
