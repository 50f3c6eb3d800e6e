package bot

import (
	"context"
	"log/slog"
	"strings"

	"github.com/ipdesk/ipdesk/i18n"
)

// LangStore remembers the language each person speaks, by User.Key, across
// restarts. Chosen marks a language the person set (the lang command),
// which what they write never changes; otherwise it is the one last
// detected.
type LangStore interface {
	UserLang(ctx context.Context, user string) (lang string, chosen bool, err error)
	SetUserLang(ctx context.Context, user, lang string, chosen bool) error
}

// Languages sets each event's Lang: the language the user chose, else the
// one their words are in (remembered for next time), else the one last
// remembered, else the platform's locale for them, else def. A store
// failure is logged and the event answered in the best language known
// without it: a language is never worth refusing an event for.
func Languages(cat *i18n.Catalog, store LangStore, def i18n.Lang, log *slog.Logger) Middleware {
	if cat == nil {
		cat = i18n.Default()
	}
	if !cat.Has(def) {
		def = i18n.EN
	}
	return func(next Handler) Handler {
		return HandlerFunc(func(ctx context.Context, w ResponseWriter, e *Event) error {
			e.cat = cat
			e.Lang = resolveLang(ctx, cat, store, def, log, e)
			return next.ServeEvent(ctx, w, e)
		})
	}
}

func resolveLang(ctx context.Context, cat *i18n.Catalog, store LangStore, def i18n.Lang, log *slog.Logger, e *Event) i18n.Lang {
	var stored i18n.Lang
	if store != nil && e.User.ID != "" {
		l, chosen, err := store.UserLang(ctx, e.User.Key())
		if err != nil {
			log.Warn("read user language", "user", e.User.Key(), "err", err)
		} else if cat.Has(i18n.Lang(l)) {
			stored = i18n.Lang(l)
			if chosen {
				return stored
			}
		}
	}
	if l, ok := i18n.Detect(writtenText(cat, e)); ok && cat.Has(l) {
		if store != nil && e.User.ID != "" && l != stored {
			if err := store.SetUserLang(ctx, e.User.Key(), string(l), false); err != nil {
				log.Warn("remember user language", "user", e.User.Key(), "err", err)
			}
		}
		return l
	}
	if stored != "" {
		return stored
	}
	if l, ok := cat.Match(e.Locale); ok {
		return l
	}
	return def
}

// guessLang sets a language for an event refused before Languages ran
// (too many queued), from what it says and the platform's locale alone.
func guessLang(e *Event) {
	if e.Lang != "" {
		return
	}
	if l, ok := i18n.Detect(writtenText(i18n.Default(), e)); ok {
		e.Lang = l
	} else if l, ok := i18n.Default().Match(e.Locale); ok {
		e.Lang = l
	}
}

// writtenText is what the user wrote in their own language: a message, a
// command's name (投诉 is Chinese, whatever follows), the arguments of a
// command that takes their words (not of check, whose text is a listing
// that may be in any language), or a form's answers.
func writtenText(cat *i18n.Catalog, e *Event) string {
	switch e.Kind {
	case KindMessage:
		t := strings.TrimSpace(e.Text)
		first, _, _ := strings.Cut(strings.TrimLeft(t, "/!"), " ")
		if isContentCommand(cat, first) {
			return first
		}
		return t
	case KindCommand:
		if isContentCommand(cat, e.Command) {
			return e.Command
		}
		return e.Command + " " + e.Args
	case KindSubmit:
		var b strings.Builder
		for _, v := range e.Form.Fields {
			b.WriteString(v)
			b.WriteByte(' ')
		}
		return b.String()
	}
	return ""
}

// isContentCommand reports whether name is the check command in any
// language: what follows it is a listing to check, not the user's words.
func isContentCommand(cat *i18n.Catalog, name string) bool {
	name = strings.ToLower(strings.TrimSpace(name))
	if name == "check" {
		return true
	}
	for _, l := range cat.Langs() {
		if n := cat.Printer(l).T("cmd.check.name"); n != "cmd.check.name" && strings.EqualFold(n, name) {
			return true
		}
	}
	return false
}
