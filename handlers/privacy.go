package handlers

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/markup"
	"github.com/ipdesk/ipdesk/i18n"
)

// PrivacyStore carries out access and deletion requests, legal holds and
// the retention sweep. ExportUser and ForgetUser return EINVALID for an
// empty person; SetLegalHold returns ENOTFOUND for an unknown complaint.
type PrivacyStore interface {
	ExportUser(ctx context.Context, platform, userID string, by ipdesk.Actor) (*ipdesk.DataExport, error)
	ForgetUser(ctx context.Context, platform, userID string, by ipdesk.Actor) (*ipdesk.ForgetReport, error)
	SetLegalHold(ctx context.Context, ref string, hold bool, by ipdesk.Actor, reason string) (changed bool, err error)
	LegalHold(ctx context.Context, ref string) (*ipdesk.LegalHold, error)
	ComplaintsByUser(ctx context.Context, platform, userID string) ([]ipdesk.Complaint, error)
	Pseudonym(platform, userID string) string

	PruneQuestions(ctx context.Context, before time.Time) (int64, error)
	AnonymiseClosed(ctx context.Context, cutoff time.Time, limit int) (refs, files []string, err error)
	ExpireEvidence(ctx context.Context, cutoff time.Time, limit int) (n int, files []string, err error)
}

// PrivacyConfig is what the privacy service needs. Store and Uploader are
// required.
type PrivacyConfig struct {
	Store PrivacyStore
	// Uploader delivers exports as files; the Bot is one. On the
	// console, which shows no files, or a platform that takes none, the
	// file is saved in ExportDir and its path given instead.
	Uploader bot.Uploader
	// Cards updates the review cards of anonymised complaints in place,
	// so the chat stops showing what was deleted; nil leaves them.
	Cards *Complaints
	// Retention is how long personal data is kept; zero fields take
	// ipdesk.DefaultRetention's.
	Retention ipdesk.Retention
	// ExportDir is where exports are saved when they cannot be sent as a
	// file; default "exports". Files there are deleted after a week.
	ExportDir string
	// SaveExports says an address shows no file content, so exports to
	// it are saved in ExportDir; default: the console's addresses (the
	// console lists an upload's name only).
	SaveExports func(to bot.Address) bool
	// RemoveEvidence deletes the kept copy of an evidence file by its
	// SHA-256, once no complaint keeps it; nil when no copies are kept.
	RemoveEvidence func(ctx context.Context, sha256 string) error
	// Interval is how often the retention sweep runs; default one hour.
	Interval time.Duration
	// Flush, when set, commits questions logged but not yet written (the
	// Journal's Sync), so that an export or a deletion sees them all.
	Flush func(ctx context.Context) error
	Now   func() time.Time
	// Logger receives counts, never who asked or what was deleted.
	Logger *slog.Logger
}

// Privacy serves access and deletion requests ("my data", "forget me",
// and staff's "privacy" command), legal holds, and the retention sweep.
type Privacy struct {
	cfg PrivacyConfig
	log *slog.Logger
}

// Action ids of the deletion confirmation.
const (
	actionForget     = "privacy.forget" // value: forgetValue
	actionForgetKeep = "privacy.keep"
)

// confirmFor is how long a deletion confirmation can be pressed.
const confirmFor = time.Hour

// exportKeep is how long a saved export file stays in ExportDir.
const exportKeep = 7 * 24 * time.Hour

