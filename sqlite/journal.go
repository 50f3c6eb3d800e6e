package sqlite

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ipdesk/ipdesk"
)

// A Journal commits the small writes on the way to every answer in
// batches, from one goroutine: the delivery claims that make a re-delivered
// event a duplicate, and the question log. Each write used to be a
// transaction of its own, taken on the reply path by every event in flight
// in turn; in one transaction, a hundred claims cost little more than one.
//
// The two kinds of write are kept to different promises. A claim is
// durable before Claim returns, as before: the handler runs, and the
// platform sees an effect, only once the claim is committed (group
// commit: the claims that arrive while one batch commits wait for the
// next). A question is logged after its answer: RecordQuestion hands out
// the question's id at once and the row follows in the next batch, so the
// answer does not wait for the log. The id stays the question's after a
// crash that lost the row (see questionSlots), and every read of the log
// through the Journal first waits for the rows already handed out.
//
// While a Journal is open, record questions through it only: it hands out
// question ids itself.
type Journal struct {
	db  *DB
	log *slog.Logger

	// mu is held for reading while an operation is queued and for
	// writing by Close, so nothing is queued after the last batch.
	mu     sync.RWMutex
	closed bool
	ops    chan journalOp
	done   chan struct{}

	// slots holds a token for every question handed out and not yet
	// committed; nextID is the last id handed out.
	slots  chan struct{}
	nextID atomic.Int64
}

// questionSlots bounds the questions handed out and not yet committed.
// When the log falls this far behind, RecordQuestion waits. It is also the
// gap left in the ids at every start: the rows a crash lost had ids at most
// this far above the last committed one, so ids start past them and a
// button under a lost question's answer never names a new question.
const questionSlots = 1024

// maxBatch bounds the writes committed in one transaction.
const maxBatch = 256

// errJournalClosed is returned by a Journal after Close.
var errJournalClosed = errors.New("journal closed")

type journalOp struct {
	// A claim: id set; result gets whether it was new.
	claim  string
	at     string
	result chan claimResult
	// A question: q set, with its id.
	q *ipdesk.Question
	// A barrier: done closed once everything before it is committed.
	barrier chan struct{}
}

type claimResult struct {
	fresh bool
	err   error
}

