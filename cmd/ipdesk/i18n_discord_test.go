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
