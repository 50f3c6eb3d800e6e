package handlers_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/bottest"
	"github.com/ipdesk/ipdesk/i18n"
)

// fileIn runs user through the wizard as fileFor does, every event in
// lang, and returns the receipt and the complaint.
func (h *harness) fileIn(user, seller string, lang i18n.Lang) (bot.Reply, *ipdesk.Complaint) {
	h.t.Helper()
	do := func(e *bot.Event) bot.Reply {
		e.Lang = lang
		return h.do(e)
	}
	say := func(text string) bot.Reply {
		e := h.event(user)
		e.Kind, e.Text = bot.KindMessage, text
		return do(e)
	}
	press := func(r bot.Reply, label string) bot.Reply {
		b, ok := bottest.Button(r, label)
		if !ok {
			h.t.Fatalf("no button %q in:\n%s", label, bottest.Text(r))
		}
		e := h.event(user)
		e.Kind, e.Action = bot.KindAction, bot.Action{ID: b.ID, Value: b.Value}
		return do(e)
	}
	// The wizard speaks the complainant's language: its buttons are
	// pressed by what they say there.
	in := func(en, zh string) string {
		if lang == i18n.ZH {
			return zh
		}
		return en
	}
	r := say("/complain")
	r = press(r, in("I bought a counterfeit", "我买到了假货"))
	r = press(r, in("Amazon", "亚马逊（Amazon）"))
	r = say("https://www.amazon.com/dp/B0EXAMPLE1")
	r = say(seller)
	r = say("123-1234567-1234567")
	r = say("2026-02-20")
	r = say("商标印错了，缝线也松了，包装和正品完全不一样，明显是假货。")
	e := h.event(user)
	e.Kind, e.Files = bot.KindMessage, []bot.File{jpeg("a photo of the label")}
	r = do(e)
	r = press(r, in("Done", "完成"))
	r = press(r, in("Compensation", "赔偿"))
	r = say("120元")
	r = press(r, in("No, only here", "不用，只在这里"))
	r = press(r, in("Submit", "提交"))
	list, err := h.db.ComplaintsByUser(context.Background(), bot.Console, user)
	if err != nil || len(list) == 0 {
		h.t.Fatalf("no complaint stored: %v", err)
	}
	return r, &list[0]
}

// TestChineseComplainantEnglishStaff files a complaint in Chinese, has
// staff approve it in English, and checks the complainant is told in
// Chinese while staff read English; the decision messages in both
// languages are golden files.
func TestChineseComplainantEnglishStaff(t *testing.T) {
	h := newHarness(t)
	receipt, cpl := h.fileIn("consumer1", "ACME Store", i18n.ZH)
	if cpl.Lang != "zh" || cpl.Amount != 12000 || cpl.Currency != "CNY" {
		t.Fatalf("complaint lang %q, amount %d %s", cpl.Lang, cpl.Amount, cpl.Currency)
	}
	mustContain(t, "receipt", receipt, "谢谢。你的投诉已登记，编号 **"+cpl.Ref+"**", "通常在 2 天内处理", "`/状态`")
	card := h.cardFor(cpl.Ref)
	mustContain(t, "card", card, "Complaint "+cpl.Ref, "120.00 CNY", "Language", "中文")

	r := h.press("staff", card, "Approve compensation")
	if _, err := h.submit("staff", r.Form, map[string]string{"amount": "120", "currency": "CNY", "note": "Refund of the item price."}); err != nil {
		t.Fatal(err)
	}
	// Staff are answered in English. An amount in another currency than
	// the approval limit's needs a second staff member.
	mustContain(t, "staff confirmation", h.rec.LastReply(), "Done: "+cpl.Ref+" is now approved, waiting for a second staff member to confirm.")
	dms := h.dms("consumer1")
	mustContain(t, "pending", dms[len(dms)-1], "处理决定正在由第二位工作人员确认，结果确定后会立即通知你。")
	h.press("staff2", h.cardFor(cpl.Ref), "Confirm approval")
	dms = h.dms("consumer1")
	zh := dms[len(dms)-1]
	mustContain(t, "decision", zh, "你的投诉 **"+cpl.Ref+"** 有新进展：已**批准**。赔偿金额：**120.00 元**。")
	if zh.Important != cpl.Ref {
		t.Errorf("decision not marked important: %q", zh.Important)
	}
	golden(t, "decision.approved.zh", strings.ReplaceAll(bottest.Text(zh), cpl.Ref, "IPD-REF"))

	// The same decision for an English complainant.
	_, en := h.fileIn("consumer2", "ACME Store", i18n.EN)
	r = h.press("staff", h.cardFor(en.Ref), "Approve compensation")
	if _, err := h.submit("staff", r.Form, map[string]string{"amount": "120", "currency": "CNY", "note": "Refund of the item price."}); err != nil {
		t.Fatal(err)
	}
	h.press("staff2", h.cardFor(en.Ref), "Confirm approval")
	dms = h.dms("consumer2")
	golden(t, "decision.approved.en", strings.ReplaceAll(bottest.Text(dms[len(dms)-1]), en.Ref, "IPD-REF"))

	// A rejection, in Chinese, with its reason and how to appeal.
	_, rej := h.fileIn("consumer3", "ACME Store", i18n.ZH)
	r = h.press("staff", h.cardFor(rej.Ref), "Reject")
	if _, err := h.submit("staff", r.Form, map[string]string{"reason": "insufficient_evidence", "note": "The photos do not show the label."}); err != nil {
		t.Fatal(err)
	}
	dms = h.dms("consumer3")
	golden(t, "decision.rejected.zh", strings.ReplaceAll(bottest.Text(dms[len(dms)-1]), rej.Ref, "IPD-REF"))

	// The same rejection for an English complainant.
	_, rejEN := h.fileIn("consumer4", "ACME Store", i18n.EN)
	r = h.press("staff", h.cardFor(rejEN.Ref), "Reject")
	if _, err := h.submit("staff", r.Form, map[string]string{"reason": "insufficient_evidence", "note": "The photos do not show the label."}); err != nil {
		t.Fatal(err)
	}
	dms = h.dms("consumer4")
	golden(t, "decision.rejected.en", strings.ReplaceAll(bottest.Text(dms[len(dms)-1]), rejEN.Ref, "IPD-REF"))
}

