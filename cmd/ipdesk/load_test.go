package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/handlers"
	"github.com/ipdesk/ipdesk/knowledge"
)

// This file holds the load driver the benchmarks in bench_test.go share: it
// plays many members asking questions through a fake platform and times
// each answer from the moment the question is sent until the whole answer
// has appeared, as the member would see it.

// loadUsers is how many questions are in flight in the closed-loop runs:
// as each is answered, another member asks the next.
const loadUsers = 50

// replyWait bounds the wait for one answer; a question not answered by then
// counts as lost.
const replyWait = 60 * time.Second

// shownReply is one message the fake platform showed, reduced to what the
// driver needs: where, whether it ends an answer, and what kind of answer.
type shownReply struct {
	channel string
	// done is true for the message that completes a reply: the one
	// carrying the answer's buttons, or a one-message refusal or error.
	done    bool
	refused bool // "You're sending messages faster than I can answer"
	failed  bool // "Something went wrong"
}

// classify tells the driver what a message shows from its text and whether
// it has buttons.
func classify(channel, text string, buttons bool) shownReply {
	r := shownReply{channel: channel, done: buttons}
	switch {
	case strings.Contains(text, "faster than I can answer"):
		r.refused, r.done = true, true
	case strings.Contains(text, "Something went wrong"):
		r.failed, r.done = true, true
	}
	return r
}

// platformDriver is one fake platform as the driver uses it.
type platformDriver interface {
	// ask sends text to the bot from member i, in their DM.
	ask(ctx context.Context, i int, text string) error
	// dm is the channel where member i's answers appear.
	dm(i int) string
	// watch passes every message the platform shows to f until stop.
	watch(f func(shownReply)) (stop func())
}

// loadResult is what one load run measured.
type loadResult struct {
	asked     int
	answered  int
	refused   int
	failed    int
	lost      int
	took      time.Duration
	latencies []time.Duration // sorted
	mallocs   uint64          // heap allocations in the whole process during the run
	cpu       time.Duration   // CPU time (user and system) of the whole process during the run
}

// add merges o, a later run of the same kind, into r.
func (r *loadResult) add(o loadResult) {
	r.asked += o.asked
	r.answered += o.answered
	r.refused += o.refused
	r.failed += o.failed
	r.lost += o.lost
	r.took += o.took
	r.latencies = append(r.latencies, o.latencies...)
	slices.Sort(r.latencies)
	r.mallocs += o.mallocs
	r.cpu += o.cpu
}

// cpuPerQuestion is the process's CPU time per question asked.
func (r loadResult) cpuPerQuestion() time.Duration {
	if r.asked == 0 {
		return 0
	}
	return r.cpu / time.Duration(r.asked)
}

// processCPU returns the CPU time the process has used so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func (r loadResult) perSecond() float64 { return float64(r.answered) / r.took.Seconds() }

// percentile returns the p-th percentile latency (p from 0 to 100).
func (r loadResult) percentile(p float64) time.Duration {
	if len(r.latencies) == 0 {
		return 0
	}
	i := int(float64(len(r.latencies)-1) * p / 100)
	return r.latencies[i]
}

func (r loadResult) String() string {
	return fmt.Sprintf("%d asked, %d answered, %d refused, %d failed, %d lost in %v: %.0f/s, p50 %v, p99 %v",
		r.asked, r.answered, r.refused, r.failed, r.lost, r.took.Round(time.Millisecond), r.perSecond(),
		r.percentile(50).Round(10*time.Microsecond), r.percentile(99).Round(10*time.Microsecond))
}

// members routes each shown message to the seat of the member whose DM it
// is in. A seat is one question in flight: in the closed loop each
// question comes from a member of its own, so that no member asks faster
// than a person types however fast the bot answers; in the burst each
// member keeps their seat and asks many.
type members struct {
	mu        sync.Mutex
	byChannel map[string]int
	inbox     []chan shownReply
	overflow  atomic.Int64 // messages no member was waiting for
}

