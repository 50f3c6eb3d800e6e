package handlers_test

import (
	"context"
	"io"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/bottest"
	"github.com/ipdesk/ipdesk/i18n"
)

func TestRestartMidWizardResumes(t *testing.T) {
	h := newHarness(t)
	r := h.say("consumer1", "/complain")
	r = h.press("consumer1", r, "I bought a counterfeit")
	r = h.press("consumer1", r, "eBay")
	h.say("consumer1", "https://www.ebay.com/itm/123456789012")
	h.restart()
	// The next answer goes to the same step: the seller name.
	r = h.say("consumer1", "Gadget Outlet")
	mustContain(t, "after restart", r, "order number", "12-12345-12345")
	d := h.draft("consumer1")
	if d.Step != "order" || d.Answers.Seller != "Gadget Outlet" || d.Answers.Marketplace != "ebay" {
		t.Fatalf("draft after restart = %+v", d)
	}
	h.restart()
	// /complain again resumes instead of opening a second draft.
	r = h.say("consumer1", "/complain")
	mustContain(t, "resume", r, "already have a complaint in progress", "order number")
	if h.draft("consumer1").ID != d.ID {
		t.Fatal("a second draft replaced the first")
	}
	// back returns to the seller question with the answer shown.
	r = h.say("consumer1", "back")
	mustContain(t, "back", r, "seller", "Current answer: Gadget Outlet")
}

func TestDuplicateConfirmFilesOnce(t *testing.T) {
	h := newHarness(t)
	r := h.toSummary("consumer1")
	submit, _ := bottest.Button(r, "Submit")
	var wg sync.WaitGroup
	for range 5 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e := h.event("consumer1")
			e.Kind, e.Action = bot.KindAction, bot.Action{ID: submit.ID, Value: submit.Value}
			if err := h.serve(e); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	// And once more after a restart.
	h.restart()
	r = h.pressButton("consumer1", submit)
	list, _ := h.db.ComplaintsByUser(context.Background(), bot.Console, "consumer1")
	if len(list) != 1 {
		t.Fatalf("%d complaints filed, want 1", len(list))
	}
	mustContain(t, "duplicate", r, "already filed", list[0].Ref)
	cards := 0
	for _, s := range h.rec.Sent() {
		if s.To == review {
			cards++
		}
	}
	if cards != 1 {
		t.Fatalf("%d review cards posted, want 1", cards)
	}
}

// toSummary answers every question the quickest valid way.
func (h *harness) toSummary(user string) bot.Reply {
	h.t.Helper()
	r := h.walk(user, "", walk{
		"marketplace": {"[Etsy]"}, "urls": {"https://www.etsy.com/listing/1234567890/scarf"}, "seller": {"Scarf Shop"},
		"problem": {"The scarf has a fake designer label sewn on."}, "consent": {"[Yes, by email]"}, "contact": {"buyer@example.com"},
	})
	mustContain(h.t, "summary", r, "Please check", "buyer@example.com")
	return r
}

