package handlers_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/bottest"
	"github.com/ipdesk/ipdesk/handlers"
	"github.com/ipdesk/ipdesk/i18n"
	"github.com/ipdesk/ipdesk/knowledge"
	"github.com/ipdesk/ipdesk/sqlite"
)

// newFollowupHarness is the ask harness with follow-ups, on a clock the
// test moves.
func newFollowupHarness(t *testing.T, off bool) (*askHarness, *handlers.Followups, *clock) {
	t.Helper()
	ctx := context.Background()
	clk := &clock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "ipdesk.db"))
	if err != nil {
		t.Fatal(err)
	}
	db.Now = clk.Now
	t.Cleanup(func() { db.Close() })
	index, err := knowledge.Open(ctx, knowledge.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { index.Close() })
	rec := bottest.NewRecorder()
	ask, err := handlers.NewAsk(handlers.AskConfig{Index: index, Store: db, Sender: rec, Review: review, Logger: discard()})
	if err != nil {
		t.Fatal(err)
	}
	f, err := handlers.NewFollowups(handlers.FollowupsConfig{Store: db, Sender: rec, Ask: ask, Off: off, Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	mux := bot.NewMux()
	ask.Register(mux)
	f.Register(mux)
	return &askHarness{t: t, db: db, index: index, rec: rec, mux: mux, h: bot.Chain(mux, bot.ShowErrors(discard()))}, f, clk
}

func tick(t *testing.T, f *handlers.Followups) int {
	t.Helper()
	n, err := f.Tick(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestFollowupOnceADayAfterAnUnratedAnswer(t *testing.T) {
	h, f, clk := newFollowupHarness(t, false)
	dm := bot.DirectTo(bot.Console, "seller1")
	h.say("seller1", "how long does a US trademark last?")
	clk.Add(30 * time.Minute)
	if n := tick(t, f); n != 0 {
		t.Fatalf("%d follow-ups half an hour after the answer", n)
	}
	clk.Add(time.Hour)
	if n := tick(t, f); n != 1 {
		t.Fatalf("%d follow-ups after an hour and a half, want 1", n)
	}
	fu := h.rec.SentTo(dm)
	if len(fu) != 1 {
		t.Fatalf("%d messages in the DM", len(fu))
	}
	mustContain(t, "follow-up", fu[0], "Did my answer help?", "how long does a US trademark last?", "Trademarks in the US")
	// A second answer the same day: no second follow-up, then or later
	// that day; the next day it comes.
	h.say("seller1", "what is the Madrid system?")
	clk.Add(2 * time.Hour)
	if n := tick(t, f); n != 0 {
		t.Fatalf("a second follow-up the same day")
	}
	clk.Add(22 * time.Hour)
	if n := tick(t, f); n != 1 {
		t.Fatalf("no follow-up the next day")
	}
	// Its buttons rate the answer, as the asker.
	second := h.rec.SentTo(dm)[1]
	mustContain(t, "second", second, "Madrid")
	mustContain(t, "vote", h.press("seller1", second, "Helpful"), "glad it helped")
	// A rated answer is not followed up.
	clk.Add(25 * time.Hour)
	h.press("seller1", h.say("seller1", "how long does a US trademark last?"), "Not helpful")
	clk.Add(2 * time.Hour)
	if n := tick(t, f); n != 0 {
		t.Fatal("a rated answer was followed up")
	}
	// Nor one older than two days.
	h.say("seller1", "what is the Madrid system?")
	clk.Add(3 * 24 * time.Hour)
	if n := tick(t, f); n != 0 {
		t.Fatal("a three-day-old answer was followed up")
	}
}

func TestFollowupsCanBeTurnedOff(t *testing.T) {
	h, f, clk := newFollowupHarness(t, false)
	h.say("seller1", "how long does a US trademark last?")
	clk.Add(2 * time.Hour)
	tick(t, f)
	fu := h.rec.SentTo(bot.DirectTo(bot.Console, "seller1"))[0]
	mustContain(t, "off", h.press("seller1", fu, "Don't ask me again"), "won't ask again")
	mustContain(t, "status", h.say("seller1", "feedback"), "off for you")
	clk.Add(25 * time.Hour)
	h.say("seller1", "what is the Madrid system?")
	clk.Add(2 * time.Hour)
	if n := tick(t, f); n != 0 {
		t.Fatal("followed up after turning them off")
	}
	mustContain(t, "on", h.say("seller1", "feedback on"), "at most once a day")
	h.say("seller1", "how long does a China trademark last?")
	clk.Add(2 * time.Hour)
	if n := tick(t, f); n != 1 {
		t.Fatal("no follow-up after turning them on again")
	}
	// Other words after it make a question.
	if r := bottest.Text(h.say("seller1", "feedback on a US trademark renewal: how long does it last?")); !strings.Contains(r, "Trademarks in the US") {
		t.Errorf("a question starting with feedback was not answered:\n%s", r)
	}

	// The operator's switch: nothing planned, nothing sent.
	h2, f2, clk2 := newFollowupHarness(t, true)
	h2.say("seller1", "how long does a US trademark last?")
	clk2.Add(2 * time.Hour)
	if n := tick(t, f2); n != 0 || len(h2.rec.Sent()) != 0 {
		t.Fatal("a follow-up was sent with follow-ups off")
	}
	if r := bottest.Text(h2.say("seller1", "feedback")); !strings.Contains(r, "off for everyone") {
		t.Errorf("feedback with the switch off: %s", r)
	}
}

// TestFollowupInChinese checks that a question asked in Chinese is
// followed up in Chinese, with Chinese buttons that work, and that the
// setting answers in Chinese.
func TestFollowupInChinese(t *testing.T) {
	h, f, clk := newFollowupHarness(t, false)
	dm := bot.DirectTo(bot.Console, "seller1")
	h.say("seller1", "中国商标多少年续展一次？")
	clk.Add(2 * time.Hour)
	if n := tick(t, f); n != 1 {
		t.Fatalf("%d follow-ups", n)
	}
	fu := h.rec.SentTo(dm)[0]
	mustContain(t, "follow-up", fu, "我的回答对你有帮助吗？你问的是：“中国商标多少年续展一次？”", "出处：", "[有帮助]", "[没有帮助]", "[不要再问我]")
	if strings.Contains(bottest.Text(fu), "Did my answer help") {
		t.Errorf("the follow-up is in English:\n%s", bottest.Text(fu))
	}
	e := h.event("seller1")
	e.Lang = i18n.ZH
	b, _ := bottest.Button(fu, "不要再问我")
	e.Kind, e.Action = bot.KindAction, bot.Action{ID: b.ID, Value: b.Value}
	mustContain(t, "off", h.do(e), "以后不再询问")
	e = h.event("seller1")
	e.Lang, e.Kind, e.Command = i18n.ZH, bot.KindCommand, "feedback"
	mustContain(t, "status", h.do(e), "你已关闭回访")
}