// memberSeq numbers the members of the closed loops, all different.
var memberSeq atomic.Int64

func newMembers(seats, depth int) *members {
	m := &members{byChannel: map[string]int{}, inbox: make([]chan shownReply, seats)}
	for i := range seats {
		m.inbox[i] = make(chan shownReply, depth)
	}
	return m
}

// seat routes what is shown in channel to seat i until unseat.
func (m *members) seat(channel string, i int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.byChannel[channel] = i
}

func (m *members) unseat(channel string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.byChannel, channel)
}

func (m *members) deliver(r shownReply) {
	m.mu.Lock()
	i, ok := m.byChannel[r.channel]
	m.mu.Unlock()
	if !ok {
		m.overflow.Add(1)
		return
	}
	select {
	case m.inbox[i] <- r:
	default:
		m.overflow.Add(1)
	}
}

// waitReply waits for the next whole reply at seat i.
func (m *members) waitReply(ctx context.Context, i int) (shownReply, bool) {
	timer := time.NewTimer(replyWait)
	defer timer.Stop()
	for {
		select {
		case r := <-m.inbox[i]:
			if r.done {
				return r, true
			}
		case <-timer.C:
			return shownReply{}, false
		case <-ctx.Done():
			return shownReply{}, false
		}
	}
}

// closedLoop keeps users questions in flight until n have been asked: each
// seat asks its next question, from a new member, when the answer to its
// last one has appeared.
func closedLoop(ctx context.Context, tb testing.TB, d platformDriver, users, n int, questions []string) loadResult {
	tb.Helper()
	m := newMembers(users, 16)
	stop := d.watch(m.deliver)
	defer stop()
	var (
		mu  sync.Mutex
		res = loadResult{asked: n}
		wg  sync.WaitGroup
		err atomic.Value
	)
	var next atomic.Int64
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	cpu0 := processCPU()
	start := time.Now()
	for i := range users {
		wg.Go(func() {
			lat := make([]time.Duration, 0, n/users+1)
			var answered, refused, failed, lost int
			for {
				k := int(next.Add(1)) - 1
				if k >= n {
					break
				}
				member := int(memberSeq.Add(1))
				dm := d.dm(member)
				m.seat(dm, i)
				t0 := time.Now()
				if e := d.ask(ctx, member, questions[k%len(questions)]); e != nil {
					err.CompareAndSwap(nil, e)
					lost++
					continue
				}
				r, ok := m.waitReply(ctx, i)
				m.unseat(dm)
				switch {
				case !ok:
					lost++
				case r.refused:
					refused++
				case r.failed:
					failed++
				default:
					answered++
					lat = append(lat, time.Since(t0))
				}
			}
			mu.Lock()
			res.answered += answered
			res.refused += refused
			res.failed += failed
			res.lost += lost
			res.latencies = append(res.latencies, lat...)
			mu.Unlock()
		})
	}
	wg.Wait()
	res.took = time.Since(start)
	res.cpu = processCPU() - cpu0
	runtime.ReadMemStats(&after)
	res.mallocs = after.Mallocs - before.Mallocs
	slices.Sort(res.latencies)
	if e, _ := err.Load().(error); e != nil {
		tb.Fatalf("asking: %v", e)
	}
	return res
}

