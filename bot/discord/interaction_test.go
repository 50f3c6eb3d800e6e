package discord_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/discord"
	"github.com/ipdesk/ipdesk/bot/discord/discordfake"
	"github.com/ipdesk/ipdesk/internal/testclock"
)

func TestSlashCommandsRegistered(t *testing.T) {
	t.Parallel()
	e := start(t, bot.HandlerFunc(func(context.Context, bot.ResponseWriter, *bot.Event) error { return nil }), options{})
	got := e.srv.Commands("")
	var names []string
	for _, c := range got {
		names = append(names, c.Name)
	}
	var want []string
	for _, c := range testCommands {
		want = append(want, c.Name)
	}
	if !slices.Equal(names, want) {
		t.Fatalf("registered %q, want exactly the bot's commands %q", names, want)
	}
	for i, c := range got {
		bc := testCommands[i]
		if wantDesc := strings.ToUpper(bc.Summary[:1]) + bc.Summary[1:]; c.Description != wantDesc {
			t.Errorf("/%s description %q, want its summary %q", c.Name, c.Description, wantDesc)
		}
		// Staff commands are hidden from members (only administrators and
		// whom they allow see them); everyone else's are not restricted.
		if staff := c.DefaultMemberPermissions != nil && *c.DefaultMemberPermissions == "0"; staff != bc.Staff {
			t.Errorf("/%s default_member_permissions %v, staff %v", c.Name, c.DefaultMemberPermissions, bc.Staff)
		}
		if !bc.Staff && c.DefaultMemberPermissions != nil {
			t.Errorf("/%s is restricted to permissions %q", c.Name, *c.DefaultMemberPermissions)
		}
	}

	// Options: typed, described, required only where the command cannot do
	// without them.
	type opt struct {
		name     string
		typ      int
		required bool
	}
	wantOpts := map[string][]opt{
		"ask":      {{"question", discordfake.OptionString, true}},
		"case":     {{"reference", discordfake.OptionString, true}},
		"check":    {{"text", discordfake.OptionString, true}},
		"export":   {{"arguments", discordfake.OptionString, false}},
		"kb":       {{"gaps", discordfake.OptionSubCommand, false}},
		"withdraw": {{"reference", discordfake.OptionString, false}},
	}
	for _, c := range got {
		var have []opt
		for _, o := range c.Options {
			have = append(have, opt{o.Name, o.Type, o.Required})
			if o.Description == "" {
				t.Errorf("/%s %s has no description", c.Name, o.Name)
			}
		}
		if !slices.Equal(have, wantOpts[c.Name]) {
			t.Errorf("/%s options %+v, want %+v", c.Name, have, wantOpts[c.Name])
		}
	}
	kb := got[slices.Index(names, "kb")].Options[0].Options
	if len(kb) != 1 || kb[0].Name != "limit" || kb[0].Type != discordfake.OptionInteger || kb[0].Required ||
		kb[0].MinValue == nil || *kb[0].MinValue != 1 || kb[0].MaxValue == nil || *kb[0].MaxValue != 100 {
		t.Errorf("/kb gaps options = %+v, want an optional integer limit from 1 to 100", kb)
	}
	if export := got[slices.Index(names, "export")].Options[0]; !strings.Contains(export.Description, "FROM TO") {
		t.Errorf("/export arguments described as %q, want its usage", export.Description)
	}

	guild := start(t, bot.HandlerFunc(func(context.Context, bot.ResponseWriter, *bot.Event) error { return nil }),
		options{adapter: discord.Config{GuildID: "800000000000000001"}})
	if n := len(guild.srv.Commands("800000000000000001")); n != len(testCommands) {
		t.Errorf("%d commands in the guild, want %d", n, len(testCommands))
	}
	if n := len(guild.srv.Commands("")); n != 0 {
		t.Errorf("%d global commands with a guild configured, want 0", n)
	}
}

