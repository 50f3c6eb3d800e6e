package main

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// englishSentence finds a line of the bot's own English in a transcript: a
// reply a Chinese speaker should not have to read.
var englishSentence = regexp.MustCompile(`(?m)^(I've|I won't|I may|Delete what|Done\. |Nothing was|Everything I hold|Follow-ups are|This may answer|Which marketplace|Cancelled\.|Glad it helped|Your data)`)

// TestConsoleChineseSelfService has a consumer who writes Chinese go
// through what they can do alone: the deflection offer before a complaint,
// the wizard it leads to, the feedback setting, a copy of their data and
// its deletion, and checks every answer is in Chinese.
func TestConsoleChineseSelfService(t *testing.T) {
	t.Parallel()
	env := map[string]string{"IPDESK_DB": filepath.Join(t.TempDir(), "ipdesk.db")}
	out := runConsole(t, env,
		"/as consumer1",
		"中国商标多少年续展一次？",
		// The words after the command strongly match an article: it is
		// offered first, and continuing opens the wizard in Chinese.
		"投诉 我买到了假货，怎么退款？", "1",
		"取消",
		"反馈", "反馈 关闭", "反馈",
		"我的数据",
		"删除我的数据", "1",
	)
	checkTranscript(t, out,
		"这也许能解答你的问题", "[1] 继续投诉  [2] 已经解答了",
		"发生了什么？", "[1] 我买到了假货",
		"已取消。没有提交任何投诉", "/投诉",
		"你的回访已开启", "以后不再询问。如果改变主意，请输入 /反馈 开启。", "你已关闭回访",
		"我保存的关于你的全部数据（1 个问题，0 个投诉）已保存到文件",
		"删除我保存的关于你的数据吗？", "[1] 确认删除我的数据  [2] 保留我的数据",
		"已完成。删除了 1 个问题和 0 条评价",
		"你提出过删除申请这一记录会以匿名 ID 保留。",
	)
	if m := englishSentence.FindString(out); m != "" {
		t.Errorf("the Chinese speaker was answered in English (%q):\n%s", m, out)
	}
	if strings.Count(out, "删除我保存的关于你的数据吗？") != 1 {
		t.Errorf("the deletion was asked about more than once:\n%s", out)
	}
}
