package handlers

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path"
	"regexp"
	"strings"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/markup"
	"github.com/ipdesk/ipdesk/evidence"
	"github.com/ipdesk/ipdesk/i18n"
)

// EvidenceStore keeps copies of uploaded evidence by SHA-256 (see package
// evidence). Put returns evidence.ErrTooLarge for content over max.
type EvidenceStore interface {
	Put(ctx context.Context, r io.Reader, max int64) (evidence.Saved, error)
	ReadAll(sum string) ([]byte, error)
}

var _ EvidenceStore = (*evidence.Store)(nil)

// fetchTimeout bounds the download of one upload.
const fetchTimeout = 30 * time.Second

// uploads checks files sent as evidence against the type and size limits,
// fetches each when the platform lets the bot, and keeps a copy in the
// evidence store (or, without one, its SHA-256 only). The content decides
// the type: a file whose bytes are not a photo or PDF is refused whatever
// its name says. A file the bot cannot fetch (no permission, the
// platform's storage failing, a timeout) is kept by name, type and size
// with the reason, and its name returned in unfetched so the user can be
// told; only a file over the limit or of the wrong type refuses the whole
// message. Its errors are in tr's language.
func (c *Complaints) uploads(ctx context.Context, tr i18n.Printer, files []bot.File) (items []ipdesk.Evidence, unfetched []string, err error) {
	for _, f := range files {
		name, err := ipdesk.CleanText(f.Name, tr.T("wizard.field.file_name"), 1, 200, false)
		if err != nil {
			name = "upload" + evidenceTypes[f.Type]
		}
		typ, ok := evidenceType(f)
		if !ok {
			return nil, nil, &ipdesk.Error{Code: ipdesk.EINVALID, Message: tr.T("evidence.bad_type", "File", markup.Escape(clipRunes(name, 60)))}
		}
		if f.Size > maxEvidenceBytes {
			return nil, nil, &ipdesk.Error{Code: ipdesk.EINVALID, Message: tr.T("evidence.too_big", "File", markup.Escape(clipRunes(name, 60)),
				"Size", fmt.Sprintf("%.1f", float64(f.Size)/(1<<20)), "Limit", maxEvidenceBytes>>20)}
		}
		ev := ipdesk.Evidence{Name: name, Type: typ, Size: f.Size, URL: f.URL, Upload: true}
		if f.Open == nil {
			ev.Unfetched = whyNoDownload
		} else if err := c.fetch(ctx, tr, f, &ev); err != nil {
			switch {
			case ipdesk.ErrorCode(err) == ipdesk.EINVALID:
				return nil, nil, err
			case ctx.Err() != nil:
				return nil, nil, err // shutting down: the message is not taken
			}
			ev.Unfetched = fetchReason(err)
			c.log.Warn("evidence kept without a copy", "file", f.ID, "reason", ev.Unfetched)
		}
		if ev.Unfetched != "" {
			unfetched = append(unfetched, name)
		}
		items = append(items, ev)
	}
	return items, unfetched, nil
}

// fetch downloads an upload, at most the size limit, and records its size,
// SHA-256 and, with a store, the copy kept and the type its content shows.
func (c *Complaints) fetch(ctx context.Context, tr i18n.Printer, f bot.File, ev *ipdesk.Evidence) error {
	ctx, cancel := context.WithTimeout(ctx, fetchTimeout)
	defer cancel()
	rc, err := f.Open(ctx)
	if err != nil {
		return fmt.Errorf("fetch evidence %s: %w", f.ID, err)
	}
	defer rc.Close()
	tooLarge := &ipdesk.Error{Code: ipdesk.EINVALID, Message: tr.T("evidence.larger_than", "File", markup.Escape(clipRunes(ev.Name, 60)), "Limit", maxEvidenceBytes>>20)}
	if c.evidence == nil {
		h := sha256.New()
		n, err := io.Copy(h, io.LimitReader(rc, maxEvidenceBytes+1))
		if err != nil {
			return fmt.Errorf("fetch evidence %s: %w", f.ID, err)
		}
		if n > maxEvidenceBytes {
			return tooLarge
		}
		ev.Size, ev.SHA256 = n, hex.EncodeToString(h.Sum(nil))
		return nil
	}
	saved, err := c.evidence.Put(ctx, rc, maxEvidenceBytes)
	if errors.Is(err, evidence.ErrTooLarge) {
		return tooLarge
	} else if err != nil {
		return fmt.Errorf("fetch evidence %s: %w", f.ID, err)
	}
	if _, ok := evidenceTypes[saved.Type]; !ok {
		return &ipdesk.Error{Code: ipdesk.EINVALID, Message: tr.T("evidence.not_really", "File", markup.Escape(clipRunes(ev.Name, 60)), "Type", markup.Escape(saved.Type))}
	}
	ev.Size, ev.SHA256, ev.Type, ev.Stored = saved.Size, saved.SHA256, saved.Type, true
	return nil
}

