package ipdesk

import "context"

type eventKey struct{}

// WithEvent returns ctx carrying the delivery id of the inbound event being
// handled. A store that keeps an inbox of events marks that event applied in
// the same transaction as the first change it makes for it, and a draft
// saved for it remembers it (Draft.LastEvent), so that an event handled
// again after a crash can tell whether its change was kept: it is then
// answered from the state it left instead of being applied twice.
func WithEvent(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, eventKey{}, id)
}

// EventID returns the delivery id WithEvent put in ctx, or "".
func EventID(ctx context.Context) string {
	id, _ := ctx.Value(eventKey{}).(string)
	return id
}

// InboxEvent is an inbound event kept in the inbox: received, perhaps not
// handled yet.
type InboxEvent struct {
	ID       string
	Body     []byte // the event as the bot encodes it (JSON)
	Attempts int    // how often it was taken for handling, the first included
	// Applied is set when a change made for the event was kept: handling
	// it again must not repeat that change.
	Applied bool
}
