package handlers_test

import (
	"testing"
	"time"

	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/i18n"
)

// TestStatusAndQueueInChinese checks a Chinese speaker's status list and
// a Chinese staff member's queue: labels, dates and ages in Chinese.
func TestStatusAndQueueInChinese(t *testing.T) {
	h := newHarness(t)
	e := h.event("consumer1")
	e.Kind, e.Text, e.Lang = bot.KindMessage, "状态", i18n.ZH
	r := h.do(e)
	mustContain(t, "no complaints", r, "你还没有提交过投诉", "输入 `投诉`")

	cpl := h.file("consumer1", "Acme Outlet")
	e = h.event("consumer1")
	e.Kind, e.Text, e.Lang = bot.KindMessage, "/状态", i18n.ZH
	r = h.do(e)
	mustContain(t, "status", r, "**你的投诉**", "**"+cpl.Ref+"**，2026年3月1日 提交：已提交", "`撤回 IPD-…`")

	h.clock.Add(50*time.Hour + 5*time.Minute)
	e = h.event("staff1")
	e.Kind, e.Text, e.Lang = bot.KindMessage, "队列", i18n.ZH
	r = h.do(e)
	mustContain(t, "queue", r, "**待处理的投诉**（1 件，最早的在前）", "已等待 2天2小时", "已提交", "**已超时**")
}
