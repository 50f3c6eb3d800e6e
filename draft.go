package ipdesk

import (
	"slices"
	"time"
)

// Draft is a complaint being filed: the wizard's step and the answers so far.
// It is saved after every answer, so a restart resumes at the same step. A
// user has at most one draft per platform.
type Draft struct {
	// ID is random and travels with the confirm button; the filed
	// complaint remembers it, so a second confirm of the same draft finds
	// the complaint instead of filing another.
	ID       string `json:"-"`
	Platform string `json:"-"`
	UserID   string `json:"-"`
	// Place is where the wizard runs, as "platform:channel[:thread]": the
	// complainant's direct messages when the filing began in public.
	Place string `json:"-"`
	Step  string `json:"-"`
	// History lists the steps answered, for "back".
	History []string `json:"history,omitempty"`
	// Editing is set while the user changes one answer from the summary;
	// the wizard returns to the summary afterwards.
	Editing bool `json:"editing,omitempty"`
	// Menu is "edit" while the list of answers to change is the wizard's
	// latest message, so a typed number picks from that list rather than
	// from the summary's buttons.
	Menu string `json:"menu,omitempty"`
	// Answers holds what the user answered so far.
	Answers Complaint `json:"answers"`
	// Warnings are notes for staff gathered while filing, such as an order
	// outside the marketplace's claim window.
	Warnings []string `json:"warnings,omitempty"`
	// Held is a message the wizard did not take as the answer without
	// asking: a command typed at a question ("status"), or the first
	// message after a pause or a restart. The user chooses what it is, so
	// nothing they typed is saved by mistake or dropped.
	Held string `json:"held,omitempty"`
	// HeldCommand is set when Held looked like a command.
	HeldCommand bool `json:"held_command,omitempty"`
	// StaffAsked is set once the user asked for a person while filing and
	// staff were told, so that asking again does not post another note.
	StaffAsked bool `json:"staff_asked,omitempty"`

	// LastEvent is the delivery id of the event whose handling saved the
	// draft last (see WithEvent): that event, handled again after a crash,
	// finds its answer already taken and is shown where the draft stands.
	LastEvent string `json:"last_event,omitempty"`
	// Events are the delivery ids of the events whose handling saved the
	// draft, the latest last, up to maxDraftEvents of them. An event that
	// is handled again after a crash, once later events have moved the
	// draft on, is found here and not taken as an answer to the step the
	// draft is at now. Its last is LastEvent, which drafts saved before
	// this list was kept have alone.
	Events []string `json:"events,omitempty"`
	// Note is what the wizard said for the answer that event NoteEvent
	// gave ("Added label.jpg (image/jpeg, …)."), the whole reply when
	// NoteOnly is set and the lead of the next question otherwise. That
	// event, handled again after its process died before replying, says
	// it again: the user is told their answer was taken, as they would
	// have been.
	Note      string `json:"note,omitempty"`
	NoteEvent string `json:"note_event,omitempty"`
	NoteOnly  bool   `json:"note_only,omitempty"`

	// Version counts the draft's saves. A store saves a draft only over
	// the version it was read at (zero: only when the user has none), so
	// two messages of one user handled at once, by two replicas, never
	// overwrite each other's answer: the second save fails with
	// ErrDraftChanged, and its handler reads the draft again and redoes
	// its work on top of the first.
	Version int `json:"-"`

	CreatedAt time.Time `json:"-"`
	UpdatedAt time.Time `json:"-"`
}

// ErrDraftChanged is what a store's SaveDraft returns when the stored
// draft is no longer the version the caller read: saved, filed, cancelled
// or expired meanwhile. The wizard handles the event again on the draft as
// it now is; the message shows only when that keeps failing.
var ErrDraftChanged = Errorf(ECONFLICT, "Your complaint changed at the same moment in another conversation; please send that again.")

// maxDraftEvents bounds Draft.Events: a wizard's steps, with corrections,
// fit many times over.
const maxDraftEvents = 100

// RememberEvent records that the event with delivery id id saves d; stores
// call it as they save a draft for an event (see WithEvent).
func (d *Draft) RememberEvent(id string) {
	if id == "" {
		return
	}
	d.LastEvent = id
	if n := len(d.Events); n > 0 && d.Events[n-1] == id {
		return
	}
	d.Events = append(d.Events, id)
	if over := len(d.Events) - maxDraftEvents; over > 0 {
		d.Events = append([]string(nil), d.Events[over:]...)
	}
}

// Saw reports whether the event with delivery id id saved d, last or
// before.
func (d *Draft) Saw(id string) bool {
	return id != "" && (d.LastEvent == id || slices.Contains(d.Events, id))
}
