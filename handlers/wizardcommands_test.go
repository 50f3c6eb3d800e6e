package handlers_test

import (
	"context"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/i18n"
)

// toSeller starts a counterfeit complaint on Amazon and answers up to the
// seller's name, whose question it returns.
func (h *harness) toSeller(user string) bot.Reply {
	h.t.Helper()
	r := h.say(user, "/complain")
	r = h.press(user, r, "I bought a counterfeit")
	r = h.press(user, r, "Amazon")
	r = h.say(user, "https://www.amazon.com/dp/B0EXAMPLE1")
	mustContain(h.t, "seller question", r, "seller's or shop's name")
	return r
}

// A command word typed at a question that takes text is never saved as
// the answer: the user is asked which they meant, and either choice works.
func TestWizardAsksBeforeTakingACommandAsAnAnswer(t *testing.T) {
	h := newHarness(t)
	h.toSeller("consumer1")

	r := h.say("consumer1", "status")
	mustContain(t, "asked", r, "Did you mean the command `status`?", "step 4 of 9, the seller's name", "[Yes]", "[No, use it as my answer]")
	if d := h.draft("consumer1"); d.Answers.Seller != "" || d.Step != "seller" {
		t.Fatalf("the command was saved: %+v", d.Answers)
	}
	// 1 runs it; the user is told where the complaint stands.
	h.say("consumer1", "1")
	rs := h.rec.Replies()
	mustContain(t, "status ran", rs[len(rs)-2], "You have a complaint in progress", "You have not filed any complaints")
	mustContain(t, "where", rs[len(rs)-1], "Your complaint is still in progress: step 4 of 9, the seller's name. Reply with it, or `cancel`.")
	if d := h.draft("consumer1"); d.Answers.Seller != "" || d.Held != "" {
		t.Fatalf("after running the command: %+v, held %q", d.Answers, d.Held)
	}

	// 2 takes it as the answer after all.
	mustContain(t, "asked again", h.say("consumer1", "Status Shop Ltd"), "Did you mean the command `status`?")
	mustContain(t, "no", h.say("consumer1", "2"), "What is the order number?")
	if d := h.draft("consumer1"); d.Answers.Seller != "Status Shop Ltd" {
		t.Fatalf("seller = %q", d.Answers.Seller)
	}

	// complain resumes the draft; check and withdraw ask too.
	h.say("consumer1", "back")
	mustContain(t, "complain asked", h.say("consumer1", "complain"), "Did you mean the command `complain`?")
	mustContain(t, "complain ran", h.say("consumer1", "yes"), "You already have a complaint in progress", "seller's or shop's name")
	mustContain(t, "check asked", h.say("consumer1", "check this replica Nike bag"), "Did you mean the command `check`?")
	// Another message instead of 1 or 2 lets the held one go and answers.
	mustContain(t, "other", h.say("consumer1", "Real Shop"), "What is the order number?")
	if d := h.draft("consumer1"); d.Answers.Seller != "Real Shop" || d.Held != "" {
		t.Fatalf("after another message: %+v held %q", d.Answers, d.Held)
	}

	// A stale Yes button does nothing but show where the user is.
	h.say("consumer1", "back")
	asked := h.say("consumer1", "status")
	h.say("consumer1", "Real Shop")
	mustContain(t, "stale", h.press("consumer1", asked, "Yes"), "belongs to an earlier question")
}

// At a question with buttons, or at the summary, a command cannot be the
// answer, so it runs at once; help shows the commands and where the user
// is.
func TestWizardRunsCommandsWhereTheyCannotBeAnswers(t *testing.T) {
	h := newHarness(t)
	r := h.say("consumer1", "/complain")
	h.press("consumer1", r, "I bought a counterfeit")
	h.say("consumer1", "status")
	rs := h.rec.Replies()
	mustContain(t, "status", rs[len(rs)-2], "You have not filed any complaints")
	mustContain(t, "where", rs[len(rs)-1], "step 2 of", "the marketplace", "[Amazon]")

	h.say("consumer1", "help")
	rs = h.rec.Replies()
	mustContain(t, "help", rs[len(rs)-2], "`status`", "`complain`")
	mustContain(t, "help where", rs[len(rs)-1], "Your complaint is still in progress", "the marketplace")
	if d := h.draft("consumer1"); d.Step != "marketplace" || d.Answers.Marketplace != "" {
		t.Fatalf("draft = %+v", d)
	}
	// Staff-only commands stay staff-only.
	mustContain(t, "queue", h.say("consumer1", "queue"), "Only staff")
}

// After a pause, or a restart of the bot, the first message is held while
// the user is told where they were; they can use it as the answer.
func TestWizardSaysWhereTheUserWasAfterAPause(t *testing.T) {
	h := newHarness(t)
	h.toSeller("consumer1")
	h.clock.Add(2 * time.Hour)
	r := h.say("consumer1", "how long does a trademark last")
	mustContain(t, "where", r, "You were filing a complaint: step 4 of 9, the seller's name. Reply with it, or `cancel`.", "[Use “how long does a trademark last” as my answer]")
	if d := h.draft("consumer1"); d.Answers.Seller != "" {
		t.Fatalf("the message after a pause was saved: %q", d.Answers.Seller)
	}
	// Replying with the answer takes it.
	mustContain(t, "answer", h.say("consumer1", "ACME Store"), "What is the order number?")
	if d := h.draft("consumer1"); d.Answers.Seller != "ACME Store" || d.Held != "" {
		t.Fatalf("draft = %+v held %q", d.Answers, d.Held)
	}

	// After a restart the same, and the held message can be used.
	h.say("consumer1", "back")
	h.clock.Add(time.Minute)
	h.restart()
	h.clock.Add(time.Minute)
	r = h.say("consumer1", "ACME Outlet")
	mustContain(t, "restart", r, "You were filing a complaint", "the seller's name")
	mustContain(t, "use", h.press("consumer1", r, "Use “ACME Outlet” as my answer"), "What is the order number?")
	if d := h.draft("consumer1"); d.Answers.Seller != "ACME Outlet" {
		t.Fatalf("seller = %q", d.Answers.Seller)
	}
	// Within the pause, answers are taken as they come.
	h.clock.Add(10 * time.Minute)
	mustContain(t, "no pause", h.say("consumer1", "skip"), "What is wrong")
}