// NewPrivacy returns the privacy service.
func NewPrivacy(cfg PrivacyConfig) (*Privacy, error) {
	if cfg.Store == nil || cfg.Uploader == nil {
		return nil, errors.New("privacy: a store and an uploader are required")
	}
	def := ipdesk.DefaultRetention()
	if cfg.Retention.Questions <= 0 {
		cfg.Retention.Questions = def.Questions
	}
	if cfg.Retention.ClosedComplaints <= 0 {
		cfg.Retention.ClosedComplaints = def.ClosedComplaints
	}
	if cfg.Retention.Evidence <= 0 {
		cfg.Retention.Evidence = def.Evidence
	}
	if cfg.ExportDir == "" {
		cfg.ExportDir = "exports"
	}
	if cfg.Interval <= 0 {
		cfg.Interval = time.Hour
	}
	if cfg.SaveExports == nil {
		cfg.SaveExports = func(to bot.Address) bool { return to.Platform == bot.Console }
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	p := &Privacy{cfg: cfg, log: cfg.Logger}
	if p.log == nil {
		p.log = slog.New(slog.DiscardHandler)
	}
	if cfg.Cards != nil {
		cfg.Cards.holds = cfg.Store
	}
	return p, nil
}

// Register adds "my-data", "forget-me" and the staff command "privacy",
// and the deletion confirmation's buttons.
func (p *Privacy) Register(mux *bot.Mux) {
	mux.HandleCommand(bot.Command{Name: "my-data"}, bot.HandlerFunc(p.serveMyData))
	mux.HandleCommand(bot.Command{Name: "forget-me"}, bot.HandlerFunc(p.serveForgetMe))
	mux.HandleCommand(bot.Command{Name: "privacy", Staff: true},
		bot.HandlerFunc(p.serveStaff))
	mux.HandleAction("privacy.", bot.HandlerFunc(p.serveAction))
}

// privacyPhrases are the requests people type in words (the catalog's
// word.my_data and word.forget_me, in every language); Intercept routes
// them to their commands.
var privacyPhrases = map[string]string{"my_data": "my-data", "forget_me": "forget-me"}

// Intercept routes a message that is exactly one of the privacy requests
// in words ("my data", "我的数据", "forget me", "删除我的数据", with or
// without a slash or a full stop) to its command, before anything else
// can take it as a question or a wizard answer.
func (p *Privacy) Intercept(next bot.Handler) bot.Handler {
	return bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		if e.Kind == bot.KindMessage && len(e.Files) == 0 {
			t := strings.ToLower(strings.TrimSpace(e.Text))
			t = strings.TrimLeft(t, "/!")
			t = strings.TrimRight(t, ".!?。！？ ")
			if w := wordOf(e.Printer(), strings.Join(strings.Fields(t), " "), "my_data", "forget_me"); w != "" {
				e.Kind, e.Command, e.Args = bot.KindCommand, privacyPhrases[w], ""
			}
		}
		return next.ServeEvent(ctx, w, e)
	})
}

// serveMyData sends the asking person a file of everything held about them.
func (p *Privacy) serveMyData(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
	tr := e.Printer()
	a := actor(e)
	a.Role = ipdesk.RoleUser // for themselves, whatever their role
	if err := p.flush(ctx); err != nil {
		return err
	}
	x, err := p.cfg.Store.ExportUser(ctx, e.User.Platform, e.User.ID, a)
	if err != nil {
		return err
	}
	p.log.Info("data export", "by", "the person", "questions", len(x.Questions), "complaints", len(x.Complaints))
	path, err := p.deliver(ctx, bot.DirectTo(e.User.Platform, e.User.ID), x, tr)
	if err != nil {
		return err
	}
	text := tr.T("privacy.sent_to_dm", "Questions", len(x.Questions), "Complaints", len(x.Complaints))
	if path != "" {
		text = tr.T("privacy.saved_at", "Questions", len(x.Questions), "Complaints", len(x.Complaints), "Path", markup.Escape(path))
	}
	_, err = w.Reply(ctx, bot.Reply{Text: text, Ephemeral: true})
	return err
}

// deliver sends an export as a JSON file to an address, or, where the
// platform cannot take files, saves it in ExportDir (readable by the
// operator only) and returns its path.
func (p *Privacy) deliver(ctx context.Context, to bot.Address, x *ipdesk.DataExport, tr i18n.Printer) (string, error) {
	body, err := json.MarshalIndent(x, "", "  ")
	if err != nil {
		return "", fmt.Errorf("export: %w", err)
	}
	name := fmt.Sprintf("ipdesk-data-%s.json", x.Generated.UTC().Format("2006-01-02-150405"))
	if !p.cfg.SaveExports(to) {
		title := tr.T("privacy.file_title")
		_, err = p.cfg.Uploader.Upload(ctx, to, title, []bot.Attachment{{Name: name, Type: "application/json", Data: body, Title: title}})
		if err == nil {
			return "", nil
		}
		if !errors.Is(err, bot.ErrNoUpload) {
			return "", fmt.Errorf("send export: %w", err)
		}
	}
	if err := os.MkdirAll(p.cfg.ExportDir, 0o700); err != nil {
		return "", fmt.Errorf("save export: %w", err)
	}
	f, err := os.CreateTemp(p.cfg.ExportDir, strings.TrimSuffix(name, ".json")+"-*.json")
	if err != nil {
		return "", fmt.Errorf("save export: %w", err)
	}
	_, werr := f.Write(body)
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		os.Remove(f.Name())
		return "", fmt.Errorf("save export: %w", werr)
	}
	return f.Name(), nil
}

