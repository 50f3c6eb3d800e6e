package main

import (
	"strings"
	"testing"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot/discord/discordfake"
)

// TestDiscordAppeal: a consumer on Discord appeals a rejection with a new
// photo; the complaint reopens on a new card; the staff member who
// rejected it is refused, another approves it; the export keeps both
// decisions.
func TestDiscordAppeal(t *testing.T) {
	t.Parallel()
	w := newDiscordWorld(t)
	card, ref := w.confirm(dConsumer, w.continueFrom(dConsumer, acme, w.startFiling(dConsumer), ""))
	dmCh := w.dm(dConsumer)

	rej := w.click(dListed, card, "Reject")
	w.srv.Reply(rej, dwait)
	w.srv.SubmitModal(dListed, rej, map[string]string{"Reason": "Not enough evidence", "Explanation for the complainant": "The photo is too blurry."})
	w.shown(dReview, "rejected")
	notice := w.shown(dmCh, "rejected", "appeal once, within 30 days", "[Appeal]")
	w.shown(dReview, "Done: "+ref)

	// Appeal: the button opens a form; the consumer writes a message with
	// a photo instead.
	open := w.click(dConsumer, notice, "Appeal")
	if r := w.srv.Reply(open, dwait); r.Modal == nil {
		t.Fatalf("Appeal answered with type %d, want a modal", r.Type)
	}
	w.srv.SendDM(dConsumer, "Here is a sharp photo: the brand name on the label is misspelled.", discordfake.File{Name: "label2.jpg", ContentType: "image/jpeg", Data: labelPhoto})
	newCard := w.shown(dReview, "Complaint "+ref, "Appeal", "misspelled", "rejected by discord:"+dListed.ID, "[Approve compensation]")
	if newCard.ID == card.ID {
		t.Error("the appeal edited the old card instead of posting a new one")
	}
	w.shown(dmCh, "Your appeal of "+ref+" is filed", "1 file(s)")

	// The one who rejected it may not decide the appeal.
	self := w.click(dListed, newCard, "Assign to me")
	if r := w.srv.Reply(self, dwait); !strings.Contains(r.Message.Display(), "You rejected "+ref+" before") {
		t.Errorf("the rejecter saw %q", r.Message.Display())
	}
	w.shown(dReview)
	ap := w.click(dModerator, newCard, "Approve compensation")
	w.srv.Reply(ap, dwait)
	w.srv.SubmitModal(dModerator, ap, map[string]string{"Amount": "49.99"})
	w.shown(dReview, "approved", "49.99 USD")
	w.shown(dmCh, ref, "approved")
	if c := w.complaint(ref); c.Status != ipdesk.StatusApproved || c.Appeal == nil || c.Appeal.Rejection.By != "discord:"+dListed.ID {
		t.Fatalf("complaint = %s %+v", c.Status, c.Appeal)
	}
	_, rec := exportCSV(t, map[string]string{"IPDESK_DB": w.vars["IPDESK_DB"]})
	if rec["status"] != "approved" || rec["decided_by"] != "discord:"+dModerator.ID || rec["rejected_by"] != "discord:"+dListed.ID ||
		rec["rejection_reason_code"] != "insufficient_evidence" || !strings.Contains(rec["appeal_reason"], "misspelled") {
		t.Errorf("csv record = %v", rec)
	}
}
