package handlers_test

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/bottest"
	"github.com/ipdesk/ipdesk/bot/markup"
	"github.com/ipdesk/ipdesk/handlers"
	"github.com/ipdesk/ipdesk/knowledge"
	"github.com/ipdesk/ipdesk/sqlite"
)

// askHarness wires the ask handler as the run command does: the real
// bundled knowledge base, a real database file, the complaint workflow (for
// the "Report a listing" button) and the error display.
type askHarness struct {
	t     testing.TB
	db    *sqlite.DB
	index *knowledge.Index
	rec   *bottest.Recorder
	mux   *bot.Mux
	h     bot.Handler
}

func newAskHarness(t testing.TB) *askHarness {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "ipdesk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	index, err := knowledge.Open(ctx, knowledge.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { index.Close() })
	rec := bottest.NewRecorder()
	rec.Platforms = platforms(t)
	h := &askHarness{t: t, db: db, index: index, rec: rec}
	h.start()
	return h
}

// start wires the handlers over the harness's database. Called again, it
// stands for a restart, or for another replica taking the next message:
// handlers that remember no conversation, over the same data.
func (h *askHarness) start() {
	h.t.Helper()
	ask, err := handlers.NewAsk(handlers.AskConfig{Index: h.index, Store: h.db, Sender: h.rec, Review: review, Logger: discard()})
	if err != nil {
		h.t.Fatal(err)
	}
	c, err := handlers.NewComplaints(handlers.ComplaintsConfig{Store: h.db, Sender: h.rec, Review: review})
	if err != nil {
		h.t.Fatal(err)
	}
	h.mux = bot.NewMux()
	c.Register(h.mux)
	ask.Register(h.mux)
	h.h = bot.Chain(c.Intercept(h.mux), bot.ShowErrors(discard()), bot.WithPlatforms(h.rec.Platforms))
}

func (h *askHarness) event(user string) *bot.Event {
	return &bot.Event{User: bot.User{Platform: bot.Console, ID: user, Name: user, Staff: isStaff(user)}, Where: bot.DirectTo(bot.Console, user)}
}

func (h *askHarness) do(e *bot.Event) bot.Reply {
	h.t.Helper()
	n := len(h.rec.Replies())
	if err := h.h.ServeEvent(context.Background(), h.rec, e); err != nil {
		h.t.Fatalf("%s: %v", e.Kind, err)
	}
	rs := h.rec.Replies()
	if len(rs) != n+1 {
		h.t.Fatalf("%s: %d replies, want 1", e.Kind, len(rs)-n)
	}
	return rs[len(rs)-1]
}

func (h *askHarness) say(user, text string) bot.Reply {
	h.t.Helper()
	e := h.event(user)
	e.Kind, e.Text = bot.KindMessage, text
	return h.do(e)
}

func (h *askHarness) press(user string, rep bot.Reply, label string) bot.Reply {
	h.t.Helper()
	b, ok := bottest.Button(rep, label)
	if !ok {
		h.t.Fatalf("no button %q in:\n%s", label, bottest.Text(rep))
	}
	return h.pressButton(user, b)
}

func (h *askHarness) pressButton(user string, b bot.Button) bot.Reply {
	h.t.Helper()
	e := h.event(user)
	e.Kind, e.Action = bot.KindAction, bot.Action{ID: b.ID, Value: b.Value}
	return h.do(e)
}

// question returns the logged question a reply's buttons refer to.
func (h *askHarness) question(rep bot.Reply) *ipdesk.Question {
	h.t.Helper()
	for _, b := range rep.Buttons {
		if b.ID == "kb.staff" {
			id, _ := strconv.ParseInt(b.Value, 10, 64)
			q, err := h.db.Question(context.Background(), id)
			if err != nil {
				h.t.Fatal(err)
			}
			return q
		}
	}
	h.t.Fatalf("no Talk to staff button in:\n%s", bottest.Text(rep))
	return nil
}

func mustNotContain(t *testing.T, what string, rep bot.Reply, bad ...string) {
	t.Helper()
	text := bottest.Text(rep)
	for _, b := range bad {
		if strings.Contains(text, b) {
			t.Fatalf("%s: %q should not be in:\n%s", what, b, text)
		}
	}
}

