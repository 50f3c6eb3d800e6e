package discordfake_test

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/ipdesk/ipdesk/bot/discord/discordfake"
	"github.com/ipdesk/ipdesk/internal/testclock"
)

// rewrite sends discordgo's requests for discord.com to the fake.
type rewrite struct{ base *url.URL }

func (rt rewrite) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Host == "discord.com" {
		r = r.Clone(r.Context())
		r.URL.Scheme, r.URL.Host, r.Host = rt.base.Scheme, rt.base.Host, ""
	}
	return http.DefaultTransport.RoundTrip(r)
}

func session(t *testing.T, srv *discordfake.Server, intents discordgo.Intent) *discordgo.Session {
	t.Helper()
	s, err := discordgo.New("Bot " + srv.Config().Token)
	if err != nil {
		t.Fatal(err)
	}
	base, _ := url.Parse(srv.URL)
	s.Client = &http.Client{Transport: rewrite{base}, Timeout: 5 * time.Second}
	s.Identify.Intents = intents
	s.ShouldReconnectOnError = false
	s.LogLevel = -1
	s.SyncEvents = true
	return s
}

func TestReadyAndDM(t *testing.T) {
	t.Parallel()
	srv := discordfake.New(t, discordfake.Config{})
	s := session(t, srv, discordgo.IntentsDirectMessages|discordgo.IntentsGuildMessages)
	got := make(chan *discordgo.MessageCreate, 4)
	s.AddHandler(func(_ *discordgo.Session, m *discordgo.MessageCreate) { got <- m })
	if err := s.Open(); err != nil {
		t.Fatal(err)
	}
	if !s.State.User.Bot || s.State.User.ID != srv.Config().BotID {
		t.Fatalf("READY user = %+v", s.State.User)
	}
	srv.SendDM(discordfake.User{ID: "U1"}, "hello")
	m := <-got
	if m.Content != "hello" || m.GuildID != "" || m.Author.ID != "U1" {
		t.Fatalf("dm = %+v", m.Message)
	}
	// Guild message without the bot mentioned and without MESSAGE_CONTENT:
	// Discord strips the content.
	srv.SendMessage(discordfake.User{ID: "U1", Roles: []string{"R1"}}, "C1", "secret")
	m = <-got
	if m.Content != "" || m.GuildID == "" || m.Member == nil || m.Member.Roles[0] != "R1" {
		t.Fatalf("guild message = %+v", m.Message)
	}
	srv.SendMessage(discordfake.User{ID: "U1"}, "C1", srv.Mention()+" hi")
	m = <-got
	if !strings.HasSuffix(m.Content, " hi") || len(m.Mentions) != 1 {
		t.Fatalf("mention = %+v", m.Message)
	}
	srv.Close() // ends the session from the fake side
}

func TestIntentChecks(t *testing.T) {
	t.Parallel()
	srv := discordfake.New(t, discordfake.Config{})
	s := session(t, srv, discordgo.IntentsGuilds|discordgo.IntentsMessageContent)
	err := s.Open()
	if err == nil || !strings.Contains(err.Error(), "4014") {
		t.Fatalf("privileged intent without portal switch: err = %v", err)
	}
	s = session(t, srv, 1<<30)
	if err := s.Open(); err == nil || !strings.Contains(err.Error(), "4013") {
		t.Fatalf("invalid intent: err = %v", err)
	}
	ok := discordfake.New(t, discordfake.Config{Privileged: discordfake.IntentMessageContent})
	s = session(t, ok, discordgo.IntentsGuilds|discordgo.IntentsMessageContent)
	if err := s.Open(); err != nil {
		t.Fatalf("enabled privileged intent refused: %v", err)
	}
	if got := ok.Gateway().Intents; got != int(discordgo.IntentsGuilds|discordgo.IntentsMessageContent) {
		t.Fatalf("intents = %b", got)
	}
	ok.Close()
}

