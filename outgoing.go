package ipdesk

import "time"

// Outgoing is a message a user must get (a complaint's receipt, a staff
// decision) that could not be delivered when it was sent. It waits in the
// store until a background round delivers it; each failed attempt puts the
// next one further off.
type Outgoing struct {
	ID int64
	// To is where it goes, an address as "platform:channel[:thread]".
	To string
	// About names what the message concerns, a complaint's reference. It
	// is what the log shows; the text is never logged, since it can quote
	// what a user typed.
	About string
	// Body is the message as the bot encodes it (JSON).
	Body      []byte
	Attempts  int // failed attempts so far, the first included
	CreatedAt time.Time
	NextAt    time.Time // not retried before then
}
