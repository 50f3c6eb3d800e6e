package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/ipdesk/ipdesk/dbcopy"
	"github.com/ipdesk/ipdesk/postgres"
)

// dbCopy runs "db copy --from A --to B [--force]": it moves an installation
// from one database to another (an SQLite file or a postgres:// URL on
// either side), one transaction per table, and prints each table's row
// count and checksum, verified on the target.
func dbCopy(ctx context.Context, env *Env, args []string) error {
	fs := flag.NewFlagSet("ipdesk db copy", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	from := fs.String("from", "", "the database to copy: an SQLite file or a postgres:// URL")
	to := fs.String("to", "", "the database to copy into: an SQLite file (created if missing) or a postgres:// URL")
	force := fs.Bool("force", false, "replace what the target holds")
	if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(env.Stdout, "Usage: ipdesk db copy --from DB --to DB [--force]")
		fmt.Fprintln(env.Stdout, "\nCopies every table, one transaction each, and checks each by its row count and checksum on the target.")
		fmt.Fprintln(env.Stdout, "Stop the bot first: what it writes during the copy may be missing from the target.")
		fs.SetOutput(env.Stdout)
		fs.PrintDefaults()
		return err
	} else if err != nil {
		return fmt.Errorf("%v; %s", err, dbUsage)
	}
	if fs.NArg() != 0 {
		return fmt.Errorf("unexpected argument %q; %s", fs.Arg(0), dbUsage)
	}
	if *from == "" || *to == "" {
		return fmt.Errorf("db copy needs --from and --to; %s", dbUsage)
	}
	if sameDatabase(*from, *to) {
		return fmt.Errorf("--from and --to name the same database")
	}
	src, err := openExisting(ctx, *from)
	if err != nil {
		return fmt.Errorf("--from: %w", err)
	}
	defer src.Close()
	dst, err := openStore(ctx, *to, nil)
	if err != nil {
		return fmt.Errorf("--to: %w", err)
	}
	defer dst.Close()
	fmt.Fprintf(env.Stdout, "copying %s to %s\n", describeDB(*from), describeDB(*to))
	results, err := dbcopy.Copy(ctx, src, dst, *force, func(r dbcopy.Result) {
		fmt.Fprintf(env.Stdout, "  %-18s %8d rows  checksum %s  ok\n", r.Table, r.Rows, r.Checksum[:16])
	})
	if err != nil {
		return err
	}
	var total int64
	for _, r := range results {
		total += r.Rows
	}
	fmt.Fprintf(env.Stdout, "copied %d tables, %d rows; every count and checksum matches\n", len(results), total)
	return nil
}

// sameDatabase reports whether two settings name one database: the same
// URL, or the same file.
func sameDatabase(a, b string) bool {
	if postgres.IsURL(a) || postgres.IsURL(b) {
		return a == b
	}
	if a == b {
		return true
	}
	fa, errA := os.Stat(a)
	fb, errB := os.Stat(b)
	if errA == nil && errB == nil {
		return os.SameFile(fa, fb)
	}
	absA, _ := filepath.Abs(a)
	absB, _ := filepath.Abs(b)
	return absA == absB
}
