// Package slack connects the bot to Slack: events arrive over Socket Mode
// (the default, no public URL needed) or the HTTP Events API, are translated
// into bot.Event, and bot.Reply is rendered as Block Kit messages and modals.
//
// Nothing outside this package knows about Slack. The package declares the
// narrow slackAPI interface over the slack-go client it calls, so every call
// site is visible in one place.
package slack

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/slack-go/slack"

	"github.com/ipdesk/ipdesk/bot"
)

// Config configures the Slack adapter.
type Config struct {
	// BotToken is the bot user OAuth token (xoxb-…). Required.
	BotToken string
	// AppToken is the app-level token (xapp-…) with connections:write, for
	// Socket Mode. Required unless HTTPAddr is set.
	AppToken string
	// HTTPAddr, when set, serves the HTTP Events API (events, slash
	// commands and interactivity on one listener) instead of Socket Mode.
	HTTPAddr string
	// Listener, when set in HTTP mode, is used instead of listening on
	// HTTPAddr (tests pass a listener on 127.0.0.1:0). Run closes it.
	Listener net.Listener
	// SigningSecret verifies HTTP requests. Required with HTTPAddr.
	SigningSecret string
	// APIURL overrides the Web API base, e.g. "https://slack-gov.com/api/".
	APIURL string
	// StaffGroups are Slack user group ids (S…) whose members are staff.
	StaffGroups []string
	// StaffRefresh is how often group membership is re-read; default 5 min.
	StaffRefresh time.Duration
	// Logger receives the adapter's logs; nil discards them.
	Logger *slog.Logger
	// Transport carries the Web API's HTTP requests (instrumentation,
	// proxies); nil means bot.NewTransport().
	Transport http.RoundTripper
}

// DefaultAPIURL is Slack's Web API base.
const DefaultAPIURL = "https://slack.com/api/"

// maxCachedDMs bounds the cache of DM channel ids (the least recently used
// are looked up again).
const maxCachedDMs = 10000

// handlerTimeout bounds the work done for one event after it was acked.
const handlerTimeout = 2 * time.Minute

// slackAPI is the part of the slack-go client the adapter uses.
type slackAPI interface {
	AuthTestContext(ctx context.Context) (*slack.AuthTestResponse, error)
	PostMessageContext(ctx context.Context, channelID string, options ...slack.MsgOption) (string, string, error)
	PostEphemeralContext(ctx context.Context, channelID, userID string, options ...slack.MsgOption) (string, error)
	UpdateMessageContext(ctx context.Context, channelID, timestamp string, options ...slack.MsgOption) (string, string, string, error)
	GetConversationHistoryContext(ctx context.Context, params *slack.GetConversationHistoryParameters) (*slack.GetConversationHistoryResponse, error)
	GetConversationRepliesContext(ctx context.Context, params *slack.GetConversationRepliesParameters) ([]slack.Message, bool, string, error)
	OpenViewContext(ctx context.Context, triggerID string, view slack.ModalViewRequest) (*slack.ViewResponse, error)
	OpenConversationContext(ctx context.Context, params *slack.OpenConversationParameters) (*slack.Channel, bool, bool, error)
	GetUserInfoContext(ctx context.Context, user string, options ...slack.GetUserInfoOption) (*slack.User, error)
	GetUserGroupMembersContext(ctx context.Context, userGroup string, options ...slack.GetUserGroupMembersOption) ([]string, error)
	GetFileContext(ctx context.Context, downloadURL string, writer io.Writer) error
	UploadFileContext(ctx context.Context, params slack.UploadFileParameters) (*slack.FileSummary, error)
}

var _ slackAPI = (*slack.Client)(nil)

// Adapter is the Slack adapter. It is safe for concurrent use.
type Adapter struct {
	cfg    Config
	client *slack.Client
	api    slackAPI
	log    *slog.Logger
	// page is how many messages one call asks for when reading a
	// conversation back (see Posted).
	page int

	mu      sync.Mutex
	botUser string // the bot's own user id, from auth.test
	botID   string // the bot's own bot id (B…), from auth.test
	dms     *bot.DMChannels
	names   map[string]string // user id → display name
	locales map[string]string // user id → Slack locale, from users.info
	staff   map[string]bool   // members of StaffGroups
	offers  *offers           // forms waiting behind "Open form" buttons
	// pressed remembers the triggers of "Open form" presses answered, so
	// a re-delivered press is dropped (see openOffered).
	pressed *bot.RecentIDs
	// listenAddr is where the HTTP Events API listens, once it does.
	listenAddr net.Addr

	connected atomic.Bool // the socket (or the HTTP listener) is up now
}

