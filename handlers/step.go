package handlers

import (
	"context"

	"github.com/ipdesk/ipdesk"
	"github.com/ipdesk/ipdesk/bot"
	"github.com/ipdesk/ipdesk/i18n"
)

// A step is one question of the complaint wizard and everything about it:
// when it is asked, what it asks, how an answer is read and checked, what
// it keeps on the complaint, how that answer is shown back, and what
// dropping it clears. The wizard (wizard.go) reads these and nothing else,
// so a new question is a new step in the table (complain_steps.go).
//
// A step has either choices (buttons) or an answer function for typed
// text and files. Its label in the summary's edit menu is the message
// step.NAME, and wizard.what.NAME names it in a sentence ("the seller's
// name"), for telling a user where they are. Names are stored in drafts:
// renaming a step strands the drafts saved at it.
type step struct {
	name string
	// applies reports whether the step is asked, given the answers so
	// far; nil asks it of everyone. An answer kept by a step that no
	// longer applies is cleared (see settle).
	applies func(a *ipdesk.Complaint) bool
	// optional reports whether the step may be skipped; nil: never.
	optional func(a *ipdesk.Complaint) bool
	// answered reports whether the step has an answer, so that editing
	// one answer asks only what the change made necessary, and filing
	// refuses a complaint that lacks one. An optional step counts as
	// answered when skipped.
	answered func(a *ipdesk.Complaint) bool
	// numeric steps take answers that may be a bare number; they show no
	// buttons, since the console turns a bare number into a button press.
	numeric bool
	// files steps take uploads with their answer; elsewhere an upload is
	// refused, so nothing sent by mistake is kept.
	files bool
	// collects steps take one answer after another and stay until the
	// user says done; their note (see answer) says how many they have.
	collects bool
	// declares steps make or sign the declarations, which cover every
	// other answer: changing another answer from the summary asks for the
	// declarations again, changing these does not.
	declares bool
	// summary marks the last step: every answer shown back, submitted
	// with its button.
	summary bool
	// skipped is the message shown when the user skips the step, saying
	// what follows from going without it; "" says nothing.
	skipped string

	question func(c *Complaints, d *ipdesk.Draft, tr i18n.Printer) string
	choices  func(a *ipdesk.Complaint) []choice
	pick     func(d *ipdesk.Draft, value string)
	// answer takes typed text and files into d; on error d is left to be
	// thrown away. Its note (shown before the next question) and errors
	// are in tr's language, the draft's.
	answer func(ctx context.Context, c *Complaints, d *ipdesk.Draft, tr i18n.Printer, text string, files []bot.File) (note string, err error)
	// clear drops the step's answer: when it is skipped, or no longer
	// applies.
	clear func(d *ipdesk.Draft)
	// current shows the step's answer so far when the user comes back to
	// it (choice steps show their buttons instead).
	current func(tr i18n.Printer, a *ipdesk.Complaint) string
	// field is the step's line on the summary and, for staff, on the
	// review card; a step whose answer is shown with another step's has
	// none, and an empty Value shows nothing.
	field func(tr i18n.Printer, a *ipdesk.Complaint, to audience) bot.Field
}

// audience is whom a complaint's fields are laid out for: the complainant
// (the zero value) or staff on the review card, who are told on which
// platform the complainant's files are kept.
type audience struct {
	staff bool
	where string // the complainant's platform as staff read its name
}

// choice is one button of a choice step: its value, and its label as a
// message id, or as a name (a marketplace's, an office's) that the
// catalog may say another way under that id.
type choice struct {
	value, id, name string
	// leave, when set, ends the wizard instead of recording the choice:
	// the answer is not a complaint to file (a seller whose own listing
	// was reported gets guidance instead).
	leave func(c *Complaints, ctx context.Context, w bot.ResponseWriter, e *bot.Event, d *ipdesk.Draft) error
}

// label is the choice's button label in tr's language.
func (ch choice) label(tr i18n.Printer) string { return tr.Label(ch.id, ch.name) }

// label names the step's answer in tr's language.
func (s *step) label(tr i18n.Printer) string { return tr.T("step." + s.name) }

// asked reports whether the step is asked, given the answers a.
func (s *step) asked(a *ipdesk.Complaint) bool { return s.applies == nil || s.applies(a) }

// skippable reports whether the step may be skipped, given the answers a.
func (s *step) skippable(a *ipdesk.Complaint) bool { return s.optional != nil && s.optional(a) }

// takesText reports whether the step takes typed text (rather than a
// choice, or the summary's buttons).
func (s *step) takesText() bool { return s.answer != nil }

// findStep returns the step named name, or nil.
func findStep(name string) *step {
	for _, s := range steps {
		if s.name == name {
			return s
		}
	}
	return nil
}

// first is the wizard's first question.
func first() *step { return steps[0] }

// summaryStep is the last step, the summary.
func summaryStep() *step { return steps[len(steps)-1] }

// stepOf returns the draft's current step; a step of an older version
// that no longer exists is the summary.
func stepOf(d *ipdesk.Draft) *step {
	if s := findStep(d.Step); s != nil {
		return s
	}
	return summaryStep()
}

// stepIndex is the place of step name in the table; a name it does not
// know is the summary's.
func stepIndex(name string) int {
	for i, s := range steps {
		if s.name == name {
			return i
		}
	}
	return len(steps) - 1
}

// settle clears the answers of steps that no longer apply after a change
// (a consumer's order number once the kind is a rights claim, an agent's
// owner once the filer owns the right), so that a complaint never keeps
// an answer to a question it was not asked.
func settle(d *ipdesk.Draft) {
	for _, s := range steps {
		if s.clear != nil && !s.asked(&d.Answers) {
			s.clear(d)
		}
	}
}

// incomplete returns the first step that applies and lacks its answer.
func incomplete(d *ipdesk.Draft) *step {
	for _, s := range steps {
		if !s.summary && s.asked(&d.Answers) && !s.answered(&d.Answers) {
			return s
		}
	}
	return nil
}
