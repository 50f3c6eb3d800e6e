package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk/bot/slack/slackfake"
	"github.com/ipdesk/ipdesk/internal/eventually"
)

// probe GETs one of the health endpoints and returns its status and, for
// /readyz, the decoded answer.
func probe(t *testing.T, addr, path string) (int, Readiness) {
	t.Helper()
	resp, err := http.Get("http://" + addr + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var rd Readiness
	if path == "/readyz" {
		if err := json.NewDecoder(resp.Body).Decode(&rd); err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
	}
	return resp.StatusCode, rd
}

// waitReady polls /readyz until it answers want, and returns the answer.
func waitReady(t *testing.T, ctx context.Context, addr string, want int) Readiness {
	t.Helper()
	var rd Readiness
	eventually.Check(t, ctx, fmt.Sprintf("GET /readyz to answer %d", want), func() error {
		var code int
		if code, rd = probe(t, addr, "/readyz"); code != want {
			return fmt.Errorf("%d (%+v)", code, rd)
		}
		return nil
	})
	return rd
}

// Readiness follows Slack: ready while the socket is up, not ready while
// Slack refuses to open a new one, ready again once it does; liveness
// stays 200 throughout, since restarting the process would not help.
func TestReadinessFollowsSlackOutage(t *testing.T) {
	t.Parallel()
	w := newSlackWorld(t, map[string]string{"IPDESK_HEALTH_ADDR": "127.0.0.1:0"})
	addr := w.app.HealthAddr()
	rd := waitReady(t, w.ctx, addr, http.StatusOK)
	if !rd.Ready || rd.Database != "ok" || len(rd.Platforms) != 1 || rd.Platforms[0].Platform != "slack" || len(rd.Problems) != 0 {
		t.Errorf("ready answer = %+v", rd)
	}
	if code, _ := probe(t, addr, "/livez"); code != http.StatusOK {
		t.Errorf("GET /livez = %d", code)
	}

	n := w.fake.Connects()
	w.fake.Inject("apps.connections.open", slackfake.Fault{Error: "internal_error"}, slackfake.Fault{Error: "internal_error"})
	w.fake.DropSockets()
	rd = waitReady(t, w.ctx, addr, http.StatusServiceUnavailable)
	if rd.Ready || !strings.Contains(strings.Join(rd.Problems, "; "), "slack is not connected") || rd.Database != "ok" {
		t.Errorf("not-ready answer = %+v", rd)
	}
	if code, _ := probe(t, addr, "/livez"); code != http.StatusOK {
		t.Errorf("GET /livez = %d during the outage", code)
	}
	if err := w.fake.WaitConnected(w.ctx, n+1); err != nil {
		t.Fatal(err)
	}
	waitReady(t, w.ctx, addr, http.StatusOK)
}

// Readiness follows Discord: when the gateway goes away for good the
// process is not ready, and says which platform is missing.
func TestReadinessFollowsDiscordOutage(t *testing.T) {
	t.Parallel()
	w := newWorld(t, nil)
	w.vars["IPDESK_REVIEW_CHANNEL"] = "discord:" + dReview
	w.vars["IPDESK_HEALTH_ADDR"] = "127.0.0.1:0"
	w.start()
	addr := w.app.HealthAddr()
	waitReady(t, w.ctx, addr, http.StatusOK)
	w.srv.Close()
	rd := waitReady(t, w.ctx, addr, http.StatusServiceUnavailable)
	if !strings.Contains(strings.Join(rd.Problems, "; "), "discord is not connected") {
		t.Errorf("not-ready answer = %+v", rd)
	}
	if code, _ := probe(t, addr, "/livez"); code != http.StatusOK {
		t.Errorf("GET /livez = %d during the outage", code)
	}
}

// On a stop signal the App stops being ready at once, lets the event in
// flight finish (its answer reaches the member, its question is logged),
// then returns.
func TestShutdownFinishesEventsInFlight(t *testing.T) {
	t.Parallel()
	w := newSlackWorld(t, map[string]string{"IPDESK_HEALTH_ADDR": "127.0.0.1:0", "IPDESK_SHUTDOWN_TIMEOUT": "30s"})
	addr := w.app.HealthAddr()
	waitReady(t, w.ctx, addr, http.StatusOK)
	// Slack is slow to take the answer: the event is in flight for a
	// while after the question arrived.
	w.fake.Inject("chat.postMessage", slackfake.Fault{Delay: 700 * time.Millisecond})
	if _, err := w.fake.DM(w.ctx, consumer, slackfake.Typed("How long does a US trademark registration last?")); err != nil {
		t.Fatal(err)
	}
	eventually.Check(t, w.ctx, "the question to go in flight", func() error {
		if w.settledOrInFlight() == 0 {
			return errors.New("no event in flight")
		}
		return nil
	})
	w.stopRun() // SIGTERM
	rd := waitReady(t, w.ctx, addr, http.StatusServiceUnavailable)
	if !rd.Stopping {
		t.Errorf("not-ready answer during shutdown = %+v, want stopping", rd)
	}
	path := w.app.Config.DB
	w.exited()
	answer := w.shown(slackfake.IMChannel(consumer), "[Helpful]")
	if !strings.Contains(answer.Visible(), "10") {
		t.Errorf("the answer in flight was not delivered whole:\n%s", answer.Visible())
	}
	// Started again on the same file, the App finds the question logged
	// with the answer the member got.
	w.vars["IPDESK_DB"] = path
	w.start()
	var id int64
	for _, b := range answer.Buttons() {
		if b.Label == "Helpful" {
			id, _ = strconv.ParseInt(b.Value, 10, 64)
		}
	}
	q, err := w.app.DB.Question(w.ctx, id)
	if err != nil {
		t.Fatalf("question %d behind the Helpful button: %v", id, err)
	}
	if !q.Answered || !strings.Contains(q.Text, "trademark") {
		t.Errorf("logged question = %+v", q)
	}
}

// settledOrInFlight returns how many events are being handled now.
func (w *slackWorld) settledOrInFlight() float64 {
	return w.scrape().value("ipdesk_events_in_flight")
}
