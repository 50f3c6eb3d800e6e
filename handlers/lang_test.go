package handlers_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/bottest"
	"github.com/ipdesk/ipdesk/handlers"
	"github.com/ipdesk/ipdesk/i18n"
	"github.com/ipdesk/ipdesk/sqlite"
)

// TestLangCommand sets the language in English and in Chinese words and
// checks the choice is remembered and the reply is in the new language.
func TestLangCommand(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "ipdesk.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	mux := bot.NewMux()
	handlers.NewLang(db).Register(mux)
	mux.HandleMessage(bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error { return nil }))
	b, err := bot.New(bot.Config{Langs: db})
	if err != nil {
		t.Fatal(err)
	}
	h := b.Handler(mux)
	u := bot.User{Platform: bot.Slack, ID: "U1"}
	say := func(text string) string {
		t.Helper()
		rec := bottest.NewRecorder()
		if err := h.ServeEvent(ctx, rec, &bot.Event{Kind: bot.KindMessage, Text: text, User: u}); err != nil {
			t.Fatal(err)
		}
		return rec.LastReply().Text
	}
	for _, tt := range []struct{ text, want, lang string }{
		{"语言 中文", "从现在起我用中文回复你", "zh"},
		{"lang en", "in English from now on", "en"},
		{"/lang zh-CN", "从现在起我用中文回复你", "zh"},
		{"lang English", "in English from now on", "en"},
		{"语言 英文", "in English from now on", "en"},
		{"lang", "I write to you in English", "en"},
		{"lang klingon", "I don't speak “klingon”", "en"},
		{"lang <!channel>", "I don't speak “\\<!channel\\>”", "en"},
	} {
		got := say(tt.text)
		if !strings.Contains(got, tt.want) {
			t.Errorf("%q: %q, want %q", tt.text, got, tt.want)
		}
		if l, chosen, _ := db.UserLang(ctx, u.Key()); l != tt.lang || !chosen {
			t.Errorf("%q: stored %q chosen=%v", tt.text, l, chosen)
		}
	}
}

// TestHelpInChinese checks that help lists commands by their Chinese
// names and summaries, the way each platform types them.
func TestHelpInChinese(t *testing.T) {
	mux := bot.NewMux()
	handlers.NewHelp(mux).Register(mux)
	handlers.NewLang(nil).Register(mux)
	mux.HandleCommand(bot.Command{Name: "queue", Staff: true}, bot.HandlerFunc(func(context.Context, bot.ResponseWriter, *bot.Event) error { return nil }))
	h := bot.WithPlatforms(platforms(t))(mux)
	for _, tt := range []struct {
		platform, locale string
		staff            bool
		want, not        []string
	}{
		{bot.Console, "", false, []string{"我可以解答知识产权问题", "- `/帮助` — 查看我能做什么", "`/语言 中文|英文`"}, []string{"队列", "show what I can do"}},
		{bot.Slack, "", true, []string{"`/ipdesk 帮助`", "**工作人员**", "`/ipdesk 队列` — 待处理的投诉"}, nil},
		// Discord shows the Chinese name only to a Chinese client.
		{bot.Discord, "zh-CN", false, []string{"`/帮助`"}, nil},
		{bot.Discord, "en-US", false, []string{"`/help` — 查看我能做什么"}, []string{"`/帮助`"}},
	} {
		rec := bottest.NewRecorder()
		e := &bot.Event{Kind: bot.KindCommand, Command: "帮助", Lang: i18n.ZH, Locale: tt.locale,
			User: bot.User{Platform: tt.platform, ID: "u", Staff: tt.staff}, Where: bot.Address{Platform: tt.platform, Channel: "D1"}}
		if err := h.ServeEvent(context.Background(), rec, e); err != nil {
			t.Fatal(err)
		}
		got := rec.LastReply().Text
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s %s: missing %q in\n%s", tt.platform, tt.locale, w, got)
			}
		}
		for _, w := range tt.not {
			if strings.Contains(got, w) {
				t.Errorf("%s %s: has %q in\n%s", tt.platform, tt.locale, w, got)
			}
		}
	}
	e := &bot.Event{Kind: bot.KindCommand, Command: "help", User: bot.User{Platform: bot.Console, ID: "u"}}
	rec := bottest.NewRecorder()
	if err := h.ServeEvent(context.Background(), rec, e); err != nil {
		t.Fatal(err)
	}
	if got := rec.LastReply().Text; !strings.Contains(got, "`/help` — show what I can do") || strings.Contains(got, "帮助") {
		t.Errorf("English help:\n%s", got)
	}
}