func TestBadInputsChangeNothing(t *testing.T) {
	h := newHarness(t)
	huge := strings.Repeat("x", 10000)
	bad := map[string][]struct{ in, want string }{
		"urls": {
			{"", "empty"}, {huge, "too long"}, {"ACME Store", "shop or product name"}, {"@everyone", "mention"},
			{"<!channel>", "mention"}, {"https://www.amazon.com/dp/B0EXAMPLE1\x07", "control characters"},
			{"https://www.etsy.com/listing/1", "not an Amazon link"}, {"https://www.amazon.com/shops/acme", "single listing"},
			{"javascript:alert(1)", "not a valid web link"},
		},
		"seller":     {{"", "empty"}, {"   ", "empty"}, {huge, "too long"}, {"Shop\x00Name", "control characters"}, {"hey @everyone", "mention"}, {"<!channel> shop", "mention"}, {"two\nlines", "one line"}},
		"order":      {{"12345", "123-1234567-1234567"}, {huge, "too long"}, {"@here", "mention"}, {"-1", "not an order number"}},
		"order_date": {{"yesterday", "YYYY-MM-DD"}, {"2026-03-02", "in the future"}, {"2026-02-30", "YYYY-MM-DD"}, {"1990-01-01", "ten years"}},
		"problem":    {{"", "empty"}, {"bad", "too short"}, {huge, "too long"}, {"It is fake <@U123> look at this please", "mention"}, {"fake\x1b[2J product with bad stitching", "control characters"}},
		"evidence":   {{"not a link", "not a web link"}, {"@everyone", "mention"}, {"ftp://example.com/x.jpg", "not a web link"}},
		"amount": {{"0", "more than zero"}, {"-5", "more than zero"}, {"0.00", "more than zero"}, {"99999999999", "too large"}, {"1000000.01", "too large"},
			{"10 XYZ", "not a currency"}, {"12.345", "decimal places"}, {"lots", "not an amount"}, {huge, "too long"}, {"<!channel>", "mention"}},
		"contact": {{"buyer", "not an email"}, {"a b@example.com", "not an email"}, {huge, "too long"}},
	}
	// Walk the wizard; at each step try every bad input first.
	good := walk{
		"urls": {"https://www.amazon.com/dp/B0EXAMPLE1"}, "seller": {"ACME Store"}, "order": {"123-1234567-1234567"},
		"order_date": {"2026-02-20"}, "problem": {"The logo is misprinted and the stitching is loose."},
		"remedy": {"[Compensation]"}, "amount": {"25 EUR"}, "consent": {"[Yes, by email]"}, "contact": {"buyer@example.com"},
	}
	r := h.say("consumer1", "/complain")
	r = h.press("consumer1", r, "I bought a counterfeit")
	r = h.press("consumer1", r, "Amazon")
	tried := map[string]bool{}
	for d := h.draft("consumer1"); d.Step != "confirm"; d = h.draft("consumer1") {
		for _, b := range bad[d.Step] {
			r := h.say("consumer1", b.in)
			if !strings.Contains(r.Text, b.want) {
				t.Errorf("step %s, input %q: reply %q, want it to say %q", d.Step, clip(b.in), r.Text, b.want)
			}
			if after := h.draft("consumer1"); !reflect.DeepEqual(d, after) {
				t.Fatalf("step %s, input %q changed the draft:\n%+v\n%+v", d.Step, clip(b.in), d, after)
			}
		}
		tried[d.Step] = true
		h.answerStep("consumer1", i18n.EN, h.rec.LastReply(), good)
	}
	for step := range bad {
		if !tried[step] {
			t.Errorf("the walk never reached step %s", step)
		}
	}
	r = h.rec.LastReply()
	mustContain(t, "summary", r, "25.00 EUR", "buyer@example.com", "ACME Store")
	// Choice steps reject anything that is not a choice; skip is refused on required steps.
	d := h.draft("consumer1")
	h.press("consumer1", r, "Edit an answer")
	kind := h.press("consumer1", h.rec.LastReply(), "Kind")
	d = h.draft("consumer1")
	r = h.say("consumer1", "@everyone")
	mustContain(t, "choice", r, "choose one of")
	r = h.say("consumer1", "skip")
	mustContain(t, "skip required", r, "can't be skipped")
	if after := h.draft("consumer1"); !reflect.DeepEqual(d, after) {
		t.Fatal("bad choice changed the draft")
	}
	// Editing the kind to "rights" asks only the new questions, then returns to the summary.
	r = h.press("consumer1", kind, "I own the rights (or act for the owner)")
	r = h.press("consumer1", r, "I own the right")
	r = h.press("consumer1", r, "Trademark")
	r = h.press("consumer1", r, "United States (USPTO)")
	mustContain(t, "regno", r, "registration number")
	r = h.say("consumer1", "no digits")
	mustContain(t, "bad regno", r, "at least one digit")
	r = h.say("consumer1", "US 12345")
	mustContain(t, "bad US regno", r, "7-digit registration number")
	r = h.say("consumer1", "US 1234567")
	mustContain(t, "declarations", r, "Declarations", "penalty of perjury")
	r = h.press("consumer1", r, "I make these statements")
	r = h.say("consumer1", "A Rights Owner")
	mustContain(t, "back to summary", r, "Please check", "trademark in United States (USPTO), registration US 1234567", "Signed “A Rights Owner”")
}

func clip(s string) string {
	if len(s) > 30 {
		return s[:30] + "…"
	}
	return s
}

