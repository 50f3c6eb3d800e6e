// Package metrics exports what ipdesk does as Prometheus metrics: events by
// platform and kind, how long they take, errors and refusals, questions
// and feedback, complaints from filing to decision, the platforms' APIs and
// the database. Every label takes a value from a short fixed list (a
// platform, an event kind, an error code, a language, an outcome), never a
// user id or text anyone typed.
//
// The Metrics value is fed in three ways: a bot middleware sees every
// event; wrappers of the stores the handlers use see questions, feedback
// and complaint changes; an http.RoundTripper sees the platforms' API
// calls. Gauges whose truth lives elsewhere (connected adapters, complaints
// waiting for staff) are read when Prometheus scrapes.
package metrics

import (
	"context"
	"database/sql"
	"net/http"
	"runtime"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/ipdesk/ipdesk/bot"
)

// Metrics holds ipdesk's metrics in a registry of its own, so that two
// Apps in one test process never share a counter.
type Metrics struct {
	reg *prometheus.Registry

	events     *prometheus.CounterVec
	handling   *prometheus.HistogramVec
	inFlight   prometheus.Gauge
	errors     *prometheus.CounterVec
	refusals   *prometheus.CounterVec
	duplicates *prometheus.CounterVec

	questions *prometheus.CounterVec
	feedback  *prometheus.CounterVec

	filed         *prometheus.CounterVec
	decided       *prometheus.CounterVec
	withdrawn     prometheus.Counter
	slaBreaches   prometheus.Counter
	firstResponse prometheus.Histogram
	toDecision    prometheus.Histogram

	apiRequests    *prometheus.CounterVec
	apiRateLimited *prometheus.CounterVec
	apiDuration    *prometheus.HistogramVec

	db *prometheus.HistogramVec
}

// Build describes the running binary for ipdesk_build_info.
type Build struct {
	Version  string // module version or the one set at link time
	Revision string // VCS revision, "" when unknown
}

// waitBuckets span a complaint's life: from minutes to a few weeks.
var waitBuckets = []float64{
	(5 * time.Minute).Seconds(), (15 * time.Minute).Seconds(), time.Hour.Seconds(), (4 * time.Hour).Seconds(),
	(12 * time.Hour).Seconds(), (24 * time.Hour).Seconds(), (48 * time.Hour).Seconds(), (72 * time.Hour).Seconds(),
	(7 * 24 * time.Hour).Seconds(), (14 * 24 * time.Hour).Seconds(), (30 * 24 * time.Hour).Seconds(),
}

// New returns the metrics of one ipdesk process, with the Go runtime and
// process collectors and ipdesk_build_info registered.
func New(b Build) *Metrics {
	reg := prometheus.NewRegistry()
	m := &Metrics{reg: reg}
	f := func(c prometheus.Collector) { reg.MustRegister(c) }
	m.events = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "ipdesk_events_received_total", Help: "Events received from the platforms, duplicates included, by platform and kind (message, command, action, submit).",
	}, []string{"platform", "kind"})
	m.handling = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "ipdesk_event_handling_seconds", Help: "Time to handle one event, replies included, by kind.",
		Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
	}, []string{"kind"})
	m.inFlight = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "ipdesk_events_in_flight", Help: "Events being handled now.",
	})
	m.errors = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "ipdesk_event_errors_total", Help: "Events whose handling ended in an error, by error code (invalid, not_found, unauthorized, conflict, internal).",
	}, []string{"code"})
	m.refusals = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "ipdesk_refusals_total", Help: "Events refused, by reason: rate_limit (too many at once from one user), not_staff (a staff action by someone who is not staff), not_allowed (anything else the user may not do).",
	}, []string{"reason"})
	m.duplicates = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "ipdesk_duplicate_deliveries_total", Help: "Deliveries dropped because the same delivery id was handled before, by platform.",
	}, []string{"platform"})
	m.questions = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "ipdesk_questions_total", Help: "Questions asked of the knowledge base (and related topics opened), by language and result (answered, declined).",
	}, []string{"lang", "result"})
	m.feedback = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "ipdesk_answer_feedback_total", Help: "Feedback votes on answers, by vote (helpful, unhelpful).",
	}, []string{"vote"})
	m.filed = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "ipdesk_complaints_filed_total", Help: "Complaints filed, by the complainant's platform.",
	}, []string{"platform"})
	m.decided = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "ipdesk_complaints_decided_total", Help: "Complaints decided by staff, by outcome (approved, rejected).",
	}, []string{"outcome"})
	m.withdrawn = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "ipdesk_complaints_withdrawn_total", Help: "Complaints withdrawn by their complainant.",
	})
	m.slaBreaches = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "ipdesk_sla_breaches_total", Help: "Complaints that waited for staff longer than the SLA (one reminder each).",
	})
	m.firstResponse = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name: "ipdesk_complaint_first_response_seconds", Help: "Time from filing to the first staff action on a complaint.", Buckets: waitBuckets,
	})
	m.toDecision = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name: "ipdesk_complaint_decision_seconds", Help: "Time from filing to the decision (approved or rejected).", Buckets: waitBuckets,
	})
	m.apiRequests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "ipdesk_platform_api_requests_total", Help: "HTTP requests to the platforms' APIs, retries included, by platform and status code (error when no answer came).",
	}, []string{"platform", "code"})
	m.apiRateLimited = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "ipdesk_platform_api_rate_limited_total", Help: "Platform API requests answered 429 Too Many Requests, by platform.",
	}, []string{"platform"})
	m.apiDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "ipdesk_platform_api_request_seconds", Help: "Time to a platform API's answer, by platform.",
		Buckets: []float64{.025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
	}, []string{"platform"})
	m.db = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "ipdesk_db_operation_seconds", Help: "Time of database operations, by kind (select, insert, update, delete, begin, commit, rollback, other).",
		Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 5},
	}, []string{"op"})
	for _, c := range []prometheus.Collector{m.events, m.handling, m.inFlight, m.errors, m.refusals, m.duplicates,
		m.questions, m.feedback, m.filed, m.decided, m.withdrawn, m.slaBreaches, m.firstResponse, m.toDecision,
		m.apiRequests, m.apiRateLimited, m.apiDuration, m.db} {
		f(c)
	}
	f(collectors.NewGoCollector())
	f(collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	info := prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "ipdesk_build_info", Help: "Always 1; the labels name the running build.",
		ConstLabels: prometheus.Labels{"version": b.Version, "revision": b.Revision, "goversion": runtime.Version()},
	})
	info.Set(1)
	f(info)
	// Series that exist from the start read as zero instead of missing,
	// so a rate over the first scrape after a restart is right.
	for _, code := range []string{"invalid", "not_found", "unauthorized", "conflict", "internal"} {
		m.errors.WithLabelValues(code)
	}
	for _, r := range []string{"rate_limit", "not_staff", "not_allowed"} {
		m.refusals.WithLabelValues(r)
	}
	for _, o := range []string{"approved", "rejected"} {
		m.decided.WithLabelValues(o)
	}
	for _, v := range []string{"helpful", "unhelpful"} {
		m.feedback.WithLabelValues(v)
	}
	return m
}

