package bot_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/bottest"
	"github.com/ipdesk/ipdesk/i18n"
	"github.com/ipdesk/ipdesk/sqlite"
)

// TestMuxChineseNames checks that commands are routed by their Chinese
// names, typed with or without a slash, with a full-width space or colon,
// and that handlers see the command's own name.
func TestMuxChineseNames(t *testing.T) {
	mux := bot.NewMux()
	mux.HandleCommand(bot.Command{Name: "complain"}, named("complain"))
	mux.HandleCommand(bot.Command{Name: "check", Usage: "TEXT"}, named("check"))
	mux.HandleCommand(bot.Command{Name: "queue", Staff: true}, named("queue"))
	mux.HandleMessage(named("message"))
	user := bot.User{Platform: "console", ID: "u1"}
	staff := bot.User{Platform: "console", ID: "s1", Staff: true}
	for _, tt := range []struct {
		e    bot.Event
		want string
	}{
		{bot.Event{Kind: bot.KindMessage, Text: "投诉", User: user}, "complain|complain|"},
		{bot.Event{Kind: bot.KindMessage, Text: "/投诉", User: user}, "complain|complain|"},
		{bot.Event{Kind: bot.KindMessage, Text: "检查 高仿LV包包 原单", User: user}, "check|check|高仿LV包包 原单"},
		{bot.Event{Kind: bot.KindMessage, Text: "检查\u3000高仿包", User: user}, "check|check|高仿包"},
		{bot.Event{Kind: bot.KindMessage, Text: "检查：高仿包", User: user}, "check|check|高仿包"},
		{bot.Event{Kind: bot.KindCommand, Command: "检查", Args: "A货", User: user}, "check|check|A货"},
		{bot.Event{Kind: bot.KindMessage, Text: "队列", User: staff}, "queue|queue|"},
		// A staff command's Chinese name followed by more words is a
		// message from anyone else, as the English one is.
		{bot.Event{Kind: bot.KindMessage, Text: "队列 是什么意思", User: user}, "message||"},
		// A Chinese sentence that starts like a command is not one.
		{bot.Event{Kind: bot.KindMessage, Text: "投诉流程是怎样的", User: user}, "message||"},
	} {
		rec := bottest.NewRecorder()
		e := tt.e
		if err := mux.ServeEvent(context.Background(), rec, &e); err != nil {
			t.Fatalf("%q: %v", tt.e.Text+tt.e.Command, err)
		}
		if got := rec.LastReply().Text; got != tt.want {
			t.Errorf("%q: %q, want %q", tt.e.Text+tt.e.Command, got, tt.want)
		}
	}
	e := bot.Event{Kind: bot.KindCommand, Command: "队列", User: user, Lang: i18n.ZH}
	err := mux.ServeEvent(context.Background(), bottest.NewRecorder(), &e)
	if ipdesk.ErrorCode(err) != ipdesk.EUNAUTHORIZED || !strings.Contains(ipdesk.ErrorMessage(err), "只有工作人员") {
		t.Errorf("staff command by a user in Chinese: %v", err)
	}
	e = bot.Event{Kind: bot.KindMessage, Text: "/不存在", User: user, Lang: i18n.ZH}
	err = mux.ServeEvent(context.Background(), bottest.NewRecorder(), &e)
	if !strings.Contains(ipdesk.ErrorMessage(err), "我不认识命令“不存在”") {
		t.Errorf("unknown command in Chinese: %v", ipdesk.ErrorMessage(err))
	}
}

