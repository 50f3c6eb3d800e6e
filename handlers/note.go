package handlers

import (
	"context"
	"fmt"
	"strings"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/markup"
)

// Internal notes are staff's own remarks on a complaint ("called the
// seller, no answer"). They are rows of the audit trail, so they are kept
// in order with everything else and never changed; they are shown in
// `case` and the exports, and never to the complainant. Adding one does
// not change the complaint, so a card stays current.

// maxNote bounds one note.
const maxNote = 2000

// serveNote handles `note IPD-… TEXT`.
func (c *Complaints) serveNote(ctx context.Context, w bot.ResponseWriter, e *bot.Event) error {
	if !e.User.Staff {
		return ipdesk.Errorf(ipdesk.EUNAUTHORIZED, "Only staff can use `note`.")
	}
	arg, text, _ := strings.Cut(strings.TrimSpace(e.Args), " ")
	// The IPD- prefix is required here: without it the first word of a
	// note would be read as a reference.
	ref, ok := ipdesk.ParseRef(arg)
	if !ok || !namesRef(arg) {
		return ipdesk.Errorf(ipdesk.EINVALID, "Write it as `note IPD-7K3Q9 TEXT`: the reference, then the note.")
	}
	return c.addNote(ctx, w, e, ref, text)
}

// noteForm is the form behind the card's Note button.
func noteForm(cpl *ipdesk.Complaint) *bot.Form {
	return &bot.Form{ID: "review.note", Title: "Note on " + cpl.Ref, Submit: "Add note", Value: refVersion(cpl), Inputs: []bot.Input{
		{ID: "note", Label: "Note (only staff will see it)", Kind: bot.InputParagraph, Required: true, MaxLen: maxNote},
	}}
}

// addNote records a staff note on a complaint.
func (c *Complaints) addNote(ctx context.Context, w bot.ResponseWriter, e *bot.Event, ref, text string) error {
	text, err := ipdesk.CleanText(text, "The note", 1, maxNote, true)
	if err != nil {
		return err
	}
	cpl, err := c.store.Complaint(ctx, ref)
	if err != nil {
		return err
	}
	if cpl.Complainant() == e.User.Key() {
		return ipdesk.Errorf(ipdesk.EUNAUTHORIZED, "You filed %s yourself, so another staff member must handle it.", cpl.Ref)
	}
	a := actor(e)
	if err := c.store.AppendAudit(ctx, ipdesk.AuditEntry{ComplaintID: cpl.ID, Ref: cpl.Ref, Actor: a.Key, Role: a.Role, Platform: a.Platform,
		Action: ipdesk.ActionNote, Before: string(cpl.Status), After: string(cpl.Status), Note: text}); err != nil {
		return err
	}
	c.log.Info("note added", "ref", cpl.Ref, "by", a.Key)
	_, err = w.Reply(ctx, bot.Reply{Text: fmt.Sprintf("Note added to %s. Only staff see it: type `%s %s` to read the notes.", cpl.Ref, invocation(e.User.Platform, "case"), cpl.Ref), Ephemeral: true})
	return err
}

// notesText lists a complaint's notes from its audit trail, oldest first,
// in full.
func notesText(trail []ipdesk.AuditEntry) string {
	var b strings.Builder
	for _, a := range trail {
		if a.Action != ipdesk.ActionNote {
			continue
		}
		fmt.Fprintf(&b, "\n- %s · %s:\n\n%s\n", fmtTime(a.At), markup.Escape(a.Actor), quote(a.Note))
	}
	return b.String()
}
