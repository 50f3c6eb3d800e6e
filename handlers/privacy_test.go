package handlers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/bottest"
	"github.com/ipdesk/ipdesk/handlers"
	"github.com/ipdesk/ipdesk/i18n"
)

// uploads records files posted through the Bot's Upload, as the Recorder
// records messages; with none set it refuses them as a platform without
// files does.
type uploads struct {
	mu    sync.Mutex
	files map[bot.Address][]bot.Attachment
	none  bool
}

func (u *uploads) Upload(ctx context.Context, to bot.Address, text string, files []bot.Attachment) (bot.MessageRef, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.none {
		return bot.MessageRef{}, bot.ErrNoUpload
	}
	if u.files == nil {
		u.files = map[bot.Address][]bot.Attachment{}
	}
	u.files[to] = append(u.files[to], files...)
	return bot.MessageRef{Where: to, ID: "file"}, nil
}

func (u *uploads) to(a bot.Address) []bot.Attachment {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.files[a]
}

// privacyHarness is the complaint harness with the privacy service wired
// as the run command wires it: its commands, its buttons, and its
// interception of requests typed in words.
type privacyHarness struct {
	*harness
	p    *handlers.Privacy
	up   *uploads
	dir  string
	logs *bytes.Buffer
}

func newPrivacyHarness(t *testing.T) *privacyHarness {
	t.Helper()
	h := &privacyHarness{harness: newHarness(t), up: &uploads{}, dir: filepath.Join(t.TempDir(), "exports"), logs: &bytes.Buffer{}}
	var mu sync.Mutex
	log := slog.New(slog.NewTextHandler(lockedWriter{&mu, h.logs}, nil))
	// The recorder stands in for a platform that takes files.
	p, err := handlers.NewPrivacy(handlers.PrivacyConfig{Store: h.db, Uploader: h.up, Cards: h.c, ExportDir: h.dir, Now: h.clock.Now, Logger: log,
		SaveExports: func(bot.Address) bool { return false }})
	if err != nil {
		t.Fatal(err)
	}
	mux := bot.NewMux()
	h.c.Register(mux)
	p.Register(mux)
	h.p = p
	h.raw = p.Intercept(h.c.Intercept(mux))
	// As the Bot does: each person is answered in their language.
	h.h = bot.Chain(h.raw, bot.ShowErrors(discard()), bot.Languages(nil, h.db, i18n.EN, discard()))
	return h
}

type lockedWriter struct {
	mu *sync.Mutex
	b  *bytes.Buffer
}

