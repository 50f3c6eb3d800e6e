package bot

import "context"

// ResponseWriter answers an event where it happened: the same channel and
// thread, or the interaction's own response.
type ResponseWriter interface {
	Reply(ctx context.Context, r Reply) (MessageRef, error)
}

// Handler responds to one Event. A returned error is shown to the user by the
// Bot, never by the handler: an *ipdesk.Error with its message, anything else
// as "something went wrong" with a reference for the log.
type Handler interface {
	ServeEvent(ctx context.Context, w ResponseWriter, e *Event) error
}

// HandlerFunc adapts a function to a Handler.
type HandlerFunc func(ctx context.Context, w ResponseWriter, e *Event) error

// ServeEvent calls f.
func (f HandlerFunc) ServeEvent(ctx context.Context, w ResponseWriter, e *Event) error {
	return f(ctx, w, e)
}

// Middleware wraps a Handler, the way HTTP middleware wraps an http.Handler.
type Middleware func(Handler) Handler

// Chain applies middleware so that the first one listed runs first.
func Chain(h Handler, mw ...Middleware) Handler {
	for i := len(mw) - 1; i >= 0; i-- {
		h = mw[i](h)
	}
	return h
}

// Sender posts and edits messages anywhere, whichever adapter owns the
// platform. The Bot is a Sender; handlers take one to post outside the
// conversation they answer (a card in the review channel, a DM to a
// complainant on another platform).
type Sender interface {
	Send(ctx context.Context, to Address, r Reply) (MessageRef, error)
	Edit(ctx context.Context, ref MessageRef, r Reply) error
}

// Adapter connects one platform. Run blocks until ctx is done or the platform
// ends, delivering each event to h (possibly concurrently). Run returns nil
// only when the platform ended normally (the console at end of input); an
// error wrapped with Permanent stops the whole bot; any other error is
// retried with backoff.
type Adapter interface {
	Platform() string
	Run(ctx context.Context, h Handler) error
	Sender
}

// OptionError is a bad option given to an adapter's constructor, named as
// the adapter's Config names it ("BotToken"), so that code which filled
// the option from a setting can name the setting. A constructor returns
// every bad option at once, joined (errors.Join).
type OptionError struct {
	Option string
	Err    error
}

func (e *OptionError) Error() string { return e.Option + ": " + e.Err.Error() }
func (e *OptionError) Unwrap() error { return e.Err }

// permanentError marks an error that retrying cannot fix.
type permanentError struct{ err error }

func (e permanentError) Error() string { return e.err.Error() }
func (e permanentError) Unwrap() error { return e.err }

// Permanent marks err as one that retrying cannot fix, such as a rejected
// token: the Bot stops and reports it instead of reconnecting.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return permanentError{err}
}

// IsPermanent reports whether err was marked with Permanent.
func IsPermanent(err error) bool {
	for err != nil {
		if _, ok := err.(permanentError); ok {
			return true
		}
		u, ok := err.(interface{ Unwrap() error })
		if !ok {
			return false
		}
		err = u.Unwrap()
	}
	return false
}

// Attachment is a file to post, such as a copy of a complainant's evidence
// shown to staff.
type Attachment struct {
	Name string
	Type string // MIME type
	Data []byte
	// Title is a short caption and Alt describes an image for people who
	// cannot see it; both optional plain text, used where the platform
	// has a place for them.
	Title, Alt string
}

// Uploader is implemented by adapters that can post files. Text, which
// may be empty, is CommonMark shown with the files.
type Uploader interface {
	Upload(ctx context.Context, to Address, text string, files []Attachment) (MessageRef, error)
}
