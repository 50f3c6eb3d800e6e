package handlers_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/bottest"
	"github.com/ipdesk/ipdesk/bot/markup"
	"github.com/ipdesk/ipdesk/handlers"
	"github.com/ipdesk/ipdesk/knowledge"
	"github.com/ipdesk/ipdesk/sqlite"
)

// newLearnHarness is the ask harness with an article folder, the staff
// reply of the complaint workflow, and the learning service, wired as the
// run command wires them.
func newLearnHarness(t *testing.T) (*askHarness, string) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "ipdesk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	index, err := knowledge.Open(ctx, knowledge.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { index.Close() })
	rec := bottest.NewRecorder()
	rec.Platforms = platforms(t)
	ask, err := handlers.NewAsk(handlers.AskConfig{Index: index, Store: db, Sender: rec, Review: review, Logger: discard(), KBDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	c, err := handlers.NewComplaints(handlers.ComplaintsConfig{Store: db, Sender: rec, Review: review})
	if err != nil {
		t.Fatal(err)
	}
	learn, err := handlers.NewLearn(handlers.LearnConfig{Store: db, KBDir: dir, Replies: c})
	if err != nil {
		t.Fatal(err)
	}
	deflect, err := handlers.NewDeflect(handlers.DeflectConfig{Index: index, Store: db, Complaints: c})
	if err != nil {
		t.Fatal(err)
	}
	mux := bot.NewMux()
	c.Register(mux)
	ask.Register(mux)
	learn.Register(mux)
	deflect.Register(mux)
	return &askHarness{t: t, db: db, index: index, rec: rec, mux: mux, h: bot.Chain(c.Intercept(mux), bot.ShowErrors(discard()), bot.WithPlatforms(rec.Platforms))}, dir
}

func TestStaffReplyBecomesALintCleanDraft(t *testing.T) {
	h, dir := newLearnHarness(t)
	const q = "what are the shipping rates to Canada"
	ans := h.say("seller1", q)
	h.press("seller1", ans, "Talk to staff")
	// Staff answer with reply: the confirmation offers the draft.
	sent := h.say("staff1", "reply console:seller1 Rates come from the carrier you pick in the marketplace's shipping settings; IP rules do not set them.")
	mustContain(t, "reply", sent, "Sent to console user seller1")
	if _, ok := bottest.Button(sent, "Save as article draft"); !ok {
		t.Fatalf("no draft button under the reply confirmation:\n%s", bottest.Text(sent))
	}
	// Someone who is not staff cannot save it.
	mustContain(t, "not staff", h.press("seller2", sent, "Save as article draft"), "Only staff")
	saved := h.press("staff1", sent, "Save as article draft")
	mustContain(t, "saved", saved, "drafts/en/what-are-the-shipping-rates-to-canada", "move it out of")
	// A second press writes nothing more.
	mustContain(t, "again", h.press("staff1", sent, "Save as article draft"), "already saved as")
	ds, err := knowledge.Drafts(os.DirFS(dir))
	if err != nil || len(ds) != 1 {
		t.Fatalf("drafts = %+v, %v", ds, err)
	}
	if len(ds[0].Problems) != 0 {
		t.Errorf("the draft has problems: %v", ds[0].Problems)
	}
	body, _ := os.ReadFile(filepath.Join(dir, ds[0].File))
	for _, want := range []string{"status: draft", `aliases: ["` + q + `"]`, "come from the carrier", "## Sources"} {
		if !strings.Contains(string(body), want) {
			t.Errorf("draft lacks %q:\n%s", want, body)
		}
	}
	// Never served: the same question is still not answered from it.
	if again := h.say("seller3", q); strings.Contains(bottest.Text(again), "come from the carrier") {
		t.Errorf("a draft was served:\n%s", bottest.Text(again))
	}
	// kb drafts lists it; kb gaps shows it beside the gap it answers.
	mustContain(t, "kb drafts", h.say("staff1", "kb drafts"), ds[0].File, "ready to review", "what are the shipping rates to Canada")
	mustContain(t, "kb gaps", h.say("staff1", "kb gaps"), "draft `"+ds[0].File+"`")

	// A reply to someone who forwarded no question offers no draft.
	other := h.say("staff1", "reply console:consumer9 We received your request.")
	if _, ok := bottest.Button(other, "Save as article draft"); ok {
		t.Error("a draft was offered for a reply to no question")
	}
}

func TestNotHelpfulReasonShowsInGaps(t *testing.T) {
	h := newAskHarness(t)
	ans := h.say("seller1", "how long does a US trademark last?")
	thanks := h.press("seller1", ans, "Not helpful")
	why, ok := bottest.Button(thanks, "Say why")
	if !ok {
		t.Fatalf("no Say why button:\n%s", bottest.Text(thanks))
	}
	// Only the asker may give the reason.
	e := h.event("seller2")
	e.Kind, e.Action = bot.KindAction, bot.Action{ID: why.ID, Value: why.Value}
	mustContain(t, "other", h.do(e), "belong to the person who asked")
	form := h.pressButton("seller1", why).Form
	if form == nil {
		t.Fatal("Say why opened no form")
	}
	submit := func(user, reason string) error {
		e := h.event(user)
		e.Kind, e.Form = bot.KindSubmit, bot.FormData{ID: form.ID, Value: form.Value, Fields: map[string]string{"reason": reason}}
		return h.h.ServeEvent(context.Background(), h.rec, e)
	}
	if err := submit("seller1", "@everyone look"); err == nil {
		t.Error("a mention was taken as a reason")
	}
	if err := submit("seller1", strings.Repeat("x", 300)); err == nil {
		t.Error("a 300-character reason was taken")
	}
	if err := submit("seller1", "It does not say what the renewal costs <b>now</b>"); err != nil {
		t.Fatal(err)
	}
	gaps := bottest.Text(h.say("staff1", "kb gaps"))
	if !strings.Contains(markup.Render(markup.Plain, gaps), "why: “It does not say what the renewal costs <b>now</b>”") {
		t.Errorf("kb gaps lacks the reason:\n%s", gaps)
	}
	// Changing the vote to helpful drops the reason.
	h.press("seller1", ans, "Helpful")
	if gaps := bottest.Text(h.say("staff1", "kb gaps")); strings.Contains(gaps, "renewal costs") {
		t.Errorf("a withdrawn reason still shows:\n%s", gaps)
	}
}

func TestDeflectionOffersAnArticleBeforeAComplaint(t *testing.T) {
	h, _ := newLearnHarness(t)
	ctx := context.Background()
	// A question that starts a complaint and strongly matches an article:
	// the article first, and no complaint yet.
	offer := h.say("consumer1", "I bought fake sneakers online, how do I get a refund?")
	mustContain(t, "offer", offer, "This may answer it", "continue with the complaint")
	if d, _ := h.db.Draft(ctx, bot.Console, "consumer1"); d != nil {
		t.Fatal("a complaint was started before the person chose")
	}
	// Continuing starts the wizard where a buyer of a fake starts.
	mustContain(t, "wizard", h.press("consumer1", offer, "Continue with the complaint"), "Which marketplace")
	if d, _ := h.db.Draft(ctx, bot.Console, "consumer1"); d == nil || d.Answers.Kind != "counterfeit" {
		t.Fatalf("draft after continuing = %+v", d)
	}

	// In Chinese, with the command: the article answers it.
	offer2 := h.say("consumer2", "/complain 我买到了假货，怎么退款？")
	mustContain(t, "zh offer", offer2, "这也许能解答你的问题")
	mustContain(t, "answered", h.press("consumer2", offer2, "已经解答了"), "没有提交任何投诉")
	// A second press, or the other button after, counts once.
	h.press("consumer2", offer2, "已经解答了")
	if d, _ := h.db.Draft(ctx, bot.Console, "consumer2"); d != nil {
		t.Fatal("a complaint was started for someone the article answered")
	}

	// A statement is a report: straight to the wizard, no offer.
	mustContain(t, "statement", h.say("consumer3", "I bought a fake watch from this shop"), "Which marketplace")
	// So is /complain with words that match nothing well.
	mustContain(t, "weak", h.say("consumer4", "/complain what about the weather in Lisbon?"), "What happened?")
	// And someone already filing is not interrupted.
	mustContain(t, "filing", h.say("consumer1", "/complain how do I get a refund for fake sneakers?"), "continue where you left off")

	gaps := bottest.Text(h.say("staff1", "kb gaps"))
	if !strings.Contains(gaps, "2 offered; 1 ended the conversation (1 said it answered them, 0 went no further); 1 went on to file") {
		t.Errorf("kb gaps lacks the deflection counts:\n%s", gaps)
	}
}
