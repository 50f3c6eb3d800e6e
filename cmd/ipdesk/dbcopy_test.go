package main

import (
	"context"
	"fmt"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/dbcopy"
	"github.com/ipdesk/ipdesk/postgres"
	"github.com/ipdesk/ipdesk/postgres/pgtest"
	"github.com/ipdesk/ipdesk/sqlite"
)

// fillEveryTable puts rows in every table a copy moves, through the store's
// own methods, as the bot would: an open draft, complaints of four
// consumers against one seller (one rejected, one audited refusal with
// text PostgreSQL cannot keep as it is), a reminder, a repeat alert, a
// pending answer, questions with a vote and an escalation, delivery ids,
// a weekly report posted, a kept message, languages, a reason with a
// vote, a staff answer saved as a draft, an article offered, follow-ups
// planned, sent and turned off, and a legal hold (the installation's
// secret is made by the store itself).
func fillEveryTable(t *testing.T, db Store) (refs []string) {
	t.Helper()
	ctx := context.Background()
	draft := func(id, user string) *ipdesk.Draft {
		return &ipdesk.Draft{ID: id, Platform: "slack", UserID: user, Place: "slack:D" + user, Step: "confirm", History: []string{"kind"},
			Answers: ipdesk.Complaint{Kind: ipdesk.KindCounterfeit, Marketplace: "amazon", Seller: "ACME Store", Problem: "Fake logo 假货",
				ListingURLs: []string{"https://www.amazon.com/dp/B0EXAMPLE1"}, Remedy: ipdesk.RemedyRefund, Consent: true, Contact: "buyer@example.com"}}
	}
	for _, user := range []string{"U1", "U2", "U3", "U4"} {
		if err := db.SaveDraft(ctx, draft("d"+user, user)); err != nil {
			t.Fatal(err)
		}
		c, _, err := db.FileDraft(ctx, "slack", user, "d"+user)
		if err != nil {
			t.Fatal(err)
		}
		refs = append(refs, c.Ref)
	}
	open := draft("dU5", "U5")
	if err := db.SaveDraft(ctx, open); err != nil {
		t.Fatal(err)
	}
	if ok, err := db.ClaimDraftWarning(ctx, open.ID, open.UpdatedAt); err != nil || !ok {
		t.Fatalf("claim draft warning: %v, %v", ok, err)
	}
	staff := ipdesk.Actor{Key: "slack:USTAFF", Platform: "slack", Role: ipdesk.RoleStaff}
	if _, err := db.UpdateComplaint(ctx, refs[0], func(c *ipdesk.Complaint) (ipdesk.AuditEntry, error) {
		return c.Apply(ipdesk.Change{Action: ipdesk.ActionReject, By: staff, Version: c.Version, ReasonCode: "duplicate", Note: "Seen before."}, time.Now())
	}); err != nil {
		t.Fatal(err)
	}
	if err := db.AppendAudit(ctx, ipdesk.AuditEntry{Ref: refs[1], Actor: "slack:U9", Role: ipdesk.RoleUser, Platform: "slack",
		Action: ipdesk.ActionRefused, Note: "review.approve \x00 \xff <!channel>"}); err != nil {
		t.Fatal(err)
	}
	rejected, _ := db.Complaint(ctx, refs[0])
	if ok, err := db.ClaimRatingRequest(ctx, rejected.ID, refs[0], "slack:USTAFF"); err != nil || !ok {
		t.Fatalf("claim rating request: %v, %v", ok, err)
	}
	if _, err := db.Rate(ctx, refs[0], 2); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ReceiveEvent(ctx, "slack:EvPending", "a-replica", []byte(`{"ID":"slack:EvPending"}`), time.Now()); err != nil {
		t.Fatal(err)
	}
	c, _ := db.Complaint(ctx, refs[1])
	if ok, err := db.ClaimReminder(ctx, c.ID, "sla:48h"); err != nil || !ok {
		t.Fatalf("claim reminder: %v, %v", ok, err)
	}
	if alerts, err := db.ClaimRepeatAlerts(ctx, time.Now().Add(-ipdesk.RepeatWindow), 3); err != nil || len(alerts) != 1 {
		t.Fatalf("repeat alerts %v, %v", alerts, err)
	}
	if err := db.SavePendingAnswer(ctx, &ipdesk.PendingAnswer{Platform: "slack", UserID: "U2", Ref: refs[1], Mode: ipdesk.AnswerConfirm, Text: "Size M"}); err != nil {
		t.Fatal(err)
	}
	q1, err := db.RecordQuestion(ctx, &ipdesk.Question{Platform: "slack", UserID: "U1", Conversation: db.ConversationPseudonym("slack", "U1", "C1", "T1"),
		Text: "how long does a US trademark last", Lang: "en", Answered: true, Article: "en/tm-us", Section: "How long", Score: 12.5})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.RecordQuestion(ctx, &ipdesk.Question{Platform: "discord", UserID: "42", Text: "运费是多少", Lang: "zh"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.RecordFeedback(ctx, q1, "slack", "U2", false); err != nil {
		t.Fatal(err)
	}
	if _, err := db.EscalateQuestion(ctx, q1); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"slack:Ev1", "discord:77"} {
		if _, err := db.Claim(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	if ok, err := db.ClaimWeeklyReport(ctx, time.Now()); err != nil || !ok {
		t.Fatalf("claim weekly report: %v, %v", ok, err)
	}
	if _, err := db.AddOutgoing(ctx, ipdesk.Outgoing{To: "slack:DU3", About: refs[2], Body: []byte(`{"Text":"receipt"}`), NextAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	for user, lang := range map[string]string{"slack:U1": "zh", "discord:42": "en"} {
		if err := db.SetUserLang(ctx, user, lang, user == "slack:U1"); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.RecordFeedbackReason(ctx, q1, "slack", "U2", "nothing about renewals"); err != nil {
		t.Fatal(err)
	}
	aid, err := db.SaveStaffAnswer(ctx, q1, "slack:USTAFF", "Ten years, renewable.")
	if err != nil {
		t.Fatal(err)
	}
	if first, _, err := db.ClaimDraft(ctx, aid); err != nil || !first {
		t.Fatalf("claim draft: %v, %v", first, err)
	}
	if err := db.SetDraftPath(ctx, aid, "drafts/en/how-long-does-a-us-trademark-last.md"); err != nil {
		t.Fatal(err)
	}
	did, err := db.RecordDeflection(ctx, "slack", "en", "en/counterfeit-returns")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.DecideDeflection(ctx, did, ipdesk.DeflectionAnswered); err != nil {
		t.Fatal(err)
	}
	if ok, err := db.ClaimFollowup(ctx, "slack", "U1", time.Now(), time.Now().Add(-24*time.Hour)); err != nil || !ok {
		t.Fatalf("claim follow-up: %v, %v", ok, err)
	}
	if err := db.ScheduleFollowup(ctx, q1, "slack", "U1", time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := db.SetFollowups(ctx, "discord", "42", false); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetLegalHold(ctx, refs[0], true, staff, "chargeback"); err != nil {
		t.Fatal(err)
	}
	return refs
}

// sums returns every copied table's row count and checksum.
func sums(t *testing.T, db dbcopy.Store) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, tb := range dbcopy.Tables {
		s := dbcopy.NewSum(tb)
		if err := db.ReadRows(context.Background(), tb, s.Add); err != nil {
			t.Fatalf("read %s: %v", tb.Name, err)
		}
		out[tb.Name] = fmt.Sprintf("%d %s", s.Rows(), s.Hex())
	}
	return out
}

func openFor(t *testing.T, dsn string) Store {
	t.Helper()
	db, err := openStore(context.Background(), dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// copyDB runs ipdesk db copy and returns its exit code and output.
func copyDB(t *testing.T, from, to string, extra ...string) (int, string) {
	t.Helper()
	code, out, errOut := runMain(t, "", nil, append([]string{"db", "copy", "--from", from, "--to", to}, extra...)...)
	return code, out + errOut
}

// checkCopied checks what db copy printed: every table with its rows.
func checkCopied(t *testing.T, out string, want map[string]string) {
	t.Helper()
	for _, tb := range dbcopy.Tables {
		rows, _, _ := strings.Cut(want[tb.Name], " ")
		if !strings.Contains(out, tb.Name) || !strings.Contains(out, " "+rows+" rows") {
			t.Errorf("output lacks %s with %s rows:\n%s", tb.Name, rows, out)
		}
	}
	if !strings.Contains(out, "every count and checksum matches") {
		t.Errorf("output does not say the copy was verified:\n%s", out)
	}
}

// An installation moves between two SQLite files (no PostgreSQL needed):
// every table arrives, a non-empty target is refused without --force and
// replaced with it.
func TestDBCopySQLiteToSQLite(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	from, to := filepath.Join(dir, "old.db"), filepath.Join(dir, "new.db")
	src := openFor(t, from)
	fillEveryTable(t, src)
	want := sums(t, src)
	src.Close()
	for name, s := range want {
		if strings.HasPrefix(s, "0 ") {
			t.Fatalf("the test leaves %s empty", name)
		}
	}
	code, out := copyDB(t, from, to)
	if code != 0 {
		t.Fatalf("db copy exit %d:\n%s", code, out)
	}
	checkCopied(t, out, want)
	dst := openFor(t, to)
	if got := sums(t, dst); !maps(got, want) {
		t.Errorf("target sums %v, want %v", got, want)
	}
	if q, err := dst.LatestEscalated(context.Background(), "slack", "U1", time.Time{}); err != nil || q.Text != "how long does a US trademark last" {
		t.Errorf("the asker's forwarded question after the copy = %+v, %v", q, err)
	}
	dst.Close()

	code, out = copyDB(t, from, to)
	if code == 0 || !strings.Contains(out, "already holds data") || !strings.Contains(out, "--force") {
		t.Errorf("copy onto a non-empty target: exit %d:\n%s", code, out)
	}
	if code, out := copyDB(t, from, to, "--force"); code != 0 {
		t.Errorf("copy with --force: exit %d:\n%s", code, out)
	}
	if code, out := copyDB(t, from, from); code == 0 || !strings.Contains(out, "same database") {
		t.Errorf("copy onto itself: exit %d:\n%s", code, out)
	}
	if code, out := copyDB(t, filepath.Join(dir, "missing.db"), filepath.Join(dir, "x.db")); code == 0 || !strings.Contains(out, "no database") {
		t.Errorf("copy from a missing file: exit %d:\n%s", code, out)
	}
}

// refsQuestion returns the id of the question fillEveryTable forwarded.
func refsQuestion(t *testing.T, db Store) int64 {
	t.Helper()
	q, err := db.LatestEscalated(context.Background(), "slack", "U1", time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	return q.ID
}

func maps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// An installation moves from SQLite to PostgreSQL and back: counts and
// checksums match at every step, the PostgreSQL copy serves the bot's
// reads and numbers new rows after the copied ones, and the round trip
// ends with the data it began with.
func TestDBCopySQLiteToPostgresAndBack(t *testing.T) {
	pg := pgtest.Schema(t)
	dir := t.TempDir()
	from, back := filepath.Join(dir, "ipdesk.db"), filepath.Join(dir, "back.db")
	src := openFor(t, from)
	refs := fillEveryTable(t, src)
	want := sums(t, src)
	src.Close()

	code, out := copyDB(t, from, pg)
	if code != 0 {
		t.Fatalf("db copy to PostgreSQL exit %d:\n%s", code, out)
	}
	checkCopied(t, out, want)
	if u, err := url.Parse(pg); err == nil {
		if pw, ok := u.User.Password(); ok && strings.Contains(out, pw) {
			t.Errorf("the output shows the password:\n%s", out)
		}
	}
	db := openFor(t, pg)
	if _, ok := db.(*postgres.DB); !ok {
		t.Fatalf("opened %T", db)
	}
	if got := sums(t, db); !maps(got, want) {
		t.Errorf("PostgreSQL sums %v, want %v", got, want)
	}
	ctx := context.Background()
	c, err := db.Complaint(ctx, refs[0])
	if err != nil || c.Status != ipdesk.StatusRejected || c.Decision == nil || c.Decision.Note != "Seen before." {
		t.Fatalf("copied complaint = %+v, %v", c, err)
	}
	trail, err := db.AuditTrail(ctx, refs[1])
	if err != nil || len(trail) != 2 || trail[1].Action != ipdesk.ActionRefused || trail[1].ComplaintID != trail[0].ComplaintID ||
		trail[1].Note != "review.approve  \uFFFD <!channel>" {
		t.Fatalf("copied trail = %+v, %v", trail, err)
	}
	if d, err := db.Draft(ctx, "slack", "U5"); err != nil || d.Answers.Problem != "Fake logo 假货" {
		t.Fatalf("copied draft = %+v, %v", d, err)
	}
	if ok, _ := db.Claim(ctx, "slack:Ev1"); ok {
		t.Error("a copied delivery id was claimable again")
	}
	// The pseudonym secret came along: the question log's askers are
	// still themselves.
	if q, err := db.LatestEscalated(ctx, "slack", "U1", time.Time{}); err != nil || q.Text != "how long does a US trademark last" {
		t.Errorf("the asker's forwarded question after the copy = %+v, %v", q, err)
	}
	// And the question log's conversations are still where they were.
	if qs, err := db.LastQuestions(ctx, "slack", "U1", db.ConversationPseudonym("slack", "U1", "C1", "T1"), time.Time{}, 1); err != nil || len(qs) != 1 || qs[0].Text != "how long does a US trademark last" {
		t.Errorf("the asker's latest question in its thread after the copy = %+v, %v", qs, err)
	}
	if err := db.RecordFeedbackReason(ctx, refsQuestion(t, db), "slack", "U2", "still nothing"); err != nil {
		t.Errorf("the voter's reason after the copy: %v", err)
	}
	if h, err := db.LegalHold(ctx, refs[0]); err != nil || h == nil || h.Reason != "chargeback" {
		t.Errorf("legal hold after the copy = %+v, %v", h, err)
	}
	// New rows are numbered after the copied ones.
	if err := db.SaveDraft(ctx, &ipdesk.Draft{ID: "dnew", Platform: "slack", UserID: "U6", Place: "slack:DU6", Step: "confirm",
		Answers: ipdesk.Complaint{Kind: ipdesk.KindOther, Marketplace: "ebay", Seller: "Other"}}); err != nil {
		t.Fatal(err)
	}
	if c, _, err := db.FileDraft(ctx, "slack", "U6", "dnew"); err != nil || slices.Contains(refs, c.Ref) {
		t.Fatalf("filing after the copy: %+v, %v", c, err)
	}
	if _, err := db.RecordQuestion(ctx, &ipdesk.Question{Platform: "slack", UserID: "U1", Text: "new question", Lang: "en"}); err != nil {
		t.Fatalf("question after the copy: %v", err)
	}
	db.Close()

	// A second copy onto it is refused; with --force it replaces it.
	if code, out := copyDB(t, from, pg); code == 0 || !strings.Contains(out, "complaints (5 rows)") {
		t.Errorf("copy onto a non-empty PostgreSQL: exit %d:\n%s", code, out)
	}
	if code, out := copyDB(t, from, pg, "--force"); code != 0 {
		t.Fatalf("copy with --force: exit %d:\n%s", code, out)
	}

	// And back to a new SQLite file: the same data as at the start.
	if code, out := copyDB(t, pg, back); code != 0 {
		t.Fatalf("db copy back to SQLite exit %d:\n%s", code, out)
	}
	final := openFor(t, back)
	if got := sums(t, final); !maps(got, want) {
		t.Errorf("sums after the round trip %v, want %v", got, want)
	}
	if _, ok := final.(*sqlite.DB); !ok {
		t.Fatalf("opened %T", final)
	}
}