func TestRateLimitRetried(t *testing.T) {
	t.Parallel()
	srv := discordfake.New(t, discordfake.Config{})
	s := session(t, srv, 0)
	srv.Inject(discordfake.Fault{Route: discordfake.RouteMessageCreate, Status: 429, RetryAfter: 150 * time.Millisecond})
	if _, err := s.ChannelMessageSend("C1", "hi"); err != nil {
		t.Fatal(err)
	}
	calls := srv.Calls(discordfake.RouteMessageCreate)
	if len(calls) != 2 || calls[0].Status != 429 || calls[1].Status != 200 {
		t.Fatalf("calls = %+v", calls)
	}
	if gap := calls[1].At.Sub(calls[0].At); gap < 150*time.Millisecond {
		t.Fatalf("retried after %v, before retry_after", gap)
	}
	if msgs := srv.Messages("C1"); len(msgs) != 1 || msgs[0].Content != "hi" {
		t.Fatalf("messages = %+v", msgs)
	}
}

func TestInteractionDeadline(t *testing.T) {
	t.Parallel()
	clk := testclock.New(time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC))
	srv := discordfake.New(t, discordfake.Config{Now: clk.Now})
	s := session(t, srv, 0)
	got := make(chan *discordgo.InteractionCreate, 1)
	s.AddHandler(func(_ *discordgo.Session, i *discordgo.InteractionCreate) { got <- i })
	if err := s.Open(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ApplicationCommandBulkOverwrite(srv.Config().AppID, "", []*discordgo.ApplicationCommand{{
		Name: "ask", Description: "Ask a question",
		Options: []*discordgo.ApplicationCommandOption{{Type: discordgo.ApplicationCommandOptionString, Name: "question", Description: "The question", Required: true}},
	}}); err != nil {
		t.Fatal(err)
	}
	srv.Slash(discordfake.User{ID: "U1"}, "C1", "ask", map[string]any{"question": "why?"})
	i := <-got
	if i.ApplicationCommandData().Options[0].StringValue() != "why?" {
		t.Fatalf("options = %+v", i.ApplicationCommandData().Options)
	}
	// Discord's three seconds pass, and a millisecond more.
	clk.Advance(3*time.Second + time.Millisecond)
	err := s.InteractionRespond(i.Interaction, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: &discordgo.InteractionResponseData{Content: "late"}})
	var rest *discordgo.RESTError
	if !errors.As(err, &rest) || rest.Message == nil || rest.Message.Code != 10062 {
		t.Fatalf("late response: err = %v", err)
	}
	srv.Close()
}

// TestCommandRules refuses registrations Discord refuses (a subcommand
// mixed with plain options, permissions that are not a bit set) and
// delivers a subcommand's options nested under it, as Discord does.
func TestCommandRules(t *testing.T) {
	t.Parallel()
	srv := discordfake.New(t, discordfake.Config{})
	s := session(t, srv, 0)
	got := make(chan *discordgo.InteractionCreate, 1)
	s.AddHandler(func(_ *discordgo.Session, i *discordgo.InteractionCreate) { got <- i })
	if err := s.Open(); err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	app := srv.Config().AppID
	sub := &discordgo.ApplicationCommandOption{
		Type: discordgo.ApplicationCommandOptionSubCommand, Name: "gaps", Description: "Unanswered questions",
		Options: []*discordgo.ApplicationCommandOption{{Type: discordgo.ApplicationCommandOptionInteger, Name: "limit", Description: "How many", MinValue: new(float64(1)), MaxValue: 100}},
	}
	plain := &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionString, Name: "text", Description: "Text"}
	for _, bad := range []*discordgo.ApplicationCommand{
		{Name: "kb", Description: "Knowledge base", Options: []*discordgo.ApplicationCommandOption{sub, plain}},
		{Name: "kb", Description: "Knowledge base", Options: []*discordgo.ApplicationCommandOption{{
			Type: discordgo.ApplicationCommandOptionSubCommand, Name: "gaps", Description: "Gaps", Options: []*discordgo.ApplicationCommandOption{sub}}}},
	} {
		_, err := s.ApplicationCommandBulkOverwrite(app, "", []*discordgo.ApplicationCommand{bad})
		var rest *discordgo.RESTError
		if !errors.As(err, &rest) || rest.Response.StatusCode != 400 {
			t.Errorf("registering %+v: err = %v, want 400", bad.Options, err)
		}
	}
	// default_member_permissions must be a decimal string.
	if _, err := s.ApplicationCommandBulkOverwrite(app, "", []*discordgo.ApplicationCommand{{
		Name: "kb", Description: "Knowledge base", DefaultMemberPermissions: new(int64(0)),
		Options: []*discordgo.ApplicationCommandOption{sub},
	}}); err != nil {
		t.Fatal(err)
	}
	if c := srv.Commands(""); len(c) != 1 || c[0].DefaultMemberPermissions == nil || *c[0].DefaultMemberPermissions != "0" {
		t.Fatalf("registered %+v", c)
	}
	srv.Slash(discordfake.User{ID: "U1"}, "C1", "kb gaps", map[string]any{"limit": "5"})
	d := (<-got).ApplicationCommandData()
	if len(d.Options) != 1 || d.Options[0].Name != "gaps" || d.Options[0].Type != discordgo.ApplicationCommandOptionSubCommand ||
		len(d.Options[0].Options) != 1 || d.Options[0].Options[0].IntValue() != 5 {
		t.Fatalf("options = %+v", d.Options)
	}
}