func TestEvidenceUploadLimits(t *testing.T) {
	h := newHarness(t)
	r := h.walk("consumer1", "evidence", otherProblem)
	mustContain(t, "evidence", r, "Send your evidence")
	d := h.draft("consumer1")
	send := func(f bot.File) bot.Reply {
		e := h.event("consumer1")
		e.Kind, e.Files = bot.KindMessage, []bot.File{f}
		return h.do(e)
	}
	exe := bot.File{Name: "setup.exe", Type: "application/x-msdownload", Size: 100}
	mustContain(t, "type", send(exe), "not a JPEG, PNG, WebP or PDF")
	big := bot.File{Name: "huge.png", Type: "image/png", Size: 11 << 20}
	mustContain(t, "size", send(big), "limit is 10 MB")
	lying := bot.File{Name: "small.png", Type: "image/png", Size: 10, Open: func(context.Context) (io.ReadCloser, error) {
		return io.NopCloser(strings.NewReader(strings.Repeat("x", 10<<20+5))), nil
	}}
	mustContain(t, "real size", send(lying), "larger than 10 MB")
	if after := h.draft("consumer1"); !reflect.DeepEqual(d, after) {
		t.Fatal("rejected uploads changed the draft")
	}
	r = send(bot.File{Name: "invoice.pdf", Type: "application/pdf", Size: 2048, URL: "https://files.example.com/invoice.pdf"})
	mustContain(t, "pdf", r, "invoice.pdf", "application/pdf")
	if ev := h.draft("consumer1").Answers.Evidence; len(ev) != 1 || ev[0].SHA256 != "" || ev[0].URL == "" {
		t.Fatalf("evidence without fetch = %+v", ev)
	}
}

func TestFilingInPublicMovesToDM(t *testing.T) {
	h := newHarness(t)
	e := h.event("consumer1")
	e.Where = bot.Address{Platform: bot.Console, Channel: "general"}
	e.Kind, e.Text = bot.KindMessage, "/complain"
	r := h.do(e)
	mustContain(t, "public reply", r, "direct message")
	if strings.Contains(r.Text, "What happened") {
		t.Fatal("the wizard's question went to the public channel")
	}
	dms := h.dms("consumer1")
	if len(dms) != 1 {
		t.Fatalf("%d DMs, want the first question", len(dms))
	}
	mustContain(t, "dm", dms[0], "What happened?")
	// An answer typed in the public channel is not taken.
	e = h.event("consumer1")
	e.Where, e.Kind, e.Text = bot.Address{Platform: bot.Console, Channel: "general"}, bot.KindMessage, "my email is buyer@example.com"
	h.serve(e)
	if d := h.draft("consumer1"); d.Step != "kind" || d.Place != "console:@consumer1" {
		t.Fatalf("draft = %+v", d)
	}
}

func TestSayingBoughtAFakeStartsWizard(t *testing.T) {
	h := newHarness(t)
	r := h.say("consumer1", "I think I bought a fake watch on Amazon")
	mustContain(t, "start", r, "sorry you received a fake", "Which marketplace")
	if d := h.draft("consumer1"); d.Answers.Kind != ipdesk.KindCounterfeit {
		t.Fatalf("kind = %q", d.Answers.Kind)
	}
	r = h.say("consumer1", "back")
	mustContain(t, "back to kind", r, "What happened?")
}

func TestCancelAndRestart(t *testing.T) {
	h := newHarness(t)
	r := h.say("consumer1", "/complain")
	r = h.press("consumer1", r, "I bought a counterfeit")
	r = h.say("consumer1", "restart")
	mustContain(t, "restart", r, "What happened?")
	if d := h.draft("consumer1"); d.Step != "kind" || d.Answers.Kind != "" {
		t.Fatalf("after restart: %+v", d)
	}
	r = h.say("consumer1", "cancel")
	mustContain(t, "cancel", r, "Nothing was filed")
	if h.draft("consumer1") != nil {
		t.Fatal("draft kept after cancel")
	}
}

