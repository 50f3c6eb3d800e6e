package metrics_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/bottest"
	"github.com/ipdesk/ipdesk/metrics"
	"github.com/ipdesk/ipdesk/sqlite"
)

// expose checks the exposition of the named metrics against want, in
// Prometheus's text format, as a scraper would read it.
func expose(t *testing.T, m *metrics.Metrics, want string, names ...string) {
	t.Helper()
	if err := testutil.GatherAndCompare(m.Registry(), strings.NewReader(want), names...); err != nil {
		t.Error(err)
	}
}

// Each refusal is counted by its reason and each error by its code, and the
// middleware hands the error on unchanged for ShowErrors to show.
func TestRefusalsAndErrorsByReason(t *testing.T) {
	m := metrics.New(metrics.Build{Version: "v1.2.3"})
	for _, c := range []struct {
		err   error
		staff bool
	}{
		{bot.Refused(bot.RefusedRateLimit, ipdesk.Errorf(ipdesk.EINVALID, "slow down")), false},
		{bot.Refused(bot.RefusedNotStaff, ipdesk.Errorf(ipdesk.EUNAUTHORIZED, "staff only")), false},
		{ipdesk.Errorf(ipdesk.EUNAUTHORIZED, "not yours"), true},
		{&bot.FormError{Fields: map[string]string{"amount": "bad"}}, true},
		{errors.New("disk full"), false},
		{nil, false},
	} {
		h := m.Middleware(bot.HandlerFunc(func(context.Context, bot.ResponseWriter, *bot.Event) error { return c.err }))
		e := &bot.Event{Kind: bot.KindAction, User: bot.User{Platform: "discord", ID: "1", Staff: c.staff}}
		if err := h.ServeEvent(context.Background(), &bottest.Recorder{}, e); err != c.err {
			t.Errorf("middleware changed the error %v into %v", c.err, err)
		}
	}
	expose(t, m, `
# HELP ipdesk_refusals_total Events refused, by reason: rate_limit (too many at once from one user), not_staff (a staff action by someone who is not staff), not_allowed (anything else the user may not do).
# TYPE ipdesk_refusals_total counter
ipdesk_refusals_total{reason="not_allowed"} 1
ipdesk_refusals_total{reason="not_staff"} 1
ipdesk_refusals_total{reason="rate_limit"} 1
# HELP ipdesk_event_errors_total Events whose handling ended in an error, by error code (invalid, not_found, unauthorized, conflict, internal).
# TYPE ipdesk_event_errors_total counter
ipdesk_event_errors_total{code="conflict"} 0
ipdesk_event_errors_total{code="internal"} 1
ipdesk_event_errors_total{code="invalid"} 2
ipdesk_event_errors_total{code="not_found"} 0
ipdesk_event_errors_total{code="unauthorized"} 2
# HELP ipdesk_events_received_total Events received from the platforms, duplicates included, by platform and kind (message, command, action, submit).
# TYPE ipdesk_events_received_total counter
ipdesk_events_received_total{kind="action",platform="discord"} 6
`, "ipdesk_refusals_total", "ipdesk_event_errors_total", "ipdesk_events_received_total")
}

// A delivery id claimed twice on the real store counts one duplicate, by
// the platform its id names; an unknown prefix does not make a new label.
func TestDuplicateDeliveries(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "ipdesk.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	m := metrics.New(metrics.Build{})
	d := m.Deliveries(db)
	for _, id := range []string{"slack:Ev1", "slack:Ev1", "slack:Ev1", "discord:9", "<!channel>:x", "<!channel>:x"} {
		if _, err := d.Claim(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	expose(t, m, `
# HELP ipdesk_duplicate_deliveries_total Deliveries dropped because the same delivery id was handled before, by platform.
# TYPE ipdesk_duplicate_deliveries_total counter
ipdesk_duplicate_deliveries_total{platform="other"} 1
ipdesk_duplicate_deliveries_total{platform="slack"} 2
`, "ipdesk_duplicate_deliveries_total")
}

// The transport counts every answer by status, 429s apart, and requests
// that got no answer as errors.
func TestTransportCountsRateLimits(t *testing.T) {
	n := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n++
		if n == 1 {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		w.Write([]byte(`{"ok":true}`))
	}))
	m := metrics.New(metrics.Build{})
	c := &http.Client{Transport: m.Transport(bot.Slack, nil)}
	for range 3 {
		resp, err := c.Get(srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	srv.Close()
	if _, err := c.Get(srv.URL); err == nil {
		t.Fatal("a closed server answered")
	}
	expose(t, m, `
# HELP ipdesk_platform_api_requests_total HTTP requests to the platforms' APIs, retries included, by platform and status code (error when no answer came).
# TYPE ipdesk_platform_api_requests_total counter
ipdesk_platform_api_requests_total{code="200",platform="slack"} 2
ipdesk_platform_api_requests_total{code="429",platform="slack"} 1
ipdesk_platform_api_requests_total{code="error",platform="slack"} 1
# HELP ipdesk_platform_api_rate_limited_total Platform API requests answered 429 Too Many Requests, by platform.
# TYPE ipdesk_platform_api_rate_limited_total counter
ipdesk_platform_api_rate_limited_total{platform="slack"} 1
`, "ipdesk_platform_api_requests_total", "ipdesk_platform_api_rate_limited_total")
}

// Database operations on a real file are timed by kind of statement,
// queries until their rows are read.
func TestDatabaseOperationsTimed(t *testing.T) {
	ctx := context.Background()
	m := metrics.New(metrics.Build{})
	db, err := sqlite.OpenWith(ctx, filepath.Join(t.TempDir(), "ipdesk.db"), sqlite.Options{Observe: m.ObserveDB})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	count := func(op string) int {
		return int(histCount(t, m, op))
	}
	beforeSel, beforeIns := count("select"), count("insert")
	if _, err := db.Claim(ctx, "slack:Ev1"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Queue(ctx); err != nil {
		t.Fatal(err)
	}
	if count("insert") <= beforeIns || count("select") <= beforeSel {
		t.Errorf("inserts %d→%d, selects %d→%d: not timed", beforeIns, count("insert"), beforeSel, count("select"))
	}
	if err := db.Writable(ctx); err != nil {
		t.Fatal(err)
	}
}

func histCount(t *testing.T, m *metrics.Metrics, op string) uint64 {
	t.Helper()
	fams, err := m.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fams {
		if f.GetName() != "ipdesk_db_operation_seconds" {
			continue
		}
		for _, s := range f.Metric {
			for _, l := range s.Label {
				if l.GetName() == "op" && l.GetValue() == op {
					return s.Histogram.GetSampleCount()
				}
			}
		}
	}
	return 0
}

// BenchmarkMiddleware measures what counting and timing adds to each
// event.
func BenchmarkMiddleware(b *testing.B) {
	m := metrics.New(metrics.Build{})
	h := m.Middleware(bot.HandlerFunc(func(context.Context, bot.ResponseWriter, *bot.Event) error { return nil }))
	e := &bot.Event{Kind: bot.KindMessage, User: bot.User{Platform: bot.Slack, ID: "U1"}}
	ctx := context.Background()
	for b.Loop() {
		h.ServeEvent(ctx, nil, e)
	}
}
