package main

import (
	"testing"

	"github.com/ipdesk/ipdesk/bot/slack/slackfake"
)

// TestSlackChineseUser checks that a user whose Slack is in Chinese is
// answered in Chinese before writing a word of it, that /ipdesk takes the
// Chinese command names, and that `lang en` switches to English for good.
func TestSlackChineseUser(t *testing.T) {
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