// burst has users members send n questions in all as fast as the platform
// takes them, without waiting for answers, and then waits until every
// question is answered (or replyWait passes without a new answer). Member i
// sends questions i, i+users, i+2·users…, so every member's questions
// arrive interleaved with the others'. A latency here is the time from the
// burst's start until that answer appeared.
func burst(ctx context.Context, tb testing.TB, d platformDriver, users, n int, questions []string) loadResult {
	tb.Helper()
	m := newMembers(users, n/users*4+16)
	first := int(memberSeq.Add(int64(users))) - users
	for i := range users {
		m.seat(d.dm(first+i), i)
	}
	stop := d.watch(m.deliver)
	defer stop()
	res := loadResult{asked: n}
	var wg sync.WaitGroup
	var sendErr atomic.Value
	cpu0 := processCPU()
	start := time.Now()
	const senders = 8
	for s := range senders {
		wg.Go(func() {
			for k := s; k < n; k += senders {
				if err := d.ask(ctx, first+k%users, questions[k%len(questions)]); err != nil {
					sendErr.CompareAndSwap(nil, err)
					return
				}
			}
		})
	}
	var mu sync.Mutex
	for i := range users {
		asked := n / users
		if i < n%users {
			asked++
		}
		wg.Go(func() {
			var lat []time.Duration
			var answered, refused, failed, lost int
		wait:
			for j := range asked {
				r, ok := m.waitReply(ctx, i)
				switch {
				case !ok:
					// Nothing came for a whole replyWait: the rest will
					// not come either.
					lost += asked - j
					break wait
				case r.refused:
					refused++
				case r.failed:
					failed++
				default:
					answered++
				}
				lat = append(lat, time.Since(start))
			}
			mu.Lock()
			res.answered += answered
			res.refused += refused
			res.failed += failed
			res.lost += lost
			res.latencies = append(res.latencies, lat...)
			mu.Unlock()
		})
	}
	wg.Wait()
	res.took = time.Since(start)
	res.cpu = processCPU() - cpu0
	slices.Sort(res.latencies)
	if e, _ := sendErr.Load().(error); e != nil {
		tb.Fatalf("asking: %v", e)
	}
	return res
}

// loadQuestions returns the questions sellers ask in the knowledge base's
// tuning and blind sets, in English and Chinese, answered and not: the
// mix the bot meets, not one question repeated.
func loadQuestions(tb testing.TB) []string {
	tb.Helper()
	var out []string
	seen := map[string]bool{}
	for _, name := range []string{"eval.jsonl", "blind.jsonl"} {
		f, err := os.Open(filepath.Join("..", "..", "knowledge", "testdata", name))
		if err != nil {
			tb.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			var row struct {
				Q string `json:"q"`
			}
			if json.Unmarshal(sc.Bytes(), &row) == nil && row.Q != "" && !seen[row.Q] {
				seen[row.Q] = true
				out = append(out, row.Q)
			}
		}
		f.Close()
		if err := sc.Err(); err != nil {
			tb.Fatal(err)
		}
	}
	if len(out) < 100 {
		tb.Fatalf("only %d questions in the knowledge base's test sets", len(out))
	}
	return out
}

// cannedReply is what the do-nothing bot answers every question with: the
// bundled base's answer to a typical question, with the buttons an answer
// carries, so that both bots send platform messages of the same size and
// shape and differ only in the work behind them.
func cannedReply(tb testing.TB) bot.Reply {
	tb.Helper()
	ctx := context.Background()
	ix, err := knowledge.Open(ctx, knowledge.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	defer ix.Close()
	ans, err := ix.Ask(ctx, "how long does a us trademark last")
	if err != nil || !ans.Answered {
		tb.Fatalf("the bundled base does not answer the canned question: %v", err)
	}
	r := bot.Reply{Text: handlers.AnswerText(ans)}
	for _, l := range []string{"Helpful", "Not helpful", "Talk to staff"} {
		r.Buttons = append(r.Buttons, bot.Button{ID: "kb.x", Label: l, Value: "1"})
	}
	for _, rel := range ans.Related {
		r.Buttons = append(r.Buttons, bot.Button{ID: "kb.topic", Label: rel.Title, Value: rel.Lang + "/" + rel.ID})
	}
	return r
}

// cannedHandler answers every event with r and does nothing else.
func cannedHandler(r bot.Reply) bot.Handler {
	return bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		_, err := w.Reply(ctx, r)
		return err
	})
}
