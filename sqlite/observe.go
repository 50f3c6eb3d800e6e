package sqlite

import (
	"context"
	"strings"
	"time"
	"unicode"
)

// Observer is told how long each database operation took and whether it
// failed. op is one of Ops: the kind of statement, or a transaction's
// begin, commit or rollback, never the statement text, so that it can be a
// metric label. A query is timed until its rows are closed, since SQLite
// does its work while the rows are read.
type Observer func(op string, took time.Duration, err error)

// Ops are the values an Observer's op takes.
var Ops = []string{"select", "insert", "update", "delete", "begin", "commit", "rollback", "other"}

// Options changes how Open opens a database.
type Options struct {
	// Observe, when set, is called after every operation on the database.
	Observe Observer
}

// OpenWith is Open with options.
func OpenWith(ctx context.Context, path string, o Options) (*DB, error) {
	return open(ctx, path, migrationFS, o)
}

// opOf classifies a statement by its first keyword.
func opOf(query string) string {
	q := strings.TrimLeftFunc(query, unicode.IsSpace)
	for strings.HasPrefix(q, "--") {
		_, rest, _ := strings.Cut(q, "\n")
		q = strings.TrimLeftFunc(rest, unicode.IsSpace)
	}
	end := strings.IndexFunc(q, func(r rune) bool { return !unicode.IsLetter(r) })
	if end < 0 {
		end = len(q)
	}
	switch w := strings.ToLower(q[:end]); w {
	case "select", "insert", "update", "delete":
		return w
	case "with":
		return "select"
	case "replace":
		return "insert"
	}
	return "other"
}
