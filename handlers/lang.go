package handlers

import (
	"context"
	"fmt"
	"strings"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/markup"
)

// LangSetter remembers the language a person chose.
type LangSetter interface {
	SetUserLang(ctx context.Context, user, lang string, chosen bool) error
}

// Lang answers "lang zh", "lang en", "语言 中文": the person's choice of
// language, kept until they choose another; what they write no longer
// changes it. "lang" alone says which language is in use.
type Lang struct {
	store LangSetter
}

// NewLang returns the lang command, remembering choices in store.
func NewLang(store LangSetter) *Lang { return &Lang{store: store} }

// Register adds the lang command.
func (l *Lang) Register(mux *bot.Mux) {
	mux.HandleCommand(bot.Command{Name: "lang"}, l)
}

// ServeEvent sets or shows the language.
func (l *Lang) ServeEvent(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
	tr := e.Printer()
	cat := tr.Catalog()
	arg := strings.TrimSpace(e.Args)
	if arg == "" {
		_, err := w.Reply(ctx, bot.Reply{Text: tr.T("lang.current", "Name", tr.T("lang.name")), Ephemeral: true})
		return err
	}
	lang, ok := cat.Match(arg)
	if !ok {
		var names []string
		for _, l := range cat.Langs() {
			names = append(names, fmt.Sprintf("%s (`%s`)", cat.Printer(l).T("lang.name"), l))
		}
		return &ipdesk.Error{Code: ipdesk.EINVALID, Message: tr.T("lang.unknown", "Text", markup.Escape(clipRunes(arg, 40)), "Langs", strings.Join(names, ", "))}
	}
	if err := l.store.SetUserLang(ctx, e.User.Key(), string(lang), true); err != nil {
		return fmt.Errorf("set language: %w", err)
	}
	e.Lang = lang
	_, err := w.Reply(ctx, bot.Reply{Text: cat.Printer(lang).T("lang.set"), Ephemeral: true})
	return err
}

var _ bot.Handler = (*Lang)(nil)