func TestAskAnswersWithCitationSourcesAndButtons(t *testing.T) {
	h := newAskHarness(t)
	const q = "how long does a US trademark last?"
	want, err := h.index.Ask(context.Background(), q)
	if err != nil || !want.Answered || want.Article().ID != "tm-us" {
		t.Fatalf("the index does not answer %q from tm-us: %+v, %v", q, want, err)
	}
	art := want.Article()
	for _, via := range []func() bot.Reply{
		func() bot.Reply { return h.say("seller1", q) },
		func() bot.Reply { return h.say("seller1", "ask "+q) },
		func() bot.Reply { return h.say("seller1", "/ask "+q) },
	} {
		r := via()
		if !strings.HasPrefix(r.Text, "**"+markup.Escape(art.Title)+"**\n\n") {
			t.Fatalf("answer does not open with the bold title:\n%s", r.Text)
		}
		firstSource := strings.SplitN(strings.TrimSpace(art.Sources), "\n", 2)[0]
		mustContain(t, "answer", r, strings.TrimSpace(want.Sections[0].Markdown), "Source: "+markup.Escape(want.Sections[0].Citation()),
			"**Sources**", firstSource, "General information, not legal advice.",
			"[Helpful]", "[Not helpful]", "[Talk to staff]")
		topics := 0
		for _, b := range r.Buttons {
			if b.ID != "kb.topic" {
				continue
			}
			topics++
			lang, id, _ := strings.Cut(b.Value, "/")
			if a, ok := h.index.Article(id, lang); !ok || a.ID == "tm-us" || lang != "en" {
				t.Errorf("topic button %+v is not another English article", b)
			}
		}
		if topics == 0 || topics > 3 {
			t.Errorf("%d related topics, want 1 to 3", topics)
		}
		// What a Slack user reads: the citation arrow and no raw Markdown.
		if slack := markup.Render(markup.Slack, r.Text); !strings.Contains(slack, "›") || strings.Contains(slack, "**") {
			t.Errorf("Slack rendering:\n%s", slack)
		}
		logged := h.question(r)
		if logged.Text != q || !logged.Answered || logged.Article != "en/tm-us" || logged.Section != want.Sections[0].Citation() ||
			logged.Lang != "en" || logged.UserHash != h.db.Pseudonym(bot.Console, "seller1") || logged.UserHash == ipdesk.HashUser(bot.Console, "seller1") {
			t.Errorf("logged question = %+v", logged)
		}
	}
}

func TestAskUnansweredSaysSoAndOffersStaffAndComplaint(t *testing.T) {
	h := newAskHarness(t)
	const q = "what are the shipping rates to Canada"
	guess, _ := h.index.Ask(context.Background(), q)
	if guess.Answered {
		t.Fatalf("the index answers an out-of-scope question: %+v", guess)
	}
	r := h.say("seller1", q)
	mustContain(t, "no answer", r, "I don't have a good answer to “"+q+"” in the knowledge base")
	mustNotContain(t, "no answer", r, "Source:", "General information", "[Helpful]")
	if a := guess.Article(); a != nil {
		mustNotContain(t, "no answer", r, a.Title)
	}
	if len(r.Buttons) != 2 || r.Buttons[0].Label != "Talk to staff" || r.Buttons[1].ID != "complain.start" || r.Buttons[1].Label != "Report a listing" {
		t.Fatalf("buttons = %+v", r.Buttons)
	}
	if logged := h.question(r); logged.Answered || logged.Text != q {
		t.Errorf("logged = %+v", logged)
	}

	// Report a listing starts the complaint wizard.
	wiz := h.press("consumer1", r, "Report a listing")
	mustContain(t, "wizard", wiz, "I bought a counterfeit")

	// Talk to staff posts the question once to the review channel.
	ack := h.press("seller1", r, "Talk to staff")
	mustContain(t, "staff ack", ack, "passed your question to staff", "direct messages")
	if !ack.Ephemeral {
		t.Error("the acknowledgement is public")
	}
	posts := h.rec.SentTo(review)
	if len(posts) != 1 {
		t.Fatalf("%d posts to review, want 1", len(posts))
	}
	mustContain(t, "review post", posts[0], "Question for staff", "console:seller1", "> "+q, "no good answer", "direct messages on console", "[Reply]", "reply console:seller1 TEXT")
	again := h.press("seller1", r, "Talk to staff")
	mustContain(t, "second press", again, "already have this question")
	if n := len(h.rec.SentTo(review)); n != 1 {
		t.Fatalf("%d posts to review after a second press, want 1", n)
	}
}

func TestAskInChineseUsesChineseTexts(t *testing.T) {
	h := newAskHarness(t)
	const q = "中国商标多少年续展一次"
	want, _ := h.index.Ask(context.Background(), q)
	if !want.Answered || want.Lang != "zh" || want.Article().Lang != "zh" {
		t.Fatalf("the index does not answer %q from a Chinese article: %+v", q, want)
	}
	r := h.say("seller1", q)
	mustContain(t, "zh answer", r, want.Article().Title, "出处：", "**来源**", "以上为一般信息，不构成法律意见。", "[有帮助]", "[没有帮助]", "[联系工作人员]")
	mustNotContain(t, "zh answer", r, "General information", "[Helpful]")
	ack := h.press("seller1", r, "没有帮助")
	mustContain(t, "zh feedback", ack, "谢谢反馈", "[联系工作人员]")

	const off = "亚马逊物流配送费怎么收"
	if a, _ := h.index.Ask(context.Background(), off); a.Answered {
		t.Fatalf("the index answers %q", off)
	}
	r = h.say("seller1", off)
	mustContain(t, "zh no answer", r, "知识库里没有能很好回答“"+off+"”的内容", "[联系工作人员]", "[举报商品链接]")
	mustContain(t, "zh staff", h.press("seller1", r, "联系工作人员"), "已把你的问题转给工作人员")
}

