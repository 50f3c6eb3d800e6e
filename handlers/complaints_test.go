package handlers_test

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/bottest"
	"github.com/ipdesk/ipdesk/evidence"
	"github.com/ipdesk/ipdesk/handlers"
	"github.com/ipdesk/ipdesk/i18n"
	"github.com/ipdesk/ipdesk/sqlite"
)

var review = bot.Address{Platform: bot.Console, Channel: "review"}

// clock is a settable time shared by the store and the handlers.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// harness runs the complaint workflow on a real database file with a
// recorder standing in for every platform.
type harness struct {
	t     *testing.T
	path  string
	db    *sqlite.DB
	rec   *bottest.Recorder
	c     *handlers.Complaints
	h     bot.Handler
	raw   bot.Handler
	clock *clock
	limit ipdesk.Money
	sla   time.Duration
	// evidence is the store of kept copies, in a folder beside the
	// database.
	evidence *evidence.Store
	// reviewLang is the review channel's language (English when empty).
	reviewLang i18n.Lang
	// repliesPath, when set before open (or a restart), is the saved
	// replies file.
	repliesPath string
	// shared, when set before open, builds the workflow as one of several
	// replicas on a shared store.
	shared bool
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	h := &harness{t: t, path: filepath.Join(t.TempDir(), "ipdesk.db"), rec: bottest.NewRecorder(),
		clock: &clock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}, limit: ipdesk.Money{Amount: 50000, Currency: "USD"}, sla: 48 * time.Hour}
	h.open()
	t.Cleanup(func() { h.db.Close() })
	return h
}

// open opens the database and builds the workflow on it, as a restart does.
func (h *harness) open() {
	h.t.Helper()
	db, err := sqlite.Open(context.Background(), h.path)
	if err != nil {
		h.t.Fatal(err)
	}
	db.Now = h.clock.Now
	store, err := evidence.Open(filepath.Join(filepath.Dir(h.path), "evidence"))
	if err != nil {
		h.t.Fatal(err)
	}
	h.evidence = store
	var replies *handlers.Replies
	if h.repliesPath != "" {
		if replies, err = handlers.NewReplies(h.repliesPath, nil); err != nil {
			h.t.Fatal(err)
		}
	}
	c, err := handlers.NewComplaints(handlers.ComplaintsConfig{
		Store: db, Sender: h.rec, Review: review, ApprovalLimit: h.limit, DefaultCurrency: "USD",
		SLA: h.sla, RepeatThreshold: 3, DraftExpiry: 7 * 24 * time.Hour, Now: h.clock.Now, Evidence: store, Replies: replies,
		Shared:     h.shared,
		ReviewLang: h.reviewLang,
	})
	if err != nil {
		h.t.Fatal(err)
	}
	mux := bot.NewMux()
	c.Register(mux)
	// The listing check is registered as in the running bot: its command
	// word starts many ordinary sentences ("Check the receipt…").
	chk, err := handlers.NewCheck()
	if err != nil {
		h.t.Fatal(err)
	}
	chk.Register(mux)
	handlers.NewHelp(mux).Register(mux)
	h.db, h.c = db, c
	h.raw = c.Intercept(mux)
	h.h = bot.Chain(h.raw, bot.ShowErrors(discard()))
}

// restart closes the database and opens it again with a fresh workflow.
func (h *harness) restart() {
	h.db.Close()
	h.open()
}

func isStaff(user string) bool { return strings.HasPrefix(user, "staff") }

func (h *harness) event(user string) *bot.Event {
	return &bot.Event{User: bot.User{Platform: bot.Console, ID: user, Name: user, Staff: isStaff(user)}, Where: bot.DirectTo(bot.Console, user), Time: h.clock.Now()}
}

// serveRaw serves e without the error display, returning the handler's error.
func (h *harness) serveRaw(e *bot.Event) error {
	return h.raw.ServeEvent(context.Background(), h.rec, e)
}

func (h *harness) serve(e *bot.Event) error {
	return h.h.ServeEvent(context.Background(), h.rec, e)
}

// say sends a message as user and returns the reply it got.
func (h *harness) say(user, text string) bot.Reply {
	h.t.Helper()
	e := h.event(user)
	e.Kind, e.Text = bot.KindMessage, text
	return h.do(e)
}

func (h *harness) do(e *bot.Event) bot.Reply {
	h.t.Helper()
	n := len(h.rec.Replies())
	if err := h.serve(e); err != nil {
		h.t.Fatalf("%s: %v", e.Kind, err)
	}
	rs := h.rec.Replies()
	if len(rs) == n {
		return bot.Reply{}
	}
	return rs[len(rs)-1]
}

// press presses the button labelled label on rep, as user.
func (h *harness) press(user string, rep bot.Reply, label string) bot.Reply {
	h.t.Helper()
	b, ok := bottest.Button(rep, label)
	if !ok {
		h.t.Fatalf("no button %q in:\n%s", label, bottest.Text(rep))
	}
	return h.pressButton(user, b)
}

func (h *harness) pressButton(user string, b bot.Button) bot.Reply {
	h.t.Helper()
	e := h.event(user)
	e.Kind, e.Action = bot.KindAction, bot.Action{ID: b.ID, Value: b.Value}
	return h.do(e)
}

