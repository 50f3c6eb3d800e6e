package handlers

import (
	"context"
	"errors"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/markup"
	"github.com/ipdesk/ipdesk/i18n"
)

// FollowupStore plans and limits the "did this answer help?" follow-ups.
type FollowupStore interface {
	ScheduleFollowup(ctx context.Context, questionID int64, platform, userID string, due time.Time) error
	DueFollowups(ctx context.Context, now, since time.Time) ([]ipdesk.Followup, error)
	ClaimFollowup(ctx context.Context, platform, userID string, now, since time.Time) (bool, error)
	PruneFollowups(ctx context.Context, before time.Time) (int64, error)
	SetFollowups(ctx context.Context, platform, userID string, on bool) error
	FollowupsOff(ctx context.Context, platform, userID string) (bool, error)
	Question(ctx context.Context, id int64) (*ipdesk.Question, error)
}

// FollowupsConfig is what the follow-ups need; Store, Sender and Ask are
// required.
type FollowupsConfig struct {
	Store  FollowupStore
	Sender bot.Sender
	// Ask is the answering service whose answers are followed up.
	Ask *Ask
	// Off turns follow-ups off for everyone (the operator's switch): none
	// is planned or sent, and people can still set their own choice.
	Off bool
	// Delay is how long after an answer the follow-up is due; default
	// one hour.
	Delay time.Duration
	// Interval is how often due follow-ups are looked for; default five
	// minutes.
	Interval time.Duration
	Now      func() time.Time
	Logger   *slog.Logger
}

// Followups sends one gentle "Did this answer help?" in the asker's
// direct messages after an answer they did not vote on: at most one a day
// per person, never about an answer older than two days, and never to
// someone who turned them off ("feedback off", or the button).
type Followups struct {
	cfg FollowupsConfig
	log *slog.Logger
}

// followupWindow is both the least time between two follow-ups to one
// person and the age past which an answer is no longer followed up.
const followupWindow = 24 * time.Hour

// followupStale is how old an unsent follow-up may get before it is
// dropped.
const followupStale = 2 * 24 * time.Hour

// actionFollowupsOff is the "Don't ask me again" button.
const actionFollowupsOff = "followup.off"

