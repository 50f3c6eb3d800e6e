package main

import (
	"strings"
	"testing"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot/discord/discordfake"
)

// TestDiscordSlashCommandsMatchTheBot checks that Discord offers exactly the
// commands the App routes, described by their help summaries, with staff
// commands hidden from members by default.
func TestDiscordSlashCommandsMatchTheBot(t *testing.T) {
	t.Parallel()
	w := newDiscordWorld(t)
	registered := w.srv.Commands("")
	routed := w.app.Mux.Commands(true)
	var got, want []string
	for _, c := range registered {
		got = append(got, c.Name)
	}
	for _, c := range routed {
		want = append(want, c.Name)
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("Discord offers %q; the bot handles %q", got, want)
	}
	for _, name := range []string{"ask", "complain", "status", "withdraw", "check", "queue", "case", "kb", "help"} {
		if !strings.Contains(" "+strings.Join(got, " ")+" ", " "+name+" ") {
			t.Errorf("/%s is not offered", name)
		}
	}
	for i, c := range registered {
		m := routed[i]
		if !strings.EqualFold(c.Description, m.Summary) {
			t.Errorf("/%s is described as %q; help says %q", c.Name, c.Description, m.Summary)
		}
		hidden := c.DefaultMemberPermissions != nil && *c.DefaultMemberPermissions == "0"
		if hidden != m.Staff {
			t.Errorf("/%s hidden from members: %v; staff only: %v", c.Name, hidden, m.Staff)
		}
		if (len(c.Options) > 0) != (m.Usage != "") {
			t.Errorf("/%s has options %+v for usage %q", c.Name, c.Options, m.Usage)
		}
	}
}

// TestDiscordEverySlashCommandReachesItsHandler runs each slash command as a
// member or staff would and checks the answer comes from the right handler
// with the right arguments.
func TestDiscordEverySlashCommandReachesItsHandler(t *testing.T) {
	t.Parallel()
	w := newDiscordWorld(t)
	// Three questions the knowledge base cannot answer, for /kb gaps.
	for _, q := range []string{"zorblax quintessence?", "frobnicate the wuzzle?", "plugh xyzzy gronk?"} {
		w.say(dConsumer, q)
	}
	slash := func(u discordfake.User, channel, name string, opts map[string]any, want ...string) discordfake.MessageView {
		t.Helper()
		r := w.srv.Reply(w.srv.Slash(u, channel, name, opts), dwait)
		checkShows(t, r.Message, want...)
		return r.Message
	}
	dmC, dmS := w.dm(dConsumer), w.dm(dListed)

	help := slash(dConsumer, dmC, "help", nil, "/withdraw IPD-XXXXX", "/check TEXT", "/status")
	if strings.Contains(help.Display(), "/queue") {
		t.Errorf("a member's help lists staff commands:\n%s", help.Display())
	}
	slash(dListed, dmS, "help", nil, "/kb gaps", "/queue", "/case IPD-XXXXX")
	slash(dConsumer, dPublic, "ask", map[string]any{"question": "how long does a US trademark last?"}, "Trademarks in the US")
	slash(dConsumer, dmC, "check", map[string]any{"text": "Gucci replica handbag"}, "Listing check:", "replica")
	slash(dConsumer, dmC, "status", nil, "You have not filed any complaints")
	slash(dConsumer, dmC, "withdraw", nil, "You have no open complaints to withdraw")
	slash(dConsumer, dmC, "withdraw", map[string]any{"reference": "IPD-7K3Q9"}, "You have no complaint IPD-7K3Q9")
	slash(dListed, dReview, "queue", nil, "The queue is empty")
	slash(dListed, dReview, "case", map[string]any{"reference": "IPD"}, "Give a complaint reference")

	// /kb gaps reaches the kb handler; its limit is how many to list.
	all := slash(dListed, dmS, "kb gaps", nil, "Unanswered questions", "zorblax", "frobnicate", "plugh")
	one := slash(dListed, dmS, "kb gaps", map[string]any{"limit": "1"}, "Unanswered questions", "1. ")
	if strings.Contains(one.Display(), "2. ") || !strings.Contains(all.Display(), "3. ") {
		t.Errorf("limit 1 listed:\n%s\nno limit listed:\n%s", one.Display(), all.Display())
	}
	// In a DM Discord applies no permissions, so the bot refuses.
	if r := slash(dConsumer, dmC, "kb gaps", nil, "Only staff"); !r.Ephemeral() {
		t.Error("the refusal of /kb gaps was not ephemeral")
	}
	slash(dConsumer, dmC, "complain", nil, "What happened?", "[I bought a counterfeit]")
}

// TestDiscordWithdrawBySlashCommand files a complaint on Discord, then
// withdraws it with the /withdraw command that /status points to: only the
// complainant can, after confirming, and the review card changes in place.
func TestDiscordWithdrawBySlashCommand(t *testing.T) {
	t.Parallel()
	w := newDiscordWorld(t)
	card, ref := w.confirm(dConsumer, w.continueFrom(dConsumer, acme, w.startFiling(dConsumer), ""))
	dmC := w.dm(dConsumer)

	st := w.srv.Reply(w.srv.Slash(dConsumer, dmC, "status", nil), dwait).Message
	checkShows(t, st, ref, "/withdraw IPD-…")
	w.shown(dmC, ref)

	// Someone else cannot, and learns nothing about the complaint.
	other := w.srv.Reply(w.srv.Slash(dBystander, w.dm(dBystander), "withdraw", map[string]any{"reference": ref}), dwait).Message
	checkShows(t, other, "You have no complaint "+ref)
	w.shown(w.dm(dBystander), "You have no complaint")

	ask := w.srv.Reply(w.srv.Slash(dConsumer, dmC, "withdraw", map[string]any{"reference": strings.ToLower(ref)}), dwait).Message
	checkShows(t, ask, "Withdraw", ref, "[Yes, withdraw "+ref+"]", "[Keep it]")
	confirm := w.shown(dmC, "[Yes, withdraw "+ref+"]")
	if c := w.complaint(ref); c.Status != ipdesk.StatusSubmitted {
		t.Fatalf("the complaint is %s before the complainant confirmed", c.Status)
	}
	w.click(dConsumer, confirm, "Yes, withdraw "+ref)

	// The card is edited in place and the complainant told, in either order.
	var sawCard, sawDone bool
	for i := 0; i < 4 && !(sawCard && sawDone); i++ {
		m, err := w.srv.NextShown(dwait)
		if err != nil {
			t.Fatalf("card updated %v, complainant told %v: %v", sawCard, sawDone, err)
		}
		switch {
		case m.ID == card.ID:
			checkShows(t, m, "withdrawn")
			if len(m.Buttons()) != 0 {
				t.Errorf("the withdrawn card still offers %v", buttonLabels(m))
			}
			sawCard = true
		case m.ChannelID == dmC && strings.Contains(m.Display(), ref+" is withdrawn"):
			sawDone = true
		}
	}
	if !sawCard || !sawDone {
		t.Fatalf("card updated %v, complainant told %v", sawCard, sawDone)
	}
	if c := w.complaint(ref); c.Status != ipdesk.StatusWithdrawn {
		t.Errorf("complaint is %s after withdrawing", c.Status)
	}
	again := w.srv.Reply(w.srv.Slash(dConsumer, dmC, "withdraw", map[string]any{"reference": ref}), dwait).Message
	checkShows(t, again, "already withdrawn")
}