// submit submits form f as user with fields; it returns the form error, if
// any, and the last reply.
func (h *harness) submit(user string, f *bot.Form, fields map[string]string) (bot.Reply, error) {
	h.t.Helper()
	e := h.event(user)
	e.Kind, e.Form = bot.KindSubmit, bot.FormData{ID: f.ID, Value: f.Value, Fields: fields}
	n := len(h.rec.Replies())
	err := h.serve(e)
	rs := h.rec.Replies()
	if len(rs) == n {
		return bot.Reply{}, err
	}
	return rs[len(rs)-1], err
}

func (h *harness) draft(user string) *ipdesk.Draft {
	h.t.Helper()
	d, err := h.db.Draft(context.Background(), bot.Console, user)
	if ipdesk.ErrorCode(err) == ipdesk.ENOTFOUND {
		return nil
	} else if err != nil {
		h.t.Fatal(err)
	}
	return d
}

// cardFor returns the latest version of a complaint's review card: the last
// edit, or the post.
func (h *harness) cardFor(ref string) bot.Reply {
	h.t.Helper()
	// The card the complaint points at (an appeal posts a new one), as
	// last edited.
	current := ""
	if cpl, err := h.db.Complaint(context.Background(), ref); err == nil {
		current = cpl.CardRef
	}
	var card bot.Reply
	found := false
	for _, s := range h.rec.Sent() {
		if s.To == review && strings.Contains(s.Reply.Text, "Complaint "+ref) && (current == "" || s.Ref.String() == current) {
			card, found = s.Reply, true
		}
	}
	for _, e := range h.rec.Edits() {
		if strings.Contains(e.Reply.Text, "Complaint "+ref) && (current == "" || e.Ref.String() == current) {
			card, found = e.Reply, true
		}
	}
	if !found {
		h.t.Fatalf("no card for %s", ref)
	}
	return card
}

func (h *harness) dms(user string) []bot.Reply { return h.rec.SentTo(bot.DirectTo(bot.Console, user)) }

func mustContain(t *testing.T, what string, rep bot.Reply, want ...string) {
	t.Helper()
	text := bottest.Text(rep)
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Fatalf("%s: want %q in:\n%s", what, w, text)
		}
	}
}

// jpeg is an upload of a JPEG photo whose bytes are the JPEG signature
// followed by content.
func jpeg(content string) bot.File {
	content = jpegMagic + content
	return bot.File{ID: "F1", Name: "label.jpg", Type: "image/jpeg", Size: int64(len(content)),
		Open: func(ctx context.Context) (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(content)), nil }}
}

// jpegMagic starts every JPEG file.
const jpegMagic = "\xff\xd8\xff\xe0"

// file runs a consumer through the whole wizard and returns the complaint.
func (h *harness) file(user, seller string) *ipdesk.Complaint {
	h.t.Helper()
	return h.fileFor(user, seller, "Compensation")
}

// fileFor files like file, asking for remedy (a button label): with
// "Compensation", 49.99 USD.
func (h *harness) fileFor(user, seller, remedy string) *ipdesk.Complaint {
	h.t.Helper()
	r := h.say(user, "/complain")
	mustContain(h.t, "start", r, "What happened?")
	r = h.press(user, r, "I bought a counterfeit")
	r = h.press(user, r, "Amazon")
	mustContain(h.t, "urls", r, "listing")
	r = h.say(user, "https://www.amazon.com/dp/B0EXAMPLE1")
	r = h.say(user, seller)
	mustContain(h.t, "order", r, "order number")
	if len(r.Buttons) != 0 {
		h.t.Fatalf("order number step shows buttons, which a typed number would press on the console: %v", r.Buttons)
	}
	r = h.say(user, "123-1234567-1234567")
	r = h.say(user, "2026-02-20")
	r = h.say(user, "The logo is misprinted and the stitching is loose.")
	mustContain(h.t, "evidence", r, "evidence")
	e := h.event(user)
	e.Kind, e.Files = bot.KindMessage, []bot.File{jpeg("a photo of the label")}
	r = h.do(e)
	mustContain(h.t, "evidence added", r, "label.jpg", "sha256")
	r = h.press(user, r, "Done")
	r = h.press(user, r, remedy)
	if remedy == "Compensation" {
		r = h.say(user, "49.99")
	}
	r = h.press(user, r, "No, only here")
	mustContain(h.t, "summary", r, "Please check", seller, "label.jpg")
	r = h.press(user, r, "Submit")
	mustContain(h.t, "receipt", r, "filed as", "IPD-")
	list, err := h.db.ComplaintsByUser(context.Background(), bot.Console, user)
	if err != nil || len(list) == 0 {
		h.t.Fatalf("no complaint stored: %v", err)
	}
	return &list[0]
}

func (h *harness) trail(ref string) []ipdesk.AuditEntry {
	h.t.Helper()
	tr, err := h.db.AuditTrail(context.Background(), ref)
	if err != nil {
		h.t.Fatal(err)
	}
	return tr
}

func actions(tr []ipdesk.AuditEntry) string {
	var s []string
	for _, e := range tr {
		s = append(s, string(e.Action))
	}
	return strings.Join(s, ",")
}

func discard() *slog.Logger { return slog.New(slog.DiscardHandler) }
