package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/jackc/pgx/v5"
)

type pendingBody struct {
	Text     string            `json:"text,omitempty"`
	Evidence []ipdesk.Evidence `json:"evidence,omitempty"`
}

// SavePendingAnswer stores the user's pending answer, replacing the one
// they had.
func (d *DB) SavePendingAnswer(ctx context.Context, p *ipdesk.PendingAnswer) error {
	body, err := json.Marshal(pendingBody{Text: p.Text, Evidence: p.Evidence})
	if err != nil {
		return fmt.Errorf("save pending answer: %w", err)
	}
	p.CreatedAt = d.now()
	err = d.effect(ctx, func(tx cleanTx) error {
		_, err := tx.Exec(ctx, `INSERT INTO pending_answers (platform, user_id, ref, mode, body, created_at) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (platform, user_id) DO UPDATE SET ref = excluded.ref, mode = excluded.mode, body = excluded.body, created_at = excluded.created_at`,
			p.Platform, p.UserID, storedRef(p.Ref), p.Mode, string(body), p.CreatedAt)
		return err
	})
	if err != nil {
		return fmt.Errorf("save pending answer: %w", err)
	}
	return nil
}

// PendingAnswer returns the user's pending answer, or ENOTFOUND.
func (d *DB) PendingAnswer(ctx context.Context, platform, userID string) (*ipdesk.PendingAnswer, error) {
	p := &ipdesk.PendingAnswer{Platform: platform, UserID: userID}
	var body string
	var created time.Time
	err := d.q.QueryRow(ctx, `SELECT ref, mode, body, created_at FROM pending_answers WHERE platform = $1 AND user_id = $2`, platform, userID).
		Scan(&p.Ref, &p.Mode, &body, &created)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, ipdesk.ErrNoPendingAnswer()
	} else if err != nil {
		return nil, fmt.Errorf("load pending answer: %w", err)
	}
	var b pendingBody
	if err := json.Unmarshal([]byte(body), &b); err != nil {
		return nil, fmt.Errorf("pending answer body: %w", err)
	}
	p.Text, p.Evidence, p.CreatedAt = b.Text, b.Evidence, created.UTC()
	return p, nil
}

// DeletePendingAnswer forgets the user's pending answer, if any.
func (d *DB) DeletePendingAnswer(ctx context.Context, platform, userID string) error {
	if err := d.effect(ctx, func(tx cleanTx) error {
		_, err := tx.Exec(ctx, `DELETE FROM pending_answers WHERE platform = $1 AND user_id = $2`, platform, userID)
		return err
	}); err != nil {
		return fmt.Errorf("delete pending answer: %w", err)
	}
	return nil
}