var (
	_ bot.Adapter   = (*Adapter)(nil)
	_ bot.Connector = (*Adapter)(nil)
	_ bot.Finder    = (*Adapter)(nil)
)

// Check reports every problem with the options at once, each a
// *bot.OptionError naming its field; nil when the adapter can be built.
// No error holds a token or a secret.
func (cfg Config) Check() error {
	var errs []error
	bad := func(option, problem string) {
		errs = append(errs, &bot.OptionError{Option: option, Err: errors.New(problem)})
	}
	httpMode := cfg.HTTPAddr != "" || cfg.Listener != nil
	switch {
	case cfg.BotToken == "":
		bad("BotToken", "a bot token (xoxb-…) is required")
	case !strings.HasPrefix(cfg.BotToken, "xoxb-"):
		bad("BotToken", "want a bot token starting with xoxb-")
	}
	switch {
	case !httpMode && cfg.AppToken == "":
		bad("AppToken", "required for Socket Mode (an xapp- token); or give an HTTP address and the app's signing secret for the HTTP Events API")
	case cfg.AppToken != "" && !strings.HasPrefix(cfg.AppToken, "xapp-"):
		bad("AppToken", "want an app-level token starting with xapp-")
	}
	if httpMode && cfg.SigningSecret == "" {
		bad("SigningSecret", "required with an HTTP address, to verify that requests come from Slack")
	}
	if cfg.APIURL != "" {
		if u, err := url.Parse(cfg.APIURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			bad("APIURL", "want an http or https URL such as "+DefaultAPIURL)
		}
	}
	return errors.Join(errs...)
}

// New checks cfg (see Check) and returns an adapter. It does not connect:
// Run does.
func New(cfg Config) (*Adapter, error) {
	if err := cfg.Check(); err != nil {
		return nil, fmt.Errorf("slack: %w", err)
	}
	if cfg.APIURL == "" {
		cfg.APIURL = DefaultAPIURL
	}
	if !strings.HasSuffix(cfg.APIURL, "/") {
		// slack-go appends method names directly to the base.
		cfg.APIURL += "/"
	}
	if cfg.StaffRefresh <= 0 {
		cfg.StaffRefresh = 5 * time.Minute
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if cfg.Transport == nil {
		cfg.Transport = bot.NewTransport()
	}
	retry := slack.DefaultRetryConfig()
	retry.MaxRetries = 3
	retry.RetryAfterJitter = 250 * time.Millisecond
	opts := []slack.Option{
		slack.OptionAPIURL(cfg.APIURL),
		slack.OptionHTTPClient(&http.Client{Timeout: 30 * time.Second, Transport: cfg.Transport}),
		slack.OptionRetryConfig(retry),
	}
	if cfg.AppToken != "" {
		opts = append(opts, slack.OptionAppLevelToken(cfg.AppToken))
	}
	client := slack.New(cfg.BotToken, opts...)
	return &Adapter{
		cfg:     cfg,
		client:  client,
		api:     client,
		log:     log.With("platform", bot.Slack),
		dms:     bot.NewDMChannels(maxCachedDMs),
		names:   map[string]string{},
		locales: map[string]string{},
		staff:   map[string]bool{},
		offers:  newOffers(offeredForms),
		pressed: bot.NewRecentIDs(offeredForms),
		page:    historyPage,
	}, nil
}

// Platform returns "slack".
func (a *Adapter) Platform() string { return bot.Slack }

// authErrors are the Slack errors that mean a token is wrong, not that
// Slack is briefly unavailable.
var authErrors = map[string]bool{
	"invalid_auth": true, "not_authed": true, "account_inactive": true,
	"token_revoked": true, "token_expired": true, "no_permission": true,
	"not_allowed_token_type": true, "missing_scope": true,
}

// Run checks the bot token, loads the staff groups, and serves events until
// ctx is done. A rejected token is a permanent error with one clear line.
func (a *Adapter) Run(ctx context.Context, h bot.Handler) error {
	auth, err := a.api.AuthTestContext(ctx)
	if err != nil {
		if authErrors[err.Error()] {
			return bot.Permanent(fmt.Errorf("slack: the bot token was rejected (%s): check SLACK_BOT_TOKEN", err))
		}
		return fmt.Errorf("slack auth.test: %w", err)
	}
	a.setSelf(auth)
	a.log.Info("connected", "team", auth.TeamID, "bot_user", auth.UserID)

	var wg sync.WaitGroup
	defer wg.Wait()
	defer a.connected.Store(false)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if len(a.cfg.StaffGroups) > 0 {
		a.refreshStaff(ctx)
		wg.Go(func() { a.keepStaffFresh(ctx) })
	}
	if a.cfg.HTTPAddr != "" || a.cfg.Listener != nil {
		return a.runHTTP(ctx, h)
	}
	return a.runSocket(ctx, h)
}

// Connected reports whether the Socket Mode connection (or, in HTTP mode,
// the listener) is up, for the bot's health status.
func (a *Adapter) Connected() bool { return a.connected.Load() }

// setSelf remembers who the bot is, as auth.test tells it.
func (a *Adapter) setSelf(auth *slack.AuthTestResponse) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.botUser, a.botID = auth.UserID, auth.BotID
}

