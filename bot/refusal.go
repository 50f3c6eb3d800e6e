package bot

import (
	"errors"

	"github.com/ipdesk/ipdesk"
)

// Reasons a refusal can be marked with, for instrumentation.
const (
	// RefusedRateLimit: the user sent events faster than they can be
	// handled.
	RefusedRateLimit = "rate_limit"
	// RefusedNotStaff: a staff command or action by someone who is not
	// staff.
	RefusedNotStaff = "not_staff"
)

// refusal is an *ipdesk.Error marked with why it was refused. ShowErrors
// shows it like any refusal; the mark lets instrumentation count refusals
// by reason without matching message text.
type refusal struct {
	reason string
	err    *ipdesk.Error
}

func (r *refusal) Error() string { return r.err.Error() }
func (r *refusal) Unwrap() error { return r.err }

// Refused marks err, shown to the user as it is, with a reason such as
// RefusedRateLimit.
func Refused(reason string, err *ipdesk.Error) error { return &refusal{reason: reason, err: err} }

// RefusalReason returns the reason err was marked with by Refused, or "".
func RefusalReason(err error) string {
	var r *refusal
	if errors.As(err, &r) {
		return r.reason
	}
	return ""
}
