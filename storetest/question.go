package storetest

import (
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/ipdesk/ipdesk"
)

func ask(t *testing.T, db Store, user, text string, answered bool) int64 {
	t.Helper()
	q := &ipdesk.Question{Platform: "slack", UserID: user, Text: text, Lang: "en", Answered: answered}
	if answered {
		q.Article, q.Section, q.Score = "en/tm-us", "Trademarks in the US › How long it lasts", 7.5
	}
	id, err := db.RecordQuestion(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func testRecordQuestionKeepsNoUserID(t *testing.T, open Opener) {
	clk := NewClock()
	db := open(t, clk.Now)
	// 1,200 characters, 2,400 bytes: kept from its beginning and its end.
	long := strings.Repeat("é", 600) + strings.Repeat("ü", 600)
	id, err := db.RecordQuestion(ctx, &ipdesk.Question{Platform: "discord", UserID: "123456789", Text: "  " + long + "  ", Lang: "en",
		Answered: true, Article: "en/tm-us", Section: "How long", Score: 7.25})
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
	// The asker is kept as the installation's pseudonym of them, which
	// no one can compute from a guessed user id without its secret.
	if q.UserID != "" || q.UserHash != db.Pseudonym("discord", "123456789") || q.UserHash == ipdesk.HashUser("discord", "123456789") ||
		strings.Contains(q.UserHash, "123456789") || !q.AskedAt.Equal(clk.Now()) || !q.Escalated.IsZero() ||
		!q.Answered || q.Article != "en/tm-us" || q.Section != "How long" || q.Score != 7.25 || q.Lang != "en" || q.Platform != "discord" {
		t.Errorf("question = %+v", q)
	}
	if _, err := db.Question(ctx, id+1); ipdesk.ErrorCode(err) != ipdesk.ENOTFOUND {
		t.Errorf("missing question: %v, want ENOTFOUND", err)
	}
	for _, bad := range []ipdesk.Question{{Platform: "slack", UserID: "U1", Text: "   "}, {UserID: "U1", Text: "x"}, {Platform: "slack", Text: "x"}} {
		if _, err := db.RecordQuestion(ctx, &bad); ipdesk.ErrorCode(err) != ipdesk.EINVALID {
			t.Errorf("RecordQuestion(%+v) = %v, want EINVALID", bad, err)
		}
	}
	// What a chat client can send is logged, not refused.
	hid, err := db.RecordQuestion(ctx, &ipdesk.Question{Platform: "discord", UserID: "1", Text: hostile, Lang: "en"})
	if err != nil {
		t.Fatalf("hostile question: %v", err)
	}
	if hq, err := db.Question(ctx, hid); err != nil || !strings.Contains(hq.Text, "@everyone <!channel>") || !strings.Contains(hq.Text, "投诉") {
		t.Errorf("hostile question came back as %q, %v", hq.Text, err)
	}
}

func testFeedbackOneVotePerPerson(t *testing.T, open Opener) {
	clk := NewClock()
	db := open(t, clk.Now)
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

func testUnhelpfulAnswersOrder(t *testing.T, open Opener) {
	clk := NewClock()
	db := open(t, clk.Now)
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

func testQuestionGapsGroupWordings(t *testing.T, open Opener) {
	clk := NewClock()
	db := open(t, clk.Now)
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

func testEscalateQuestionOnce(t *testing.T, open Opener) {
	clk := NewClock()
	db := open(t, clk.Now)
	id := ask(t, db, "U1", "can I sell a parallel import", true)
	if first, err := db.EscalateQuestion(ctx, id); err != nil || !first {
		t.Fatalf("first escalation: %v, %v", first, err)
	}
	db.Close()
	db = open(t, clk.Now) // a restart, or another replica, does not forget it
	if first, err := db.EscalateQuestion(ctx, id); err != nil || first {
		t.Fatalf("second escalation: %v, %v; want not first", first, err)
	}
	if q, _ := db.Question(ctx, id); !q.Escalated.Equal(t0) {
		t.Errorf("escalation time %v, want %v", q.Escalated, t0)
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

func testPruneQuestions(t *testing.T, open Opener) {
	clk := NewClock()
	db := open(t, clk.Now)
	old := ask(t, db, "U1", "an old question", true)
	if _, err := db.RecordFeedback(ctx, old, "slack", "U2", false); err != nil {
		t.Fatal(err)
	}
	clk.Add(200 * 24 * time.Hour)
	recent := ask(t, db, "U1", "a recent question", false)
	n, err := db.PruneQuestions(ctx, clk.Now().Add(-180*24*time.Hour))
	if err != nil || n != 1 {
		t.Fatalf("pruned %d, %v; want 1", n, err)
	}
	if _, err := db.Question(ctx, old); ipdesk.ErrorCode(err) != ipdesk.ENOTFOUND {
		t.Errorf("old question kept: %v", err)
	}
	if _, err := db.Question(ctx, recent); err != nil {
		t.Errorf("recent question pruned: %v", err)
	}
	if list, _ := db.UnhelpfulAnswers(ctx, 10); len(list) != 0 {
		t.Errorf("feedback on a pruned question kept: %+v", list)
	}
	if n, err := db.PruneQuestions(ctx, clk.Now().Add(-180*24*time.Hour)); err != nil || n != 0 {
		t.Errorf("second prune = %d, %v", n, err)
	}
}

// A person's latest question in a conversation, asked at or after a time,
// is what a short question is read as a follow-up of when the process
// that answered the one before it is gone (a restart, or another
// replica): that person's only, on that platform only, where the same
// user id is someone else, and in that conversation only, so that a
// question asked in private is never quoted in a channel.
func testLastQuestion(t *testing.T, open Opener) {
	clk := NewClock()
	db := open(t, clk.Now)
	dm := db.ConversationPseudonym("slack", "U1", "D1", "")
	if _, err := db.LastQuestion(ctx, "slack", "U1", dm, t0.Add(-time.Hour)); ipdesk.ErrorCode(err) != ipdesk.ENOTFOUND {
		t.Errorf("no questions: %v, want ENOTFOUND", err)
	}
	askIn := func(platform, user, conversation, text string) int64 {
		t.Helper()
		id, err := db.RecordQuestion(ctx, &ipdesk.Question{Platform: platform, UserID: user, Conversation: conversation, Text: text, Lang: "en", Answered: true,
			Article: "en/tm-us", Section: "Trademarks in the US › How long it lasts", Score: 7.5})
		if err != nil {
			t.Fatal(err)
		}
		clk.Add(time.Minute)
		return id
	}
	askIn("slack", "U1", dm, "an older question")
	askIn("slack", "U2", db.ConversationPseudonym("slack", "U2", "D2", ""), "a question of someone else")
	latest := askIn("slack", "U1", dm, "how long does a US trademark last?")
	onDiscord := askIn("discord", "U1", db.ConversationPseudonym("discord", "U1", "D1", ""), "a question on another platform")
	other := askIn("slack", "U2", db.ConversationPseudonym("slack", "U2", "D2", ""), "the latest question of someone else")
	// The same person, later, in a channel and in a thread of it; and
	// someone else in that channel.
	inChannel := askIn("slack", "U1", db.ConversationPseudonym("slack", "U1", "C1", ""), "a question in a channel")
	inThread := askIn("slack", "U1", db.ConversationPseudonym("slack", "U1", "C1", "T1"), "a question in a thread")
	othersInChannel := askIn("slack", "U2", db.ConversationPseudonym("slack", "U2", "C1", ""), "someone else's question in the channel")
	// A question logged without a conversation, as every question logged
	// before conversations were kept was.
	askIn("slack", "U1", "", "a question from before conversations were kept")

	db.Close()
	db = open(t, clk.Now) // a restart, or another replica, finds them
	if db.ConversationPseudonym("slack", "U1", "D1", "") != dm {
		t.Fatal("the conversation's key changed when the store was opened again")
	}
	q, err := db.LastQuestion(ctx, "slack", "U1", dm, t0)
	if err != nil {
		t.Fatal(err)
	}
	if q.ID != latest || q.Text != "how long does a US trademark last?" || q.Platform != "slack" || q.UserID != "" ||
		q.UserHash != db.Pseudonym("slack", "U1") || q.Conversation != dm || !q.AskedAt.Equal(t0.Add(2*time.Minute)) || q.Lang != "en" || !q.Answered ||
		q.Article != "en/tm-us" || q.Section != "Trademarks in the US › How long it lasts" || q.Score != 7.5 || !q.Escalated.IsZero() {
		t.Errorf("last question of slack U1 in a direct message = %+v, want question %d as asked", q, latest)
	}
	if q, err := db.Question(ctx, inThread); err != nil || q.Conversation != db.ConversationPseudonym("slack", "U1", "C1", "T1") {
		t.Errorf("question asked in a thread = %+v, %v; want it with its conversation", q, err)
	}
	for _, c := range []struct {
		platform, user, channel, thread string
		want                            int64
	}{
		{"discord", "U1", "D1", "", onDiscord},
		{"slack", "U2", "D2", "", other},
		{"slack", "U1", "C1", "", inChannel},
		{"slack", "U1", "C1", "T1", inThread},
		{"slack", "U2", "C1", "", othersInChannel},
	} {
		conv := db.ConversationPseudonym(c.platform, c.user, c.channel, c.thread)
		if q, err := db.LastQuestion(ctx, c.platform, c.user, conv, t0); err != nil || q.ID != c.want {
			t.Errorf("last question of %s %s in %s/%s = %+v, %v; want question %d", c.platform, c.user, c.channel, c.thread, q, err, c.want)
		}
	}
	// since is inclusive: a question asked at it counts, one before it
	// does not.
	if q, err := db.LastQuestion(ctx, "slack", "U1", dm, t0.Add(2*time.Minute)); err != nil || q.ID != latest {
		t.Errorf("question asked at since = %+v, %v; want question %d", q, err, latest)
	}
	for _, c := range []struct {
		why, platform, user, conversation string
		since                             time.Time
	}{
		{"asked before since", "slack", "U1", dm, t0.Add(2*time.Minute + time.Microsecond)},
		{"someone who asked nothing", "slack", "U3", db.ConversationPseudonym("slack", "U3", "D1", ""), t0},
		{"no question on that platform", "discord", "U2", db.ConversationPseudonym("discord", "U2", "D2", ""), t0},
		// One person's conversation is not another's, in the same channel
		// either way round.
		{"another person's conversation", "slack", "U1", db.ConversationPseudonym("slack", "U2", "C1", ""), t0},
		{"a conversation where the person never asked", "slack", "U1", db.ConversationPseudonym("slack", "U1", "C2", ""), t0},
		{"another thread of the channel", "slack", "U1", db.ConversationPseudonym("slack", "U1", "C1", "T2"), t0},
		// Questions without a conversation are never found, not even
		// under the empty one.
		{"no conversation", "slack", "U1", "", t0},
	} {
		if q, err := db.LastQuestion(ctx, c.platform, c.user, c.conversation, c.since); ipdesk.ErrorCode(err) != ipdesk.ENOTFOUND {
			t.Errorf("%s: last question of %s %s = %+v, %v; want ENOTFOUND", c.why, c.platform, c.user, q, err)
		}
	}
	// Two questions asked at the same instant: the one logged last.
	now := clk.Now()
	conv := db.ConversationPseudonym("slack", "U3", "D3", "")
	if _, err := db.RecordQuestion(ctx, &ipdesk.Question{Platform: "slack", UserID: "U3", Conversation: conv, Text: "first of two", Lang: "en"}); err != nil {
		t.Fatal(err)
	}
	second, err := db.RecordQuestion(ctx, &ipdesk.Question{Platform: "slack", UserID: "U3", Conversation: conv, Text: "second of two", Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	if q, err := db.LastQuestion(ctx, "slack", "U3", conv, now); err != nil || q.ID != second || q.Text != "second of two" {
		t.Errorf("last of two at one instant = %+v, %v; want question %d", q, err, second)
	}
	// The latest few, the latest first: a chain of follow-ups is read
	// again from them. Only that conversation's, from since on.
	chain := db.ConversationPseudonym("slack", "U4", "C9", "T9")
	var ids []int64
	for _, text := range []string{"too early", "how long does a US trademark last?", "and in China?", "and the EU?"} {
		ids = append(ids, askIn("slack", "U4", chain, text))
	}
	askIn("slack", "U4", db.ConversationPseudonym("slack", "U4", "C9", ""), "in the channel, not the thread")
	from := clk.Now().Add(-4 * time.Minute) // when the second was asked
	for _, c := range []struct {
		limit int
		want  []int64
	}{
		{10, []int64{ids[3], ids[2], ids[1]}},
		{2, []int64{ids[3], ids[2]}},
		{0, nil},
	} {
		qs, err := db.LastQuestions(ctx, "slack", "U4", chain, from, c.limit)
		var got []int64
		for _, q := range qs {
			got = append(got, q.ID)
		}
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("last %d questions = %v, %v; want %v", c.limit, got, err, c.want)
		}
	}
	if qs, err := db.LastQuestions(ctx, "slack", "U4", chain, from, 1); err != nil || len(qs) != 1 || qs[0].Text != "and the EU?" || qs[0].Conversation != chain {
		t.Errorf("latest question = %+v, %v", qs, err)
	}
	if qs, err := db.LastQuestions(ctx, "slack", "U4", "", from, 5); err != nil || len(qs) != 0 {
		t.Errorf("no conversation: %d questions, %v; want none", len(qs), err)
	}
}

// A conversation's key is the same on every replica and after a restart,
// for one person in one channel and thread; different for another person,
// channel, thread or platform; and neither the channel's id nor the
// person's pseudonym.
func testConversationPseudonym(t *testing.T, open Opener) {
	clk := NewClock()
	a := open(t, clk.Now)
	k := a.ConversationPseudonym("slack", "U1", "C0123ABC", "1700000000.000100")
	if b := open(t, clk.Now); k == "" || b.ConversationPseudonym("slack", "U1", "C0123ABC", "1700000000.000100") != k {
		t.Fatalf("conversation key %q is not the same on another replica", k)
	}
	for _, other := range []string{
		a.ConversationPseudonym("slack", "U2", "C0123ABC", "1700000000.000100"),
		a.ConversationPseudonym("slack", "U1", "C0456DEF", "1700000000.000100"),
		a.ConversationPseudonym("slack", "U1", "C0123ABC", ""),
		a.ConversationPseudonym("discord", "U1", "C0123ABC", "1700000000.000100"),
		a.Pseudonym("slack", "U1"),
	} {
		if other == k {
			t.Errorf("conversation key %q stands for something else too", k)
		}
	}
	if strings.Contains(k, "C0123ABC") || strings.Contains(k, "U1") || strings.Contains(k, "1700000000") {
		t.Errorf("conversation key %q shows what it stands for", k)
	}
}