// OpenJournal starts the journal's writer. Close it before the database.
// log receives rows of the question log that could not be written; nil
// discards them.
func (d *DB) OpenJournal(ctx context.Context, log *slog.Logger) (*Journal, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	var last int64
	if err := d.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM questions`).Scan(&last); err != nil {
		return nil, fmt.Errorf("open journal: %w", err)
	}
	j := &Journal{
		db:    d,
		log:   log,
		ops:   make(chan journalOp, questionSlots+maxBatch),
		done:  make(chan struct{}),
		slots: make(chan struct{}, questionSlots),
	}
	j.nextID.Store(last + questionSlots)
	go j.run()
	return j, nil
}

// Close commits what is queued and stops the writer. Operations after
// Close return an error.
func (j *Journal) Close() error {
	j.mu.Lock()
	if j.closed {
		j.mu.Unlock()
		return nil
	}
	j.closed = true
	close(j.ops)
	j.mu.Unlock()
	<-j.done
	return nil
}

// queue hands op to the writer.
func (j *Journal) queue(ctx context.Context, op journalOp) error {
	j.mu.RLock()
	defer j.mu.RUnlock()
	if j.closed {
		return errJournalClosed
	}
	select {
	case j.ops <- op:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Claim is DB.Claim committed with the current batch: it returns once the
// claim is durable.
func (j *Journal) Claim(ctx context.Context, id string) (bool, error) {
	op := journalOp{claim: id, at: formatTime(j.db.Now()), result: make(chan claimResult, 1)}
	if err := j.queue(ctx, op); err != nil {
		return false, fmt.Errorf("claim delivery: %w", err)
	}
	// The claim is committed or refused whether or not ctx ends now; its
	// outcome is what decides whether the event runs.
	r := <-op.result
	return r.fresh, r.err
}

// Release forgets a delivery id. Its claim was committed before Claim
// returned, so the release needs no batch.
func (j *Journal) Release(ctx context.Context, id string) error { return j.db.Release(ctx, id) }

// RecordQuestion checks q, gives it an id and returns the id at once; the
// row is committed with the next batch. It waits only when questionSlots
// questions are already waiting for the writer.
func (j *Journal) RecordQuestion(ctx context.Context, q *ipdesk.Question) (int64, error) {
	row, err := questionRow(q, j.db.Pseudonym(q.Platform, q.UserID))
	if err != nil {
		return 0, err
	}
	row.AskedAt = j.db.Now()
	select {
	case j.slots <- struct{}{}:
	case <-ctx.Done():
		return 0, fmt.Errorf("record question: %w", ctx.Err())
	}
	row.ID = j.nextID.Add(1)
	if err := j.queue(ctx, journalOp{q: row}); err != nil {
		<-j.slots
		return 0, fmt.Errorf("record question: %w", err)
	}
	return row.ID, nil
}

// Sync waits until every write queued before it is committed.
func (j *Journal) Sync(ctx context.Context) error {
	op := journalOp{barrier: make(chan struct{})}
	if err := j.queue(ctx, op); err != nil {
		return err
	}
	select {
	case <-op.barrier:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// The reads and changes of the question log wait for the questions handed
// out before them, so a button pressed under an answer finds its question.

// Question is DB.Question after Sync.
func (j *Journal) Question(ctx context.Context, id int64) (*ipdesk.Question, error) {
	if err := j.Sync(ctx); err != nil {
		return nil, fmt.Errorf("question %d: %w", id, err)
	}
	return j.db.Question(ctx, id)
}

// LastQuestions is DB.LastQuestions after Sync.
func (j *Journal) LastQuestions(ctx context.Context, platform, userID, conversation string, since time.Time, limit int) ([]*ipdesk.Question, error) {
	if err := j.Sync(ctx); err != nil {
		return nil, fmt.Errorf("last questions: %w", err)
	}
	return j.db.LastQuestions(ctx, platform, userID, conversation, since, limit)
}

// LastQuestion is DB.LastQuestion after Sync.
func (j *Journal) LastQuestion(ctx context.Context, platform, userID, conversation string, since time.Time) (*ipdesk.Question, error) {
	if err := j.Sync(ctx); err != nil {
		return nil, fmt.Errorf("last question: %w", err)
	}
	return j.db.LastQuestion(ctx, platform, userID, conversation, since)
}

// RecordFeedback is DB.RecordFeedback after Sync.
func (j *Journal) RecordFeedback(ctx context.Context, questionID int64, platform, userID string, helpful bool) (bool, error) {
	if err := j.Sync(ctx); err != nil {
		return false, fmt.Errorf("record feedback: %w", err)
	}
	return j.db.RecordFeedback(ctx, questionID, platform, userID, helpful)
}

// EscalateQuestion is DB.EscalateQuestion after Sync.
func (j *Journal) EscalateQuestion(ctx context.Context, id int64) (bool, error) {
	if err := j.Sync(ctx); err != nil {
		return false, fmt.Errorf("escalate question: %w", err)
	}
	return j.db.EscalateQuestion(ctx, id)
}

// UnescalateQuestion is DB.UnescalateQuestion after Sync.
func (j *Journal) UnescalateQuestion(ctx context.Context, id int64) error {
	if err := j.Sync(ctx); err != nil {
		return fmt.Errorf("unescalate question: %w", err)
	}
	return j.db.UnescalateQuestion(ctx, id)
}

// QuestionGaps is DB.QuestionGaps after Sync.
func (j *Journal) QuestionGaps(ctx context.Context, limit int) ([]ipdesk.QuestionGap, error) {
	if err := j.Sync(ctx); err != nil {
		return nil, fmt.Errorf("question gaps: %w", err)
	}
	return j.db.QuestionGaps(ctx, limit)
}

// UnhelpfulAnswers is DB.UnhelpfulAnswers after Sync.
func (j *Journal) UnhelpfulAnswers(ctx context.Context, limit int) ([]ipdesk.UnhelpfulAnswer, error) {
	if err := j.Sync(ctx); err != nil {
		return nil, fmt.Errorf("unhelpful answers: %w", err)
	}
	return j.db.UnhelpfulAnswers(ctx, limit)
}

// run is the writer: it takes what is queued, up to maxBatch, commits it in
// one transaction, and tells the waiting claims and barriers.
func (j *Journal) run() {
	defer close(j.done)
	batch := make([]journalOp, 0, maxBatch)
	for op := range j.ops {
		batch = append(batch[:0], op)
	fill:
		for len(batch) < maxBatch {
			select {
			case op, ok := <-j.ops:
				if !ok {
					break fill
				}
				batch = append(batch, op)
			default:
				break fill
			}
		}
		j.commit(batch)
	}
}

// journalTimeout bounds one batch's transaction; a write that cannot get
// the database for this long fails, as a claim did on its own.
const journalTimeout = 30 * time.Second

// commit writes a batch in one transaction. When the transaction fails,
// each write is tried again on its own, so that one bad write fails alone.
func (j *Journal) commit(batch []journalOp) {
	ctx, cancel := context.WithTimeout(context.Background(), journalTimeout)
	defer cancel()
	fresh := make([]bool, len(batch))
	var err error
	if slices.ContainsFunc(batch, func(op journalOp) bool { return op.barrier == nil }) {
		err = j.inTx(ctx, batch, fresh)
	}
	for i, op := range batch {
		switch {
		case op.result != nil && err == nil:
			op.result <- claimResult{fresh: fresh[i]}
		case op.result != nil:
			f, err := j.db.Claim(ctx, op.claim)
			op.result <- claimResult{fresh: f, err: err}
		case op.q != nil:
			if err != nil {
				if _, qerr := j.db.db.ExecContext(ctx, insertQuestion, questionArgs(op.q)...); qerr != nil {
					j.log.Error("record question", "err", qerr, "platform", op.q.Platform)
				}
			}
			<-j.slots
		case op.barrier != nil:
			close(op.barrier)
		}
	}
}

func (j *Journal) inTx(ctx context.Context, batch []journalOp, fresh []bool) error {
	tx, err := j.db.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for i, op := range batch {
		switch {
		case op.result != nil:
			res, err := tx.ExecContext(ctx, insertClaim, op.claim, op.at)
			if err != nil {
				return err
			}
			n, err := res.RowsAffected()
			if err != nil {
				return err
			}
			fresh[i] = n == 1
		case op.q != nil:
			if _, err := tx.ExecContext(ctx, insertQuestion, questionArgs(op.q)...); err != nil {
				return err
			}
		}
	}
	return tx.Commit()
}

const insertClaim = `INSERT OR IGNORE INTO deliveries (id, claimed_at) VALUES (?, ?)`

const insertQuestion = `INSERT INTO questions
	(id, platform, user_hash, text, normalized, lang, answered, article, section, score, asked_at, conversation)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

// questionRow checks a question and returns the row to store: the text
// trimmed and cut, the asker as their pseudonym (UserHash; UserID left
// empty), the words normalised for the gaps report (in Text's place the
// row keeps both).
func questionRow(q *ipdesk.Question, pseudonym string) (*ipdesk.Question, error) {
	text, _ := ipdesk.ClipQuestion(strings.TrimSpace(q.Text))
	if text == "" || q.Platform == "" || q.UserID == "" {
		return nil, ipdesk.ErrQuestionIncomplete()
	}
	row := *q
	row.Text = text
	row.UserHash = pseudonym
	row.UserID = ""
	return &row, nil
}

func questionArgs(q *ipdesk.Question) []any {
	norm := ipdesk.NormalizeQuestion(q.Text)
	if norm == "" {
		norm = q.Text // all punctuation: still worth counting as itself
	}
	return []any{q.ID, q.Platform, q.UserHash, q.Text, norm, q.Lang, q.Answered, q.Article, q.Section, q.Score, formatTime(q.AskedAt), q.Conversation}
}
