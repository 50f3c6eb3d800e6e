package main

import (
	"strings"
	"testing"

	"github.com/ipdesk/ipdesk/bot/slack/slackfake"
)

// TestSlackChineseUser checks that a user whose Slack is in Chinese is
// answered in Chinese before writing a word of it, that /ipdesk takes the
// Chinese command names, and that `lang en` switches to English for good.
func TestSlackChineseUser(t *testing.T) {
	t.Parallel()
	w := newSlackWorld(t)
	const zhUser = "U300"
	w.fake.AddUser(slackfake.User{ID: zhUser, Name: "seller", Locale: "zh-CN"})
	w.dm(zhUser, "help", "我可以解答知识产权问题", "/ipdesk 投诉")
	w.slash(slackfake.IMChannel(zhUser), zhUser, "帮助")
	w.shown(slackfake.IMChannel(zhUser), "我可以解答知识产权问题")
	w.dm(zhUser, "lang en", "in English from now on")
	w.dm(zhUser, "help", "I help with", "/ipdesk complain")
	// Chinese text no longer changes a language the user chose.
	w.dm(zhUser, "帮助", "I help with")
	// An English user writing in Chinese is answered in Chinese.
	w.dm(consumer, "帮助", "我可以解答知识产权问题")
}

// TestSlackChineseComplainant files a complaint through /ipdesk 投诉, has
// staff approve it from the English card, and checks the receipt and the
// decision reach the complainant in Chinese.
func TestSlackChineseComplainant(t *testing.T) {
	t.Parallel()
	w := newSlackWorld(t)
	const zhUser = "U301"
	w.fake.AddUser(slackfake.User{ID: zhUser, Name: "buyer", Locale: "zh-CN"})
	dm := slackfake.IMChannel(zhUser)
	w.slash(dm, zhUser, "投诉")
	m := w.shown(dm, "发生了什么？", "[我买到了假货]")
	summary := w.continueFrom(zhUser, acmeZH, m, "")
	w.click(zhUser, summary, "提交")
	card := w.shown(reviewChannel, "[Approve compensation]", "中文")
	receipt := w.shown(dm, "你的投诉已登记，编号", "`/ipdesk 状态`")
	ref := refPat.FindString(receipt.Visible())
	if ref == "" || !strings.Contains(card.Visible(), "Complaint "+ref) {
		t.Fatalf("receipt %q and card %q do not name the same complaint", receipt.Visible(), card.Visible())
	}
	w.click(staffMember, card, "Approve compensation")
	v, err := w.fake.WaitView(w.ctx, staffMember, 0)
	if err != nil {
		t.Fatal(err)
	}
	if errs := w.submit(staffMember, v, map[string]string{"amount": "45", "currency": "USD", "note": "Refund of the price."}); errs != nil {
		t.Fatalf("approval refused: %v", errs)
	}
	w.shown(reviewChannel, "approved 45.00 USD by")
	w.shown(dm, "你的投诉 *"+ref+"* 有新进展：已*批准*。赔偿金额：*45.00 美元*。", "`/ipdesk 状态`")
	w.shown(reviewChannel, "Done: "+ref+" is now approved")
}
