package handlers_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/bottest"
	"github.com/ipdesk/ipdesk/handlers"
	"github.com/ipdesk/ipdesk/i18n"
)

// TestHumanCommand checks 人工 from a Chinese speaker: staff get one note
// in the review channel's language, escaped, and the speaker is answered
// in Chinese; asking again does not post again.
func TestHumanCommand(t *testing.T) {
	ctx := context.Background()
	rec := bottest.NewRecorder()
	review := bot.Address{Platform: bot.Slack, Channel: "CREVIEW"}
	mux := bot.NewMux()
	handlers.NewHuman(rec, review, i18n.EN).Register(mux)
	u := bot.User{Platform: bot.Discord, ID: "42", Name: "<!channel> @everyone"}
	say := func(text string) string {
		t.Helper()
		w := bottest.NewRecorder()
		e := &bot.Event{Kind: bot.KindMessage, Text: text, User: u, Lang: i18n.ZH, Where: bot.Address{Platform: bot.Discord, Channel: "D1", DM: true}}
		if err := bot.WithPlatforms(platforms(t))(mux).ServeEvent(ctx, w, e); err != nil {
			t.Fatal(err)
		}
		return w.LastReply().Text
	}
	if got := say("人工 我的投诉没人处理 @everyone"); !strings.Contains(got, "已通知工作人员联系你") {
		t.Errorf("reply: %q", got)
	}
	sent := rec.Sent()
	if len(sent) != 1 || sent[0].To != review {
		t.Fatalf("sent %+v", sent)
	}
	note := sent[0].Reply.Text
	for _, want := range []string{"asks to talk to a person", "Discord", "中文", "user id 42", "> 我的投诉没人处理"} {
		if !strings.Contains(note, want) {
			t.Errorf("note lacks %q:\n%s", want, note)
		}
	}
	// Markup is escaped here; the adapters keep @everyone from pinging.
	if !strings.Contains(note, "\\<!channel\\>") {
		t.Errorf("the name's markup is not escaped:\n%s", note)
	}
	if got := say("/人工"); !strings.Contains(got, "工作人员已经收到你的请求") {
		t.Errorf("second request: %q", got)
	}
	if n := len(rec.Sent()); n != 1 {
		t.Errorf("staff were told %d times", n)
	}
}