// TestWizardSummaryGolden files a complaint in each language and keeps the
// summary the complainant checks before submitting as a golden file.
func TestWizardSummaryGolden(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.EN, i18n.ZH} {
		h := newHarness(t)
		h.fileIn("consumer1", "ACME Store", lang)
		var summary bot.Reply
		for _, r := range h.rec.Replies() {
			if strings.Contains(r.Text, "**Please check your complaint.**") || strings.Contains(r.Text, "**请核对你的投诉。**") {
				summary = r
			}
		}
		if summary.Text == "" {
			t.Fatalf("%s: no summary was shown", lang)
		}
		golden(t, "summary."+string(lang), bottest.Text(summary))
	}
}

// golden compares got with testdata/NAME.golden; go test -run ... -update
// rewrites the file.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if os.Getenv("IPDESK_UPDATE_GOLDEN") != "" {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (set IPDESK_UPDATE_GOLDEN=1 to write it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from %s:\n--- got\n%s\n--- want\n%s", name, path, got, want)
	}
}

// TestCardGolden renders a complaint's review card in English and in
// Chinese (IPDESK_REVIEW_LANG=zh), before and after a decision.
func TestCardGolden(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.EN, i18n.ZH} {
		h := newHarness(t)
		h.reviewLang = lang
		h.restart()
		_, cpl := h.fileIn("consumer1", "ACME Store", i18n.ZH)
		card := h.lastCard(cpl.Ref)
		text := strings.ReplaceAll(bottest.Text(card), cpl.Ref, "IPD-REF")
		r := h.pressButton("staff", card.Buttons[1]) // reject
		if _, err := h.submit("staff", r.Form, map[string]string{"reason": "insufficient_evidence", "note": "The photos do not show the label."}); err != nil {
			t.Fatal(err)
		}
		decided := strings.ReplaceAll(bottest.Text(h.lastCard(cpl.Ref)), cpl.Ref, "IPD-REF")
		golden(t, "card."+string(lang), text+"\n\n----- after the decision -----\n\n"+decided)
	}
}

// lastCard returns the latest version of ref's card, whatever its language.
func (h *harness) lastCard(ref string) bot.Reply {
	h.t.Helper()
	var card bot.Reply
	for _, s := range h.rec.Sent() {
		if s.To == review && strings.Contains(s.Reply.Text, ref) && len(s.Reply.Fields) > 0 {
			card = s.Reply
		}
	}
	for _, e := range h.rec.Edits() {
		if strings.Contains(e.Reply.Text, ref) && len(e.Reply.Fields) > 0 {
			card = e.Reply
		}
	}
	if len(card.Fields) == 0 {
		h.t.Fatalf("no card for %s", ref)
	}
	return card
}

// TestReviewFormsInChinese checks a Chinese-speaking staff member gets the
// decision forms in Chinese, with the reasons translated.
func TestReviewFormsInChinese(t *testing.T) {
	h := newHarness(t)
	cpl := h.file("consumer1", "ACME Store")
	card := h.cardFor(cpl.Ref)
	press := func(label string) *bot.Form {
		t.Helper()
		b, ok := bottest.Button(card, label)
		if !ok {
			t.Fatalf("no %q button", label)
		}
		e := h.event("staff")
		e.Kind, e.Action, e.Lang = bot.KindAction, bot.Action{ID: b.ID, Value: b.Value}, i18n.ZH
		r := h.do(e)
		if r.Form == nil {
			t.Fatalf("%s opened no form: %+v", label, r)
		}
		return r.Form
	}
	f := press("Approve compensation")
	if f.Title != "批准 "+cpl.Ref || f.Inputs[0].Label != "金额" || f.Inputs[1].Label != "币种（ISO 4217）" || f.Inputs[0].Placeholder != "投诉人要求：49.99 USD" {
		t.Errorf("approve form: %+v", f)
	}
	f = press("Reject")
	if f.Title != "驳回 "+cpl.Ref || f.Inputs[0].Options[0].Label != "证据不足" {
		t.Errorf("reject form: %+v", f)
	}
	e := h.event("staff")
	e.Kind, e.Form, e.Lang = bot.KindSubmit, bot.FormData{ID: f.ID, Value: f.Value, Fields: map[string]string{"reason": "made-up"}}, i18n.ZH
	var fe *bot.FormError
	if err := h.serveRaw(e); !errors.As(err, &fe) || fe.Fields["reason"] != "请选择一个理由。" {
		t.Errorf("unknown reason: %v", err)
	}
}
