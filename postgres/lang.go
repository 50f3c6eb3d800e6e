package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// UserLang returns the language remembered for user ("platform:id") and
// whether the user chose it; "" when none is.
func (d *DB) UserLang(ctx context.Context, user string) (lang string, chosen bool, err error) {
	err = d.q.QueryRow(ctx, `SELECT lang, chosen FROM user_langs WHERE "user" = $1`, user).Scan(&lang, &chosen)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("read user language: %w", err)
	}
	return lang, chosen, nil
}

// SetUserLang remembers user's language. A detected language (chosen
// false) never replaces one the user chose, even when the two writes race
// on two replicas.
func (d *DB) SetUserLang(ctx context.Context, user, lang string, chosen bool) error {
	_, err := d.q.Exec(ctx, `
		INSERT INTO user_langs ("user", lang, chosen, updated_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT ("user") DO UPDATE SET lang = excluded.lang, chosen = excluded.chosen, updated_at = excluded.updated_at
		WHERE excluded.chosen OR NOT user_langs.chosen`,
		user, lang, chosen, d.now())
	if err != nil {
		return fmt.Errorf("set user language: %w", err)
	}
	return nil
}
