package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/dbcopy"
	"github.com/ipdesk/ipdesk/handlers"
	"github.com/ipdesk/ipdesk/postgres"
	"github.com/ipdesk/ipdesk/report"
	"github.com/ipdesk/ipdesk/sqlite"
)

// Store is the database ipdesk runs on: an SQLite file (the default, for
// one process) or a PostgreSQL database shared by several replicas. Only
// this file knows which; everything else sees the interfaces the handlers
// and the bot declare.
type Store interface {
	handlers.WorkflowStore
	handlers.QuestionStore
	handlers.PrivacyStore
	handlers.LearnStore
	handlers.DeflectStore
	handlers.FollowupStore
	bot.LangStore
	// AnonymousID is what replaces a complainant's user id once their
	// complaints are anonymised, for exports that apply retention.
	AnonymousID(platform, userID string) string
	bot.DeliveryStore
	bot.OutboxStore
	bot.InboxStore
	// PruneEvents forgets handled events from the inbox.
	PruneEvents(ctx context.Context, cutoff time.Time) (int64, error)
	// ComplaintsSince lists complaints for export.
	ComplaintsSince(ctx context.Context, since time.Time) ([]ipdesk.Complaint, error)
	// PruneDeliveries forgets old delivery ids.
	PruneDeliveries(ctx context.Context, cutoff time.Time) (int64, error)
	// Rating returns a complaint's rating, for export.
	Rating(ctx context.Context, ref string) (*ipdesk.Rating, error)
	// Writable proves the database takes a committed write, for /readyz.
	Writable(ctx context.Context) error
	// The weekly report reads the desk's figures from it.
	report.Store
	// A store can be copied to and from (ipdesk db copy).
	dbcopy.Store
	Close() error
}

// Each store implements every interface the handlers and the bot declare.
var (
	_ Store = (*sqlite.DB)(nil)
	_ Store = (*postgres.DB)(nil)

	_ handlers.DraftStore     = Store(nil)
	_ handlers.ComplaintStore = Store(nil)
	_ handlers.AnswerStore    = Store(nil)
	_ handlers.AuditStore     = Store(nil)
	_ handlers.ReminderStore  = Store(nil)
)

// openStore opens IPDESK_DB: a postgres:// URL opens PostgreSQL, anything
// else is an SQLite file, created if missing. observe, when set, times
// each SQLite operation.
func openStore(ctx context.Context, dsn string, observe sqlite.Observer) (Store, error) {
	if postgres.IsURL(dsn) {
		return postgres.Open(ctx, dsn)
	}
	if observe == nil {
		return sqlite.Open(ctx, dsn)
	}
	return sqlite.OpenWith(ctx, dsn, sqlite.Options{Observe: observe})
}

// openExisting opens the database for a tool that reads it: unlike the bot,
// it must not create an empty SQLite file when the path is mistyped.
func openExisting(ctx context.Context, dsn string) (Store, error) {
	if postgres.IsURL(dsn) {
		return postgres.Open(ctx, dsn)
	}
	if _, err := os.Stat(dsn); err != nil {
		return nil, fmt.Errorf("IPDESK_DB: no database at %q; set IPDESK_DB to the bot's database file or a postgres:// URL", dsn)
	}
	return sqlite.Open(ctx, dsn)
}

// describeDB names the database for logs and messages: the file, or the
// URL without its password.
func describeDB(dsn string) string {
	if postgres.IsURL(dsn) {
		return postgres.Redact(dsn)
	}
	return dsn
}