// botUserID returns the bot's own user id.
func (a *Adapter) botUserID() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.botUser
}

// Send posts r to an address. "@USERID" channels are opened as DMs. A form
// cannot open without a click or command to answer, so it is posted behind
// an "Open form" button (only that user may press it in a DM to "@USERID").
func (a *Adapter) Send(ctx context.Context, to bot.Address, r bot.Reply) (bot.MessageRef, error) {
	if r.Ephemeral && !to.DM && !strings.HasPrefix(to.Channel, "@") {
		// Posting it publicly would show everyone what was meant for one.
		return bot.MessageRef{}, fmt.Errorf("slack send to %s: an ephemeral message needs a user; reply to their event instead", to)
	}
	ch, where, err := a.sentTo(ctx, to)
	if err != nil {
		return bot.MessageRef{}, err
	}
	if r.Form != nil {
		user, _ := strings.CutPrefix(to.Channel, "@")
		if user == to.Channel {
			user = ""
		}
		view, err := renderModal(r.Form, r.Text, where, user)
		if err != nil {
			return bot.MessageRef{}, err
		}
		r = a.withOffer(r, view, user)
	}
	_, ts, err := a.api.PostMessageContext(ctx, ch, a.messageOptions(r, to.Thread)...)
	if err != nil {
		return bot.MessageRef{}, apiError("chat.postMessage", err)
	}
	return bot.MessageRef{Where: where, ID: ts}, nil
}

// Edit replaces a message the bot posted (a review card after a decision).
func (a *Adapter) Edit(ctx context.Context, ref bot.MessageRef, r bot.Reply) error {
	if ref.ID == "" {
		return errors.New("slack edit: the message has no id (ephemeral messages cannot be edited)")
	}
	if r.Form != nil {
		return errors.New("slack edit: a message cannot become a form")
	}
	ch, err := a.channel(ctx, ref.Where)
	if err != nil {
		return err
	}
	opts := a.messageOptions(r, "")
	if _, _, _, err := a.api.UpdateMessageContext(ctx, ch, ref.ID, opts...); err != nil {
		return apiError("chat.update", err)
	}
	return nil
}

// sentTo resolves an address as Send does: the conversation id, and the
// address the references to messages posted there carry.
func (a *Adapter) sentTo(ctx context.Context, to bot.Address) (string, bot.Address, error) {
	ch, err := a.channel(ctx, to)
	if err != nil {
		return "", bot.Address{}, err
	}
	where := to
	where.Channel = ch
	where.DM = to.DM || strings.HasPrefix(ch, "D")
	return ch, where, nil
}

// channel resolves an address to a conversation id, opening (and caching)
// the DM for "@USERID".
func (a *Adapter) channel(ctx context.Context, to bot.Address) (string, error) {
	if to.Platform != "" && to.Platform != bot.Slack {
		return "", fmt.Errorf("slack: address %s is not on Slack", to)
	}
	user, ok := strings.CutPrefix(to.Channel, "@")
	if !ok {
		if to.Channel == "" {
			return "", errors.New("slack: empty channel")
		}
		return to.Channel, nil
	}
	return a.dms.Channel(ctx, user, func(ctx context.Context) (string, error) {
		c, _, _, err := a.api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{user}})
		if err != nil {
			return "", apiError("conversations.open", err)
		}
		return c.ID, nil
	})
}

// apiError names the Web API method in an error; slack-go's errors carry
// only Slack's code and never the token.
func apiError(method string, err error) error {
	return fmt.Errorf("slack %s: %w", method, err)
}