// TestSlashCommandsFromTheList registers what the command list says at the
// time of connecting, leaves out names Discord refuses rather than failing
// the whole registration, and fits long summaries in Discord's 100
// characters.
func TestSlashCommandsFromTheList(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var list []bot.Command // filled after the adapter is built, as ipdesk's Mux is
	cfg := discord.Config{Commands: func() []bot.Command {
		mu.Lock()
		defer mu.Unlock()
		return list
	}}
	mu.Lock()
	list = []bot.Command{
		{Name: "help", Summary: "show what I can do"},
		{Name: "Bad Name", Summary: "not a valid slash command name"},
		{Name: "report", Summary: strings.Repeat("a long summary ", 20)},
	}
	mu.Unlock()
	e := start(t, bot.HandlerFunc(func(context.Context, bot.ResponseWriter, *bot.Event) error { return nil }), options{adapter: cfg})
	got := e.srv.Commands("")
	if len(got) != 2 || got[0].Name != "help" || got[1].Name != "report" {
		t.Fatalf("registered %+v, want help and report", got)
	}
	if d := got[1].Description; len([]rune(d)) != 100 || !strings.HasPrefix(d, "A long summary") || !strings.HasSuffix(d, "…") {
		t.Errorf("long summary registered as %q", d)
	}
}

// TestSlashArgsReachHandler runs every command as a member would and checks
// the handler gets the same command and arguments as from a typed line.
func TestSlashArgsReachHandler(t *testing.T) {
	t.Parallel()
	s := newSeen()
	e := start(t, reply(s, func(e *bot.Event) bot.Reply { return bot.Reply{Text: "ok"} }), options{})
	dm := e.srv.DMChannel(staffer.ID)
	for _, tc := range []struct {
		slash, command, args string
		opts                 map[string]any
	}{
		{"ask", "ask", "Can I sell parallel imports?", map[string]any{"question": "Can I sell parallel imports?"}},
		{"case", "case", "IPD-7K3Q9", map[string]any{"reference": "IPD-7K3Q9"}},
		{"check", "check", "Silicone case compatible with iPhone 16", map[string]any{"text": "Silicone case compatible with iPhone 16"}},
		{"complain", "complain", "", nil},
		{"export", "export", "2024-01-01 2024-12-31", map[string]any{"arguments": "2024-01-01 2024-12-31"}},
		{"help", "help", "", nil},
		{"kb gaps", "kb", "gaps", nil},
		{"kb gaps", "kb", "gaps 5", map[string]any{"limit": "5"}},
		{"queue", "queue", "", nil},
		{"status", "status", "", nil},
		{"withdraw", "withdraw", "", nil},
		{"withdraw", "withdraw", "IPD-7K3Q9", map[string]any{"reference": " IPD-7K3Q9 "}},
	} {
		ix := e.srv.Slash(staffer, dm, tc.slash, tc.opts)
		ev := s.next(t)
		if ev.Kind != bot.KindCommand || ev.Command != tc.command || ev.Args != tc.args {
			t.Errorf("/%s %v reached the handler as %q %q, want %q %q", tc.slash, tc.opts, ev.Command, ev.Args, tc.command, tc.args)
		}
		if got := e.srv.Reply(ix, wait).Message.Display(); got != "ok" {
			t.Errorf("/%s: user saw %q", tc.slash, got)
		}
	}
}

func TestSlashAsk(t *testing.T) {
	t.Parallel()
	s := newSeen()
	e := start(t, reply(s, func(e *bot.Event) bot.Reply { return bot.Reply{Text: "Here is what the knowledge base says."} }), options{})
	ix := e.srv.Slash(seller, "5001", "ask", map[string]any{"question": "Can I sell parallel imports in the EU?"})
	ev := s.next(t)
	if ev.Kind != bot.KindCommand || ev.Command != "ask" || ev.Args != "Can I sell parallel imports in the EU?" {
		t.Errorf("event = %v %q %q", ev.Kind, ev.Command, ev.Args)
	}
	if ev.ID != "discord:"+ix.ID || ev.Where.Channel != "5001" || ev.Where.DM {
		t.Errorf("event id %q where %+v", ev.ID, ev.Where)
	}
	r := e.srv.Reply(ix, wait)
	if r.Type != discordfake.ResponseMessage || r.Deferred || r.Message.Ephemeral() {
		t.Errorf("reply type %d deferred %v flags %d", r.Type, r.Deferred, r.Message.Flags)
	}
	if r.Message.Display() != "Here is what the knowledge base says." {
		t.Errorf("user saw %q", r.Message.Display())
	}
}

