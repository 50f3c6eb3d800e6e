package handlers

import (
	"context"
	"errors"
	"log/slog"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/i18n"
	"github.com/ipdesk/ipdesk/knowledge"
)

// DeflectStore records the articles offered at the start of a complaint
// and what came of them.
type DeflectStore interface {
	RecordDeflection(ctx context.Context, platform, lang, article string) (int64, error)
	DecideDeflection(ctx context.Context, id int64, outcome string) (first bool, err error)
	DeflectionStats(ctx context.Context, since time.Time) (ipdesk.DeflectionStats, error)
}

// DeflectConfig is what deflection needs; every field but Threshold,
// Logger is required.
type DeflectConfig struct {
	Index      KnowledgeBase
	Store      DeflectStore
	Complaints *Complaints
	// Threshold is the answer score from which a first description
	// "strongly matches" an article; default DefaultDeflectThreshold.
	Threshold float64
	Logger    *slog.Logger
}

// DefaultDeflectThreshold is the answer score from which an article is
// offered before a complaint. Questions a consumer starts a complaint with
// ("I bought a counterfeit bag, how do I get a refund?") score 30 and more
// against the article that answers them, and below 30 against ones that
// only share a word.
const DefaultDeflectThreshold = 30

// questionWords mark a description that asks something, in English and
// Chinese: only a question is offered an article, while a statement ("I
// bought a fake watch from this shop") is a report and goes straight to
// the complaint.
var questionWords = regexp.MustCompile(`(?i)[?？]|\b(how|what|where|when|which|why|who|can|could|should|would|is there|are there)\b|怎么|怎样|如何|能否|能不能|可以吗|可不可以|吗|什么|哪里|为什么|是否`)

func asksQuestion(text string) bool { return questionWords.MatchString(text) }

// Deflect offers an article before a complaint when the words that start
// the complaint strongly match one ("This may answer it — continue with the
// complaint?"), and counts how often the offer ended the conversation.
type Deflect struct {
	cfg DeflectConfig
	log *slog.Logger
}

// The offer's buttons; the value is the offer's id, and for continue also
// the kind of complaint the wizard starts with.
const (
	actionDeflectContinue = "deflect.continue"
	actionDeflectAnswered = "deflect.answered"
)

// NewDeflect returns the deflection service and puts it in front of the
// complaint workflow's start.
func NewDeflect(cfg DeflectConfig) (*Deflect, error) {
	if cfg.Index == nil || cfg.Store == nil || cfg.Complaints == nil {
		return nil, errors.New("deflect: an index, a store and the complaint workflow are required")
	}
	if cfg.Threshold <= 0 {
		cfg.Threshold = DefaultDeflectThreshold
	}
	d := &Deflect{cfg: cfg, log: cfg.Logger}
	if d.log == nil {
		d.log = slog.New(slog.DiscardHandler)
	}
	cfg.Complaints.deflect = d
	return d, nil
}

// Register adds the offer's buttons.
func (d *Deflect) Register(mux *bot.Mux) {
	mux.HandleAction("deflect.", bot.HandlerFunc(d.serveAction))
}

