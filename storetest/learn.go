package storetest

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk"
)

// A language the person chose is never replaced by one detected from what
// they write, on any replica; a detected one is replaced, and goes with
// the question log's retention while a chosen one stays.
func testUserLangs(t *testing.T, open Opener) {
	clk := NewClock()
	db := open(t, clk.Now)
	if lang, chosen, err := db.UserLang(ctx, "slack:U1"); err != nil || lang != "" || chosen {
		t.Fatalf("unknown person = %q, %v, %v", lang, chosen, err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(db.SetUserLang(ctx, "slack:U1", "zh", false))
	must(db.SetUserLang(ctx, "slack:U1", "en", false))
	if lang, chosen, _ := db.UserLang(ctx, "slack:U1"); lang != "en" || chosen {
		t.Errorf("after two detections = %q, %v; want the latest", lang, chosen)
	}
	must(db.SetUserLang(ctx, "slack:U1", "zh", true))
	other := open(t, clk.Now)
	must(other.SetUserLang(ctx, "slack:U1", "en", false))
	if lang, chosen, _ := other.UserLang(ctx, "slack:U1"); lang != "zh" || !chosen {
		t.Errorf("a detection replaced the choice: %q, %v", lang, chosen)
	}
	must(other.SetUserLang(ctx, "slack:U1", "en", true))
	if lang, _, _ := db.UserLang(ctx, "slack:U1"); lang != "en" {
		t.Errorf("a new choice = %q", lang)
	}
	// Detections and a choice racing on replicas: the choice stands.
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := []Store{db, other}[i%2]
			if err := r.SetUserLang(ctx, "discord:42", "en", i == 7); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	must(db.SetUserLang(ctx, "discord:42", "zh", false))
	if _, chosen, _ := db.UserLang(ctx, "discord:42"); !chosen {
		t.Error("a detection replaced a choice made at the same time")
	}
	// "user" is a keyword of SQL: hostile and odd ids are kept as given.
	for _, user := range []string{"slack:<!channel>", "discord:@everyone", "console:" + strings.Repeat("é", 300), "slack:'; DROP TABLE user_langs; --"} {
		must(db.SetUserLang(ctx, user, "zh", true))
		if lang, _, err := db.UserLang(ctx, user); err != nil || lang != "zh" {
			t.Errorf("%q = %q, %v", user, lang, err)
		}
	}
	must(db.SetUserLang(ctx, "slack:U2", "zh", false))
	clk.Add(200 * 24 * time.Hour)
	if _, err := db.PruneQuestions(ctx, clk.Now().Add(-180*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if lang, _, _ := db.UserLang(ctx, "slack:U2"); lang != "" {
		t.Errorf("a detected language outlived the question log: %q", lang)
	}
	if lang, _, _ := db.UserLang(ctx, "slack:U1"); lang != "en" {
		t.Errorf("a chosen language went with the question log: %q", lang)
	}
}

// A reason goes only with the person's own not-helpful vote; kb gaps shows
// the latest three per answer; a helpful vote clears it.
func testFeedbackReasons(t *testing.T, open Opener) {
	clk := NewClock()
	db := open(t, clk.Now)
	ids := make([]int64, 5)
	for i := range ids {
		var err error
		ids[i], err = db.RecordQuestion(ctx, &ipdesk.Question{Platform: "slack", UserID: "U" + string(rune('1'+i)), Text: "how long does a trademark last",
			Lang: "en", Answered: true, Article: "en/tm-us", Section: "How long", Score: 30})
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := db.RecordFeedbackReason(ctx, ids[0], "slack", "U1", "no vote yet"); ipdesk.ErrorCode(err) != ipdesk.ENOTFOUND {
		t.Errorf("reason without a vote: %v", err)
	}
	for i, id := range ids {
		user := "U" + string(rune('1'+i))
		if _, err := db.RecordFeedback(ctx, id, "slack", user, false); err != nil {
			t.Fatal(err)
		}
		clk.Add(time.Minute)
		if err := db.RecordFeedbackReason(ctx, id, "slack", user, "reason "+user); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.RecordFeedbackReason(ctx, ids[0], "slack", "U9", "not the asker"); ipdesk.ErrorCode(err) != ipdesk.ENOTFOUND {
		t.Errorf("a reason on a vote that is not theirs: %v", err)
	}
	bad, err := db.UnhelpfulAnswers(ctx, 10)
	if err != nil || len(bad) != 1 {
		t.Fatalf("unhelpful = %+v, %v", bad, err)
	}
	if got := strings.Join(bad[0].Reasons, "|"); got != "reason U5|reason U4|reason U3" {
		t.Errorf("reasons = %q; want the latest three, newest first", got)
	}
	// A helpful vote clears the reason; voting not helpful again does not
	// bring it back.
	if _, err := db.RecordFeedback(ctx, ids[4], "slack", "U5", true); err != nil {
		t.Fatal(err)
	}
	if _, err := db.RecordFeedback(ctx, ids[4], "slack", "U5", false); err != nil {
		t.Fatal(err)
	}
	bad, _ = db.UnhelpfulAnswers(ctx, 10)
	if got := strings.Join(bad[0].Reasons, "|"); got != "reason U4|reason U3|reason U2" {
		t.Errorf("reasons after a helpful vote = %q", got)
	}
	if err := db.RecordFeedbackReason(ctx, ids[4], "slack", "U5", "<!channel> "+strings.Repeat("x", 300)+"\x00"); err != nil {
		t.Errorf("a hostile reason: %v", err)
	}
}

// A staff answer to a forwarded question is kept with it; saving it as a
// draft is claimed once across replicas, can be released and claimed
// again, and goes with the question.
func testStaffAnswersAndDraftClaims(t *testing.T, open Opener) {
	clk := NewClock()
	db := open(t, clk.Now)
	if _, err := db.LatestEscalated(ctx, "slack", "U1", t0.Add(-time.Hour)); ipdesk.ErrorCode(err) != ipdesk.ENOTFOUND {
		t.Errorf("nothing forwarded: %v", err)
	}
	var ids []int64
	for _, text := range []string{"can I sell a used handbag", "is a parody design allowed"} {
		id, err := db.RecordQuestion(ctx, &ipdesk.Question{Platform: "slack", UserID: "U1", Text: text, Lang: "en"})
		if err != nil {
			t.Fatal(err)
		}
		if first, err := db.EscalateQuestion(ctx, id); err != nil || !first {
			t.Fatalf("escalate = %v, %v", first, err)
		}
		ids = append(ids, id)
		clk.Add(time.Minute)
	}
	q, err := db.LatestEscalated(ctx, "slack", "U1", t0.Add(-time.Hour))
	if err != nil || q.ID != ids[1] {
		t.Fatalf("latest forwarded = %+v, %v; want question %d", q, err, ids[1])
	}
	if _, err := db.LatestEscalated(ctx, "slack", "U1", clk.Now()); ipdesk.ErrorCode(err) != ipdesk.ENOTFOUND {
		t.Errorf("forwarded before since: %v", err)
	}
	if _, err := db.SaveStaffAnswer(ctx, ids[1], "slack:USTAFF", "   "); ipdesk.ErrorCode(err) != ipdesk.EINVALID {
		t.Errorf("empty staff answer: %v", err)
	}
	aid, err := db.SaveStaffAnswer(ctx, ids[1], "slack:USTAFF", "  Parody can be fair use in the US; see the article on it.  ")
	if err != nil {
		t.Fatal(err)
	}
	a, err := db.StaffAnswer(ctx, aid)
	if err != nil || a.Text != "Parody can be fair use in the US; see the article on it." || a.Staff != "slack:USTAFF" || a.Question == nil ||
		a.Question.Text != "is a parody design allowed" || !a.At.Equal(clk.Now()) || a.DraftPath != "" {
		t.Fatalf("staff answer = %+v, %v", a, err)
	}
	// Staff press "Save as article draft" on several replicas at once.
	replicas := []Store{db, open(t, clk.Now), open(t, clk.Now)}
	var wg sync.WaitGroup
	firsts := make(chan bool, 9)
	for i := range 9 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			first, _, err := replicas[i%3].ClaimDraft(ctx, aid)
			if err != nil {
				t.Error(err)
			}
			firsts <- first
		}()
	}
	wg.Wait()
	close(firsts)
	n := 0
	for f := range firsts {
		if f {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d first claims of one draft, want 1", n)
	}
	if err := db.SetDraftPath(ctx, aid, "drafts/en/parody-design.md"); err != nil {
		t.Fatal(err)
	}
	if first, path, err := replicas[1].ClaimDraft(ctx, aid); err != nil || first || path != "drafts/en/parody-design.md" {
		t.Errorf("claim after saving = %v, %q, %v", first, path, err)
	}
	// Writing the file failed: the claim is released and taken again.
	if err := db.SetDraftPath(ctx, aid, ""); err != nil {
		t.Fatal(err)
	}
	if first, _, err := replicas[2].ClaimDraft(ctx, aid); err != nil || !first {
		t.Errorf("claim after a release = %v, %v", first, err)
	}
	if _, _, err := db.ClaimDraft(ctx, aid+100); ipdesk.ErrorCode(err) != ipdesk.ENOTFOUND {
		t.Errorf("claim of no answer: %v", err)
	}
	// The answer goes with its question.
	clk.Add(200 * 24 * time.Hour)
	if _, err := db.PruneQuestions(ctx, clk.Now().Add(-180*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.StaffAnswer(ctx, aid); ipdesk.ErrorCode(err) != ipdesk.ENOTFOUND {
		t.Errorf("staff answer after its question went: %v", err)
	}
	if _, _, err := db.ClaimDraft(ctx, aid); ipdesk.ErrorCode(err) != ipdesk.ENOTFOUND {
		t.Errorf("claim after its question went: %v", err)
	}
}

// An article offered before a complaint is decided once, whichever button
// is pressed first on whichever replica, and counted.
func testDeflections(t *testing.T, open Opener) {
	clk := NewClock()
	db := open(t, clk.Now)
	other := open(t, clk.Now)
	var ids []int64
	for _, lang := range []string{"en", "zh", "en", "en"} {
		id, err := db.RecordDeflection(ctx, "slack", lang, lang+"/counterfeit-returns")
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	var wg sync.WaitGroup
	firsts := make(chan bool, 8)
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			outcome := ipdesk.DeflectionContinued
			if i%2 == 1 {
				outcome = ipdesk.DeflectionAnswered
			}
			first, err := []Store{db, other}[i%2].DecideDeflection(ctx, ids[0], outcome)
			if err != nil {
				t.Error(err)
			}
			firsts <- first
		}()
	}
	wg.Wait()
	close(firsts)
	n := 0
	for f := range firsts {
		if f {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d first decisions of one offer, want 1", n)
	}
	if first, err := other.DecideDeflection(ctx, ids[1], ipdesk.DeflectionAnswered); err != nil || !first {
		t.Errorf("decide = %v, %v", first, err)
	}
	if first, err := other.DecideDeflection(ctx, ids[2], ipdesk.DeflectionContinued); err != nil || !first {
		t.Errorf("decide = %v, %v", first, err)
	}
	if _, err := db.DecideDeflection(ctx, ids[3], "maybe"); err == nil {
		t.Error("an unknown outcome was recorded")
	}
	if first, err := db.DecideDeflection(ctx, ids[3]+100, ipdesk.DeflectionAnswered); err != nil || first {
		t.Errorf("decide an offer never made = %v, %v", first, err)
	}
	st, err := other.DeflectionStats(ctx, t0)
	if err != nil {
		t.Fatal(err)
	}
	// The first offer is continued or answered, whichever won.
	if st.Offered != 4 || st.Continued+st.Answered != 3 || st.Answered < 1 || st.Continued < 1 || !st.Since.Equal(t0) {
		t.Errorf("stats = %+v", st)
	}
	clk.Add(31 * 24 * time.Hour)
	if st, _ := db.DeflectionStats(ctx, clk.Now().Add(-30*24*time.Hour)); st.Offered != 0 {
		t.Errorf("offers older than the window counted: %+v", st)
	}
}

// "Did this answer help?": one follow-up a day per person, about their
// latest unrated answer, never after they voted or turned follow-ups off,
// claimed once when replicas run the round at once; old ones are pruned.
func testFeedbackFollowups(t *testing.T, open Opener) {
	clk := NewClock()
	db := open(t, clk.Now)
	ask := func(user, text string) int64 {
		t.Helper()
		id, err := db.RecordQuestion(ctx, &ipdesk.Question{Platform: "slack", UserID: user, Text: text, Lang: "en", Answered: true, Article: "en/a", Section: "S"})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.ScheduleFollowup(ctx, id, "slack", user, clk.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		return id
	}
	q1 := ask("U1", "first question")
	clk.Add(time.Minute)
	q2 := ask("U1", "second question")
	q3 := ask("U2", "a question voted on")
	ask("U3", "a question of someone who turned them off")
	if err := db.ScheduleFollowup(ctx, q1, "slack", "U1", clk.Now()); err != nil {
		t.Errorf("planning the same follow-up again: %v", err)
	}
	if _, err := db.RecordFeedback(ctx, q3, "slack", "U2", true); err != nil {
		t.Fatal(err)
	}
	if err := db.SetFollowups(ctx, "slack", "U3", false); err != nil {
		t.Fatal(err)
	}
	if off, err := db.FollowupsOff(ctx, "slack", "U3"); err != nil || !off {
		t.Errorf("U3 off = %v, %v", off, err)
	}
	if off, err := db.FollowupsOff(ctx, "slack", "U1"); err != nil || off {
		t.Errorf("U1 off = %v, %v", off, err)
	}
	if due, err := db.DueFollowups(ctx, clk.Now(), clk.Now().Add(-24*time.Hour)); err != nil || len(due) != 0 {
		t.Errorf("due before their time = %+v, %v", due, err)
	}
	clk.Add(2 * time.Hour)
	day := clk.Now().Add(-24 * time.Hour)
	due, err := db.DueFollowups(ctx, clk.Now(), day)
	if err != nil || len(due) != 1 || due[0].QuestionID != q2 || due[0].UserID != "U1" || due[0].Platform != "slack" {
		t.Fatalf("due = %+v, %v; want U1's latest question only", due, err)
	}
	// Two replicas run the round at once: one follow-up.
	replicas := []Store{db, open(t, clk.Now)}
	claims := make(chan bool, 6)
	var wg sync.WaitGroup
	for i := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok, err := replicas[i%2].ClaimFollowup(ctx, "slack", "U1", clk.Now(), day)
			if err != nil {
				t.Error(err)
			}
			claims <- ok
		}()
	}
	wg.Wait()
	close(claims)
	n := 0
	for ok := range claims {
		if ok {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d claims of one follow-up, want 1", n)
	}
	if due, _ := db.DueFollowups(ctx, clk.Now(), day); len(due) != 0 {
		t.Errorf("due after the claim = %+v", due)
	}
	// The next day, a new answer is followed up again.
	clk.Add(25 * time.Hour)
	q4 := ask("U1", "a question the next day")
	clk.Add(2 * time.Hour)
	if due, _ := db.DueFollowups(ctx, clk.Now(), clk.Now().Add(-24*time.Hour)); len(due) != 1 || due[0].QuestionID != q4 {
		t.Errorf("due the next day = %+v", due)
	}
	if err := db.SetFollowups(ctx, "slack", "U3", true); err != nil {
		t.Fatal(err)
	}
	if off, _ := db.FollowupsOff(ctx, "slack", "U3"); off {
		t.Error("follow-ups still off after turning them on")
	}
	clk.Add(3 * 24 * time.Hour)
	if n, err := db.PruneFollowups(ctx, clk.Now().Add(-2*24*time.Hour)); err != nil || n < 3 {
		t.Errorf("pruned %d, %v; want the old follow-ups and the sent marks", n, err)
	}
	if due, _ := db.DueFollowups(ctx, clk.Now(), clk.Now().Add(-24*time.Hour)); len(due) != 0 {
		t.Errorf("due after pruning = %+v", due)
	}
}
