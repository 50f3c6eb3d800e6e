package ipdesk

import (
	"errors"
	"fmt"
	"time"
)

// Error codes. They say what kind of failure happened, so that the one place
// that talks to the user can choose what to show, and callers can branch on
// the kind without matching message text.
const (
	EINVALID      = "invalid"      // the input is wrong; the message says how to fix it
	ENOTFOUND     = "not_found"    // the thing asked for does not exist
	EUNAUTHORIZED = "unauthorized" // the user may not do this
	ECONFLICT     = "conflict"     // the state changed under the user (someone else decided first)
	EINTERNAL     = "internal"     // a bug or an outage; details go to the log only
)

// Error is an application error with a code and a message that is safe to
// show to the user. Internal details belong in wrapped errors, not here.
//
// Message is English. An error the user may see in another language also
// names its text in the message catalog: ID, with Args its placeholders as
// name, value pairs (see Msg). The one place that shows errors prints ID in
// the user's language and falls back to Message.
type Error struct {
	Code    string
	Message string
	ID      string
	Args    []any
}

// Msg is a text named by its message id in the catalog, with its
// placeholders as name, value pairs, for a reader's language to fill in.
// As a placeholder of another message (an error's Args) it is printed in
// the same language. English says what the text is in English, for logs
// and wherever no catalog is at hand.
type Msg struct {
	ID      string
	Args    []any
	English string
}

// String returns the English text.
func (m Msg) String() string { return m.English }

// Day is a calendar day as a placeholder of a Msg or an Error, printed as
// a date in the reader's language.
type Day time.Time

// Error implements the error interface.
func (e *Error) Error() string {
	return fmt.Sprintf("ipdesk error: code=%s message=%s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code string, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Errorm returns an *Error with the given code whose text is message id in
// the catalog, filled with kv (name, value pairs); english is the same text
// in English, for Message. A value may be a Msg, a time.Time, a Day, a
// Money, a Status or a *Decision, which the catalog prints in the reader's
// language.
func Errorm(code, id, english string, kv ...any) *Error {
	return &Error{Code: code, Message: english, ID: id, Args: kv}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for
// any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of the first *Error in err's
// chain, or a generic message for any other error, so internal details never
// reach a user.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error."
}
