package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot/discord/discordfake"
)

// replayDuring delivers ix again copies times while the bot's handling of
// its first delivery waits for a call the fake holds (see hold), lets the
// call go once every copy was dropped, and checks that Discord saw one
// answer to the interaction: one initial response, and no call refused.
func (w *discordWorld) replayDuring(ix *discordfake.Interaction, held string, copies int, release chan struct{}) {
	w.t.Helper()
	w.srv.WaitPending(held, dwait)
	for range copies {
		w.srv.Redeliver(ix)
	}
	w.waitLogCount(copies, "duplicate delivery dropped", "discord:"+ix.ID)
	close(release)
}

// answeredOnce checks that the interaction got exactly one initial
// response and that no call made with its token was refused.
func (w *discordWorld) answeredOnce(ix *discordfake.Interaction) {
	w.t.Helper()
	callbacks := 0
	for _, c := range w.srv.Calls("") {
		if c.Param("token") != ix.Token {
			continue
		}
		if c.Route == discordfake.RouteCallback {
			callbacks++
		}
		if c.Status >= 300 {
			w.t.Errorf("%s %s answered %d", c.Method, c.Path, c.Status)
		}
	}
	if callbacks != 1 {
		w.t.Errorf("interaction %s got %d initial responses, want 1", ix.ID, callbacks)
	}
}

// count returns how many of a channel's messages contain text.
func (w *discordWorld) count(channel, text string) int {
	n := 0
	for _, m := range w.srv.Messages(channel) {
		if strings.Contains(m.Display(), text) {
			n++
		}
	}
	return n
}

// TestDiscordReplayedInteractionsDuringSlowHandling replays interactions,
// same id and token, 2 and 50 times while their first delivery is still
// being handled (a resumed gateway session does this): the complainant's
// Submit press while the card is being posted, a staff member's Approve
// press while its modal is on its way, and the approval's modal submission
// while the card is being edited. Each time the user sees one answer and
// the desk does the work once: one complaint, one card, one receipt; one
// modal; one decision, one notice, one confirmation.
func TestDiscordReplayedInteractionsDuringSlowHandling(t *testing.T) {
	t.Parallel()
	for _, copies := range []int{2, 50} {
		t.Run(fmt.Sprint(copies), func(t *testing.T) {
			t.Parallel()
			w := newDiscordWorld(t)
			dmCh := w.dm(dConsumer)
			summary := w.continueFrom(dConsumer, acme, w.startFiling(dConsumer), "")

			// Submit, replayed while the review card is being posted.
			release := make(chan struct{})
			w.srv.Inject(discordfake.Fault{Route: discordfake.RouteMessageCreate, Channel: dReview, Hold: release})
			submit := w.click(dConsumer, summary, "Submit")
			w.replayDuring(submit, discordfake.RouteMessageCreate, copies, release)
			card := w.shown(dReview, "[Approve compensation]")
			receipt := w.shown(dmCh, "Thank you. Your complaint is filed as")
			ref := refPat.FindString(receipt.Display())
			if ref == "" || !strings.Contains(card.Display(), ref) {
				t.Fatalf("receipt %q and card %q do not name the same complaint", receipt.Display(), card.Display())
			}
			w.answeredOnce(submit)
			list, err := w.app.DB.ComplaintsByUser(w.ctx, discordEnv, dConsumer.ID)
			if err != nil || len(list) != 1 {
				t.Fatalf("complaints filed = %d (%v), want one", len(list), err)
			}
			if n := len(w.srv.Messages(dReview)); n != 1 {
				t.Errorf("%d messages in the review channel, want one card", n)
			}
			if n := w.count(dmCh, "Your complaint is filed as"); n != 1 {
				t.Errorf("the complainant sees the receipt %d times, want once", n)
			}
			for _, unwanted := range []string{"already filed", "Something went wrong"} {
				if n := w.count(dmCh, unwanted); n != 0 {
					t.Errorf("the complainant was told %q", unwanted)
				}
			}

			// Approve compensation, replayed while its modal is on its way.
			release = make(chan struct{})
			w.srv.Inject(discordfake.Fault{Route: discordfake.RouteCallback, Hold: release})
			open := w.click(dListed, card, "Approve compensation")
			w.replayDuring(open, discordfake.RouteCallback, copies, release)
			if r := w.srv.Reply(open, dwait); r.Modal == nil {
				t.Fatalf("Approve answered with type %d %q, want the modal", r.Type, r.Message.Display())
			}
			w.answeredOnce(open)

			// The approval, replayed while the card is being edited.
			release = make(chan struct{})
			w.srv.Inject(discordfake.Fault{Route: discordfake.RouteMessageEdit, Channel: dReview, Hold: release})
			good := w.srv.SubmitModal(dListed, open, map[string]string{"Amount": "45", "Currency (ISO 4217)": "USD", "Note to the complainant": "Refund of the price."})
			w.replayDuring(good, discordfake.RouteMessageEdit, copies, release)
			updated := w.shown(dReview, "approved", "45.00 USD")
			if updated.ID != card.ID || updated.Edits != 1 {
				t.Errorf("decision shown on %s with %d edits, want the card %s edited once", updated.ID, updated.Edits, card.ID)
			}
			w.shown(dmCh, ref, "approved", "45.00 USD", "Refund of the price.")
			done := w.shown(dReview, "Done: "+ref+" is now approved")
			if !done.Ephemeral() {
				t.Error("the confirmation was shown to the whole review channel")
			}
			w.answeredOnce(good)
			if n := w.count(dmCh, "Update on your complaint"); n != 1 {
				t.Errorf("the complainant was told of the approval %d times, want once", n)
			}
			if n := w.count(dReview, "Done: "+ref); n != 1 {
				t.Errorf("staff were told %d times that it is done, want once", n)
			}
			if n := w.count(dReview, "Something went wrong"); n != 0 {
				t.Errorf("staff saw an error %d times", n)
			}
			if c := w.complaint(ref); c.Status != ipdesk.StatusApproved || c.Decision.Amount != 4500 {
				t.Errorf("complaint after approval = %s %+v", c.Status, c.Decision)
			}
			if now := w.current(card); now.Edits != 1 {
				t.Errorf("the card was edited %d times, want once", now.Edits)
			}
		})
	}
}

