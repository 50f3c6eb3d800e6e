package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/ipdesk/ipdesk/postgres"
	"github.com/ipdesk/ipdesk/sqlite"
)

func init() {
	register(&subcommand{name: "db", usage: "backup FILE | check | copy --from DB --to DB [--force]",
		summary: "back up the database while the bot runs, check it (integrity, migrations), or copy an installation between SQLite and PostgreSQL", run: dbCommand})
}

const dbUsage = "usage: ipdesk db backup FILE | ipdesk db check [SETTINGS FLAGS] | ipdesk db copy --from DB --to DB [--force]"

// dbCommand runs "db backup FILE" and "db check" on IPDESK_DB.
func dbCommand(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("%s", dbUsage)
	}
	sub, args := args[0], args[1:]
	if sub == "copy" {
		return dbCopy(ctx, env, args)
	}
	cfg, rest, err := loadConfig(env, "db "+sub, args)
	if err != nil {
		return err
	}
	if postgres.IsURL(cfg.DB) && (sub == "backup" || sub == "check") {
		return fmt.Errorf("db %s works on an SQLite file; for PostgreSQL use its own tools (pg_dump for a backup, amcheck for a check)", sub)
	}
	switch sub {
	case "backup":
		if len(rest) != 1 || strings.TrimSpace(rest[0]) == "" {
			return fmt.Errorf("name the backup file; %s", dbUsage)
		}
		pages, err := sqlite.Backup(ctx, cfg.DB, rest[0])
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "backed up %s to %s (%d pages)\n", cfg.DB, rest[0], pages)
		return nil
	case "check":
		if len(rest) != 0 {
			return fmt.Errorf("unexpected argument %q; %s", rest[0], dbUsage)
		}
		r, err := sqlite.Check(ctx, cfg.DB)
		if err != nil {
			return err
		}
		printCheck(env, cfg.DB, r)
		if !r.OK() {
			return exitError{code: 1}
		}
		return nil
	}
	return fmt.Errorf("unknown db command %q; %s", sub, dbUsage)
}

func printCheck(env *Env, path string, r *sqlite.CheckReport) {
	w := env.Stdout
	fmt.Fprintf(w, "database: %s\n", path)
	fmt.Fprintf(w, "integrity: %s\n", strings.Join(r.Integrity, "; "))
	fmt.Fprintf(w, "foreign keys: %d broken references\n", r.ForeignKeyProblems)
	fmt.Fprintf(w, "migrations applied: %d\n", len(r.Applied))
	for _, m := range r.Applied {
		fmt.Fprintf(w, "  %s  %s\n", strings.TrimPrefix(m.Name, "migration/"), m.AppliedAt.Format("2006-01-02 15:04:05 UTC"))
	}
	if len(r.Pending) > 0 {
		fmt.Fprintf(w, "migrations pending (applied when the bot next starts): %d\n", len(r.Pending))
		for _, n := range r.Pending {
			fmt.Fprintf(w, "  %s\n", strings.TrimPrefix(n, "migration/"))
		}
	}
	if len(r.Unknown) > 0 {
		fmt.Fprintf(w, "migrations from a newer ipdesk: %d (run that version on this file)\n", len(r.Unknown))
		for _, n := range r.Unknown {
			fmt.Fprintf(w, "  %s\n", strings.TrimPrefix(n, "migration/"))
		}
	}
	if r.OK() {
		fmt.Fprintln(w, "result: ok")
	} else {
		fmt.Fprintln(w, "result: DAMAGED — restore the last good backup (see the README, Operations)")
	}
}