// TestMuxCommandsLocalized checks the names and summaries Commands gives
// each language, as help and Discord's registration use them.
func TestMuxCommandsLocalized(t *testing.T) {
	mux := bot.NewMux()
	mux.HandleCommand(bot.Command{Name: "complain", Summary: "report a listing"}, named("complain"))
	mux.HandleCommand(bot.Command{Name: "made-up", Summary: "no translation"}, named("x"))
	cs := mux.Commands(false)
	byName := map[string]bot.Command{}
	for _, c := range cs {
		byName[c.Name] = c
	}
	zh := byName["complain"].In(i18n.ZH)
	if zh.Name != "投诉" || !strings.Contains(zh.Summary, "投诉") {
		t.Errorf("complain in Chinese: %+v", zh)
	}
	if en := byName["complain"].In(i18n.EN); en.Name != "complain" {
		t.Errorf("complain in English: %+v", en)
	}
	// A command the catalog does not know keeps its own name and summary.
	if x := byName["made-up"].In(i18n.ZH); x.Name != "made-up" || x.Summary != "no translation" {
		t.Errorf("untranslated command: %+v", x)
	}
}

// TestMuxAliasClash checks that a command whose name is another
// command's Chinese name cannot be registered.
func TestMuxAliasClash(t *testing.T) {
	mux := bot.NewMux()
	mux.HandleCommand(bot.Command{Name: "complain"}, named("complain"))
	defer func() {
		if recover() == nil {
			t.Error("registering 投诉 as a second command did not panic")
		}
	}()
	mux.HandleCommand(bot.Command{Name: "投诉"}, named("other"))
}

// TestLanguages runs events through a Bot's handler chain on a real
// database and checks the language each is answered in.
func TestLanguages(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "ipdesk.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	b, err := bot.New(bot.Config{Langs: db})
	if err != nil {
		t.Fatal(err)
	}
	var got i18n.Lang
	h := b.Handler(bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		got = e.Lang
		_, err := w.Reply(ctx, bot.Reply{Text: e.Printer().T("help.staff")})
		return err
	}))
	serve := func(e bot.Event) (i18n.Lang, string) {
		t.Helper()
		rec := bottest.NewRecorder()
		if err := h.ServeEvent(ctx, rec, &e); err != nil {
			t.Fatal(err)
		}
		return got, rec.LastReply().Text
	}
	u := bot.User{Platform: bot.Discord, ID: "42"}
	msg := func(text string) bot.Event { return bot.Event{Kind: bot.KindMessage, Text: text, User: u} }

	if l, _ := serve(msg("ok")); l != i18n.EN {
		t.Errorf("nothing known: %s", l)
	}
	// The platform's locale counts while nothing else is known.
	if l, _ := serve(bot.Event{Kind: bot.KindAction, User: u, Locale: "zh-CN"}); l != i18n.ZH {
		t.Errorf("locale zh-CN: %s", l)
	}
	// Chinese text: Chinese, remembered for a button press with no locale.
	if l, text := serve(msg("我买到了假货")); l != i18n.ZH || text != "工作人员" {
		t.Errorf("Chinese text: %s %q", l, text)
	}
	if l, _ := serve(bot.Event{Kind: bot.KindAction, User: u}); l != i18n.ZH {
		t.Errorf("remembered: %s", l)
	}
	// A brand name or an order number says nothing; the memory holds.
	if l, _ := serve(msg("Nike Air Max 90")); l != i18n.ZH {
		t.Errorf("brand name: %s", l)
	}
	// An English sentence: English, remembered.
	if l, _ := serve(msg("how do I register a trademark")); l != i18n.EN {
		t.Errorf("English sentence: %s", l)
	}
	if l, _ := serve(bot.Event{Kind: bot.KindAction, User: u, Locale: "zh-CN"}); l != i18n.EN {
		t.Errorf("remembered English beats the locale: %s", l)
	}
	// A choice is kept whatever the person writes next.
	if err := db.SetUserLang(ctx, u.Key(), "zh", true); err != nil {
		t.Fatal(err)
	}
	if l, _ := serve(msg("how do I register a trademark")); l != i18n.ZH {
		t.Errorf("chosen Chinese, English sentence: %s", l)
	}
	// The check command's text is a listing, not the seller's language.
	v := bot.User{Platform: bot.Slack, ID: "U9"}
	if l, _ := serve(bot.Event{Kind: bot.KindMessage, Text: "check 高仿LV包包", User: v}); l != i18n.EN {
		t.Errorf("check of a Chinese listing: %s", l)
	}
	if l, _ := serve(bot.Event{Kind: bot.KindCommand, Command: "检查", Args: "replica bag", User: v}); l != i18n.ZH {
		t.Errorf("检查 of an English listing: %s", l)
	}
	// A form's answers count like a message.
	w := bot.User{Platform: bot.Slack, ID: "U10"}
	if l, _ := serve(bot.Event{Kind: bot.KindSubmit, User: w, Form: bot.FormData{Fields: map[string]string{"a": "卖家寄来的是假货"}}}); l != i18n.ZH {
		t.Errorf("form in Chinese: %s", l)
	}
}

