package sqlite

import (
	"context"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode/utf8"

	"github.com/ipdesk/ipdesk"
)

// TestQuestionsMigrationOnOlderFile opens a file created by a binary that
// had every migration but 0002 (it was numbered before 0003 but written
// after it), and checks that the next open adds the question tables and
// keeps what was there.
func TestQuestionsMigrationOnOlderFile(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ipdesk.db")
	older := fstest.MapFS{}
	names, err := fs.Glob(migrationFS, "migration/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		// That binary had 0001 and 0003 to 0005; later ones (such as an
		// index on the questions table) came after 0002 was added. The
		// columns this code writes on complaints (0007 on) are given to
		// it, so that the test can file a complaint in the older file; the
		// privacy and learning ones (0080 to 0089) and the conversation
		// of a question (0094), which change the question tables, came
		// after 0002 too.
		if strings.Contains(n, "0002_") || strings.Contains(n, "0006_") || (n >= "migration/0080" && n < "migration/0090") ||
			strings.Contains(n, "0094_") {
			continue
		}
		data, _ := fs.ReadFile(migrationFS, n)
		older[n] = &fstest.MapFile{Data: data}
	}
	if older["migration/0001_deliveries.sql"] == nil || older["migration/0002_questions.sql"] != nil || older["migration/0080_privacy.sql"] != nil ||
		older["migration/0094_question_conversation.sql"] != nil {
		t.Fatalf("older set = %v, want all but 0002, 0006, 0080 to 0089 and 0094", older)
	}
	db, err := open(ctx, path, older)
	if err != nil {
		t.Fatal(err)
	}
	if tableNames(t, db)["questions"] {
		t.Fatal("questions table exists without its migration")
	}
	c := fileOne(t, db, "draft1", "consumer1", "ACME Store")
	db.Close()

	db = openAt(t, path)
	defer db.Close()
	for _, tbl := range []string{"questions", "question_feedback", "complaints"} {
		if !tableNames(t, db)[tbl] {
			t.Errorf("table %s missing after upgrade", tbl)
		}
	}
	var n int
	if err := db.db.QueryRow(`SELECT COUNT(*) FROM migrations WHERE name = 'migration/0002_questions.sql'`).Scan(&n); err != nil || n != 1 {
		t.Errorf("0002 recorded %d times (%v), want 1", n, err)
	}
	if got, err := db.Complaint(ctx, c.Ref); err != nil || got.Seller != "ACME Store" {
		t.Errorf("complaint after upgrade: %+v, %v", got, err)
	}
	if _, err := db.RecordQuestion(ctx, &ipdesk.Question{Platform: "slack", UserID: "U1", Text: "how long does a trademark last", Lang: "en"}); err != nil {
		t.Errorf("record after upgrade: %v", err)
	}
}