func restCode(err error) int {
	var rest *discordgo.RESTError
	if !errors.As(err, &rest) || rest.Message == nil {
		return 0
	}
	return rest.Message.Code
}

// TestInteractionAnsweredOnce holds the fake to Discord's rules for one
// interaction: one initial response (a second gets 40060, whatever its
// type), a token that follow-ups may use for 15 minutes (then 50027), an
// initial response only within 3 seconds (then 10062), and a replay that
// brings the same id and token again.
func TestInteractionAnsweredOnce(t *testing.T) {
	t.Parallel()
	clk := testclock.New(time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC))
	srv := discordfake.New(t, discordfake.Config{Now: clk.Now})
	s := session(t, srv, 0)
	got := make(chan *discordgo.InteractionCreate, 4)
	s.AddHandler(func(_ *discordgo.Session, i *discordgo.InteractionCreate) { got <- i })
	if err := s.Open(); err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	if _, err := s.ApplicationCommandBulkOverwrite(srv.Config().AppID, "", []*discordgo.ApplicationCommand{{Name: "status", Description: "Status"}}); err != nil {
		t.Fatal(err)
	}
	u := discordfake.User{ID: "U1"}
	ix := srv.Slash(u, "C1", "status", nil)
	first := <-got

	// A replay carries the same interaction.
	srv.Redeliver(ix)
	again := <-got
	if again.ID != first.ID || again.Token != first.Token || again.ApplicationCommandData().Name != "status" {
		t.Fatalf("replay = %s/%s, want %s/%s", again.ID, again.Token, first.ID, first.Token)
	}

	msg := func(text string) *discordgo.InteractionResponse {
		return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: &discordgo.InteractionResponseData{Content: text}}
	}
	// Following up before any response: the webhook does not exist yet.
	if _, err := s.FollowupMessageCreate(first.Interaction, true, &discordgo.WebhookParams{Content: "early"}); restCode(err) != 10015 {
		t.Fatalf("follow-up before the response: err = %v, want 10015", err)
	}
	if err := s.InteractionRespond(again.Interaction, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}); err != nil {
		t.Fatal(err)
	}
	for _, resp := range []*discordgo.InteractionResponse{msg("second"), {Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}} {
		if err := s.InteractionRespond(first.Interaction, resp); restCode(err) != 40060 {
			t.Fatalf("second initial response (type %d): err = %v, want 40060", resp.Type, err)
		}
	}
	clk.Advance(14 * time.Minute)
	if _, err := s.FollowupMessageCreate(first.Interaction, true, &discordgo.WebhookParams{Content: "follow-up"}); err != nil {
		t.Fatalf("follow-up within 15 minutes: %v", err)
	}
	clk.Advance(2 * time.Minute)
	if _, err := s.FollowupMessageCreate(first.Interaction, true, &discordgo.WebhookParams{Content: "too late"}); restCode(err) != 50027 {
		t.Fatalf("follow-up after 16 minutes: err = %v, want 50027", err)
	}
	if _, err := s.InteractionResponseEdit(first.Interaction, &discordgo.WebhookEdit{Content: new("too late")}); restCode(err) != 50027 {
		t.Fatalf("edit after 16 minutes: err = %v, want 50027", err)
	}
	if f := srv.Followups(ix); len(f) != 1 || f[0].Content != "follow-up" {
		t.Errorf("follow-ups = %+v, want the one sent in time", f)
	}

	// A new interaction left unanswered for more than 3 seconds.
	late := srv.Slash(u, "C1", "status", nil)
	li := <-got
	clk.Advance(3*time.Second + time.Millisecond)
	if err := s.InteractionRespond(li.Interaction, msg("late")); restCode(err) != 10062 {
		t.Fatalf("response after 3 s: err = %v, want 10062", err)
	}
	if _, err := s.FollowupMessageCreate(li.Interaction, true, &discordgo.WebhookParams{Content: "late"}); restCode(err) != 10015 {
		t.Fatalf("follow-up of an interaction never acknowledged: err = %v, want 10015", err)
	}
	if f := srv.Followups(late); len(f) != 0 {
		t.Errorf("the late interaction has follow-ups %+v", f)
	}
}

