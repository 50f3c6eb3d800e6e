package handlers_test

import (
	"strings"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/bottest"
	"github.com/ipdesk/ipdesk/i18n"
)

// TestStatusAndQueueInChinese checks a Chinese speaker's status list and
// a Chinese staff member's queue: labels, dates and ages in Chinese.
func TestStatusAndQueueInChinese(t *testing.T) {
	h := newHarness(t)
	e := h.event("consumer1")
	e.Kind, e.Text, e.Lang = bot.KindMessage, "状态", i18n.ZH
	r := h.do(e)
	mustContain(t, "no complaints", r, "你还没有提交过投诉", "输入 `/投诉`")

	cpl := h.file("consumer1", "Acme Outlet")
	e = h.event("consumer1")
	e.Kind, e.Text, e.Lang = bot.KindMessage, "/状态", i18n.ZH
	r = h.do(e)
	mustContain(t, "status", r, "**你的投诉**", "**"+cpl.Ref+"**，2026年3月1日 提交：已提交", "`/撤回 IPD-…`")

	h.clock.Add(50*time.Hour + 5*time.Minute)
	e = h.event("staff1")
	e.Kind, e.Text, e.Lang = bot.KindMessage, "队列", i18n.ZH
	r = h.do(e)
	mustContain(t, "queue", r, "**待处理的投诉**（1 件，最早的在前）", "已等待 2天2小时", "已提交", "**已超时**")
}

// TestWithdrawInChinese withdraws a complaint in Chinese, from the list to
// the confirmation.
func TestWithdrawInChinese(t *testing.T) {
	h := newHarness(t)
	cpl := h.file("consumer1", "Acme Outlet")
	zh := func(text string) bot.Reply {
		t.Helper()
		e := h.event("consumer1")
		e.Kind, e.Text, e.Lang = bot.KindMessage, text, i18n.ZH
		return h.do(e)
	}
	r := zh("撤回")
	mustContain(t, "which", r, "你要撤回哪一件投诉？", "**"+cpl.Ref+"**", "`/撤回 IPD-…`")
	r = zh("撤回 " + cpl.Ref)
	mustContain(t, "confirm", r, "确定撤回 **"+cpl.Ref+"**（买到假货，Acme Outlet）吗？")
	e := h.event("consumer1")
	e.Lang = i18n.ZH
	b, ok := bottest.Button(r, "确定撤回 "+cpl.Ref)
	if !ok {
		t.Fatalf("no Chinese confirm button: %+v", r.Buttons)
	}
	e.Kind, e.Action = bot.KindAction, bot.Action{ID: b.ID, Value: b.Value}
	r = h.do(e)
	mustContain(t, "done", r, "**"+cpl.Ref+"** 已撤回", "`/状态`")
	r = zh("撤回 " + cpl.Ref)
	mustContain(t, "withdrawn already", r, cpl.Ref+" 当前状态为“已撤回”，不能再撤回。")
}

// TestSellerGuidanceInChinese checks a Chinese seller whose listing was
// reported gets the response guidance from the Chinese articles.
func TestSellerGuidanceInChinese(t *testing.T) {
	h := newHarness(t)
	e := h.event("seller1")
	e.Kind, e.Text, e.Lang = bot.KindMessage, "投诉", i18n.ZH
	r := h.do(e)
	mustContain(t, "wizard", r, "**发生了什么？**")
	b, ok := bottest.Button(r, "我的商品被投诉了（我是卖家）")
	if !ok {
		t.Fatalf("no seller choice: %+v", r.Buttons)
	}
	e = h.event("seller1")
	e.Kind, e.Action, e.Lang = bot.KindAction, bot.Action{ID: b.ID, Value: b.Value}, i18n.ZH
	r = h.do(e)
	mustContain(t, "guidance", r, "**你的商品被投诉了：应对方法如下。**", "摘自知识库文章", "没有提交任何投诉", "`/投诉`")
	if len(r.Buttons) == 0 {
		t.Fatal("no article buttons")
	}
	for _, b := range r.Buttons {
		if !strings.HasPrefix(b.Value, "zh/") {
			t.Errorf("button %+v is not a Chinese article", b)
		}
	}
}