// serveForgetMe asks the person to confirm the deletion of their data.
func (p *Privacy) serveForgetMe(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
	tr := e.Printer()
	lang := string(tr.Lang())
	text := tr.T("privacy.forget_ask")
	if open := p.openRefs(ctx, tr, e.User.Platform, e.User.ID); open != "" {
		text += "\n\n" + tr.T("privacy.forget_open", "Refs", open)
	}
	v := forgetValue{self: true, who: p.cfg.Store.Pseudonym(e.User.Platform, e.User.ID), lang: lang, at: p.cfg.Now()}
	_, err := w.Reply(ctx, bot.Reply{Text: text, Ephemeral: true, Buttons: []bot.Button{
		{ID: actionForget, Label: tr.T("privacy.forget_yes"), Value: v.String(), Style: bot.StyleDanger},
		{ID: actionForgetKeep, Label: tr.T("privacy.forget_keep"), Value: lang},
	}})
	return err
}

// openRefs lists a person's open complaints, which a deletion withdraws.
func (p *Privacy) openRefs(ctx context.Context, tr i18n.Printer, platform, userID string) string {
	list, err := p.cfg.Store.ComplaintsByUser(ctx, platform, userID)
	if err != nil {
		p.log.Warn("list complaints for a deletion request", "err", err)
		return ""
	}
	var refs []string
	for _, c := range list {
		if c.Status.Open() {
			refs = append(refs, "**"+c.Ref+"**")
		}
	}
	return strings.Join(refs, tr.T("list.sep"))
}

// forgetValue is what the confirmation button carries: whose data (the
// person's own pseudonym, or for staff the person's platform:userid), the
// language, and when it was offered.
type forgetValue struct {
	self bool
	who  string
	lang string
	at   time.Time
}

func (v forgetValue) String() string {
	kind := "staff"
	if v.self {
		kind = "self"
	}
	return kind + "|" + v.lang + "|" + strconv.FormatInt(v.at.Unix(), 10) + "|" + v.who
}

func parseForgetValue(s string) (forgetValue, bool) {
	parts := strings.SplitN(s, "|", 4)
	if len(parts) != 4 || (parts[0] != "self" && parts[0] != "staff") || parts[3] == "" {
		return forgetValue{}, false
	}
	sec, err := strconv.ParseInt(parts[2], 10, 64)
	if err != nil {
		return forgetValue{}, false
	}
	return forgetValue{self: parts[0] == "self", lang: parts[1], at: time.Unix(sec, 0), who: parts[3]}, true
}