func TestSlashInDM(t *testing.T) {
	t.Parallel()
	s := newSeen()
	e := start(t, reply(s, func(e *bot.Event) bot.Reply { return bot.Reply{Text: "Args: " + e.Args} }), options{})
	ix := e.srv.Slash(staffer, e.srv.DMChannel(staffer.ID), "kb gaps", map[string]any{"limit": "14"})
	ev := s.next(t)
	if !ev.Where.DM || ev.Command != "kb" || ev.Args != "gaps 14" {
		t.Errorf("event = %+v", ev)
	}
	if got := e.srv.Reply(ix, wait).Message.Display(); got != "Args: gaps 14" {
		t.Errorf("user saw %q", got)
	}
}

func TestSlowHandlerDeferredThenFollowedUp(t *testing.T) {
	t.Parallel()
	clk := testclock.New(time.Now())
	release := make(chan struct{})
	e := start(t, bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		<-release
		if _, err := w.Reply(ctx, bot.Reply{Text: "First part"}); err != nil {
			return err
		}
		_, err := w.Reply(ctx, bot.Reply{Text: "Second part", Ephemeral: true})
		return err
	}), options{
		fake:    discordfake.Config{Now: clk.Now},
		adapter: discord.Config{DeferAfter: 100 * time.Millisecond},
	})
	ix := e.srv.Slash(seller, "5001", "help", nil)
	cb := e.srv.WaitCall(discordfake.RouteCallback, wait)
	if cb.CallbackType() != discordfake.ResponseDeferredMessage {
		t.Fatalf("initial response type %d, want a deferral (5)", cb.CallbackType())
	}
	// The handler answers after Discord's deadline for an initial
	// response (3 s), within the token's 15 minutes.
	clk.Advance(4 * time.Second)
	close(release)
	r := e.srv.Reply(ix, wait)
	if !r.Deferred || r.Message.Display() != "First part" {
		t.Errorf("reply = %+v", r)
	}
	f := e.srv.WaitFollowups(ix, 1, wait)
	if f[0].Display() != "Second part" || !f[0].Ephemeral() {
		t.Errorf("follow-up %q flags %d", f[0].Display(), f[0].Flags)
	}
	if n := len(e.srv.Calls(discordfake.RouteCallback)); n != 1 {
		t.Errorf("%d interaction callbacks, want 1", n)
	}
}

func TestDeferredEphemeralReplacesThinkingMessage(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	e := start(t, bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		<-release
		_, err := w.Reply(ctx, bot.Reply{Text: "Only you see this", Ephemeral: true})
		return err
	}), options{adapter: discord.Config{DeferAfter: 50 * time.Millisecond}})
	ix := e.srv.Slash(seller, "5001", "status", nil)
	// The handler answers once the public "thinking" message is up.
	if cb := e.srv.WaitCall(discordfake.RouteCallback, wait); cb.CallbackType() != discordfake.ResponseDeferredMessage {
		t.Fatalf("initial response type %d, want a deferral (5)", cb.CallbackType())
	}
	close(release)
	f := e.srv.WaitFollowups(ix, 1, wait)
	if !f[0].Ephemeral() || f[0].Display() != "Only you see this" {
		t.Errorf("follow-up = %+v", f[0])
	}
	e.srv.WaitCall(discordfake.RouteWebhookDelete, wait)
	for _, m := range e.srv.Messages("5001") {
		if !m.Ephemeral() {
			t.Errorf("public message left in the channel: %q", m.Display())
		}
	}
}

// review is a small staff review flow: a card with buttons, a modal to
// approve, the card edited after the decision.
type review struct {
	mu     sync.Mutex
	a      bot.Sender
	events []*bot.Event
}