func TestAskEmptyAndLongQuestions(t *testing.T) {
	h := newAskHarness(t)
	for _, text := range []string{"ask", "/ask   ", "   "} {
		r := h.say("seller1", text)
		mustContain(t, "usage for "+strconv.Quote(text), r, "Ask me an intellectual-property question", "`/ask how long does a US trademark last?`")
		if len(r.Buttons) != 0 {
			t.Errorf("usage has buttons: %+v", r.Buttons)
		}
	}
	if n := len(h.rec.Sent()); n != 0 {
		t.Errorf("usage sent %d messages elsewhere", n)
	}

	// Repeating the question keeps its terms, so only the length changes.
	long := strings.Repeat("how long does a US trademark last? ", 40)
	r := h.say("seller1", long)
	mustContain(t, "long", r, "over 1,000 characters, so I read its beginning and its end", "Trademarks in the US")
	if logged := h.question(r); utf8.RuneCountInString(logged.Text) > 1000 || !strings.HasPrefix(logged.Text, "how long does a US trademark last?") || !strings.HasSuffix(logged.Text, "how long does a US trademark last?") {
		t.Errorf("logged %d characters, want at most 1,000 from the question's beginning and end", utf8.RuneCountInString(logged.Text))
	}
	short := h.say("seller1", "how long does a US trademark last?")
	mustNotContain(t, "short", short, "1,000 characters")
}

// TestAskLongChineseStoryIsReadToItsQuestion: the length limit counts
// characters, not bytes. A seller's story of about 350 Chinese
// characters (over 1,000 bytes) ends with its question; cut at 1,000
// bytes, it lost the question and was told it was over 1,000
// characters.
func TestAskLongChineseStoryIsReadToItsQuestion(t *testing.T) {
	h := newAskHarness(t)
	story := "我们是浙江台州一家做水杯和保温壶的小工厂，十几年来一直给国外客户做贴牌代工，去年开始自己做品牌，在亚马逊美国站开了店。" +
		"产品的外形是我们自己的设计师画的，模具也是自己开的，包装盒上的图案是请外面的设计公司做的，合同里写明了版权归我们。" +
		"现在销量慢慢起来了，同行也开始注意到我们，有几个卖家已经在问我们的供应商能不能拿到同款。" +
		"我们老板担心以后被人抢注，也担心被别人仿冒，想先把该申请的都申请了，但是预算有限，只能先做最重要的一两样。" +
		"品牌名是一个自己编的英文单词，去网上查了一下好像没有人用，所以打算先在美国申请商标，律师也已经联系好了，材料基本准备齐了，下个月就可以递交。" +
		"老板最关心的是时间，因为明年春天要在美国做一次大的促销活动，希望那之前商标已经下来。" +
		"我想问一下，美国商标从提交申请到拿到注册证一般要多久？"
	if n := utf8.RuneCountInString(story); len(story) <= 1000 || n > 1000 {
		t.Fatalf("the story has %d bytes and %d characters; want over 1,000 bytes and at most 1,000 characters", len(story), n)
	}
	r := h.say("seller1", story)
	mustNotContain(t, "long Chinese story", r, "1000 个字符", "1,000 characters")
	mustContain(t, "long Chinese story", r, "美国商标注册")
	if logged := h.question(r); logged.Text != story {
		t.Errorf("logged %d of the story's %d characters", utf8.RuneCountInString(logged.Text), utf8.RuneCountInString(story))
	}
}

// TestAskPastedNoticeKeepsItsQuestion: a seller pastes a marketplace's
// notice, longer than a question may be, and asks about it after it. The
// question is read from its beginning and its end, so the question at the
// end is answered, not the notice's opening lines.
func TestAskPastedNoticeKeepsItsQuestion(t *testing.T) {
	h := newAskHarness(t)
	notice := "Hello, We received a report from a rights owner that the listing below may infringe their intellectual property. " +
		"ASIN: B0XXXXXXX Title: Stainless steel insulated water bottle 32 oz. Complaint type: Copyright. Complaint ID: 1234567890. " +
		"Rights owner: a brand we do not know. Infringement type: the product images are alleged to be copied from the rights owner's own photographs. " +
		"We have removed the listing from the store. If you believe this removal is in error, you may appeal. " +
		"Repeated infringement may lead to the loss of selling privileges. Please review our intellectual property policies. " +
		"We also remind you that you are responsible for ensuring that the products you list and the content of your listings do not violate applicable laws or the rights of others. " +
		"This includes the titles, descriptions, bullet points, images and any other content you provide. " +
		"You can view the status of the complaint in your account health dashboard, under the policy compliance section, where all complaints against your account are shown with their dates and the listings they concern. " +
		"Amazon may take further action on your account if more complaints are received, including the suspension of your selling privileges and the withholding of funds. " +
		"Thank you for selling on Amazon. Seller Performance Team.\n\n"
	question := "I took every one of those photos myself in my own studio and I have the original files. Can I send a counter notice, and how long until the listing comes back?"
	if n := utf8.RuneCountInString(notice + question); n <= 1000 {
		t.Fatalf("the message has %d characters; want over 1,000", n)
	}
	r := h.say("seller1", notice+question)
	// The section on the counter-notice is shown, not only offered as a
	// button: its text says when the listing comes back.
	mustContain(t, "pasted notice", r, "over 1,000 characters, so I read its beginning and its end")
	if !strings.Contains(r.Text, "file a counter-notice from the complaint record") || !strings.Contains(r.Text, "Amazon reinstates the content") {
		t.Errorf("the answer does not show the counter-notice section:\n%s", r.Text)
	}
	if logged := h.question(r); !strings.HasSuffix(logged.Text, question) || !strings.HasPrefix(logged.Text, "Hello, We received a report") {
		t.Errorf("logged %q", logged.Text)
	}
}

