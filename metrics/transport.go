package metrics

import (
	"net/http"
	"strconv"
	"time"
)

// Transport counts and times the requests next sends to a platform's API
// (nil next means http.DefaultTransport). Every attempt counts: a request
// the client retries after a 429 is two requests and one rate limit.
func (m *Metrics) Transport(platformName string, next http.RoundTripper) http.RoundTripper {
	if next == nil {
		next = http.DefaultTransport
	}
	return &transport{next: next, platform: platform(platformName), m: m}
}

type transport struct {
	next     http.RoundTripper
	platform string
	m        *Metrics
}

func (t *transport) RoundTrip(r *http.Request) (*http.Response, error) {
	start := time.Now()
	resp, err := t.next.RoundTrip(r)
	t.m.apiDuration.WithLabelValues(t.platform).Observe(time.Since(start).Seconds())
	if err != nil {
		t.m.apiRequests.WithLabelValues(t.platform, "error").Inc()
		return nil, err
	}
	t.m.apiRequests.WithLabelValues(t.platform, statusCode(resp.StatusCode)).Inc()
	if resp.StatusCode == http.StatusTooManyRequests {
		t.m.apiRateLimited.WithLabelValues(t.platform).Inc()
	}
	return resp, nil
}

// statusCode bounds a status to the real range, so a broken proxy cannot
// make new series.
func statusCode(c int) string {
	if c < 100 || c > 599 {
		return "other"
	}
	return strconv.Itoa(c)
}