func (rv *review) handler() bot.Handler {
	mux := bot.NewMux()
	mux.HandleAction("review.approve", bot.RequireStaff(bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		rv.record(e)
		_, err := w.Reply(ctx, bot.Reply{Form: &bot.Form{
			ID: "review.approve", Title: "Approve " + e.Action.Value, Submit: "Approve", Value: e.Action.Value + "|" + e.Source.String(),
			Inputs: []bot.Input{
				{ID: "amount", Label: "Compensation (USD)", Required: true, MaxLen: 10},
				{ID: "reason", Label: "Reason", Kind: bot.InputSelect, Required: true, Options: []bot.Option{
					{Label: "Counterfeit confirmed", Value: "counterfeit"}, {Label: "Trademark misuse", Value: "trademark"},
				}},
				{ID: "note", Label: "Note to the consumer", Kind: bot.InputParagraph},
			},
		}})
		return err
	})))
	mux.HandleForm("review.approve", bot.RequireStaff(bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		rv.record(e)
		if strings.TrimSpace(e.Form.Fields["amount"]) == "0" {
			return &bot.FormError{Fields: map[string]string{"amount": "must be more than 0"}}
		}
		err := rv.a.Edit(ctx, e.Source, bot.Reply{Text: "Complaint C-1: **approved** by staff", Fields: []bot.Field{{Label: "Compensation", Value: e.Form.Fields["amount"] + " USD"}}})
		if err != nil {
			return err
		}
		_, err = w.Reply(ctx, bot.Reply{Text: "Decision recorded.", Ephemeral: true})
		return err
	})))
	return mux
}

func (rv *review) record(e *bot.Event) {
	rv.mu.Lock()
	defer rv.mu.Unlock()
	c := *e
	rv.events = append(rv.events, &c)
}

func (rv *review) last() *bot.Event {
	rv.mu.Lock()
	defer rv.mu.Unlock()
	if len(rv.events) == 0 {
		return nil
	}
	return rv.events[len(rv.events)-1]
}

func postCard(t *testing.T, e *env) discordfake.MessageView {
	t.Helper()
	ref, err := e.a.Send(context.Background(), bot.Address{Platform: bot.Discord, Channel: "7001"}, bot.Reply{
		Text:    "Complaint C-1: counterfeit sneakers",
		Buttons: []bot.Button{{ID: "review.approve", Label: "Approve", Value: "C-1", Style: bot.StylePrimary}, {ID: "review.reject", Label: "Reject", Value: "C-1", Style: bot.StyleDanger}},
	})
	if err != nil {
		t.Fatal(err)
	}
	card, ok := e.srv.Message("7001", ref.ID)
	if !ok {
		t.Fatalf("card %s not in the channel", ref.ID)
	}
	return card
}

func TestStaffApprovesWithButtonAndModal(t *testing.T) {
	t.Parallel()
	rv := &review{}
	e := start(t, rv.handler(), options{adapter: discord.Config{StaffRoles: []string{"77"}}})
	rv.a = e.a
	card := postCard(t, e)

	click := e.srv.Click(staffer, "7001", card.ID, "Approve")
	r := e.srv.Reply(click, wait)
	if r.Type != discordfake.ResponseModal || r.Modal == nil {
		t.Fatalf("click answered with type %d, want a modal", r.Type)
	}
	ev := rv.last()
	if ev.Kind != bot.KindAction || ev.Action.Value != "C-1" || !ev.User.Staff || ev.Source.ID != card.ID {
		t.Errorf("click event = %+v", ev)
	}
	inputs := r.Modal.Inputs()
	if len(inputs) != 3 || inputs[1].Label != "Reason" || !strings.Contains(inputs[1].Placeholder, "Counterfeit confirmed") {
		t.Fatalf("modal inputs = %+v", inputs)
	}

	submit := e.srv.SubmitModal(staffer, click, map[string]string{
		"Compensation (USD)": "40", "Reason": "counterfeit confirmed", "Note to the consumer": "Refund on its way.",
	})
	done := e.srv.Reply(submit, wait)
	if !done.Message.Ephemeral() || done.Message.Display() != "Decision recorded." {
		t.Errorf("after submit user saw %q (flags %d)", done.Message.Display(), done.Message.Flags)
	}
	ev = rv.last()
	if ev.Kind != bot.KindSubmit || ev.Form.ID != "review.approve" || !strings.HasPrefix(ev.Form.Value, "C-1|") {
		t.Errorf("submit event = %+v", ev.Form)
	}
	if ev.Form.Fields["amount"] != "40" || ev.Form.Fields["reason"] != "counterfeit" || ev.Form.Fields["note"] != "Refund on its way." {
		t.Errorf("fields = %+v", ev.Form.Fields)
	}
	now, _ := e.srv.Message("7001", card.ID)
	if now.Edits != 1 || !strings.Contains(now.Display(), "approved by staff") || len(now.Buttons()) != 0 {
		t.Errorf("card after decision: %q, %d buttons, %d edits", now.Display(), len(now.Buttons()), now.Edits)
	}
	if !strings.Contains(now.Display(), "Compensation: 40 USD") {
		t.Errorf("card lacks the decision's fields: %q", now.Display())
	}
}