func TestAskEscapesHostileText(t *testing.T) {
	h := newAskHarness(t)
	const q = "@everyone <!channel> **pwned** [click](https://evil.example) <@U999>\n# shipping rates"
	r := h.say("mallory", q)
	inert := func(what, text string) {
		t.Helper()
		slack, discord := markup.Render(markup.Slack, text), markup.Render(markup.Discord, text)
		for _, bad := range []string{"<!channel>", "<@U999>", "<https://evil"} {
			if strings.Contains(slack, bad) {
				t.Errorf("Slack %s contains %q:\n%s", what, bad, slack)
			}
		}
		if strings.Contains(discord, "@everyone") || strings.Contains(discord, "<@U999>") || !strings.Contains(discord, `\[click\](`) {
			t.Errorf("Discord %s is not inert:\n%s", what, discord)
		}
	}
	inert("reply", r.Text)
	if strings.Contains(r.Text, "**pwned**") || !strings.Contains(r.Text, markup.Escape("**pwned**")) {
		t.Errorf("question not escaped in the reply:\n%s", r.Text)
	}
	h.press("mallory", r, "Talk to staff")
	post := h.rec.SentTo(review)[0]
	inert("review post", post.Text)
	// The multi-line question stays inside the quote.
	if !strings.Contains(post.Text, "> "+markup.Escape("# shipping rates")) {
		t.Errorf("second line left the quote:\n%s", post.Text)
	}
}

func TestFeedbackAndGaps(t *testing.T) {
	h := newAskHarness(t)
	r := h.say("seller1", "how long does a US trademark last?")
	mustContain(t, "helpful", h.press("seller1", r, "Helpful"), "glad it helped")
	mustContain(t, "helpful again", h.press("seller1", r, "Helpful"), "glad it helped")
	mustContain(t, "changed", h.press("seller1", r, "Not helpful"), "changed your vote to not helpful")
	mustContain(t, "other user", h.press("seller2", r, "Not helpful"), "belong to the person who asked")
	r2 := h.say("seller2", "How long does a US trademark last")
	mustContain(t, "own vote", h.press("seller2", r2, "Not helpful"), "Thanks for telling us")

	h.say("seller1", "What are the shipping rates to Canada?")
	h.say("seller2", "what are the SHIPPING rates to canada")
	h.say("seller2", "tell me a joke about <!here>")

	rep := h.say("staff1", "kb gaps")
	if !rep.Ephemeral {
		t.Error("the gaps report is public")
	}
	mustContain(t, "gaps", rep, "**Unanswered questions**", "1. “what are the SHIPPING rates to canada” — asked 2×",
		"— asked 1×", "**Answers marked not helpful**", "(`en/tm-us`) — 2 not helpful, 0 helpful")
	if strings.Contains(markup.Render(markup.Slack, rep.Text), "<!here>") {
		t.Error("a question in the gaps report can ping the channel")
	}
	mustContain(t, "gaps N", h.say("staff1", "/kb gaps 1"), "1. “what are the SHIPPING", "**Answers marked not helpful**")
	mustContain(t, "bad N", h.say("staff1", "/kb gaps lots"), "N is how many")
	mustContain(t, "bad sub", h.say("staff1", "/kb"), "Usage: `kb gaps [N]`")
	mustContain(t, "not staff", h.say("seller1", "/kb gaps"), "Only staff")
	// Without the slash, "kb gaps" from a seller is a question, not a refusal.
	mustNotContain(t, "not staff, no slash", h.say("seller1", "kb gaps"), "Only staff")
}

