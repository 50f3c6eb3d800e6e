package sqlite

import (
	"context"
	"path/filepath"
	"testing"
)

func TestUserLang(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ipdesk.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	check := func(user, wantLang string, wantChosen bool) {
		t.Helper()
		lang, chosen, err := db.UserLang(ctx, user)
		if err != nil {
			t.Fatal(err)
		}
		if lang != wantLang || chosen != wantChosen {
			t.Errorf("%s: %q chosen=%v, want %q chosen=%v", user, lang, chosen, wantLang, wantChosen)
		}
	}
	check("slack:U1", "", false)
	if err := db.SetUserLang(ctx, "slack:U1", "zh", false); err != nil {
		t.Fatal(err)
	}
	check("slack:U1", "zh", false)
	// Detected again in another language: the latest wins.
	if err := db.SetUserLang(ctx, "slack:U1", "en", false); err != nil {
		t.Fatal(err)
	}
	check("slack:U1", "en", false)
	// Chosen: a later detection does not change it, another choice does.
	if err := db.SetUserLang(ctx, "slack:U1", "zh", true); err != nil {
		t.Fatal(err)
	}
	if err := db.SetUserLang(ctx, "slack:U1", "en", false); err != nil {
		t.Fatal(err)
	}
	check("slack:U1", "zh", true)
	if err := db.SetUserLang(ctx, "slack:U1", "en", true); err != nil {
		t.Fatal(err)
	}
	check("slack:U1", "en", true)
	// The same id on another platform is another person.
	check("discord:U1", "", false)

	db.Close()
	db, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	check("slack:U1", "en", true)
}
