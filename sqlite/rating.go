package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/ipdesk/ipdesk"
)

// ClaimRatingRequest records that the complainant of a complaint is being
// asked to rate it, crediting staff, and reports whether this was the
// first time: each complaint is asked once, across restarts.
func (d *DB) ClaimRatingRequest(ctx context.Context, complaintID int64, ref, staff string) (bool, error) {
	res, err := d.db.ExecContext(ctx, `INSERT OR IGNORE INTO ratings (complaint_id, ref, staff, asked_at) VALUES (?, ?, ?, ?)`,
		complaintID, storedRef(ref), staff, formatTime(d.Now()))
	if err != nil {
		return false, fmt.Errorf("claim rating request: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// ReleaseRatingRequest forgets a request whose sending failed, so the next
// close may ask again.
func (d *DB) ReleaseRatingRequest(ctx context.Context, complaintID int64) error {
	if _, err := d.db.ExecContext(ctx, `DELETE FROM ratings WHERE complaint_id = ? AND score IS NULL`, complaintID); err != nil {
		return fmt.Errorf("release rating request: %w", err)
	}
	return nil
}

// Rate records the score of a complaint whose complainant was asked. It
// returns ENOTFOUND when nobody was asked, and ECONFLICT, with the score
// given, when it was rated already: a rating is given once.
func (d *DB) Rate(ctx context.Context, ref string, score int) (*ipdesk.Rating, error) {
	if score < 1 || score > 5 {
		return nil, ipdesk.ErrBadRating()
	}
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("rate: %w", err)
	}
	defer tx.Rollback()
	r, err := scanRating(tx.QueryRowContext(ctx, `SELECT ref, staff, score, comment, asked_at, rated_at FROM ratings WHERE ref = ?`, storedRef(ref)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ipdesk.ErrNotRatable(storedRef(ref))
	} else if err != nil {
		return nil, fmt.Errorf("rate: %w", err)
	}
	if r.Score != 0 {
		return r, ipdesk.ErrRatedAlready(r.Ref, r.Score)
	}
	r.Score, r.RatedAt = score, d.Now().UTC()
	if _, err := tx.ExecContext(ctx, `UPDATE ratings SET score = ?, rated_at = ? WHERE ref = ? AND score IS NULL`, score, formatTime(r.RatedAt), r.Ref); err != nil {
		return nil, fmt.Errorf("rate: %w", err)
	}
	return r, tx.Commit()
}

// CommentRating adds the optional comment to a rating given. It returns
// ENOTFOUND when the complaint was not rated, and ECONFLICT when it has a
// comment already.
func (d *DB) CommentRating(ctx context.Context, ref, comment string) error {
	res, err := d.db.ExecContext(ctx, `UPDATE ratings SET comment = ? WHERE ref = ? AND score IS NOT NULL AND comment = ''`, comment, storedRef(ref))
	if err != nil {
		return fmt.Errorf("comment rating: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return nil
	}
	r, err := d.Rating(ctx, ref)
	if err != nil || r.Score == 0 {
		return ipdesk.ErrRateFirst(storedRef(ref))
	}
	return ipdesk.ErrCommentedAlready(r.Ref)
}

// Rating returns a complaint's rating, or ENOTFOUND when its complainant
// was never asked. Score is zero until they answer.
func (d *DB) Rating(ctx context.Context, ref string) (*ipdesk.Rating, error) {
	r, err := scanRating(d.db.QueryRowContext(ctx, `SELECT ref, staff, score, comment, asked_at, rated_at FROM ratings WHERE ref = ?`, storedRef(ref)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ipdesk.ErrNoRating(storedRef(ref))
	} else if err != nil {
		return nil, fmt.Errorf("load rating: %w", err)
	}
	return r, nil
}

// RatingsBetween returns the ratings given at or after from and before to,
// oldest first.
func (d *DB) RatingsBetween(ctx context.Context, from, to time.Time) ([]ipdesk.Rating, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT ref, staff, score, comment, asked_at, rated_at FROM ratings
		WHERE score IS NOT NULL AND rated_at >= ? AND rated_at < ? ORDER BY rated_at`, formatTime(from), formatTime(to))
	if err != nil {
		return nil, fmt.Errorf("ratings: %w", err)
	}
	defer rows.Close()
	var out []ipdesk.Rating
	for rows.Next() {
		r, err := scanRating(rows)
		if err != nil {
			return nil, fmt.Errorf("ratings: %w", err)
		}
		out = append(out, *r)
	}
	return out, rows.Err()
}

func scanRating(row scanner) (*ipdesk.Rating, error) {
	var r ipdesk.Rating
	var score sql.NullInt64
	var asked string
	var rated sql.NullString
	if err := row.Scan(&r.Ref, &r.Staff, &score, &r.Comment, &asked, &rated); err != nil {
		return nil, err
	}
	r.Score = int(score.Int64)
	var err error
	if r.AskedAt, err = parseTime(asked); err != nil {
		return nil, err
	}
	if rated.Valid {
		if r.RatedAt, err = parseTime(rated.String); err != nil {
			return nil, err
		}
	}
	return &r, nil
}