func TestNonStaffRefusedEphemerally(t *testing.T) {
	t.Parallel()
	rv := &review{}
	e := start(t, rv.handler(), options{adapter: discord.Config{StaffRoles: []string{"77"}}})
	rv.a = e.a
	card := postCard(t, e)
	click := e.srv.Click(consumer, "7001", card.ID, "Approve")
	r := e.srv.Reply(click, wait)
	if r.Type != discordfake.ResponseMessage || !r.Message.Ephemeral() || !strings.Contains(r.Message.Display(), "Only staff") {
		t.Errorf("non-staff saw type %d %q flags %d", r.Type, r.Message.Display(), r.Message.Flags)
	}
	if rv.last() != nil {
		t.Error("the staff handler ran for a non-staff user")
	}
	if now, _ := e.srv.Message("7001", card.ID); now.Edits != 0 {
		t.Error("the card changed")
	}
}

func TestStaffByConfiguredListAndDMRole(t *testing.T) {
	t.Parallel()
	s := newSeen()
	e := start(t, reply(s, func(e *bot.Event) bot.Reply { return bot.Reply{Text: "ok"} }), options{
		adapter: discord.Config{StaffRoles: []string{"77"}, GuildID: "800000000000000001"},
		staff:   []string{"discord:" + seller.ID},
	})
	e.srv.AddMember(staffer)
	e.srv.SendDM(staffer, "hi") // a DM carries no roles: the adapter looks the member up
	if ev := s.next(t); !ev.User.Staff {
		t.Error("member of a staff role not staff in a DM")
	}
	e.srv.SendDM(consumer, "hi")
	if ev := s.next(t); ev.User.Staff {
		t.Error("consumer marked staff")
	}
	e.srv.SendDM(seller, "hi")
	if ev := s.next(t); !ev.User.Staff {
		t.Error("user on the configured staff list not staff")
	}
	e.srv.SendDM(staffer, "again")
	if ev := s.next(t); !ev.User.Staff {
		t.Error("staff lost on the second DM")
	}
	lookups := 0
	for _, c := range e.srv.Calls(discordfake.RouteMember) {
		if c.Param("user") == staffer.ID {
			lookups++
		}
	}
	if lookups != 1 {
		t.Errorf("%d member look-ups for one staff member's two DMs, want 1 (cached)", lookups)
	}
}

