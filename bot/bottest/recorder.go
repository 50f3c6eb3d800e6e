// Package bottest helps test ipdesk handlers and adapters: a Recorder that
// stands in for the platform in handler tests (as httptest.ResponseRecorder
// does for HTTP handlers), and a contract suite that every adapter runs
// against its fake platform.
package bottest

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/ipdesk/ipdesk/bot"
)

// Sent is a message a handler posted through the Sender.
type Sent struct {
	To    bot.Address
	Reply bot.Reply
	Ref   bot.MessageRef
	// Files are the files of an upload (see Upload), whose text is
	// Reply.Text.
	Files []bot.Attachment
}

// Edited is an edit a handler made through the Sender.
type Edited struct {
	Ref   bot.MessageRef
	Reply bot.Reply
}

// Recorder records what handlers reply, send and edit. It is a
// bot.ResponseWriter and a bot.Sender, safe for concurrent use.
type Recorder struct {
	// Platforms, when set, describes platforms to handlers that post
	// through the Recorder (bot.Describe), as the Bot describes the
	// platforms it runs; nil gives each the neutral defaults.
	Platforms bot.Directory

	mu      sync.Mutex
	seq     int
	replies []bot.Reply
	sent    []Sent
	edits   []Edited
}

var (
	_ bot.ResponseWriter = (*Recorder)(nil)
	_ bot.Sender         = (*Recorder)(nil)
)

// NewRecorder returns an empty Recorder.
func NewRecorder() *Recorder { return &Recorder{} }

// Reply records a reply to the event being handled.
func (r *Recorder) Reply(ctx context.Context, rep bot.Reply) (bot.MessageRef, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.seq++
	r.replies = append(r.replies, rep)
	return bot.MessageRef{Where: bot.Address{Platform: "test", Channel: "reply"}, ID: fmt.Sprint(r.seq)}, nil
}

// Send records a message sent to an address.
func (r *Recorder) Send(ctx context.Context, to bot.Address, rep bot.Reply) (bot.MessageRef, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.seq++
	ref := bot.MessageRef{Where: to, ID: fmt.Sprint(r.seq)}
	r.sent = append(r.sent, Sent{To: to, Reply: rep, Ref: ref})
	return ref, nil
}

// Upload records files posted to an address, as a sent message with
// Files; it makes the Recorder a bot.Uploader.
func (r *Recorder) Upload(ctx context.Context, to bot.Address, text string, files []bot.Attachment) (bot.MessageRef, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.seq++
	ref := bot.MessageRef{Where: to, ID: fmt.Sprint(r.seq)}
	r.sent = append(r.sent, Sent{To: to, Reply: bot.Reply{Text: text}, Ref: ref, Files: files})
	return ref, nil
}

var _ bot.Uploader = (*Recorder)(nil)

// Posted returns the messages sent to where, newest first, at most limit,
// as a platform reads back what the bot posted; it makes the Recorder a
// bot.Finder. The Recorder keeps no clock, so since is not applied.
func (r *Recorder) Posted(ctx context.Context, where bot.Address, since time.Time, limit int) ([]bot.Posted, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []bot.Posted
	for i := len(r.sent) - 1; i >= 0 && len(out) < limit; i-- {
		if s := r.sent[i]; s.To == where {
			var buttons []bot.Button
			for _, b := range s.Reply.Buttons {
				buttons = append(buttons, bot.Button{ID: b.ID, Value: b.Value})
			}
			out = append(out, bot.Posted{Ref: s.Ref, Text: s.Reply.Text, Buttons: buttons})
		}
	}
	return out, nil
}

var _ bot.Finder = (*Recorder)(nil)

// Platform describes platform id from Platforms, which makes the Recorder a
// bot.Directory as the Bot is.
func (r *Recorder) Platform(id string) bot.Platform {
	if r.Platforms == nil {
		return bot.Describe(nil, id)
	}
	return r.Platforms.Platform(id)
}

var _ bot.Directory = (*Recorder)(nil)

// Edit records an edit.
func (r *Recorder) Edit(ctx context.Context, ref bot.MessageRef, rep bot.Reply) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.edits = append(r.edits, Edited{Ref: ref, Reply: rep})
	return nil
}

// Replies returns the replies so far.
func (r *Recorder) Replies() []bot.Reply {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]bot.Reply(nil), r.replies...)
}

// Sent returns the messages sent so far.
func (r *Recorder) Sent() []Sent {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Sent(nil), r.sent...)
}

// SentTo returns the messages sent to one address.
func (r *Recorder) SentTo(to bot.Address) []bot.Reply {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []bot.Reply
	for _, s := range r.sent {
		if s.To == to {
			out = append(out, s.Reply)
		}
	}
	return out
}

// Edits returns the edits so far.
func (r *Recorder) Edits() []Edited {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Edited(nil), r.edits...)
}

// LastReply returns the latest reply, or a zero Reply if there is none.
func (r *Recorder) LastReply() bot.Reply {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.replies) == 0 {
		return bot.Reply{}
	}
	return r.replies[len(r.replies)-1]
}

// Forget drops the sent messages for which drop reports true, as if they
// had been deleted from the platform (or had never reached it).
func (r *Recorder) Forget(drop func(to bot.Address, rep bot.Reply) bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	kept := r.sent[:0]
	for _, s := range r.sent {
		if !drop(s.To, s.Reply) {
			kept = append(kept, s)
		}
	}
	r.sent = kept
}

// Reset forgets everything recorded.
func (r *Recorder) Reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.replies, r.sent, r.edits = nil, nil, nil
}

// Text joins a reply's text, field labels and values, and button labels: what
// a user reads, for assertions that should not depend on layout.
func Text(rep bot.Reply) string {
	parts := []string{rep.Text}
	for _, f := range rep.Fields {
		parts = append(parts, f.Label+": "+f.Value)
	}
	for _, b := range rep.Buttons {
		parts = append(parts, "["+b.Label+"]")
	}
	if rep.Form != nil {
		parts = append(parts, "(form "+rep.Form.Title+")")
	}
	return strings.Join(parts, "\n")
}

// Button returns the button with the given label, and whether there is one.
func Button(rep bot.Reply, label string) (bot.Button, bool) {
	for _, b := range rep.Buttons {
		if b.Label == label {
			return b, true
		}
	}
	return bot.Button{}, false
}
