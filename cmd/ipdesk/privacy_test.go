package main

import (
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot/discord/discordfake"
	"github.com/ipdesk/ipdesk/bot/slack/slackfake"
	"github.com/ipdesk/ipdesk/internal/eventually"
	"github.com/ipdesk/ipdesk/sqlite"
)

// The tests in this file carry out each privacy request (a copy of one's
// data, its deletion, the retention periods, and the private case view
// with the complainant's email) through the whole product on the console,
// Slack and Discord, and then read the database file for what must be
// gone.

// dbDump returns every row of every table of the database at path (but the
// migrations and the secret) as text: what a copy of the file reveals.
func dbDump(t *testing.T, path string) string {
	t.Helper()
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tables, err := db.SQL().Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('migrations', 'install_secrets') AND name NOT LIKE 'sqlite_%'`)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for tables.Next() {
		var n string
		if err := tables.Scan(&n); err != nil {
			t.Fatal(err)
		}
		names = append(names, n)
	}
	tables.Close()
	var b strings.Builder
	for _, name := range names {
		rows, err := db.SQL().Query(`SELECT * FROM ` + name)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			b.WriteString(name + ":")
			for _, v := range vals {
				if s, ok := v.([]byte); ok {
					v = string(s)
				}
				fmt.Fprintf(&b, " %v", v)
			}
			b.WriteString("\n")
		}
		rows.Close()
	}
	return b.String()
}

// eventsHandled waits until every event the App received is handled. The
// answer to a deletion is sent before the event that asked for it is
// marked handled, and until then the inbox keeps that event whole, with
// the id of the person who asked: a check of the database waits for it.
func eventsHandled(t *testing.T, a *testApp) {
	t.Helper()
	db, err := sqlite.Open(a.ctx, a.vars["IPDESK_DB"])
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	eventually.Check(t, a.ctx, "every event handled", func() error {
		var n int
		if err := db.SQL().QueryRowContext(a.ctx, `SELECT count(*) FROM inbox WHERE handled_at IS NULL`).Scan(&n); err != nil {
			return eventually.Stop(err)
		}
		if n > 0 {
			return fmt.Errorf("%d events not handled", n)
		}
		return nil
	})
}

// mustBeGone fails the test for each text still somewhere in the database.
func mustBeGone(t *testing.T, dump string, gone ...string) {
	t.Helper()
	for _, s := range gone {
		for _, line := range strings.Split(dump, "\n") {
			if strings.Contains(line, s) {
				t.Errorf("%q is still in the database: %s", s, line)
				break
			}
		}
	}
}

// age makes the database at path look as if a complaint closed and a
// question was asked three years ago, as a long-running bot would hold
// them; the App must be stopped.
func age(t *testing.T, path, ref, question string) {
	t.Helper()
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	then := time.Now().AddDate(-3, 0, 0).UTC().Format("2006-01-02T15:04:05.000000Z")
	for _, q := range []struct {
		stmt string
		arg  string
	}{{`UPDATE complaints SET updated_at = ? WHERE ref = ?`, ref}, {`UPDATE questions SET asked_at = ? WHERE text = ?`, question}} {
		res, err := db.SQL().Exec(q.stmt, then, q.arg)
		if err != nil {
			t.Fatal(err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			t.Fatalf("%s %s: %d rows", q.stmt, q.arg, n)
		}
	}
	// The language detected from what they wrote is as old as their words.
	if _, err := db.SQL().Exec(`UPDATE user_langs SET updated_at = ? WHERE chosen = 0`, then); err != nil {
		t.Fatal(err)
	}
}

// readExport parses a data export and checks it holds one question and one
// complaint, ref, with the email given.
func readExport(t *testing.T, data []byte, ref string) ipdesk.DataExport {
	t.Helper()
	var x ipdesk.DataExport
	if err := json.Unmarshal(data, &x); err != nil {
		t.Fatalf("export is not JSON: %v\n%s", err, data)
	}
	if len(x.Questions) != 1 || len(x.Complaints) != 1 || x.Complaints[0].Ref != ref || x.Complaints[0].Contact != "buyer@example.com" ||
		len(x.Complaints[0].History) == 0 || x.Complaints[0].History[0].By != "you" {
		t.Errorf("export = %+v", x)
	}
	return x
}

const question = "how long does a US trademark last?"

// consoleFiling files acme at the console as user, agreeing to be emailed,
// then asks question and types then; it returns the transcript.
func consoleFiling(t *testing.T, env map[string]string, user string, then ...string) string {
	t.Helper()
	return fileAtConsole(t, env, user, []string{"/as " + user, "/complain"},
		map[string][]string{"order": {"123-1234567-1234567"}, "consent": {"1"}}, append([]string{"1", question}, then...)...)
}

var savedAt = regexp.MustCompile("saved in the file `?([^ `]+\\.json)")

func TestConsolePrivacyRequests(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "ipdesk.db")
	env := map[string]string{"IPDESK_DB": path}
	out := consoleFiling(t, env, "consumer1")
	ref := filedRef(t, out)
	if strings.Contains(out, "[#review] Complaint "+ref) && strings.Contains(out[strings.Index(out, "[#review] Complaint "+ref):], "Contact: email buyer@example.com") {
		t.Errorf("the card shows the email:\n%s", out)
	}

	out = runConsole(t, env,
		"/as staff", "case "+ref,
		"/as consumer1", "my data", "forget me", "1",
	)
	checkTranscript(t, out, "Email (private): buyer@example.com", "this view is on the audit trail",
		"Everything I hold about you (1 question(s), 1 complaint(s))",
		"[1] Yes, delete my data  [2] Keep my data", ref+" will be withdrawn",
		"[#review] (updated) Complaint "+ref, "Status: withdrawn", "What is wrong: (removed)",
		"Done. I deleted 1 question(s) with 0 vote(s), and anonymised 1 complaint(s).")
	m := savedAt.FindStringSubmatch(out)
	if m == nil || !strings.HasPrefix(m[1], filepath.Join(dir, "exports")) {
		t.Fatalf("no export path in:\n%s", out)
	}
	data, err := os.ReadFile(m[1])
	if err != nil {
		t.Fatal(err)
	}
	readExport(t, data, ref)

	dump := dbDump(t, path)
	mustBeGone(t, dump, "consumer1", "buyer@example.com", "The logo is misprinted", "123-1234567-1234567", question)
	for _, want := range []string{"case_viewed", "console:staff", "privacy_export", "privacy_forget"} {
		if !strings.Contains(dump, want) {
			t.Errorf("the audit trail lacks %q", want)
		}
	}

	// Staff carry out a request for someone else; then the retention
	// periods: a second complainant's withdrawn complaint and question,
	// three years old, are anonymised and deleted at the next start.
	out = consoleFiling(t, env, "consumer2", "/withdraw", "1", "1",
		"/as staff", "privacy export console:consumer2", "privacy export @everyone")
	ref2 := filedRef(t, out)
	checkTranscript(t, out, "The data held about console:consumer2 (1 question(s), 1 complaint(s)) is in the file", "Name the person as platform:userid")
	age(t, path, ref2, question)
	// The console runs until its input ends; the sweep runs at start.
	pr, pw := io.Pipe()
	a := newTestApp(t, testBudget, map[string]string{"IPDESK_DB": path}, func() func() { return func() {} })
	a.stdin = pr
	a.start()
	a.waitLog("retention sweep", "questions_deleted=1", "complaints_anonymised=1")
	pw.Close()
	a.exited()
	mustBeGone(t, dbDump(t, path), "consumer2", "buyer@example.com", "The logo is misprinted", question)
	rec := exportCSVOf(t, env, ref2)
	if rec["user_id"] == "consumer2" || rec["contact"] != "" || rec["problem"] != ipdesk.Removed {
		t.Errorf("csv record after retention = %v", rec)
	}
}

// exportCSVOf is exportCSV for one complaint among several.
func exportCSVOf(t *testing.T, env map[string]string, ref string) map[string]string {
	t.Helper()
	code, out, errOut := runMain(t, "", env, "complaints", "export", "--format", "csv")
	if code != 0 {
		t.Fatalf("export: exit %d; %s", code, errOut)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows[1:] {
		if row[0] == ref {
			rec := map[string]string{}
			for i, h := range rows[0] {
				rec[h] = row[i]
			}
			return rec
		}
	}
	t.Fatalf("no %s in export:\n%s", ref, out)
	return nil
}

func TestSlackPrivacyRequests(t *testing.T) {
	t.Parallel()
	w := newSlackWorld(t)
	dmCh := slackfake.IMChannel(consumer)
	card, ref := w.confirm(consumer, w.fileUntilSummary(consumer, acme))
	if strings.Contains(card.Visible(), "buyer@example.com") {
		t.Errorf("the card shows the email:\n%s", card.Visible())
	}
	// Staff open the case: the email, only to them, and on the trail.
	w.slash(reviewChannel, staffMember, "case "+ref)
	view := w.shown(reviewChannel, "buyer@example.com", "Email (private)")
	if !view.Ephemeral || view.User != staffMember {
		t.Errorf("case view ephemeral=%v to %q", view.Ephemeral, view.User)
	}
	if tr, _ := w.app.DB.AuditTrail(w.ctx, ref); tr[len(tr)-1].Action != ipdesk.ActionCaseViewed || tr[len(tr)-1].Actor != "slack:"+staffMember {
		t.Errorf("trail after the case view = %+v", tr[len(tr)-1])
	}
	w.dm(consumer, question, "Trademarks in the US")

	// A copy of their data, as a file in their DM.
	if _, err := w.fake.DM(w.ctx, consumer, slackfake.Typed("my data")); err != nil {
		t.Fatal(err)
	}
	shared := w.slackUntil(dmCh, "Your data held by ipdesk")
	w.slackUntil(dmCh, "sent you a file")
	files := w.fake.FilesOf(shared)
	if len(files) != 1 || !strings.HasSuffix(files[0].Name, ".json") {
		t.Fatalf("export shared as %+v", files)
	}
	readExport(t, files[0].Content, ref)

	// Deletion, after confirming: the kept copy of their photo goes too.
	photo := keptPhoto(t, w.testApp)
	ask := w.dm(consumer, "forget me", "cannot be undone", "[Yes, delete my data]", ref)
	w.click(consumer, ask, "Yes, delete my data")
	w.slackUntil(dmCh, "Done. I deleted 1 question(s)")
	eventsHandled(t, w.testApp)
	redrawn := w.fake.Message(reviewChannel, card.TS)
	if strings.Contains(redrawn.Visible(), "misprinted") || strings.Contains(redrawn.Visible(), consumer) || !strings.Contains(redrawn.Visible(), "withdrawn") {
		t.Errorf("the card after deletion:\n%s", redrawn.Visible())
	}
	mustBeGone(t, dbDump(t, w.vars["IPDESK_DB"]), consumer, "buyer@example.com", "The logo is misprinted", "123-1234567-1234567", question)
	if _, err := os.Stat(photo); !os.IsNotExist(err) {
		t.Errorf("the kept photo is still at %s: %v", photo, err)
	}
}

// keptPhoto returns where the App keeps its copy of labelPhoto, and checks
// it is there.
func keptPhoto(t *testing.T, a *testApp) string {
	t.Helper()
	sum := sha256.Sum256(labelPhoto)
	h := hex.EncodeToString(sum[:])
	path := filepath.Join(a.app.Config.EvidenceFolder(), h[:2], h)
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("no kept copy of the photo: %v", err)
	}
	return path
}

// slackUntil returns the next message shown in channel containing text,
// passing over others.
func (w *slackWorld) slackUntil(channel, text string) *slackfake.Message {
	w.t.Helper()
	for range 20 {
		m, err := w.fake.NextShown(w.ctx)
		if err != nil {
			w.t.Fatalf("no message with %q in %s: %v", text, channel, err)
		}
		if m.Channel == channel && strings.Contains(m.Visible(), text) {
			return m
		}
	}
	w.t.Fatalf("no message with %q in %s among the next 20", text, channel)
	return nil
}

func TestSlackRetention(t *testing.T) {
	t.Parallel()
	w := newSlackWorld(t)
	_, ref := w.confirm(consumer, w.fileUntilSummary(consumer, acme))
	w.dm(consumer, question, "Trademarks in the US")
	w.slash(slackfake.IMChannel(consumer), consumer, "withdraw "+ref)
	confirm := w.slackUntil(slackfake.IMChannel(consumer), "Withdraw *"+ref)
	w.click(consumer, confirm, "Yes, withdraw "+ref)
	w.slackUntil(slackfake.IMChannel(consumer), ref+"* is withdrawn")
	w.stop()
	age(t, w.vars["IPDESK_DB"], ref, question)
	w.start()
	w.waitLog("retention sweep", "questions_deleted=1", "complaints_anonymised=1", "evidence_expired=0")
	mustBeGone(t, dbDump(t, w.vars["IPDESK_DB"]), consumer, "buyer@example.com", "The logo is misprinted", question)
	if c := w.complaint(ref); !ipdesk.IsAnonymous(c.UserID) || c.Seller != "ACME Store" || c.Status != ipdesk.StatusWithdrawn {
		t.Errorf("complaint after the sweep = %+v", c)
	}
}

func TestDiscordPrivacyRequests(t *testing.T) {
	t.Parallel()
	w := newDiscordWorld(t)
	dmC := w.dm(dConsumer)
	card, ref := w.confirm(dConsumer, w.continueFrom(dConsumer, acme, w.startFiling(dConsumer), ""))
	if strings.Contains(card.Display(), "buyer@example.com") {
		t.Errorf("the card shows the email:\n%s", card.Display())
	}
	// Staff open the case with the slash command: only they see it.
	w.srv.Slash(dListed, dReview, "case", map[string]any{"reference": ref})
	view := w.shown(dReview, "buyer@example.com", "Email (private)")
	if !view.Ephemeral() {
		t.Error("the case view with the email was posted for the channel")
	}
	if tr, _ := w.app.DB.AuditTrail(w.ctx, ref); tr[len(tr)-1].Action != ipdesk.ActionCaseViewed || tr[len(tr)-1].Actor != "discord:"+dListed.ID {
		t.Errorf("trail after the case view = %+v", tr[len(tr)-1])
	}
	w.sayAnswer(dConsumer, question, "Trademarks in the US")

	// A copy of their data with the slash command: the file in the DM.
	mine := w.srv.Reply(w.srv.Slash(dConsumer, dmC, "my-data", nil), dwait).Message
	checkShows(t, mine, "sent you a file")
	file := w.discordFile(dmC)
	if !strings.HasSuffix(file.Name, ".json") {
		t.Errorf("export sent as %q", file.Name)
	}
	readExport(t, file.Data, ref)

	// Deletion in Chinese, after confirming.
	photo := keptPhoto(t, w.testApp)
	w.srv.SendDM(dConsumer, "删除我的数据")
	ask := w.until(dmC, "无法恢复")
	checkShows(t, ask, "[确认删除我的数据]", ref)
	w.click(dConsumer, ask, "确认删除我的数据")
	w.until(dmC, "已完成")
	eventsHandled(t, w.testApp)
	// The user id is short ("222"): it counts when it stands alone, not
	// inside the random hex of the anonymous id that replaces it
	// ("anon-07224f22223a").
	if redrawn := w.current(card); strings.Contains(redrawn.Display(), "misprinted") || standsAlone(redrawn.Display(), dConsumer.ID) {
		t.Errorf("the card after deletion:\n%s", redrawn.Display())
	}
	mustBeGone(t, dbDump(t, w.vars["IPDESK_DB"]), "discord:"+dConsumer.ID, "buyer@example.com", "The logo is misprinted", "123-1234567-1234567", question)
	if c := w.complaint(ref); c.UserID == dConsumer.ID || c.Status != ipdesk.StatusWithdrawn {
		t.Errorf("complaint after deletion = %+v", c)
	}
	if _, err := os.Stat(photo); !os.IsNotExist(err) {
		t.Errorf("the kept photo is still at %s: %v", photo, err)
	}
}

// discordFile waits for the next message in channel with a file, and
// returns the file.
func (w *discordWorld) discordFile(channel string) discordfake.File {
	w.t.Helper()
	for range 20 {
		m, err := w.srv.NextShown(dwait)
		if err != nil {
			w.t.Fatalf("no file in %s: %v", channel, err)
		}
		if files := w.srv.FilesOf(m); m.ChannelID == channel && len(files) > 0 {
			return files[0]
		}
	}
	w.t.Fatalf("no file in %s among the next 20 messages", channel)
	return discordfake.File{}
}

func TestDiscordRetention(t *testing.T) {
	t.Parallel()
	w := newDiscordWorld(t)
	_, ref := w.confirm(dConsumer, w.continueFrom(dConsumer, acme, w.startFiling(dConsumer), ""))
	w.sayAnswer(dConsumer, question, "Trademarks in the US")
	ask := w.say(dConsumer, "withdraw "+ref, "[Yes, withdraw "+ref+"]")
	w.click(dConsumer, ask, "Yes, withdraw "+ref)
	w.until(w.dm(dConsumer), ref+" is withdrawn")
	w.stop()
	age(t, w.vars["IPDESK_DB"], ref, question)
	w.start()
	w.waitLog("retention sweep", "questions_deleted=1", "complaints_anonymised=1")
	mustBeGone(t, dbDump(t, w.vars["IPDESK_DB"]), "discord:"+dConsumer.ID, "buyer@example.com", "The logo is misprinted", question)
}

// standsAlone reports whether word occurs in text with no letter or digit
// right before or after it.
func standsAlone(text, word string) bool {
	return regexp.MustCompile(`(^|[^\pL\pN])` + regexp.QuoteMeta(word) + `([^\pL\pN]|$)`).MatchString(text)
}
