package main

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var receiptZH = regexp.MustCompile(`你的投诉已登记，编号 (IPD-[0-9A-Z]{5})`)

// TestConsoleChineseComplainant files a complaint at the console as a
// consumer who chose Chinese, has staff approve it in the English review
// channel, and checks the consumer is told in Chinese.
func TestConsoleChineseComplainant(t *testing.T) {
	t.Parallel()
	env := map[string]string{
		"IPDESK_DB":    filepath.Join(t.TempDir(), "ipdesk.db"),
		"IPDESK_STAFF": "console:staff,console:staff2",
	}
	out := fileAtConsole(t, env, "consumer1", []string{"/as consumer1", "语言 中文", "投诉"}, map[string][]string{
		"order": {"123-1234567-1234567"}, "problem": {"商标印错了，缝线也松了，包装和正品完全不一样，明显是假货。"}, "amount": {"120元"},
	}, "1")
	m := receiptZH.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no Chinese receipt:\n%s", out)
	}
	ref := m[1]
	// The wizard asks in Chinese; staff read the card in English.
	checkTranscript(t, out, "从现在起我用中文回复你", "发生了什么？", "商品在哪个电商平台上？", "请粘贴商品链接",
		"请发送证据", "目前共 1 项", "你要求赔偿多少？", "请核对你的投诉", "[1] 提交  [2] 修改回答  [3] 取消",
		"[#review] Complaint "+ref, "120.00 CNY", "Language: 中文")
	if strings.Contains(out[:strings.Index(out, "[#review]")], "What happened?") {
		t.Errorf("the wizard asked a Chinese speaker in English:\n%s", out)
	}
	out = runConsole(t, env,
		"/as staff", "case "+ref, "1", "120", "", "Refund of the price.",
		"/as staff2", "case "+ref, "1",
		"/as consumer1", "状态",
	)
	checkTranscript(t, out,
		"Done: "+ref+" is now approved, waiting for a second staff member to confirm.",
		"[DM to consumer1] 你的投诉 "+ref+" 有新进展：处理决定正在由第二位工作人员确认",
		"[DM to consumer1] 你的投诉 "+ref+" 有新进展：已批准。赔偿金额：120.00 元。",
		"你的投诉", ref+"，", "提交：已批准，120.00 元",
	)
	if strings.Contains(out, "Update on your complaint") {
		t.Errorf("the Chinese complainant got an English update:\n%s", out)
	}
}
