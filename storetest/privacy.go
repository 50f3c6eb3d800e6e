package storetest

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/dbcopy"
)

// dump returns every row of every table ipdesk db copy moves (but the
// installation's secrets), one line each, to prove what a deletion left.
func dump(t *testing.T, db Store) string {
	t.Helper()
	var b strings.Builder
	for _, tb := range dbcopy.Tables {
		if tb.Seeded {
			continue
		}
		if err := db.ReadRows(ctx, tb, func(row []any) error {
			b.WriteString(tb.Name + ":")
			for _, v := range row {
				if s, ok := v.([]byte); ok {
					v = string(s)
				}
				fmt.Fprintf(&b, " %v", v)
			}
			b.WriteString("\n")
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	return b.String()
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

var privacyStaff = ipdesk.Actor{Key: "slack:USTAFF", Platform: "slack", Role: ipdesk.RoleStaff}

// seedPerson gives user a question with a vote and its reason, follow-ups,
// a chosen language, a filed complaint, a second complaint rejected and
// rated, a draft, a held answer, a message waiting in the outbox and a
// refused attempt on the trail, and returns the two complaints.
func seedPerson(t *testing.T, db Store, clk *Clock, user string) (open, closed *ipdesk.Complaint) {
	t.Helper()
	id, err := db.RecordQuestion(ctx, &ipdesk.Question{Platform: "slack", UserID: user, Text: "can " + user + " sell refurbished phones", Lang: "en",
		Answered: true, Article: "en/resale", Section: "Refurbished goods", Score: 40})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.RecordFeedback(ctx, id, "slack", user, false); err != nil {
		t.Fatal(err)
	}
	if err := db.RecordFeedbackReason(ctx, id, "slack", user, "nothing about "+user+"'s country"); err != nil {
		t.Fatal(err)
	}
	// A follow-up sent and one planned: the user id waits there.
	if err := db.ScheduleFollowup(ctx, id, "slack", user, clk.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if ok, err := db.ClaimFollowup(ctx, "slack", user, clk.Now(), clk.Now().Add(-24*time.Hour)); err != nil || !ok {
		t.Fatalf("claim follow-up = %v, %v", ok, err)
	}
	if err := db.SetUserLang(ctx, "slack:"+user, "zh", true); err != nil {
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
	open, _, err = db.FileDraft(ctx, "slack", user, d.ID)
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
		return c.Apply(ipdesk.Change{Action: ipdesk.ActionReject, By: privacyStaff, Version: c.Version, ReasonCode: "not_counterfeit",
			Note: "The seller of " + user + " showed an invoice."}, clk.Now())
	})
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := db.ClaimRatingRequest(ctx, closed.ID, closed.Ref, privacyStaff.Key); err != nil || !ok {
		t.Fatalf("rating request = %v, %v", ok, err)
	}
	if _, err := db.Rate(ctx, closed.Ref, 2); err != nil {
		t.Fatal(err)
	}
	if err := db.CommentRating(ctx, closed.Ref, "too slow for "+user); err != nil {
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
	if _, err := db.AddOutgoing(ctx, ipdesk.Outgoing{To: "slack:@" + user, About: open.Ref, Body: []byte(`{"text":"receipt for ` + user + `"}`), NextAt: clk.Now()}); err != nil {
		t.Fatal(err)
	}
	if err := db.AppendAudit(ctx, ipdesk.AuditEntry{Ref: "IPD-NONE0", Actor: "slack:" + user, Role: ipdesk.RoleUser, Platform: "slack",
		Action: ipdesk.ActionRefused, Note: "withdraw: not the complainant"}); err != nil {
		t.Fatal(err)
	}
	return open, closed
}

// A deletion request leaves nothing of the person in any table: their
// questions, votes, reasons, follow-ups, draft, held answer and undelivered
// messages are deleted, their complaints anonymised (the open one
// withdrawn), and the trail names them by an anonymous id. Nobody else's
// data goes, and a second request finds nothing.
func testForgetUserLeavesNothingOfThem(t *testing.T, open Opener) {
	clk := NewClock()
	db := open(t, clk.Now)
	opened, closed := seedPerson(t, db, clk, "U100")
	otherOpen, _ := seedPerson(t, db, clk, "U200")
	if err := db.SetCardRef(ctx, opened.Ref, "slack:CREVIEW#1.0"); err != nil {
		t.Fatal(err)
	}
	pseudonym := db.Pseudonym("slack", "U100")

	by := ipdesk.Actor{Key: "slack:U100", Platform: "slack", Role: ipdesk.RoleUser}
	rep, err := db.ForgetUser(ctx, "slack", "U100", by)
	if err != nil {
		t.Fatal(err)
	}
	// Settings: the follow-up planned, the one sent, the language.
	if rep.Questions != 1 || rep.Votes != 1 || rep.Drafts != 1 || rep.Pending != 1 || rep.Outbox != 1 || rep.Settings != 3 ||
		rep.Complaints != 2 || rep.Held != 0 || len(rep.Refs) != 2 {
		t.Errorf("report = %+v", rep)
	}
	all := dump(t, db)
	for _, gone := range []string{"U100", "ORDER-U100", "Signed U100", "logo of U100", "seller of U100", "my receipt U100", "receipt for U100",
		"can U100 sell", "about U100's country", "too slow for U100", pseudonym} {
		if strings.Contains(all, gone) {
			t.Errorf("%q is still in the database:\n%s", gone, grep(all, gone))
		}
	}
	for _, kept := range []string{"U200", "ORDER-U200", "Signed U200", "logo of U200", "my receipt U200", "can U200 sell", "too slow for U200"} {
		if !strings.Contains(all, kept) {
			t.Errorf("%q of another person was deleted", kept)
		}
	}
	anon := db.AnonymousID("slack", "U100")
	if !ipdesk.IsAnonymous(anon) || anon == db.AnonymousID("slack", "U200") {
		t.Fatalf("anonymous ids %q, %q", anon, db.AnonymousID("slack", "U200"))
	}
	for _, ref := range []string{opened.Ref, closed.Ref} {
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
	}
	c, _ := db.Complaint(ctx, opened.Ref)
	if c.Status != ipdesk.StatusWithdrawn || c.Declaration == nil || !c.Declaration.Perjury || c.CardRef == "" {
		t.Errorf("open complaint after forget: status %s, declaration %+v, card %q", c.Status, c.Declaration, c.CardRef)
	}
	if c, _ := db.Complaint(ctx, otherOpen.Ref); c.UserID != "U200" || c.Contact != "buyer@example.com" || c.Status != ipdesk.StatusSubmitted {
		t.Errorf("another person's complaint changed: %+v", c)
	}
	trail, _ := db.AuditTrail(ctx, opened.Ref)
	if got := actionsOf(trail); got != "file,withdraw" || trail[1].Actor != anon {
		t.Errorf("trail of the open complaint = %s, %+v", got, trail)
	}
	priv, _ := db.AuditTrail(ctx, ipdesk.PrivacyRef)
	if len(priv) != 1 || priv[0].Action != ipdesk.ActionDataForget || priv[0].Actor != anon || priv[0].Note != "for "+anon {
		t.Errorf("privacy trail = %+v", priv)
	}
	if lang, _, _ := db.UserLang(ctx, "slack:U100"); lang != "" {
		t.Errorf("their language = %q after forget", lang)
	}
	if lang, _, _ := db.UserLang(ctx, "slack:U200"); lang != "zh" {
		t.Errorf("another person's language = %q", lang)
	}
	rep, err = db.ForgetUser(ctx, "slack", "U100", by)
	if err != nil || !rep.Empty() {
		t.Errorf("second forget = %+v, %v; want nothing found", rep, err)
	}
	if _, err := db.ForgetUser(ctx, "", "", by); ipdesk.ErrorCode(err) != ipdesk.EINVALID {
		t.Errorf("forget nobody: %v", err)
	}
}

// Two replicas carry out the same deletion request at once (the person
// pressed twice): the complaints are withdrawn and anonymised once.
func testForgetUserOnceAcrossReplicas(t *testing.T, open Opener) {
	clk := NewClock()
	replicas := []Store{open(t, clk.Now), open(t, clk.Now)}
	opened, _ := seedPerson(t, replicas[0], clk, "U100")
	by := ipdesk.Actor{Key: "slack:U100", Platform: "slack", Role: ipdesk.RoleUser}
	reps := make([]*ipdesk.ForgetReport, len(replicas))
	var wg sync.WaitGroup
	for i, db := range replicas {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := db.ForgetUser(ctx, "slack", "U100", by)
			if err != nil {
				t.Error(err)
				return
			}
			reps[i] = r
		}()
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	if n := reps[0].Complaints + reps[1].Complaints; n != 2 {
		t.Errorf("complaints anonymised %d and %d times, want 2 in all", reps[0].Complaints, reps[1].Complaints)
	}
	trail, _ := replicas[1].AuditTrail(ctx, opened.Ref)
	if got := actionsOf(trail); got != "file,withdraw" {
		t.Errorf("trail = %s; want one withdrawal", got)
	}
	c, _ := replicas[1].Complaint(ctx, opened.Ref)
	if c.UserID != replicas[1].AnonymousID("slack", "U100") || c.Problem != ipdesk.Removed {
		t.Errorf("complaint = %+v", c)
	}
}

// A case under legal hold keeps its text through a deletion request (its
// complainant's identity still goes); holds are set and released once,
// audited, and refused for an unknown case.
func testLegalHold(t *testing.T, open Opener) {
	clk := NewClock()
	db := open(t, clk.Now)
	opened, closed := seedPerson(t, db, clk, "U100")
	if changed, err := db.SetLegalHold(ctx, closed.Ref, true, privacyStaff, "chargeback dispute"); err != nil || !changed {
		t.Fatalf("hold = %v, %v", changed, err)
	}
	if changed, err := db.SetLegalHold(ctx, closed.Ref, true, privacyStaff, "again"); err != nil || changed {
		t.Errorf("second hold = %v, %v; want no change", changed, err)
	}
	if _, err := db.SetLegalHold(ctx, "IPD-NONE0", true, privacyStaff, "x"); ipdesk.ErrorCode(err) != ipdesk.ENOTFOUND {
		t.Errorf("hold of an unknown case: %v", err)
	}
	if _, err := db.SetLegalHold(ctx, "not a ref", true, privacyStaff, "x"); ipdesk.ErrorCode(err) != ipdesk.EINVALID {
		t.Errorf("hold of no reference: %v", err)
	}
	h, err := db.LegalHold(ctx, closed.Ref)
	if err != nil || h == nil || h.Reason != "chargeback dispute" || h.By != privacyStaff.Key || !h.Since.Equal(clk.Now()) {
		t.Errorf("hold = %+v, %v", h, err)
	}
	if h, err := db.LegalHold(ctx, opened.Ref); err != nil || h != nil {
		t.Errorf("hold of a case never held = %+v, %v", h, err)
	}
	rep, err := db.ForgetUser(ctx, "slack", "U100", privacyStaff)
	if err != nil || rep.Held != 1 || rep.Complaints != 2 {
		t.Fatalf("forget = %+v, %v", rep, err)
	}
	c, _ := db.Complaint(ctx, closed.Ref)
	if c.UserID == "U100" || c.Contact != "" || c.Problem != closed.Problem || c.Decision.Note == ipdesk.Removed {
		t.Errorf("held complaint after forget = %+v %+v", c, c.Decision)
	}
	if c, _ := db.Complaint(ctx, opened.Ref); c.Problem != ipdesk.Removed {
		t.Errorf("complaint not held kept its text %q", c.Problem)
	}
	priv, _ := db.AuditTrail(ctx, ipdesk.PrivacyRef)
	if len(priv) != 1 || priv[0].Actor != privacyStaff.Key {
		t.Errorf("privacy trail = %+v; want the staff member who asked", priv)
	}
	if changed, err := db.SetLegalHold(ctx, closed.Ref, false, privacyStaff, ""); err != nil || !changed {
		t.Errorf("release = %v, %v", changed, err)
	}
	if h, _ := db.LegalHold(ctx, closed.Ref); h != nil {
		t.Errorf("hold after release = %+v", h)
	}
	trail, _ := db.AuditTrail(ctx, closed.Ref)
	if got := actionsOf(trail); !strings.HasSuffix(got, "legal_hold,hold_released") {
		t.Errorf("trail = %s", got)
	}
	// Two staff members hold a case at once on two replicas: one hold.
	other := open(t, clk.Now)
	results := make(chan bool, 2)
	var wg sync.WaitGroup
	for _, r := range []Store{db, other} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			changed, err := r.SetLegalHold(ctx, opened.Ref, true, privacyStaff, "audit")
			if err != nil {
				t.Error(err)
			}
			results <- changed
		}()
	}
	wg.Wait()
	close(results)
	n := 0
	for ch := range results {
		if ch {
			n++
		}
	}
	if trail, _ := db.AuditTrail(ctx, opened.Ref); n != 1 || strings.Count(actionsOf(trail), "legal_hold") != 1 {
		t.Errorf("%d holds reported changed, trail %s; want one", n, actionsOf(trail))
	}
}

// The retention sweep expires the evidence, then anonymises closed
// complaints past their periods, in batches, once each, never a case open
// or under legal hold; evidence files are released only when no complaint
// keeps them.
func testRetentionSweep(t *testing.T, open Opener) {
	clk := NewClock()
	db := open(t, clk.Now)
	opened, old := seedPerson(t, db, clk, "U100")
	_, held := seedPerson(t, db, clk, "U200")
	if _, err := db.SetLegalHold(ctx, held.Ref, true, privacyStaff, "court case"); err != nil {
		t.Fatal(err)
	}
	clk.Add(400 * 24 * time.Hour)
	_, recent := seedPerson(t, db, clk, "U300")

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
	if c, _ := db.Complaint(ctx, held.Ref); c.Evidence[0].Name == ipdesk.Removed {
		t.Error("the evidence of a case under legal hold expired")
	}

	if refs, _, err := db.AnonymiseClosed(ctx, clk.Now().Add(-730*24*time.Hour), 10); err != nil || len(refs) != 0 {
		t.Fatalf("nothing is two years old yet, anonymised %v, %v", refs, err)
	}
	clk.Add(400 * 24 * time.Hour)
	refs, _, err := db.AnonymiseClosed(ctx, clk.Now().Add(-730*24*time.Hour), 10)
	if err != nil || len(refs) != 1 || refs[0] != old.Ref {
		t.Fatalf("anonymised %v, %v; want only %s", refs, err, old.Ref)
	}
	c, _ := db.Complaint(ctx, old.Ref)
	if c.UserID != db.AnonymousID("slack", "U100") || c.Contact != "" || c.Problem != ipdesk.Removed || c.Decision.Note != ipdesk.Removed || c.Seller != "Other Shop" {
		t.Errorf("anonymised complaint = %+v", c)
	}
	for _, keep := range []*ipdesk.Complaint{opened, held, recent} {
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

	// Once no complaint keeps a photo, its SHA-256 is given to delete the
	// kept copy.
	for _, u := range []string{"U100", "U200", "U300"} {
		rep, err := db.ForgetUser(ctx, "slack", u, privacyStaff)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, rep.Files...)
	}
	if len(files) != 0 {
		t.Errorf("files to delete = %v while the held case keeps the photo", files)
	}
	if _, err := db.SetLegalHold(ctx, held.Ref, false, privacyStaff, ""); err != nil {
		t.Fatal(err)
	}
	clk.Add(400 * 24 * time.Hour)
	if _, files, err = db.ExpireEvidence(ctx, clk.Now().Add(-365*24*time.Hour), 10); err != nil || len(files) != 1 || files[0] != strings.Repeat("ab", 32) {
		t.Errorf("files to delete after the hold = %v, %v; want the photo", files, err)
	}
}

// An export holds the person's data and nobody else's: questions with
// votes and reasons, the draft, complaints with their history (staff not
// named, internal notes and others' attempts left out), ratings, a held
// answer and settings; the export is on the trail.
func testExportUser(t *testing.T, open Opener) {
	clk := NewClock()
	db := open(t, clk.Now)
	opened, closed := seedPerson(t, db, clk, "U100")
	seedPerson(t, db, clk, "U200")
	if err := db.AppendAudit(ctx, ipdesk.AuditEntry{Ref: opened.Ref, Actor: privacyStaff.Key, Role: ipdesk.RoleStaff, Platform: "slack",
		Action: ipdesk.ActionNote, Before: string(opened.Status), After: string(opened.Status), Note: "internal: call the seller"}); err != nil {
		t.Fatal(err)
	}
	x, err := db.ExportUser(ctx, "slack", "U100", ipdesk.Actor{Key: "slack:U100", Platform: "slack", Role: ipdesk.RoleUser})
	if err != nil {
		t.Fatal(err)
	}
	if len(x.Questions) != 1 || x.Questions[0].Text != "can U100 sell refurbished phones" || x.Questions[0].Vote != "not helpful" ||
		x.Questions[0].Reason != "nothing about U100's country" || x.Questions[0].Answer != "Refurbished goods" || !x.Questions[0].AskedAt.Equal(t0) {
		t.Errorf("questions = %+v", x.Questions)
	}
	if x.Draft == nil || x.Draft.Seller != "Third Shop" || x.PendingAnswer != "my receipt U100" {
		t.Errorf("draft %+v, pending %q", x.Draft, x.PendingAnswer)
	}
	if len(x.Complaints) != 2 || x.Complaints[0].Ref != opened.Ref || x.Complaints[1].Ref != closed.Ref {
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
	for _, h := range x.Complaints[0].History {
		if h.Action == ipdesk.ActionNote {
			t.Errorf("an internal note is in the export: %+v", h)
		}
	}
	if len(x.Settings) != 1 || x.Settings["language"] != "zh (chosen)" {
		t.Errorf("settings = %v; want the chosen language only", x.Settings)
	}
	if err := db.SetFollowups(ctx, "slack", "U100", false); err != nil {
		t.Fatal(err)
	}
	if x, _ := db.ExportUser(ctx, "slack", "U100", ipdesk.Actor{Key: "slack:U100"}); x.Settings["feedback_followups"] != "off" || len(x.Settings) != 2 {
		t.Errorf("settings after turning follow-ups off = %v", x.Settings)
	}
	priv, _ := db.AuditTrail(ctx, ipdesk.PrivacyRef)
	if len(priv) != 2 || priv[0].Action != ipdesk.ActionDataExport || strings.Contains(priv[0].Actor+priv[0].Note, "U100") {
		t.Errorf("privacy trail = %+v", priv)
	}
	x, err = db.ExportUser(ctx, "discord", "999", ipdesk.Actor{Key: "discord:999", Platform: "discord", Role: ipdesk.RoleUser})
	if err != nil || len(x.Questions) != 0 || len(x.Complaints) != 0 || x.Draft != nil || x.Questions == nil || x.Complaints == nil {
		t.Errorf("empty export = %+v, %v", x, err)
	}
	if _, err := db.ExportUser(ctx, "", "", ipdesk.Actor{}); ipdesk.ErrorCode(err) != ipdesk.EINVALID {
		t.Errorf("export of nobody: %v", err)
	}
}

// Pseudonyms are the same on every replica and after a restart, never the
// plain hash of the user id, and different from the anonymous id.
func testPseudonymsAreStable(t *testing.T, open Opener) {
	clk := NewClock()
	a := open(t, clk.Now)
	p := a.Pseudonym("slack", "U1")
	b := open(t, clk.Now)
	if b.Pseudonym("slack", "U1") != p || p == ipdesk.HashUser("slack", "U1") || p == a.Pseudonym("slack", "U2") ||
		a.AnonymousID("slack", "U1") == p || a.AnonymousID("slack", "U1") != b.AnonymousID("slack", "U1") {
		t.Errorf("pseudonyms %q, %q; anonymous ids %q, %q", p, b.Pseudonym("slack", "U1"), a.AnonymousID("slack", "U1"), b.AnonymousID("slack", "U1"))
	}
	// A vote from one replica on a question logged by another is the
	// asker's.
	id, err := a.RecordQuestion(ctx, &ipdesk.Question{Platform: "slack", UserID: "U1", Text: "what is a design patent", Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.RecordFeedback(ctx, id, "slack", "U1", false); err != nil {
		t.Fatal(err)
	}
	if err := a.RecordFeedbackReason(ctx, id, "slack", "U1", "too short"); err != nil {
		t.Errorf("the reason of the asker's vote from another replica: %v", err)
	}
}