// serveAction handles the confirmation's buttons.
func (p *Privacy) serveAction(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
	if e.Action.ID == actionForgetKeep {
		_, err := w.Reply(ctx, bot.Reply{Text: e.Printer().In(i18n.Lang(e.Action.Value)).T("privacy.kept"), Ephemeral: true})
		return err
	}
	if e.Action.ID != actionForget {
		return &ipdesk.Error{Code: ipdesk.ENOTFOUND, Message: e.Printer().T("button.gone")}
	}
	v, ok := parseForgetValue(e.Action.Value)
	if !ok {
		return &ipdesk.Error{Code: ipdesk.EINVALID, Message: e.Printer().T("privacy.button_broken")}
	}
	// The language the confirmation was asked in.
	tr := e.Printer().In(i18n.Lang(v.lang))
	platform, userID := e.User.Platform, e.User.ID
	by := actor(e)
	if v.self {
		// The button deletes the data of whoever asked, and only theirs.
		if v.who != p.cfg.Store.Pseudonym(e.User.Platform, e.User.ID) {
			return &ipdesk.Error{Code: ipdesk.EUNAUTHORIZED, Message: e.Printer().T("privacy.not_yours")}
		}
		by.Role = ipdesk.RoleUser
	} else {
		if !e.User.Staff {
			return bot.Refused(bot.RefusedNotStaff, &ipdesk.Error{Code: ipdesk.EUNAUTHORIZED, Message: e.Printer().T("bot.staff_only")})
		}
		var err error
		if platform, userID, err = parseSubject(v.who, e.User.Platform); err != nil {
			return err
		}
	}
	if age := p.cfg.Now().Sub(v.at); age > confirmFor || age < -time.Minute {
		return &ipdesk.Error{Code: ipdesk.ECONFLICT, Message: tr.T("privacy.expired")}
	}
	if err := p.flush(ctx); err != nil {
		return err
	}
	rep, err := p.cfg.Store.ForgetUser(ctx, platform, userID, by)
	if err != nil {
		return err
	}
	who := "the person"
	if !v.self {
		who = "staff"
	}
	p.log.Info("deletion request carried out", "by", who, "questions", rep.Questions, "votes", rep.Votes, "drafts", rep.Drafts,
		"complaints", rep.Complaints, "held", rep.Held, "outbox", rep.Outbox, "settings", rep.Settings)
	p.removeFiles(context.WithoutCancel(ctx), rep.Files)
	if p.cfg.Cards != nil {
		for _, ref := range rep.Refs {
			p.cfg.Cards.EditCard(context.WithoutCancel(ctx), ref)
		}
	}
	var b strings.Builder
	if rep.Empty() {
		b.WriteString(tr.T("privacy.nothing"))
	} else {
		b.WriteString(tr.T("privacy.forgotten", "Questions", rep.Questions, "Votes", rep.Votes, "Complaints", rep.Complaints))
		if rep.Held > 0 {
			b.WriteString(tr.T("privacy.held", "Held", rep.Held))
		}
	}
	if v.self {
		b.WriteString("\n\n" + tr.T("privacy.afterwards"))
	} else {
		b.WriteString(tr.T("privacy.audit_note"))
	}
	_, err = w.Reply(ctx, bot.Reply{Text: b.String(), Ephemeral: true})
	return err
}

// subjectID is what a platform user id may look like here: Slack's
// U0123ABCD, Discord's snowflakes, console names.
var subjectID = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// parseSubject reads the person a staff request is for: platform:userid,
// a user id alone (on the staff member's own platform), or a mention.
func parseSubject(s, platform string) (string, string, error) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "<@") && strings.HasSuffix(s, ">") {
		s = strings.TrimPrefix(strings.TrimSuffix(s[2:], ">"), "!")
		if i := strings.IndexByte(s, '|'); i >= 0 {
			s = s[:i]
		}
	}
	if p, id, ok := strings.Cut(s, ":"); ok && knownPlatform(strings.ToLower(p)) {
		platform, s = strings.ToLower(p), id
	}
	if !subjectID.MatchString(s) {
		return "", "", catalogError(ipdesk.EINVALID, "privacy.bad_person")
	}
	return platform, s, nil
}

func knownPlatform(p string) bool { return p == bot.Slack || p == bot.Discord || p == bot.Console }

// serveStaff is the staff command "privacy".
func (p *Privacy) serveStaff(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
	tr := e.Printer()
	cmd := commandIn(e, "privacy")
	if !e.User.Staff {
		return bot.Refused(bot.RefusedNotStaff, &ipdesk.Error{Code: ipdesk.EUNAUTHORIZED, Message: tr.T("privacy.staff_only", "Cmd", cmd)})
	}
	sub, rest, _ := strings.Cut(strings.TrimSpace(e.Args), " ")
	rest = strings.TrimSpace(rest)
	switch strings.ToLower(sub) {
	case "export":
		return p.staffExport(ctx, w, e, rest)
	case "forget":
		return p.staffForget(ctx, w, e, rest)
	case "hold":
		return p.staffHold(ctx, w, e, rest, true)
	case "release":
		return p.staffHold(ctx, w, e, rest, false)
	}
	return &ipdesk.Error{Code: ipdesk.EINVALID, Message: tr.T("privacy.usage", "Cmd", cmd)}
}

