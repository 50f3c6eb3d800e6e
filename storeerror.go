package ipdesk

import "fmt"

// The errors a store returns that a user may see, shared by every store so
// that SQLite and PostgreSQL say the same, in every language (see Msg).

// ErrBadRef is returned for text that is no complaint reference.
func ErrBadRef() *Error {
	return Errorm(EINVALID, "store.bad_ref", "That is not a complaint reference; references look like IPD-7K3Q9.")
}

// ErrNoComplaint is returned for a reference no complaint has.
func ErrNoComplaint(ref string) *Error {
	return Errorm(ENOTFOUND, "store.no_complaint", "There is no complaint "+ref+".", "Ref", ref)
}

// ErrDraftGone is returned for filing a draft that is no longer open.
func ErrDraftGone() *Error {
	return Errorm(ENOTFOUND, "store.draft_gone", "That complaint draft is no longer open.")
}

// ErrRaced is returned when another change to a complaint won.
func ErrRaced(ref string) *Error {
	return Errorm(ECONFLICT, "store.raced", ref+" changed at the same moment; look at the updated card and try again.", "Ref", ref)
}

// ErrNoDraft is returned for a user with no draft.
func ErrNoDraft() *Error {
	return Errorm(ENOTFOUND, "store.no_draft", "You have no complaint in progress.")
}

// ErrNoPendingAnswer is returned for a user with no answer held.
func ErrNoPendingAnswer() *Error {
	return Errorm(ENOTFOUND, "store.no_pending_answer", "You have no answer waiting to be sent.")
}

// ErrQuestionIncomplete is returned for a question without its text,
// platform or user.
func ErrQuestionIncomplete() *Error {
	return Errorm(EINVALID, "store.question_incomplete", "A question needs text, a platform and a user.")
}

// ErrQuestionGone is returned for a question no longer on record.
func ErrQuestionGone() *Error {
	return Errorm(ENOTFOUND, "store.question_gone", "That question is no longer on record; please ask it again.")
}

// ErrNothingForwarded is returned when no question was forwarded to staff.
func ErrNothingForwarded() *Error {
	return Errorm(ENOTFOUND, "store.nothing_forwarded", "No question was forwarded to staff.")
}

// ErrStaffAnswerIncomplete is returned for a staff answer without its
// text or author.
func ErrStaffAnswerIncomplete() *Error {
	return Errorm(EINVALID, "store.staff_answer_incomplete", "A staff answer needs text and who wrote it.")
}

// ErrAnswerGone is returned for a staff answer whose question was deleted.
func ErrAnswerGone() *Error {
	return Errorm(ENOTFOUND, "store.answer_gone", "That answer is no longer on record (the question was deleted).")
}

// ErrVoteGone is returned for a reason given for a vote no longer on
// record.
func ErrVoteGone() *Error {
	return Errorm(ENOTFOUND, "store.vote_gone", "Your vote is no longer on record; press **Not helpful** again.")
}

// ErrBadPerson is returned for a person not named as platform:userid.
func ErrBadPerson() *Error {
	return Errorm(EINVALID, "store.bad_person", "Name the person as platform:userid, for example slack:U0123ABCD.")
}

// ErrBadRating is returned for a score outside 1 to 5.
func ErrBadRating() *Error {
	return Errorm(EINVALID, "store.bad_rating", "A rating is a number from 1 to 5.")
}

// ErrNotRatable is returned for rating a complaint not asked about.
func ErrNotRatable(ref string) *Error {
	return Errorm(ENOTFOUND, "store.not_ratable", ref+" was not up for rating.", "Ref", ref)
}

// ErrRatedAlready is returned for a second rating.
func ErrRatedAlready(ref string, score int) *Error {
	return Errorm(ECONFLICT, "store.rated_already", fmt.Sprintf("You rated %s %d of 5 already; thank you.", ref, score), "Ref", ref, "Score", score)
}

// ErrRateFirst is returned for a comment before a rating.
func ErrRateFirst(ref string) *Error {
	return Errorm(ENOTFOUND, "store.rate_first", "Rate "+ref+" first, with the buttons under the question.", "Ref", ref)
}

// ErrCommentedAlready is returned for a second comment.
func ErrCommentedAlready(ref string) *Error {
	return Errorm(ECONFLICT, "store.commented_already", "You commented on "+ref+" already; thank you.", "Ref", ref)
}

// ErrNoRating is returned for a complaint without a rating.
func ErrNoRating(ref string) *Error {
	return Errorm(ENOTFOUND, "store.no_rating", ref+" has no rating.", "Ref", ref)
}
