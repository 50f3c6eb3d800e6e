package ipdesk

import "time"

// Ways a complainant's message can be waiting to become the answer to a
// staff question (see PendingAnswer).
const (
	// AnswerMode: the complainant pressed Answer, so their next message
	// is the answer.
	AnswerMode = "answer"
	// AnswerConfirm: the complainant wrote without pressing Answer; the
	// message is held until they confirm it is their answer.
	AnswerConfirm = "confirm"
)

// PendingAnswer is a complainant's answer to a staff question on its way to
// the complaint. It is stored, so that pressing Answer and then writing, or
// writing and then confirming, survives a restart in between. A user has at
// most one per platform.
type PendingAnswer struct {
	Platform string
	UserID   string
	Ref      string // the complaint the answer is for
	Mode     string // AnswerMode or AnswerConfirm
	// Text and Evidence are the held message, for AnswerConfirm. Files
	// are fetched and fingerprinted when they arrive, since the platform's
	// link to them may not outlive the message.
	Text      string
	Evidence  []Evidence
	CreatedAt time.Time
}
