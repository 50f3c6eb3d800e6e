package handlers

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/i18n"
	"github.com/ipdesk/ipdesk/knowledge"
)

// Limits on what one user can make the bot keep or post. They are
// constants, not settings: they bound abuse rather than tune the service.
const (
	// maxFiledPerWindow complaints per user and platform may be filed
	// within filingWindow; each posts a card staff must read, so more
	// go through a person instead.
	maxFiledPerWindow = 5
	filingWindow      = 24 * time.Hour
)

// ComplaintsConfig is what the complaint workflow needs. Store, Sender and
// Review are required; the rest have defaults.
type ComplaintsConfig struct {
	Store WorkflowStore
	// Sender posts review cards and direct messages on any platform.
	Sender bot.Sender
	// Review is the channel where staff see complaint cards.
	Review bot.Address
	// ApprovalLimit is the largest compensation one staff member may
	// approve alone, in DefaultCurrency; above it (or in another currency)
	// a second staff member must confirm. Default 500.00.
	ApprovalLimit ipdesk.Money
	// DefaultCurrency is proposed in the wizard and the approval form.
	// Default USD.
	DefaultCurrency string
	// SLA is how long a complaint may wait for staff before one reminder
	// is posted. The wait starts when the complaint is filed and again
	// when the complainant answers a staff question; each such wait earns
	// at most one reminder. Default 48h.
	SLA time.Duration
	// RepeatThreshold is how many reports against one seller within
	// ipdesk.RepeatWindow trigger an alert. Default 3.
	RepeatThreshold int
	// DraftExpiry is how long an untouched draft lives. Default 7 days.
	DraftExpiry time.Duration
	// Interval is how often the background loop looks for reminders,
	// alerts and expired drafts. Default one minute.
	Interval time.Duration
	// Now is the clock; default time.Now.
	Now func() time.Time
	// Logger receives the workflow's logs (never contact details); nil
	// discards them.
	Logger *slog.Logger
	// Evidence keeps copies of uploaded files; nil keeps only their
	// SHA-256, and staff cannot be shown the files.
	Evidence EvidenceStore
	// AppealWindow is how long after a rejection the complainant may
	// appeal it. Default 30 days.
	AppealWindow time.Duration
	// Catalog holds the texts; nil means the bundled one. ReviewLang is
	// the language of what goes to the review channel (reminders,
	// alerts); default English.
	Catalog    *i18n.Catalog
	ReviewLang i18n.Lang
	// InfoTimeout is how long a complaint waits for its complainant's
	// answer to a staff question: one reminder at half of it, and the
	// complaint closes as unanswered at the end. Default 7 days.
	InfoTimeout time.Duration
	// Replies are the saved replies offered when rejecting and asking for
	// information; nil offers none.
	Replies *Replies
	// Shared reports that several replicas serve the store: one replica's
	// start is then no pause in a consumer's filing (the others kept
	// answering), and only a pause of 30 minutes holds their next message.
	Shared bool
}

// Complaints is the complaint workflow: the filing wizard, the staff review
// card and its actions, status commands and the reminder loop.
type Complaints struct {
	store     WorkflowStore
	send      bot.Sender
	review    bot.Address
	limit     ipdesk.Money
	currency  string
	sla       time.Duration
	threshold int
	expiry    time.Duration
	interval  time.Duration
	now       func() time.Time
	log       *slog.Logger
	guide     func() *guide // read at first use, not at start
	// started is when this workflow began: a draft last saved before it
	// belongs to an earlier run of the bot, and its user is told where
	// they were before their next message is taken as an answer.
	started time.Time
	// shared: see ComplaintsConfig.Shared.
	shared bool
	// writeBacks limits users' messages to staff (see serveWriteBack).
	writeBacks   writeBacks
	evidence     EvidenceStore
	appealWindow time.Duration
	// reviewTr prints what goes to the review channel, in its language.
	reviewTr i18n.Printer
	// cat is the catalog every other text comes from.
	cat         *i18n.Catalog
	infoTimeout time.Duration
	replies     *Replies
	// mux is where Register put the commands; Intercept asks it which
	// messages are commands, so that those are never taken as answers.
	mux *bot.Mux
	// holds shows a case's legal hold in the private case view; set by
	// NewPrivacy, nil without it.
	holds holdReader
	// learn offers to save a staff reply as an article draft; set by
	// NewLearn, nil without it.
	learn *Learn
	// deflect offers an article before a complaint starts; set by
	// NewDeflect, nil without it.
	deflect *Deflect
}

