package handlers

import (
	"context"
	"fmt"
	"strings"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/bot/markup"
	"github.com/ipdesk/ipdesk/i18n"
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
	tr := e.Printer()
	if !e.User.Staff {
		return &ipdesk.Error{Code: ipdesk.EUNAUTHORIZED, Message: tr.T("mux.staff_only_command", "Name", tr.T("cmd.note.name"))}
	}
	arg, text, _ := strings.Cut(strings.TrimSpace(e.Args), " ")
	// The IPD- prefix is required here: without it the first word of a
	// note would be read as a reference.
	ref, ok := ipdesk.ParseRef(arg)
	if !ok || !namesRef(arg) {
		return &ipdesk.Error{Code: ipdesk.EINVALID, Message: tr.T("note.usage", "Cmd", tr.T("cmd.note.name"))}
	}
	return c.addNote(ctx, w, e, ref, text)
}

// noteForm is the form behind the card's Note button.
func noteForm(tr i18n.Printer, cpl *ipdesk.Complaint) *bot.Form {
	return &bot.Form{ID: "review.note", Title: tr.T("note.form_title", "Ref", cpl.Ref), Submit: tr.T("note.form_submit"), Value: refVersion(cpl), Inputs: []bot.Input{
		{ID: "note", Label: tr.T("note.form_label"), Kind: bot.InputParagraph, Required: true, MaxLen: maxNote},
	}}
}

// addNote records a staff note on a complaint.
func (c *Complaints) addNote(ctx context.Context, w bot.ResponseWriter, e *bot.Event, ref, text string) error {
	text, err := ipdesk.CleanText(text, e.Printer().T("field.note"), 1, maxNote, true)
	if err != nil {
		return err
	}
	cpl, err := c.store.Complaint(ctx, ref)
	if err != nil {
		return err
	}
	if cpl.Complainant() == e.User.Key() {
		return ownComplaintRefusal(e.Printer(), cpl)
	}
	a := actor(e)
	if err := c.store.AppendAudit(ctx, ipdesk.AuditEntry{ComplaintID: cpl.ID, Ref: cpl.Ref, Actor: a.Key, Role: a.Role, Platform: a.Platform,
		Action: ipdesk.ActionNote, Before: string(cpl.Status), After: string(cpl.Status), Note: text}); err != nil {
		return err
	}
	c.log.Info("note added", "ref", cpl.Ref, "by", a.Key)
	_, err = w.Reply(ctx, bot.Reply{Text: e.Printer().T("note.added", "Ref", cpl.Ref, "Cmd", commandIn(e, "case")), Ephemeral: true})
	return err
}

// notesText lists a complaint's notes from its audit trail, oldest first,
// in full, dated in tr's language.
func notesText(tr i18n.Printer, trail []ipdesk.AuditEntry) string {
	var b strings.Builder
	for _, a := range trail {
		if a.Action != ipdesk.ActionNote {
			continue
		}
		fmt.Fprintf(&b, "\n- %s · %s:\n\n%s\n", tr.DateTime(a.At), markup.Escape(a.Actor), quote(a.Note))
	}
	return b.String()
}