// NewFollowups returns the follow-ups and has ask plan one under each
// answer.
func NewFollowups(cfg FollowupsConfig) (*Followups, error) {
	if cfg.Store == nil || cfg.Sender == nil || cfg.Ask == nil {
		return nil, errors.New("follow-ups: a store, a sender and the ask handler are required")
	}
	if cfg.Delay <= 0 {
		cfg.Delay = time.Hour
	}
	if cfg.Interval <= 0 {
		cfg.Interval = 5 * time.Minute
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	f := &Followups{cfg: cfg, log: cfg.Logger}
	if f.log == nil {
		f.log = slog.New(slog.DiscardHandler)
	}
	if !cfg.Off {
		cfg.Ask.followups = f
	}
	return f, nil
}

// Register adds "feedback on|off" and the "Don't ask me again" button.
func (f *Followups) Register(mux *bot.Mux) {
	mux.HandleCommand(bot.Command{Name: "feedback"},
		bot.HandlerFunc(f.serveCommand))
	mux.HandleAction(actionFollowupsOff, bot.HandlerFunc(f.serveOff))
}

// schedule plans a follow-up for an answer shown to its asker; a failure
// is logged, since the answer matters more.
func (f *Followups) schedule(ctx context.Context, q *ipdesk.Question, id int64) {
	if f == nil || id == 0 || !q.Answered {
		return
	}
	if err := f.cfg.Store.ScheduleFollowup(ctx, id, q.Platform, q.UserID, f.cfg.Now().Add(f.cfg.Delay)); err != nil {
		f.log.Warn("plan follow-up", "err", err)
	}
}

// Run sends due follow-ups every Interval until ctx is done. With
// follow-ups off for everyone it only drops what was planned before.
func (f *Followups) Run(ctx context.Context) {
	t := time.NewTicker(f.cfg.Interval)
	defer t.Stop()
	for {
		if n, err := f.Tick(ctx); err != nil && ctx.Err() == nil {
			f.log.Error("follow-ups", "err", err)
		} else if n > 0 {
			f.log.Info("follow-ups sent", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Tick sends the follow-ups due now and returns how many went.
func (f *Followups) Tick(ctx context.Context) (int, error) {
	now := f.cfg.Now()
	if _, err := f.cfg.Store.PruneFollowups(ctx, now.Add(-followupStale)); err != nil {
		return 0, err
	}
	if f.cfg.Off {
		_, err := f.cfg.Store.PruneFollowups(ctx, now.Add(time.Hour)) // drop all planned
		return 0, err
	}
	due, err := f.cfg.Store.DueFollowups(ctx, now, now.Add(-followupWindow))
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, fu := range due {
		ok, err := f.cfg.Store.ClaimFollowup(ctx, fu.Platform, fu.UserID, now, now.Add(-followupWindow))
		if err != nil {
			return sent, err
		}
		if !ok {
			continue
		}
		q, err := f.cfg.Store.Question(ctx, fu.QuestionID)
		if err != nil {
			continue // deleted meanwhile
		}
		if _, err := f.cfg.Sender.Send(ctx, bot.DirectTo(fu.Platform, fu.UserID), f.message(q)); err != nil {
			f.log.Warn("send follow-up", "platform", fu.Platform, "err", err)
			continue
		}
		sent++
	}
	return sent, nil
}

// message is the follow-up: the question, and the answer's own feedback
// buttons, which speak for the asker only.
func (f *Followups) message(q *ipdesk.Question) bot.Reply {
	tr := f.cfg.Ask.cat.Printer(i18n.Lang(q.Lang))
	ui := newAskUI(tr)
	v := strconv.FormatInt(q.ID, 10)
	text := tr.T("feedback.ask", "Question", markup.Escape(clipRunes(oneLine(q.Text), 200)))
	if q.Section != "" {
		text += "\n\n_" + ui.source + markup.Escape(q.Section) + "_"
	}
	return replyFor(q, bot.Reply{Text: text, Buttons: []bot.Button{
		{ID: actionHelpful, Label: ui.helpful, Value: v},
		{ID: actionUnhelpful, Label: ui.unhelpful, Value: v},
		{ID: actionFollowupsOff, Label: tr.T("feedback.off_button"), Value: q.Lang},
	}})
}

// serveOff is the "Don't ask me again" button.
func (f *Followups) serveOff(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
	if err := f.cfg.Store.SetFollowups(ctx, e.User.Platform, e.User.ID, false); err != nil {
		return err
	}
	tr := e.Printer()
	_, err := w.Reply(ctx, bot.Reply{Text: tr.T("feedback.off_done", "Cmd", commandIn(e, "feedback")), Ephemeral: true})
	return err
}

// serveCommand is "feedback on|off", and "feedback" alone to see the
// setting.
func (f *Followups) serveCommand(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
	tr := e.Printer()
	cmd := commandIn(e, "feedback")
	var text string
	arg := strings.TrimSpace(e.Args)
	switch {
	case isWord(tr, arg, "off"):
		if err := f.cfg.Store.SetFollowups(ctx, e.User.Platform, e.User.ID, false); err != nil {
			return err
		}
		text = tr.T("feedback.off_done", "Cmd", cmd)
	case isWord(tr, arg, "on"):
		if err := f.cfg.Store.SetFollowups(ctx, e.User.Platform, e.User.ID, true); err != nil {
			return err
		}
		text = tr.T("feedback.on_done", "Cmd", cmd)
	case arg == "":
		off, err := f.cfg.Store.FollowupsOff(ctx, e.User.Platform, e.User.ID)
		if err != nil {
			return err
		}
		text = tr.T("feedback.is_on", "Cmd", cmd)
		if off {
			text = tr.T("feedback.is_off", "Cmd", cmd)
		}
	default:
		// "feedback on my listing title?" is a question, not the setting.
		q := *e
		q.Kind, q.Args = bot.KindCommand, strings.TrimSpace(e.Command+" "+e.Args)
		return f.cfg.Ask.serveAsk(ctx, w, &q)
	}
	if f.cfg.Off {
		text += tr.T("feedback.global_off")
	}
	_, err := w.Reply(ctx, bot.Reply{Text: text, Ephemeral: true})
	return err
}
