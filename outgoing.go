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

// SendLease is how long a claim on a message that the background work
// sends (an SLA reminder, a repeat-seller alert, the warning before a draft
// expires) holds without being confirmed as sent. Stores record each such
// message as claimed before it is sent and as sent after: a claim still
// unconfirmed after SendLease belongs to a process that died in between,
// and the message may be claimed and sent again, so it goes out late rather
// than never. Only the leader sends these, one at a time, so a second claim
// while the first sender still lives needs a send slower than the lease.
const SendLease = 2 * time.Minute