var httpStatus = regexp.MustCompile(`\b[45]\d\d\b`)

// Why a file was not fetched, as the complaint records it (in English, the
// language of records) and staff read it (unfetchedWhy).
const (
	whyNoDownload = "the platform gave no way to download it"
	whyTimeout    = "the download did not finish within %d seconds"
	whyRefused    = "the platform refused the download (HTTP %s)"
	whyFailed     = "the download failed"
)

// fetchReason says why a download failed, for the record and staff, without
// the link (a signed link must not be kept where the file is not).
func fetchReason(err error) string {
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Sprintf(whyTimeout, int(fetchTimeout.Seconds()))
	case httpStatus.MatchString(err.Error()):
		return fmt.Sprintf(whyRefused, httpStatus.FindString(err.Error()))
	}
	return whyFailed
}

// unfetchedWhy says a recorded reason in tr's language; a reason it does
// not know is shown as recorded.
func unfetchedWhy(tr i18n.Printer, why string) string {
	var n int
	var status string
	switch {
	case why == whyNoDownload:
		return tr.T("evidence.why.no_download")
	case why == whyFailed:
		return tr.T("evidence.why.failed")
	case fmtMatch(why, whyTimeout, &n):
		return tr.T("evidence.why.timeout", "Seconds", n)
	case fmtMatch(why, whyRefused, &status):
		return tr.T("evidence.why.refused", "Status", status)
	}
	return why
}

// fmtMatch reports whether s is format filled with one value, and scans
// the value into v.
func fmtMatch(s, format string, v any) bool {
	if _, err := fmt.Sscanf(s, format, v); err != nil {
		return false
	}
	switch x := v.(type) {
	case *int:
		return fmt.Sprintf(format, *x) == s
	case *string:
		return fmt.Sprintf(format, *x) == s
	}
	return false
}

// unfetchedNote tells the user which files were recorded without a copy.
func unfetchedNote(tr i18n.Printer, names []string) string {
	if len(names) == 0 {
		return ""
	}
	var q []string
	for _, n := range names {
		q = append(q, markup.Escape(clipRunes(n, 60)))
	}
	return tr.T("evidence.unfetched_note", "Files", strings.Join(q, tr.T("list.sep")))
}

// evidenceForStaff shows one piece of evidence on the review card. An
// uploaded file the bot kept is named with its SHA-256 and offered behind
// Show files; one it could not fetch says why. Pasted links are shown as
// links. where names the platform the complainant sent it on.
func evidenceForStaff(tr i18n.Printer, ev ipdesk.Evidence, where string) string {
	if !ev.Uploaded() {
		return markup.Escape(evidenceLabel(ev))
	}
	name := ev.Name
	if name == "" {
		name = tr.T("evidence.unnamed")
	}
	parts := []string{markup.Escape(name)}
	if ev.Type != "" {
		parts = append(parts, markup.Escape(ev.Type))
	}
	if ev.Size > 0 {
		parts = append(parts, humanSize(ev.Size))
	}
	s := strings.Join(parts, ", ")
	if where == "" {
		where = tr.T("evidence.platform")
	}
	sha := markup.Escape(ev.SHA256)
	switch {
	case ev.Stored:
		return tr.T("evidence.kept", "File", s, "SHA", sha)
	case ev.SHA256 != "":
		return tr.T("evidence.on_platform", "File", s, "SHA", sha, "Where", where)
	case ev.Unfetched != "":
		return tr.T("evidence.unfetched", "File", s, "Why", markup.Escape(unfetchedWhy(tr, ev.Unfetched)), "Where", where)
	}
	return tr.T("evidence.no_hash", "File", s, "Where", where)
}