func ask(t *testing.T, db *DB, user, text string, answered bool) int64 {
	t.Helper()
	q := &ipdesk.Question{Platform: "slack", UserID: user, Text: text, Lang: "en", Answered: answered}
	if answered {
		q.Article, q.Section, q.Score = "en/tm-us", "Trademarks in the US › How long it lasts", 7.5
	}
	id, err := db.RecordQuestion(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestRecordQuestionKeepsNoUserID(t *testing.T) {
	db := openTest(t)
	clk := withClock(db)
	ctx := context.Background()
	// 1,200 characters, 2,400 bytes: kept from its beginning and its end.
	long := strings.Repeat("é", 600) + strings.Repeat("ü", 600)
	id, err := db.RecordQuestion(ctx, &ipdesk.Question{Platform: "discord", UserID: "123456789", Text: "  " + long + "  ", Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	q, err := db.Question(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if want, _ := ipdesk.ClipQuestion(long); q.Text != want || utf8.RuneCountInString(q.Text) > ipdesk.MaxQuestionText || !strings.HasPrefix(q.Text, "éé") || !strings.HasSuffix(q.Text, "üü") {
		t.Errorf("stored text is %d characters, want at most 1,000 from its beginning and end", utf8.RuneCountInString(q.Text))
	}
	if q.UserID != "" || q.UserHash != db.Pseudonym("discord", "123456789") || q.UserHash == ipdesk.HashUser("discord", "123456789") || !q.AskedAt.Equal(clk.Now()) || !q.Escalated.IsZero() {
		t.Errorf("question = %+v", q)
	}
	var raw int
	db.db.QueryRow(`SELECT COUNT(*) FROM questions WHERE user_hash LIKE '%123456789%' OR text LIKE '%123456789%'`).Scan(&raw)
	if raw != 0 {
		t.Error("the user id is stored in clear")
	}
	if _, err := db.Question(ctx, id+1); ipdesk.ErrorCode(err) != ipdesk.ENOTFOUND {
		t.Errorf("missing question: %v, want ENOTFOUND", err)
	}
	for _, bad := range []ipdesk.Question{{Platform: "slack", UserID: "U1", Text: "   "}, {UserID: "U1", Text: "x"}, {Platform: "slack", Text: "x"}} {
		if _, err := db.RecordQuestion(ctx, &bad); ipdesk.ErrorCode(err) != ipdesk.EINVALID {
			t.Errorf("RecordQuestion(%+v) = %v, want EINVALID", bad, err)
		}
	}
}

func TestFeedbackOneVotePerPerson(t *testing.T) {
	db := openTest(t)
	clk := withClock(db)
	ctx := context.Background()
	id := ask(t, db, "U1", "how long does a us trademark last", true)
	vote := func(user string, helpful, wantChanged bool) {
		t.Helper()
		changed, err := db.RecordFeedback(ctx, id, "slack", user, helpful)
		if err != nil || changed != wantChanged {
			t.Fatalf("vote %s %v: changed %v, %v; want %v", user, helpful, changed, err, wantChanged)
		}
		clk.Add(time.Minute)
	}
	vote("U1", false, false)
	vote("U1", false, false) // pressed twice: still one vote
	vote("U2", false, false)
	vote("U3", true, false)
	vote("U1", true, true) // changed their mind
	list, err := db.UnhelpfulAnswers(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Unhelpful != 1 || list[0].Helpful != 2 || list[0].Article != "en/tm-us" ||
		list[0].Example != "how long does a us trademark last" || !list[0].LastVote.Equal(t0.Add(2*time.Minute)) {
		t.Fatalf("unhelpful = %+v", list)
	}
	if _, err := db.RecordFeedback(ctx, id+99, "slack", "U1", true); ipdesk.ErrorCode(err) != ipdesk.ENOTFOUND {
		t.Errorf("vote on a missing question: %v, want ENOTFOUND", err)
	}
}

func TestUnhelpfulAnswersOrder(t *testing.T) {
	db := openTest(t)
	clk := withClock(db)
	ctx := context.Background()
	a := ask(t, db, "U1", "tm fees", true)
	b, err := db.RecordQuestion(ctx, &ipdesk.Question{Platform: "slack", UserID: "U2", Text: "what is a vero notice", Lang: "en",
		Answered: true, Article: "en/ebay-vero", Section: "eBay VeRO"})
	if err != nil {
		t.Fatal(err)
	}
	c := ask(t, db, "U3", "does my trademark expire", true)
	for _, v := range []struct {
		q    int64
		user string
	}{{b, "U1"}, {a, "U2"}, {c, "U3"}} {
		clk.Add(time.Minute)
		if _, err := db.RecordFeedback(ctx, v.q, "slack", v.user, false); err != nil {
			t.Fatal(err)
		}
	}
	list, err := db.UnhelpfulAnswers(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].Article != "en/tm-us" || list[0].Unhelpful != 2 || list[0].Example != "does my trademark expire" ||
		list[1].Article != "en/ebay-vero" || list[1].Unhelpful != 1 {
		t.Fatalf("unhelpful = %+v", list)
	}
	if list, _ := db.UnhelpfulAnswers(ctx, 1); len(list) != 1 {
		t.Errorf("limit 1 gave %d rows", len(list))
	}
}

func TestQuestionGapsGroupWordings(t *testing.T) {
	db := openTest(t)
	clk := withClock(db)
	ctx := context.Background()
	for _, text := range []string{
		"What are shipping rates to Canada?", "what are shipping rates to canada", "WHAT ARE  SHIPPING RATES TO CANADA!!",
		"what is the VAT rate", "what is the vat rate?",
		"tell me a joke",
		"运费是多少？", "运费是多少",
	} {
		clk.Add(time.Minute)
		ask(t, db, "U1", text, false)
	}
	ask(t, db, "U2", "how long does a trademark last", true) // answered: not a gap
	gaps, err := db.QuestionGaps(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	want := []ipdesk.QuestionGap{
		{Text: "WHAT ARE  SHIPPING RATES TO CANADA!!", Count: 3, LastAsked: t0.Add(3 * time.Minute)},
		{Text: "运费是多少", Count: 2, LastAsked: t0.Add(8 * time.Minute)},
		{Text: "what is the vat rate?", Count: 2, LastAsked: t0.Add(5 * time.Minute)},
		{Text: "tell me a joke", Count: 1, LastAsked: t0.Add(6 * time.Minute)},
	}
	if len(gaps) != len(want) {
		t.Fatalf("gaps = %+v", gaps)
	}
	for i := range want {
		if gaps[i].Text != want[i].Text || gaps[i].Count != want[i].Count || !gaps[i].LastAsked.Equal(want[i].LastAsked) {
			t.Errorf("gap %d = %+v, want %+v", i, gaps[i], want[i])
		}
	}
	if gaps, _ := db.QuestionGaps(ctx, 2); len(gaps) != 2 {
		t.Errorf("limit 2 gave %d", len(gaps))
	}
}

func TestEscalateQuestionOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ipdesk.db")
	db := openAt(t, path)
	withClock(db)
	ctx := context.Background()
	id := ask(t, db, "U1", "can I sell a parallel import", true)
	if first, err := db.EscalateQuestion(ctx, id); err != nil || !first {
		t.Fatalf("first escalation: %v, %v", first, err)
	}
	db.Close()
	db = openAt(t, path) // a restart does not forget it
	defer db.Close()
	if first, err := db.EscalateQuestion(ctx, id); err != nil || first {
		t.Fatalf("second escalation: %v, %v; want not first", first, err)
	}
	if q, _ := db.Question(ctx, id); q.Escalated.IsZero() {
		t.Error("escalation time not kept")
	}
	if err := db.UnescalateQuestion(ctx, id); err != nil {
		t.Fatal(err)
	}
	if first, err := db.EscalateQuestion(ctx, id); err != nil || !first {
		t.Fatalf("escalation after undo: %v, %v", first, err)
	}
	if _, err := db.EscalateQuestion(ctx, id+5); ipdesk.ErrorCode(err) != ipdesk.ENOTFOUND {
		t.Errorf("escalate missing: %v", err)
	}
}