func TestRelatedTopicAndBrokenButtons(t *testing.T) {
	h := newAskHarness(t)
	r := h.say("seller1", "how long does a US trademark last?")
	var topic bot.Button
	for _, b := range r.Buttons {
		if b.ID == "kb.topic" {
			topic = b
			break
		}
	}
	lang, id, _ := strings.Cut(topic.Value, "/")
	art, ok := h.index.Article(id, lang)
	if !ok {
		t.Fatalf("topic button %+v names no article", topic)
	}
	tr := h.pressButton("seller1", topic)
	mustContain(t, "topic", tr, "**"+markup.Escape(art.Title)+"**", strings.TrimSpace(art.Lead().Markdown), "General information, not legal advice.", "[Helpful]", "[Talk to staff]")
	if logged := h.question(tr); logged.Article != lang+"/"+id || !logged.Answered {
		t.Errorf("topic view logged as %+v", logged)
	}
	mustContain(t, "topic feedback", h.press("seller1", tr, "Helpful"), "glad it helped")

	for _, b := range []bot.Button{
		{ID: "kb.topic", Value: "en/no-such-article"},
		{ID: "kb.topic", Value: "../../etc/passwd"},
		{ID: "kb.topic", Value: ""},
	} {
		mustContain(t, "topic "+b.Value, h.pressButton("seller1", b), "no longer in the knowledge base")
	}
	for _, b := range []bot.Button{{ID: "kb.helpful", Value: "abc"}, {ID: "kb.staff", Value: "-1"}, {ID: "kb.unhelpful", Value: ""}} {
		mustContain(t, "broken "+b.ID, h.pressButton("seller1", b), "That button is broken")
	}
	mustContain(t, "missing question", h.pressButton("seller1", bot.Button{ID: "kb.helpful", Value: "99999"}), "no longer on record")
	mustContain(t, "unknown kb action", h.pressButton("seller1", bot.Button{ID: "kb.bogus", Value: "1"}), "no longer active")
	if n := len(h.rec.SentTo(review)); n != 0 {
		t.Errorf("broken buttons posted %d messages to staff", n)
	}
}

// BenchmarkAsk measures one question from message to reply, including the
// question log write: the answer must feel instant (goal: under 10 ms).
func BenchmarkAsk(b *testing.B) {
	h := newAskHarness(b)
	ctx := context.Background()
	qs := []string{"how long does a US trademark last?", "what are the shipping rates to Canada", "中国商标多少年续展一次", "can i use nike in my title"}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		e := h.event("seller1")
		e.Kind, e.Text = bot.KindMessage, qs[i%len(qs)]
		if err := h.h.ServeEvent(ctx, h.rec, e); err != nil {
			b.Fatal(err)
		}
		if i%256 == 0 {
			h.rec.Reset()
		}
	}
}

// TestAskOffersOtherSectionsPartsAndHints checks the shape of an answer:
// the article's other sections as buttons that show them, a section for
// each part of a two-part question with its citation, and a hint on what
// would help under a declined question.
func TestAskOffersOtherSectionsPartsAndHints(t *testing.T) {
	h := newAskHarness(t)
	r := h.say("seller1", "how long does a US trademark last?")
	var secs []bot.Button
	for _, b := range r.Buttons {
		if b.ID == "kb.section" {
			secs = append(secs, b)
		}
	}
	if len(secs) == 0 || len(secs) > 4 {
		t.Fatalf("%d section buttons, want 1 to 4:\n%s", len(secs), bottest.Text(r))
	}
	lang, rest, _ := strings.Cut(secs[0].Value, "/")
	id, _, _ := strings.Cut(rest, "/")
	art, ok := h.index.Article(id, lang)
	if !ok {
		t.Fatalf("section button %+v names no article", secs[0])
	}
	var sec *knowledge.Section
	for _, s := range art.Sections {
		if s.Name() == secs[0].Label {
			sec = s
		}
	}
	if sec == nil {
		t.Fatalf("section button %+v names no section of %s", secs[0], art.File)
	}
	shown := h.pressButton("seller1", secs[0])
	mustContain(t, "section", shown, strings.TrimSpace(sec.Markdown), "Source: "+markup.Escape(sec.Citation()), "[Helpful]")
	for _, v := range []string{"en/tm-us/99", "en/tm-us/-1", "en/no-such/1", "en/tm-us/x", ""} {
		mustContain(t, "section "+v, h.pressButton("seller1", bot.Button{ID: "kb.section", Value: v}), "no longer in the knowledge base")
	}

	const two = "what does a DMCA notice need to contain, and where do I send it?"
	ans, err := h.index.Ask(context.Background(), two)
	if err != nil || !ans.Answered || len(ans.Sections) < 2 {
		t.Fatalf("the index answers %q with %d sections (answered %v), want two", two, len(ans.Sections), ans.Answered)
	}
	r = h.say("seller1", two)
	for _, s := range ans.Sections {
		mustContain(t, "two-part answer", r, strings.TrimSpace(s.Markdown), markup.Escape(s.Citation()))
	}

	r = h.say("seller1", "tell me a joke about cats")
	mustContain(t, "declined", r, "one thing at a time")

	// A selling question outside intellectual property is declined with
	// where such questions are answered.
	r = h.say("seller1", "what are the shipping rates to Canada")
	mustContain(t, "declined outside the desk's scope", r, "I don't have a good answer", "freight forwarder")
	mustNotContain(t, "declined outside the desk's scope", r, "Source:", "[Helpful]")
}

