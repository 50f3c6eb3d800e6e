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
		Handler:           &eventsHandler{a: a, h: h, ctx: ctx, track: func(f func()) { wg.Go(f) }},
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
	}
	errc := make(chan error, 1)
	wg.Go(func() { errc <- srv.Serve(ln) })
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

// eventsHandler is the HTTP endpoint Slack posts to. Every request must
// carry a valid signature and a timestamp within five minutes, or it is
// refused with 401 before anything is read from it.
type eventsHandler struct {
	a     *Adapter
	h     bot.Handler
	ctx   context.Context // Run's context: work outlives the request
	track func(func())
}

func (s *eventsHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a := s.a
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRequestBody))
	if err != nil {
		http.Error(w, "request too large", http.StatusRequestEntityTooLarge)
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
