package handlers_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/bottest"
	"github.com/ipdesk/ipdesk/i18n"
)

// agent files as an agent for a rights owner.
var agent = walk{"kind": {"[I own the rights (or act for the owner)]"}, "filer": {"[I act for the owner (agent)]"}}

// An agent is asked for the owner's letter of authorisation, which is
// checked like evidence: refused uploads and text change nothing, and the
// letter sent is fingerprinted, kept, and shown on the summary, the review
// card (with its Show files copy) and in the agent's data.
func TestAgentSendsTheLetterOfAuthorisation(t *testing.T) {
	h := newHarness(t)
	r := h.walk("agent1", "authorisation", agent)
	mustContain(t, "question", r, "Send the letter of authorisation", "Example Brand GmbH lets you act for it", "`skip`", "[Skip]", "[Back]", "[Cancel]")
	d := h.draft("agent1")
	send := func(text string, files ...bot.File) bot.Reply {
		e := h.event("agent1")
		e.Kind, e.Text, e.Files = bot.KindMessage, text, files
		return h.do(e)
	}
	exe := "MZ\x90\x00 this is a program"
	for _, bad := range []struct {
		text  string
		files []bot.File
		want  string
	}{
		{"", []bot.File{{Name: "setup.exe", Type: "application/x-msdownload", Size: 100}}, "not a JPEG, PNG, WebP or PDF"},
		{"", []bot.File{{Name: "letter.png", Type: "image/png", Size: 11 << 20}}, "limit is 10 MB"},
		{"", []bot.File{{ID: "F9", Name: "letter.jpg", Type: "image/jpeg", Size: int64(len(exe)),
			Open: func(context.Context) (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(exe)), nil }}}, "is not really a JPEG"},
		{"the owner said yes", nil, "not a web link"},
		{"@everyone https://example.com/loa.pdf", nil, "mention"},
		{"<!channel>", nil, "mention"},
		{"ftp://example.com/loa.pdf", nil, "not a web link"},
		{strings.Repeat("https://example.com/loa.pdf ", 6), nil, "at most 5 files or links"},
	} {
		if got := send(bad.text, bad.files...); !strings.Contains(bottest.Text(got), bad.want) {
			t.Errorf("letter %q %v: reply %q, want %q", clip(bad.text), bad.files, bottest.Text(got), bad.want)
		}
		if after := h.draft("agent1"); !reflect.DeepEqual(d, after) {
			t.Fatalf("a refused letter changed the draft:\n%+v\n%+v", d, after)
		}
	}
	content := jpegMagic + "a scan of the signed letter"
	sum := sha256.Sum256([]byte(content))
	r = send("", bot.File{ID: "F1", Name: "letter.jpg", Type: "image/jpeg", Size: int64(len(content)),
		Open: func(context.Context) (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(content)), nil }})
	mustContain(t, "taken", r, "Added letter.jpg (image/jpeg", "sha256 "+hex.EncodeToString(sum[:])[:12], "Which marketplace")

	r = h.walk("agent1", "", nil)
	mustContain(t, "summary", r, "Filing as: agent for Example Brand GmbH", "Letter of authorisation: letter.jpg (image/jpeg")
	h.press("agent1", r, "Submit")
	list, _ := h.db.ComplaintsByUser(context.Background(), bot.Console, "agent1")
	if len(list) != 1 || len(list[0].Authorisation) != 1 || list[0].Authorisation[0].SHA256 != hex.EncodeToString(sum[:]) || !list[0].Authorisation[0].Stored {
		t.Fatalf("filed = %+v", list)
	}
	cpl := list[0]
	card := h.cardFor(cpl.Ref)
	// The evidence was a link: the one kept copy is the letter's.
	mustContain(t, "card", card, "Letter of authorisation: letter.jpg, image/jpeg", "SHA-256 `"+hex.EncodeToString(sum[:])+"`", "[Show files (1)]")
	h.press("staff", card, "Show files (1)")
	posted := false
	for _, s := range h.rec.Sent() {
		if s.To == review && len(s.Files) == 1 && string(s.Files[0].Data) == content {
			posted = true
		}
	}
	if !posted {
		t.Error("Show files did not post the letter's kept copy")
	}

	x, err := h.db.ExportUser(context.Background(), bot.Console, "agent1", ipdesk.Actor{Key: "console:agent1", Platform: bot.Console, Role: ipdesk.RoleUser})
	if err != nil {
		t.Fatal(err)
	}
	data, _ := json.Marshal(x)
	if !strings.Contains(string(data), `"authorisation":[{"name":"letter.jpg"`) {
		t.Errorf("the agent's data lacks the letter:\n%s", data)
	}
}

// An agent without the letter at hand skips it, and is told staff may ask
// for it; the summary and the card say it was not sent. Consumers and
// owners are never asked, and an agent who becomes the owner loses it.
func TestLetterOfAuthorisationMayWait(t *testing.T) {
	h := newHarness(t)
	h.walk("agent1", "authorisation", agent)
	r := h.say("agent1", "skip")
	mustContain(t, "skipped", r, "No letter for now: staff may ask you for it", "Which marketplace")
	r = h.walk("agent1", "", nil)
	mustContain(t, "summary", r, "Letter of authorisation: not sent; staff may ask the agent for it")
	h.press("agent1", r, "Submit")
	list, _ := h.db.ComplaintsByUser(context.Background(), bot.Console, "agent1")
	mustContain(t, "card", h.cardFor(list[0].Ref), "Letter of authorisation: not sent")

	// Sent, then the filer turns out to own the right: the letter goes.
	h.walk("agent2", "authorisation", agent)
	h.say("agent2", "https://example.com/letter-of-authorisation.pdf")
	r = h.walk("agent2", "", nil)
	mustContain(t, "with letter", r, "Letter of authorisation: letter-of-authorisation.pdf")
	r = h.press("agent2", h.press("agent2", r, "Edit an answer"), "Filing as")
	r = h.press("agent2", r, "I own the right")
	r = h.walk("agent2", "", nil)
	if strings.Contains(bottest.Text(r), "Letter of authorisation") || h.draft("agent2").Answers.Authorisation != nil {
		t.Errorf("an owner's filing kept the letter:\n%s", bottest.Text(r))
	}

	cpl := h.file("consumer1", "ACME Store")
	if strings.Contains(bottest.Text(h.cardFor(cpl.Ref)), "Letter of authorisation") {
		t.Error("a consumer's card mentions a letter of authorisation")
	}
}

// The letter's question, in Chinese.
func TestLetterOfAuthorisationInChinese(t *testing.T) {
	h := newHarness(t)
	r := h.walkIn("agent1", i18n.ZH, "authorisation", walk{"kind": {"[我是权利人（或代理权利人）]"}, "filer": {"[我代表权利人（代理人）]"}})
	mustContain(t, "question", r, "请发送授权书", "Example Brand GmbH 授权你代其行事", "`跳过`")
	e := h.event("agent1")
	e.Kind, e.Text, e.Lang = bot.KindMessage, "跳过", i18n.ZH
	mustContain(t, "skipped", h.do(e), "暂不提供授权书")
}