// A draft left alone is warned of once, a day before it expires, saying
// where it stands; it expires only after the warning, and a user who comes
// back keeps it.
func TestDraftExpires(t *testing.T) {
	h := newHarness(t)
	r := h.say("consumer1", "/complain")
	h.press("consumer1", r, "I bought a counterfeit")
	h.say("consumer2", "/complain")
	h.clock.Add(6*24*time.Hour + time.Hour)
	h.c.Tick(context.Background())
	h.c.Tick(context.Background())
	for _, u := range []string{"consumer1", "consumer2"} {
		n := 0
		for _, dm := range h.dms(u) {
			if strings.Contains(dm.Text, "will be deleted on") {
				n++
				mustContain(t, u+" warning", dm, "2026-03-08 10:00 UTC", "You were filing a complaint: step", "Nothing has been filed yet")
			}
		}
		if n != 1 {
			t.Fatalf("%s warned %d times, want once", u, n)
		}
	}
	// consumer1 comes back; consumer2 does not.
	h.press("consumer1", h.say("consumer1", "Amazon"), "Use “Amazon” as my answer")
	h.clock.Add(25 * time.Hour)
	h.c.Tick(context.Background())
	dms := h.dms("consumer2")
	if len(dms) == 0 || !strings.Contains(dms[len(dms)-1].Text, "expired") || !strings.Contains(dms[len(dms)-1].Text, "Nothing was filed") {
		t.Fatalf("consumer2 not told: %v", dms)
	}
	if h.draft("consumer2") != nil {
		t.Fatal("the expired draft was kept")
	}
	if d := h.draft("consumer1"); d == nil || d.Answers.Marketplace != "amazon" {
		t.Fatalf("the draft of the user who came back = %+v", d)
	}
}

// A draft whose warning could not go out in time (the bot was down) is not
// deleted unwarned: the warning goes first, and the draft lives a day more.
func TestDraftIsWarnedBeforeExpiringEvenLate(t *testing.T) {
	h := newHarness(t)
	h.say("consumer1", "/complain")
	h.clock.Add(30 * 24 * time.Hour)
	h.c.Tick(context.Background())
	if h.draft("consumer1") == nil {
		t.Fatal("a draft was deleted without a warning")
	}
	dms := h.dms("consumer1")
	mustContain(t, "late warning", dms[len(dms)-1], "will be deleted on **2026-04-01 09:00 UTC**")
	h.clock.Add(23 * time.Hour)
	h.c.Tick(context.Background())
	if h.draft("consumer1") == nil {
		t.Fatal("the draft was deleted before the warned time")
	}
	h.clock.Add(2 * time.Hour)
	h.c.Tick(context.Background())
	if h.draft("consumer1") != nil {
		t.Fatal("the draft outlived its warning")
	}
}

func TestSLAReminderOnceAcrossRestarts(t *testing.T) {
	h := newHarness(t)
	cpl := h.file("consumer1", "ACME Store")
	reminders := func() int {
		n := 0
		for _, r := range h.rec.SentTo(review) {
			if strings.Contains(r.Text, "longer than the") {
				n++
			}
		}
		return n
	}
	h.c.Tick(context.Background())
	if reminders() != 0 {
		t.Fatal("reminder before the SLA")
	}
	h.clock.Add(49 * time.Hour)
	h.c.Tick(context.Background())
	h.c.Tick(context.Background())
	h.restart()
	h.c.Tick(context.Background())
	if n := reminders(); n != 1 {
		t.Fatalf("%d reminders, want 1", n)
	}
	if tr := actions(h.trail(cpl.Ref)); tr != "file,sla_reminder" {
		t.Fatalf("trail = %s", tr)
	}
	// The loop runs until its context ends and returns.
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { h.c.Run(ctx); close(done) }()
	cancel()
	<-done
}

func TestRepeatSellerAlertOnce(t *testing.T) {
	h := newHarness(t)
	a := h.file("c1", "ACME Store")
	h.file("c2", "acme-store")
	third := h.file("c3", "ACME  STORE!")
	alerts := func() []bot.Reply {
		var out []bot.Reply
		for _, r := range h.rec.SentTo(review) {
			if strings.Contains(r.Text, "Repeat reports") {
				out = append(out, r)
			}
		}
		return out
	}
	if n := len(alerts()); n != 1 {
		t.Fatalf("%d alerts, want 1", n)
	}
	mustContain(t, "alert", alerts()[0], "3 complainants reported seller", a.Ref, third.Ref)
	mustContain(t, "card flag", h.cardFor(third.Ref), "3rd complainant to report this seller in 30 days")
	h.file("c4", "acme store")
	h.restart()
	h.c.Tick(context.Background())
	if n := len(alerts()); n != 1 {
		t.Fatalf("%d alerts after a 4th report and a restart, want 1", n)
	}
}