// offer answers the words that start a complaint with an article, when one
// strongly matches, and reports whether it did; the complaint then starts
// only if the person asks to continue.
func (d *Deflect) offer(ctx context.Context, w bot.ResponseWriter, e *bot.Event, text string, kind ipdesk.Kind) (bool, error) {
	text = strings.TrimSpace(text)
	if text == "" || !hasLetter(text) || !asksQuestion(text) {
		return false, nil // "I bought a fake watch from this shop" is a report
	}
	text, _ = ipdesk.ClipQuestion(text)
	ans, err := d.cfg.Index.Ask(ctx, text)
	if err != nil || !ans.Answered || ans.Score < d.cfg.Threshold || len(ans.Sections) == 0 {
		return false, err
	}
	art := ans.Article()
	if art == nil || (kind == ipdesk.KindCounterfeit && art.Intent == knowledge.IntentRespond) {
		return false, nil // a seller's playbook is no answer to a buyer
	}
	id, err := d.cfg.Store.RecordDeflection(ctx, e.User.Platform, ans.Lang, art.Lang+"/"+art.ID)
	if err != nil {
		d.log.Warn("record deflection", "err", err)
		return false, nil // file as asked rather than lose the complaint
	}
	// The offer speaks the answer's language, the question's.
	tr := e.Printer().In(i18n.Lang(ans.Lang))
	v := strconv.FormatInt(id, 10)
	_, err = w.Reply(ctx, bot.Reply{
		Text:      tr.T("deflect.lead") + "\n\n" + AnswerText(ans) + "\n\n" + tr.T("deflect.ask"),
		Ephemeral: !e.Where.DM,
		Buttons: []bot.Button{
			{ID: actionDeflectContinue, Label: tr.T("deflect.continue"), Value: v + ":" + string(kind) + ":" + ans.Lang, Style: bot.StylePrimary},
			{ID: actionDeflectAnswered, Label: tr.T("deflect.answered"), Value: v + "::" + ans.Lang},
		}})
	d.log.Info("article offered before a complaint", "article", art.Lang+"/"+art.ID)
	return true, err
}

// serveAction records what came of an offer; continuing starts the
// complaint.
func (d *Deflect) serveAction(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
	parts := strings.SplitN(e.Action.Value, ":", 3)
	id, err := strconv.ParseInt(parts[0], 10, 64)
	if err != nil || id <= 0 || len(parts) != 3 {
		return &ipdesk.Error{Code: ipdesk.EINVALID, Message: e.Printer().T("deflect.button_broken", "Cmd", commandIn(e, "complain"))}
	}
	kind, tr := ipdesk.Kind(parts[1]), e.Printer().In(i18n.Lang(parts[2]))
	switch e.Action.ID {
	case actionDeflectContinue:
		if _, err := d.cfg.Store.DecideDeflection(ctx, id, ipdesk.DeflectionContinued); err != nil {
			d.log.Warn("record deflection outcome", "err", err)
		}
		if kind != ipdesk.KindCounterfeit {
			kind = ""
		}
		return d.cfg.Complaints.start(ctx, w, e, kind)
	case actionDeflectAnswered:
		if _, err := d.cfg.Store.DecideDeflection(ctx, id, ipdesk.DeflectionAnswered); err != nil {
			return err
		}
		_, err := w.Reply(ctx, bot.Reply{Text: tr.T("deflect.glad", "Cmd", commandFor(tr, e.Where.Platform, e.Locale, "complain")), Ephemeral: !e.Where.DM})
		return err
	}
	return &ipdesk.Error{Code: ipdesk.ENOTFOUND, Message: e.Printer().T("button.gone")}
}

// DeflectionReport describes the offers of the last days as CommonMark in
// English, for the command line.
func DeflectionReport(s ipdesk.DeflectionStats) string {
	return DeflectionReportIn(i18n.Default().Printer(i18n.EN), s)
}

// DeflectionReportIn describes the offers in tr's language, for kb gaps.
func DeflectionReportIn(tr i18n.Printer, s ipdesk.DeflectionStats) string {
	since := tr.Date(s.Since)
	if s.Offered == 0 {
		return tr.T("deflect.report_none", "Since", since)
	}
	return tr.T("deflect.report", "Since", since, "Offered", s.Offered, "Ended", s.Ended(), "Answered", s.Answered,
		"Silent", s.Ended()-s.Answered, "Continued", s.Continued)
}

// deflectFirst offers an article before a new complaint (see Deflect.offer)
// when deflection is on and the person has no complaint in progress.
func (c *Complaints) deflectFirst(ctx context.Context, w bot.ResponseWriter, e *bot.Event, text string, kind ipdesk.Kind) (bool, error) {
	if c.deflect == nil || strings.TrimSpace(text) == "" {
		return false, nil
	}
	if _, err := c.store.Draft(ctx, e.User.Platform, e.User.ID); err == nil {
		return false, nil // continuing a draft
	} else if ipdesk.ErrorCode(err) != ipdesk.ENOTFOUND {
		return false, err
	}
	return c.deflect.offer(ctx, w, e, text, kind)
}
