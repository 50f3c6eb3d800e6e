package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// UserLang returns the language remembered for user ("platform:id") and
// whether the user chose it; "" when none is.
func (d *DB) UserLang(ctx context.Context, user string) (lang string, chosen bool, err error) {
	err = d.db.QueryRowContext(ctx, `SELECT lang, chosen FROM user_langs WHERE user = ?`, user).Scan(&lang, &chosen)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("read user language: %w", err)
	}
	return lang, chosen, nil
}

// SetUserLang remembers user's language. A detected language (chosen
// false) never replaces one the user chose, even when the two writes race.
func (d *DB) SetUserLang(ctx context.Context, user, lang string, chosen bool) error {
	_, err := d.db.ExecContext(ctx, `
		INSERT INTO user_langs (user, lang, chosen, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (user) DO UPDATE SET lang = excluded.lang, chosen = excluded.chosen, updated_at = excluded.updated_at
		WHERE excluded.chosen = 1 OR user_langs.chosen = 0`,
		user, lang, chosen, formatTime(d.Now()))
	if err != nil {
		return fmt.Errorf("set user language: %w", err)
	}
	return nil
}