func TestFormErrorsShownWithFixButton(t *testing.T) {
	t.Parallel()
	rv := &review{}
	e := start(t, rv.handler(), options{adapter: discord.Config{StaffRoles: []string{"77"}}})
	rv.a = e.a
	card := postCard(t, e)
	click := e.srv.Click(staffer, "7001", card.ID, "Approve")
	e.srv.Reply(click, wait)

	// A reason that is none of the choices is caught before the handler.
	bad := e.srv.SubmitModal(staffer, click, map[string]string{"Compensation (USD)": "40", "Reason": "because"})
	r := e.srv.Reply(bad, wait)
	if !r.Message.Ephemeral() || !strings.Contains(r.Message.Display(), "Reason: One of: Counterfeit confirmed, Trademark misuse") {
		t.Errorf("bad choice: user saw %q", r.Message.Display())
	}
	if ev := rv.last(); ev.Kind == bot.KindSubmit {
		t.Error("the handler saw a submission with an invalid choice")
	}

	// The handler's own FormError is listed by label, with a button that
	// reopens the form holding the answers.
	zero := e.srv.SubmitModal(staffer, click, map[string]string{"Compensation (USD)": "0", "Reason": "Trademark misuse"})
	r = e.srv.Reply(zero, wait)
	if !r.Message.Ephemeral() || !strings.Contains(r.Message.Display(), "Compensation (USD): must be more than 0") {
		t.Errorf("form error: user saw %q", r.Message.Display())
	}
	fix := e.srv.Click(staffer, r.Message.ChannelID, r.Message.ID, "Fix answers")
	reopened := e.srv.Reply(fix, wait)
	if reopened.Modal == nil {
		t.Fatalf("fix button answered with type %d, want the modal", reopened.Type)
	}
	if in := reopened.Modal.Inputs(); in[0].Value != "0" || in[1].Value != "Trademark misuse" {
		t.Errorf("reopened modal lost the answers: %+v", in)
	}
	ok := e.srv.SubmitModal(staffer, fix, map[string]string{"Compensation (USD)": "25"})
	if got := e.srv.Reply(ok, wait).Message.Display(); got != "Decision recorded." {
		t.Errorf("after fixing: %q", got)
	}
	if ev := rv.last(); ev.Form.Fields["reason"] != "trademark" || ev.Form.Fields["amount"] != "25" {
		t.Errorf("fixed submission = %+v", ev.Form.Fields)
	}
}

func TestFormFromModalSubmitBecomesButton(t *testing.T) {
	t.Parallel()
	step2 := &bot.Form{ID: "wizard.step2", Title: "Evidence", Inputs: []bot.Input{{ID: "evidence", Label: "Evidence", Required: true}}}
	var mu sync.Mutex
	var got []bot.FormData
	mux := bot.NewMux()
	mux.HandleCommand(bot.Command{Name: "complain"}, bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		_, err := w.Reply(ctx, bot.Reply{Form: &bot.Form{ID: "wizard.step1", Title: "Listing", Inputs: []bot.Input{{ID: "url", Label: "Listing URL", Required: true}}}})
		return err
	}))
	mux.HandleForm("wizard.", bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		mu.Lock()
		got = append(got, e.Form)
		mu.Unlock()
		if e.Form.ID == "wizard.step1" {
			_, err := w.Reply(ctx, bot.Reply{Text: "Thanks. Next, the evidence.", Form: step2})
			return err
		}
		_, err := w.Reply(ctx, bot.Reply{Text: "Complaint filed."})
		return err
	}))
	e := start(t, mux, options{})
	cmd := e.srv.Slash(consumer, e.srv.DMChannel(consumer.ID), "complain", nil)
	if e.srv.Reply(cmd, wait).Modal == nil {
		t.Fatal("/complain did not open the first form")
	}
	s1 := e.srv.SubmitModal(consumer, cmd, map[string]string{"Listing URL": "https://shop.example/item/9"})
	r := e.srv.Reply(s1, wait)
	if _, ok := r.Message.Button("Evidence"); !ok || !strings.Contains(r.Message.Display(), "Next, the evidence") {
		t.Fatalf("after step 1 user saw %q with buttons %+v", r.Message.Display(), r.Message.Buttons())
	}
	open := e.srv.Click(consumer, r.Message.ChannelID, r.Message.ID, "Evidence")
	if e.srv.Reply(open, wait).Modal == nil {
		t.Fatal("the form button did not open the modal")
	}
	s2 := e.srv.SubmitModal(consumer, open, map[string]string{"Evidence": "photos of the fake logo"})
	if got := e.srv.Reply(s2, wait).Message.Display(); got != "Complaint filed." {
		t.Errorf("after step 2: %q", got)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 2 || got[0].Fields["url"] != "https://shop.example/item/9" || got[1].ID != "wizard.step2" || got[1].Fields["evidence"] != "photos of the fake logo" {
		t.Errorf("forms = %+v", got)
	}
}