// An event handled again from the inbox (its process died) is answered in
// its user's language, as it would have been the first time.
func TestReplayedEventInTheUsersLanguage(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "ipdesk.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	b, err := bot.New(bot.Config{Deliveries: db, Inbox: db, Langs: db})
	if err != nil {
		t.Fatal(err)
	}
	u := bot.User{Platform: bot.Console, ID: "u1"}
	if err := db.SetUserLang(ctx, u.Key(), "zh", true); err != nil {
		t.Fatal(err)
	}
	body, err := json.Marshal(bot.Event{ID: "console:ev1", Kind: bot.KindAction, User: u, Where: bot.DirectTo(bot.Console, "u1"),
		Action: bot.Action{ID: "complain.pick", Value: "kind:counterfeit"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ReceiveEvent(ctx, "console:ev1", "a-dead-process", body, time.Now().Add(-time.Minute)); err != nil {
		t.Fatal(err)
	}
	var got, text string
	h := bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		got, text = string(e.Lang), e.Printer().T("help.staff")
		return nil
	})
	if n, err := b.ReplayInbox(ctx, h, time.Now(), 10); err != nil || n != 1 {
		t.Fatalf("replay = %d, %v", n, err)
	}
	if got != "zh" || text != "工作人员" {
		t.Errorf("replayed event in %q, printing %q; want the user's Chinese", got, text)
	}
}

// An event handled again after its change was kept (its process died
// between the change and marking it handled) may find the user's state
// moved on: its error is logged, not shown to the user out of the blue.
// One whose change was never kept shows its error as usual.
func TestReplayedAppliedEventShowsNoError(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "ipdesk.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	a := &scripted{platform: bot.Console, rec: bottest.NewRecorder()}
	b, err := bot.New(bot.Config{Adapters: []bot.Adapter{a}, Deliveries: db, Inbox: db})
	if err != nil {
		t.Fatal(err)
	}
	u := bot.User{Platform: bot.Console, ID: "u1"}
	for _, id := range []string{"console:applied", "console:fresh"} {
		body, _ := json.Marshal(bot.Event{ID: id, Kind: bot.KindAction, User: u, Where: bot.DirectTo(bot.Console, "u1"), Action: bot.Action{ID: "complain.pick"}})
		if _, err := db.ReceiveEvent(ctx, id, "a-dead-process", body, time.Now().Add(-time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.AppendAudit(ipdesk.WithEvent(ctx, "console:applied"), ipdesk.AuditEntry{Ref: "IPD-NONE0", Actor: u.Key(), Action: ipdesk.ActionRefused}); err != nil {
		t.Fatal(err)
	}
	h := bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		return ipdesk.Errorf(ipdesk.ENOTFOUND, "You have no complaint in progress (%s).", e.ID)
	})
	if n, err := b.ReplayInbox(ctx, h, time.Now(), 10); err != nil || n != 2 {
		t.Fatalf("replay = %d, %v", n, err)
	}
	var shown []string
	for _, r := range a.rec.Sent() {
		shown = append(shown, r.Reply.Text)
	}
	if len(shown) != 1 || !strings.Contains(shown[0], "console:fresh") {
		t.Errorf("shown %q; want the error of the event whose change was never kept only", shown)
	}
}
