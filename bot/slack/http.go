package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/ipdesk/ipdesk/bot"
)

// maxRequestBody bounds a request from Slack; real payloads are far smaller.
const maxRequestBody = 1 << 20

// Limits of the events listener, which faces the internet. Slack's
// requests are small and acknowledged at once (the work continues after the
// answer), so a request that takes longer than this is not Slack's.
const (
	// maxHeaderBytes bounds a request's headers; Slack sends a few hundred
	// bytes.
	maxHeaderBytes = 64 << 10
	// maxInFlight bounds the requests being read and answered at once.
	// Past it a request is refused with 503, which Slack retries later.
	maxInFlight = 64
	// writeTimeout bounds reading a request and writing its answer; a
	// modal submission waits at most submitWait for its handler.
	writeTimeout = 30 * time.Second
	// idleTimeout closes a kept-alive connection left unused.
	idleTimeout = 2 * time.Minute
)

// runHTTP serves the Events API, slash commands and interactivity on one
// listener until ctx is done, then drains in-flight work.
func (a *Adapter) runHTTP(ctx context.Context, h bot.Handler) error {
	ln := a.cfg.Listener
	if ln == nil {
		var err error
		if ln, err = net.Listen("tcp", a.cfg.HTTPAddr); err != nil {
			return fmt.Errorf("slack: listen for events: %w", err)
		}
	}
	var wg sync.WaitGroup
	defer wg.Wait()
	srv := &http.Server{
		Handler: &eventsHandler{
			a: a, h: h, ctx: ctx, track: func(f func()) { wg.Go(f) },
			slots: make(chan struct{}, maxInFlight),
		},
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
	}
	errc := make(chan error, 1)
	wg.Go(func() { errc <- srv.Serve(ln) })
	a.mu.Lock()
	a.listenAddr = ln.Addr()
	a.mu.Unlock()
	a.connected.Store(true)
	a.log.Info("listening for Slack requests", "addr", ln.Addr().String())
	select {
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
		return ctx.Err()
	case err := <-errc:
		return fmt.Errorf("slack: serve events: %w", err)
	}
}

// Addr returns the address the HTTP Events API listens on once Run has
// started listening, or nil (in Socket Mode, or before). With an address
// ending in :0 this is the port the system chose.
func (a *Adapter) Addr() net.Addr {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.listenAddr
}

// eventsHandler is the HTTP endpoint Slack posts to. Every request must
// carry a valid signature and a timestamp within five minutes, or it is
// refused with 401 before anything is read from it.
type eventsHandler struct {
	a     *Adapter
	h     bot.Handler
	ctx   context.Context // Run's context: work outlives the request
	track func(func())
	slots chan struct{} // one per request being served; full means busy
}

func (s *eventsHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a := s.a
	select {
	case s.slots <- struct{}{}:
		defer func() { <-s.slots }()
	default:
		a.log.Warn("refused a request: too many at once", "remote", r.RemoteAddr, "limit", maxInFlight)
		w.Header().Set("Retry-After", "1")
		http.Error(w, "busy, try again", http.StatusServiceUnavailable)
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRequestBody))
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			http.Error(w, "request too large", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "request body not read", http.StatusBadRequest)
		return
	}
	if err := verify(r.Header, body, a.cfg.SigningSecret); err != nil {
		a.log.Warn("refused an unsigned or stale request", "remote", r.RemoteAddr, "reason", err)
		http.Error(w, "invalid signature", http.StatusUnauthorized)
		return
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct == "application/json" {
		s.serveEvent(w, body)
		return
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		http.Error(w, "malformed form", http.StatusBadRequest)
		return
	}
	switch {
	case form.Get("payload") != "":
		s.serveInteraction(w, []byte(form.Get("payload")))
	case form.Get("command") != "":
		cmd := slack.SlashCommand{
			TeamID: form.Get("team_id"), TeamDomain: form.Get("team_domain"),
			ChannelID: form.Get("channel_id"), ChannelName: form.Get("channel_name"),
			UserID: form.Get("user_id"), UserName: form.Get("user_name"),
			Command: form.Get("command"), Text: form.Get("text"),
			ResponseURL: form.Get("response_url"), TriggerID: form.Get("trigger_id"), APIAppID: form.Get("api_app_id"),
		}
		w.WriteHeader(http.StatusOK)
		a.handleAsync(s.ctx, s.h, s.track, func(ctx context.Context) (*bot.Event, *responder) { return a.fromSlashCommand(ctx, cmd) })
	default:
		http.Error(w, "unknown request", http.StatusBadRequest)
	}
}

// verify checks Slack's request signature and timestamp.
func verify(header http.Header, body []byte, secret string) error {
	if header.Get("X-Slack-Signature") == "" || header.Get("X-Slack-Request-Timestamp") == "" {
		return errors.New("missing signature headers")
	}
	sv, err := slack.NewSecretsVerifier(header, secret)
	if err != nil {
		return err
	}
	if _, err := sv.Write(body); err != nil {
		return err
	}
	return sv.Ensure()
}

func (s *eventsHandler) serveEvent(w http.ResponseWriter, body []byte) {
	a := s.a
	outer, err := slackevents.ParseEvent(json.RawMessage(body), slackevents.OptionNoVerifyToken())
	if err != nil {
		// An event type slack-go does not know: acknowledge so Slack does
		// not retry something the bot cannot use.
		w.WriteHeader(http.StatusOK)
		return
	}
	switch outer.Type {
	case slackevents.URLVerification:
		var ch slackevents.ChallengeResponse
		if err := json.Unmarshal(body, &ch); err != nil {
			http.Error(w, "bad challenge", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, ch.Challenge)
	case slackevents.CallbackEvent:
		w.WriteHeader(http.StatusOK)
		a.handleAsync(s.ctx, s.h, s.track, func(ctx context.Context) (*bot.Event, *responder) { return a.fromEventsAPI(ctx, outer) })
	default:
		w.WriteHeader(http.StatusOK)
	}
}

func (s *eventsHandler) serveInteraction(w http.ResponseWriter, payload []byte) {
	a := s.a
	var ic slack.InteractionCallback
	if err := json.Unmarshal(payload, &ic); err != nil {
		http.Error(w, "malformed payload", http.StatusBadRequest)
		return
	}
	if ic.Type == slack.InteractionTypeViewSubmission {
		resp := a.serveSubmit(s.ctx, s.h, s.track, ic)
		if resp == nil {
			w.WriteHeader(http.StatusOK)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(resp)
		return
	}
	w.WriteHeader(http.StatusOK)
	a.handleAsync(s.ctx, s.h, s.track, func(ctx context.Context) (*bot.Event, *responder) { return a.fromInteraction(ctx, ic) })
}