// TestHoldKeepsACallWaiting: a held call is seen waiting and answered once
// released.
func TestHoldKeepsACallWaiting(t *testing.T) {
	t.Parallel()
	srv := discordfake.New(t, discordfake.Config{})
	s := session(t, srv, 0)
	release := make(chan struct{})
	srv.Inject(discordfake.Fault{Route: discordfake.RouteMessageCreate, Channel: "C2", Hold: release})
	if _, err := s.ChannelMessageSend("C1", "other channel"); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := s.ChannelMessageSend("C2", "held")
		done <- err
	}()
	if c := srv.WaitPending(discordfake.RouteMessageCreate, 5*time.Second); c.Param("channel") != "C2" {
		t.Fatalf("waiting call in %s, want C2", c.Param("channel"))
	}
	select {
	case err := <-done:
		t.Fatalf("held call answered before release: %v", err)
	case <-time.After(50 * time.Millisecond):
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if m := srv.Messages("C2"); len(m) != 1 || m[0].Content != "held" {
		t.Errorf("messages = %+v", m)
	}
}

// TestMessageList reads a channel's history as Discord lists it: every
// message, the bot's and users', newest first, paged with limit and
// before, after or around; users' content withheld without the message
// content intent unless they mention the bot; no ephemeral messages; and
// each message stamped with the time it was posted.
func TestMessageList(t *testing.T) {
	t.Parallel()
	start := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	clk := testclock.New(start)
	srv := discordfake.New(t, discordfake.Config{Now: clk.Now})
	s := session(t, srv, discordgo.IntentsGuildMessages)
	got := make(chan *discordgo.InteractionCreate, 1)
	s.AddHandler(func(_ *discordgo.Session, i *discordgo.InteractionCreate) { got <- i })
	if err := s.Open(); err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	if _, err := s.ApplicationCommandBulkOverwrite(srv.Config().AppID, "", []*discordgo.ApplicationCommand{{Name: "status", Description: "Status"}}); err != nil {
		t.Fatal(err)
	}
	seller := discordfake.User{ID: "111", Name: "seller"}

	// 60 messages a second apart: the bot's, with a seller's every tenth.
	var ids []string // oldest first
	for i := range 60 {
		if i%10 == 5 {
			text := "a question"
			if i == 25 {
				text = srv.Mention() + " a question for the bot"
			}
			ids = append(ids, srv.SendMessage(seller, "C1", text))
		} else {
			m, err := s.ChannelMessageSend("C1", "notice "+strconv.Itoa(i))
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, m.ID)
		}
		clk.Advance(time.Second)
	}
	// An ephemeral answer is seen by one user, never in the channel.
	srv.Slash(seller, "C1", "status", nil)
	if err := s.InteractionRespond((<-got).Interaction, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Content: "only for the seller", Flags: discordgo.MessageFlagsEphemeral}}); err != nil {
		t.Fatal(err)
	}

	want := func(what string, got []*discordgo.Message, from, to int) {
		t.Helper()
		var gotIDs, wantIDs []string
		for _, m := range got {
			gotIDs = append(gotIDs, m.ID)
		}
		for i := to; i >= from; i-- {
			wantIDs = append(wantIDs, ids[i])
		}
		if strings.Join(gotIDs, " ") != strings.Join(wantIDs, " ") {
			t.Errorf("%s: ids %v, want %v (messages %d down to %d)", what, gotIDs, wantIDs, to, from)
		}
	}
	list := func(limit int, before, after, around string) []*discordgo.Message {
		t.Helper()
		got, err := s.ChannelMessages("C1", limit, before, after, around)
		if err != nil {
			t.Fatalf("list limit=%d before=%q after=%q around=%q: %v", limit, before, after, around, err)
		}
		return got
	}

	want("no limit: the newest 50", list(0, "", "", ""), 10, 59)
	want("limit 3", list(3, "", "", ""), 57, 59)
	want("100 of 60", list(100, "", "", ""), 0, 59)
	want("before", list(4, ids[20], "", ""), 16, 19)
	want("before the first", list(4, ids[0], "", ""), 1, 0)
	want("after: the oldest after, newest first", list(4, "", ids[20], ""), 21, 24)
	want("after the last", list(4, "", ids[59], ""), 1, 0)
	want("around", list(4, "", "", ids[30]), 28, 31)

	// What each message says, and when it was posted.
	byID := map[string]*discordgo.Message{}
	for _, m := range list(100, "", "", "") {
		byID[m.ID] = m
	}
	for i, id := range ids {
		m := byID[id]
		if at := start.Add(time.Duration(i) * time.Second); !m.Timestamp.Equal(at) {
			t.Errorf("message %d posted at %v, want %v", i, m.Timestamp, at)
		}
		switch {
		case i == 25:
			if m.Author.ID != seller.ID || !strings.HasSuffix(m.Content, "a question for the bot") {
				t.Errorf("a seller's mention of the bot: %+v", m)
			}
		case i%10 == 5:
			if m.Author.ID != seller.ID || m.Content != "" {
				t.Errorf("a seller's message without the content intent: author %+v, content %q", m.Author, m.Content)
			}
		default:
			if m.Author.ID != srv.Config().BotID || !m.Author.Bot || m.Content != "notice "+strconv.Itoa(i) {
				t.Errorf("the bot's message %d: author %+v, content %q", i, m.Author, m.Content)
			}
		}
	}
	if len(byID) != 60 {
		t.Errorf("%d messages listed, want 60 and no ephemeral answer", len(byID))
	}

	// Discord's bounds.
	for _, bad := range []struct {
		limit                 int
		before, after, around string
	}{
		{limit: 101},
		{limit: -1},
		{before: "not-a-snowflake"},
		{before: ids[10], after: ids[5]},
	} {
		_, err := s.ChannelMessages("C1", bad.limit, bad.before, bad.after, bad.around)
		if bad.limit < 0 {
			// discordgo leaves out a limit below 1; ask for 0 by hand.
			_, err = s.RequestWithBucketID("GET", discordgo.EndpointChannelMessages("C1")+"?limit=0", nil, discordgo.EndpointChannelMessages("C1"))
		}
		if restCode(err) != 50035 {
			t.Errorf("list %+v: err = %v, want 400 with code 50035", bad, err)
		}
	}
	if got, err := s.ChannelMessages("C9", 10, "", "", ""); err != nil || len(got) != 0 {
		t.Errorf("a channel nobody wrote in: %d messages, err = %v", len(got), err)
	}
}
