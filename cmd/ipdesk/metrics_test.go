package main

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/ipdesk/ipdesk/bot/slack/slackfake"
	"github.com/ipdesk/ipdesk/internal/eventually"
)

// scrape is one read of /metrics, parsed as Prometheus parses it.
type scrape map[string]*dto.MetricFamily

func (w *slackWorld) scrape() scrape {
	w.t.Helper()
	resp, err := http.Get("http://" + w.app.HealthAddr() + "/metrics")
	if err != nil {
		w.t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		w.t.Fatalf("GET /metrics = %d", resp.StatusCode)
	}
	p := expfmt.NewTextParser(model.LegacyValidation)
	fams, err := p.TextToMetricFamilies(resp.Body)
	if err != nil {
		w.t.Fatalf("parse /metrics: %v", err)
	}
	return fams
}

// settled scrapes once no event is being handled, so that an event whose
// reply was seen has also been counted as handled.
func (w *slackWorld) settled() scrape {
	w.t.Helper()
	var s scrape
	eventually.Check(w.t, w.ctx, "no event in flight", func() error {
		s = w.scrape()
		if n := s.value("ipdesk_events_in_flight"); n != 0 {
			return fmt.Errorf("%v events in flight", n)
		}
		// A scrape reads the metrics one after another, not at one
		// instant: an event that ends between the reading of its
		// handling time and of the events in flight reads as done but
		// not timed. Every event received must be timed too.
		if got, want := s.value("ipdesk_event_handling_seconds"), s.value("ipdesk_events_received_total"); got != want {
			return fmt.Errorf("%v events received, %v timed", want, got)
		}
		return nil
	})
	return s
}

// value returns the value of the series of name whose labels include
// labels ("k=v" each): a counter's or gauge's value, a histogram's count.
// A series that does not exist reads as 0.
func (s scrape) value(name string, labels ...string) float64 {
	f := s[name]
	if f == nil {
		return 0
	}
	sum := 0.0
	for _, m := range f.Metric {
		have := map[string]string{}
		for _, l := range m.Label {
			have[l.GetName()] = l.GetValue()
		}
		match := true
		for _, kv := range labels {
			k, v, _ := strings.Cut(kv, "=")
			match = match && have[k] == v
		}
		if !match {
			continue
		}
		switch {
		case m.Counter != nil:
			sum += m.Counter.GetValue()
		case m.Gauge != nil:
			sum += m.Gauge.GetValue()
		case m.Histogram != nil:
			sum += float64(m.Histogram.GetSampleCount())
		case m.Untyped != nil:
			sum += m.Untyped.GetValue()
		}
	}
	return sum
}

// moved fails the test unless the series moved by exactly want between
// two scrapes.
func moved(t *testing.T, before, after scrape, want float64, name string, labels ...string) {
	t.Helper()
	if d := after.value(name, labels...) - before.value(name, labels...); d != want {
		t.Errorf("%s%v moved by %v, want %v", name, labels, d, want)
	}
}