// storedEvidence returns the kept copies of a complaint's evidence and of
// an agent's letter of authorisation, each once.
func storedEvidence(cpl *ipdesk.Complaint) []ipdesk.Evidence {
	var out []ipdesk.Evidence
	seen := map[string]bool{}
	for _, ev := range cpl.AllEvidence() {
		if ev.Stored && !seen[ev.SHA256] {
			seen[ev.SHA256] = true
			out = append(out, ev)
		}
	}
	return out
}

// filesButton is the Show files button of a complaint with kept copies.
func filesButton(tr i18n.Printer, cpl *ipdesk.Complaint) (bot.Button, bool) {
	n := len(storedEvidence(cpl))
	if n == 0 {
		return bot.Button{}, false
	}
	return bot.Button{ID: "review.files", Label: tr.T("card.btn.files", "Count", n), Value: refVersion(cpl)}, true
}

// showFiles posts the kept copies of a complaint's evidence to the review
// channel, each checked against its SHA-256, and audits it.
func (c *Complaints) showFiles(ctx context.Context, w bot.ResponseWriter, e *bot.Event, cpl *ipdesk.Complaint) error {
	tr, rtr := e.Printer(), c.reviewTr
	kept := storedEvidence(cpl)
	if len(kept) == 0 {
		return &ipdesk.Error{Code: ipdesk.ENOTFOUND, Message: tr.T("evidence.none_kept", "Ref", cpl.Ref)}
	}
	up, ok := c.send.(bot.Uploader)
	if !ok || c.evidence == nil {
		return &ipdesk.Error{Code: ipdesk.EINVALID, Message: tr.T("evidence.cannot_post")}
	}
	var files []bot.Attachment
	var b strings.Builder
	b.WriteString(rtr.T("evidence.files_title", "Ref", cpl.Ref))
	for _, ev := range kept {
		data, err := c.evidence.ReadAll(ev.SHA256)
		if err != nil {
			c.log.Error("read kept evidence", "ref", cpl.Ref, "sha256", ev.SHA256, "err", err)
			b.WriteString(rtr.T("evidence.file_missing", "File", markup.Escape(ev.Name), "SHA", ev.SHA256))
			continue
		}
		files = append(files, bot.Attachment{Name: ev.SHA256[:12] + "-" + safeFileName(ev.Name, ev.Type), Type: ev.Type, Data: data})
		b.WriteString(rtr.T("evidence.file_line", "File", markup.Escape(ev.Name), "Type", ev.Type, "Size", humanSize(int64(len(data))), "SHA", ev.SHA256))
	}
	if len(files) == 0 {
		_, err := c.send.Send(ctx, c.review, bot.Reply{Text: b.String()})
		return err
	}
	if _, err := up.Upload(ctx, c.review, b.String(), files); err != nil {
		return fmt.Errorf("post evidence of %s: %w", cpl.Ref, err)
	}
	a := actor(e)
	if err := c.store.AppendAudit(context.WithoutCancel(ctx), ipdesk.AuditEntry{ComplaintID: cpl.ID, Ref: cpl.Ref, Actor: a.Key, Role: a.Role, Platform: a.Platform,
		Action: ipdesk.ActionShowEvidence, Before: string(cpl.Status), After: string(cpl.Status), Note: fmt.Sprintf("%d file(s) posted to the review channel", len(files))}); err != nil {
		return err
	}
	if e.Where != c.review {
		_, err := w.Reply(ctx, bot.Reply{Text: tr.T("evidence.posted", "Count", len(files), "Ref", cpl.Ref), Ephemeral: true})
		return err
	}
	return nil
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// safeFileName makes a file name that every platform and file system
// takes, keeping the extension its type calls for.
func safeFileName(name, typ string) string {
	ext := evidence.Extension(typ)
	base := strings.TrimSuffix(name, pathExt(name))
	base = strings.Trim(unsafeName.ReplaceAllString(base, "_"), "_.")
	if base == "" {
		base = "file"
	}
	if r := []rune(base); len(r) > 60 {
		base = string(r[:60])
	}
	return base + ext
}

func pathExt(name string) string {
	if i := strings.LastIndex(name, "."); i > 0 && len(name)-i <= 6 {
		return name[i:]
	}
	return ""
}

// Evidence limits: what the review side can reasonably look at.
const (
	maxEvidence      = 10
	maxEvidenceBytes = 10 << 20
)

var evidenceTypes = map[string]string{
	"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp", "application/pdf": ".pdf",
}

// evidenceType returns the MIME type of an upload, trusting the platform's
// type and falling back to the file name.
func evidenceType(f bot.File) (string, bool) {
	t := strings.ToLower(strings.TrimSpace(strings.Split(f.Type, ";")[0]))
	if _, ok := evidenceTypes[t]; ok {
		return t, true
	}
	switch strings.ToLower(path.Ext(f.Name)) {
	case ".jpg", ".jpeg":
		return "image/jpeg", t == ""
	case ".png":
		return "image/png", t == ""
	case ".webp":
		return "image/webp", t == ""
	case ".pdf":
		return "application/pdf", t == ""
	}
	return t, false
}

// addEvidence records uploaded files (hashed when the platform lets the bot
// fetch them) and pasted links as evidence, up to maxEvidence in all, and
// says what it added and how many there are. All items of one message are
// checked before any is kept, so a bad one changes nothing.
func addEvidence(ctx context.Context, c *Complaints, d *ipdesk.Draft, tr i18n.Printer, text string, files []bot.File) (string, error) {
	items, note, err := c.evidenceItems(ctx, tr, text, files, evidenceMsgs{notLink: "wizard.not_a_link", nothing: "wizard.send_something"})
	if err != nil {
		return "", err
	}
	if len(d.Answers.Evidence)+len(items) > maxEvidence {
		return "", &ipdesk.Error{Code: ipdesk.EINVALID, Message: tr.T("wizard.evidence_full", "Max", maxEvidence, "Have", len(d.Answers.Evidence), "Sent", len(items))}
	}
	d.Answers.Evidence = append(d.Answers.Evidence, items...)
	return note + tr.T("wizard.evidence_count", "Count", len(d.Answers.Evidence)), nil
}

// evidenceMsgs are the messages that refuse a message sent as evidence,
// which say what to do next at the question asked.
type evidenceMsgs struct {
	notLink string // Text is not a web link
	nothing string // neither files nor links
}

// evidenceItems reads one message as evidence: its uploaded files (see
// uploads) and the links typed in it, each checked to be a web link. It
// returns the items and the note that names them, and which files could
// not be fetched; on error, nothing was kept.
func (c *Complaints) evidenceItems(ctx context.Context, tr i18n.Printer, text string, files []bot.File, msgs evidenceMsgs) ([]ipdesk.Evidence, string, error) {
	items, unfetched, err := c.uploads(ctx, tr, files)
	if err != nil {
		return nil, "", err
	}
	text = strings.TrimSpace(text)
	if text != "" {
		if _, err := ipdesk.CleanText(text, tr.T("wizard.field.message"), 1, 4000, true); err != nil {
			return nil, "", err
		}
		for _, f := range strings.Fields(text) {
			u, err := url.Parse(strings.Trim(f, "<>"))
			if err != nil || (u.Scheme != "https" && u.Scheme != "http") || !strings.Contains(u.Hostname(), ".") || u.User != nil {
				return nil, "", &ipdesk.Error{Code: ipdesk.EINVALID, Message: tr.T(msgs.notLink, "Text", markup.Escape(clipRunes(f, 60)))}
			}
			items = append(items, ipdesk.Evidence{Name: path.Base(u.Path), URL: u.String()})
		}
	}
	if len(items) == 0 {
		return nil, "", &ipdesk.Error{Code: ipdesk.EINVALID, Message: tr.T(msgs.nothing)}
	}
	var names []string
	for _, it := range items {
		names = append(names, markup.Escape(evidenceLabel(it)))
	}
	return items, tr.T("wizard.added", "Names", strings.Join(names, tr.T("list.sep"))) + unfetchedNote(tr, unfetched), nil
}

// evidenceLabel is how one piece of evidence is shown: name, type, size and
// the start of its hash.
func evidenceLabel(ev ipdesk.Evidence) string {
	s := ev.Name
	if s == "" || s == "/" || s == "." {
		s = ev.URL
	}
	var parts []string
	if ev.Type != "" {
		parts = append(parts, ev.Type)
	}
	if ev.Size > 0 {
		parts = append(parts, humanSize(ev.Size))
	}
	if ev.SHA256 != "" {
		parts = append(parts, "sha256 "+ev.SHA256[:12]+"…")
	}
	if ev.URL != "" && s != ev.URL {
		parts = append(parts, ev.URL)
	}
	if len(parts) > 0 {
		s += " (" + strings.Join(parts, ", ") + ")"
	}
	return s
}

func humanSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
