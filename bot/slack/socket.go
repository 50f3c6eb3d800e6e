package slack

import (
	"context"
	"fmt"
	"io"
	"log"
	"regexp"
	"sync"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"

	"github.com/ipdesk/ipdesk/bot"
)

// runSocket serves events over Socket Mode until ctx is done. slack-go
// reconnects by itself after a dropped socket; Run returns when the
// connection cannot be reopened (a rejected app token is permanent), so
// that the Bot shows Slack as down on the health status and retries with
// its own backoff instead of slack-go retrying unseen.
func (a *Adapter) runSocket(ctx context.Context, h bot.Handler) error {
	client := socketmode.New(a.client, socketmode.OptionLog(log.New(io.Discard, "", 0)))
	var wg sync.WaitGroup
	track := func(f func()) { wg.Go(f) }
	runCtx, cancel := context.WithCancel(ctx)
	defer wg.Wait()
	defer cancel()

	runErr := make(chan error, 1)
	wg.Go(func() { runErr <- client.RunContext(runCtx) })
	for {
		select {
		case err := <-runErr:
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if err != nil && authErrors[err.Error()] {
				return bot.Permanent(fmt.Errorf("slack: the app-level token was rejected (%s): check SLACK_APP_TOKEN and that Socket Mode is enabled", err))
			}
			return fmt.Errorf("slack socket mode: %w", err)
		case ev := <-client.Events:
			if ce, ok := ev.Data.(*slack.ConnectionErrorEvent); ok && ev.Type == socketmode.EventTypeConnectionError && ctx.Err() == nil {
				return fmt.Errorf("slack socket mode: cannot connect: %s", redactURLs(ce.Error()))
			}
			a.socketEvent(runCtx, client, h, track, ev)
		}
	}
}

// urlQuery matches the query of a URL in an error message: the Socket Mode
// URL carries a connection ticket that does not belong in logs.
var urlQuery = regexp.MustCompile(`\?[^\s"']+`)

func redactURLs(s string) string { return urlQuery.ReplaceAllString(s, "?…") }

// socketEvent acknowledges one Socket Mode event at once and hands the work
// to a goroutine, except a modal submission, whose acknowledgement carries
// the handler's field errors.
func (a *Adapter) socketEvent(ctx context.Context, client *socketmode.Client, h bot.Handler, track func(func()), ev socketmode.Event) {
	ack := func(payload any) {
		if ev.Request == nil {
			return
		}
		if err := client.AckCtx(ctx, ev.Request.EnvelopeID, payload); err != nil {
			a.log.Warn("socket mode ack failed", "err", err)
		}
	}
	if ctx.Err() != nil && (ev.Type == socketmode.EventTypeConnectionError || ev.Type == socketmode.EventTypeIncomingError) {
		// The connection ends because the adapter stops: not worth a warning.
		a.log.Debug("socket mode closed", "type", string(ev.Type))
		return
	}
	switch ev.Type {
	case socketmode.EventTypeConnected:
		a.connected.Store(true)
		a.log.Info("socket mode connected")
	case socketmode.EventTypeConnectionError:
		a.connected.Store(false)
		if ce, ok := ev.Data.(*slack.ConnectionErrorEvent); ok {
			a.log.Warn("socket mode connection failed; retrying", "attempt", ce.Attempt, "backoff", ce.Backoff, "err", redactURLs(ce.Error()))
		}
	case socketmode.EventTypeIncomingError, socketmode.EventTypeErrorBadMessage, socketmode.EventTypeErrorWriteFailed:
		a.log.Warn("socket mode error", "type", string(ev.Type))
	case socketmode.EventTypeEventsAPI:
		outer, ok := ev.Data.(slackevents.EventsAPIEvent)
		if !ok {
			ack(nil)
			return
		}
		a.handleAccepted(ctx, h, track, ack, func(ctx context.Context) (*bot.Event, *responder) { return a.fromEventsAPI(ctx, outer) })
	case socketmode.EventTypeSlashCommand:
		cmd, ok := ev.Data.(slack.SlashCommand)
		if !ok {
			ack(nil)
			return
		}
		a.handleAccepted(ctx, h, track, ack, func(ctx context.Context) (*bot.Event, *responder) { return a.fromSlashCommand(ctx, cmd) })
	case socketmode.EventTypeInteractive:
		ic, ok := ev.Data.(slack.InteractionCallback)
		if !ok {
			ack(nil)
			return
		}
		if ic.Type == slack.InteractionTypeViewSubmission {
			track(func() {
				if resp := a.serveSubmit(ctx, h, track, ic); resp != nil {
					ack(resp)
				} else {
					ack(nil)
				}
			})
			return
		}
		a.handleAccepted(ctx, h, track, ack, func(ctx context.Context) (*bot.Event, *responder) { return a.fromInteraction(ctx, ic) })
	}
}

// ackWithin is how long an envelope may wait for the Bot to keep its event
// before it is acknowledged anyway: Slack expects the acknowledgement
// within 3 seconds.
const ackWithin = 2 * time.Second

// handleAccepted handles one Socket Mode envelope in the background and
// acknowledges it once the Bot has kept its event (bot.Event.Accept), when
// handling ends, or after ackWithin, whichever comes first. An envelope
// whose process dies before it is kept is never acknowledged, so Slack
// sends it again, to another connection.
func (a *Adapter) handleAccepted(ctx context.Context, h bot.Handler, track func(func()), ack func(any), translate func(context.Context) (*bot.Event, *responder)) {
	accept := sync.OnceFunc(func() { ack(nil) })
	timer := time.AfterFunc(ackWithin, accept)
	track(func() {
		defer accept()
		defer timer.Stop()
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), handlerTimeout)
		defer cancel()
		if e, w := translate(ctx); e != nil {
			e.Accept = accept
			a.serve(ctx, h, e, w)
		}
	})
}