// Handler serves the metrics in Prometheus's text format (or OpenMetrics,
// when the scraper asks for it).
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{EnableOpenMetrics: true})
}

// Registry returns the registry, for tests and extra collectors.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// ObserveDB records one database operation; it is a sqlite.Observer.
func (m *Metrics) ObserveDB(op string, took time.Duration, err error) {
	m.db.WithLabelValues(op).Observe(took.Seconds())
}

// WatchAdapters exports ipdesk_adapter_connected per platform, read from
// health at every scrape.
func (m *Metrics) WatchAdapters(platforms []string, health func() []bot.Health) {
	for _, p := range platforms {
		m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "ipdesk_adapter_connected", Help: "1 while the platform's adapter is connected, else 0.",
			ConstLabels: prometheus.Labels{"platform": p},
		}, func() float64 {
			for _, h := range health() {
				if h.Platform == p && h.Up {
					return 1
				}
			}
			return 0
		}))
	}
}

// WatchDB exports the connection pool's statistics (go_sql_…).
func (m *Metrics) WatchDB(db *sql.DB) {
	m.reg.MustRegister(collectors.NewDBStatsCollector(db, "ipdesk"))
}

// Waiting reports, at scrape time, how many open complaints wait for staff
// and how long the oldest of them has waited.
type Waiting func(ctx context.Context) (count int, oldest time.Duration, err error)

// WatchQueue exports ipdesk_complaints_waiting_for_staff and
// ipdesk_complaints_oldest_wait_seconds, read with w at every scrape.
func (m *Metrics) WatchQueue(w Waiting) {
	m.reg.MustRegister(&queueCollector{w: w})
}

var (
	waitingDesc = prometheus.NewDesc("ipdesk_complaints_waiting_for_staff", "Open complaints waiting for staff (not for the complainant's answer).", nil, nil)
	oldestDesc  = prometheus.NewDesc("ipdesk_complaints_oldest_wait_seconds", "How long the complaint waiting longest for staff has waited; 0 when none waits.", nil, nil)
)

type queueCollector struct{ w Waiting }

func (c *queueCollector) Describe(ch chan<- *prometheus.Desc) { ch <- waitingDesc; ch <- oldestDesc }

func (c *queueCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	n, oldest, err := c.w(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(waitingDesc, err)
		return
	}
	ch <- prometheus.MustNewConstMetric(waitingDesc, prometheus.GaugeValue, float64(n))
	ch <- prometheus.MustNewConstMetric(oldestDesc, prometheus.GaugeValue, oldest.Seconds())
}