// NewComplaints returns the complaint workflow.
func NewComplaints(cfg ComplaintsConfig) (*Complaints, error) {
	if cfg.Store == nil || cfg.Sender == nil {
		return nil, errors.New("complaints: a store and a sender are required")
	}
	if cfg.Review.Zero() {
		return nil, errors.New("complaints: a review channel is required")
	}
	c := &Complaints{store: cfg.Store, send: cfg.Sender, review: cfg.Review, limit: cfg.ApprovalLimit,
		currency: cfg.DefaultCurrency, sla: cfg.SLA, threshold: cfg.RepeatThreshold, expiry: cfg.DraftExpiry,
		interval: cfg.Interval, now: cfg.Now, log: cfg.Logger, evidence: cfg.Evidence, appealWindow: cfg.AppealWindow, infoTimeout: cfg.InfoTimeout, replies: cfg.Replies, shared: cfg.Shared}
	if c.infoTimeout <= 0 {
		c.infoTimeout = 7 * 24 * time.Hour
	}
	if c.appealWindow <= 0 {
		c.appealWindow = 30 * 24 * time.Hour
	}
	cat := cfg.Catalog
	if cat == nil {
		cat = i18n.Default()
	}
	c.reviewTr = cat.Printer(cfg.ReviewLang)
	c.cat = cat
	if c.currency == "" {
		c.currency = "USD"
	}
	if !ipdesk.ValidCurrency(c.currency) {
		return nil, fmt.Errorf("complaints: default currency %q is not an ISO 4217 code I know", c.currency)
	}
	if c.limit.Currency == "" {
		c.limit = ipdesk.Money{Amount: 50000, Currency: c.currency}
	}
	if c.sla <= 0 {
		c.sla = 48 * time.Hour
	}
	if c.threshold <= 1 {
		c.threshold = 3
	}
	if c.expiry <= 0 {
		c.expiry = 7 * 24 * time.Hour
	}
	if c.interval <= 0 {
		c.interval = time.Minute
	}
	if c.now == nil {
		c.now = time.Now
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	c.started = c.now()
	c.guide = sync.OnceValue(func() *guide { return loadGuide(knowledge.Bundled()) })
	return c, nil
}

// ApprovalLimit converts an amount in major units (as configured, e.g. 500)
// into money in currency, for ComplaintsConfig.ApprovalLimit.
func ApprovalLimit(major float64, currency string) (ipdesk.Money, error) {
	if major == 0 {
		return ipdesk.Money{Amount: 0, Currency: currency}, nil
	}
	a, err := ipdesk.ParseAmount(strconv.FormatFloat(major, 'f', -1, 64), currency)
	if err != nil {
		return ipdesk.Money{}, fmt.Errorf("approval limit: %s", ipdesk.ErrorMessage(err))
	}
	return ipdesk.Money{Amount: a, Currency: currency}, nil
}

// Register adds the complaint commands, buttons and forms to mux. Staff
// routes refuse everyone else, and every refusal is audited.
func (c *Complaints) Register(mux *bot.Mux) {
	c.mux = mux
	mux.HandleCommand(bot.Command{Name: "complain"}, bot.HandlerFunc(c.serveStart))
	mux.HandleCommand(bot.Command{Name: "status"}, bot.HandlerFunc(c.serveStatus))
	mux.HandleCommand(bot.Command{Name: "withdraw"}, bot.HandlerFunc(c.serveWithdraw))
	mux.HandleCommand(bot.Command{Name: "appeal"}, bot.HandlerFunc(c.serveAppeal))
	mux.HandleCommand(bot.Command{Name: "queue", Staff: true}, bot.HandlerFunc(c.serveQueue))
	mux.HandleCommand(bot.Command{Name: "case", Staff: true, Claims: namesRef}, bot.HandlerFunc(c.serveCase))
	mux.HandleCommand(bot.Command{Name: "note", Staff: true, Claims: namesRef}, bot.HandlerFunc(c.serveNote))
	mux.HandleCommand(bot.Command{Name: "stats", Staff: true}, bot.HandlerFunc(c.serveStats))
	c.registerReplies(mux)
	mux.HandleAction("complain.", bot.HandlerFunc(c.serveWizardAction))
	mux.HandleForm("complain.", bot.HandlerFunc(c.serveWizardForm))
	staff := c.auditRefusals(bot.RequireStaff(bot.HandlerFunc(c.serveReview)))
	mux.HandleAction("review.", staff)
	mux.HandleForm("review.", staff)
}

// namesRef reports whether args start with a complaint reference written
// with its IPD- prefix, which no ordinary sentence does.
func namesRef(args string) bool {
	f := strings.Fields(args)
	if len(f) == 0 || !strings.HasPrefix(strings.ToUpper(f[0]), ipdesk.RefPrefix) {
		return false
	}
	_, ok := ipdesk.ParseRef(f[0])
	return ok
}

// actor describes the event's user for the audit trail. Only the Staff flag
// set by the bot's staff check counts.
func actor(e *bot.Event) ipdesk.Actor {
	role := ipdesk.RoleUser
	if e.User.Staff {
		role = ipdesk.RoleStaff
	}
	return ipdesk.Actor{Key: e.User.Key(), Platform: e.User.Platform, Role: role}
}

// complainantOnly loads the complaint ref for an action only its
// complainant may take (withdraw, answer). Anyone else is refused and the
// refusal audited, with action in its note. A user who names someone
// else's complaint gets the answer for a reference that does not exist,
// so that references cannot be probed; staff, who see every complaint
// anyway, are told why instead, with staffRefusal (a format taking the
// reference).
func (c *Complaints) complainantOnly(ctx context.Context, e *bot.Event, ref, action, staffRefusalID string) (*ipdesk.Complaint, error) {
	notYours := &ipdesk.Error{Code: ipdesk.ENOTFOUND, Message: e.Printer().T("complaint.not_yours", "Ref", ref, "Cmd", commandIn(e, "status"))}
	cpl, err := c.store.Complaint(ctx, ref)
	if ipdesk.ErrorCode(err) == ipdesk.ENOTFOUND || ipdesk.ErrorCode(err) == ipdesk.EINVALID {
		return nil, notYours
	} else if err != nil {
		return nil, err
	}
	if cpl.Complainant() == e.User.Key() {
		return cpl, nil
	}
	refusal := notYours
	if e.User.Staff {
		refusal = &ipdesk.Error{Code: ipdesk.EUNAUTHORIZED, Message: e.Printer().T(staffRefusalID, "Ref", cpl.Ref)}
	}
	a := actor(e)
	entry := ipdesk.AuditEntry{Ref: cpl.Ref, Actor: a.Key, Role: a.Role, Platform: a.Platform, Action: ipdesk.ActionRefused,
		Note: action + ": not the complainant"}
	if aerr := c.store.AppendAudit(context.WithoutCancel(ctx), entry); aerr != nil {
		return nil, fmt.Errorf("audit refusal: %w", aerr)
	}
	c.log.Warn(action+" refused", "user", a.Key, "ref", cpl.Ref)
	return nil, refusal
}

// auditRefusals records a refused staff action on the complaint it named.
func (c *Complaints) auditRefusals(next bot.Handler) bot.Handler {
	return bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		err := next.ServeEvent(ctx, w, e)
		if ipdesk.ErrorCode(err) != ipdesk.EUNAUTHORIZED {
			return err
		}
		id, value := e.Action.ID, e.Action.Value
		if e.Kind == bot.KindSubmit {
			id, value = e.Form.ID, e.Form.Value
		}
		ref, _ := splitRefVersion(value)
		a := actor(e)
		entry := ipdesk.AuditEntry{Ref: ref, Actor: a.Key, Role: a.Role, Platform: a.Platform, Action: ipdesk.ActionRefused,
			Note: clipRunes(id, 40) + ": " + ipdesk.ErrorMessage(err)}
		if entry.Ref == "" {
			entry.Ref = "-"
		}
		if aerr := c.store.AppendAudit(context.WithoutCancel(ctx), entry); aerr != nil {
			return fmt.Errorf("audit refusal: %w", aerr)
		}
		c.log.Warn("staff action refused", "user", a.Key, "action", clipRunes(id, 40), "ref", entry.Ref)
		return err
	})
}