// staffExport sends staff a file of what is held about a person, in their
// own direct messages, for them to pass on.
func (p *Privacy) staffExport(ctx context.Context, w bot.ResponseWriter, e *bot.Event, arg string) error {
	platform, userID, err := parseSubject(arg, e.User.Platform)
	if err != nil {
		return err
	}
	if err := p.flush(ctx); err != nil {
		return err
	}
	x, err := p.cfg.Store.ExportUser(ctx, platform, userID, actor(e))
	if err != nil {
		return err
	}
	p.log.Info("data export", "by", "staff", "questions", len(x.Questions), "complaints", len(x.Complaints))
	tr := e.Printer()
	path, err := p.deliver(ctx, bot.DirectTo(e.User.Platform, e.User.ID), x, tr)
	if err != nil {
		return err
	}
	where := tr.T("privacy.in_dm")
	if path != "" {
		where = tr.T("privacy.in_file", "Path", markup.Escape(path))
	}
	_, err = w.Reply(ctx, bot.Reply{Ephemeral: true, Text: tr.T("privacy.exported", "User", platform+":"+userID, "Questions", len(x.Questions),
		"Complaints", len(x.Complaints), "Where", where)})
	return err
}

// staffForget asks staff to confirm a deletion for a person.
func (p *Privacy) staffForget(ctx context.Context, w bot.ResponseWriter, e *bot.Event, arg string) error {
	platform, userID, err := parseSubject(arg, e.User.Platform)
	if err != nil {
		return err
	}
	tr := e.Printer()
	user := platform + ":" + userID
	text := tr.T("privacy.staff_forget_ask", "User", user)
	if open := p.openRefs(ctx, tr, platform, userID); open != "" {
		text += tr.T("privacy.staff_forget_open", "Refs", open)
	}
	lang := string(tr.Lang())
	v := forgetValue{who: user, lang: lang, at: p.cfg.Now()}
	_, err = w.Reply(ctx, bot.Reply{Text: text, Ephemeral: true, Buttons: []bot.Button{
		{ID: actionForget, Label: tr.T("privacy.staff_forget_yes", "User", user), Value: v.String(), Style: bot.StyleDanger},
		{ID: actionForgetKeep, Label: tr.T("privacy.staff_forget_cancel"), Value: lang},
	}})
	return err
}

// staffHold puts a case under legal hold or releases it.
func (p *Privacy) staffHold(ctx context.Context, w bot.ResponseWriter, e *bot.Event, arg string, hold bool) error {
	tr, cmd := e.Printer(), commandIn(e, "privacy")
	first, reason, _ := strings.Cut(arg, " ")
	ref, ok := ipdesk.ParseRef(first)
	if !ok {
		return &ipdesk.Error{Code: ipdesk.EINVALID, Message: tr.T("privacy.hold_usage", "Cmd", cmd)}
	}
	if hold {
		var err error
		if reason, err = ipdesk.CleanText(reason, tr.T("privacy.field.hold_reason"), 5, 300, false); err != nil {
			return err
		}
	}
	changed, err := p.cfg.Store.SetLegalHold(ctx, ref, hold, actor(e), reason)
	if err != nil {
		return err
	}
	var text string
	switch {
	case hold && changed:
		text = tr.T("privacy.held_now", "Ref", ref, "Cmd", cmd)
	case hold:
		text = tr.T("privacy.held_already", "Ref", ref)
	case changed:
		text = tr.T("privacy.released", "Ref", ref)
	default:
		text = tr.T("privacy.not_held", "Ref", ref)
	}
	if changed {
		p.log.Info("legal hold changed", "ref", ref, "hold", hold, "by", e.User.Key())
	}
	_, err = w.Reply(ctx, bot.Reply{Text: text, Ephemeral: true})
	return err
}

// flush commits the questions logged so far, when the log is written in
// batches.
func (p *Privacy) flush(ctx context.Context) error {
	if p.cfg.Flush == nil {
		return nil
	}
	if err := p.cfg.Flush(ctx); err != nil {
		return fmt.Errorf("commit the question log: %w", err)
	}
	return nil
}
