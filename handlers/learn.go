package handlers

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/markup"
	"github.com/ipdesk/ipdesk/i18n"
	"github.com/ipdesk/ipdesk/knowledge"
)

// LearnStore keeps staff answers to forwarded questions until they are
// saved as article drafts. StaffAnswer and LatestEscalated return
// ENOTFOUND when there is none.
type LearnStore interface {
	LatestEscalated(ctx context.Context, platform, userID string, since time.Time) (*ipdesk.Question, error)
	SaveStaffAnswer(ctx context.Context, questionID int64, staff, text string) (int64, error)
	StaffAnswer(ctx context.Context, id int64) (*ipdesk.StaffAnswer, error)
	ClaimDraft(ctx context.Context, id int64) (first bool, path string, err error)
	SetDraftPath(ctx context.Context, id int64, path string) error
}

// LearnConfig is what the learning service needs; Store is required.
type LearnConfig struct {
	Store LearnStore
	// KBDir is the operator's article folder (IPDESK_KB_DIR); drafts go
	// into its drafts/ folder. Without one, no draft is offered.
	KBDir string
	// Replies is the workflow whose staff replies offer "Save as article
	// draft"; nil offers it nowhere.
	Replies *Complaints
	Now     func() time.Time
	Logger  *slog.Logger
}

// Learn turns the desk's work into knowledge: a staff reply to a question
// forwarded from the knowledge base can be saved, with one press, as an
// article draft.
type Learn struct {
	cfg LearnConfig
	log *slog.Logger
}

// actionDraft is the "Save as article draft" button; its value is the
// staff answer's id.
const actionDraft = "learn.draft"

// answerWindow is how recently a person must have forwarded a question to
// staff for a reply to them to be taken as its answer.
const answerWindow = 14 * 24 * time.Hour

// NewLearn returns the learning service and offers its button under the
// staff replies of cfg.Replies.
func NewLearn(cfg LearnConfig) (*Learn, error) {
	if cfg.Store == nil {
		return nil, errors.New("learn: a store is required")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	l := &Learn{cfg: cfg, log: cfg.Logger}
	if l.log == nil {
		l.log = slog.New(slog.DiscardHandler)
	}
	if cfg.Replies != nil {
		cfg.Replies.learn = l
	}
	return l, nil
}

// Register adds the draft button's handler, for staff only.
func (l *Learn) Register(mux *bot.Mux) {
	mux.HandleAction("learn.", bot.RequireStaff(bot.HandlerFunc(l.serveDraft)))
}

// offer keeps a staff reply to a person who recently forwarded a question
// from the knowledge base, and returns the button that saves the two as an
// article draft; nil when the person forwarded no question, or drafts have
// no folder.
func (l *Learn) offer(ctx context.Context, tr i18n.Printer, staff bot.User, platform, userID, text string) *bot.Button {
	if l.cfg.KBDir == "" {
		return nil
	}
	q, err := l.cfg.Store.LatestEscalated(ctx, platform, userID, l.cfg.Now().Add(-answerWindow))
	if ipdesk.ErrorCode(err) == ipdesk.ENOTFOUND {
		return nil // a request for a person while filing, not a question
	} else if err != nil {
		l.log.Warn("find the question a staff reply answers", "err", err)
		return nil
	}
	id, err := l.cfg.Store.SaveStaffAnswer(ctx, q.ID, staff.Key(), text)
	if err != nil {
		l.log.Warn("keep a staff answer", "err", err)
		return nil
	}
	return &bot.Button{ID: actionDraft, Label: tr.T("learn.button"), Value: strconv.FormatInt(id, 10)}
}

// serveDraft writes the kept answer and its question as a draft, once.
func (l *Learn) serveDraft(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
	tr := e.Printer()
	if !e.User.Staff {
		return bot.Refused(bot.RefusedNotStaff, &ipdesk.Error{Code: ipdesk.EUNAUTHORIZED, Message: tr.T("bot.staff_only")})
	}
	id, err := strconv.ParseInt(strings.TrimSpace(e.Action.Value), 10, 64)
	if e.Action.ID != actionDraft || err != nil || id <= 0 {
		return &ipdesk.Error{Code: ipdesk.EINVALID, Message: tr.T("button.broken")}
	}
	if l.cfg.KBDir == "" {
		return &ipdesk.Error{Code: ipdesk.ECONFLICT, Message: tr.T("learn.no_folder")}
	}
	a, err := l.cfg.Store.StaffAnswer(ctx, id)
	if err != nil {
		return err
	}
	first, path, err := l.cfg.Store.ClaimDraft(ctx, id)
	if err != nil {
		return err
	}
	if !first {
		if path == "" {
			path = tr.T("learn.being_written")
		} else {
			path = "`" + markup.Escape(path) + "`"
		}
		_, err := w.Reply(ctx, bot.Reply{Text: tr.T("learn.already", "Path", path), Ephemeral: true})
		return err
	}
	path, err = knowledge.WriteDraft(l.cfg.KBDir, knowledge.NewDraft{Question: a.Question.Text, Answer: a.Text, Lang: a.Question.Lang,
		Asked: a.Question.AskedAt, Answered: a.At})
	if err != nil {
		if rerr := l.cfg.Store.SetDraftPath(context.WithoutCancel(ctx), id, ""); rerr != nil {
			l.log.Error("release draft claim", "err", rerr)
		}
		return fmt.Errorf("save article draft: %w", err)
	}
	if err := l.cfg.Store.SetDraftPath(context.WithoutCancel(ctx), id, path); err != nil {
		return err
	}
	l.log.Info("article draft saved", "file", path, "by", e.User.Key())
	_, err = w.Reply(ctx, bot.Reply{Ephemeral: true, Text: tr.T("learn.saved", "Path", markup.Escape(path), "Dir", knowledge.DraftsDir)})
	return err
}
