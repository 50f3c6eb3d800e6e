package sqlite

import (
	"context"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/ipdesk/ipdesk"
)

// dbText returns every value of every row of every table but the
// migrations and the secret, as text: what a copy of the database file
// would reveal, to search for what must be gone.
func dbText(t *testing.T, db *DB) string {
	t.Helper()
	var b strings.Builder
	for name := range tableNames(t, db) {
		if name == "migrations" || name == "install_secrets" || strings.HasPrefix(name, "sqlite_") {
			continue
		}
		rows, err := db.db.Query(`SELECT * FROM ` + name)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "%s:", name)
			for _, v := range vals {
				if s, ok := v.([]byte); ok {
					v = string(s)
				}
				fmt.Fprintf(&b, " %v", v)
			}
			b.WriteString("\n")
		}
		rows.Close()
	}
	return b.String()
}

func TestPseudonymMigrationRekeysTheQuestionLog(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ipdesk.db")
	older := fstest.MapFS{}
	names, _ := fs.Glob(migrationFS, "migration/*.sql")
	for _, n := range names {
		if n < "migration/0080" {
			data, _ := fs.ReadFile(migrationFS, n)
			older[n] = &fstest.MapFile{Data: data}
		}
	}
	db, err := open(ctx, path, older)
	if err != nil {
		t.Fatal(err)
	}
	// Rows as the binary before pseudonyms had a secret logged them.
	legacy := ipdesk.HashUser("slack", "U1")
	for i, text := range []string{"how long does a trademark last", "what is a design patent"} {
		if _, err := db.db.Exec(`INSERT INTO questions (id, platform, user_hash, text, normalized, lang, answered, asked_at) VALUES (?, 'slack', ?, ?, ?, 'en', 1, ?)`,
			i+1, legacy, text, text, formatTime(t0)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.db.Exec(`INSERT INTO question_feedback (question_id, user_hash, helpful, voted_at) VALUES (1, ?, 0, ?)`, legacy, formatTime(t0)); err != nil {
		t.Fatal(err)
	}
	db.Close()

	db = openAt(t, path)
	p := db.Pseudonym("slack", "U1")
	if p == legacy || len(db.secret) != ipdesk.SecretSize {
		t.Fatalf("pseudonym %q (legacy %q), secret of %d bytes", p, legacy, len(db.secret))
	}
	if strings.Contains(dbText(t, db), legacy) {
		t.Error("the unsalted hash is still in the database")
	}
	q, err := db.Question(ctx, 1)
	if err != nil || q.UserHash != p {
		t.Fatalf("question 1 = %+v, %v; want the asker's pseudonym", q, err)
	}
	// The earlier vote is still the same person's: voting again changes it.
	if changed, err := db.RecordFeedback(ctx, 1, "slack", "U1", true); err != nil || !changed {
		t.Errorf("vote again = %v, %v; want a change of the rekeyed vote", changed, err)
	}
	db.Close()

	// The secret is made once: a reopen keys the same person the same way.
	db = openAt(t, path)
	defer db.Close()
	if got := db.Pseudonym("slack", "U1"); got != p {
		t.Errorf("pseudonym after reopen %q, want %q", got, p)
	}
	other := openTest(t)
	if other.Pseudonym("slack", "U1") == p {
		t.Error("two installations give a person the same pseudonym")
	}
}

// seedPerson gives user a question with a vote, a filed complaint, a
// second complaint, a draft, a held answer and a message waiting in the
// outbox, and returns the complaints.
func seedPerson(t *testing.T, db *DB, user string) (open, closed *ipdesk.Complaint) {
	t.Helper()
	ctx := context.Background()
	id := ask(t, db, user, "can "+user+" sell refurbished phones", true)
	if _, err := db.RecordFeedback(ctx, id, "slack", user, false); err != nil {
		t.Fatal(err)
	}
	if err := db.RecordFeedbackReason(ctx, id, "slack", user, "nothing about "+user+"'s country"); err != nil {
		t.Fatal(err)
	}
	// A follow-up planned and one sent: the user id waits there.
	if err := db.ScheduleFollowup(ctx, id, "slack", user, db.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if ok, err := db.ClaimFollowup(ctx, "slack", user, db.Now(), db.Now().Add(-24*time.Hour)); err != nil || !ok {
		t.Fatalf("claim follow-up = %v, %v", ok, err)
	}
	if err := db.ScheduleFollowup(ctx, id, "slack", user, db.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	// Draft ids are random in the bot; here they must not hold the id.
	did := strings.ReplaceAll(user, "U", "x")
	d := testDraft("d-"+did, user, "ACME Store")
	d.Platform, d.Place = "slack", "slack:@"+user
	d.Answers.OrderNumber = "ORDER-" + user
	d.Answers.Declaration = &ipdesk.Declaration{GoodFaith: true, Accurate: true, Perjury: true, Signature: "Signed " + user, SignedAt: t0}
	d.Answers.Problem = "The logo of " + user + " is misprinted."
	if err := db.SaveDraft(ctx, d); err != nil {
		t.Fatal(err)
	}
	open, _, err := db.FileDraft(ctx, "slack", user, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	d2 := testDraft("d2-"+did, user, "Other Shop")
	d2.Platform, d2.Place = "slack", "slack:@"+user
	if err := db.SaveDraft(ctx, d2); err != nil {
		t.Fatal(err)
	}
	closed, _, err = db.FileDraft(ctx, "slack", user, d2.ID)
	if err != nil {
		t.Fatal(err)
	}
	closed, err = db.UpdateComplaint(ctx, closed.Ref, func(c *ipdesk.Complaint) (ipdesk.AuditEntry, error) {
		return c.Apply(ipdesk.Change{Action: ipdesk.ActionReject, By: ipdesk.Actor{Key: "slack:USTAFF", Platform: "slack", Role: ipdesk.RoleStaff},
			Version: c.Version, ReasonCode: "not_counterfeit", Note: "The seller of " + user + " showed an invoice."}, db.Now())
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.db.Exec(`INSERT INTO ratings (complaint_id, ref, staff, asked_at, score, comment, rated_at) VALUES (?, ?, 'slack:USTAFF', ?, 2, ?, ?)`,
		closed.ID, closed.Ref, formatTime(db.Now()), "too slow for "+user, formatTime(db.Now())); err != nil {
		t.Fatal(err)
	}
	d3 := testDraft("d3-"+did, user, "Third Shop")
	d3.Platform, d3.Place = "slack", "slack:@"+user
	if err := db.SaveDraft(ctx, d3); err != nil {
		t.Fatal(err)
	}
	if err := db.SavePendingAnswer(ctx, &ipdesk.PendingAnswer{Platform: "slack", UserID: user, Ref: open.Ref, Mode: ipdesk.AnswerConfirm, Text: "my receipt " + user}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddOutgoing(ctx, ipdesk.Outgoing{To: "slack:@" + user, About: open.Ref, Body: []byte(`{"text":"receipt for ` + user + `"}`), NextAt: db.Now()}); err != nil {
		t.Fatal(err)
	}
	if err := db.AppendAudit(ctx, ipdesk.AuditEntry{Ref: "IPD-NONE0", Actor: "slack:" + user, Role: ipdesk.RoleUser, Platform: "slack", Action: ipdesk.ActionRefused, Note: "withdraw: not the complainant"}); err != nil {
		t.Fatal(err)
	}
	return open, closed
}

func TestForgetUserLeavesNothingOfThem(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	withClock(db)
	open, closed := seedPerson(t, db, "U100")
	otherOpen, _ := seedPerson(t, db, "U200")
	if err := db.SetCardRef(ctx, open.Ref, "slack:CREVIEW#1.0"); err != nil {
		t.Fatal(err)
	}

	by := ipdesk.Actor{Key: "slack:U100", Platform: "slack", Role: ipdesk.RoleUser}
	rep, err := db.ForgetUser(ctx, "slack", "U100", by)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Questions != 1 || rep.Votes != 1 || rep.Drafts != 1 || rep.Pending != 1 || rep.Outbox != 1 || rep.Settings != 2 || rep.Complaints != 2 || rep.Held != 0 || len(rep.Refs) != 2 {
		t.Errorf("report = %+v", rep)
	}
	all := dbText(t, db)
	for _, gone := range []string{"U100", "ORDER-U100", "Signed U100", "logo of U100", "seller of U100", "my receipt U100", "receipt for U100",
		"can U100 sell", "about U100's country", db.Pseudonym("slack", "U100")} {
		if strings.Contains(all, gone) {
			t.Errorf("%q is still in the database:\n%s", gone, grep(all, gone))
		}
	}
	// Nobody else's data went.
	for _, kept := range []string{"U200", "ORDER-U200", "Signed U200", "logo of U200", "my receipt U200", "can U200 sell"} {
		if !strings.Contains(all, kept) {
			t.Errorf("%q of another person was deleted", kept)
		}
	}
	// The complaints remain, anonymised; the open one was withdrawn.
	anon := db.AnonymousID("slack", "U100")
	for _, ref := range []string{open.Ref, closed.Ref} {
		c, err := db.Complaint(ctx, ref)
		if err != nil {
			t.Fatal(err)
		}
		if c.UserID != anon || c.Contact != "" || c.Consent || c.Problem != ipdesk.Removed || c.Seller == "" || c.Status.Open() {
			t.Errorf("%s after forget = %+v", ref, c)
		}
		if c.Decision != nil && c.Decision.Note != ipdesk.Removed {
			t.Errorf("%s keeps the decision's note %q", ref, c.Decision.Note)
		}
		if c.CardRef == "" && ref == open.Ref {
			t.Error("the card reference went, so the card cannot be redrawn")
		}
	}
	if c, _ := db.Complaint(ctx, open.Ref); c.Status != ipdesk.StatusWithdrawn || c.Declaration == nil || !c.Declaration.Perjury {
		t.Errorf("open complaint after forget: status %s, declaration %+v", c.Status, c.Declaration)
	}
	if c, _ := db.Complaint(ctx, otherOpen.Ref); c.UserID != "U200" || c.Contact != "buyer@example.com" || c.Status != ipdesk.StatusSubmitted {
		t.Errorf("another person's complaint changed: %+v", c)
	}
	// The trail says what happened to the complaint, and that a request
	// was carried out, not what was deleted.
	trail, _ := db.AuditTrail(ctx, open.Ref)
	if got := actionsOf(trail); got != "file,withdraw" || trail[1].Actor != anon {
		t.Errorf("trail of the open complaint = %s, %+v", got, trail)
	}
	priv, _ := db.AuditTrail(ctx, ipdesk.PrivacyRef)
	if len(priv) != 1 || priv[0].Action != ipdesk.ActionDataForget || priv[0].Actor != anon || priv[0].Note != "for "+anon {
		t.Errorf("privacy trail = %+v", priv)
	}
	// A second request finds nothing more and is recorded too.
	rep, err = db.ForgetUser(ctx, "slack", "U100", by)
	if err != nil || !rep.Empty() {
		t.Errorf("second forget = %+v, %v; want nothing found", rep, err)
	}
	// Filing repeat counts still count the forgotten complainant once.
	if n := strings.Count(dbText(t, db), anon); n == 0 {
		t.Error("the anonymous id is nowhere")
	}
}

func grep(all, s string) string {
	var out []string
	for _, l := range strings.Split(all, "\n") {
		if strings.Contains(l, s) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

func actionsOf(tr []ipdesk.AuditEntry) string {
	var s []string
	for _, e := range tr {
		s = append(s, string(e.Action))
	}
	return strings.Join(s, ",")
}

func TestForgetKeepsTheTextOfACaseUnderLegalHold(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	withClock(db)
	open, closed := seedPerson(t, db, "U100")
	staff := ipdesk.Actor{Key: "slack:USTAFF", Platform: "slack", Role: ipdesk.RoleStaff}
	if changed, err := db.SetLegalHold(ctx, closed.Ref, true, staff, "chargeback dispute"); err != nil || !changed {
		t.Fatalf("hold = %v, %v", changed, err)
	}
	if changed, err := db.SetLegalHold(ctx, closed.Ref, true, staff, "again"); err != nil || changed {
		t.Errorf("second hold = %v, %v; want no change", changed, err)
	}
	if _, err := db.SetLegalHold(ctx, "IPD-NONE0", true, staff, "x"); ipdesk.ErrorCode(err) != ipdesk.ENOTFOUND {
		t.Errorf("hold of an unknown case: %v", err)
	}
	rep, err := db.ForgetUser(ctx, "slack", "U100", staff)
	if err != nil || rep.Held != 1 || rep.Complaints != 2 {
		t.Fatalf("forget = %+v, %v", rep, err)
	}
	c, _ := db.Complaint(ctx, closed.Ref)
	if c.UserID == "U100" || c.Contact != "" || c.Problem != closed.Problem || c.Decision.Note == ipdesk.Removed {
		t.Errorf("held complaint after forget = %+v %+v", c, c.Decision)
	}
	if c, _ := db.Complaint(ctx, open.Ref); c.Problem != ipdesk.Removed {
		t.Errorf("complaint not held kept its text %q", c.Problem)
	}
	// Staff asked: the trail names them.
	priv, _ := db.AuditTrail(ctx, ipdesk.PrivacyRef)
	if len(priv) != 1 || priv[0].Actor != "slack:USTAFF" {
		t.Errorf("privacy trail = %+v", priv)
	}
	h, err := db.LegalHold(ctx, closed.Ref)
	if err != nil || h == nil || h.Reason != "chargeback dispute" || h.By != "slack:USTAFF" {
		t.Errorf("hold = %+v, %v", h, err)
	}
	if changed, err := db.SetLegalHold(ctx, closed.Ref, false, staff, ""); err != nil || !changed {
		t.Errorf("release = %v, %v", changed, err)
	}
	if h, _ := db.LegalHold(ctx, closed.Ref); h != nil {
		t.Errorf("hold after release = %+v", h)
	}
	trail, _ := db.AuditTrail(ctx, closed.Ref)
	if got := actionsOf(trail); !strings.HasSuffix(got, "legal_hold,withdraw,hold_released") && !strings.HasSuffix(got, "legal_hold,hold_released") {
		t.Errorf("trail = %s", got)
	}
}

func TestRetentionAnonymisesOldClosedComplaints(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	clk := withClock(db)
	open, old := seedPerson(t, db, "U100")
	_, held := seedPerson(t, db, "U200")
	staff := ipdesk.Actor{Key: "slack:USTAFF", Platform: "slack", Role: ipdesk.RoleStaff}
	if _, err := db.SetLegalHold(ctx, held.Ref, true, staff, "court case"); err != nil {
		t.Fatal(err)
	}
	clk.Add(400 * 24 * time.Hour)
	_, recent := seedPerson(t, db, "U300")

	// Evidence first: the year-old cases lose their file names and
	// links; the recent one and the held one keep theirs.
	n, files, err := db.ExpireEvidence(ctx, clk.Now().Add(-365*24*time.Hour), 1)
	if err != nil || n != 1 {
		t.Fatalf("expire evidence = %d, %v", n, err)
	}
	if len(files) != 0 {
		t.Errorf("files %v may go, but other complaints keep the same photo", files)
	}
	if n, _, err = db.ExpireEvidence(ctx, clk.Now().Add(-365*24*time.Hour), 10); err != nil || n != 0 {
		t.Errorf("second batch = %d, %v; want nothing left", n, err)
	}
	if c, _ := db.Complaint(ctx, old.Ref); c.Evidence[0].Name != ipdesk.Removed || c.Evidence[0].SHA256 == "" || c.UserID != "U100" {
		t.Errorf("old complaint after evidence expiry = %+v", c)
	}

	refs, _, err := db.AnonymiseClosed(ctx, clk.Now().Add(-730*24*time.Hour), 10)
	if err != nil || len(refs) != 0 {
		t.Fatalf("nothing is two years old yet, anonymised %v, %v", refs, err)
	}
	clk.Add(400 * 24 * time.Hour)
	refs, _, err = db.AnonymiseClosed(ctx, clk.Now().Add(-730*24*time.Hour), 10)
	if err != nil || len(refs) != 1 || refs[0] != old.Ref {
		t.Fatalf("anonymised %v, %v; want only %s", refs, err, old.Ref)
	}
	c, _ := db.Complaint(ctx, old.Ref)
	if c.UserID != db.AnonymousID("slack", "U100") || c.Contact != "" || c.Problem != ipdesk.Removed || c.Decision.Note != ipdesk.Removed || c.Seller != "Other Shop" {
		t.Errorf("anonymised complaint = %+v", c)
	}
	for _, keep := range []*ipdesk.Complaint{open, held, recent} {
		if c, _ := db.Complaint(ctx, keep.Ref); ipdesk.IsAnonymous(c.UserID) || c.Problem == ipdesk.Removed {
			t.Errorf("%s (status %s) was anonymised", keep.Ref, c.Status)
		}
	}
	trail, _ := db.AuditTrail(ctx, old.Ref)
	for _, e := range trail {
		if e.Actor == "slack:U100" || strings.Contains(e.Note, "invoice") {
			t.Errorf("trail row still names the complainant or their text: %+v", e)
		}
	}
	if refs, _, err = db.AnonymiseClosed(ctx, clk.Now().Add(-730*24*time.Hour), 10); err != nil || len(refs) != 0 {
		t.Errorf("second sweep anonymised %v, %v", refs, err)
	}
}

func TestExpiredEvidenceFilesNobodyKeeps(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	clk := withClock(db)
	open, closed := seedPerson(t, db, "U100")
	clk.Add(400 * 24 * time.Hour)
	// The open complaint holds the same photo: the copy stays.
	_, files, err := db.ExpireEvidence(ctx, clk.Now().Add(-365*24*time.Hour), 10)
	if err != nil || len(files) != 0 {
		t.Fatalf("files to delete = %v, %v; want none while a complaint keeps it", files, err)
	}
	if c, _ := db.Complaint(ctx, closed.Ref); c.Evidence[0].Name != ipdesk.Removed || c.Evidence[0].SHA256 != open.Evidence[0].SHA256 || c.Evidence[0].Size != 1234 {
		t.Errorf("evidence after expiry = %+v; want the record without the name", c.Evidence)
	}
	// Once nothing keeps it, its SHA-256 is given to delete the copy.
	rep, err := db.ForgetUser(ctx, "slack", "U100", ipdesk.Actor{Key: "slack:U100", Platform: "slack", Role: ipdesk.RoleUser})
	if err != nil || len(rep.Files) != 1 || rep.Files[0] != strings.Repeat("ab", 32) {
		t.Fatalf("files to delete = %+v, %v", rep, err)
	}
}

func TestExportUserHoldsTheirDataOnly(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	withClock(db)
	open, closed := seedPerson(t, db, "U100")
	seedPerson(t, db, "U200")
	x, err := db.ExportUser(ctx, "slack", "U100", ipdesk.Actor{Key: "slack:U100", Platform: "slack", Role: ipdesk.RoleUser})
	if err != nil {
		t.Fatal(err)
	}
	if len(x.Questions) != 1 || x.Questions[0].Text != "can U100 sell refurbished phones" || x.Questions[0].Vote != "not helpful" || x.Questions[0].Reason != "nothing about U100's country" {
		t.Errorf("questions = %+v", x.Questions)
	}
	if x.Draft == nil || x.Draft.Seller != "Third Shop" || x.PendingAnswer != "my receipt U100" {
		t.Errorf("draft %+v, pending %q", x.Draft, x.PendingAnswer)
	}
	if len(x.Complaints) != 2 || x.Complaints[0].Ref != open.Ref || x.Complaints[1].Ref != closed.Ref {
		t.Fatalf("complaints = %+v", x.Complaints)
	}
	c := x.Complaints[1]
	if c.Rating == nil || c.Rating.Score != 2 || c.Rating.Comment != "too slow for U100" {
		t.Errorf("rating in export = %+v", c.Rating)
	}
	if c.Contact != "buyer@example.com" || c.Decision.By != "staff" || c.Decision.Note == "" {
		t.Errorf("closed complaint in export = %+v %+v", c.Complaint, c.Decision)
	}
	var by []string
	for _, h := range c.History {
		by = append(by, h.By+":"+string(h.Action))
	}
	if strings.Join(by, ",") != "you:file,staff:reject" {
		t.Errorf("history = %v", by)
	}
	if x.Settings != nil {
		t.Errorf("settings = %v before turning anything off", x.Settings)
	}
	if err := db.SetFollowups(ctx, "slack", "U100", false); err != nil {
		t.Fatal(err)
	}
	if x, _ := db.ExportUser(ctx, "slack", "U100", ipdesk.Actor{Key: "slack:U100"}); x.Settings["feedback_followups"] != "off" {
		t.Errorf("settings after turning follow-ups off = %v", x.Settings)
	}
	// Staff of the export are not named; the trail records the export.
	priv, _ := db.AuditTrail(ctx, ipdesk.PrivacyRef)
	if len(priv) != 2 || priv[0].Action != ipdesk.ActionDataExport || strings.Contains(priv[0].Actor+priv[0].Note, "U100") {
		t.Errorf("privacy trail = %+v", priv)
	}
	// Someone with nothing held gets an empty export, not an error.
	x, err = db.ExportUser(ctx, "discord", "999", ipdesk.Actor{Key: "discord:999", Platform: "discord", Role: ipdesk.RoleUser})
	if err != nil || len(x.Questions) != 0 || len(x.Complaints) != 0 || x.Draft != nil {
		t.Errorf("empty export = %+v, %v", x, err)
	}
	if _, err := db.ExportUser(ctx, "", "", ipdesk.Actor{}); ipdesk.ErrorCode(err) != ipdesk.EINVALID {
		t.Errorf("export of nobody: %v", err)
	}
}

func TestAuditRedactionIsTheOnlyUpdate(t *testing.T) {
	db := openTest(t)
	c := fileOne(t, db, "d1", "consumer1", "ACME")
	for _, stmt := range []string{
		`UPDATE audit SET note = 'x'`,
		`UPDATE audit SET action = 'approve'`,
		`UPDATE audit SET actor = 'console:someone'`,
		`UPDATE audit SET after = 'approved', actor = 'anon-1'`,
	} {
		if _, err := db.db.Exec(stmt); err == nil {
			t.Errorf("%s: allowed", stmt)
		}
	}
	if _, err := db.db.Exec(`UPDATE audit SET actor = 'anon-0123', note = '(removed)' WHERE complaint_id = ?`, c.ID); err != nil {
		t.Errorf("redaction refused: %v", err)
	}
	if _, err := db.db.Exec(`DELETE FROM audit`); err == nil {
		t.Error("audit rows deleted")
	}
	var n int
	if err := db.db.QueryRow(`SELECT COUNT(*) FROM audit WHERE actor = 'anon-0123'`).Scan(&n); err != nil || n != 1 {
		t.Errorf("redacted rows %d, %v", n, err)
	}
}