func (w lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func TestMyDataSendsAFileOfTheirDataToTheirDM(t *testing.T) {
	h := newPrivacyHarness(t)
	ctx := context.Background()
	cpl := h.file("consumer1", "ACME Store")
	h.file("consumer2", "Other Shop")
	if _, err := h.db.RecordQuestion(ctx, &ipdesk.Question{Platform: bot.Console, UserID: "consumer1", Text: "can I sell refurbished phones", Lang: "en"}); err != nil {
		t.Fatal(err)
	}
	r := h.say("consumer1", "My data.")
	mustContain(t, "my data", r, "1 question(s) and 1 complaint(s)", "direct messages")
	if !r.Ephemeral {
		t.Error("the answer was shown to everyone")
	}
	files := h.up.to(bot.DirectTo(bot.Console, "consumer1"))
	if len(files) != 1 || files[0].Type != "application/json" || !strings.HasSuffix(files[0].Name, ".json") {
		t.Fatalf("files sent = %+v", files)
	}
	var x ipdesk.DataExport
	if err := json.Unmarshal(files[0].Data, &x); err != nil {
		t.Fatal(err)
	}
	if x.UserID != "consumer1" || len(x.Questions) != 1 || len(x.Complaints) != 1 || x.Complaints[0].Ref != cpl.Ref ||
		x.Complaints[0].Contact != "" && x.Complaints[0].Contact != cpl.Contact {
		t.Errorf("export = %+v", x)
	}
	if strings.Contains(string(files[0].Data), "Other Shop") || strings.Contains(string(files[0].Data), "consumer2") {
		t.Error("the export holds another person's data")
	}
	// In Chinese, the answer is in Chinese.
	r = h.say("consumer1", "我的数据")
	mustContain(t, "我的数据", r, "1 个问题和 1 个投诉")
	if n := len(h.up.to(bot.DirectTo(bot.Console, "consumer1"))); n != 2 {
		t.Errorf("%d files after the second request, want 2", n)
	}
	if strings.Contains(h.logs.String(), "consumer1") {
		t.Errorf("the log names the person:\n%s", h.logs)
	}
}

func TestMyDataOnAPlatformWithoutFilesIsSavedForTheOperator(t *testing.T) {
	h := newPrivacyHarness(t)
	h.up.none = true
	h.file("consumer1", "ACME Store")
	r := h.say("consumer1", "/my-data")
	mustContain(t, "saved", r, "saved in the file", h.dir)
	entries, err := os.ReadDir(h.dir)
	if err != nil || len(entries) != 1 {
		t.Fatalf("export folder: %v, %v", entries, err)
	}
	path := filepath.Join(h.dir, entries[0].Name())
	info, _ := os.Stat(path)
	if info.Mode().Perm()&0o077 != 0 {
		t.Errorf("export file mode %v: readable by others", info.Mode())
	}
	body, _ := os.ReadFile(path)
	if !strings.Contains(string(body), `"seller": "ACME Store"`) {
		t.Errorf("saved export:\n%s", body)
	}
	// Kept for a week, then the retention sweep deletes it.
	if n := h.p.Sweep(context.Background()); n.Exports != 0 {
		t.Errorf("sweep = %+v, want the new export kept", n)
	}
	week := h.clock.Now().Add(-8 * 24 * time.Hour)
	if err := os.Chtimes(path, week, week); err != nil {
		t.Fatal(err)
	}
	if n := h.p.Sweep(context.Background()); n.Exports != 1 {
		t.Errorf("sweep = %+v, want the export deleted", n)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("export still there: %v", err)
	}
}

func TestForgetMeAfterConfirmation(t *testing.T) {
	h := newPrivacyHarness(t)
	ctx := context.Background()
	cpl := h.file("consumer1", "ACME Store")
	other := h.file("consumer2", "ACME Store")
	if _, err := h.db.RecordQuestion(ctx, &ipdesk.Question{Platform: bot.Console, UserID: "consumer1", Text: "can I sell refurbished phones", Lang: "en"}); err != nil {
		t.Fatal(err)
	}
	ask := h.say("consumer1", "forget me")
	mustContain(t, "confirmation", ask, "cannot be undone", cpl.Ref, "withdrawn")
	if _, ok := bottest.Button(ask, "Yes, delete my data"); !ok {
		t.Fatalf("no confirmation button:\n%s", bottest.Text(ask))
	}
	// Nothing happens before the press, nor on Keep.
	mustContain(t, "keep", h.press("consumer1", ask, "Keep my data"), "Nothing was deleted")
	if c, _ := h.db.Complaint(ctx, cpl.Ref); c.UserID != "consumer1" {
		t.Fatal("data deleted before confirmation")
	}
	// Someone else pressing it deletes nothing of anyone's.
	mustContain(t, "other presser", h.press("consumer2", ask, "Yes, delete my data"), "belongs to the person who asked")
	if c, _ := h.db.Complaint(ctx, other.Ref); c.UserID != "consumer2" {
		t.Fatal("another person's press deleted their own data")
	}
	done := h.press("consumer1", ask, "Yes, delete my data")
	mustContain(t, "done", done, "deleted 1 question(s)", "anonymised 1 complaint(s)", "anonymous id")
	c, _ := h.db.Complaint(ctx, cpl.Ref)
	if c.UserID == "consumer1" || c.Contact != "" || c.Problem != ipdesk.Removed || c.Status != ipdesk.StatusWithdrawn {
		t.Errorf("complaint after forget = %+v", c)
	}
	// The card in the review channel is redrawn without what went.
	card := h.cardFor(cpl.Ref)
	if strings.Contains(bottest.Text(card), "misprinted") || strings.Contains(bottest.Text(card), "consumer1") {
		t.Errorf("the card still shows deleted data:\n%s", bottest.Text(card))
	}
	if strings.Contains(h.logs.String(), "consumer1") {
		t.Errorf("the log names the person:\n%s", h.logs)
	}
	// Pressed again (a double click): nothing more to delete.
	mustContain(t, "again", h.press("consumer1", ask, "Yes, delete my data"), "held nothing about you")
	// A confirmation over an hour old is refused.
	late := h.say("consumer2", "删除我的数据")
	mustContain(t, "zh", late, "无法恢复")
	h.clock.Add(2 * time.Hour)
	mustContain(t, "expired", h.press("consumer2", late, "确认删除我的数据"), "超过一小时")
	if c, _ := h.db.Complaint(ctx, other.Ref); c.UserID != "consumer2" {
		t.Error("an expired confirmation deleted data")
	}
}

func TestStaffPrivacyRequests(t *testing.T) {
	h := newPrivacyHarness(t)
	ctx := context.Background()
	cpl := h.file("consumer1", "ACME Store")
	// Not staff: refused, whatever the words.
	for _, typed := range []string{"/privacy export console:consumer1", "/privacy forget console:consumer1", "/privacy hold " + cpl.Ref + " court case"} {
		mustContain(t, typed, h.say("consumer2", typed), "Only staff")
	}
	// Hostile or malformed names are refused with how to write them.
	for _, bad := range []string{"", "@everyone", "<!channel>", "console:", "slack:U1 U2", strings.Repeat("x", 200)} {
		mustContain(t, bad, h.say("staff1", "privacy export "+bad), "platform:userid")
	}
	r := h.say("staff1", "privacy export console:consumer1")
	mustContain(t, "export", r, "1 complaint(s)", "in your direct messages")
	if files := h.up.to(bot.DirectTo(bot.Console, "staff1")); len(files) != 1 || !strings.Contains(string(files[0].Data), cpl.Ref) {
		t.Fatalf("staff got %d files", len(files))
	}
	if h.up.to(bot.DirectTo(bot.Console, "consumer1")) != nil {
		t.Error("a staff export was sent to the person")
	}
	// A legal hold keeps the case's text through a deletion.
	mustContain(t, "hold", h.say("staff1", "privacy hold "+cpl.Ref+" chargeback dispute"), "under legal hold")
	mustContain(t, "hold again", h.say("staff1", "privacy hold "+cpl.Ref+" chargeback dispute"), "already")
	mustContain(t, "hold no reason", h.say("staff1", "privacy hold "+cpl.Ref), "reason")
	ask := h.say("staff1", "privacy forget console:consumer1")
	mustContain(t, "forget", ask, "console:consumer1", "cannot be undone", cpl.Ref)
	// A press by someone who is not staff (a forwarded message) does nothing.
	mustContain(t, "not staff", h.press("consumer2", ask, "Delete console:consumer1"), "Only staff")
	done := h.press("staff1", ask, "Delete console:consumer1")
	mustContain(t, "done", done, "anonymised 1 complaint(s)", "1 of them are under legal hold")
	c, _ := h.db.Complaint(ctx, cpl.Ref)
	if c.UserID == "consumer1" || c.Contact != "" || c.Problem == ipdesk.Removed {
		t.Errorf("held complaint after forget = %+v", c)
	}
	trail, _ := h.db.AuditTrail(ctx, ipdesk.PrivacyRef)
	if got := actions(trail); got != "privacy_export,privacy_forget" || trail[1].Actor != "console:staff1" || strings.Contains(trail[1].Note, "consumer1") {
		t.Errorf("privacy trail %s: %+v", got, trail)
	}
	if got := actions(h.trail(cpl.Ref)); !strings.Contains(got, "legal_hold") {
		t.Errorf("case trail %s lacks the hold", got)
	}
	mustContain(t, "release", h.say("staff1", "privacy release "+cpl.Ref), "no longer under legal hold")
}

// The retention sweep deletes questions older than their period with the
// votes on them, anonymises complaints closed longer than theirs ago, and
// keeps everything younger.
func TestSweepEnforcesRetention(t *testing.T) {
	h := newPrivacyHarness(t)
	ctx := context.Background()
	old, err := h.db.RecordQuestion(ctx, &ipdesk.Question{Platform: bot.Console, UserID: "seller1", Text: "can i sell a parody t-shirt", Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.db.RecordFeedback(ctx, old, bot.Console, "seller1", false); err != nil {
		t.Fatal(err)
	}
	cpl := h.file("consumer1", "ACME Store")
	mustContain(t, "withdraw", h.press("consumer1", h.say("consumer1", "withdraw "+cpl.Ref), "Yes, withdraw "+cpl.Ref), "withdrawn")
	h.clock.Add(2 * 24 * time.Hour)
	young, err := h.db.RecordQuestion(ctx, &ipdesk.Question{Platform: bot.Console, UserID: "seller2", Text: "how long does a us trademark last", Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	h.clock.Add(179 * 24 * time.Hour) // old is 181 days old, young 179
	n := h.p.Sweep(ctx)
	if n.Questions != 1 || n.Complaints != 0 || n.Evidence != 0 {
		t.Errorf("sweep at 181 days = %+v", n)
	}
	if _, err := h.db.Question(ctx, old); ipdesk.ErrorCode(err) != ipdesk.ENOTFOUND {
		t.Errorf("question asked 181 days ago after the sweep: %v, want ENOTFOUND", err)
	}
	if _, err := h.db.Question(ctx, young); err != nil {
		t.Errorf("question asked 179 days ago was deleted: %v", err)
	}
	if _, err := h.db.RecordFeedback(ctx, old, bot.Console, "seller1", true); ipdesk.ErrorCode(err) != ipdesk.ENOTFOUND {
		t.Errorf("vote on the deleted question: %v, want ENOTFOUND", err)
	}
	h.clock.Add(200 * 24 * time.Hour) // the withdrawn complaint closed 381 days ago
	if n := h.p.Sweep(ctx); n.Evidence != 1 || n.Complaints != 0 {
		t.Errorf("sweep after a year = %+v, want the evidence expired only", n)
	}
	h.clock.Add(365 * 24 * time.Hour)
	if n := h.p.Sweep(ctx); n.Complaints != 1 {
		t.Errorf("sweep after two years = %+v, want the complaint anonymised", n)
	}
	if c, _ := h.db.Complaint(ctx, cpl.Ref); c.UserID == "consumer1" || c.Contact != "" {
		t.Errorf("complaint after two years = %+v", c)
	}
	if !strings.Contains(h.logs.String(), "complaints_anonymised=1") || strings.Contains(h.logs.String(), "consumer1") {
		t.Errorf("sweep log:\n%s", h.logs)
	}
}