// With several replicas on a shared store, a replica started while a
// consumer files (a deploy, a crash and restart) is no pause: the others
// kept answering, so the next message is taken as the answer. A real pause
// still holds it.
func TestWizardReplicaStartIsNoPause(t *testing.T) {
	h := newHarness(t)
	h.shared = true
	h.restart()
	h.toSeller("consumer1")
	h.clock.Add(time.Minute)
	h.restart()
	h.clock.Add(time.Minute)
	mustContain(t, "taken", h.say("consumer1", "ACME Outlet"), "What is the order number?")
	if d := h.draft("consumer1"); d.Answers.Seller != "ACME Outlet" || d.Held != "" {
		t.Fatalf("draft = %+v held %q", d.Answers, d.Held)
	}
	h.clock.Add(2 * time.Hour)
	r := h.say("consumer1", "12345678")
	mustContain(t, "paused", r, "You were filing a complaint", "the order number", "[Use “12345678” as my answer]")
	if d := h.draft("consumer1"); d.Answers.OrderNumber != "" {
		t.Fatalf("the message after a pause was saved: %q", d.Answers.OrderNumber)
	}
}

// Files sent at a question that takes no files are refused with a reason,
// not dropped silently.
func TestWizardRefusesFilesOutsideTheEvidenceStep(t *testing.T) {
	h := newHarness(t)
	h.toSeller("consumer1")
	e := h.event("consumer1")
	e.Kind, e.Text, e.Files = bot.KindMessage, "ACME Store", []bot.File{jpeg("photo")}
	r := h.do(e)
	mustContain(t, "refused", r, "only at the evidence question", "nothing was saved")
	if d := h.draft("consumer1"); d.Answers.Seller != "" || len(d.Answers.Evidence) != 0 {
		t.Fatalf("draft = %+v", d.Answers)
	}
}

// The wizard takes a marketplace's own short links, as its app's Share
// button gives them.
func TestWizardTakesShortListingLinks(t *testing.T) {
	h := newHarness(t)
	r := h.say("consumer1", "/complain")
	r = h.press("consumer1", r, "I bought a counterfeit")
	r = h.press("consumer1", r, "Amazon")
	mustContain(t, "hint", r, "Share links from the Amazon app (such as amzn.to/…) work too.")
	mustContain(t, "short link", h.say("consumer1", "https://amzn.to/3xYz9Ab https://a.co/d/8kQ2mZp"), "seller's or shop's name")
	if d := h.draft("consumer1"); len(d.Answers.ListingURLs) != 2 || d.Answers.ListingURLs[0] != "https://amzn.to/3xYz9Ab" {
		t.Fatalf("listings = %q", d.Answers.ListingURLs)
	}
}

// A Chinese speaker's wizard: Chinese words move through it, a Chinese
// command name typed at a question is asked about by its name, and the
// domain's validation errors come in Chinese.
func TestWizardInChinese(t *testing.T) {
	h := newHarness(t)
	zh := func(text string) bot.Reply {
		e := h.event("consumer1")
		e.Kind, e.Text, e.Lang = bot.KindMessage, text, i18n.ZH
		return h.do(e)
	}
	r := zh("投诉")
	mustContain(t, "start", r, "**发生了什么？**", "[我买到了假货]", "[取消]")
	r = zh("我买到了假货") // a choice typed by its label
	mustContain(t, "marketplace", r, "**商品在哪个电商平台上？**", "[亚马逊（Amazon）]", "[返回]")
	r = zh("1")
	mustContain(t, "link", r, "**请粘贴商品链接**", "亚马逊商品链接包含 /dp/", "也可以输入 `返回`、`取消` 或 `重新开始`")
	mustContain(t, "bad link", zh("ACME"), "“ACME”看起来是店铺或商品名称，不是链接")
	mustContain(t, "seller", zh("https://www.amazon.com/dp/B0EXAMPLE1"), "**卖家或店铺叫什么名字？**")
	mustContain(t, "too short", zh("A"), "卖家名称太短（1 个字符），至少需要 2 个字符。")

	// 投诉 at a question that takes text: asked about by its name, and run
	// once, showing the question once.
	mustContain(t, "asked", zh("投诉"), "你是想运行命令 `投诉`吗？你正在填写投诉（第 4/9 步：卖家名称）", "[是]", "[不是，把它作为我的回答]")
	n := len(h.rec.Replies())
	mustContain(t, "ran", zh("是"), "你已经有一件正在填写的投诉")
	if got := len(h.rec.Replies()) - n; got != 1 {
		t.Errorf("%d replies to running 投诉 in a draft, want 1", got)
	}
	mustContain(t, "back", zh("返回"), "**请粘贴商品链接**")
	mustContain(t, "cancel", zh("取消"), "已取消。没有提交任何投诉", "`/投诉`")
	if d, err := h.db.Draft(context.Background(), bot.Console, "consumer1"); err == nil {
		t.Fatalf("the draft is still there: %+v", d)
	}
}