func TestUnansweredClickAcknowledged(t *testing.T) {
	t.Parallel()
	var e *env
	e = start(t, bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, ev *bot.Event) error {
		if ev.Kind == bot.KindAction {
			return e.a.Edit(ctx, ev.Source, bot.Reply{Text: "Acknowledged"})
		}
		return nil
	}), options{})
	ref, err := e.a.Send(context.Background(), bot.DirectTo(bot.Discord, consumer.ID), bot.Reply{Text: "Was this helpful?", Buttons: []bot.Button{{ID: "feedback", Label: "Yes", Value: "yes"}}})
	if err != nil {
		t.Fatal(err)
	}
	ix := e.srv.Click(consumer, e.srv.DMChannel(consumer.ID), ref.ID, "Yes")
	r := e.srv.Reply(ix, wait)
	if r.Type != discordfake.ResponseDeferredUpdate {
		t.Errorf("click acknowledged with type %d, want 6 (deferred update)", r.Type)
	}
	if r.Message.Display() != "Acknowledged" {
		t.Errorf("user sees %q", r.Message.Display())
	}
}

func TestLongFormOpensInParts(t *testing.T) {
	t.Parallel()
	var inputs []bot.Input
	for i := range 7 {
		inputs = append(inputs, bot.Input{ID: fmt.Sprintf("q%d", i+1), Label: fmt.Sprintf("Question %d", i+1), Required: true})
	}
	var mu sync.Mutex
	var got bot.FormData
	mux := bot.NewMux()
	mux.HandleCommand(bot.Command{Name: "complain"}, bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		_, err := w.Reply(ctx, bot.Reply{Form: &bot.Form{ID: "complaint", Title: "Report a listing", Value: "draft-1", Inputs: inputs}})
		return err
	}))
	mux.HandleForm("complaint", bot.HandlerFunc(func(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
		mu.Lock()
		got = e.Form
		mu.Unlock()
		_, err := w.Reply(ctx, bot.Reply{Text: "Filed.", Ephemeral: true})
		return err
	}))
	e := start(t, mux, options{})
	cmd := e.srv.Slash(consumer, "5001", "complain", nil)
	first := e.srv.Reply(cmd, wait).Modal
	if first == nil || len(first.Inputs()) != 5 || first.Title != "Report a listing (1/2)" {
		t.Fatalf("first part = %+v", first)
	}
	answers := map[string]string{}
	for i := range 5 {
		answers[fmt.Sprintf("Question %d", i+1)] = fmt.Sprintf("answer %d", i+1)
	}
	part := e.srv.SubmitModal(consumer, cmd, answers)
	r := e.srv.Reply(part, wait)
	if !r.Message.Ephemeral() || !strings.Contains(r.Message.Display(), "Part 1 of 2 saved") {
		t.Fatalf("after part 1: %q", r.Message.Display())
	}
	mu.Lock()
	if got.ID != "" {
		t.Error("the handler saw a half-filled form")
	}
	mu.Unlock()
	cont := e.srv.Click(consumer, r.Message.ChannelID, r.Message.ID, "Continue (2/2)")
	second := e.srv.Reply(cont, wait).Modal
	if second == nil || len(second.Inputs()) != 2 {
		t.Fatalf("second part = %+v", second)
	}
	last := e.srv.SubmitModal(consumer, cont, map[string]string{"Question 6": "answer 6", "Question 7": "answer 7"})
	if got := e.srv.Reply(last, wait).Message.Display(); got != "Filed." {
		t.Errorf("after the last part: %q", got)
	}
	mu.Lock()
	defer mu.Unlock()
	if got.ID != "complaint" || got.Value != "draft-1" || len(got.Fields) != 7 || got.Fields["q1"] != "answer 1" || got.Fields["q7"] != "answer 7" {
		t.Errorf("form = %+v", got)
	}
}
