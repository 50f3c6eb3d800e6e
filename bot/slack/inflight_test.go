package slack

import (
	"bytes"
	"context"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/slack/slackfake"
)

// TestHTTPModeLimitsRequestsInFlight fills the listener's request slots
// directly, so the limit is tested without racing real slow clients.
func TestHTTPModeLimitsRequestsInFlight(t *testing.T) {
	t.Parallel()
	const secret = "inflight-secret"
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var logs bytes.Buffer
	a, err := New(Config{BotToken: "xoxb-test", SigningSecret: secret, Listener: ln, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	s := &eventsHandler{
		a: a, ctx: context.Background(), track: func(f func()) { f() },
		h:     bot.HandlerFunc(func(context.Context, bot.ResponseWriter, *bot.Event) error { return nil }),
		slots: make(chan struct{}, maxInFlight),
	}
	body := []byte(`{"token":"t","challenge":"c2","type":"url_verification"}`)
	serve := func() *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodPost, "/slack/events", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		slackfake.SignRequest(req, secret, time.Now(), body)
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		return rec
	}
	for range maxInFlight { // every slot taken by a request being served
		s.slots <- struct{}{}
	}
	if rec := serve(); rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" {
		t.Errorf("with %d requests in flight, one more got %d (Retry-After %q), want 503 with Retry-After", maxInFlight, rec.Code, rec.Header().Get("Retry-After"))
	}
	if !strings.Contains(logs.String(), "too many at once") {
		t.Errorf("the refusal was not logged: %s", logs.String())
	}
	<-s.slots // one request ends
	if rec := serve(); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "c2") {
		t.Errorf("with a free slot the request got %d %q, want 200 with the challenge", rec.Code, rec.Body.String())
	}
	if len(s.slots) != maxInFlight-1 {
		t.Errorf("%d slots held after the request ended, want %d", len(s.slots), maxInFlight-1)
	}
}