// TestAskDeclinedButCloseOffersNearArticles checks that a question the
// base declines, but only just, offers the articles near it as topic
// buttons, and that pressing one shows that article.
func TestAskDeclinedButCloseOffersNearArticles(t *testing.T) {
	h := newAskHarness(t)
	var q string
	var guess *knowledge.Answer
	for _, c := range []string{"tiktok shop appeal deadline", "what's a trusted flagger in the EU", "red flags when choosing a supplier on alibaba", "can i put nike in my listing title if its not nike", "各个平台申诉时限汇总"} {
		ans, err := h.index.Ask(context.Background(), c)
		if err != nil {
			t.Fatal(err)
		}
		if !ans.Answered && len(ans.Near) > 0 {
			q, guess = c, ans
			break
		}
	}
	if guess == nil {
		t.Fatal("none of the questions is declined with articles near it; pick questions the decision now declines only just")
	}
	r := h.say("seller1", q)
	mustContain(t, "declined", r, "I don't have a good answer", "These articles may be close to what you asked:")
	mustNotContain(t, "declined", r, "Source:", "[Helpful]")
	var topics []bot.Button
	for _, b := range r.Buttons {
		if b.ID == "kb.topic" {
			topics = append(topics, b)
		}
	}
	if len(topics) != len(guess.Near) || topics[0].Label != guess.Near[0].Title {
		t.Fatalf("topic buttons %+v, want the near articles %v", topics, guess.Near)
	}
	shown := h.pressButton("seller1", topics[0])
	mustContain(t, "near topic", shown, "**"+markup.Escape(guess.Near[0].Title)+"**", "General information, not legal advice.")
	if logged := h.question(r); logged.Answered {
		t.Errorf("the declined question is logged as answered: %+v", logged)
	}
}

// TestAskFollowUpReadWithEarlierQuestion checks a conversation: a short
// question after another in the same conversation is read with it, and
// the answer says so; in another conversation, or standing on its own,
// it is not.
func TestAskFollowUpReadWithEarlierQuestion(t *testing.T) {
	h := newAskHarness(t)
	first := h.say("seller1", "how long does a US trademark last?")
	if !strings.Contains(first.Text, "Trademarks in the US") {
		t.Fatalf("first answer is not from the US article:\n%s", first.Text)
	}
	follow := h.say("seller1", "and in China?")
	china, ok := h.index.Article("tm-china", "en")
	if !ok {
		t.Fatal("no tm-china article")
	}
	mustContain(t, "follow-up", follow, "**"+markup.Escape(china.Title)+"**", "Read as a follow-up to “how long does a US trademark last?”")
	if logged := h.question(follow); logged.Text != "and in China?" || logged.Article != "en/tm-china" {
		t.Errorf("logged follow-up = %+v", logged)
	}
	// The same words from someone else, or the same user elsewhere, are
	// read on their own.
	for _, e := range []*bot.Event{h.event("seller2"), h.event("seller1")} {
		if e.User.ID == "seller1" {
			e.Where = bot.Address{Platform: bot.Console, Channel: "general"}
		}
		e.Kind, e.Text = bot.KindMessage, "and in China?"
		if r := h.do(e); strings.Contains(r.Text, "follow-up") {
			t.Errorf("%s in %s: read as a follow-up:\n%s", e.User.ID, e.Where.Channel, r.Text)
		}
	}
	// Thanks are no question; a question of its own is read on its own.
	h.say("seller3", "what happens if I ignore a DMCA takedown notice?")
	if r := h.say("seller3", "what is a Schedule A case?"); strings.Contains(r.Text, "follow-up") {
		t.Errorf("a question of its own read as a follow-up:\n%s", r.Text)
	}
	// The earlier question is quoted inert.
	h.say("mallory", "how long does a US trademark last <!channel> **pwned**")
	r := h.say("mallory", "and in China?")
	if slack := markup.Render(markup.Slack, r.Text); strings.Contains(slack, "<!channel>") || strings.Contains(r.Text, "**pwned**") {
		t.Errorf("the earlier question is not escaped in the note:\n%s", r.Text)
	}
	if !strings.Contains(r.Text, "follow-up") {
		t.Errorf("the follow-up after a hostile question was not read as one:\n%s", r.Text)
	}
}

