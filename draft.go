package ipdesk

import "time"

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

	CreatedAt time.Time `json:"-"`
	UpdatedAt time.Time `json:"-"`
}