// TestDiscordReceiptKeptUntilDelivered: when Discord takes neither the
// receipt nor anything else for the Submit press, the complaint is filed
// all the same and the receipt is kept; the background round delivers it
// to the complainant's DM, once, and the log names the complaint, never
// the complainant's contact details.
func TestDiscordReceiptKeptUntilDelivered(t *testing.T) {
	t.Parallel()
	w := newDiscordWorld(t)
	dmCh := w.dm(dConsumer)
	summary := w.continueFrom(dConsumer, acme, w.startFiling(dConsumer), "")
	w.srv.Inject(discordfake.Fault{Route: discordfake.RouteCallback, Status: 500, Times: 5})
	w.click(dConsumer, summary, "Submit")
	card := w.shown(dReview, "[Approve compensation]")
	ref := refPat.FindString(card.Display())
	w.waitLog("level=ERROR", "kept to retry", ref)
	if n := w.count(dmCh, "Your complaint is filed as"); n != 0 {
		t.Fatalf("the receipt was shown %d times while Discord refused it", n)
	}

	if n, err := w.app.Bot.RetryOutbox(w.ctx); err != nil || n != 1 {
		t.Fatalf("the background round delivered %d (%v), want the receipt", n, err)
	}
	w.shown(dmCh, "Your complaint is filed as", ref)
	if n, _ := w.app.Bot.RetryOutbox(w.ctx); n != 0 {
		t.Errorf("the receipt was delivered again")
	}
	if n := w.count(dmCh, "Your complaint is filed as"); n != 1 {
		t.Errorf("the complainant sees the receipt %d times, want once", n)
	}
	if st, err := w.app.Bot.OutboxStats(w.ctx); err != nil || st.Kept != 1 || st.Delivered != 1 || st.Waiting != 0 {
		t.Errorf("outbox stats = %+v (%v)", st, err)
	}
	if strings.Contains(w.logs.String(), "buyer@example.com") {
		t.Error("the complainant's contact details reached the log")
	}
}