// TestAskFollowUpReadWithEarlierQuestionAfterRestart checks that a
// conversation outlives the process that answered its first question:
// after a restart, or on another replica, a short question is still read
// with the asker's question before it in the same direct messages,
// channel or thread, from the question log; not with someone else's, not
// with one asked longer than the follow-up window ago, and not with one
// asked elsewhere: in a channel, the note would show others a question
// asked in private or in another channel.
func TestAskFollowUpReadWithEarlierQuestionAfterRestart(t *testing.T) {
	h := newAskHarness(t)
	const us = "how long does a US trademark last?"
	if first := h.say("seller1", us); !strings.Contains(first.Text, "Trademarks in the US") {
		t.Fatalf("first answer is not from the US article:\n%s", first.Text)
	}
	h.start()
	follow := h.say("seller1", "and in China?")
	china, ok := h.index.Article("tm-china", "en")
	if !ok {
		t.Fatal("no tm-china article")
	}
	mustContain(t, "follow-up after a restart", follow, "**"+markup.Escape(china.Title)+"**", "Read as a follow-up to “"+us+"”")
	if logged := h.question(follow); logged.Text != "and in China?" || logged.Article != "en/tm-china" ||
		logged.Conversation != h.db.ConversationPseudonym(bot.Console, "seller1", "@seller1", "") {
		t.Errorf("logged follow-up = %+v", logged)
	}
	// A chain of follow-ups carries on across restarts: the next one is
	// read with every question of the chain, not only the one before it.
	h.start()
	eu, ok := h.index.Article("tm-eu", "en")
	if !ok {
		t.Fatal("no tm-eu article")
	}
	next := h.say("seller1", "and the EU?")
	mustContain(t, "second follow-up after two restarts", next, "**"+markup.Escape(eu.Title)+"**", us)
	// The same words from someone else are read on their own.
	h.start()
	if r := h.say("seller2", "and in China?"); strings.Contains(r.Text, "follow-up") || strings.Contains(r.Text, us) {
		t.Errorf("another user's words read as a follow-up of seller1's question:\n%s", r.Text)
	}
	// In a channel, the question asked in private is not quoted.
	h.say("seller1", us)
	h.start()
	e := h.event("seller1")
	e.Where = bot.Address{Platform: bot.Console, Channel: "general"}
	e.Kind, e.Text = bot.KindMessage, "and in China?"
	if r := h.do(e); strings.Contains(r.Text, "follow-up") || strings.Contains(r.Text, us) {
		t.Errorf("in a channel, read as a follow-up of a question asked in private:\n%s", r.Text)
	}
	// In a channel, a follow-up is read with the question the same person
	// asked there; the log keeps where it was asked as a pseudonym only.
	in := func(user, channel, thread, text string) bot.Reply {
		t.Helper()
		e := h.event(user)
		e.Where = bot.Address{Platform: bot.Console, Channel: channel, Thread: thread}
		e.Kind, e.Text = bot.KindMessage, text
		return h.do(e)
	}
	asked := in("seller5", "sellers", "", us)
	if logged := h.question(asked); logged.Conversation != h.db.ConversationPseudonym(bot.Console, "seller5", "sellers", "") ||
		strings.Contains(logged.Conversation, "sellers") {
		t.Errorf("question asked in a channel logged as %+v", logged)
	}
	h.start()
	mustContain(t, "follow-up in a channel after a restart", in("seller5", "sellers", "", "and in China?"),
		"**"+markup.Escape(china.Title)+"**", "Read as a follow-up to “"+us+"”")
	// Nor is a question asked in one place read with in another: another
	// channel, a thread of the same channel, direct messages; nor someone
	// else's question in the same channel.
	in("seller6", "sellers", "", us)
	for _, c := range []struct {
		where, user, channel, thread string
	}{
		{"another channel", "seller6", "legal", ""},
		{"a thread of the channel", "seller6", "sellers", "t1"},
		{"direct messages", "seller6", "@seller6", ""},
		{"someone else in the channel", "seller7", "sellers", ""},
	} {
		h.start()
		if r := in(c.user, c.channel, c.thread, "and in China?"); strings.Contains(r.Text, "follow-up") || strings.Contains(r.Text, us) {
			t.Errorf("in %s, read as a follow-up of a question asked in a channel:\n%s", c.where, r.Text)
		}
	}
	// In a thread, a topic opened from a button between a question and
	// its follow-up is no question a follow-up is read with, after a
	// restart as before one.
	r := in("seller8", "sellers", "t2", us)
	var topic bot.Button
	for _, b := range r.Buttons {
		if b.ID == "kb.topic" {
			topic = b
			break
		}
	}
	if topic.ID == "" {
		t.Fatalf("no related topic under:\n%s", r.Text)
	}
	e = h.event("seller8")
	e.Where = bot.Address{Platform: bot.Console, Channel: "sellers", Thread: "t2"}
	e.Kind, e.Action = bot.KindAction, bot.Action{ID: topic.ID, Value: topic.Value}
	if logged := h.question(h.do(e)); logged.Conversation != "" {
		t.Errorf("topic opened from a button logged in a conversation: %+v", logged)
	}
	h.start()
	mustContain(t, "follow-up in a thread after a topic and a restart", in("seller8", "sellers", "t2", "and in China?"),
		"**"+markup.Escape(china.Title)+"**", "Read as a follow-up to “"+us+"”")
	// A question asked just within the window is read with; one asked
	// before it is not.
	for _, c := range []struct {
		user   string
		ago    time.Duration
		follow bool
	}{{"seller3", 9 * time.Minute, true}, {"seller4", 11 * time.Minute, false}} {
		h.db.Now = func() time.Time { return time.Now().UTC().Add(-c.ago) }
		h.say(c.user, us)
		h.db.Now = func() time.Time { return time.Now().UTC() }
		h.start()
		if r := h.say(c.user, "and in China?"); strings.Contains(r.Text, "Read as a follow-up to “"+us+"”") != c.follow {
			t.Errorf("question asked %v before: read as a follow-up %v, want %v:\n%s", c.ago, !c.follow, c.follow, r.Text)
		}
	}
}