// refVersion encodes a complaint and the version its card showed into a
// button or form value.
func refVersion(c *ipdesk.Complaint) string { return c.Ref + ":" + strconv.Itoa(c.Version) }

// splitRefVersion parses refVersion's form; a malformed value yields an
// empty ref.
func splitRefVersion(v string) (string, int) {
	ref, ver, _ := strings.Cut(v, ":")
	ref, ok := ipdesk.ParseRef(ref)
	if !ok {
		return "", 0
	}
	n, _ := strconv.Atoi(ver)
	return ref, n
}

// platform describes platform id as the Bot runs it, for messages about a
// complainant or staff member on another platform than the event's, and
// for background work, which has no event.
func (c *Complaints) platform(id string) bot.Platform { return bot.Describe(c.send, id) }

func clipRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// sentence ends s with a full stop unless it already ends a sentence
// (with ".", "?", "!", "…" or their Chinese forms, perhaps inside closing
// quotes or brackets), so that user text followed by our next sentence
// does not run into it.
func sentence(s string) string {
	s = strings.TrimRight(s, " \t\r\n")
	t := strings.TrimRight(s, "\"'”’)]）」")
	if t == "" {
		return s
	}
	if r, _ := utf8.DecodeLastRuneInString(t); strings.ContainsRune(".?!…。？！", r) {
		return s
	}
	return s + "."
}