// A scrape of /metrics, parsed as Prometheus does, shows the counters
// moving as people use the desk: questions answered and declined,
// feedback, a refusal, a complaint filed and decided, the Slack API's
// calls and a 429.
func TestMetricsMoveWithUse(t *testing.T) {
	t.Parallel()
	w := newSlackWorld(t, map[string]string{"IPDESK_HEALTH_ADDR": "127.0.0.1:0"})
	before := w.scrape()
	if v := before.value("ipdesk_adapter_connected", "platform=slack"); v != 1 {
		t.Errorf("ipdesk_adapter_connected{platform=slack} = %v, want 1", v)
	}
	if before["ipdesk_build_info"] == nil || before["go_goroutines"] == nil || before["process_open_fds"] == nil {
		t.Error("build info, Go runtime or process metrics missing")
	}

	// A question the base answers, rated helpful, and one it cannot.
	answer := w.dm(consumer, "How long does a US trademark registration last?", "[Helpful]")
	w.click(consumer, answer, "Helpful")
	w.shown(slackfake.IMChannel(consumer), "Thanks")
	w.dm(consumer, "zebra quantum violin", "[Talk to staff]")
	// A member who is not staff asks for the queue.
	w.slash(reviewChannel, bystander, "queue")
	w.shown(reviewChannel, "Only staff")
	mid := w.settled()
	moved(t, before, mid, 1, "ipdesk_questions_total", "lang=en", "result=answered")
	moved(t, before, mid, 1, "ipdesk_questions_total", "lang=en", "result=declined")
	moved(t, before, mid, 1, "ipdesk_answer_feedback_total", "vote=helpful")
	moved(t, before, mid, 1, "ipdesk_refusals_total", "reason=not_staff")
	moved(t, before, mid, 1, "ipdesk_event_errors_total", "code=unauthorized")
	moved(t, before, mid, 2, "ipdesk_events_received_total", "platform=slack", "kind=message")
	moved(t, before, mid, 1, "ipdesk_events_received_total", "platform=slack", "kind=command")
	moved(t, before, mid, 1, "ipdesk_events_received_total", "platform=slack", "kind=action")
	moved(t, before, mid, 4, "ipdesk_event_handling_seconds")

	// A complaint filed and approved; Slack answers one of the posts with
	// a 429 first, which the client retries.
	card, _ := w.confirm(consumer, w.fileUntilSummary(consumer, acme))
	filed := w.settled()
	moved(t, mid, filed, 1, "ipdesk_complaints_filed_total", "platform=slack")
	if v := filed.value("ipdesk_complaints_waiting_for_staff"); v != 1 {
		t.Errorf("ipdesk_complaints_waiting_for_staff = %v after the filing, want 1", v)
	}
	w.fake.Inject("chat.update", slackfake.Fault{RetryAfter: 1})
	w.click(staffMember, card, "Approve compensation")
	v, err := w.fake.WaitView(w.ctx, staffMember, 0)
	if err != nil {
		t.Fatal(err)
	}
	if errs := w.submit(staffMember, v, map[string]string{"amount": "45", "currency": "USD"}); errs != nil {
		t.Fatalf("approval refused: %v", errs)
	}
	w.shown(reviewChannel, "Status: *approved*")
	w.shown(slackfake.IMChannel(consumer), "approved")
	w.shown(reviewChannel, "Done:")
	after := w.settled()
	moved(t, filed, after, 1, "ipdesk_complaints_decided_total", "outcome=approved")
	moved(t, filed, after, 0, "ipdesk_complaints_decided_total", "outcome=rejected")
	moved(t, filed, after, 1, "ipdesk_complaint_decision_seconds")
	moved(t, filed, after, 1, "ipdesk_complaint_first_response_seconds")
	moved(t, filed, after, 1, "ipdesk_platform_api_rate_limited_total", "platform=slack")
	if after["ipdesk_outbox_waiting"] == nil {
		t.Error("ipdesk_outbox_waiting is not exported")
	} else if v := after.value("ipdesk_outbox_waiting"); v != 0 {
		t.Errorf("ipdesk_outbox_waiting = %v with every receipt and decision delivered, want 0", v)
	}
	if v := after.value("ipdesk_complaints_waiting_for_staff"); v != 0 {
		t.Errorf("ipdesk_complaints_waiting_for_staff = %v after the decision, want 0", v)
	}
	if after.value("ipdesk_platform_api_requests_total", "platform=slack", "code=200") <= before.value("ipdesk_platform_api_requests_total", "platform=slack", "code=200") {
		t.Error("no Slack API requests counted")
	}
	for _, op := range []string{"select", "insert", "update", "begin", "commit"} {
		if after.value("ipdesk_db_operation_seconds", "op="+op) <= before.value("ipdesk_db_operation_seconds", "op="+op) {
			t.Errorf("no database %s timed", op)
		}
	}

	// No label carries a user id, a name or anything typed.
	for name, f := range after {
		for _, m := range f.Metric {
			for _, l := range m.Label {
				for _, secret := range []string{consumer, staffMember, bystander, "ACME", "zebra", "buyer@example.com"} {
					if strings.Contains(l.GetValue(), secret) {
						t.Errorf("%s has label %s=%q", name, l.GetName(), l.GetValue())
					}
				}
			}
		}
	}
}