// TestAskInTraditionalCharactersAnswersInThem checks that a question
// written in traditional Chinese characters is answered from the Chinese
// article, shown in traditional characters, buttons included.
func TestAskInTraditionalCharactersAnswersInThem(t *testing.T) {
	h := newAskHarness(t)
	simple := h.say("seller1", "商标被抢注了怎么办")
	r := h.say("seller2", "商標被搶註了怎麼辦")
	if !strings.Contains(simple.Text, "商标") {
		t.Fatalf("the simplified question's answer does not name 商标:\n%s", simple.Text)
	}
	if strings.Contains(r.Text, "商标") || !strings.Contains(r.Text, "商標") {
		t.Errorf("the answer is not in traditional characters:\n%s", r.Text)
	}
	mustContain(t, "traditional answer", r, "[有幫助]", "以上為一般信息")
	if h.question(r).Article != h.question(simple).Article {
		t.Errorf("answered from %s, the simplified question from %s", h.question(r).Article, h.question(simple).Article)
	}
	// A section or topic opened from its buttons is shown in them too.
	for _, id := range []string{"kb.section", "kb.topic"} {
		var b bot.Button
		for _, x := range r.Buttons {
			if x.ID == id {
				b = x
				break
			}
		}
		if b.ID == "" {
			t.Fatalf("no %s button under the answer", id)
		}
		opened := h.pressButton("seller2", b)
		if strings.Contains(opened.Text, "商标") || !strings.Contains(opened.Text, "為一般信息") {
			t.Errorf("%s %q opened in simplified characters:\n%s", id, b.Label, opened.Text)
		}
		// So are the replies to its feedback buttons.
		voted := h.pressButton("seller2", findButton(t, opened, "kb.unhelpful"))
		mustContain(t, "not-helpful vote on "+id, voted, "謝謝反饋")
	}
	// The replies to the answer's feedback, reason form and staff
	// buttons are in them too; the simplified asker's stay simplified.
	voted := h.pressButton("seller2", findButton(t, r, "kb.unhelpful"))
	mustContain(t, "not-helpful vote", voted, "謝謝反饋")
	why := h.pressButton("seller2", findButton(t, voted, "kb.why"))
	if why.Form == nil || why.Form.Title != "缺少什麼？" {
		t.Errorf("the reason form is not in traditional characters: %+v", why.Form)
	}
	mustContain(t, "staff", h.pressButton("seller2", findButton(t, r, "kb.staff")), "已把你的問題轉給工作人員")
	mustContain(t, "simplified vote", h.pressButton("seller1", findButton(t, simple, "kb.unhelpful")), "谢谢反馈")
}

// findButton returns the button of rep with the action id, failing the
// test when there is none.
func findButton(t *testing.T, rep bot.Reply, id string) bot.Button {
	t.Helper()
	for _, b := range rep.Buttons {
		if b.ID == id {
			return b
		}
	}
	t.Fatalf("no %s button in:\n%s", id, bottest.Text(rep))
	return bot.Button{}
}

// TestAskGreetingAndThanksAnsweredInKind checks that a greeting or thanks
// gets a reply in kind, not "I don't have a good answer", and is not
// logged as a question the base could not answer.
func TestAskGreetingAndThanksAnsweredInKind(t *testing.T) {
	h := newAskHarness(t)
	for _, c := range []struct{ text, want string }{
		{"hi", "Ask me an intellectual-property question"},
		{"Thanks!", "You're welcome"},
		{"thank you so much 🙏", "You're welcome"},
		{"你好", "用自己的话问我知识产权问题"},
		{"谢谢！", "不客气"},
		{"在吗", "用自己的话问我知识产权问题"},
	} {
		r := h.say("seller1", c.text)
		if !strings.Contains(r.Text, c.want) || strings.Contains(r.Text, "good answer") || strings.Contains(r.Text, "没有能很好回答") {
			t.Errorf("%q: got\n%s\nwant %q", c.text, r.Text, c.want)
		}
	}
	gaps, err := h.db.QuestionGaps(context.Background(), 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(gaps) > 0 {
		t.Errorf("greetings logged as unanswered questions: %+v", gaps)
	}
	// A greeting before a question is no greeting alone.
	r := h.say("seller1", "hi, how long does a US trademark last?")
	mustContain(t, "greeted question", r, "Trademarks in the US")
}

// TestAskMentionsAroundAQuestionAreNotSearched checks that mentions in
// Slack's markup, typed as text where no adapter turns them into plain
// mentions (another platform, the console), are not searched as words:
// "<!channel>" had found the sections on sales channels.
func TestAskMentionsAroundAQuestionAreNotSearched(t *testing.T) {
	h := newAskHarness(t)
	plain := h.say("seller1", "what is a trademark")
	noisy := h.say("seller2", "<!channel> what is a trademark <@U999> <#C123|general>")
	for _, r := range []bot.Reply{plain, noisy} {
		mustContain(t, "mentions", r, "Source: Trademark basics")
		mustNotContain(t, "mentions", r, "licence")
	}
}
