package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/jackc/pgx/v5"
)

// ClaimRatingRequest records that the complainant of a complaint is being
// asked to rate it, crediting staff, and reports whether this was the
// first time: each complaint is asked once, across restarts and replicas.
func (d *DB) ClaimRatingRequest(ctx context.Context, complaintID int64, ref, staff string) (bool, error) {
	tag, err := d.q.Exec(ctx, `INSERT INTO ratings (complaint_id, ref, staff, asked_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
		complaintID, storedRef(ref), staff, d.now())
	if err != nil {
		return false, fmt.Errorf("claim rating request: %w", err)
	}
	return tag.RowsAffected() == 1, nil
}

// ReleaseRatingRequest forgets a request whose sending failed, so the next
// close may ask again.
func (d *DB) ReleaseRatingRequest(ctx context.Context, complaintID int64) error {
	if _, err := d.q.Exec(ctx, `DELETE FROM ratings WHERE complaint_id = $1 AND score IS NULL`, complaintID); err != nil {
		return fmt.Errorf("release rating request: %w", err)
	}
	return nil
}

const ratingColumns = `ref, staff, score, comment, asked_at, rated_at`

// Rate records the score of a complaint whose complainant was asked. It
// returns ENOTFOUND when nobody was asked, and ECONFLICT, with the score
// given, when it was rated already: a rating is given once.
func (d *DB) Rate(ctx context.Context, ref string, score int) (*ipdesk.Rating, error) {
	if score < 1 || score > 5 {
		return nil, ipdesk.ErrBadRating()
	}
	var r *ipdesk.Rating
	var userErr error
	err := d.effect(ctx, func(tx cleanTx) error {
		var err error
		r, err = scanRating(tx.QueryRow(ctx, `SELECT `+ratingColumns+` FROM ratings WHERE ref = $1 FOR UPDATE`, storedRef(ref)))
		if errors.Is(err, pgx.ErrNoRows) {
			userErr = ipdesk.ErrNotRatable(storedRef(ref))
			return userErr
		} else if err != nil {
			return err
		}
		if r.Score != 0 {
			userErr = ipdesk.ErrRatedAlready(r.Ref, r.Score)
			return userErr
		}
		r.Score, r.RatedAt = score, d.now()
		_, err = tx.Exec(ctx, `UPDATE ratings SET score = $1, rated_at = $2 WHERE ref = $3 AND score IS NULL`, score, r.RatedAt, r.Ref)
		return err
	})
	switch {
	case userErr != nil && err == userErr:
		if ipdesk.ErrorCode(userErr) == ipdesk.ECONFLICT {
			return r, userErr
		}
		return nil, userErr
	case err != nil:
		return nil, fmt.Errorf("rate: %w", err)
	}
	return r, nil
}

// CommentRating adds the optional comment to a rating given. It returns
// ENOTFOUND when the complaint was not rated, and ECONFLICT when it has a
// comment already.
func (d *DB) CommentRating(ctx context.Context, ref, comment string) error {
	var n int64
	err := d.effect(ctx, func(tx cleanTx) error {
		tag, err := tx.Exec(ctx, `UPDATE ratings SET comment = $1 WHERE ref = $2 AND score IS NOT NULL AND comment = ''`, comment, storedRef(ref))
		n = tag.RowsAffected()
		return err
	})
	if err != nil {
		return fmt.Errorf("comment rating: %w", err)
	}
	if n == 1 {
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
	r, err := scanRating(d.q.QueryRow(ctx, `SELECT `+ratingColumns+` FROM ratings WHERE ref = $1`, storedRef(ref)))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, ipdesk.ErrNoRating(storedRef(ref))
	} else if err != nil {
		return nil, fmt.Errorf("load rating: %w", err)
	}
	return r, nil
}

// RatingsBetween returns the ratings given at or after from and before to,
// oldest first.
func (d *DB) RatingsBetween(ctx context.Context, from, to time.Time) ([]ipdesk.Rating, error) {
	rows, err := d.q.Query(ctx, `SELECT `+ratingColumns+` FROM ratings
		WHERE score IS NOT NULL AND rated_at >= $1 AND rated_at < $2 ORDER BY rated_at`, ts(from), ts(to))
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

func scanRating(row pgx.Row) (*ipdesk.Rating, error) {
	var r ipdesk.Rating
	var score *int
	var rated *time.Time
	if err := row.Scan(&r.Ref, &r.Staff, &score, &r.Comment, &r.AskedAt, &rated); err != nil {
		return nil, err
	}
	if score != nil {
		r.Score = *score
	}
	r.AskedAt = r.AskedAt.UTC()
	if rated != nil {
		r.RatedAt = rated.UTC()
	}
	return &r, nil
}
