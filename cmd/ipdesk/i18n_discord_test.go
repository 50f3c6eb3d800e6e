package main

import (
	"strings"
	"testing"

	"github.com/ipdesk/ipdesk/bot/discord/discordfake"
)

// TestDiscordChineseCommands checks the registration payload carries the
// zh-CN names and descriptions, that a user whose client is in Chinese
// runs /帮助 and is answered in Chinese, and that one whose client is in
// English is answered in English.
func TestDiscordChineseCommands(t *testing.T) {
	t.Parallel()
	w := newDiscordWorld(t)
	cmds := w.srv.Commands("")
	byName := map[string]discordfake.Command{}
	for _, c := range cmds {
		byName[c.Name] = c
	}
	for name, zh := range map[string]string{"complain": "投诉", "status": "状态", "withdraw": "撤回", "check": "检查", "help": "帮助", "lang": "语言", "queue": "队列", "case": "案件"} {
		c, ok := byName[name]
		if !ok {
			t.Errorf("/%s not registered", name)
			continue
		}
		if got := c.NameLocalizations["zh-CN"]; got != zh {
			t.Errorf("/%s: zh-CN name %q, want %q", name, got, zh)
		}
		if d := c.DescriptionLocalizations["zh-CN"]; d == "" || d == c.Description {
			t.Errorf("/%s: zh-CN description %q", name, d)
		}
	}

	// Every command the App routes has a Chinese name and summary, so a
	// new command cannot ship without them.
	for _, c := range w.app.Mux.Commands(true) {
		if zh := c.In("zh"); zh.Name == c.Name || zh.Summary == c.Summary {
			t.Errorf("command %q has no Chinese name or summary in the catalog (cmd.%s.name, cmd.%s.summary)", c.Name, c.Name, c.Name)
		}
	}

	zhUser := discordfake.User{ID: "888", Name: "seller", Locale: "zh-CN"}
	ix := w.srv.Slash(zhUser, w.dm(zhUser), "帮助", nil)
	r := w.srv.Reply(ix, dwait)
	if got := r.Message.Display(); !strings.Contains(got, "我可以解答知识产权问题") || !strings.Contains(got, "/投诉 — ") {
		t.Errorf("/帮助 from a Chinese client:\n%s", got)
	}
	ix = w.srv.Slash(dConsumer, w.dm(dConsumer), "help", nil)
	r = w.srv.Reply(ix, dwait)
	if got := r.Message.Display(); !strings.Contains(got, "I help with") || strings.Contains(got, "投诉") {
		t.Errorf("/help from an English client:\n%s", got)
	}
}

// TestDiscordChineseComplainant files a complaint with /投诉 from a Chinese
// Discord client, has staff approve it from the English card, and checks
// the receipt and the decision reach the complainant in Chinese, naming
// the command the way their client shows it.
func TestDiscordChineseComplainant(t *testing.T) {
	t.Parallel()
	w := newDiscordWorld(t)
	u := discordfake.User{ID: "889", Name: "buyer", Locale: "zh-CN"}
	w.srv.Slash(u, w.dm(u), "投诉", nil)
	m := w.shown(w.dm(u), "发生了什么？", "[我买到了假货]")
	summary := w.continueFrom(u, acmeZH, m, "")
	w.click(u, summary, "提交")
	card := w.shown(dReview, "[Approve compensation]", "中文")
	receipt := w.shown(w.dm(u), "你的投诉已登记，编号", "/状态")
	ref := refPat.FindString(receipt.Display())
	if ref == "" || !strings.Contains(card.Display(), ref) {
		t.Fatalf("receipt %q and card %q do not name the same complaint", receipt.Display(), card.Display())
	}
	open := w.click(dListed, card, "Approve compensation")
	if r := w.srv.Reply(open, dwait); r.Modal == nil {
		t.Fatalf("Approve answered with type %d, want a modal", r.Type)
	}
	good := w.srv.SubmitModal(dListed, open, map[string]string{"Amount": "45", "Currency (ISO 4217)": "USD", "Note to the complainant": "Refund of the price."})
	w.shown(dReview, "approved", "45.00 USD")
	notice := w.shown(w.dm(u), "你的投诉 "+ref+" 有新进展：已批准。赔偿金额：45.00 美元。")
	// A decision DM has no interaction, so no client locale: it names the
	// command by the name every client accepts.
	if !strings.Contains(notice.Display(), "输入 /status 查看你的全部投诉") {
		t.Errorf("notice:\n%s", notice.Display())
	}
	if done := w.srv.Reply(good, dwait); !strings.Contains(done.Message.Display(), "Done: "+ref+" is now approved") {
		t.Errorf("staff saw %q", done.Message.Display())
	}
}
