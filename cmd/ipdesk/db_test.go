package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot/slack/slackfake"
)

// A backup taken while the bot runs and writes restores, by the README's
// procedure, to the desk as it was at the backup: the complaint filed
// before it is there and open, the decision made after it is not.
func TestBackupAndRestoreRoundTrip(t *testing.T) {
	t.Parallel()
	w := newSlackWorld(t)
	_, ref := w.confirm(consumer, w.fileUntilSummary(consumer, acme))
	dbPath := w.vars["IPDESK_DB"]
	backup := filepath.Join(t.TempDir(), "ipdesk-backup.db")

	// The backup runs while the bot writes.
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Go(func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := w.app.DB.Claim(w.ctx, fmt.Sprintf("test:%d", i)); err != nil {
				t.Errorf("a write during the backup failed: %v", err)
				return
			}
		}
	})
	code, out, errOut := runMain(t, "", map[string]string{"IPDESK_DB": dbPath}, "db", "backup", backup)
	close(stop)
	wg.Wait()
	if code != 0 || !strings.Contains(out, "backed up") {
		t.Fatalf("db backup: exit %d: %s%s", code, out, errOut)
	}
	if code, _, errOut := runMain(t, "", map[string]string{"IPDESK_DB": dbPath}, "db", "backup", backup); code == 0 || !strings.Contains(errOut, "exists") {
		t.Errorf("a second backup to the same file: exit %d, %q; want a refusal", code, errOut)
	}
	if _, err := os.Stat(backup + "-wal"); err == nil {
		t.Error("the backup left a -wal file beside it; a backup must be one file")
	}

	// After the backup, staff reject the complaint.
	_, err := w.app.DB.UpdateComplaint(w.ctx, ref, func(c *ipdesk.Complaint) (ipdesk.AuditEntry, error) {
		return c.Apply(ipdesk.Change{Action: ipdesk.ActionReject, ReasonCode: "insufficient_evidence", Version: c.Version,
			By: ipdesk.Actor{Key: "slack:" + staffMember, Platform: "slack", Role: ipdesk.RoleStaff}}, c.UpdatedAt)
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := w.complaint(ref).Status; got != ipdesk.StatusRejected {
		t.Fatalf("status after the rejection = %s", got)
	}

	// The README's restore: stop, keep the old files aside, copy the
	// backup in, check it, start.
	w.stop()
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Rename(dbPath+suffix, dbPath+suffix+".old"); err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
	}
	copyFile(t, backup, dbPath)
	code, out, errOut = runMain(t, "", map[string]string{"IPDESK_DB": dbPath}, "db", "check")
	if code != 0 {
		t.Fatalf("db check of the restored file: exit %d: %s%s", code, out, errOut)
	}
	for _, want := range []string{"integrity: ok", "foreign keys: 0 broken", "0060_liveness.sql", "result: ok"} {
		if !strings.Contains(out, want) {
			t.Errorf("db check lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "migrations pending") {
		t.Errorf("the backup lacks migrations the bot had applied:\n%s", out)
	}
	w.start()
	if c := w.complaint(ref); c.Status != ipdesk.StatusSubmitted || c.Seller != acme.seller {
		t.Errorf("restored complaint = %s by %q, want the submitted one of the backup", c.Status, c.Seller)
	}
	w.slash(slackfake.IMChannel(consumer), consumer, "status")
	w.shown(slackfake.IMChannel(consumer), ref)
}

// db check finds a damaged file and says so with a failing exit status.
func TestDBCheckFindsDamage(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "ipdesk.db")
	env := map[string]string{"IPDESK_DB": path}
	runConsole(t, env, "How long does a US trademark registration last?")
	if code, out, _ := runMain(t, "", env, "db", "check"); code != 0 || !strings.Contains(out, "result: ok") {
		t.Fatalf("db check of a sound file: exit %d:\n%s", code, out)
	}
	// Damage the pages after the first (the schema stays readable).
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	fi, _ := f.Stat()
	junk := []byte(strings.Repeat("\xff\x00", 2048))
	for off := int64(4096 * 2); off+int64(len(junk)) <= fi.Size(); off += 4096 * 3 {
		f.WriteAt(junk, off)
	}
	f.Close()
	code, out, errOut := runMain(t, "", env, "db", "check")
	if code == 0 {
		t.Errorf("db check of a damaged file passed:\n%s", out)
	}
	if !strings.Contains(out+errOut, "DAMAGED") && !strings.Contains(errOut, "malformed") {
		t.Errorf("db check does not say the file is damaged:\n%s%s", out, errOut)
	}
}

// db check and db backup refuse a mistyped path instead of creating an
// empty database there.
func TestDBToolsRefuseMissingFile(t *testing.T) {
	t.Parallel()
	missing := filepath.Join(t.TempDir(), "nope.db")
	for _, args := range [][]string{{"db", "check"}, {"db", "backup", filepath.Join(t.TempDir(), "b.db")}} {
		code, _, errOut := runMain(t, "", map[string]string{"IPDESK_DB": missing}, args...)
		if code == 0 || !strings.Contains(errOut, "no database at") {
			t.Errorf("%v on a missing file: exit %d, %q", args, code, errOut)
		}
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("a tool created the missing database")
	}
	if code, _, errOut := runMain(t, "", nil, "db"); code == 0 || !strings.Contains(errOut, "usage: ipdesk db") {
		t.Errorf("db without a command: exit %d, %q", code, errOut)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}
